"""Checks before and while a request body is read, and the security headers, over a real server."""

from __future__ import annotations

import select
import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest

from api.settings import Settings
from tests.live_server import serve

LIMIT = 20_000  # max_upload_bytes × max_files_per_upload + 1 MB of form overhead is the body limit
BODY_LIMIT = LIMIT * 2 + 1024 * 1024
AUTH = {"Authorization": "Bearer tok"}


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    db = tmp_path_factory.mktemp("guard") / "guard.db"
    settings = Settings(db=db, api_token="tok", max_upload_bytes=LIMIT, max_files_per_upload=2, sandbox=False,
                        body_timeout_s=1, body_deadline_s=4)
    with serve(settings) as base:
        yield base


def _chunks(total: int, size: int = 64 * 1024):
    """A multipart body with one file part that goes on for `total` bytes, sent chunked."""
    yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n'
    sent = 0
    while sent < total:
        yield b"x" * min(size, total - sent)
        sent += size


def test_no_token_is_refused_before_the_body_is_read(url):
    t0 = time.monotonic()
    with httpx.Client(base_url=url, timeout=30) as http:
        # an endless chunked body: only an answer given before reading it ends this request
        answer = http.post("/api/documents", content=_chunks(10 * BODY_LIMIT),
                           headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthorized"
    assert time.monotonic() - t0 < 10


def test_a_chunked_body_is_stopped_at_the_limit(url):
    with httpx.Client(base_url=url, timeout=30) as http:
        answer = http.post("/api/documents", content=_chunks(3 * BODY_LIMIT),
                           headers={**AUTH, "Content-Type": "multipart/form-data; boundary=x"})
    assert answer.status_code == 413 and answer.json()["error"]["code"] == "too_large"


def test_a_declared_length_over_the_limit_is_refused(url):
    with httpx.Client(base_url=url, timeout=30) as http:
        answer = http.post("/api/documents", content=b"x" * (BODY_LIMIT + 10), headers=AUTH)
    assert answer.status_code == 413


def _raw_request(url: str, head: bytes, body_parts: list[bytes], pause: float) -> tuple[bytes, float]:
    host = urlsplit(url)
    t0 = time.monotonic()
    with socket.create_connection((host.hostname, host.port), timeout=20) as sock:
        sock.sendall(head)
        for part in body_parts:
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered: stop sending
            try:
                sock.sendall(part)
            except OSError:
                break
            time.sleep(pause)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    return data, time.monotonic() - t0


def test_a_body_that_stops_arriving_is_answered_408(url):
    head = (b"POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 5000\r\n\r\n")
    data, spent = _raw_request(url, head, [b"--x\r\n"], pause=0)
    assert data.startswith(b"HTTP/1.1 408"), data[:200]
    assert spent < 5


def test_a_body_that_trickles_is_stopped_at_the_deadline(url):
    head = (b"POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 5000\r\n\r\n")
    parts = [b"--x\r\n"] + [bytes([c]) for c in b'Content-Disposition: form-data; name="file"']
    data, spent = _raw_request(url, head, parts, pause=0.5)  # a byte every half second: never idle 1 s
    assert data.startswith(b"HTTP/1.1 408"), data[:200]
    assert spent < 8


def test_a_cross_site_post_is_refused(url):
    with httpx.Client(base_url=url, timeout=10) as http:
        files = [("file", ("a.txt", "Nghị quyết số 1-NQ/TU".encode()))]
        other = http.post("/api/documents", files=files, headers={**AUTH, "Origin": "http://evil.example"})
        assert other.status_code == 403 and other.json()["error"]["code"] == "forbidden"
        fetch = http.post("/api/documents", files=files, headers={**AUTH, "Sec-Fetch-Site": "cross-site"})
        assert fetch.status_code == 403
        host = urlsplit(url).netloc
        same = http.post("/api/documents", files=files, headers={**AUTH, "Origin": f"http://{host}",
                                                                  "Sec-Fetch-Site": "same-origin"})
        assert same.status_code in (200, 201, 422), same.text


@pytest.mark.parametrize("path", ["/", "/search", "/upload", "/healthz", "/api/documents", "/nope"])
def test_every_answer_has_the_security_headers(url, path):
    with httpx.Client(base_url=url, timeout=10) as http:
        answer = http.get(path, headers=AUTH)
    csp = answer.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert answer.headers.get("x-frame-options") == "DENY"
    assert answer.headers.get("x-content-type-options") == "nosniff"


def test_the_server_still_answers_after_the_refusals(url):
    with httpx.Client(base_url=url, timeout=10) as http:
        assert http.get("/healthz").status_code == 200
