"""Targets, figures and deadlines as rows, and writers for CSV, JSON and NDJSON.

CSV is UTF-8 with a byte-order mark so that Excel shows Vietnamese correctly. The writers
yield text chunks, so one function serves a file, stdout and an HTTP stream.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from sqlite_utils import Database

from corpus.items import COLUMNS, ITEM_KINDS, REVIEW_COLUMNS
from corpus.search import ALL, Filters, compile_filters
from corpus.text import timestamp
from ingest.errors import BadQuery

ItemKind = Literal["targets", "figures", "deadlines"]
Format = Literal["csv", "json", "ndjson"]
FORMATS: tuple[str, ...] = ("csv", "json", "ndjson")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json", "ndjson": "application/x-ndjson"}
BOM = "\ufeff"


def parse_since(value: str | None) -> tuple[str, str] | None:
    """(operator, timestamp) for `created_at`: a date includes that day, a datetime is exclusive."""
    if value is None or value.strip() == "":
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return ">=", timestamp(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))
        # A '+' in an unencoded query string arrives as a space: '…T08:00:00 07:00'.
        moment = dt.datetime.fromisoformat(re.sub(r" (\d{2}:?\d{2})$", r"+\1", text))
    except ValueError:
        raise BadQuery(f"since={value!r} is not an ISO date or date-time (2024-05-01 or 2024-05-01T08:00:00Z)") from None
    return ">", timestamp(moment)


def rows(
    db: Database,
    kind: str,
    filters: Filters = Filters(),
    *,
    since: str | None = None,
    limit: int | None = None,
    indicator: str | None = None,
    behind: bool = False,
    staff: bool = True,
) -> list[dict[str, Any]]:
    """Rows of one item kind for documents matching the filters, oldest document first. With
    `staff` (a store with the tables of corpus.staffdb) rows carry who reviewed them, and `since`
    also lists the items deleted or rejected since. Targets and figures also by indicator code,
    targets also only those behind schedule."""
    if kind not in ITEM_KINDS:
        raise BadQuery(f"{kind!r} is not exportable; use one of {', '.join(ITEM_KINDS)}")
    compiled = compile_filters(db, filters, unit_on_documents=False)
    clauses = [compiled.where]
    params = list(compiled.params)
    if indicator:
        if kind == "deadlines":
            raise BadQuery("indicator= filters targets and figures, not deadlines")
        clauses.append("t.indicator_code = ?")
        params.append(indicator.strip())
    if behind:
        if kind != "targets":
            raise BadQuery("behind= filters targets only")
        clauses.append("t.behind = 1")
    if compiled.unit_ids is not None:
        # Rows of the units, and rows without a unit in their documents: each read through its index
        # (an OR over both made SQLite walk every row of the table).
        clauses.append(
            f't.rowid IN (SELECT rowid FROM "{kind}" WHERE unit_id IN (SELECT value FROM json_each(?))'
            f' UNION ALL SELECT rowid FROM "{kind}" WHERE +unit_id IS NULL AND document_id IN'
            " (SELECT document_id FROM document_units WHERE unit_id IN (SELECT value FROM json_each(?))))"
        )
        ids = json.dumps(compiled.unit_ids)
        params.extend([ids, ids])
    since_clause = parse_since(since)
    if since_clause:
        clauses.append(f"t.created_at {since_clause[0]} ?")
        params.append(since_clause[1])
    columns = ", ".join(
        f"d.{c[len('document_'):]} AS {c}" if c.startswith("document_") and c != "document_id" else f't."{c}"'
        for c in COLUMNS[kind]
        if staff or c not in REVIEW_COLUMNS
    )
    order = " ORDER BY t.document_id, t.item_index"
    joined = f'"{kind}" t JOIN documents d ON d.id = t.document_id'
    if limit is None:
        sql = f"SELECT {columns} FROM {joined} WHERE {' AND '.join(clauses)}{order}"
    else:  # the first rows chosen before their documents are read (a lookup per row is the cost)
        chosen = joined if compiled.where != ALL else f'"{kind}" t'
        sql = (
            f"SELECT {columns} FROM {joined} WHERE t.rowid IN"
            f" (SELECT t.rowid FROM {chosen} WHERE {' AND '.join(clauses)}{order} LIMIT ?){order}"
        )
        params.append(limit)
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    if since_clause and limit is None and staff:  # a sync feed also learns what was deleted or rejected since
        found.extend(
            {"id": r[0], "deleted": True, "deleted_at": r[1], "document_id": r[2]}
            for r in db.execute(
                f"SELECT id, deleted_at, document_id FROM tombstones WHERE kind = ? AND deleted_at {since_clause[0]} ?"
                " ORDER BY deleted_at, id",
                [kind, since_clause[1]],
            )
        )
    return found


def iter_csv(kind: str, records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV text with a BOM and a header row, in chunks."""
    records = list(records)
    fieldnames = list(COLUMNS[kind])
    if any(record.get("deleted") for record in records):
        fieldnames += ["deleted", "deleted_at"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, extrasaction="ignore", lineterminator="\r\n")
    buffer.write(BOM)
    writer.writeheader()
    for count, record in enumerate(records, 1):
        writer.writerow({k: _csv_value(v) for k, v in record.items()})
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def _csv_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return neutralize_cell(value)
    return value


def neutralize_cell(text: str) -> str:
    """A text cell a spreadsheet would read as a formula ('=HYPERLINK(…)', '+SUM…', '@SUM…', a leading
    tab or carriage return) gets a leading apostrophe, as OWASP recommends for CSV injection; a
    signed number stays as it is."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def iter_json(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array, one element per chunk."""
    yield "["
    for i, record in enumerate(records):
        yield ("," if i else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"


def iter_ndjson(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON object per line."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def iter_format(kind: str, fmt: str, records: Iterable[dict[str, Any]]) -> Iterator[str]:
    if fmt == "csv":
        return iter_csv(kind, records)
    if fmt == "json":
        return iter_json(records)
    if fmt == "ndjson":
        return iter_ndjson(records)
    raise BadQuery(f"format={fmt!r} is not supported; use one of {', '.join(FORMATS)}")


def write(kind: str, fmt: str, records: Iterable[dict[str, Any]], out: io.TextIOBase | Any) -> None:
    """Write rows to a text file opened with encoding='utf-8' and newline=''."""
    for chunk in iter_format(kind, fmt, records):
        out.write(chunk)
