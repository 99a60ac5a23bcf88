"""The paths that keep search fast on large stores give the answers of plain SQL.

Filters, totals, facets and the order of an empty query come from in-memory arrays
(`corpus.docindex`); they are compared here with the SQL they replace. Broad queries are
ordered by tiers instead of bm25 (forced here with RANK_ALL = 0), and snippets are highlighted
in Python instead of by FTS5 `highlight()`: both are checked against FTS5 itself.
"""

from __future__ import annotations

import itertools
import random

import pytest

from corpus import search as search_module
from corpus.query import parse_query
from corpus.search import Filters, compile_filters
from corpus.store import Store
from corpus.text import MARK_END, MARK_START, marked_spans

PROVINCES = ("Hải Phòng", "Nghệ An", "Bình Dương")
KINDS = ("resolution", "plan", "report", None)
DATES = ("2021", "2022-03", "2022-03-15", "2022-11-30", "2023", "2023-07", "2023-07-28", "2024-01-02", None)
TOPICS = ("party_building", "mass_mobilization", "digital_transformation")
WORDS = (
    "đảng viên", "dân vận", "chuyển đổi số", "phát triển", "kết nạp", "Ban Thường vụ Tỉnh ủy", "dạng", "UBND tỉnh",
    "Ủy ban nhân dân tỉnh",
)


def _records(make_record, unit, count: int, seed: int = 7):
    rng = random.Random(seed)
    for i in range(count):
        province = rng.choice(PROVINCES)
        units = [unit(f"Tỉnh ủy {province}", "party_committee", "province", province)]
        if rng.random() < 0.6:
            units.append(unit(f"Huyện ủy X{i % 4} {province}", "party_committee", "district", province, f"X{i % 4}"))
        words = " ".join(rng.sample(WORDS, 3))
        yield make_record(
            f"Văn bản {i}: {words}. Công tác {rng.choice(WORDS)} năm nay.",
            title=f"Về {rng.choice(WORDS)} số {i}",
            kind=rng.choice(KINDS),
            issued_on=rng.choice(DATES),
            topics=rng.sample(TOPICS, rng.randint(0, 2)),
            units=units,
            number=f"{i}-NQ/TU" if i % 5 == 0 else None,
        )


def _sql_reference(store: Store, filters: Filters) -> dict:
    """Total, order of the empty query and facets, straight from SQL (the code before the index)."""
    db = store.db
    compiled = compile_filters(db, filters)
    where, params = compiled.where, compiled.params
    rows = db.execute(
        f"SELECT d.id FROM documents d WHERE {where}"
        " ORDER BY d.issued_on IS NULL, d.issued_on DESC, d.id DESC",
        params,
    ).fetchall()
    ids = [r[0] for r in rows]
    matched = f"(SELECT d.id FROM documents d WHERE {where})"
    kind = db.execute(
        f"SELECT kind, count(*) FROM documents WHERE id IN {matched} AND kind IS NOT NULL GROUP BY kind"
        " ORDER BY 2 DESC, 1", params,
    ).fetchall()
    year = db.execute(
        f"SELECT year, count(*) FROM documents WHERE id IN {matched} AND year IS NOT NULL GROUP BY year"
        " ORDER BY 1 DESC", params,
    ).fetchall()
    topic = db.execute(
        f"SELECT topic, count(*) FROM document_topics WHERE document_id IN {matched} GROUP BY topic"
        " ORDER BY 2 DESC, 1", params,
    ).fetchall()
    unit = db.execute(  # rolled up: a document counts for its units and every unit above them
        f"WITH RECURSIVE up(doc, unit) AS (SELECT document_id, unit_id FROM document_units"
        f" WHERE document_id IN {matched} UNION SELECT up.doc, u.parent_id FROM up JOIN units u ON u.id = up.unit"
        " WHERE u.parent_id IS NOT NULL)"
        " SELECT u.name, count(*) FROM up JOIN units u ON u.id = up.unit GROUP BY u.id ORDER BY 2 DESC, u.name LIMIT ?",
        [*params, search_module.FACET_UNITS],
    ).fetchall()
    facets = {
        "unit": dict(unit), "kind": dict(kind), "year": {str(y): n for y, n in year}, "topic": dict(topic),
    }
    return {"total": len(ids), "ids": ids, "facets": facets}


