"""Ranked search over documents, filters shared with exports, facets and snippets.

Matching runs on the folded columns (a query typed without diacritics still finds, and
'uỷ'/'ủy' agree); a document that also matches the query as typed, diacritics included,
ranks before one that matches only once folded ('đảng' before 'dạng').
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, get_args

from sqlite_utils import Database

from corpus.query import ParsedQuery, parse_query
from corpus.references import number_key
from corpus.text import MARK_END, MARK_START, marked_spans, snippet_html
from corpus.units import resolve_unit_spec, rolled_up
from extract.models import DocKind
from ingest.errors import BadQuery

KINDS: tuple[str, ...] = get_args(DocKind)
MAX_PER_PAGE = 100
FACET_UNITS = 20
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_FOLDED_COLUMNS = ("title_folded", "text_folded")
_EXACT_COLUMNS = ("title", "text")
# bm25 weights per FTS column: title, text, title_folded, text_folded.
_FOLDED_WEIGHTS = "0.0, 0.0, 10.0, 1.0"
_EXACT_WEIGHTS = "10.0, 1.0, 0.0, 0.0"


@dataclass(frozen=True)
class Filters:
    """What searches and exports are narrowed by. Dates are ISO at any precision."""

    q: str | None = None
    unit: str | None = None
    kind: str | None = None
    topic: str | None = None
    date_from: str | None = None
    date_to: str | None = None


def check_date(value: str | None, name: str) -> str | None:
    """'2023', '2023-07' or '2023-07-28', else BadQuery naming the parameter."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise BadQuery(f"{name}={value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError as error:
        raise BadQuery(f"{name}={value!r} is not a date: {error}") from None
    return value


def check_kind(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value not in KINDS:
        raise BadQuery(f"kind={value!r} is not a document kind; use one of {', '.join(KINDS)}")
    return value


@dataclass(frozen=True)
class Compiled:
    """Filters as SQL over `documents d`."""

    where: str
    params: list[Any]
    query: ParsedQuery | None
    unit_ids: list[int] | None

    @property
    def folded_match(self) -> str | None:
        return self.query.match(_FOLDED_COLUMNS, folded=True) if self.query else None

    @property
    def exact_match(self) -> str | None:
        return self.query.match(_EXACT_COLUMNS, folded=False) if self.query else None


def compile_filters(db: Database, filters: Filters, *, unit_on_documents: bool = True) -> Compiled:
    """Validate filters (BadQuery on bad values) and turn them into a WHERE clause on `d`."""
    query = parse_query(filters.q) if filters.q else None
    kind = check_kind(filters.kind)
    date_from = check_date(filters.date_from, "from")
    date_to = check_date(filters.date_to, "to")
    clauses: list[str] = []
    params: list[Any] = []
    if query is not None:
        clauses.append("(d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?) OR d.number_key = ?)")
        params.extend([query.match(_FOLDED_COLUMNS, folded=True), symbol_key(query)])
    if kind:
        clauses.append("d.kind = ?")
        params.append(kind)
    if filters.topic:
        clauses.append("d.id IN (SELECT document_id FROM document_topics WHERE topic = ?)")
        params.append(filters.topic.strip())
    if date_from:
        clauses.append("d.issued_on IS NOT NULL AND d.issued_on >= substr(?, 1, length(d.issued_on))")
        params.append(date_from)
    if date_to:
        clauses.append("d.issued_on IS NOT NULL AND substr(d.issued_on, 1, ?) <= ?")
        params.extend([len(date_to), date_to])
    unit_ids: list[int] | None = None
    if filters.unit:
        unit_ids = rolled_up(db, resolve_unit_spec(db, filters.unit))
        if unit_on_documents:
            clauses.append(
                "d.id IN (SELECT document_id FROM document_units WHERE unit_id IN (SELECT value FROM json_each(?)))"
            )
            params.append(json.dumps(unit_ids))
    return Compiled(" AND ".join(clauses) or "1", params, query, unit_ids)


def search(db: Database, filters: Filters, *, page: int = 1, per_page: int = 20) -> dict[str, Any]:
    """`{"total", "page", "per_page", "hits": [...], "facets": {...}}` for the filters.

    The matching ids are gathered once into a temporary table; the count, the facets and the
    ranked page all read from it. Callers serialize access to `db` (the Store's lock).
    """
    if page < 1:
        raise BadQuery(f"page={page} must be 1 or more")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise BadQuery(f"per_page={per_page} must be between 1 and {MAX_PER_PAGE}")
    compiled = compile_filters(db, filters)
    _collect_matches(db, compiled)
    offset = (page - 1) * per_page
    total = db.execute(f"SELECT count(*) FROM {_MATCHES}").fetchone()[0]
    if compiled.query is None:
        rows = db.execute(
            "SELECT d.id, d.title, d.kind, d.number, d.issued_on, substr(d.text, 1, 400)"
            f" FROM {_MATCHES} m JOIN documents d ON d.id = m.id"
            " ORDER BY d.issued_on IS NULL, d.issued_on DESC, d.id DESC LIMIT ? OFFSET ?",
            [per_page, offset],
        ).fetchall()
        hits = [_hit(row, snippet_html(row[5] or "", [])) for row in rows]
    else:
        page_ids = _ranked(db, compiled)[offset : offset + per_page]
        found = {
            row[0]: row
            for row in db.execute(
                "SELECT id, title, kind, number, issued_on, substr(text, 1, 400) FROM documents"
                " WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(page_ids)],
            ).fetchall()
        }
        snippets = _snippets(db, compiled, page_ids)
        hits = [_hit(found[i], snippets.get(i) or snippet_html(found[i][5] or "", [])) for i in page_ids]
    return {"total": total, "page": page, "per_page": per_page, "hits": hits, "facets": facets(db)}


_MATCHES = "temp.search_matches"


def _ranked(db: Database, compiled: Compiled) -> list[int]:
    """Matched ids, best first: a document whose own number is the query; then matches as typed
    (diacritics and all) before matches only once folded; the words together before the words
    apart; then bm25 (titles weigh 10×)."""
    assert compiled.query is not None
    # FTS5 re-runs a MATCH for each rowid of an `IN` list, so filtering happens here instead.
    matched = {row[0] for row in db.execute(f"SELECT id FROM {_MATCHES}").fetchall()}
    folded = dict(
        db.execute(
            f"SELECT rowid, bm25(documents_fts, {_FOLDED_WEIGHTS}) FROM documents_fts"
            " WHERE documents_fts MATCH ?",
            [compiled.folded_match],
        ).fetchall()
    )
    exact = dict(
        db.execute(
            f"SELECT rowid, bm25(documents_fts, {_EXACT_WEIGHTS}) FROM documents_fts"
            " WHERE documents_fts MATCH ?",
            [compiled.exact_match],
        ).fetchall()
    )
    phrase_match = compiled.query.phrase_match(_FOLDED_COLUMNS)
    phrase: set[int] = set()
    if phrase_match:
        phrase = {
            row[0]
            for row in db.execute(
                "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", [phrase_match]
            ).fetchall()
        }
    key = symbol_key(compiled.query)
    numbered = {r[0] for r in db.execute("SELECT id FROM documents WHERE number_key = ?", [key]).fetchall()}
    return sorted(
        matched,
        key=lambda i: (
            i not in numbered, i not in exact, i not in phrase, folded.get(i, 0.0) + exact.get(i, 0.0), -i
        ),
    )


_SYMBOL = re.compile(r"^\w*\d\w*[-/]\S+$")


def symbol_key(query: ParsedQuery) -> str | None:
    """The number key when the query is one document symbol ('28-NQ/TU'), else None."""
    if len(query.groups) != 1 or not _SYMBOL.match(query.groups[0][0].text):
        return None
    return number_key(query.groups[0][0].text)


def _collect_matches(db: Database, compiled: Compiled) -> None:
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_MATCHES.split('.')[1]} (id INTEGER PRIMARY KEY)")
    db.execute(f"DELETE FROM {_MATCHES}")
    db.execute(f"INSERT INTO {_MATCHES} SELECT d.id FROM documents d WHERE {compiled.where}", compiled.params)


def _hit(row: tuple, snippet: str) -> dict[str, Any]:
    return {"id": row[0], "title": row[1], "kind": row[2], "number": row[3], "issued_on": row[4], "snippet": snippet}


def _snippets(db: Database, compiled: Compiled, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.execute(
        "SELECT f.rowid, highlight(documents_fts, 3, ?, ?), d.text FROM documents_fts f"
        " JOIN documents d ON d.id = f.rowid"
        " WHERE documents_fts MATCH ? AND f.rowid IN (SELECT value FROM json_each(?))",
        [MARK_START, MARK_END, compiled.folded_match, json.dumps(ids)],
    ).fetchall()
    out = {}
    for doc_id, marked, text in rows:
        spans = marked_spans(marked or "")
        out[doc_id] = snippet_html(text or "", spans)
    return out


def facets(db: Database) -> dict[str, dict[str, int]]:
    """Counts of the matched documents (see `_collect_matches`) by unit (top 20), kind, year, topic."""
    joined = f"{_MATCHES} m JOIN documents d ON d.id = m.id"
    kind = db.execute(
        f"SELECT d.kind, count(*) FROM {joined} WHERE d.kind IS NOT NULL GROUP BY d.kind ORDER BY 2 DESC, 1"
    ).fetchall()
    year = db.execute(
        f"SELECT d.year, count(*) FROM {joined} WHERE d.year IS NOT NULL GROUP BY d.year ORDER BY 1 DESC"
    ).fetchall()
    topic = db.execute(
        f"SELECT t.topic, count(*) FROM {_MATCHES} m JOIN document_topics t ON t.document_id = m.id"
        " GROUP BY t.topic ORDER BY 2 DESC, 1"
    ).fetchall()
    unit = db.execute(
        f"SELECT u.name, count(*) FROM {_MATCHES} m JOIN document_units du ON du.document_id = m.id"
        " JOIN units u ON u.id = du.unit_id GROUP BY u.id ORDER BY 2 DESC, u.name LIMIT ?",
        [FACET_UNITS],
    ).fetchall()
    return {
        "unit": {name: count for name, count in unit},
        "kind": {name: count for name, count in kind},
        "year": {str(name): count for name, count in year},
        "topic": {name: count for name, count in topic},
    }
