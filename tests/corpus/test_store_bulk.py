"""`Store.add_many`: the same rows as `add` one by one, duplicates answered with their ids."""

from __future__ import annotations

from corpus.store import Store


def test_add_many_stores_what_add_stores(make_record, unit):
    tl = unit("Huyện ủy Tiên Lãng", "party_committee", "district", "Hải Phòng", "Tiên Lãng")
    records = [make_record(f"Văn bản số {i} về đảng viên.", units=[tl]) for i in range(7)]
    with Store(":memory:") as one_by_one, Store(":memory:") as bulk:
        singles = [one_by_one.add(r) for r in records]
        assert bulk.add_many(records, batch=3) == singles
        assert bulk.search("đảng viên")["total"] == 7
        assert bulk.search("đảng viên")["facets"] == one_by_one.search("đảng viên")["facets"]


def test_add_many_answers_duplicates_with_their_ids(store, make_record):
    first = make_record("Nghị quyết về phát triển đảng viên.")
    other = make_record("Kế hoạch công tác dân vận.")
    (first_id, created), = store.add_many([first])
    assert created
    assert store.add_many([other, first, other]) == [(2, True), (first_id, False), (2, False)]
    assert store.count() == 2
