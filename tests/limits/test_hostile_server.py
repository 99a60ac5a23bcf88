"""The hostile files of tests/hostile_files.py against a real server process: each is answered
within its limits (201 or a 4xx, well under a minute), the server's memory stays bounded, and
/healthz keeps answering fast while the file is read."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.hostile_files import HOSTILE, real_text

pytestmark = pytest.mark.slow

TIMEOUT_S = 20  # the sandbox's time limit in this test (the default is 50 s)
RSS_LIMIT = 1.5 * 1024**3


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with _server(tmp_path_factory, TIMEOUT_S) as running:
        yield running


@contextmanager
def _server(tmp_path_factory, timeout_s: float):
    port = _free_port()
    env = {**os.environ, "VANBAN_DB": str(tmp_path_factory.mktemp("hostile") / "h.db"),
           "VANBAN_EXTRACT_TIMEOUT_S": str(timeout_s), "OMP_NUM_THREADS": "1"}
    env.pop("VANBAN_API_TOKEN", None)
    process = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], env=env,
                               cwd=Path(__file__).resolve().parents[2], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the server did not start: " + process.stderr.read(4000).decode(errors="replace"))
    try:
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


class Watch:
    """Polls /healthz and the memory of the server and its children while a request runs."""

    def __init__(self, url: str, pid: int):
        self.url, self.pid = url, pid
        self.worst_health = 0.0
        self.server_rss = 0
        self.child_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        with httpx.Client(base_url=self.url, timeout=10) as http:
            while not self._stop.is_set():
                t0 = time.monotonic()
                try:
                    http.get("/healthz")
                except httpx.HTTPError:
                    pass
                self.worst_health = max(self.worst_health, time.monotonic() - t0)
                self.server_rss = max(self.server_rss, _rss(self.pid))
                self.child_rss = max([self.child_rss, *(_rss(p) for p in _descendants(self.pid))])
                time.sleep(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(15)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_answered_within_limits(server, name):
    url, pid = server
    make, expected = HOSTILE[name]
    data = make()
    assert len(data) < 1024 * 1024
    with Watch(url, pid) as watch, httpx.Client(base_url=url, timeout=120) as http:
        t0 = time.monotonic()
        answer = http.post("/api/documents", files=[("file", (name, data))])
        spent = time.monotonic() - t0
    print(f"{name}: {answer.status_code} {answer.json().get('error', {}).get('code', '')} in {spent:.1f} s; "
          f"healthz worst {watch.worst_health:.2f} s; server RSS {watch.server_rss / 1e6:.0f} MB, "
          f"largest child {watch.child_rss / 1e6:.0f} MB")
    assert answer.status_code in expected, answer.text[:500]
    assert spent < 60
    assert watch.worst_health < 1.0
    assert watch.server_rss < RSS_LIMIT and watch.child_rss < RSS_LIMIT
    if answer.status_code >= 400:
        message = answer.json()["error"]["message"]
        assert name in message and "Traceback" not in message and "Error:" not in message


def test_a_text_of_1_4_million_characters_is_stored(tmp_path_factory):
    text = real_text(1_460_000)  # reading drops repeated lines and spaces: over 1.4 million characters remain
    with _server(tmp_path_factory, 55) as (url, pid):  # the default time limit is 50 s
        with Watch(url, pid) as watch, httpx.Client(base_url=url, timeout=120) as http:
            t0 = time.monotonic()
            answer = http.post("/api/documents", files=[("file", ("long.txt", text.encode()))])
            spent = time.monotonic() - t0
            assert answer.status_code == 201, answer.text[:500]
            stored = http.get(f"/api/documents/{answer.json()['documents'][0]['id']}").json()
    print(f"long.txt: {answer.status_code} in {spent:.1f} s; healthz worst {watch.worst_health:.2f} s; "
          f"server RSS {watch.server_rss / 1e6:.0f} MB, largest child {watch.child_rss / 1e6:.0f} MB")
    assert len(stored["text"]) >= 1_400_000  # over spaCy's default max_length of 1,000,000
    assert stored["targets"] and stored["units"]
    assert watch.worst_health < 1.0 and watch.server_rss < RSS_LIMIT and watch.child_rss < RSS_LIMIT
