"""Targets, figures and deadlines as rows, and writers for CSV, JSON and NDJSON.

CSV is UTF-8 with a byte-order mark so that Excel shows Vietnamese correctly. The writers
yield text chunks, so one function serves a file, stdout and an HTTP stream.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
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
    responsible: bool = False,
) -> list[dict[str, Any]]:
    """Rows of one item kind for documents matching the filters, oldest document first. With
    `staff` (a store with the tables of corpus.staffdb) rows carry who reviewed them, and `since`
    also lists the items deleted or rejected since. Targets and figures also by indicator code,
    targets also only those behind schedule.

    With a unit filter, the rows of the units and the rows without a unit of the documents linked
    to them; `responsible=True` narrows the latter to documents the units issued (a unit's page:
    a document that only mentions the unit does not make its targets the unit's)."""
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
            " (SELECT document_id FROM document_units WHERE unit_id IN (SELECT value FROM json_each(?))"
            f"{' AND is_issuer = 1' if responsible else ''}))"
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


LANGS: tuple[str, ...] = ("en", "vi")
_VI = Path(__file__).parent / "data" / "export_vi.json"


@functools.cache
def _vietnamese() -> dict[str, Any]:
    return json.loads(_VI.read_text(encoding="utf-8"))


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise BadQuery(f"lang={lang!r} is not supported; use one of {', '.join(LANGS)}")
    return lang


def iter_csv(kind: str, records: Iterable[dict[str, Any]], lang: str = "en") -> Iterator[str]:
    """CSV text with a BOM and a header row, in chunks.

    `lang="en"`: the column names and codes of the API, ',' between fields, '.' in numbers.
    `lang="vi"`: Vietnamese headers and labels ('ít nhất', 'hằng năm', 'Kế hoạch') and numbers as a
    spreadsheet set to Vietnamese reads them: a decimal comma, no grouping, so ';' between fields
    (the list separator of that setting). Text cells are neutralized either way."""
    check_lang(lang)
    records = list(records)
    columns = list(COLUMNS[kind])
    if any(record.get("deleted") for record in records):
        columns += ["deleted", "deleted_at"]
    buffer = io.StringIO()
    vi = lang == "vi"
    writer = csv.writer(buffer, delimiter=";" if vi else ",", lineterminator="\r\n")
    buffer.write(BOM)
    labels = _vietnamese() if vi else None
    writer.writerow([labels["headers"].get(c, c) for c in columns] if labels else columns)
    for count, record in enumerate(records, 1):
        if labels:
            writer.writerow([_vi_value(c, record.get(c), labels["values"]) for c in columns])
        else:
            writer.writerow([_csv_value(record.get(c)) for c in columns])
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


def _vi_value(column: str, value: Any, labels: dict[str, dict[str, str]]) -> Any:
    if value is None:
        return ""
    if column in labels:
        return labels[column].get(value, value)
    if isinstance(value, bool) or column in ("id", "document_id", "start", "end"):
        return value
    if isinstance(value, int | float):
        number = _csv_value(value)
        return str(number).replace(".", ",") if isinstance(number, float) else number
    return _csv_value(value)


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


def iter_format(kind: str, fmt: str, records: Iterable[dict[str, Any]], lang: str = "en") -> Iterator[str]:
    if fmt == "csv":
        return iter_csv(kind, records, lang)
    check_lang(lang)
    if fmt == "json":
        return iter_json(records)
    if fmt == "ndjson":
        return iter_ndjson(records)
    raise BadQuery(f"format={fmt!r} is not supported; use one of {', '.join(FORMATS)}")


def write(kind: str, fmt: str, records: Iterable[dict[str, Any]], out: io.TextIOBase | Any, lang: str = "en") -> None:
    """Write rows to a text file opened with encoding='utf-8' and newline=''."""
    for chunk in iter_format(kind, fmt, records, lang):
        out.write(chunk)
