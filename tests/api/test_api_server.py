"""The API served by a real uvicorn on a loopback port and a real SQLite file."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.settings import Settings


@pytest.fixture
def server_url(tmp_path, fake_extractor):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(Settings(db=tmp_path / "served.db", api_token="tok"))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:  # poll for readiness only
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    assert not thread.is_alive(), "uvicorn did not shut down"


def test_upload_search_export_over_http(server_url, tmp_path, doc_a, doc_b):
    auth = {"Authorization": "Bearer tok"}
    with httpx.Client(base_url=server_url, timeout=10) as http:
        assert http.get("/healthz").json()["status"] == "ok"
        files = [("file", ("a.txt", doc_a.encode())), ("file", ("b.txt", doc_b.encode()))]
        assert http.post("/api/documents", files=files).status_code == 401
        created = http.post("/api/documents", files=files, headers=auth)
        assert created.status_code == 201, created.text
        ids = [d["id"] for d in created.json()["documents"]]

        hits = http.get("/api/documents", params={"q": "phat trien dang vien"}).json()["hits"]
        assert [h["id"] for h in hits] == [ids[0]]

        export = http.get("/api/targets", params={"format": "csv", "unit": "Huyện ủy Tiên Lãng"})
        assert export.status_code == 200
        assert export.content.startswith(b"\xef\xbb\xbf")
        assert "Phấn đấu kết nạp 500 đảng viên" in export.content.decode("utf-8-sig")

        again = http.post("/api/documents", files=files[:1], headers=auth)
        assert again.status_code == 200 and again.json()["documents"][0]["id"] == ids[0]
        assert http.get("/nowhere").json()["error"]["code"] == "not_found"
    assert (tmp_path / "served.db").exists()
