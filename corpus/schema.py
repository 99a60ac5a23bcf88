"""The store's tables and their migrations.

`migrate(db)` brings any database (new or older) to `SCHEMA_VERSION`. Each migration is a
function of a sqlite-utils Database; it is written to be re-runnable (`if_not_exists`) so
that an interrupted first run can be repeated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlite_utils import Database

SCHEMA_VERSION = 7

_QUANTITY_COLUMNS: dict[str, type] = {
    "id": str,
    "document_id": int,
    "item_index": int,
    "measure": str,
    "comparator": str,
    "value": float,
    "value_max": float,
    "unit_of_measure": str,
    "period_start": str,
    "period_end": str,
    "recurrence": str,
    "unit": str,
    "unit_id": int,
    "evidence": str,
    "start": int,
    "end": int,
    "created_at": str,
}

FTS_TOKENIZE = "unicode61 remove_diacritics 0"
FTS_COLUMNS = ("title", "text", "title_folded", "text_folded")


def _v1(db: Database) -> None:
    db["documents"].create(
        {
            "id": int,
            "sha256": str,
            "filename": str,
            "media_type": str,
            "kind": str,
            "number": str,
            "number_key": str,
            "number_lead": str,
            "title": str,
            "title_folded": str,
            "issuer": str,
            "issued_on": str,
            "published_on": str,
            "year": int,
            "place": str,
            "signer_name": str,
            "signer_position": str,
            "topics": str,
            "text": str,
            "text_folded": str,
            "record": str,
            "created_at": str,
        },
        pk="id",
        not_null={"sha256", "created_at"},
        if_not_exists=True,
    )
    db["documents"].create_index(["sha256"], unique=True, if_not_exists=True)
    for column in ("issued_on", "kind", "year", "number_lead", "created_at"):
        db["documents"].create_index([column], if_not_exists=True)

    db["units"].create(
        {
            "id": int,
            "name": str,
            "name_folded": str,
            "kind": str,
            "level": str,
            "province": str,
            "district": str,
            "commune": str,
            "family": str,
            "parent_id": int,
            "parent_explicit": int,
            "created_at": str,
        },
        pk="id",
        not_null={"name"},
        foreign_keys=[("parent_id", "units", "id")],
        if_not_exists=True,
    )
    db["units"].create_index(["name"], unique=True, if_not_exists=True)
    db["units"].create_index(["parent_id"], if_not_exists=True)
    db["units"].create_index(["province"], if_not_exists=True)

    db["document_units"].create(
        {"document_id": int, "unit_id": int, "mentions": int, "is_issuer": int},
        pk=("document_id", "unit_id"),
        foreign_keys=[("document_id", "documents", "id"), ("unit_id", "units", "id")],
        if_not_exists=True,
    )
    db["document_units"].create_index(["unit_id"], if_not_exists=True)

    for table, extra in (("targets", {"due": str}), ("figures", {"as_of": str})):
        columns = dict(_QUANTITY_COLUMNS)
        columns[next(iter(extra))] = str
        db[table].create(
            columns,
            pk="id",
            foreign_keys=[("document_id", "documents", "id"), ("unit_id", "units", "id")],
            if_not_exists=True,
        )
    db["deadlines"].create(
        {
            "id": str,
            "document_id": int,
            "item_index": int,
            "task": str,
            "due": str,
            "recurrence": str,
            "unit": str,
            "unit_id": int,
            "evidence": str,
            "start": int,
            "end": int,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("unit_id", "units", "id")],
        if_not_exists=True,
    )
    for table in ("targets", "figures", "deadlines"):
        for column in ("document_id", "unit_id", "created_at"):
            db[table].create_index([column], if_not_exists=True)

    db["references"].create(
        {
            "id": int,
            "document_id": int,
            "item_index": int,
            "kind": str,
            "number": str,
            "number_key": str,
            "number_lead": str,
            "issued_on": str,
            "issuer": str,
            "title": str,
            "start": int,
            "end": int,
            "resolved_document_id": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("resolved_document_id", "documents", "id")],
        if_not_exists=True,
    )
    db["references"].create_index(["document_id"], if_not_exists=True)
    db["references"].create_index(["number_lead"], if_not_exists=True)
    db["references"].create_index(["resolved_document_id"], if_not_exists=True)

    db["documents"].enable_fts(list(FTS_COLUMNS), tokenize=FTS_TOKENIZE, create_triggers=True, replace=True)


def _v2(db: Database) -> None:
    """Topics as rows (filtering and counting them through JSON was the slowest part of a search)."""
    db["document_topics"].create(
        {"document_id": int, "topic": str},
        pk=("document_id", "topic"),
        foreign_keys=[("document_id", "documents", "id")],
        if_not_exists=True,
    )
    db["document_topics"].create_index(["topic"], if_not_exists=True)
    db.execute(
        "INSERT OR IGNORE INTO document_topics (document_id, topic)"
        " SELECT d.id, j.value FROM documents d, json_each(d.topics) j WHERE json_valid(d.topics)"
    )


def _v3(db: Database) -> None:
    """Jobs: files sent to workers (`vanban worker`), with their state and outcome."""
    db["jobs"].create(
        {
            "id": str,
            "filename": str,
            "sha256": str,
            "locality": str,
            "status": str,
            "document_id": int,
            "error_code": str,
            "error_message": str,
            "attempts": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"sha256", "status", "created_at"},
        if_not_exists=True,
    )
    db["jobs"].create_index(["status"], if_not_exists=True)


# Targets and figures tracked to each other (corpus.tracking): the indicator each measures, the
# locality it is scoped to, a figure's target and progress, a target's latest figure.
TRACKING_COLUMNS: dict[str, dict[str, type]] = {
    "targets": {
        "indicator_code": str, "indicator_name": str, "indicator_confidence": float, "scope_unit_id": int,
        "scope_province": str, "scope_district": str, "scope_commune": str, "latest_figure": str,
        "latest_value": float, "latest_on": str, "progress": float, "behind": int,
    },
    "figures": {
        "indicator_code": str, "indicator_name": str, "indicator_confidence": float, "scope_unit_id": int,
        "scope_province": str, "scope_district": str, "scope_commune": str, "reported_on": str,
        "target": str, "link_reason": str, "progress": float,
    },
}


def _v4(db: Database) -> None:
    """Indicators, scopes and links of targets and figures (issue 13)."""
    for table, columns in TRACKING_COLUMNS.items():
        have = set(db[table].columns_dict)
        for column, kind in columns.items():
            if column not in have:
                db[table].add_column(column, kind)
        db[table].create_index(["indicator_code", "scope_province"], if_not_exists=True)
    db["figures"].create_index(["target"], if_not_exists=True)


def _v5(db: Database) -> None:
    """Targets and figures of an indicator by the unit they are scoped to (linking a figure reads
    the targets of its unit and of its province through an index each)."""
    for table in TRACKING_COLUMNS:
        db[table].create_index(["indicator_code", "scope_unit_id"], if_not_exists=True)


def _v6(db: Database) -> None:
    """The register's "behind schedule" filter through an index."""
    db["targets"].create_index(["behind"], if_not_exists=True)


