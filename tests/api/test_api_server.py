"""The API served by a real uvicorn on a loopback port and a real SQLite file: the contract's
list end to end (uploads, duplicates, limits, token, bad queries, exports, units, search forms,
references between stored documents)."""

from __future__ import annotations

import io
import json
import re
import zipfile

import httpx
import pytest

import extract
from api.settings import Settings
from tests.live_server import serve

MAX_UPLOAD = 20_000
AUTH = {"Authorization": "Bearer tok"}
_CITATION = re.compile(r"Nghị quyết số (\d+-NQ/TU)")


@pytest.fixture
def server_url(tmp_path, fake_extractor):
    with serve(Settings(db=tmp_path / "served.db", api_token="tok", max_upload_bytes=MAX_UPLOAD, sandbox=False)) as url:
        yield url


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


@pytest.fixture
def citing_extractor(fake_extractor, monkeypatch):
    """conftest's stand-in extractor, plus a reference for each 'Nghị quyết số N-NQ/TU' in the text."""

    def extract_with_references(document, *, locality_hint=None):
        record = fake_extractor(document, locality_hint=locality_hint)
        references = [
            {"kind": "resolution", "number": m.group(1), "start": m.start(), "end": m.end()}
            for m in _CITATION.finditer(document.text)
        ]
        return record.model_copy(update={"references": type(record).model_validate(
            {"references": references}).references})

    monkeypatch.setattr(extract, "extract_document", extract_with_references)


CITING = (
    "Kế hoạch thực hiện Nghị quyết\nSố: 15-KH/TU\nThực hiện Nghị quyết số 28-NQ/TU của Ban Thường vụ Tỉnh ủy,"
    " Huyện ủy Tiên Lãng xây dựng kế hoạch. Phấn đấu kết nạp 120 đảng viên.\n"
)


def _error(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code and body["error"]["message"]
    return body


def test_limits_types_tokens_and_bad_queries_over_http(server_url, doc_a):
    with httpx.Client(base_url=server_url, timeout=10) as http:
        stored = http.post("/api/documents", files=[("file", ("a.txt", doc_a.encode()))], headers=AUTH)
        assert stored.status_code == 201
        _error(http.post("/api/documents", files=[("file", ("b.txt", doc_a.encode()))]), 401, "unauthorized")
        wrong = http.post("/api/documents", files=[("file", ("b.txt", doc_a.encode()))], headers={"Authorization": "Bearer no"})
        _error(wrong, 401, "unauthorized")
        big = ("Nghị quyết về đảng viên. " * 2000).encode()
        assert len(big) > MAX_UPLOAD
        _error(http.post("/api/documents", files=[("file", ("big.txt", big))], headers=AUTH), 413, "too_large")
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as zipped:  # a ZIP that is no DOCX
            zipped.writestr("bang.csv", "a,b\n1,2\n")
        for name, data in (("bang.zip", archive.getvalue()), ("x.gz", b"\x1f\x8b\x08\x00" + bytes(200))):
            _error(http.post("/api/documents", files=[("file", (name, data))], headers=AUTH), 415, "unsupported_file")
        for params in ({"q": "*"}, {"from": "2023-13"}, {"to": "hôm qua"}, {"kind": "poem"}, {"page": 0},
                       {"per_page": 1000}, {"q": "x" * 600}):
            _error(http.get("/api/documents", params=params), 400, "bad_query")
        _error(http.get("/api/targets", params={"since": "yesterday"}), 400, "bad_query")
        _error(http.get("/api/targets", params={"format": "xml"}), 400, "bad_query")
        assert http.get("/healthz").json()["documents"] == 1  # failed uploads stored nothing
        assert http.get(f"/api/documents/{stored.json()['documents'][0]['id']}").json()["text"] == doc_a.strip()


def test_exports_units_and_search_forms_over_http(server_url, doc_a, citing_extractor):
    with httpx.Client(base_url=server_url, timeout=10) as http:
        first = http.post("/api/documents", files=[("file", ("a.txt", doc_a.encode()))], headers=AUTH).json()
        a = first["documents"][0]
        c = http.post("/api/documents", files=[("file", ("c.txt", CITING.encode()))], headers=AUTH).json()["documents"][0]

        rows = http.get("/api/targets", params={"format": "json"}).json()
        assert sorted(r["value"] for r in rows) == [120, 500]
        csv = http.get("/api/targets", params={"format": "csv", "unit": "Huyện ủy Tiên Lãng"})
        assert csv.content.startswith(b"\xef\xbb\xbf") and csv.headers["content-type"].startswith("text/csv")
        assert len(csv.content.decode("utf-8-sig").strip().splitlines()) == 3  # header and two targets
        since = http.get("/api/targets", params={"format": "ndjson", "since": a["created_at"]})
        assert since.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in since.text.splitlines()]
        assert [(r["document_id"], r["value"]) for r in lines] == [(c["id"], 120)]
        day = a["created_at"][:10]
        assert len(http.get("/api/targets", params={"format": "ndjson", "since": day}).text.splitlines()) == 2

        tree = http.get("/api/units").json()
        names = {}
        stack = list(tree)
        while stack:
            node = stack.pop()
            names[node["name"]] = node
            stack.extend(node["children"])
        tien_lang = names["Huyện ủy Tiên Lãng"]
        assert tien_lang["documents"] == 2 and tien_lang["locality"]["province"] == "Hải Phòng"
        unit = http.get(f"/api/units/{tien_lang['id']}").json()
        assert unit["name"] == "Huyện ủy Tiên Lãng" and unit["documents_total"] == 2
        assert {d["id"] for d in unit["documents"]} == {a["id"], c["id"]}
        assert sorted(t["value"] for t in unit["targets"]) == [120, 500]
        _error(http.get("/api/units/999999"), 404, "not_found")

        def found(**params) -> list[int]:
            response = http.get("/api/documents", params=params)
            assert response.status_code == 200, response.text
            return [h["id"] for h in response.json()["hits"]]

        assert found(q="phat trien dang vien") == [a["id"]]  # no diacritics
        assert found(q='"kết nạp 500 đảng viên"') == [a["id"]]  # a phrase
        assert found(q='"đảng viên kết nạp"') == []
        assert found(q="TVTU") == [c["id"]]  # Ban Thường vụ Tỉnh ủy
        assert found(q="28-NQ/TU")[0] == a["id"]  # its own number first, then the citing plan
        assert set(found(q="đảng viên", kind="resolution")) == {a["id"]}
        facets = http.get("/api/documents", params={"q": "đảng viên"}).json()["facets"]
        assert facets["unit"] == {"Huyện ủy Tiên Lãng": 2} and facets["year"] == {"2023": 2}


@pytest.mark.parametrize("cited_first", [True, False], ids=["cited-first", "citing-first"])
def test_a_citation_links_the_stored_documents_both_ways(server_url, doc_a, citing_extractor, cited_first):
    with httpx.Client(base_url=server_url, timeout=10) as http:

        def upload(name: str, text: str) -> int:
            response = http.post("/api/documents", files=[("file", (name, text.encode()))], headers=AUTH)
            assert response.status_code == 201, response.text
            return response.json()["documents"][0]["id"]

        if cited_first:
            cited, citing = upload("a.txt", doc_a), upload("c.txt", CITING)
        else:
            citing, cited = upload("c.txt", CITING), upload("a.txt", doc_a)
        citing_record = http.get(f"/api/documents/{citing}").json()
        assert citing_record["references"][0]["number"] == "28-NQ/TU"
        assert citing_record["links"]["references"] == [cited]
        assert http.get(f"/api/documents/{cited}").json()["links"]["cited_by"] == [citing]
