"""POST /api/documents, GET /api/documents/{id}, GET /api/documents (search)."""

from __future__ import annotations

import pytest

import extract


def _error(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok", "documents": 0}


def test_upload_stores_the_record(client, doc_a, upload):
    response = upload(client, ("a.txt", doc_a.encode()))
    assert response.status_code == 201, response.text
    (doc,) = response.json()["documents"]
    assert doc["duplicate"] is False
    assert doc["document"]["number"] == "28-NQ/TU"
    assert doc["source"]["filename"] == "a.txt"
    assert len(doc["source"]["sha256"]) == 64
    got = client.get(f"/api/documents/{doc['id']}").json()
    assert got["text"] == doc_a.strip()
    assert got["targets"][0]["value"] == 500
    assert got["links"]["units"] == {"Huyện ủy Tiên Lãng": 1}


def test_locality_is_passed_as_a_hint(client, doc_a, upload):
    response = upload(client, ("a.txt", doc_a.encode()), data={"locality": "Hải Phòng"})
    assert response.json()["documents"][0]["document"]["place"] == "Hải Phòng"


def test_a_duplicate_answers_with_the_existing_id(client, doc_a, upload):
    first = upload(client, ("a.txt", doc_a.encode())).json()["documents"][0]
    again = upload(client, ("renamed.txt", doc_a.encode()))
    assert again.status_code == 200
    (doc,) = again.json()["documents"]
    assert doc["id"] == first["id"] and doc["duplicate"] is True
    assert client.get("/healthz").json()["documents"] == 1


def test_several_files_each_stand_alone(client, doc_a, doc_b, upload):
    response = upload(client, ("a.txt", doc_a.encode()), ("x.bin", b"\x00\x01\x02\x03\xff"), ("b.txt", doc_b.encode()))
    assert response.status_code == 201
    body = response.json()
    assert [d["source"]["filename"] for d in body["documents"]] == ["a.txt", "b.txt"]
    assert body["errors"] == [
        {"index": 1, "filename": "x.bin", "error": {"code": "unsupported_file", "message": body["errors"][0]["error"]["message"]}}
    ]


def test_unknown_type_is_415(client, upload):
    body = _error(upload(client, ("x.bin", b"\x00\x01\x02\x03\xff")), 415, "unsupported_file")
    assert body["errors"][0]["filename"] == "x.bin"


def test_a_file_over_the_limit_is_413(client, settings, upload):
    big = ("Nghị quyết " * 3000).encode()
    assert len(big) > settings.max_upload_bytes
    _error(upload(client, ("big.txt", big)), 413, "too_large")


def test_a_body_over_the_limit_is_refused_before_reading(client, settings):
    huge = b"x" * (settings.max_upload_bytes * settings.max_files_per_upload + 2 * 1024 * 1024)
    _error(client.post("/api/documents", content=huge, headers={"content-type": "text/plain"}), 413, "too_large")


def test_too_many_files_is_413(client, settings, upload):
    files = [(f"{i}.txt", f"Văn bản {i}".encode()) for i in range(settings.max_files_per_upload + 1)]
    _error(upload(client, *files), 413, "too_many_files")


def test_failed_uploads_leave_the_store_unchanged(client, monkeypatch, doc_a, doc_b, upload):
    upload(client, ("a.txt", doc_a.encode()))
    before = client.get("/api/documents").json()

    def broken(document, *, locality_hint=None):
        raise ValueError("rule table missing")

    monkeypatch.setattr(extract, "extract_document", broken)
    _error(upload(client, ("b.txt", doc_b.encode())), 422, "extraction_failed")
    _error(upload(client, ("x.bin", b"\x00\x01\x02")), 415, "unsupported_file")
    _error(upload(client, ("e.txt", b"   ")), 422, "unreadable_file")
    assert client.get("/api/documents").json() == before


def test_upload_without_files_is_a_clean_error(client):
    _error(client.post("/api/documents", data={"locality": "Hải Phòng"}), 422, "invalid_request")


def test_search_ranks_and_highlights(client, doc_a, doc_b, upload):
    upload(client, ("a.txt", doc_a.encode()), ("b.txt", doc_b.encode()))
    body = client.get("/api/documents", params={"q": "phat trien dang vien"}).json()
    assert body["total"] == 1
    (hit,) = body["hits"]
    assert set(hit) == {"id", "title", "kind", "number", "issued_on", "snippet"}
    assert "<mark>" in hit["snippet"]
    assert set(body["facets"]) == {"unit", "kind", "year", "topic"}
    assert body["facets"]["unit"] == {"Huyện ủy Tiên Lãng": 1}


def test_search_filters(client, doc_a, doc_b, upload):
    upload(client, ("a.txt", doc_a.encode()), ("b.txt", doc_b.encode()))
    assert client.get("/api/documents", params={"kind": "news"}).json()["total"] == 1
    assert client.get("/api/documents", params={"unit": "Huyện ủy Tiên Lãng"}).json()["total"] == 1
    assert client.get("/api/documents", params={"from": "2023", "to": "2023-12-31"}).json()["total"] == 2
    assert client.get("/api/documents", params={"from": "2024"}).json()["total"] == 0
    assert client.get("/api/documents", params={"page": 2}).json()["hits"] == []


@pytest.mark.parametrize(
    "params",
    [{"q": "*"}, {"q": "()"}, {"q": '"'}, {"from": "2023-02-30"}, {"kind": "poem"}, {"page": "0"}, {"page": "abc"}],
)
def test_malformed_queries_are_400(client, params):
    _error(client.get("/api/documents", params=params), 400, "bad_query")


@pytest.mark.parametrize("q", ['"đảng', "AND", "NOT x", "a:b", "^x", "-x", "(x", "x OR"])
def test_odd_queries_are_searched_literally(client, q):
    assert client.get("/api/documents", params={"q": q}).status_code == 200


def test_unknown_document_and_route_are_404(client):
    _error(client.get("/api/documents/999"), 404, "not_found")
    _error(client.get("/api/documents/abc"), 404, "not_found")
    _error(client.get("/api/nothing-here"), 404, "not_found")
    _error(client.delete("/api/documents"), 405, "method_not_allowed")


def test_the_original_file_is_kept_and_downloadable(client, settings, doc_a, upload):
    response = upload(client, ("nq.txt", doc_a.encode()))
    document_id = response.json()["documents"][0]["id"]
    original = client.get(f"/api/documents/{document_id}/file")
    assert original.status_code == 200
    assert original.content == doc_a.encode()
    assert "nq.txt" in original.headers["content-disposition"]
    assert (settings.files_dir() / response.json()["documents"][0]["source"]["sha256"][:2]).is_dir()
    _error(client.get("/api/documents/999/file"), 404, "not_found")


def test_the_document_page_links_to_the_original(client, doc_a, upload):
    document_id = upload(client, ("nq.txt", doc_a.encode())).json()["documents"][0]["id"]
    html = client.get(f"/documents/{document_id}").text
    assert f'href="/api/documents/{document_id}/file" download' in html
