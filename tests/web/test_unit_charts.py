"""Unit page charts: one measure per chart (never every item of a unit of measure on one axis), the
targets of a measure as a line over time and its figures as points, and the choice of a measure.

The records are written here by hand (no extractor in between), so the measures, units of measure,
indicators and dates on the page are exactly the ones the test states."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import web_render as view
from api.app import create_app
from api.settings import Settings
from corpus.store import Store
from extract.models import DocumentInfo, Extraction, Figure, IndicatorRef, Locality, Source, Target, Unit

HTML = {"Accept": "text/html"}
ISSUER = "Huyện ủy Kim Bảng"
QUIET_UNIT = "Ban Dân vận Huyện ủy Kim Bảng"  # named in a document, never given a target or figure


def _record(number: str, kind: str, issued_on: str, *, targets=(), figures=()) -> Extraction:
    text = f"{ISSUER} {number} ngày {issued_on}: văn bản viết cho phép thử biểu đồ của trang đơn vị."
    return Extraction(
        source=Source(filename=f"{number.replace('/', '-')}.txt", sha256=hashlib.sha256(number.encode()).hexdigest()),
        text=text,
        document=DocumentInfo(kind=kind, number=number, title=f"Văn bản {number}", issuer=ISSUER, issued_on=issued_on),
        units=[
            Unit(name=ISSUER, kind="party_committee", level="district", locality=Locality(province="Hà Nam", district="Kim Bảng")),
            Unit(name=QUIET_UNIT, kind="committee_body", level="district", parent=ISSUER),
        ],
        targets=list(targets), figures=list(figures),
    )


def _target(measure: str, value: float, due: str, *, value_max: float | None = None) -> Target:
    comparator = "range" if value_max is not None else "lte"
    return Target(measure=measure, comparator=comparator, value=value, value_max=value_max, unit_of_measure="%", due=due)


def _figure(measure: str, value: float, as_of: str, *, uom: str = "%") -> Figure:
    return Figure(measure=measure, value=value, unit_of_measure=uom, as_of=as_of)


KNDV = IndicatorRef(code="XD.KNDV", name="Số đảng viên mới được kết nạp", confidence=0.9)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db: Path = tmp_path_factory.mktemp("unit-charts") / "charts.db"
    records = [
        _record("05-NQ/HU", "resolution", "2021-03-02", targets=[
            _target("tỷ lệ hộ nghèo", 2.0, "2023-12-31"),
            _target("Tỷ lệ hộ  nghèo", 1.5, "2025-12-31"),  # the same measure, cased and spaced otherwise
            _target("tỷ lệ che phủ rừng", 45.0, "2025-12-31", value_max=47.0),  # a range: line at 45, bar to 47
            _target("tỷ lệ trường đạt chuẩn quốc gia", 80.0, "2025-12-31"),  # one point only: not a chart
        ]),
        _record("112-BC/HU", "report", "2022-12-20", figures=[
            _figure("tỷ lệ hộ nghèo", 2.8, "2022-12-15"), _figure("Tỷ lệ che phủ rừng", 43.1, "2022-12-15"),
            Figure(measure="kết nạp đảng viên mới", value=96, unit_of_measure="đảng viên", as_of="2022-12-15",
                   indicator=KNDV),
        ]),
        _record("140-BC/HU", "report", "2023-12-18", figures=[
            _figure("tỷ lệ hộ nghèo", 2.1, "2023-12-15"), _figure("tỷ lệ che phủ rừng", 44.0, "2023-12-15"),
            Figure(measure="số đảng viên kết nạp", value=104, unit_of_measure="đảng viên", as_of="2023-12-15",
                   indicator=KNDV),
        ]),
    ]
    with Store(db) as store:
        ids = [store.add(record)[0] for record in records]
    with TestClient(create_app(Settings(db=db, api_token=None, read_requires_token=False))) as test_client:
        test_client.doc_ids = ids
        yield test_client


def _unit_id(client, name: str) -> int:
    return client.get(f"/api/documents/{client.doc_ids[0]}").json()["links"]["units"][name]


def _charts(html: str) -> dict[str, str]:
    """Each chart on the page by its caption's title: its <figure> markup."""
    out = {}
    for figure in re.findall(r'<figure class="chart-box".*?</figure>', html, re.S):
        out[re.search(r"<figcaption><strong>(.*?)</strong>", figure).group(1)] = figure
    return out


