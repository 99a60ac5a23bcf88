"""Exports: rows with stable ids, CSV with a BOM, JSON, NDJSON, filters and since=."""

from __future__ import annotations

import csv
import io
import json

import pytest

import corpus.store
from corpus.export import BOM, iter_format, parse_since, write
from corpus.store import Store
from ingest.errors import BadQuery

TEXT = "Phấn đấu kết nạp 500 đảng viên mới; đã kết nạp được 5.966 đảng viên. Hoàn thành trước ngày 15/12/2025."


def _record(make_record, unit, sha="a" * 64, **kwargs):
    return make_record(
        TEXT,
        sha=sha,
        number="28-NQ/TU",
        units=[unit("Huyện ủy Tiên Lãng", "party_committee", "district", "Hải Phòng", "Tiên Lãng")],
        targets=[{"measure": "kết nạp đảng viên mới", "comparator": "gte", "value": 500, "unit_of_measure": "đảng viên",
                  "period": {"start": "2021", "end": "2025"}, "due": "2025", "unit": "Huyện ủy Tiên Lãng",
                  "evidence": "Phấn đấu kết nạp 500 đảng viên mới", "start": 0, "end": 35}],
        figures=[{"measure": "đảng viên đã kết nạp", "value": 5966, "unit_of_measure": "đảng viên",
                  "as_of": "2023-07-28", "evidence": "đã kết nạp được 5.966 đảng viên", "start": 37, "end": 68}],
        deadlines=[{"task": "hoàn thành", "due": "2025-12-15", "evidence": "trước ngày 15/12/2025", "start": 81, "end": 102}],
        **kwargs,
    )


def test_rows_carry_ids_document_facts_unit_and_evidence(store, make_record, unit):
    doc_id, _ = store.add(_record(make_record, unit))
    (target,) = store.rows("targets")
    assert target["document_id"] == doc_id
    assert target["document_number"] == "28-NQ/TU"
    assert target["unit"] == "Huyện ủy Tiên Lãng"
    assert target["evidence"] == "Phấn đấu kết nạp 500 đảng viên mới"
    assert (target["period_start"], target["period_end"], target["due"]) == ("2021", "2025", "2025")
    (figure,) = store.rows("figures")
    assert figure["as_of"] == "2023-07-28" and figure["value"] == 5966
    (deadline,) = store.rows("deadlines")
    assert deadline["due"] == "2025-12-15"
    assert len({target["id"], figure["id"], deadline["id"]}) == 3


def test_row_ids_are_stable_across_stores(make_record, unit):
    with Store() as one, Store() as two:
        two.add(make_record("Một văn bản khác trước."))
        one.add(_record(make_record, unit))
        two.add(_record(make_record, unit))
        for kind in ("targets", "figures", "deadlines"):
            assert [r["id"] for r in one.rows(kind)] == [r["id"] for r in two.rows(kind)]


def test_csv_has_a_bom_a_header_and_vietnamese(store, make_record, unit):
    store.add(_record(make_record, unit))
    text = "".join(iter_format("targets", "csv", store.rows("targets")))
    assert text.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert rows[0]["measure"] == "kết nạp đảng viên mới"
    assert rows[0]["value"] == "500"
    assert list(rows[0])[:3] == ["id", "document_id", "document_number"]
    raw = text.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf") and "đảng viên".encode() in raw


def test_json_and_ndjson(store, tmp_path, make_record, unit):
    store.add(_record(make_record, unit))
    rows = store.rows("figures")
    assert json.loads("".join(iter_format("figures", "json", rows))) == rows
    lines = "".join(iter_format("figures", "ndjson", rows)).splitlines()
    assert [json.loads(line) for line in lines] == rows
    assert json.loads("".join(iter_format("figures", "json", []))) == []
    path = tmp_path / "f.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        write("figures", "csv", rows, handle)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_unknown_format_or_kind_is_a_bad_query(store):
    with pytest.raises(BadQuery):
        list(iter_format("targets", "xml", []))
    with pytest.raises(BadQuery):
        store.rows("people")


def test_since_returns_rows_stored_after(store, monkeypatch, make_record, unit):
    times = iter(["2024-01-01T08:00:00.000000Z", "2024-03-01T08:00:00.000000Z"])
    monkeypatch.setattr(corpus.store, "timestamp", lambda: next(times))
    store.add(_record(make_record, unit, sha="1" * 64))
    store.add(_record(make_record, unit, sha="2" * 64, issued_on="2024-02-02"))  # another document
    assert len(store.rows("targets")) == 2
    assert len(store.rows("targets", since="2024-02-01")) == 1
    assert len(store.rows("targets", since="2024-03-01")) == 1  # a date includes its day
    assert len(store.rows("targets", since="2024-03-01T08:00:00Z")) == 0  # a moment is exclusive
    assert len(store.rows("targets", since="2024-03-01T07:00:00+00:00")) == 1
    assert len(store.rows("targets", since="2024-03-01T14:00:00 07:00")) == 1  # '+' lost in a URL
    with pytest.raises(BadQuery):
        store.rows("targets", since="last week")


def test_parse_since_forms():
    assert parse_since(None) is None
    assert parse_since("2024-05-01") == (">=", "2024-05-01T00:00:00.000000Z")
    assert parse_since("2024-05-01T08:00:00+07:00") == (">", "2024-05-01T01:00:00.000000Z")


def test_rows_follow_document_filters_and_the_unit_tree(store, make_record, unit):
    store.add(_record(make_record, unit, sha="1" * 64, kind="plan", issued_on="2022-01-01"))
    btv = unit("Ban Thường vụ Thành ủy Hải Phòng", "committee_body", "province", "Hải Phòng", parent="Thành ủy Hải Phòng")
    store.add(make_record("Kết luận của Ban Thường vụ Thành ủy.", units=[btv]))
    store.add(_record(make_record, unit, sha="2" * 64, kind="resolution", issued_on="2024-01-01"))
    assert len(store.rows("targets", doc_kind="plan")) == 1
    assert len(store.rows("targets", date_from="2023")) == 1
    assert len(store.rows("targets", q="dang vien")) == 2
    assert len(store.rows("targets", unit="Huyện ủy Tiên Lãng")) == 2
    assert len(store.rows("targets", unit="Thành ủy Hải Phòng")) == 2  # the huyện ủy sits below it
    assert store.rows("figures", unit="Thành ủy Hà Nội") == []
