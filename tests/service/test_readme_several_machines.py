"""README "Running on several machines", run as written against a real PostgreSQL and Redis on
loopback: the commands it shows exist, and a real `vanban worker` (the real extractor) takes the
files a `vanban ingest` sends."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.store import Store

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpus" / "samples"


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Running on several machines")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def vanban(*args: str, env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
        **kwargs,
    )


def test_the_section_names_every_setting_and_command():
    text = section()
    for variable in ("VANBAN_DB", "VANBAN_BROKER", "VANBAN_FILES", "VANBAN_BROKER_VISIBILITY_TIMEOUT"):
        assert f"`{variable}`" in text
    commands = re.findall(r"^vanban (?:--db \S+ )?([a-z-]+)", text, flags=re.M)
    assert set(commands) >= {"serve", "worker", "ingest", "migrate-store"}
    env = os.environ | {"VANBAN_DB": ":memory:"}
    for command in set(commands):
        assert vanban(command, "--help", env=env).returncode == 0, command


def test_a_worker_takes_what_ingest_sends(empty_postgres, redis_url, tmp_path):
    env = os.environ | {
        "VANBAN_DB": empty_postgres, "VANBAN_BROKER": redis_url, "VANBAN_FILES": str(tmp_path / "files"),
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "worker", "--concurrency", "1"], env=env, cwd=ROOT, stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        files = [SAMPLES / "001_kh_nghean_2024.txt", SAMPLES / "008_tin_haiphong_2022.txt"]
        result = vanban("ingest", *map(str, files), env=env)
        assert result.returncode == 0, result.stderr + (tmp_path / "worker.log").read_text()
        assert "ingested 2 new, 0 already stored, 0 failed" in result.stdout
        again = vanban("ingest", *map(str, files), env=env)
        assert "ingested 0 new, 2 already stored" in again.stdout
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
    with Store(empty_postgres) as store:
        assert store.count() == 2
        assert store.search("ke hoach", per_page=5)["total"] >= 1