FILTERS = [
    Filters(),
    Filters(kind="plan"),
    Filters(kind="decree"),
    Filters(topic="party_building"),
    Filters(topic="nothing"),
    Filters(date_from="2022-03"),
    Filters(date_from="2022-03-16"),
    Filters(date_to="2022"),
    Filters(date_to="2023-07-01"),
    Filters(date_from="2022", date_to="2023-07"),
    Filters(unit="Tỉnh ủy Hải Phòng"),
    Filters(unit="Nghệ An"),
    Filters(unit="X1"),
    Filters(unit="không có"),
    Filters(unit="Tỉnh ủy Bình Dương", kind="resolution", date_from="2022"),
    Filters(q="đảng viên"),
    Filters(q="dang vien", kind="report"),
    Filters(q="TVTU", topic="mass_mobilization"),
    Filters(q="TVTU"),
    Filters(q="UBND tỉnh"),
    Filters(q="ủy ban OR UBND"),
    Filters(q='"chuyển đổi số"', date_to="2023"),
    Filters(q="10-NQ/TU"),
    Filters(q="dân*", unit="Tỉnh ủy Nghệ An"),
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: repr(f)[8:60])
def test_totals_facets_and_the_empty_query_order_are_those_of_sql(make_record, unit, filters):
    with Store(":memory:") as store:
        records = list(_records(make_record, unit, 90))
        for record in records[:40]:  # the index grows as documents arrive: search between adds
            store.add(record)
        for query in ("", "TVTU", "UBND tỉnh"):  # expansions' documents are kept, then extended
            store.search(query)
        store.add_many(records[40:])
        expected = _sql_reference(store, filters)
        got = store.search(
            filters.q, unit=filters.unit, kind=filters.kind, topic=filters.topic, date_from=filters.date_from,
            date_to=filters.date_to, per_page=100,
        )
        assert got["total"] == expected["total"]
        assert got["facets"] == expected["facets"]
        assert list(got["facets"]["unit"]) == list(expected["facets"]["unit"])  # same order, ties by name
        if filters.q is None:
            assert [h["id"] for h in got["hits"]] == expected["ids"][:100]
        else:  # ranked differently, but every match is on this page
            assert sorted(h["id"] for h in got["hits"]) == sorted(expected["ids"])


def test_documents_another_process_adds_are_found(tmp_path, make_record):
    path = tmp_path / "shared.db"
    with Store(path) as server, Store(path) as other:
        server.add(make_record("Nghị quyết về đảng viên.", kind="resolution", topics=["party_building"]))
        assert server.search("đảng viên")["total"] == 1
        other.add(make_record("Kế hoạch về đảng viên.", kind="plan", issued_on="2019", topics=["new_topic"]))
        result = server.search("đảng viên")
        assert result["total"] == 2
        assert result["facets"]["kind"] == {"plan": 1, "resolution": 1}
        assert result["facets"]["topic"] == {"new_topic": 1, "party_building": 1}
        assert server.search(kind="plan", date_to="2019")["total"] == 1


@pytest.fixture
def broad(monkeypatch):
    """Every query takes the broad-query path, with a small window."""
    monkeypatch.setattr(search_module, "RANK_ALL", 0)
    monkeypatch.setattr(search_module, "TIER_WINDOW", 6)


def test_a_broad_query_ranks_by_tiers_newest_first(store, make_record, broad):
    folded_only, _ = store.add(make_record("Các dạng văn bản viên chức.", title="Dạng"))
    apart_exact, _ = store.add(make_record("Đảng bộ có nhiều viên chức trẻ.", title="Báo cáo"))
    together_old, _ = store.add(make_record("Công tác đảng viên mới.", title="Tin"))
    together_new, _ = store.add(make_record("Kết nạp đảng viên trẻ.", title="Tin mới"))
    own, _ = store.add(make_record("Văn bản khác.", number="7-NQ/TU", title="Nghị quyết"))
    hits = [h["id"] for h in store.search("đảng viên")["hits"]]
    assert hits == [together_new, together_old, apart_exact, folded_only]
    assert [h["id"] for h in store.search("7-NQ/TU")["hits"]][0] == own