def _polyline(svg: str) -> list[tuple[float, float]]:
    (points,) = re.findall(r'<polyline class="target-line" points="([^"]+)"', svg)
    return [tuple(float(v) for v in pair.split(",")) for pair in points.split()]


def test_two_measures_of_one_unit_of_measure_get_two_charts_each_with_its_own_points(client):
    answer = client.get(f"/units/{_unit_id(client, ISSUER)}", headers=HTML)
    assert answer.status_code == 200
    charts = _charts(answer.text)
    # three measures with more than one point; the one-point measure is left to the chooser
    assert set(charts) == {"Tỷ lệ hộ nghèo", "Tỷ lệ che phủ rừng", "Số đảng viên mới được kết nạp"}
    poor, forest = charts["Tỷ lệ hộ nghèo"], charts["Tỷ lệ che phủ rừng"]
    assert "Đơn vị tính: <strong>%</strong>" in poor and "Đơn vị tính: <strong>%</strong>" in forest
    point_titles = {  # whitespace (non-breaking after a sign, doubled in a label) as one space
        name: [" ".join(t.split()) for t in re.findall(r"<title>(.*?)</title>", chart)] for name, chart in charts.items()
    }
    assert sorted(point_titles["Tỷ lệ hộ nghèo"]) == sorted([
        "Chỉ tiêu: ≤ 2% — tỷ lệ hộ nghèo (31/12/2023)", "Chỉ tiêu: ≤ 1,5% — Tỷ lệ hộ nghèo (31/12/2025)",
        "Số liệu: 2,8% — tỷ lệ hộ nghèo (15/12/2022)", "Số liệu: 2,1% — tỷ lệ hộ nghèo (15/12/2023)",
    ])
    assert all("che phủ rừng" in title for title in point_titles["Tỷ lệ che phủ rừng"])
    assert len(point_titles["Tỷ lệ che phủ rừng"]) == 3
    assert not any("trường đạt chuẩn" in title for titles in point_titles.values() for title in titles)
    # an indicator: figures worded two ways are one measure
    assert len(point_titles["Số đảng viên mới được kết nạp"]) == 2
    # charts ordered by points: 4, 3, 2
    assert list(charts) == ["Tỷ lệ hộ nghèo", "Tỷ lệ che phủ rừng", "Số đảng viên mới được kết nạp"]


def test_targets_are_a_line_over_time_and_figures_points_each_a_link_to_its_words(client):
    html = client.get(f"/units/{_unit_id(client, ISSUER)}", headers=HTML).text
    charts = _charts(html)
    poor = charts["Tỷ lệ hộ nghèo"]
    line = _polyline(poor)
    assert len(line) == 2 and line[0][0] < line[1][0]  # 2023 then 2025: left to right
    assert line[0][1] < line[1][1]  # 2 % drawn higher than 1,5 % (SVG y grows downwards)
    assert poor.count('class="pt pt-figure"') == 2 and poor.count("<circle") == 2
    assert poor.count('class="pt pt-target"') == 2  # each target keeps a marker on its line, a link
    report, resolution = client.doc_ids[1], client.doc_ids[0]
    assert f'href="/documents/{report}#figure-' in poor and f'href="/documents/{resolution}#target-' in poor
    label = re.search(r'<svg class="chart"[^>]*aria-label="([^"]+)"', poor).group(1)
    assert label.startswith("Biểu đồ theo năm, Tỷ lệ hộ nghèo, đơn vị tính %: 2 chỉ tiêu")
    # one range target: its level from the chart's start to its due date, and the bar up to 47 %
    forest = charts["Tỷ lệ che phủ rừng"]
    start, due = _polyline(forest)
    assert start[1] == due[1] and start[0] < due[0]
    assert forest.count('class="range range-target"') == 1
    # figures only (an indicator with no target here): no line
    assert "target-line" not in charts["Số đảng viên mới được kết nạp"]
    # the legend says which is which
    legend = re.search(r'<p class="chart-legend small">(.*?)</p>', html, re.S).group(1)
    assert "chỉ tiêu: đường nối các mức phải đạt" in legend and "số liệu đạt được" in legend


