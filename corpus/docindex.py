"""What search filters and counts on, for every stored document, held in memory as arrays.

A broad search at 100,000 documents matches tens of thousands of them; counting their kinds,
years, topics and units with SQL joins costs a row lookup per match (hundreds of milliseconds),
the same counts over these arrays a few vector operations. The arrays are indexed by document
id and only grow (a deletion or re-extraction bumps a counter that makes them start again), so keeping them current costs
one `max(id)` per search and reading the rows added since (by any process).

Every answer here is exact and matches the SQL it replaces (`corpus.search.compile_filters`):
the date filters compare the stored ISO strings at their own precision, the orders are the same.
"""

from __future__ import annotations

import gc
import sqlite3
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlite_utils import Database

_NO_CODE = -1


@dataclass
class _Codes:
    """Strings numbered in sorted order (so that codes compare as the strings do)."""

    values: list[str]
    by_value: dict[str, int]

    @classmethod
    def empty(cls) -> _Codes:
        return cls([], {})


def _ids(joined: str | None, after: int, upto: int) -> np.ndarray:
    """Ids from a `group_concat` string, those in (after, upto] (a first read has no WHERE: rows
    another process adds meanwhile wait for the next refresh)."""
    if not joined:
        return np.zeros(0, dtype=np.int64)
    ids = np.fromstring(joined, dtype=np.int64, sep=",")
    return ids[(ids > after) & (ids <= upto)]


def _rewrites(db: Database) -> int:
    """How many times documents were deleted or rewritten (corpus.staffdb), 0 without the table
    (and on a store other than SQLite, which has no staff tables yet)."""
    if not isinstance(getattr(db, "conn", None), sqlite3.Connection):
        return 0
    try:
        row = db.execute("SELECT value FROM store_meta WHERE key = 'rewrites'").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0]) if row else 0


def _grow(array: np.ndarray, size: int, fill: int) -> np.ndarray:
    if len(array) >= size:
        return array
    grown = np.full(max(size, 2 * len(array)), fill, dtype=array.dtype)
    grown[: len(array)] = array
    return grown


