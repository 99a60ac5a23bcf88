"""Exports stream: an export of 100,000 rows holds one batch at a time, not every row."""

from __future__ import annotations

import tracemalloc

import pytest

from corpus import export
from corpus.export import iter_format
from corpus.store import Store
from extract.models import Extraction

TEXT = "Phấn đấu kết nạp 500 đảng viên mới trong năm 2025."


def _record(text: str, *, sha: str, number: str, targets: list[dict]) -> Extraction:
    return Extraction.model_validate({
        "source": {"filename": "kh.txt", "sha256": sha, "media_type": "text/plain", "pages": None},
        "text": text, "document": {"kind": "resolution", "number": number, "issued_on": "2024-01-05"},
        "targets": targets,
    })


def _store_with_rows(make_record, count: int) -> Store:
    """A store whose one document has `count` targets (the first stored, the rest copied in SQL)."""
    store = Store(":memory:")
    store.add(make_record(
        TEXT, sha="e" * 64, number="12-KH/TU",
        targets=[{"measure": "kết nạp đảng viên mới", "comparator": "gte", "value": 500, "unit_of_measure": "đảng viên",
                  "due": "2025", "evidence": "kết nạp 500 đảng viên mới", "start": 9, "end": 34}],
    ))
    columns = [row[1] for row in store.db.execute("PRAGMA table_info(targets)").fetchall()]
    copied = ", ".join(
        "'g' || n" if c == "id" else "n" if c == "item_index" else "t.value + n" if c == "value" else f't."{c}"'
        for c in columns
    )
    store.db.execute(
        f"INSERT INTO targets ({', '.join(repr(c).replace(chr(39), chr(34)) for c in columns)})"
        f" WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)"
        f" SELECT {copied} FROM seq, (SELECT * FROM targets LIMIT 1) t",
        [count - 1],
    )
    return store


def _peak_while_streaming(store: Store, fmt: str, lang: str = "en") -> tuple[int, int, int]:
    """(peak bytes allocated while streaming, rows in the output, characters written)."""
    tracemalloc.start()
    try:
        lines = characters = 0
        for chunk in iter_format("targets", fmt, store.stream_rows("targets"), lang):
            lines += chunk.count("\n")
            characters += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, lines, characters


@pytest.fixture(scope="module")
def stores():
    small, large = _store_with_rows(_record, 10_000), _store_with_rows(_record, 100_000)
    yield small, large
    small.close()
    large.close()


def test_an_export_of_100000_rows_streams_in_constant_memory(stores):
    small, large = stores
    peak_small, lines_small, _ = _peak_while_streaming(small, "csv", "vi")
    peak_large, lines_large, written = _peak_while_streaming(large, "csv", "vi")
    assert lines_small == 10_000 + 1 and lines_large == 100_000 + 1  # the header and one line per row
    # Ten times the rows, about the same memory: one batch of rows, never the whole export
    # (read as one list, the 100,000 rows of this test peaked at 188 MB for a 16 MB CSV).
    assert peak_large < 1.5 * peak_small + 2_000_000, (peak_small, peak_large)
    assert peak_large < 16_000_000 and written > 10_000_000, (peak_large, written)


def test_an_ndjson_export_of_100000_rows_streams_too(stores):
    # (JSON goes through the same writer with brackets around: tests/corpus/test_export.py)
    peak, lines, written = _peak_while_streaming(stores[1], "ndjson")
    assert lines == 100_000
    assert peak < 16_000_000 and written > 10_000_000, (peak, written)


def test_the_stream_gives_the_rows_of_the_list_in_order(make_record):
    with _store_with_rows(make_record, 5_003) as store:
        listed = store.rows("targets")
        streamed = list(export.stream(store.db, "targets", staff=store.staff, batch=1000))
        assert streamed == listed
        assert [r["value"] for r in streamed[:3]] == [500, 501, 502]
        assert len(store.rows("targets", limit=50, offset=5_000)) == 3
        assert store.count_rows("targets") == 5_003
        assert store.count_rows("targets", q="đảng viên", doc_kind="resolution") == 5_003
        assert store.count_rows("targets", doc_kind="plan") == 0


def test_pages_found_from_document_counts_are_the_pages_sql_finds(make_record):
    """The register's pages for filters on documents only (words, kind, year) come from per-document
    counts; they must be the rows, totals and order the SQL of an export gives."""
    from corpus.search import Filters

    texts = ("Phấn đấu kết nạp {n} đảng viên mới.", "Xây dựng {n} xã nông thôn mới.", "Trồng {n} ha rừng.")
    with Store(":memory:") as store:
        for i in range(12):
            targets = [{"measure": f"chỉ tiêu {j}", "comparator": "gte", "value": 10 * i + j, "unit_of_measure": "xã",
                        "evidence": f"{i}-{j}", "start": 0, "end": 5} for j in range(i % 4)]  # 0 to 3 rows
            store.add(make_record(texts[i % 3].format(n=i + 1), sha=f"{i:064x}", kind=("plan", "resolution")[i % 2],
                                  issued_on=f"{2021 + i % 3}-05-0{1 + i % 5}", targets=targets))
        cases = [{"q": "đảng viên"}, {"q": "nong thon moi"}, {"doc_kind": "plan"}, {"date_from": "2022", "date_to": "2022"},
                 {"q": "rừng", "doc_kind": "resolution"}, {"date_from": "2021-05-02"}, {"q": "không có từ này"}]
        for case in cases:
            filters = Filters(case.get("q"), None, case.get("doc_kind"), None, case.get("date_from"), case.get("date_to"))
            every = export.rows(store.db, "targets", filters, staff=store.staff)
            assert store.count_rows("targets", **case) == len(every), case
            for limit, offset in ((5, 0), (2, 3), (4, 5), (50, 0), (3, len(every)), (1, max(len(every) - 1, 0))):
                assert store.rows("targets", limit=limit, offset=offset, **case) == every[offset:offset + limit], case
