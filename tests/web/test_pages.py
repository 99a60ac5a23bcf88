"""The staff pages, rendered by the app over a store of real sample documents."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api import web_render as view

HTML = {"Accept": "text/html,application/xhtml+xml"}


class Tags(HTMLParser):
    """Start tags with their attributes, and a check that <span>s are closed in order."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
            "path", "circle", "line"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if tag in ("span", "a", "div", "table", "tr", "td", "section", "aside", "svg") and (
            not self.stack or self.stack[-1] != tag
        ):
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        found = []
        for name, got in self.tags:
            if name != tag:
                continue
            if all((got.get(key.rstrip("_")) or "").split().count(value) or got.get(key.rstrip("_")) == value
                   for key, value in attrs.items()):
                found.append(got)
        return found


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url, headers=HTML)
    assert response.status_code == status, (url, response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="vi">' in response.text
    return response.text


# ---- home and search ---------------------------------------------------------------------------


def test_home_has_search_box_and_recent_documents(client, doc_ids):
    html = page(client, "/")
    assert "Tìm trong văn bản" in html and "Văn bản mới nhập" in html
    tags = Tags(html)
    assert tags.find("input", name="q") and tags.find("label", for_="q")
    assert f'href="/documents/{doc_ids["001_kh_nghean_2024.txt"]}"' in html
    assert f"Kho có {len(doc_ids)} văn bản" in html


def test_search_without_diacritics_finds_the_plan(client, doc_ids):
    html = page(client, "/search?q=phat+trien+dang+vien")
    plan = doc_ids["001_kh_nghean_2024.txt"]
    assert f'href="/documents/{plan}"' in html
    assert "<mark>" in html and "phát triển đảng viên" in html.lower()
    assert 'value="phat trien dang vien"' in html
    for heading in ("Loại văn bản", "Năm", "Chủ đề", "Đơn vị"):
        assert f"<h2>{heading}</h2>" in html
    assert "Kế hoạch" in html and "Phát triển đảng viên" in html  # kind and topic in Vietnamese


def test_search_facets_are_links_that_filter(client):
    html = page(client, "/search?q=dang+vien")
    links = [a["href"] for a in Tags(html).find("a") if a.get("href", "").startswith("/search?")]
    kind_link = next(link for link in links if "kind=plan" in link)
    assert "q=dang+vien" in kind_link
    filtered = page(client, kind_link.replace("&amp;", "&"))
    assert "Đang lọc:" in filtered and "Loại: Kế hoạch" in filtered
    kinds = re.findall(r'<span class="badge kind-(\w+)">', filtered.split('class="hits"')[1].split("</ol>")[0])
    assert kinds and set(kinds) == {"plan"}
    year_link = next(link for link in links if "year=" in link)
    assert page(client, year_link.replace("&amp;", "&")).count('class="hit"') >= 1
    unit_link = next(link for link in links if "unit=" in link)
    assert "Đơn vị:" in page(client, unit_link.replace("&amp;", "&"))


def test_search_pages(client, doc_ids):
    first = page(client, "/search")
    assert f"{len(doc_ids)} văn bản, trang 1/2" in first
    assert 'href="/search?page=2"' in first
    second = page(client, "/search?page=2")
    assert second.count('class="hit"') == len(doc_ids) - 10
    assert 'rel="prev"' in second
    beyond = page(client, "/search?page=99")
    assert "Trang này không có kết quả" in beyond


@pytest.mark.parametrize(
    "query",
    [
        "year=abc", "kind=zzz", "q=%22", "q=" + "a" * 600, "year=20245", "unit=%00", "page=-1&q=dang",
        "page=abc", "page=99999999999999999999", "page=%C2%B2", "year=%D9%A1%D9%A2%D9%A3%D9%A4", "unit=%C2%B2", "topic=%27%3B--", "q=AND+OR+NOT", "q=(*)", "q=phat*",
    ],
)
def test_bad_search_query_strings_never_500(client, query):
    response = client.get(f"/search?{query}", headers=HTML)
    assert response.status_code in (200, 400), response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    if response.status_code == 400:
        assert 'role="alert"' in response.text and "Không tìm được" in response.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(["q", "unit", "kind", "topic", "year", "page"]),
    value=st.text(st.characters(codec="utf-8"), max_size=40),
    where=st.sampled_from(["/search", "/targets"]),
)
def test_any_query_string_gives_a_page_not_a_500(client, field, value, where):
    response = client.get(where, params={field: value}, headers=HTML)
    assert response.status_code in (200, 400), (field, value, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")


# ---- upload --------------------------------------------------------------------------------------


def test_upload_page_has_labelled_multiple_file_input(client):
    html = page(client, "/upload")
    tags = Tags(html)
    (files,) = tags.find("input", type="file")
    assert "multiple" in files and files["name"] == "file"
    assert tags.find("label", for_="files") and tags.find("label", for_="locality")
    assert not tags.find("input", id="token")
    assert "Kéo thả tệp vào đây" in html
    assert any("upload.js" in (s.get("src") or "") for s in tags.find("script"))


def test_upload_page_offers_a_token_field_when_the_api_needs_one(make_client):
    html = page(make_client(api_token="secret"), "/upload")
    tags = Tags(html)
    assert tags.find("input", id="token", type="password") and tags.find("label", for_="token")
    assert 'data-needs-token="true"' in html


# ---- document ------------------------------------------------------------------------------------


def test_document_page_header_card(client, doc_ids):
    html = page(client, f"/documents/{doc_ids['001_kh_nghean_2024.txt']}")
    assert "Kế hoạch" in html and "245-KH/TU" in html
    assert "12/04/2024" in html and "Trần Ngọc Sơn" in html and "Phó Bí thư" in html
    assert "Cơ quan ban hành" in html and "Người ký" in html


def test_document_page_highlights_every_category_with_anchors(client, doc_ids):
    document_id = doc_ids["001_kh_nghean_2024.txt"]
    html = page(client, f"/documents/{document_id}")
    tags = Tags(html)
    assert not tags.problems, tags.problems[:5]
    for category in ("unit", "person", "reference", "target", "deadline"):
        assert tags.find("span", class_=f"hl-{category}"), category
    for code, label in view.CATEGORIES:
        assert tags.find("input", type="checkbox", **{"data-toggle": code}) and label in html
    record = client.get(f"/api/documents/{document_id}").json()
    target_ids = [s["id"] for s in tags.find("span", class_="hl-target") if s.get("id")]
    assert len(target_ids) == len([t for t in record["targets"] if t["start"] is not None]) > 0
    # the anchors are the export's row ids: a CSV row leads back to its words
    rows = client.get("/api/targets", params={"q": "245-KH/TU"}).json()
    exported = {f"target-{row['id']}" for row in rows if row["document_id"] == document_id}
    assert set(target_ids) <= exported
    # side-table rows jump to the highlighted words
    for anchor in target_ids:
        assert f'href="#{anchor}"' in html
    first = record["targets"][0]
    span_text = re.search(rf'id="{target_ids[0]}">([^<]*)', html).group(1)
    assert span_text and span_text in record["text"][first["start"] : first["end"]]


def test_document_page_figures_and_unit_links(client, doc_ids):
    html = page(client, f"/documents/{doc_ids['008_tin_haiphong_2022.txt']}")
    tags = Tags(html)
    assert not tags.problems
    assert tags.find("span", class_="hl-figure")
    assert any(a.get("href", "").startswith("/units/") for a in tags.find("a"))
    assert "Tin tức" in html


@pytest.mark.parametrize("url", ["/documents/999999", "/documents/abc", "/documents/-1", "/documents/1.5", "/documents/%C2%B2",
                                 "/units/999999", "/units/xyz", "/no-such-page"])
def test_unknown_ids_and_pages_are_a_vietnamese_404(client, url):
    html = page(client, url, status=404)
    assert "Không tìm thấy" in html and "Về trang chủ" in html


def test_api_clients_keep_json_404s(client):
    assert client.get("/no-such-page").json()["error"]["code"] == "not_found"
    assert client.get("/api/nothing", headers=HTML).json()["error"]["code"] == "not_found"
    assert client.get("/api/documents/999999", headers=HTML).json()["error"]["code"] == "not_found"


# ---- units ---------------------------------------------------------------------------------------


def test_unit_page_tree_documents_and_chart(client, doc_ids):
    plan = doc_ids["001_kh_nghean_2024.txt"]
    unit_id = client.get(f"/api/documents/{plan}").json()["links"]["units"]["Thành ủy Vinh"]
    html = page(client, f"/units/{unit_id}")
    tags = Tags(html)
    assert not tags.problems
    assert "<h1>Thành ủy Vinh</h1>" in html and "Cấp ủy đảng" in html and "Cấp huyện" in html
    crumbs = html.split('class="crumbs"')[1].split("</nav>")[0]
    assert "Tỉnh ủy Nghệ An" in crumbs  # its place in the tree: the ancestors
    assert "Đơn vị trực thuộc" in html and "Ban Tổ chức Thành ủy Vinh" in html  # and its children
    assert f'href="/documents/{plan}"' in html
    svg = tags.find("svg", class_="chart")
    assert svg and (svg[0].get("aria-label") or "").startswith("Biểu đồ theo năm")
    assert tags.find("path", class_="pt-target")
    assert f'href="/documents/{plan}#target-' in html  # points and rows lead to the words


def test_units_index(client):
    html = page(client, "/units")
    assert "Cây đơn vị" in html and "Tỉnh ủy Nghệ An" in html


# ---- targets -------------------------------------------------------------------------------------


def test_targets_table_and_csv_link_with_the_same_filters(client, doc_ids):
    html = page(client, "/targets?kind=plan&year=2024&unit=Ngh%E1%BB%87+An&q=dang+vien")
    tags = Tags(html)
    assert not tags.problems
    for control in ("f-q", "f-unit", "f-kind", "f-year"):
        assert tags.find("label", for_=control)
    assert f'href="/documents/{doc_ids["001_kh_nghean_2024.txt"]}#target-' in html
    (link,) = tags.find("a", id="csv-link")
    href = link["href"]
    assert href.startswith("/api/targets?") and "format=csv" in href
    for part in ("kind=plan", "from=2024", "to=2024", "q=dang+vien", "unit=Ngh%E1%BB%87+An", "lang=vi"):
        assert part in href
    response = client.get(href)
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows and all(row["Loại văn bản"] == "Kế hoạch" for row in rows)  # the page's CSV is in Vietnamese
    assert all(row["Cơ quan ban hành"] for row in rows)
    assert rows[0]["Cơ quan ban hành"] in html  # the register shows the issuing unit too
    assert html.count("<tr>") - 1 == len(rows)  # the table shows the rows the CSV has


def test_targets_unfiltered_and_bad_filters(client):
    html = page(client, "/targets")
    assert "chỉ tiêu" in html and 'href="/api/targets?format=csv&amp;lang=vi"' in html
    bad = client.get("/targets?year=20x&kind=nope", headers=HTML)
    assert bad.status_code == 400 and "Bộ lọc không dùng được" in bad.text
    assert client.get("/targets?kind=nope", headers=HTML).status_code == 400
    assert client.get("/targets?unit=%C2%B2", headers=HTML).status_code == 400
    assert client.get("/targets?page=zz&q=%22", headers=HTML).status_code in (200, 400)


# ---- static files and tokens ---------------------------------------------------------------------


def test_static_files(client):
    html = page(client, "/")
    css = re.search(r'href="(/static/style\.css\?v=\w+)"', html).group(1)
    response = client.get(css)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    assert "overflow-wrap: anywhere" in response.text
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/..%2Fweb.py").status_code == 404
    assert client.get("/static/nothing.css").status_code == 404


def test_pages_need_the_read_token_when_the_server_does(make_client, doc_ids):
    guarded = make_client(api_token="secret", read_requires_token=True)
    url = f"/documents/{doc_ids['001_kh_nghean_2024.txt']}"
    html = page(guarded, url, status=401)
    assert "Cần mã truy cập" in html and 'id="read-token"' in html
    guarded.cookies.set("vanban_token", "secret")
    assert "245-KH/TU" in page(guarded, url)
    guarded.cookies.set("vanban_token", "wrong")
    page(guarded, "/targets", status=401)


# ---- pure helpers ----------------------------------------------------------------------------------


def test_crossing_spans_stay_well_formed():
    text = "Ban Thường vụ Tỉnh ủy phấn đấu kết nạp 220 đảng viên trước ngày 30/6/2024."
    spans = [
        view.Span(0, 21, "unit", "Đơn vị", None),
        view.Span(14, 45, "target", "Chỉ tiêu", "target-a"),  # crosses the unit
        view.Span(39, 52, "figure", "Số liệu", "figure-b"),  # crosses the target
        view.Span(53, 74, "deadline", "Thời hạn", "deadline-c"),
        view.Span(60, 200, "deadline", "out of range", "bad"),
    ]
    html = str(view.highlight(text, spans))
    tags = Tags(f"<div>{html}</div>")
    assert not tags.problems
    assert re.sub(r"<[^>]+>", "", html) == text
    assert html.count('id="target-a"') == 1 and 'id="bad"' not in html
    assert html.count("hl-target") == 2 and html.count("hl-figure") == 2  # each reopened once where crossed


def test_vietnamese_formats():
    assert view.format_date("2024-04-12") == "12/04/2024"
    assert view.format_date("2024-06") == "tháng 6/2024"
    assert view.format_date("2025") == "năm 2025"
    assert view.format_number(11117) == "11.117" and view.format_number(62.8) == "62,8"
    assert view.format_quantity({"value": 80, "comparator": "gte", "unit_of_measure": "%"}) == "≥\u00a080%"
    assert view.format_quantity({"value": 3, "value_max": 4, "comparator": "range", "unit_of_measure": "%"}) == "3–4%"
    assert view.kind_label("official_letter") == "Công văn"


_ENGLISH = ("is not", "must", "limit is", "use one of", "nothing to search", "characters long", "unknown", "query")


@pytest.mark.parametrize(
    "path", ["/search?q=" + "a" * 600, "/search?kind=zzz", "/targets?kind=zzz", "/targets?q=" + "a" * 600,
             "/search?q=%22%22", "/documents/999999", "/units/999999", "/khong-co"],
)
def test_issue_15_error_messages_on_pages_are_vietnamese(client, path):
    response = client.get(path, headers=HTML)
    assert response.status_code in (400, 404)
    main = response.text.split("<main", 1)[-1]
    text = re.sub(r"<[^>]+>", " ", main.split("</main>", 1)[0])
    for english in _ENGLISH:
        assert english not in text.lower(), (english, text[:400])


def test_issue_15_message_translation():
    from api.web_messages import vietnamese

    assert vietnamese("query is 600 characters long; the limit is 500") == "Câu tìm dài 600 ký tự; tối đa 500 ký tự."
    assert "Loại văn bản" in vietnamese("kind='x' is not a document kind; use one of plan")
    assert vietnamese("something new and English", "not_found") == "Không tìm thấy trong kho."
    assert vietnamese("đã là tiếng Việt") == "đã là tiếng Việt"


def test_issue_15_units_grouped_by_province_and_level_with_a_search_box(client):
    html = page(client, "/units")
    tags = Tags(html)
    assert not tags.problems
    assert tags.find("label", for_="unit-q") and tags.find("input", id="unit-q")
    provinces = re.findall(r'<details class="province"[^>]*>\s*<summary><strong>([^<]+)</strong>', html)
    assert "Nghệ An" in provinces and "Hải Phòng" in provinces
    assert provinces.index("Trung ương") == 0 if "Trung ương" in provinces else True
    assert provinces == sorted(set(provinces), key=provinces.index)  # each province once
    found = page(client, "/units?q=tien+lang")
    assert "Huyện ủy Tiên Lãng" in found or "Tiên Lãng" in found
    assert "Không có đơn vị nào" in page(client, "/units?q=khong+co+don+vi+nay")
def test_document_page_says_when_pages_are_missing(tmp_path, client, doc_ids):
    """A record whose text is incomplete (a page timed out) says so, in Vietnamese, above its
    text; a complete one says nothing of the kind."""
    from pathlib import Path

    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    from corpus.store import Store
    from service.ingest import extract_path

    samples = Path(__file__).resolve().parents[2] / "corpus" / "samples"
    record = extract_path(samples / "002_nq_thanhhoa_2023.txt")
    warning = "Trang 2: nhận dạng chữ (OCR) quá thời gian cho phép, nội dung trang bị thiếu"
    record = record.model_copy(update={"source": record.source.model_copy(update={"warnings": [warning]})})
    db = tmp_path / "incomplete.db"
    with Store(db) as store:
        document_id, _ = store.add(record)
    with TestClient(create_app(Settings(db=db, api_token=None, read_requires_token=False))) as own:
        html = page(own, f"/documents/{document_id}")
        assert "Văn bản chưa đầy đủ" in html and warning in html
        assert own.get(f"/api/documents/{document_id}").json()["source"]["warnings"] == [warning]
    assert "Văn bản chưa đầy đủ" not in page(client, f"/documents/{doc_ids['001_kh_nghean_2024.txt']}")


def test_units_overview_shows_a_few_units_per_province_and_a_page_for_each(client):
    html = page(client, "/units")
    assert "/units?province=Ngh%E1%BB%87%20An" in html or "/units?province=Ngh%E1%BB%87+An" in html
    whole = page(client, "/units?province=Nghệ An")
    assert "Tỉnh ủy Nghệ An" in whole and "Tất cả tỉnh, thành phố" in whole
    assert re.findall(r'<details class="province"[^>]*>\s*<summary><strong>([^<]+)</strong>', whole) == ["Nghệ An"]
    assert whole.count('class="level-title') >= 1  # the whole tree, by level
    response = client.get("/units", params={"province": "Không Có Tỉnh Này"}, headers={"Accept": "text/html"})
    assert response.status_code == 404 and "Không có tỉnh, thành phố nào tên" in response.text
