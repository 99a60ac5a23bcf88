"""Managing the store with the real extractor over a real server: the PDF and the DOCX of one
document make one record with two files, a Quảng Ninh citation of '09-NQ/TU' never links to
Hà Tĩnh's 09-NQ/TU, and a file dropped into a watched folder (`vanban watch`, a separate
process) is ingested while a failure is set aside with its reason."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.settings import Settings
from tests.live_server import serve

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpus" / "samples"


def resolution_09(province: str, place: str) -> str:
    return f"""TỈNH ỦY {province.upper()}                                ĐẢNG CỘNG SẢN VIỆT NAM
        *                              {place}, ngày 05 tháng 02 năm 2021
Số 09-NQ/TU

NGHỊ QUYẾT
của Ban Chấp hành Đảng bộ tỉnh về chuyển đổi số toàn diện tỉnh {province} đến năm 2025
-----

Ban Chấp hành Đảng bộ tỉnh {province} quyết nghị: phấn đấu đến năm 2025 có 100% xã, phường sử dụng văn bản
điện tử có ký số; kinh tế số chiếm 20% GRDP của tỉnh.

                                                   T/M TỈNH ỦY
                                                     BÍ THƯ
"""


@pytest.fixture
def server(tmp_path):
    with serve(Settings(db=tmp_path / "real.db", ocr=False)) as url, httpx.Client(base_url=url, timeout=120) as http:
        yield http


def _upload(http, name: str, data: bytes) -> dict:
    response = http.post("/api/documents", files=[("file", (name, data))])
    assert response.status_code in (200, 201), response.text
    return response.json()["documents"][0]


def test_the_pdf_and_the_docx_of_one_document_make_one_record(server):
    pytest.importorskip("reportlab")
    from tests.formats import render

    if not (render.FONT_DIR / "DejaVuSerif.ttf").is_file():
        pytest.skip("no DejaVu font")
    text = (SAMPLES / "002_nq_thanhhoa_2023.txt").read_text(encoding="utf-8")
    pdf = _upload(server, "nq.pdf", render.text_pdf(text))
    docx_bytes = render.docx(text)
    docx = _upload(server, "nq.docx", docx_bytes)
    assert docx["id"] == pdf["id"] and docx["same_document"] is True and docx["duplicate"] is True
    assert pdf["same_document"] is False
    assert server.get("/api/documents").json()["total"] == 1
    record = server.get(f"/api/documents/{pdf['id']}").json()
    assert sorted(f["filename"] for f in record["files"]) == ["nq.docx", "nq.pdf"]
    targets = server.get("/api/targets", params={"format": "json"}).json()
    assert len(targets) == len(record["targets"]) > 0  # counted once
    again = _upload(server, "nq-copy.docx", docx_bytes)  # the same bytes: already stored
    assert again["id"] == pdf["id"] and again["same_document"] is False
    kept = server.get(f"/api/documents/{pdf['id']}/file", params={"sha256": record["files"][1]["sha256"]})
    assert kept.status_code == 200 and kept.content[:2] in (b"PK", b"%P")


def test_a_quang_ninh_citation_does_not_link_to_ha_tinh(server):
    ha_tinh = _upload(server, "nq09_hatinh.txt", resolution_09("Hà Tĩnh", "Hà Tĩnh").encode())
    citing = _upload(server, "013.txt", (SAMPLES / "013_ct_quangninh_2022.txt").read_bytes())
    numbers = [r["number"] for r in citing["references"]]
    assert "09-NQ/TU" in numbers
    at = numbers.index("09-NQ/TU")
    assert citing["links"]["references"][at] is None
    assert server.get(f"/api/documents/{ha_tinh['id']}").json()["links"]["cited_by"] == []
    quang_ninh = _upload(server, "nq09_quangninh.txt", resolution_09("Quảng Ninh", "Hạ Long").encode())
    assert quang_ninh["id"] != ha_tinh["id"]  # same symbol and date, another province: another document
    assert server.get(f"/api/documents/{citing['id']}").json()["links"]["references"][at] == quang_ninh["id"]


def test_a_file_dropped_in_a_watched_folder_is_ingested(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "watched.db"
    with serve(Settings(db=db, ocr=False)) as url, httpx.Client(base_url=url, timeout=30) as http:
        watcher = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "--db", str(db), "watch", str(inbox)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            assert "watching" in watcher.stderr.readline()
            (inbox / "013.txt").write_bytes((SAMPLES / "013_ct_quangninh_2022.txt").read_bytes())
            (inbox / "junk.bin").write_bytes(b"\x00\x01\x02\x03" * 300)
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                total = http.get("/api/documents").json()["total"]
                if total and (inbox / "failed" / "junk.bin.reason.txt").exists():
                    break
                time.sleep(0.5)
            hits = http.get("/api/documents", params={"q": "chuyển đổi số"}).json()["hits"]
            assert [h["number"] for h in hits] == ["15-CT/TU"]
            assert (inbox / "013.txt").exists() and not (inbox / "junk.bin").exists()
            reason = (inbox / "failed" / "junk.bin.reason.txt").read_text(encoding="utf-8")
            assert reason.split(":")[0] in {"unsupported_file", "unreadable_file"}
        finally:
            watcher.terminate()
            watcher.wait(timeout=10)
        runs = http.get("/api/runs").json()
        assert sorted((r["source"], r["new"], r["failed"]) for r in runs) == [("watch", 0, 1), ("watch", 1, 0)]
        failure = next(r for r in runs if r["failed"])["failures"][0]
        assert failure["path"].endswith("junk.bin") and failure["code"] == reason.split(":")[0]