def _v7(db: Database) -> None:
    """Covering indexes for a unit's page: the documents it issued, and the items of its units or
    without a unit in its documents, read from the indexes alone (at 100,000 documents a district's
    page read thousands of table rows: 196 -> 39 ms)."""
    db["document_units"].create_index(["unit_id", "is_issuer", "document_id"], if_not_exists=True)
    for table in ("targets", "figures", "deadlines"):
        db[table].create_index(["unit_id", "document_id"], if_not_exists=True)
        db[table].create_index(["document_id", "unit_id", "item_index"], if_not_exists=True)
    # The register by indicator or behind schedule, in its order (document, item), from the index.
    for table in ("targets", "figures"):
        db[table].create_index(["indicator_code", "document_id", "item_index"], if_not_exists=True)
    db["targets"].create_index(["behind", "document_id", "item_index"], if_not_exists=True)
    db.execute("DROP INDEX IF EXISTS idx_targets_behind")  # v6's, covered by the one above


MIGRATIONS: dict[int, Callable[[Database], None]] = {1: _v1, 2: _v2, 3: _v3, 4: _v4, 5: _v5, 6: _v6, 7: _v7}


def current_version(db: Database) -> int:
    if not db["schema_version"].exists():
        return 0
    row = db.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(db: Database) -> int:
    """Apply every migration newer than the database; return the resulting version."""
    db["schema_version"].create({"version": int, "applied_at": str}, pk="version", if_not_exists=True)
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"database schema version {version} is newer than this program's {SCHEMA_VERSION}; upgrade Vanban"
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[target](db)
        db.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
            [target, dt.datetime.now(dt.UTC).isoformat()],
        )
    return SCHEMA_VERSION