def test_staff_choose_a_measure_and_an_unknown_one_is_refused_in_vietnamese(client):
    unit = _unit_id(client, ISSUER)
    html = client.get(f"/units/{unit}", headers=HTML).text
    options = dict(re.findall(r'<option value="([0-9a-f]+)"[^>]*>([^<]+)</option>', html))
    assert len(options) == 4  # the three charted measures and the one-point measure
    (school,) = [key for key, text in options.items() if text.startswith("Tỷ lệ trường đạt chuẩn quốc gia (%)")]
    chosen = client.get(f"/units/{unit}", params={"measure": school}, headers=HTML)
    assert chosen.status_code == 200
    assert list(_charts(chosen.text)) == ["Tỷ lệ trường đạt chuẩn quốc gia"]
    assert f'<option value="{school}" selected>' in chosen.text
    # the default is the most used measure first
    assert list(_charts(html))[0] == "Tỷ lệ hộ nghèo"
    unknown = client.get(f"/units/{unit}", params={"measure": "khong-co"}, headers=HTML)
    assert unknown.status_code == 400
    assert "Thước đo không dùng được" in unknown.text and "khong-co" in unknown.text
    assert len(_charts(unknown.text)) == 3  # the page still shows its charts


def test_a_unit_with_no_items_still_renders(client):
    answer = client.get(f"/units/{_unit_id(client, QUIET_UNIT)}", headers=HTML)
    assert answer.status_code == 200
    assert "<h1>Ban Dân vận Huyện ủy Kim Bảng</h1>" in answer.text
    assert "<svg" not in answer.text.split('id="charts"')[1].split("</section>")[0]
    assert "Chưa có chỉ tiêu hay số liệu có tên, giá trị và thời điểm." in answer.text
    assert 'name="measure"' not in answer.text


def _row(measure: str | None, value: float, uom: str = "%", code: str | None = None, **more) -> dict:
    return {"id": f"{measure}-{value}", "document_id": 1, "measure": measure, "value": value, "unit_of_measure": uom,
            "indicator_code": code, "comparator": "eq", "as_of": "2023-06-30", **more}


def test_measures_group_by_indicator_else_by_the_label_normalised_never_by_unit_of_measure_alone():
    figures = [
        _row("Tỷ lệ hộ nghèo", 3.0), _row("tỷ lệ   HỘ nghèo", 2.5),  # case and spaces: one measure
        _row("ty le ho ngheo", 2.0),  # diacritics are kept: another measure
        _row("tỷ lệ hộ nghèo", 40.0, uom="hộ"),  # another unit of measure: another measure
        _row("kết nạp đảng viên", 90, uom="đảng viên", code="XD.KNDV"),
        _row("đảng viên mới", 95, uom="đảng viên", code="XD.KNDV"),
        _row(None, 12.0),  # neither an indicator nor a measure: charted with nothing else
    ]
    found = view.measures([], figures)
    by_title = {(m.title, m.unit_of_measure): len(m.points) for m in found}
    assert by_title == {
        ("Tỷ lệ hộ nghèo", "%"): 2, ("Số đảng viên mới được kết nạp", "đảng viên"): 2,
        ("Ty le ho ngheo", "%"): 1, ("Tỷ lệ hộ nghèo", "hộ"): 1,
    }
    assert [m.indicator_code for m in found[:2]] == ["XD.KNDV", None]  # equal points: the indicator first
    assert view.measure_name("  Tỷ lệ\u00a0HỘ   nghèo ") == "tỷ lệ hộ nghèo"
    # only one-point measures: the one most used is charted, not none
    lone = view.unit_charts([], [_row("a", 1.0), _row("b", 2.0)])
    assert len(lone.charts) == 1 and len(lone.measures) == 2
    assert view.unit_charts([], []).charts == []
