"""The store: the one place that knows where documents live.

Everything outside `corpus/` talks to `Store`. `Store(url)` opens the implementation the
address names: a path, `:memory:` or `sqlite:///path` opens the embedded SQLite store
(`SQLiteStore`, the default), `postgresql://user@host:port/db` a server database
(`corpus.postgres.PostgresStore`). Both run the same SQL through a connection whose
`execute(sql, params)` takes `?` placeholders; what differs (the full-text index, transactions,
the schema's types) lives in each implementation. A Store is safe to share between threads (one
connection, one lock); several processes (and, on PostgreSQL, machines) may open the same store.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from sqlite_utils import Database

from corpus import corrections, export, samedoc, search, staffdb, tracking, units
from corpus.docindex import built_long_lived
from corpus.items import ITEM_KINDS, item_rows
from corpus.references import Citation, number_key, number_lead, resolve, resolve_pending
from corpus.schema import migrate
from corpus.search import Filters
from corpus.text import fold_index, timestamp
from extract.models import Extraction
from ingest.errors import BadQuery, NotFound

UNIT_PAGE_ITEMS = 200
POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+")


def sqlite_path(url: str | Path) -> str | None:
    """The SQLite file (or ':memory:') an address names, None for a server database."""
    text = str(url)
    if text.startswith(POSTGRES_SCHEMES):
        return None
    if text.startswith("sqlite:///"):
        return text[len("sqlite:///") - 1 :] if text.startswith("sqlite:////") else text[len("sqlite:///") :]
    if text.startswith("sqlite://"):
        return text[len("sqlite://") :] or ":memory:"
    if "://" in text:
        raise BadQuery(f"store address {text!r}: use a file path, sqlite:///PATH or postgresql://…")
    return text


class Store:
    """Documents, units, targets, figures, deadlines and references.

    `Store(url)` returns the implementation for `url`; subclasses provide the connection
    (`self.db`, `self._lock`), `_transaction` and `_insert_rows`.
    """

    db: Any
    _lock: threading.RLock
    backend = "abstract"
    # The tables of corpus.staffdb (accounts, audit, corrections, files of a record …): SQLite only
    # for now; a store without them keeps the behaviour from before (one record per file).
    staff = False

    def __new__(cls, url: str | Path = ":memory:", *args: Any, **kwargs: Any) -> Store:
        if cls is Store:
            if sqlite_path(url) is None:
                from corpus.postgres import PostgresStore

                cls = PostgresStore
            else:
                cls = SQLiteStore
        return super().__new__(cls)

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self):
        """A write transaction for the modules that work on the store's tables (corpus.lifecycle …)."""
        return self._transaction()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        raise NotImplementedError
        yield

    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> int | None:
        """Insert rows that share their keys; the new row id when there is one row."""
        raise NotImplementedError

    # ---- writing ------------------------------------------------------------------------

    def find_sha256(self, sha256: str) -> int | None:
        """The id of the document stored from these bytes, if any."""
        with self._lock:
            row = self.db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
            if row or not self.staff:
                return int(row[0]) if row else None
            return samedoc.document_of_file(self.db, sha256)

    def add(self, extraction: Extraction, *, source_bytes_sha256: str | None = None) -> tuple[int, bool]:
        """Store a record; `(id, True)` when new, `(existing id, False)` when these bytes are stored.

        The sha256 of the source bytes (or the record's `source.sha256`) is the identity:
        adding the same file twice changes nothing.
        """
        document_id, status = self.add_file(extraction, source_bytes_sha256=source_bytes_sha256)
        return document_id, status == "new"

    def add_file(self, extraction: Extraction, *, source_bytes_sha256: str | None = None) -> tuple[int, str]:
        """`add`, telling what happened: `(id, "new")`, `(id, "known")` for bytes already stored,
        `(id, "attached")` for another file of a stored document (corpus.samedoc)."""
        sha256 = _identity(extraction, source_bytes_sha256)
        known_keys = samedoc.keys(extraction) if self.staff else None  # outside the lock: a pass over the text
        with self._transaction():
            return self._add_one(extraction, sha256, known_keys)

    def _add_one(
        self, extraction: Extraction, sha256: str, known_keys: tuple[str, str | None] | None = None
    ) -> tuple[int, str]:
        row = self.db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
        if row:
            return int(row[0]), "known"
        if not self.staff:
            return self._insert(extraction, sha256), "new"
        known = samedoc.document_of_file(self.db, sha256)
        if known is not None:
            return known, "known"
        known_keys = known_keys or samedoc.keys(extraction)
        same = samedoc.find_same(self.db, extraction, known_keys)
        if same is not None:
            samedoc.add_file(self.db, same, sha256, extraction)
            return same, "attached"
        return self._insert(extraction, sha256, keys=known_keys), "new"

    def add_many(self, extractions: Iterable[Extraction], *, batch: int = 500) -> list[tuple[int, bool]]:
        """`add` for many records (each identified by its `source.sha256`), `batch` of them per
        transaction: a bulk load then commits and flushes the full-text index once per batch
        rather than once per record. A failure rolls back its batch only."""
        return [(document_id, status == "new") for document_id, status in self.add_many_files(extractions, batch=batch)]

    def add_many_files(self, extractions: Iterable[Extraction], *, batch: int = 500) -> list[tuple[int, str]]:
        """`add_many` telling what happened to each, as `add_file` does."""
        results: list[tuple[int, str]] = []
        pending = iter(extractions)
        while chunk := list(itertools.islice(pending, batch)):
            keys = [samedoc.keys(extraction) if self.staff else None for extraction in chunk]  # outside the lock
            with self._transaction():
                for extraction, known_keys in zip(chunk, keys, strict=True):
                    results.append(self._add_one(extraction, _identity(extraction, None), known_keys))
        return results

    def _insert(
        self, extraction: Extraction, sha256: str, replace: int | None = None, keys: tuple[str, str | None] | None = None
    ) -> int:
        """Insert a record, or with `replace` rewrite that stored record in place (re-extraction)."""
        now = timestamp()
        doc = extraction.document
        record = extraction.model_dump(mode="json", exclude={"text"})
        record["source"]["sha256"] = sha256
        text = extraction.text
        columns = {
            "sha256": sha256,
            "filename": extraction.source.filename,
            "media_type": extraction.source.media_type,
            "kind": doc.kind,
            "number": doc.number,
            "number_key": number_key(doc.number),
            "number_lead": number_lead(doc.number),
            "title": doc.title,
            "title_folded": fold_index(doc.title or ""),
            "issuer": doc.issuer,
            "issued_on": doc.issued_on,
            "published_on": doc.published_on,
            "year": int(doc.issued_on[:4]) if doc.issued_on and doc.issued_on[:4].isdigit() else None,
            "place": doc.place,
            "signer_name": doc.signer.name if doc.signer else None,
            "signer_position": doc.signer.position if doc.signer else None,
            "topics": json.dumps(doc.topics, ensure_ascii=False),
            "text": text,
            "text_folded": fold_index(text) if text else None,
            "record": json.dumps(record, ensure_ascii=False),
            "created_at": now,
        }
        if replace is None:
            document_id = self._insert_rows("documents", [columns])
        else:
            document_id = replace
            columns.pop("created_at")
            self.db.execute(
                f"UPDATE documents SET {', '.join(f'[{c}] = ?' for c in columns)} WHERE id = ?",
                [*columns.values(), document_id],
            )
        assert document_id is not None
        self._insert_rows(
            "document_topics", [{"document_id": document_id, "topic": topic} for topic in dict.fromkeys(doc.topics)]
        )
        unit_ids = self._link_units(extraction, document_id, now)
        items = item_rows(extraction, sha256=sha256, document_id=document_id, created_at=now, unit_ids=unit_ids)
        tracking.add_columns(self.db, items, extraction, unit_ids, document_id)
        for kind, rows in items.items():
            self._insert_rows(kind, rows)
        self._add_references(extraction, document_id)
        resolve_pending(self.db, number_lead(doc.number))
        if self.staff:
            samedoc.index(self.db, document_id, extraction, keys)
            samedoc.add_file(self.db, document_id, sha256, extraction)
        tracking.link_document(self.db, document_id)
        return document_id

    def _link_units(self, extraction: Extraction, document_id: int, now: str) -> dict[str, int]:
        """Upsert the record's units (and issuer), place them in the tree, link them to the document.

        Returns name → unit id for every unit name the record uses.
        """
        described: list[tuple[units.UnitFacts, str | None, int]] = []
        for unit in extraction.units:
            loc = unit.locality
            facts = units.UnitFacts(
                unit.name, unit.kind, unit.level,
                loc.province if loc else None, loc.district if loc else None, loc.commune if loc else None,
            )
            described.append((facts, unit.parent, max(len(unit.mentions), 1)))
        issuer = extraction.document.issuer
        if issuer and issuer not in {facts.name for facts, _, _ in described}:
            described.append((units.UnitFacts(issuer, units.guess_kind(issuer), None, None, None, None), None, 0))
        ids: dict[str, int] = {}
        mentions: dict[int, int] = {}
        for facts, _, count in described:
            ids[facts.name] = units.upsert_unit(self.db, facts, now=now)
            mentions[ids[facts.name]] = mentions.get(ids[facts.name], 0) + count
        for unit_id, count in mentions.items():
            self.db.execute(
                "INSERT INTO document_units (document_id, unit_id, mentions, is_issuer) VALUES (?, ?, ?, ?)",
                [document_id, unit_id, count, int(bool(issuer) and ids.get(issuer) == unit_id)],
            )
        for facts, parent, _ in described:
            self._place(facts, parent, ids, now)
        units.relink(self.db, {facts.province for facts, _, _ in described})
        for kind in ITEM_KINDS:
            for item in getattr(extraction, kind):
                if item.unit and item.unit not in ids:
                    row = self.db.execute("SELECT id FROM units WHERE name = ?", [item.unit]).fetchone()
                    if row:
                        ids[item.unit] = int(row[0])
        return ids

    def _place(self, facts: units.UnitFacts, parent: str | None, ids: dict[str, int], now: str) -> None:
        """Link a unit to the parent its record states (or its name contains: 'Ban Thường vụ Tỉnh ủy X')."""
        body = facts.kind == "committee_body"
        parent = parent or (units.committee_of(facts.name) if body else None)
        if not parent or parent == facts.name:
            return
        if parent not in ids:
            stub = units.UnitFacts(
                parent, units.guess_kind(parent), facts.level if body else None, facts.province,
                facts.district if body else None, facts.commune if body else None,
            )
            ids[parent] = units.upsert_unit(self.db, stub, now=now)
        units.set_explicit_parent(self.db, ids[facts.name], ids[parent])

    def _add_references(self, extraction: Extraction, document_id: int) -> None:
        rows = []
        for index, ref in enumerate(extraction.references):
            citation = Citation(
                document_id, ref.kind, number_key(ref.number), number_lead(ref.number), ref.issued_on, ref.issuer
            )
            rows.append(
                {
                    "document_id": document_id, "item_index": index, "kind": ref.kind, "number": ref.number,
                    "number_key": citation.number_key, "number_lead": citation.number_lead,
                    "issued_on": ref.issued_on, "issuer": ref.issuer, "title": ref.title, "start": ref.start,
                    "end": ref.end, "resolved_document_id": resolve(self.db, citation),
                }
            )
        self._insert_rows("references", rows)

    # ---- jobs (files sent to workers) ------------------------------------------------------

    def create_job(self, *, filename: str | None, sha256: str, locality: str | None = None,
                   document_id: int | None = None) -> dict[str, Any]:
        """A new job for the file with this sha256: `queued`, or `done` when `document_id` is given
        (the file was stored already)."""
        now = timestamp()
        job_id = uuid.uuid4().hex
        status = "done" if document_id is not None else "queued"
        with self._transaction():
            self.db.execute(
                "INSERT INTO jobs (id, filename, sha256, locality, status, document_id, attempts, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                [job_id, filename, sha256, locality, status, document_id, now, now],
            )
        return self.job(job_id)

    def job(self, job_id: str) -> dict[str, Any]:
        """`{"id", "filename", "sha256", "locality", "status", "document_id", "error", "attempts", …}`."""
        with self._lock:
            row = self.db.execute(f"SELECT {', '.join(_JOB_COLUMNS)} FROM jobs WHERE id = ?", [job_id]).fetchone()
        if row is None:
            raise NotFound(f"no job with id {job_id!r}")
        return _job(row)

    def jobs(self, job_ids: Iterable[str]) -> list[dict[str, Any]]:
        """Several jobs at once, in the order asked (unknown ids left out)."""
        ids = list(job_ids)
        if not ids:
            return []
        with self._lock:
            rows = self.db.execute(
                f"SELECT {', '.join(_JOB_COLUMNS)} FROM jobs WHERE id IN ({', '.join('?' * len(ids))})", ids
            ).fetchall()
        found = {row[0]: _job(row) for row in rows}
        return [found[i] for i in ids if i in found]

    def update_job(
        self, job_id: str, status: str, *, document_id: int | None = None, error: tuple[str, str] | None = None,
        attempt: bool = False,
    ) -> None:
        if status not in JOB_STATES:
            raise ValueError(f"unknown job state {status!r}")
        with self._transaction():
            self.db.execute(
                "UPDATE jobs SET status = ?, document_id = coalesce(?, document_id), error_code = ?, error_message = ?,"
                " attempts = attempts + ?, updated_at = ? WHERE id = ?",
                [status, document_id, error[0] if error else None, error[1] if error else None, int(attempt),
                 timestamp(), job_id],
            )

    # ---- reading ------------------------------------------------------------------------

    def get(self, document_id: int) -> dict[str, Any]:
        """The stored record plus `id`, `created_at` and `links` (unit ids, resolved references)."""
        with self._lock:
            row = self.db.execute(
                "SELECT record, text, created_at FROM documents WHERE id = ?", [document_id]
            ).fetchone()
            if row is None:
                raise NotFound(f"no document with id {document_id}")
            unit_links = self.db.execute(
                "SELECT u.name, u.id FROM document_units du JOIN units u ON u.id = du.unit_id"
                " WHERE du.document_id = ? ORDER BY u.name",
                [document_id],
            ).fetchall()
            reference_links = self.db.execute(
                'SELECT resolved_document_id FROM "references" WHERE document_id = ? ORDER BY item_index',
                [document_id],
            ).fetchall()
            cited_by = self.db.execute(
                'SELECT DISTINCT document_id FROM "references" WHERE resolved_document_id = ? ORDER BY 1',
                [document_id],
            ).fetchall()
            links = tracking.figure_links(self.db, document_id)
        record = json.loads(row[0])
        record["text"] = row[1]
        tracking.overlay(record, links)
        if self.staff:
            with self._lock:
                record = corrections.overlay(self.db, document_id, record)
                record["files"] = samedoc.files_of(self.db, document_id)
        return {
            "id": document_id,
            "created_at": row[2],
            **record,
            "links": {
                "units": {name: unit_id for name, unit_id in unit_links},
                "references": [r[0] for r in reference_links],
                "cited_by": [r[0] for r in cited_by],
            },
        }

    def count(self) -> int:
        with self._lock:
            return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def recent(self, limit: int = 20) -> list[dict[str, Any]]:
        """The documents stored last, newest first (for a start page)."""
        with self._lock:
            rows = self.db.execute(
                "SELECT id, title, kind, number, issued_on, created_at FROM documents ORDER BY id DESC LIMIT ?",
                [limit],
            ).fetchall()
        keys = ("id", "title", "kind", "number", "issued_on", "created_at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def search(
        self,
        q: str | None = None,
        *,
        unit: str | None = None,
        kind: str | None = None,
        topic: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        page: int = 1,
        per_page: int = 20,
    ) -> dict[str, Any]:
        """Ranked hits with highlighted snippets and facets; BadQuery for bad parameters."""
        filters = Filters(q, unit, kind, topic, date_from, date_to)
        with self._lock:
            return search.search(self.db, filters, page=page, per_page=per_page)

    def rows(
        self,
        kind: str,
        *,
        q: str | None = None,
        unit: str | None = None,
        doc_kind: str | None = None,
        topic: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        since: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        indicator: str | None = None,
        behind: bool = False,
    ) -> list[dict[str, Any]]:
        """Targets, figures or deadlines of the matching documents, as flat rows (`limit` and
        `offset` page through them in SQL)."""
        filters = Filters(q, unit, doc_kind, topic, date_from, date_to)
        with self._lock:
            if limit is not None and self._by_documents(filters, since, indicator, behind):
                return self._page_in_documents(kind, filters, limit, offset)[0]
            return export.rows(self.db, kind, filters, since=since, limit=limit, offset=offset, indicator=indicator,
                               behind=behind, staff=self.staff)

    def _by_documents(self, filters: Filters, since: str | None, indicator: str | None, behind: bool) -> bool:
        """Whether a page of rows is best found from per-document counts: only the documents are
        filtered (words, kind, topic, dates) and the store has the in-memory index."""
        document_level = filters.q or filters.kind or filters.topic or filters.date_from or filters.date_to
        return bool(document_level) and self.backend == "sqlite" and not (filters.unit or since or indicator or behind)

    def _page_in_documents(self, kind: str, filters: Filters, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        if kind not in ITEM_KINDS:
            raise BadQuery(f"{kind!r} is not exportable; use one of {', '.join(ITEM_KINDS)}")
        counts = self.kept_until_written(f"item_counts:{kind}", lambda: export.item_counts(self.db, kind))
        return export.page_in_documents(self.db, kind, search.document_ids(self.db, filters), counts,
                                        limit=limit, offset=offset, staff=self.staff)

    def count_rows(
        self,
        kind: str,
        *,
        q: str | None = None,
        unit: str | None = None,
        doc_kind: str | None = None,
        topic: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        indicator: str | None = None,
        behind: bool = False,
    ) -> int:
        """How many rows `rows` gives for the same filters."""
        filters = Filters(q, unit, doc_kind, topic, date_from, date_to)
        with self._lock:
            if self._by_documents(filters, None, indicator, behind):
                return self._page_in_documents(kind, filters, 0, 0)[1]
            return export.count(self.db, kind, filters, indicator=indicator, behind=behind)

    def stream_rows(
        self,
        kind: str,
        *,
        q: str | None = None,
        unit: str | None = None,
        doc_kind: str | None = None,
        topic: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        since: str | None = None,
        indicator: str | None = None,
        behind: bool = False,
    ) -> export.RowStream:
        """The rows `rows` gives, read in batches while they are consumed (exports in constant
        memory); bad filters raise BadQuery now, not while streaming."""
        filters = Filters(q, unit, doc_kind, topic, date_from, date_to)
        with self._lock:
            return export.stream(self.db, kind, filters, since=since, indicator=indicator, behind=behind,
                                 staff=self.staff, lock=self._lock)

    def target(self, target_id: str) -> dict[str, Any]:
        """One target with its document, the words it came from, its linked figures and progress."""
        with self._lock:
            return tracking.target_page(self.db, target_id)

    def indicators_in_use(self) -> list[dict[str, Any]]:
        """`{"code", "name", "targets", "figures"}` for every indicator a stored item measures (kept
        until the store is written)."""
        return self.kept_until_written(
            "indicators_in_use", lambda: tracking.indicators_in_use(self.db)
        )

    def resolve_units(self, spec: str) -> list[int]:
        """The ids of the units a filter value names (an id or an exact name, any diacritics);
        empty when none is stored."""
        with self._lock:
            return units.resolve_unit_spec(self.db, spec)

    def _write_version(self) -> Any:
        """What changes whenever the store is written, by this object or another process; None
        when that cannot be told cheaply (then nothing is cached)."""
        return None

    def kept_until_written(self, name: str, build: Callable[[], Any]) -> Any:
        """`build()`, kept under `name` until the store is next written (by this object or another
        process); built on every call when the store cannot tell (`_write_version` is None)."""
        with self._lock:
            version = self._write_version()
            cache: dict[str, tuple[Any, Any]] = self.__dict__.setdefault("_write_cache", {})
            cached = cache.get(name)
            if version is not None and cached is not None and cached[0] == version:
                return cached[1]
            value = build()
            if version is not None:  # kept: the collector may settle it (a value built per call is not)
                cache[name] = (version, value)
                built_long_lived()
            return value

    def units_tree(self) -> list[dict[str, Any]]:
        """Every unit as a forest: `{"id", "name", "kind", "level", "locality", "documents", "children"}`.

        Kept until the store is written (callers must not change it)."""
        return self.kept_until_written("units_tree", self._build_units_tree)

    def years(self) -> list[str]:
        """The years documents were issued in, newest first (kept until the store is written)."""

        def build() -> list[str]:
            rows = self.db.execute(
                "SELECT DISTINCT substr(issued_on, 1, 4) FROM documents WHERE issued_on IS NOT NULL"
            ).fetchall()
            return sorted((r[0] for r in rows if r[0] and r[0].isdigit()), reverse=True)

        return self.kept_until_written("years", build)

    def _build_units_tree(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self.db.execute(
                "SELECT u.id, u.name, u.kind, u.level, u.province, u.district, u.commune, u.parent_id,"
                " (SELECT count(*) FROM document_units du WHERE du.unit_id = u.id) FROM units u"
            ).fetchall()
        nodes = {row[0]: _unit_node(row) | {"documents": row[8], "children": []} for row in rows}
        roots = []
        for row in rows:
            node, parent = nodes[row[0]], row[7]
            (nodes[parent]["children"] if parent in nodes else roots).append(node)
        _sort_tree(roots)
        return roots

    def unit(self, unit_id: int) -> dict[str, Any]:
        """One unit with its parent, children, and the documents, targets, figures and deadlines
        of it and the units below it."""
        with self._lock:
            row = self.db.execute(
                "SELECT id, name, kind, level, province, district, commune, parent_id FROM units WHERE id = ?",
                [unit_id],
            ).fetchone()
            if row is None:
                raise NotFound(f"no unit with id {unit_id}")
            parent = self.db.execute("SELECT id, name FROM units WHERE id = ?", [row[7]]).fetchone()
            children = self.db.execute(
                "SELECT id, name FROM units WHERE parent_id = ? ORDER BY name", [unit_id]
            ).fetchall()
            documents = search.search(self.db, Filters(unit=str(unit_id)), per_page=search.MAX_PER_PAGE)
            items = {
                kind: export.rows(
                    self.db, kind, Filters(unit=str(unit_id)), limit=UNIT_PAGE_ITEMS, staff=self.staff, responsible=True
                )
                for kind in ITEM_KINDS
            }
            own, own_total, mentioned, mentioned_total = self._own_and_mentioned(unit_id)
        return {
            **_unit_node(row),
            "parent": {"id": parent[0], "name": parent[1]} if parent else None,
            "children": [{"id": c[0], "name": c[1]} for c in children],
            "documents_total": documents["total"],
            "documents": [{k: v for k, v in hit.items() if k != "snippet"} for hit in documents["hits"]],
            "issued_total": own_total,
            "issued": own,
            "mentioned_total": mentioned_total,
            "mentioned": mentioned,
            **items,
        }

    def _own_and_mentioned(self, unit_id: int) -> tuple[list[dict[str, Any]], int, list[dict[str, Any]], int]:
        """The documents the unit (or a unit below it) issued or is responsible for (a target,
        figure or deadline names it), and the documents that only mention it: newest first, at
        most `search.MAX_PER_PAGE` of each, with their totals. The ids are read through the unit
        indexes once and ordered by the search index (a query per list and total re-read them all)."""
        subtree = json.dumps(units.rolled_up(self.db, [unit_id]))
        members = "SELECT value FROM json_each(?)"
        own: set[int] = {r[0] for r in self.db.execute(
            f"SELECT document_id FROM document_units WHERE is_issuer = 1 AND unit_id IN ({members})", [subtree]).fetchall()}
        for kind in ITEM_KINDS:
            own.update(r[0] for r in self.db.execute(
                f'SELECT DISTINCT document_id FROM "{kind}" WHERE unit_id IN ({members})', [subtree]).fetchall())
        linked = {r[0] for r in self.db.execute(
            f"SELECT document_id FROM document_units WHERE unit_id IN ({members})", [subtree]).fetchall()}
        mentioned = linked - own
        return (*self._newest(own), *self._newest(mentioned))

    def _newest(self, ids: set[int]) -> tuple[list[dict[str, Any]], int]:
        """The newest `search.MAX_PER_PAGE` documents of `ids` (by issue date, then id) and how many."""
        keys = ("id", "title", "kind", "number", "issued_on")
        if not ids:
            return [], 0
        index = search.doc_index(self.db)
        known = np.fromiter((i for i in ids if i <= index.max_id), dtype=np.int64)
        chosen = index.newest_issued_first(np.sort(known), search.MAX_PER_PAGE)
        rows = {r[0]: r for r in self.db.execute(
            f"SELECT {', '.join(keys)} FROM documents WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(chosen)]).fetchall()}
        return [dict(zip(keys, rows[i], strict=True)) for i in chosen if i in rows], len(ids)


class SQLiteStore(Store):
    """The embedded store: one SQLite file (WAL, busy timeout), FTS5 for search."""

    backend = "sqlite"

    def __init__(self, url: str | Path = ":memory:") -> None:
        path = sqlite_path(url)
        assert path is not None
        self.path = path
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        self.db = Database(conn)
        self._lock = threading.RLock()
        with self._lock:
            migrate(self.db)
            staffdb.ensure(self.db)

    staff = True

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """All or nothing: a failed write leaves the store as it was."""
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            finally:
                self._generation = getattr(self, "_generation", 0) + 1
            self.db.execute("COMMIT")

    def _write_version(self) -> Any:
        """This object's writes (a counter) and other connections' (SQLite's data_version)."""
        return getattr(self, "_generation", 0), self.db.execute("PRAGMA data_version").fetchone()[0]

    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> int | None:
        """Insert rows that share their keys; the last row id."""
        if not rows:
            return None
        columns = list(rows[0])
        sql = (
            f'INSERT INTO "{table}" ({", ".join(f"[{c}]" for c in columns)})'
            f" VALUES ({', '.join('?' * len(columns))})"
        )
        if len(rows) == 1:
            return self.db.execute(sql, [rows[0][c] for c in columns]).lastrowid
        self.db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])
        return None


JOB_STATES = ("queued", "running", "done", "failed")
_JOB_COLUMNS = ("id", "filename", "sha256", "locality", "status", "document_id", "error_code", "error_message",
                "attempts", "created_at", "updated_at")


def _job(row: tuple) -> dict[str, Any]:
    job = dict(zip(_JOB_COLUMNS, row, strict=True))
    code, message = job.pop("error_code"), job.pop("error_message")
    job["error"] = {"code": code, "message": message} if code else None
    return job


def _identity(extraction: Extraction, source_bytes_sha256: str | None) -> str:
    """What a stored document is keyed on: the source bytes' sha256, else a hash of the text."""
    sha256 = source_bytes_sha256 or extraction.source.sha256
    return sha256 or hashlib.sha256((extraction.text or "").encode("utf-8")).hexdigest()


def _unit_node(row: tuple) -> dict[str, Any]:
    locality = None
    if any(row[4:7]):
        locality = {"province": row[4], "district": row[5], "commune": row[6]}
    return {"id": row[0], "name": row[1], "kind": row[2], "level": row[3], "locality": locality}


def _sort_tree(nodes: list[dict[str, Any]]) -> None:
    nodes.sort(key=lambda n: (units.LEVEL_RANK.get(n["level"] or "", 9), n["name"]))
    for node in nodes:
        _sort_tree(node["children"])
