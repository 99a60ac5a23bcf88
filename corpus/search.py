"""Ranked search over documents, filters shared with exports, facets and snippets.

Matching runs on the folded columns (a query typed without diacritics still finds, and
'uỷ'/'ủy' agree); a document that also matches the query as typed, diacritics included,
ranks before one that matches only once folded ('đảng' before 'dạng').

Scale: filters, totals and facets are computed over in-memory arrays (`corpus.docindex`), so a
query matching most of 100,000 documents costs one pass over its FTS5 doclists, not a row lookup
per match. Ranking by bm25 costs FTS5 a pass over every query word's doclist per query, so it
is used while the words match at most `RANK_ALL` documents; a broader query is ordered by the
same tiers (the document's own number; the words as typed; the words together) among its newest
`TIER_WINDOW` matches, newest first in each tier, then its older matches newest first.
Snippets are highlighted in Python on the page's folded texts (FTS5 `highlight()` re-runs the
whole query, prefix expansion included, for every row it is asked about).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from typing import Any, get_args

import numpy as np
from sqlite_utils import Database

from corpus import pgtext
from corpus.docindex import DocIndex, doc_index
from corpus.places import find_places, units_at, with_level_words
from corpus.query import ParsedQuery, parse_query
from corpus.references import number_key, number_lead
from corpus.text import snippet_html
from corpus.units import resolve_unit_spec, rolled_up
from extract.models import DocKind
from ingest.errors import BadQuery
from ingest.normalize import fold

KINDS: tuple[str, ...] = get_args(DocKind)
MAX_PER_PAGE = 100
FACET_UNITS = 20
RANK_ALL = 1000  # matches of the words up to which every match is ranked by bm25
TIER_WINDOW = 2000  # newest matches of the words that a broad query's tiers are read from
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_FOLDED_COLUMNS = ("title_folded", "text_folded")
_EXACT_COLUMNS = ("title", "text")
# bm25 weights per FTS column: title, text, title_folded, text_folded.
_FOLDED_WEIGHTS = "0.0, 0.0, 10.0, 1.0"
_EXACT_WEIGHTS = "10.0, 1.0, 0.0, 0.0"


ALL = "1 = 1"  # the WHERE clause of no filter


def _is_postgres(db: Any) -> bool:
    return bool(getattr(db, "is_postgres", False))


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


@dataclass(frozen=True)
class Checked:
    """Filters validated (BadQuery on bad values) and resolved: the parsed query, unit ids."""

    query: ParsedQuery | None
    kind: str | None
    topic: str | None
    date_from: str | None
    date_to: str | None
    unit_ids: list[int] | None


def check_filters(db: Database, filters: Filters) -> Checked:
    query = parse_query(filters.q) if filters.q else None
    kind = check_kind(filters.kind)
    date_from = check_date(filters.date_from, "from")
    date_to = check_date(filters.date_to, "to")
    topic = filters.topic.strip() if filters.topic else None
    unit_ids = rolled_up(db, resolve_unit_spec(db, filters.unit)) if filters.unit else None
    return Checked(query, kind, topic, date_from, date_to, unit_ids)


def compile_filters(db: Database, filters: Filters, *, unit_on_documents: bool = True) -> Compiled:
    """Validate filters (BadQuery on bad values) and turn them into a WHERE clause on `d`."""
    checked = check_filters(db, filters)
    query = checked.query
    clauses: list[str] = []
    params: list[Any] = []
    if query is not None:
        key = symbol_key(query)
        if _is_postgres(db):
            words, words_params = pgtext.condition(query.match(_FOLDED_COLUMNS, folded=True), table="d")
        else:
            words = "d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
            words_params = [query.match(_FOLDED_COLUMNS, folded=True)]
        if key is None:
            clauses.append(words)
            params.extend(words_params)
        else:  # the number_lead index finds a document by its own number
            clauses.append(f"({words} OR (d.number_lead = ? AND d.number_key = ?))")
            params.extend([*words_params, number_lead(key), key])
    if checked.kind:
        clauses.append("d.kind = ?")
        params.append(checked.kind)
    if checked.topic:
        clauses.append("d.id IN (SELECT document_id FROM document_topics WHERE topic = ?)")
        params.append(checked.topic)
    # Each bound also as a plain range on the year (implied by the exact test beside it), so that
    # the issued_on index narrows the documents first.
    if checked.date_from:
        clauses.append("d.issued_on >= ? AND d.issued_on >= substr(?, 1, length(d.issued_on))")
        params.extend([checked.date_from[:4], checked.date_from])
    if checked.date_to:
        clauses.append("d.issued_on < ? AND substr(d.issued_on, 1, CAST(? AS INTEGER)) <= ?")
        params.extend([f"{int(checked.date_to[:4]) + 1:04d}" if checked.date_to[:4] < "9999" else "A",
                       len(checked.date_to), checked.date_to])
    if checked.unit_ids is not None and unit_on_documents:
        clauses.append(
            "d.id IN (SELECT document_id FROM document_units WHERE unit_id IN (SELECT value FROM json_each(?)))"
        )
        params.append(json.dumps(checked.unit_ids))
    return Compiled(" AND ".join(clauses) or ALL, params, query, checked.unit_ids)


def search(db: Database, filters: Filters, *, page: int = 1, per_page: int = 20) -> dict[str, Any]:
    """`{"total", "page", "per_page", "hits": [...], "facets": {...}}` for the filters.

    Callers serialize access to `db` (the Store's lock).
    """
    if page < 1:
        raise BadQuery(f"page={page} must be 1 or more")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise BadQuery(f"per_page={per_page} must be between 1 and {MAX_PER_PAGE}")
    checked = check_filters(db, filters)
    index = doc_index(db)
    mask = index.mask(
        kind=checked.kind, topic=checked.topic, date_from=checked.date_from, date_to=checked.date_to,
        unit_ids=checked.unit_ids,
    )
    offset = (page - 1) * per_page
    query = checked.query
    if query is None:
        ids = index.all_ids()
        if mask is not None:
            ids = ids[mask[ids]]
        page_ids = index.newest_issued_first(ids, offset + per_page)[offset:]
    else:
        words = _word_ids(db, query, index)
        numbered = _numbered(db, query, index.max_id)
        ids = np.union1d(words, np.array(numbered, dtype=np.int64)) if numbered else words
        if mask is not None:
            ids = ids[mask[ids]]
        located = _placed_ids(db, query, index)
        placed = np.setdiff1d(located, ids, assume_unique=True)
        if mask is not None:
            placed = placed[mask[placed]]
        need = offset + per_page
        if len(words) <= RANK_ALL:  # the documents of units located in a place the query names rank
            # after those with the words together, before those with the words apart
            everything = np.union1d(ids, placed) if len(placed) else ids
            page_ids = _ranked(db, query, everything.tolist(), numbered, index.max_id, set(located.tolist()))[:need]
        else:  # a broad query: those documents after every match of the words
            page_ids = _tiered(db, query, index, ids, words, numbered, need) if offset < len(ids) else []
            if len(ids) < need and len(placed):
                page_ids = list(page_ids) + index.newest_issued_first(placed, need - len(ids))
        page_ids = page_ids[offset:]
        ids = np.union1d(ids, placed) if len(placed) else ids
    rows = _page_rows(db, page_ids, with_folded=query is not None)
    pattern = _highlighter(query) if query is not None else None
    hits = []
    for doc_id in page_ids:
        row = rows[doc_id]
        spans = [(m.start(1), m.end(1)) for m in pattern.finditer(row[6] or "")] if pattern else []
        hits.append(_hit(row, snippet_html(row[5] or "", spans)))
    return {
        "total": len(ids), "page": page, "per_page": per_page, "hits": hits,
        "facets": index.facets(ids, top_units=FACET_UNITS),
    }


def document_ids(db: Database, filters: Filters) -> np.ndarray:
    """Sorted ids of the documents the words, kind, topic and dates of `filters` match (its unit
    is left to the caller): the documents `compile_filters` selects, found through the in-memory
    index and one FTS5 pass as a search finds them."""
    checked = check_filters(db, Filters(filters.q, None, filters.kind, filters.topic, filters.date_from, filters.date_to))
    index = doc_index(db)
    mask = index.mask(kind=checked.kind, topic=checked.topic, date_from=checked.date_from, date_to=checked.date_to)
    if checked.query is None:
        ids = index.all_ids()
    else:
        ids = _word_ids(db, checked.query, index)
        numbered = _numbered(db, checked.query, index.max_id)
        if numbered:
            ids = np.union1d(ids, np.array(numbered, dtype=np.int64))
    return ids[mask[ids]] if mask is not None else ids


def _fts_ids(db: Database, match: str, max_id: int, *, floor: int = 0) -> np.ndarray:
    """Sorted rowids (from `floor` up) matching an FTS5 expression, read in one string (a row per
    id costs more)."""
    if _is_postgres(db):
        condition, params = pgtext.condition(match)
        joined = db.execute(
            f"SELECT string_agg(CAST(id AS TEXT), ',' ORDER BY id) FROM documents WHERE {condition} AND id >= ?",
            [*params, floor],
        ).fetchone()[0]
    else:
        joined = db.execute(
            "SELECT group_concat(rowid) FROM documents_fts WHERE documents_fts MATCH ? AND rowid >= ?", [match, floor]
        ).fetchone()[0]
    if not joined:
        return np.zeros(0, dtype=np.int64)
    ids = np.fromstring(joined, dtype=np.int64, sep=",")
    if len(ids) > 1 and not bool(np.all(ids[1:] > ids[:-1])):  # FTS5 gives rowid order; not promised
        ids = np.unique(ids)
    return ids[: np.searchsorted(ids, max_id, side="right")]  # rows another process added after the index was read wait for the next search


def _word_ids(db: Database, query: ParsedQuery, index: DocIndex) -> np.ndarray:
    """Sorted ids of the documents the query's words match (folded): one FTS5 pass, except that
    groups with an abbreviation's expansion ('UBND' or 'uy ban nhan dan') take that phrase's
    documents from the index and are intersected here."""
    expanded = [group for group in query.groups if any(term.expansion for term in group)]
    if not expanded:
        return _fts_ids(db, query.match(_FOLDED_COLUMNS, folded=True), index.max_id)
    rest = tuple(group for group in query.groups if group not in expanded)
    ids = _fts_ids(db, ParsedQuery(rest).match(_FOLDED_COLUMNS, folded=True), index.max_id) if rest else None

    def read(match: str, floor: int) -> np.ndarray:
        return _fts_ids(db, match, index.max_id, floor=floor)

    for group in expanded:
        others = tuple(term for term in group if not term.expansion)
        parts = [
            index.phrase_ids(ParsedQuery(((term,),)).match(_FOLDED_COLUMNS, folded=True), read)
            for term in group if term.expansion
        ]
        if others:
            parts.append(_fts_ids(db, ParsedQuery((others,)).match(_FOLDED_COLUMNS, folded=True), index.max_id))
        members = functools.reduce(np.union1d, parts)
        ids = members if ids is None else np.intersect1d(ids, members, assume_unique=True)
    assert ids is not None
    return ids


def _placed_ids(db: Database, query: ParsedQuery, index: DocIndex) -> np.ndarray:
    """Documents of the units located in a province, district or commune the query names (the
    unit tree rolled up), that match the query's other words: 'Hải Phòng' finds the documents of
    Huyện ủy Tiên Lãng though they never write 'Hải Phòng'."""
    plain = [group for group in query.groups if len(group) == 1 and not group[0].prefix and not group[0].expansion]
    if not plain:
        return np.zeros(0, dtype=np.int64)
    words = [fold(group[0].text).lower() for group in plain]
    located, names = index.places(db)
    found: list[np.ndarray] = []
    for start, end, _key in find_places(words, names):
        start = with_level_words(words, start)  # 'thanh pho Hai Phong': the level words name the place too
        unit_ids = units_at(located, " ".join(group[0].text for group in plain[start:end]))
        if not unit_ids:
            continue
        linked = index.mask(unit_ids=rolled_up(db, unit_ids))
        assert linked is not None
        span = set(plain[start:end])
        rest = tuple(group for group in query.groups if group not in span)
        if rest:
            candidates = _word_ids(db, ParsedQuery(rest), index)
            found.append(candidates[linked[candidates]])
        else:
            found.append(np.flatnonzero(linked).astype(np.int64))
    if not found:
        return np.zeros(0, dtype=np.int64)
    return functools.reduce(np.union1d, found)


def _numbered(db: Database, query: ParsedQuery, max_id: int) -> list[int]:
    """Documents whose own number is the query (when the query is one document symbol)."""
    key = symbol_key(query)
    if key is None:
        return []
    rows = db.execute(
        "SELECT id FROM documents WHERE number_lead = ? AND number_key = ? AND id <= ?", [number_lead(key), key, max_id]
    ).fetchall()
    return sorted(r[0] for r in rows)


def accented(query: ParsedQuery) -> bool:
    """Whether the query was typed with diacritics (or đ): then matching it as typed means something."""
    return any(fold(term.text).lower() != term.text.lower() for group in query.groups for term in group)


MAX_NGRAM_WORDS = 6  # queries up to this long are scored on every run of their words; longer ones on pairs


def _phrase_scores(
    db: Database, query: ParsedQuery, matched: list[int], max_id: int
) -> tuple[dict[int, float], dict[int, float]]:
    """How much of the query each matching document holds as phrases, on the folded text (so a
    query typed without diacritics scores as one typed with them): twice the longest run of the
    query's words found side by side in the text plus three times that in the title; and, apart,
    (for after the place tier) the words of the query in the title, one more when the document
    is of the kind the query's first words name. So 'ke hoach phat trien dang vien' puts the plans titled on 'phát
    triển đảng viên' above the plan titled on 'phát triển đoàn viên' that cites them."""
    plain = [group[0] for group in query.groups if not group[0].prefix]
    if len(plain) < 2 or len(plain) != len(query.groups) or not matched:
        return {}, {}  # one word: no phrase; the diacritics as typed and bm25 decide
    words = [_TOKEN.findall(fold(term.text).lower()) for term in plain]
    kind, words = _kind_words(words)  # 'ke hoach …' asks for a plan about …: the rest is the subject
    plain = plain[len(plain) - len(words) :]
    flat = [w for ws in words for w in ws]
    if not flat:
        return {}, {}
    runs: list[list[str]] = []
    longest = len(plain) if len(plain) <= MAX_NGRAM_WORDS else 2
    for size in range(2, longest + 1):
        for start in range(len(plain) - size + 1):
            runs.append([w for ws in words[start : start + size] for w in ws])
    folded = query.match(_FOLDED_COLUMNS, folded=True)
    scores: dict[int, float] = {}
    for run in runs:
        phrase = '{text_folded} : "' + " ".join(run).replace('"', '""') + '"'
        for doc_id in _fts_ids(db, f"({folded}) AND ({phrase})", max_id).tolist():
            scores[doc_id] = max(scores.get(doc_id, 0.0), 2.0 * len(run))
    titles = db.execute(
        "SELECT id, title_folded, kind FROM documents WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(matched)],
    ).fetchall()
    wanted = set(flat)
    cover: dict[int, float] = {}
    for doc_id, title, doc_kind in titles:
        if kind is not None and doc_kind == kind:
            cover[doc_id] = cover.get(doc_id, 0.0) + 1.0
        tokens = _TOKEN.findall(title or "")
        joined = " " + " ".join(tokens) + " "
        longest_run = max((len(run) for run in runs if " " + " ".join(run) + " " in joined), default=0)
        if longest_run:
            scores[doc_id] = scores.get(doc_id, 0.0) + 3.0 * longest_run
        cover[doc_id] = cover.get(doc_id, 0.0) + len(wanted & set(tokens))
    return scores, cover


@functools.cache
def _kind_names() -> dict[tuple[str, ...], str]:
    """Folded type words of a document ('ke hoach', 'nghi quyet') → its kind, from extract's data."""
    from extract.datafiles import validated

    table = validated("kinds")["title_words"]
    return {tuple(fold(words).lower().split()): kind for words, kind in table.items()}


def _kind_words(words: list[list[str]]) -> tuple[str | None, list[list[str]]]:
    """The kind a query's first words name (as typed or folded) and the words after them."""
    names = _kind_names()
    for size in (3, 2, 1):
        if len(words) > size and all(len(w) == 1 for w in words[:size]):
            head = tuple(w[0] for w in words[:size])
            if head in names:
                return names[head], words[size:]
    return None, words


def _ranked(
    db: Database, query: ParsedQuery, matched: list[int], numbered: list[int], max_id: int,
    placed: set[int] | None = None,
) -> list[int]:
    """Matched ids, best first: a document whose own number is the query; then the query's words
    side by side (folded, `_phrase_scores`); then the documents of units located in a place the
    query names (`placed`); then, for a query typed with diacritics, matches as typed before
    matches only once folded ('đảng' before 'dạng'); then bm25 (titles weigh 10×)."""
    placed = placed or set()
    if _is_postgres(db):
        folded, exact = _scores_pg(db, query)
    else:
        # FTS5 re-runs a MATCH for each rowid of an `IN` list, so filtering happens here instead.
        folded = dict(
            db.execute(
                f"SELECT rowid, bm25(documents_fts, {_FOLDED_WEIGHTS}) FROM documents_fts"
                " WHERE documents_fts MATCH ?",
                [query.match(_FOLDED_COLUMNS, folded=True)],
            ).fetchall()
        )
        exact = dict(
            db.execute(
                f"SELECT rowid, bm25(documents_fts, {_EXACT_WEIGHTS}) FROM documents_fts"
                " WHERE documents_fts MATCH ?",
                [query.match(_EXACT_COLUMNS, folded=False)],
            ).fetchall()
        )
    if not accented(query):
        exact = {}  # 'hai' as typed is the number two, not a cue for 'Hải'
    phrase, cover = _phrase_scores(db, query, matched, max_id)
    own = set(numbered)
    return sorted(
        matched,
        key=lambda i: (
            i not in own, -phrase.get(i, 0.0), i not in placed, -cover.get(i, 0.0), i not in exact,
            folded.get(i, 0.0) + exact.get(i, 0.0), -i,
        ),
    )


def _scores_pg(db: Any, query: ParsedQuery) -> tuple[dict[int, float], dict[int, float]]:
    """bm25's stand-in on PostgreSQL: ts_rank (titles weigh 10×), negated so lower is better."""
    sql, params = pgtext.ranked(
        query.match(_FOLDED_COLUMNS, folded=True), query.match(_EXACT_COLUMNS, folded=False),
        query.phrase_match(_FOLDED_COLUMNS),
    )
    folded: dict[int, float] = {}
    exact: dict[int, float] = {}
    for doc_id, folded_score, exact_score, _in_phrase in db.execute(sql, params).fetchall():
        folded[doc_id] = folded_score
        if exact_score is not None:
            exact[doc_id] = exact_score
    return folded, exact


def _tiers(query: ParsedQuery) -> list[str]:
    """FTS5 expressions for the ranking tiers of a broad query, best first; together they cover
    every match of the words."""
    folded = query.match(_FOLDED_COLUMNS, folded=True)
    phrase = query.phrase_match(_FOLDED_COLUMNS)
    if not accented(query):  # typed without diacritics: the words together, then apart
        return [folded] if phrase is None else [f"({folded}) AND ({phrase})", f"({folded}) NOT ({phrase})"]
    exact = query.match(_EXACT_COLUMNS, folded=False)
    if phrase is None:
        return [exact, f"({folded}) NOT ({exact})"]
    return [
        f"({exact}) AND ({phrase})",
        f"({phrase}) NOT ({exact})",
        f"({exact}) NOT ({phrase})",
        f"({folded}) NOT ({exact}) NOT ({phrase})",
    ]


def _tiered(
    db: Database, query: ParsedQuery, index: DocIndex, ids: np.ndarray, words: np.ndarray, numbered: list[int],
    need: int,
) -> list[int]:
    """The first `need` of `ids` for a broad query: its own number first, then the tiers among
    the newest `TIER_WINDOW` matches of the words (newest first in each tier), then the older
    matches, newest first. The window bounds the work of a tier that has few members or none (a
    tier FTS5 can only rule out by reading the words' doclists, e.g. the exact tier of a query
    typed without diacritics)."""
    member = np.zeros(index.max_id + 1, dtype=bool)
    member[ids] = True
    order = [i for i in reversed(numbered) if member[i]]
    taken = set(order)
    floor = int(words[-TIER_WINDOW]) if len(words) > TIER_WINDOW else 0
    for expression in _tiers(query):
        if len(order) >= need:
            break
        tier = _fts_ids(db, expression, index.max_id, floor=floor)  # FTS5 reads a rowid range fast ascending only
        order.extend(i for i in tier[member[tier]][::-1].tolist() if i not in taken)
        taken.update(order)
    if len(order) < need:
        older = ids[ids < floor][::-1]
        order.extend(i for i in older[: need + len(taken)].tolist() if i not in taken)
    return order[:need]


_SYMBOL = re.compile(r"^\w*\d\w*[-/]\S+$")


def symbol_key(query: ParsedQuery) -> str | None:
    """The number key when the query is one document symbol ('28-NQ/TU'), else None."""
    if len(query.groups) != 1 or not _SYMBOL.match(query.groups[0][0].text):
        return None
    return number_key(query.groups[0][0].text)


def _page_rows(db: Database, ids: list[int], *, with_folded: bool) -> dict[int, tuple]:
    if not ids:
        return {}
    folded = "text_folded" if with_folded else "NULL"
    rows = db.execute(
        f"SELECT id, title, kind, number, issued_on, text, {folded} FROM documents"
        " WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids)],
    ).fetchall()
    return {row[0]: row for row in rows}


def _hit(row: tuple, snippet: str) -> dict[str, Any]:
    return {"id": row[0], "title": row[1], "kind": row[2], "number": row[3], "issued_on": row[4], "snippet": snippet}


_TOKEN = re.compile(r"[^\W_]+")


def _highlighter(query: ParsedQuery) -> re.Pattern[str] | None:
    """What FTS5 `highlight()` marks in a folded text: every instance of every phrase of the
    query (a phrase's tokens in a row, separators between; a prefix term's last token as a
    prefix), found overlapping. Group 1 spans an instance."""
    alternatives = []
    for group in query.groups:
        for term in group:
            tokens = _TOKEN.findall(fold(term.text).lower())
            if not tokens:
                continue
            body = r"[\W_]+".join(re.escape(t) for t in tokens)
            alternatives.append((len(body), body + (r"[^\W_]*" if term.prefix else r"(?![^\W_])")))
    if not alternatives:
        return None
    ordered = "|".join(body for _, body in sorted(alternatives, key=lambda a: -a[0]))
    return re.compile(rf"(?<![^\W_])(?=({ordered}))")
