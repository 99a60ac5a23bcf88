"""Targets, figures and deadlines as rows, and writers for CSV, JSON and NDJSON.

CSV is UTF-8 with a byte-order mark so that Excel shows Vietnamese correctly. The writers
yield text chunks, so one function serves a file, stdout and an HTTP stream.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from sqlite_utils import Database

from corpus.items import COLUMNS, ITEM_KINDS, REVIEW_COLUMNS
from corpus.search import ALL, Filters, _is_postgres, compile_filters
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


@dataclass
class _Plan:
    """The FROM, WHERE and column list of one export, shared by the list, the count and the stream."""

    kind: str
    columns: str
    joined: str
    clauses: list[str]
    params: list[Any]
    narrow_from: str  # the table(s) that choose rows (without the documents when no filter needs them)
    since: tuple[str, str] | None
    staff: bool

    @property
    def where(self) -> str:
        return " AND ".join(self.clauses)


def _plan(
    db: Database,
    kind: str,
    filters: Filters,
    *,
    since: str | None,
    indicator: str | None,
    behind: bool,
    staff: bool,
    responsible: bool,
) -> _Plan:
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
    joined = f'"{kind}" t JOIN documents d ON d.id = t.document_id'
    return _Plan(kind, columns, joined, clauses, params, joined if compiled.where != ALL else f'"{kind}" t',
                 since_clause, staff)


_ORDER = " ORDER BY t.document_id, t.item_index"


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def rows(
    db: Database,
    kind: str,
    filters: Filters = Filters(),
    *,
    since: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    indicator: str | None = None,
    behind: bool = False,
    staff: bool = True,
    responsible: bool = False,
) -> list[dict[str, Any]]:
    """Rows of one item kind for documents matching the filters, oldest document first. With
    `staff` (a store with the tables of corpus.staffdb) rows carry who reviewed them, and `since`
    also lists the items deleted or rejected since. Targets and figures also by indicator code,
    targets also only those behind schedule. `limit` and `offset` page through the rows in SQL.

    With a unit filter, the rows of the units and the rows without a unit of the documents linked
    to them; `responsible=True` narrows the latter to documents the units issued (a unit's page:
    a document that only mentions the unit does not make its targets the unit's)."""
    plan = _plan(db, kind, filters, since=since, indicator=indicator, behind=behind, staff=staff,
                 responsible=responsible)
    params = list(plan.params)
    if limit is None:
        sql = f"SELECT {plan.columns} FROM {plan.joined} WHERE {plan.where}{_ORDER}"
        if offset:
            sql += " LIMIT -1 OFFSET ?" if not _is_postgres(db) else " OFFSET ?"
            params.append(offset)
    else:  # the rows of the page chosen before their documents are read (a lookup per row is the cost)
        sql = (
            f"SELECT {plan.columns} FROM {plan.joined} WHERE t.rowid IN"
            f" (SELECT t.rowid FROM {plan.narrow_from} WHERE {plan.where}{_ORDER} LIMIT ? OFFSET ?){_ORDER}"
        )
        params.extend([limit, offset])
    found = _dicts(db.execute(sql, params))
    if plan.since and limit is None and staff:  # a sync feed also learns what was deleted or rejected since
        found.extend(_tombstones(db, kind, plan.since))
    return found


def count(
    db: Database,
    kind: str,
    filters: Filters = Filters(),
    *,
    since: str | None = None,
    indicator: str | None = None,
    behind: bool = False,
    responsible: bool = False,
) -> int:
    """How many rows `rows` gives for the same arguments (without the deleted ones of `since`)."""
    plan = _plan(db, kind, filters, since=since, indicator=indicator, behind=behind, staff=False,
                 responsible=responsible)
    return int(db.execute(f"SELECT count(*) FROM {plan.narrow_from} WHERE {plan.where}", plan.params).fetchone()[0])


def item_counts(db: Database, kind: str) -> np.ndarray:
    """The number of rows of `kind` per document id (an array indexed by id)."""
    pairs = db.execute(f'SELECT document_id, count(*) FROM "{kind}" GROUP BY document_id').fetchall()
    top = max((p[0] for p in pairs), default=0)
    counts = np.zeros(top + 1, dtype=np.int64)
    for document_id, n in pairs:
        counts[document_id] = n
    return counts


def page_in_documents(
    db: Database, kind: str, ids: np.ndarray, counts: np.ndarray, *, limit: int, offset: int, staff: bool
) -> tuple[list[dict[str, Any]], int]:
    """(rows `offset`..`offset + limit` of the documents `ids` in export order, how many rows they
    have) from the per-document counts: only the documents of the page are read (the register
    filtered by words or year counted and sorted every matching row in SQL: 0.1-0.3 s at 100,000
    documents)."""
    ids = ids[ids < len(counts)]
    per_doc = counts[ids]
    held = per_doc > 0
    ids, per_doc = ids[held], per_doc[held]
    total = int(per_doc.sum())
    if offset >= total or limit <= 0:
        return [], total
    ends = np.cumsum(per_doc)
    first = int(np.searchsorted(ends, offset, side="right"))
    last = min(int(np.searchsorted(ends, offset + limit - 1, side="right")), len(ids) - 1)
    chosen = ids[first:last + 1].tolist()
    skip = offset - int(ends[first] - per_doc[first])
    plan = _plan(db, kind, Filters(), since=None, indicator=None, behind=False, staff=staff, responsible=False)
    found = _dicts(db.execute(
        f"SELECT {plan.columns} FROM {plan.joined} WHERE t.document_id IN (SELECT value FROM json_each(?)){_ORDER}",
        [json.dumps(chosen)],
    ))
    return found[skip:skip + limit], total


def _tombstones(db: Database, kind: str, since: tuple[str, str], *, after: tuple[str, str] | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
    sql = f"SELECT id, deleted_at, document_id FROM tombstones WHERE kind = ? AND deleted_at {since[0]} ?"
    params: list[Any] = [kind, since[1]]
    if after is not None:
        sql += " AND (deleted_at, id) > (?, ?)"
        params.extend(after)
    sql += " ORDER BY deleted_at, id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [{"id": r[0], "deleted": True, "deleted_at": r[1], "document_id": r[2]} for r in db.execute(sql, params)]


STREAM_BATCH = 2000


class RowStream:
    """The rows of an export read in batches of `batch` as they are consumed: memory stays that of one
    batch however many rows match (an export of 100,000 rows never holds them all). Each batch
    continues after the last row read (document id, item index), under `lock` when one is given,
    so that other requests sharing the connection run between batches.

    `with_deleted` says up front whether deleted rows follow (a CSV needs its columns first)."""

    def __init__(self, db: Database, plan: _Plan, *, lock: Any = None, batch: int = STREAM_BATCH) -> None:
        self._db, self._plan, self._lock, self._batch = db, plan, lock or contextlib.nullcontext(), batch
        self.with_deleted = False
        self.yielded = 0  # rows given so far
        if plan.since and plan.staff:
            with self._lock:
                self.with_deleted = bool(_tombstones(db, plan.kind, plan.since, limit=1))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        plan = self._plan
        sql = (
            f"SELECT {plan.columns}, t.item_index AS _item_index FROM {plan.joined} WHERE {plan.where}"
            f" AND (t.document_id, t.item_index) > (?, ?){_ORDER} LIMIT ?"
        )
        last: tuple[int, int] = (-1, -1)
        while True:
            with self._lock:
                batch = _dicts(self._db.execute(sql, [*plan.params, *last, self._batch]))
            for row in batch:
                last = (row["document_id"], row.pop("_item_index"))
                self.yielded += 1
                yield row
            if len(batch) < self._batch:
                break
        if not self.with_deleted:
            return
        after: tuple[str, str] | None = None
        while True:
            with self._lock:
                gone = _tombstones(self._db, plan.kind, plan.since, after=after, limit=self._batch)  # type: ignore[arg-type]
            self.yielded += len(gone)
            yield from gone
            if len(gone) < self._batch:
                break
            after = (gone[-1]["deleted_at"], gone[-1]["id"])


def stream(
    db: Database,
    kind: str,
    filters: Filters = Filters(),
    *,
    since: str | None = None,
    indicator: str | None = None,
    behind: bool = False,
    staff: bool = True,
    lock: Any = None,
    batch: int = STREAM_BATCH,
) -> RowStream:
    """The rows `rows` gives, read batch by batch as they are consumed (filters checked now)."""
    plan = _plan(db, kind, filters, since=since, indicator=indicator, behind=behind, staff=staff, responsible=False)
    return RowStream(db, plan, lock=lock, batch=batch)


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
    with_deleted = getattr(records, "with_deleted", None)
    if with_deleted is None:  # a plain list: look
        records = list(records)
        with_deleted = any(record.get("deleted") for record in records)
    columns = list(COLUMNS[kind])
    if with_deleted:
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


CHUNK_CHARS = 64_000  # text gathered per chunk (an HTTP stream pays a thread hop per chunk)


def _chunked(pieces: Iterable[str]) -> Iterator[str]:
    gathered: list[str] = []
    size = 0
    for piece in pieces:
        gathered.append(piece)
        size += len(piece)
        if size >= CHUNK_CHARS:
            yield "".join(gathered)
            gathered, size = [], 0
    if gathered:
        yield "".join(gathered)


def iter_json(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array, in chunks of about CHUNK_CHARS characters."""

    def pieces() -> Iterator[str]:
        yield "["
        for i, record in enumerate(records):
            yield ("," if i else "") + "\n" + json.dumps(record, ensure_ascii=False)
        yield "\n]\n"

    return _chunked(pieces())


def iter_ndjson(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON object per line, in chunks of about CHUNK_CHARS characters."""
    return _chunked(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


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
