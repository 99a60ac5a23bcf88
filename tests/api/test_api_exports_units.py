"""GET /api/targets|figures|deadlines, GET /api/units, GET /api/units/{id}, auth, OpenAPI, web hook."""

from __future__ import annotations

import csv
import io
import json
import sys
import types

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from api.app import create_app


def test_targets_as_json_csv_ndjson(client, doc_a, upload):
    doc_id = upload(client, ("a.txt", doc_a.encode())).json()["documents"][0]["id"]
    rows = client.get("/api/targets").json()
    assert len(rows) == 1
    row = rows[0]
    assert row["document_id"] == doc_id and row["document_number"] == "28-NQ/TU"
    assert row["unit"] == "Huyện ủy Tiên Lãng" and row["value"] == 500
    assert row["evidence"] == "Phấn đấu kết nạp 500 đảng viên"

    response = client.get("/api/targets", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert parsed[0]["id"] == row["id"] and parsed[0]["measure"] == "kết nạp đảng viên"

    lines = client.get("/api/targets", params={"format": "ndjson"}).text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [row["id"]]
    assert client.get("/api/figures").json() == []
    assert client.get("/api/deadlines", params={"format": "csv"}).content.startswith(b"\xef\xbb\xbf")


def test_exports_take_the_search_filters_and_since(client, doc_a, doc_b, upload):
    upload(client, ("a.txt", doc_a.encode()), ("b.txt", doc_b.encode()))
    assert len(client.get("/api/targets", params={"unit": "Huyện ủy Tiên Lãng"}).json()) == 1
    assert client.get("/api/targets", params={"kind": "news"}).json() == []
    assert len(client.get("/api/targets", params={"q": "dang vien"}).json()) == 1
    assert len(client.get("/api/targets", params={"since": "2000-01-01"}).json()) == 1
    assert client.get("/api/targets", params={"since": "2999-01-01T00:00:00Z"}).json() == []


@pytest.mark.parametrize("params", [{"format": "xml"}, {"since": "yesterday"}, {"from": "20234"}, {"q": "*"}])
def test_bad_export_parameters_are_400(client, params):
    response = client.get("/api/targets", params=params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_query"


def test_units_tree_and_detail(client, doc_a, upload):
    upload(client, ("a.txt", doc_a.encode()))
    tree = client.get("/api/units").json()
    assert [node["name"] for node in tree] == ["Huyện ủy Tiên Lãng"]
    unit_id = tree[0]["id"]
    detail = client.get(f"/api/units/{unit_id}").json()
    assert detail["name"] == "Huyện ủy Tiên Lãng"
    assert detail["documents_total"] == 1 and detail["documents"][0]["number"] == "28-NQ/TU"
    assert [t["value"] for t in detail["targets"]] == [500]
    assert detail["figures"] == [] and detail["deadlines"] == []
    missing = client.get("/api/units/999")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


@pytest.fixture
def token_client(settings, fake_extractor):
    app = create_app(settings.model_copy(update={"api_token": "s3cret"}))
    with TestClient(app) as test_client:
        yield test_client


def test_writes_need_the_token_when_one_is_set(token_client, doc_a, upload):
    for headers in (None, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
        response = upload(token_client, ("a.txt", doc_a.encode()), headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
    assert token_client.get("/healthz").json()["documents"] == 0
    ok = upload(token_client, ("a.txt", doc_a.encode()), headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 201
    assert token_client.get("/api/documents").status_code == 200  # reads stay open by default


def test_reads_can_require_the_token(settings, fake_extractor):
    app = create_app(settings.model_copy(update={"api_token": "s3cret", "read_requires_token": True}))
    with TestClient(app) as test_client:
        for path in ("/api/documents", "/api/documents/1", "/api/targets", "/api/units", "/api/units/1"):
            assert test_client.get(path).status_code == 401, path
        assert test_client.get("/api/units", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert test_client.get("/healthz").status_code == 200


def test_openapi_documents_the_contract_models(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"StoredDocument", "SearchResponse", "UploadResponse", "TargetRow", "UnitNode", "ErrorResponse"} <= set(schemas)
    assert "Extraction" not in schemas or "targets" in schemas["Extraction"]["properties"]
    assert "targets" in schemas["StoredDocument"]["properties"]
    assert {"/api/documents", "/api/documents/{document_id}", "/api/targets", "/api/figures", "/api/deadlines",
            "/api/units", "/api/units/{unit_id}", "/healthz"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_web_pages_router_is_included_when_present(settings, monkeypatch):
    router = APIRouter()

    @router.get("/web-hook-probe")
    def probe() -> dict:
        return {"web": True}

    monkeypatch.setitem(sys.modules, "api.web", types.SimpleNamespace(router=router))
    with TestClient(create_app(settings)) as test_client:
        assert test_client.get("/web-hook-probe").json() == {"web": True}


def test_no_route_answers_500_to_odd_input(client, doc_a, upload):
    upload(client, ("a.txt", doc_a.encode()))
    odd = ["%00", "\u0000", "' OR 1=1", "🙂", "x" * 2000, '"""', "\\"]
    for value in odd:
        for path in ("/api/documents", "/api/targets"):
            for name in ("q", "unit", "kind", "topic", "from", "to", "since"):
                response = client.get(path, params={name: value})
                assert response.status_code < 500, (path, name, value, response.text)


def test_issue_15_csv_in_vietnamese_and_a_bad_lang_refused(client, doc_a, upload):
    upload(client, ("a.txt", doc_a.encode()))
    response = client.get("/api/targets", params={"format": "csv", "lang": "vi"})
    assert response.status_code == 200
    header = response.text.lstrip("\ufeff").splitlines()[0].split(";")
    assert header[3] == "Cơ quan ban hành" and "So sánh" in header
    assert len(response.text.splitlines()) == 2
    assert client.get("/api/targets", params={"format": "csv", "lang": "fr"}).status_code in (400, 422)
    assert "document_issuer" in client.get("/api/targets").json()[0]


def test_issue_15_every_api_filter_is_honoured_or_refused(client, doc_a, doc_b, upload):
    upload(client, ("a.txt", doc_a.encode()), ("b.txt", doc_b.encode()))
    everything = client.get("/api/documents").json()["total"]
    years = client.get("/api/documents").json()["facets"]["year"]
    year = next(iter(years))
    assert client.get("/api/documents", params={"year": year}).json()["total"] == years[year] < everything or len(years) == 1
    assert client.get("/api/documents", params={"year": "1900"}).json()["total"] == 0
    for params in ({"year": "20x4"}, {"year": year, "from": year}, {"yeer": year}, {"page_size": "5"}):
        response = client.get("/api/documents", params=params)
        assert response.status_code == 400, params
        assert response.json()["error"]["code"] == "bad_query"
    assert client.get("/api/targets", params={"year": "1900"}).json() == []
    assert client.get("/api/targets", params={"colour": "red"}).status_code == 400
    assert client.get("/api/units", params={"q": "x"}).status_code == 400
