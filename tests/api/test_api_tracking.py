"""GET /api/targets/{id}, GET /api/indicators, the indicator= and behind= filters and the target page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from corpus.store import Store

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "corpus" / "tracking" / "docs"
HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from service.ingest import extract_path

    db = tmp_path_factory.mktemp("tracking") / "t.db"
    with Store(db) as store:
        for name in ("lc_nq_2021", "lc_bc_2022", "lc_bc_2023", "na_kh_2023", "na_bc_2023"):
            store.add(extract_path(DOCS / f"{name}.txt"))
    with TestClient(create_app(Settings(db=db, api_token=None, read_requires_token=False))) as test_client:
        yield test_client


def test_targets_by_indicator_carry_latest_figure_and_progress(client):
    rows = client.get("/api/targets", params={"indicator": "XD.KNDV"}).json()
    assert len(rows) == 1
    row = rows[0]
    assert row["indicator_code"] == "XD.KNDV" and row["value"] == 150 and row["recurrence"] == "yearly"
    assert row["latest_value"] == 131 and row["latest_on"] == "2023-12-14"
    assert row["progress"] == pytest.approx(87.3, abs=0.05) and row["behind"] == 1
    figures = client.get("/api/figures", params={"indicator": "XD.KNDV"}).json()
    assert {f["target"] for f in figures} == {row["id"]} and all(f["link_reason"] for f in figures)
    text = client.get("/api/targets", params={"indicator": "XD.KNDV", "format": "csv"}).text
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert {"indicator_code", "latest_value", "progress", "behind"} <= set(header)
    behind = client.get("/api/targets", params={"behind": "true"}).json()
    assert row["id"] in {r["id"] for r in behind} and all(r["behind"] for r in behind)


def test_one_target_with_its_figures(client):
    tid = client.get("/api/targets", params={"indicator": "XD.KNDV"}).json()[0]["id"]
    body = client.get(f"/api/targets/{tid}").json()
    assert body["indicator"]["code"] == "XD.KNDV" and body["document"]["number"] == "05-NQ/HU"
    assert body["context"]["text"] == "150 đảng viên" and "kết nạp từ" in body["context"]["before"]
    assert [(f["value"], f["reported_on"]) for f in body["figures"]] == [
        (162, "2022-12-15"), (108, "2022-12-15"), (131, "2023-12-14"), (87.3, "2023-12-14")]
    # "kết nạp 162" names no year of its own: no share of a yearly target is made up; the stated one is kept
    assert body["figures"][0]["progress"] is None and body["figures"][1]["progress"] == 108


def test_bad_input_answers_4xx_with_the_error_shape(client):
    for path, status in (("/api/targets/nope", 404), ("/api/targets/" + "a" * 65, 404),
                         ("/api/deadlines?indicator=XD.KNDV", 400), ("/api/figures?behind=true", 400),
                         ("/api/targets?behind=maybe", 400)):
        answer = client.get(path)
        assert answer.status_code == status, path
        assert set(answer.json()["error"]) == {"code", "message"}


def test_indicators_in_use(client):
    used = {i["code"]: i for i in client.get("/api/indicators").json()}
    assert used["XD.KNDV"]["targets"] == 1 and used["XD.KNDV"]["figures"] == 4
    assert used["XD.KNDV"]["name"] == "Số đảng viên mới được kết nạp"


def test_target_page_and_register_filters(client):
    tid = client.get("/api/targets", params={"indicator": "XD.TCCSD"}).json()[0]["id"]
    html = client.get(f"/targets/{tid}", headers=HTML).text
    assert "Số tổ chức cơ sở đảng thành lập mới" in html and 'class="chart"' in html
    assert html.count('class="pt pt-figure"') == 3  # 2 (2022), 1 and 3 (2023), all dated
    assert "Nguyên văn" in html and "<mark" in html
    register = client.get("/targets", params={"indicator": "XD.TCCSD"}, headers=HTML).text
    assert f'href="/targets/{tid}"' in register and "Chỉ tiêu thống kê" in register
    assert client.get("/targets/zz-not-an-id", headers=HTML).status_code == 404
    assert "Không tìm thấy" in client.get("/targets/abcdef", headers=HTML).text
