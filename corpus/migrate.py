"""Moving up: copy a store (the embedded SQLite one) into another (PostgreSQL), ids and all.

Every table is copied row for row in one transaction on the target, which must be empty; the
ids are kept (links between documents, units and references stay as they were) and the
target's id sequences are set past them. The copy is checked by counting every table on both
sides: a difference raises `CopyMismatch` and the target is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from corpus.items import REVIEW_COLUMNS
from corpus.store import Store
from ingest.errors import VanbanError

# Parents before children; units are copied without their parent first, then linked.
TABLES = ("documents", "units", "document_units", "document_topics", "targets", "figures", "deadlines",
          "references", "jobs")
BATCH = 500


class CopyMismatch(VanbanError):
    code = "copy_mismatch"


class TargetNotEmpty(VanbanError):
    code = "target_not_empty"


def counts(store: Store) -> dict[str, int]:
    with store._lock:
        return {table: int(store.db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]) for table in TABLES}


def copy_store(source: Store, target: Store, *, on_rows: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy every row of `source` into the empty `target`; the counts per table (equal on both)."""
    before = counts(target)
    if any(before.values()):
        busy = ", ".join(f"{t} ({n})" for t, n in before.items() if n)
        raise TargetNotEmpty(f"the target store is not empty: {busy}")
    expected = counts(source)
    with target._transaction():
        for table in TABLES:
            parents: list[tuple[int, int]] = []
            for rows in _read(source, table):
                if table == "units":
                    parents.extend((row["id"], row["parent_id"]) for row in rows if row["parent_id"] is not None)
                    rows = [row | {"parent_id": None} for row in rows]
                target._insert_rows(table, rows)  # the rows of a table share their columns
                if on_rows:
                    on_rows(table, len(rows))
            for unit_id, parent_id in parents:
                target.db.execute("UPDATE units SET parent_id = ? WHERE id = ?", [parent_id, unit_id])
        if getattr(target.db, "is_postgres", False):
            for table in ("documents", "units", "references"):
                target.db.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                    f' (SELECT coalesce(max(id), 0) + 1 FROM "{table}"), false)'
                )
        got = counts(target)
        if got != expected:
            raise CopyMismatch(f"copied counts differ: source {expected}, target {got}")
    return got


def _read(store: Store, table: str):
    """Rows of a table as dicts, `BATCH` at a time, in id order where there is one."""
    with store._lock:
        cursor = store.db.execute(f'SELECT * FROM "{table}" LIMIT 0')
        names = [d[0] for d in cursor.description]
    order = "id" if "id" in names else ", ".join(names[:2])
    offset = 0
    while True:
        with store._lock:
            rows = store.db.execute(
                f'SELECT * FROM "{table}" ORDER BY {order} LIMIT ? OFFSET ?', [BATCH, offset]
            ).fetchall()
        if not rows:
            return
        offset += len(rows)
        yield [_clean(dict(zip(names, row, strict=True))) for row in rows]


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """A row without the target's computed columns (PostgreSQL computes its own tsvectors)."""
    row.pop("fts_folded", None)
    row.pop("fts_exact", None)
    for column in REVIEW_COLUMNS:  # who reviewed an item: kept by the SQLite store only for now
        row.pop(column, None)
    return row