def test_a_broad_query_pages_through_every_match_once(store, make_record, broad):
    ids = [store.add(make_record(f"Văn bản {i} về đảng viên{' mới' if i % 3 else ''}.",
                                 title=f"Tin {i}", kind="plan" if i % 2 else "report"))[0] for i in range(23)]
    for kwargs in ({}, {"kind": "plan"}):
        pages = [store.search("đảng viên", page=p, per_page=5, **kwargs) for p in range(1, 7)]
        seen = [h["id"] for page in pages for h in page["hits"]]
        total = pages[0]["total"]
        assert len(seen) == len(set(seen)) == total
        assert set(seen) <= set(ids)
        assert total == (23 if not kwargs else 11)


def test_a_broad_query_finds_a_match_outside_the_window(store, make_record, broad):
    first, _ = store.add(make_record("Nghị quyết phát triển đảng viên.", title="Đầu tiên", kind="resolution"))
    for i in range(12):
        store.add(make_record(f"Kế hoạch {i}: phát triển đảng viên.", kind="plan"))
    result = store.search("phát triển đảng viên", kind="resolution")
    assert result["total"] == 1 and [h["id"] for h in result["hits"]] == [first]


def _merged(spans):
    out = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


TEXTS = [
    "Huyện ủy Tiên Lãng triển khai công tác phát triển đảng viên mới; đảng viên, Đảng viên.",
    "Ban Thường vụ Tỉnh ủy (Ban TVTU) họp; Thường vụ Tỉnh ủy kết luận số 28-NQ/TU, 28-nq/tu.",
    "Dân vận khéo, dân vận chính quyền; vận động dân; dân-vận; dân_vận.",
    "Ủy ban nhân dân tỉnh, UBND huyện; ủy ban nhân dân; đảng đảng đảng viên viên.",
]
QUERIES = [
    "đảng viên", "dang vien", '"đảng viên mới"', "TVTU", "28-NQ/TU", "dân vận*", "dân*", "UBND tỉnh",
    '"đảng đảng"', "viên OR vận", "ủy ban",
]


@pytest.mark.parametrize(("text", "query"), list(itertools.product(TEXTS, QUERIES)))
def test_snippet_highlights_are_those_of_fts5(sqlite_store, make_record, text, query):
    store = sqlite_store
    doc_id, _ = store.add(make_record(text, title="Văn bản"))
    parsed = parse_query(query)
    match = parsed.match(("title_folded", "text_folded"), folded=True)
    row = store.db.execute(
        "SELECT highlight(documents_fts, 3, ?, ?) FROM documents_fts WHERE documents_fts MATCH ? AND rowid = ?",
        [MARK_START, MARK_END, match, doc_id],
    ).fetchone()
    expected = _merged(marked_spans(row[0])) if row else []
    pattern = search_module._highlighter(parsed)
    folded = store.db.execute("SELECT text_folded FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
    got = _merged([(m.start(1), m.end(1)) for m in pattern.finditer(folded)]) if pattern else []
    if row:
        assert got == expected


@pytest.mark.parametrize("query", QUERIES)
def test_postgresql_matches_what_fts5_matches(sqlite_store, empty_postgres, make_record, query):
    """The tsvector translation of a query finds the same documents as FTS5, with the same
    snippets and facets. (Within a ranking tier the last word is bm25 on SQLite, ts_rank on
    PostgreSQL: the order there may differ.)"""
    from corpus.store import Store

    with Store(empty_postgres) as postgres:
        for store in (sqlite_store, postgres):
            for index, text in enumerate(TEXTS):
                store.add(make_record(text, title=f"Văn bản {index}", sha=f"{index:064d}"))
        lite = sqlite_store.search(query, per_page=100)
        server = postgres.search(query, per_page=100)
    assert lite["total"] == server["total"]
    assert {hit["id"]: hit["snippet"] for hit in lite["hits"]} == {hit["id"]: hit["snippet"] for hit in server["hits"]}
    assert lite["facets"] == server["facets"]