class DocIndex:
    """Per-document kind, year, issue date, topics and units of one store, kept current by `refresh`."""

    def __init__(self) -> None:
        self.max_id = 0
        self.max_unit_id = 0
        self.rewrites = 0
        self.present = np.zeros(1, dtype=bool)
        self.kind = np.full(1, _NO_CODE, dtype=np.int16)
        self.year = np.zeros(1, dtype=np.int32)  # 0: none
        self.date = np.full(1, _NO_CODE, dtype=np.int32)  # code of issued_on in `dates` order
        self.kinds = _Codes.empty()
        self.dates = _Codes.empty()
        self.topics = _Codes.empty()
        self.topic_doc = np.zeros(0, dtype=np.int64)
        self.topic_code = np.zeros(0, dtype=np.int32)
        self.unit_doc = np.zeros(0, dtype=np.int64)
        self.unit_id = np.zeros(0, dtype=np.int64)
        self.unit_names: dict[int, str] = {}
        self.unit_parent = np.zeros(1, dtype=np.int64)  # unit id → parent id (0: none), for rolled-up facets
        self._phrases: dict[str, tuple[np.ndarray, int]] = {}  # FTS5 phrase → (ids, max id read)
        self._places: tuple[list[Any], dict[str, int]] | None = None  # read again when units change
        self._rolled: tuple[np.ndarray, np.ndarray, int] | None = None  # (doc, unit or ancestor) pairs

    # ---- keeping current ----------------------------------------------------------------

    def refresh(self, db: Database) -> None:
        """Read the documents (and units) added since the last call."""
        max_id = int(db.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0])
        rewrites = _rewrites(db)
        if max_id < self.max_id or rewrites != self.rewrites:
            # a different database behind the same object, or documents deleted or rewritten
            # (corpus.lifecycle): start again
            self.__init__()  # type: ignore[misc]
            self.rewrites = rewrites
        added = max_id > self.max_id
        if added:
            self._add_documents(db, self.max_id, max_id)
            self.max_id = max_id
        max_unit = int(db.execute("SELECT coalesce(max(id), 0) FROM units").fetchone()[0])
        if max_unit > self.max_unit_id or added:  # a new document may relink units: read the tree again
            parents = db.execute("SELECT id, parent_id FROM units WHERE parent_id IS NOT NULL").fetchall()
            tree = np.zeros(max_unit + 1, dtype=np.int64)
            for unit_id, parent_id in parents:
                if 0 < unit_id <= max_unit and 0 < parent_id <= max_unit:
                    tree[unit_id] = parent_id
            self.unit_parent = tree
            self._places = None
            self._rolled = None
        changed = added or max_unit > self.max_unit_id
        if max_unit > self.max_unit_id:
            rows = db.execute(
                "SELECT id, name FROM units WHERE id > ? AND id <= ?", [self.max_unit_id, max_unit]
            ).fetchall()
            self.unit_names.update((int(i), name) for i, name in rows)
            self.max_unit_id = max_unit
        if changed:
            built_long_lived()

    def _add_documents(self, db: Database, after: int, upto: int) -> None:
        """Read documents `after` < id <= `upto`, each column grouped by value with the ids as one
        string: a first read walks the small indexes on kind, year and issue date (every row of
        the table itself is a page of text), a later one the few new rows."""
        where, params = (" WHERE id > ? AND id <= ?", [after, upto]) if after else ("", [])
        where_doc = where.replace("id", "document_id")

        def groups(sql: str) -> list[tuple[Any, np.ndarray]]:
            return [(value, _ids(joined, after, upto)) for value, joined in db.execute(sql, params).fetchall()]

        size = upto + 1
        self.present = _grow(self.present, size, False)
        self.kind = _grow(self.kind, size, _NO_CODE)
        self.year = _grow(self.year, size, 0)
        self.date = _grow(self.date, size, _NO_CODE)
        by_kind = groups(f"SELECT kind, group_concat(id) FROM documents{where} GROUP BY kind")
        by_year = groups(f"SELECT year, group_concat(id) FROM documents{where} GROUP BY year")
        by_date = groups(f"SELECT issued_on, group_concat(id) FROM documents{where} GROUP BY issued_on")
        by_topic = groups(f"SELECT topic, group_concat(document_id) FROM document_topics{where_doc} GROUP BY topic")
        self.kinds = self._renumber(self.kinds, {k for k, _ in by_kind if k is not None}, self.kind)
        self.dates = self._renumber(self.dates, {d for d, _ in by_date if d is not None}, self.date)
        self.topics = self._renumber(self.topics, {t for t, _ in by_topic}, self.topic_code)
        for kind, ids in by_kind:  # every document is in one of these groups (NULL included)
            self.present[ids] = True
            self.kind[ids] = self.kinds.by_value[kind] if kind is not None else _NO_CODE
        for year, ids in by_year:
            self.year[ids] = int(year) if year is not None else 0
        for issued, ids in by_date:
            self.date[ids] = self.dates.by_value[issued] if issued is not None else _NO_CODE
        for topic, ids in by_topic:
            self.topic_doc = np.concatenate([self.topic_doc, ids])
            self.topic_code = np.concatenate(
                [self.topic_code, np.full(len(ids), self.topics.by_value[topic], dtype=np.int32)]
            )
        docs, units = db.execute(
            "SELECT group_concat(document_id), group_concat(unit_id) FROM"
            f" (SELECT document_id, unit_id FROM document_units{where_doc} ORDER BY document_id, unit_id) AS pairs",
            params,
        ).fetchone()
        if docs:
            doc_ids = np.fromstring(docs, dtype=np.int64, sep=",")
            unit_ids = np.fromstring(units, dtype=np.int64, sep=",")
            keep = (doc_ids > after) & (doc_ids <= upto)
            self.unit_doc = np.concatenate([self.unit_doc, doc_ids[keep]])
            self.unit_id = np.concatenate([self.unit_id, unit_ids[keep]])

    @staticmethod
    def _renumber(codes: _Codes, seen: set[str], array: np.ndarray) -> _Codes:
        """Codes in sorted order again with the values `seen`; `array` (codes in use) rewritten in place."""
        new = seen - set(codes.by_value)
        if not new:
            return codes
        values = sorted(set(codes.values) | new)
        renumbered = _Codes(values, {v: i for i, v in enumerate(values)})
        if codes.values:
            old_to_new = np.array([renumbered.by_value[v] for v in codes.values], dtype=array.dtype)
            used = array != _NO_CODE
            array[used] = old_to_new[array[used]]
        return renumbered

    def phrase_ids(self, match: str, read: Callable[[str, int], np.ndarray]) -> np.ndarray:
        """Documents matching a fixed FTS5 phrase (an abbreviation's expansion, 'uy ban nhan dan'),
        read once with `read(match, floor)` and then only for documents added since. A phrase
        of common words costs FTS5 a position check in most documents (tens of milliseconds at
        100,000); the few phrases the abbreviation table knows are kept here instead."""
        ids, upto = self._phrases.get(match, (np.zeros(0, dtype=np.int64), 0))
        if upto < self.max_id:
            new = read(match, upto + 1)
            ids = np.concatenate([ids, new[new <= self.max_id]])
            self._phrases[match] = (ids, self.max_id)
        return ids

    # ---- filtering ------------------------------------------------------------------------

    def all_ids(self) -> np.ndarray:
        return np.flatnonzero(self.present[: self.max_id + 1])

    def mask(
        self,
        *,
        kind: str | None = None,
        topic: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        unit_ids: list[int] | None = None,
    ) -> np.ndarray | None:
        """Documents passing the filters, as a boolean array by id; None when nothing filters."""
        size = self.max_id + 1
        mask: np.ndarray | None = None

        def narrow(keep: np.ndarray) -> None:
            nonlocal mask
            mask = keep if mask is None else mask & keep

        if kind is not None:
            code = self.kinds.by_value.get(kind)
            narrow(self.kind[:size] == code if code is not None else np.zeros(size, dtype=bool))
        if topic is not None:
            code = self.topics.by_value.get(topic)
            keep = np.zeros(size, dtype=bool)
            if code is not None:
                keep[self.topic_doc[self.topic_code == code]] = True
            narrow(keep)
        if date_from is not None or date_to is not None:
            allowed = np.array(
                [_date_passes(value, date_from, date_to) for value in self.dates.values] + [False], dtype=bool
            )
            narrow(allowed[self.date[:size]])  # code -1 (no date) reads the final False
        if unit_ids is not None:
            keep = np.zeros(size, dtype=bool)
            if unit_ids:
                wanted = np.isin(self.unit_id, np.array(unit_ids, dtype=np.int64))
                keep[self.unit_doc[wanted]] = True
            narrow(keep)
        return mask

    # ---- counting and ordering -------------------------------------------------------------

    def facets(self, ids: np.ndarray, *, top_units: int) -> dict[str, dict[str, int]]:
        """Counts over `ids` by unit (the `top_units` most frequent), kind, year and topic, in the
        orders the API has always given: count then name, years newest first."""
        size = self.max_id + 1
        member = np.zeros(size, dtype=bool)
        member[ids] = True
        kinds = np.bincount(self.kind[ids][self.kind[ids] >= 0], minlength=len(self.kinds.values))
        kind = sorted(((self.kinds.values[c], int(n)) for c, n in enumerate(kinds) if n), key=lambda kv: (-kv[1], kv[0]))
        years = self.year[ids]
        years = years[years != 0]
        year: list[tuple[int, int]] = []
        if len(years):
            low = int(years.min())
            counts = np.bincount(years - low)
            year = [(low + int(y), int(counts[y])) for y in np.flatnonzero(counts)[::-1]]
        topic_hits = self.topic_code[member[self.topic_doc]]
        topics = np.bincount(topic_hits, minlength=len(self.topics.values))
        topic = sorted(
            ((self.topics.values[c], int(n)) for c, n in enumerate(topics) if n), key=lambda kv: (-kv[1], kv[0])
        )
        unit_counts_by_id = self._rolled_up_counts(member)
        unit_values = np.flatnonzero(unit_counts_by_id)
        unit_counts = unit_counts_by_id[unit_values]
        unit: list[tuple[str, int]] = []
        if len(unit_values):
            keep = min(top_units, len(unit_values))
            floor = np.partition(unit_counts, len(unit_counts) - keep)[len(unit_counts) - keep]
            candidates = unit_counts >= floor  # ties at the cut are settled by name
            named = [
                (self.unit_names.get(int(u), str(u)), int(n))
                for u, n in zip(unit_values[candidates], unit_counts[candidates], strict=True)
            ]
            unit = sorted(named, key=lambda kv: (-kv[1], kv[0]))[:top_units]
        return {
            "unit": dict(unit),
            "kind": dict(kind),
            "year": {str(y): n for y, n in year},
            "topic": dict(topic),
        }

    def places(self, db: Database) -> tuple[list[Any], dict[str, int]]:
        """Where each unit is and the place names a query may contain (`corpus.places`), read
        once per change of the units."""
        if self._places is None:
            from corpus.places import located_units, place_names

            located = located_units(db)
            self._places = (located, place_names(located))
        return self._places

    def _rolled_up_counts(self, member: np.ndarray) -> np.ndarray:
        """Per unit id, the documents among `member` linked to it or to a unit below it (each
        document counted once per unit)."""
        docs, units, size = self._rolled_pairs()
        if not len(docs):
            return np.zeros(0, dtype=np.int64)
        return np.bincount(units[member[docs]], minlength=size)

    def _rolled_pairs(self) -> tuple[np.ndarray, np.ndarray, int]:
        """Every (document, unit) pair where the document is linked to the unit or to a unit below
        it, each once: built once per change of the links or the tree, so that a facet is one mask
        and one count (making the pairs unique per query cost ~20 ms at 10,000 documents)."""
        if self._rolled is not None:
            return self._rolled
        docs, unit_ids = self.unit_doc, self.unit_id
        if not len(docs):
            self._rolled = (docs, unit_ids, 0)
            return self._rolled
        parent = self.unit_parent
        size = max(len(parent), int(unit_ids.max()) + 1)
        if len(parent) < size:
            parent = np.concatenate([parent, np.zeros(size - len(parent), dtype=np.int64)])
        all_docs, all_units = [docs], [unit_ids]
        current = unit_ids
        for _ in range(16):  # the tree is a few levels deep; a cycle stops here
            current = parent[current]
            keep = current > 0
            if not keep.any():
                break
            docs, current = docs[keep], current[keep]
            all_docs.append(docs)
            all_units.append(current)
        pairs = np.unique(np.concatenate(all_docs) * size + np.concatenate(all_units))
        self._rolled = (pairs // size, pairs % size, size)
        return self._rolled

    def newest_issued_first(self, ids: np.ndarray, count: int) -> list[int]:
        """The first `count` of `ids` ordered by issue date (newest first, undated last), then id, newest first."""
        if count <= 0 or not len(ids):
            return []
        key = self.date[ids].astype(np.int64) * (self.max_id + 2) + ids  # undated (-1) sorts below any date
        if count < len(ids):
            top = np.argpartition(-key, count - 1)[:count]
            return ids[top[np.argsort(-key[top])]].tolist()
        return ids[np.argsort(-key)].tolist()


def _date_passes(value: str, date_from: str | None, date_to: str | None) -> bool:
    """The SQL of `compile_filters` on one stored date: each side compared at the shorter precision."""
    if date_from is not None and not value >= date_from[: len(value)]:
        return False
    return not (date_to is not None and not value[: len(date_to)] <= date_to)


_INDEXES: weakref.WeakKeyDictionary[Any, DocIndex] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def doc_index(db: Database) -> DocIndex:
    """The current index of the store behind `db` (one per Database object; callers hold its lock)."""
    with _INDEXES_LOCK:
        index = _INDEXES.get(db)
        if index is None:
            index = _INDEXES[db] = DocIndex()
    index.refresh(db)
    return index



_UNSETTLED = threading.Event()


def built_long_lived() -> None:
    """Say that caches kept between writes were (re)built: `settle` has work to do."""
    _UNSETTLED.set()


def settle() -> bool:
    """When caches were rebuilt since the last call: one full collection, then every object alive
    is kept out of the collector's later passes (gc.freeze). At 100,000 documents the caches a
    server keeps between writes (unit tree, unit names, this index) are 100,000+ objects, and a full
    collection walking them cost ~80 ms every few requests. A server calls this after a response
    is sent (api.app); without it the collector works as usual."""
    if not _UNSETTLED.is_set():
        return False
    _UNSETTLED.clear()
    gc.unfreeze()  # what was frozen and has become garbage since is collected now
    gc.collect()
    gc.freeze()
    return True
