"""Search: folded matching, exact-first ranking, abbreviations, filters, facets, bad queries."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.query import parse_query
from corpus.store import Store
from ingest.errors import BadQuery


def test_query_without_diacritics_finds_the_text(store, make_record):
    doc_id, _ = store.add(make_record("Huyện ủy Tiên Lãng triển khai công tác phát triển đảng viên mới.",
                                      title="Phát triển đảng viên"))
    store.add(make_record("Báo cáo về công tác dân vận năm 2023.", title="Dân vận"))
    result = store.search("phat trien dang vien")
    assert result["total"] == 1
    assert result["hits"][0]["id"] == doc_id
    assert "<mark>phát triển đảng viên</mark>" in result["hits"][0]["snippet"]


@pytest.mark.parametrize(("stored", "query"), [("Huyện uỷ Tiên Lãng", "huyện ủy"), ("Huyện ủy Tiên Lãng", "uỷ")])
def test_both_tone_placements_are_one_word(store, stored, query, make_record):
    store.add(make_record(f"{stored} họp phiên thường kỳ."))
    assert store.search(query)["total"] == 1


def test_a_match_with_the_diacritics_as_typed_ranks_first(store, make_record):
    folded_only, _ = store.add(make_record("Các dạng văn bản, dạng mẫu, dạng biểu: dạng dạng dạng.", title="Dạng"))
    exact, _ = store.add(make_record("Báo cáo công tác năm. Đảng bộ xã đã làm tốt.", title="Báo cáo"))
    assert [h["id"] for h in store.search("đảng")["hits"]] == [exact, folded_only]
    assert [h["id"] for h in store.search("dạng")["hits"]] == [folded_only, exact]
    assert store.search("dang")["total"] == 2


def test_title_matches_weigh_more_than_body_matches(store, make_record):
    body, _ = store.add(make_record("Văn bản có nhắc tới chuyển đổi số một lần.", title="Báo cáo tháng"))
    titled, _ = store.add(make_record("Nội dung kế hoạch.", title="Kế hoạch chuyển đổi số"))
    assert [h["id"] for h in store.search("chuyển đổi số")["hits"]] == [titled, body]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("TVTU", "Ban Thường vụ Tỉnh ủy đã họp."),
        ("LĐLĐ", "Liên đoàn Lao động tỉnh tổ chức hội nghị."),
        ("ldld", "Liên đoàn Lao động tỉnh tổ chức hội nghị."),
        ("UBND", "Ủy ban nhân dân huyện ban hành kế hoạch."),
        ("HĐND tỉnh", "Hội đồng nhân dân tỉnh thông qua nghị quyết."),
        ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh."),
        ("ĐTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh."),
        ("TVTU", "Ban TVTU đã họp."),
    ],
)
def test_abbreviations_are_expanded(store, query, text, make_record):
    store.add(make_record(text))
    assert store.search(query)["total"] == 1


def test_short_abbreviations_expand_only_in_capitals():
    assert len(parse_query("DN").groups[0]) == 2
    assert len(parse_query("dn").groups[0]) == 1


def test_phrases_prefixes_and_or(store, make_record):
    a, _ = store.add(make_record("kết nạp đảng viên mới trong doanh nghiệp"))
    b, _ = store.add(make_record("đảng viên kết nạp mới"))
    assert {h["id"] for h in store.search('"kết nạp đảng viên"')["hits"]} == {a}
    assert {h["id"] for h in store.search("doanh*")["hits"]} == {a}
    assert {h["id"] for h in store.search("doanh OR viên")["hits"]} == {a, b}


MALFORMED = [
    '"', '"đảng', 'đảng"', '""', "AND", "OR", "NOT", "đảng AND", "OR đảng", "NOT đảng", "*", "**", "đảng*", "*đảng",
    "(", ")", "(đảng", "đảng)", "()", "-", "-đảng", ":", "title:đảng", "^", "^đảng", "NEAR(a b)", "{title}: x",
    "a + b", "' OR 1=1 --", "đảng; DROP TABLE documents", "\\", "%", "_", "\x00", "🙂", "[x]", "a\"b\"c\"", "x" * 600,
]


@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_queries_never_raise_an_sqlite_error(store, query, make_record):
    store.add(make_record("Đảng ủy xã họp bàn công tác đảng viên."))
    try:
        result = store.search(query)
    except BadQuery as error:
        assert error.message
    else:
        assert result["total"] >= 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('"*()-:^+{}[]ANDORNOTđảngủy xyz0123456789 \'.,/\\')), max_size=40))
def test_any_typed_query_is_answered_or_refused_cleanly(make_record, query):
    with Store(":memory:") as store:
        store.add(make_record("Đảng ủy xã họp bàn công tác đảng viên."))
        try:
            store.search(query)
        except BadQuery:
            pass
        except sqlite3.Error as error:  # pragma: no cover - the failure this test guards against
            pytest.fail(f"{query!r} raised {error!r}")


def test_queries_with_nothing_to_search_are_refused(store):
    for query in ("*", "()", '"', "-", "* ( )"):
        with pytest.raises(BadQuery):
            store.search(query)


def test_snippets_escape_html(store, make_record):
    store.add(make_record("Lưu ý <script>alert(1)</script> về đảng viên."))
    snippet = store.search("đảng viên")["hits"][0]["snippet"]
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>đảng viên</mark>" in snippet


def test_snippet_is_a_window_around_the_matches(store, make_record):
    text = "mở đầu " * 200 + "kết nạp đảng viên" + " kết thúc" * 200
    store.add(make_record(text))
    snippet = store.search("đảng viên")["hits"][0]["snippet"]
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>đảng viên</mark>" in snippet
    assert len(snippet) < 400


def test_empty_query_lists_newest_issued_first(store, make_record):
    old, _ = store.add(make_record("Văn bản cũ.", issued_on="2019-01-02"))
    new, _ = store.add(make_record("Văn bản mới.", issued_on="2024-05"))
    undated, _ = store.add(make_record("Không ngày.", issued_on=None))
    assert [h["id"] for h in store.search("")["hits"]] == [new, old, undated]


def test_filters_and_facets(store, make_record):
    store.add(make_record("Nghị quyết đảng viên.", kind="resolution", issued_on="2022-03-01", topics=["party_building"]))
    store.add(make_record("Kế hoạch đảng viên.", kind="plan", issued_on="2023-07", topics=["party_building", "mass_mobilization"]))
    store.add(make_record("Báo cáo đảng viên.", kind="report", issued_on="2023"))
    assert store.search("đảng viên", kind="plan")["total"] == 1
    assert store.search("đảng viên", topic="party_building")["total"] == 2
    assert store.search("đảng viên", date_from="2023-01-01")["total"] == 2
    assert store.search("đảng viên", date_from="2023-08")["total"] == 1  # "2023" overlaps, "2023-07" does not
    assert store.search("đảng viên", date_to="2022-12-31")["total"] == 1
    facets = store.search("đảng viên")["facets"]
    assert facets["kind"] == {"plan": 1, "report": 1, "resolution": 1}
    assert facets["year"] == {"2023": 2, "2022": 1}
    assert facets["topic"] == {"party_building": 2, "mass_mobilization": 1}


@pytest.mark.parametrize(
    "kwargs",
    [{"date_from": "2023-13"}, {"date_to": "hôm qua"}, {"kind": "poem"}, {"page": 0}, {"per_page": 1000}],
)
def test_bad_filter_values_are_bad_queries(store, kwargs):
    with pytest.raises(BadQuery):
        store.search("đảng", **kwargs)


def test_pages(store, make_record):
    for i in range(25):
        store.add(make_record(f"Văn bản số {i} về đảng viên."))
    first = store.search("đảng viên", per_page=10)
    third = store.search("đảng viên", per_page=10, page=3)
    assert first["total"] == 25 and len(first["hits"]) == 10 and len(third["hits"]) == 5
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in third["hits"]}


def test_unit_facet_counts_documents(store, make_record, unit):
    tl = unit("Huyện ủy Tiên Lãng", "party_committee", "district", "Hải Phòng", "Tiên Lãng")
    store.add(make_record("Đảng viên mới một.", units=[tl]))
    store.add(make_record("Đảng viên mới hai.", units=[tl]))
    assert store.search("đảng viên")["facets"]["unit"] == {"Huyện ủy Tiên Lãng": 2}


def test_the_words_together_rank_before_the_words_apart(store, make_record):
    apart, _ = store.add(make_record("Phát biểu về đảng viên trẻ; triển lãm ảnh đảng viên.", title="Tin"))
    together, _ = store.add(make_record("Công tác phát triển đảng viên mới.", title="Tin khác"))
    assert [h["id"] for h in store.search("phat trien dang vien")["hits"]] == [together, apart]
    assert [h["id"] for h in store.search("phát triển đảng viên")["hits"]] == [together, apart]


def test_a_document_number_finds_that_document_first(store, make_record):
    citing, _ = store.add(make_record("Thực hiện Nghị quyết 28-NQ/TU; 28-NQ/TU; 28-NQ/TU.", title="Kế hoạch 28-NQ/TU"))
    own, _ = store.add(make_record("Nghị quyết về đảng viên.", number="28-NQ/TU", title="Nghị quyết",
                                   issued_on="2021-01-01"))
    text_only, _ = store.add(make_record("Số 28-NQ/TU ngày 1/1/2021.", title="Nghị quyết khác"))
    hits = [h["id"] for h in store.search("28-NQ/TU")["hits"]]
    assert hits[0] == own
    assert set(hits) == {citing, own, text_only}
    assert store.search("28-NQ/TU")["hits"][0]["snippet"].startswith("Nghị quyết về đảng viên")


def _unit(name, level, province, district=None):
    return {"name": name, "kind": "party_committee", "level": level,
            "locality": {"province": province, "district": district, "commune": None}, "parent": None,
            "mentions": [{"start": 0, "end": 1, "text": name[:1]}]}


def test_issue_15_a_place_in_the_query_finds_the_documents_of_units_there(store, make_record):
    named, _ = store.add(make_record("Thành phố Hải Phòng tổng kết năm.", title="Tổng kết"))
    apart, _ = store.add(make_record("Xã Phong Hải họp.", title="Phong Hải"))
    district, _ = store.add(make_record("Huyện ủy Tiên Lãng tổng kết năm.", title="Tiên Lãng",
                                        units=[_unit("Huyện ủy Tiên Lãng", "district", "Hải Phòng", "Tiên Lãng")]))
    merged, _ = store.add(make_record("Huyện ủy Thanh Miện họp.", title="Thanh Miện",
                                      units=[_unit("Huyện ủy Thanh Miện", "district", "Hải Dương", "Thanh Miện")]))
    store.add(make_record("Huyện ủy Vị Xuyên họp.", units=[_unit("Huyện ủy Vị Xuyên", "district", "Hà Giang", "Vị Xuyên")]))
    for query in ("hai phong", "Hải Phòng", "thành phố Hải Phòng"):
        result = store.search(query)
        order = [h["id"] for h in result["hits"]]
        assert order[0] == named, query  # the words together, in the text
        assert set(order[1:3]) == {district, merged}, query  # then the units located there
        assert apart not in order[:3] and result["total"] == len(order)
    # the other words still have to match
    assert [h["id"] for h in store.search("tổng kết Hải Phòng")["hits"]][:2] == [named, district]
    assert store.search("Hà Giang")["total"] == 1


def test_issue_15_the_query_words_together_rank_first_typed_either_way(store, make_record):
    apart, _ = store.add(make_record(
        "Kế hoạch phát triển đoàn viên công đoàn; giới thiệu đoàn viên cho Đảng; đảng viên.",
        title="Kế hoạch phát triển đoàn viên"))
    together, _ = store.add(make_record("Kế hoạch về công tác phát triển đảng viên năm 2024.",
                                        title="Kế hoạch phát triển đảng viên"))
    for query in ("ke hoach phat trien dang vien", "kế hoạch phát triển đảng viên"):
        assert [h["id"] for h in store.search(query)["hits"]] == [together, apart], query
