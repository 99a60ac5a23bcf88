"""The tables of what staff do with the store: accounts, tokens, sessions, the audit log,
corrections, deletions, the files of each document and ingest runs.

`ensure(db)` creates whatever is missing (every statement is re-runnable), so an older store
gains these tables when it is opened; the document tables of `corpus.schema` are not changed
except for three optional review columns on the item tables.
"""

from __future__ import annotations

from sqlite_utils import Database

ITEM_TABLES = ("targets", "figures", "deadlines")
REVIEW_COLUMNS = ("reviewed_action", "reviewed_by", "reviewed_at")


def ensure(db: Database) -> None:
    db["accounts"].create(
        {"id": int, "name": str, "role": str, "password_hash": str, "disabled": int, "created_at": str},
        pk="id", not_null={"name", "role", "created_at"}, defaults={"disabled": 0}, if_not_exists=True,
    )
    db["accounts"].create_index(["name"], unique=True, if_not_exists=True)
    db["api_tokens"].create(
        {"id": int, "account_id": int, "token_hash": str, "label": str, "created_at": str,
         "revoked_at": str, "last_used_at": str},
        pk="id", foreign_keys=[("account_id", "accounts", "id")], if_not_exists=True,
    )
    db["api_tokens"].create_index(["token_hash"], unique=True, if_not_exists=True)
    db["sessions"].create(
        {"id_hash": str, "account_id": int, "csrf": str, "created_at": str, "expires_at": str},
        pk="id_hash", foreign_keys=[("account_id", "accounts", "id")], if_not_exists=True,
    )
    db["audit"].create(
        {"id": int, "at": str, "actor": str, "role": str, "action": str, "target": str, "detail": str,
         "remote": str},
        pk="id", not_null={"at", "action"}, if_not_exists=True,
    )
    db["audit"].create_index(["at"], if_not_exists=True)
    db["corrections"].create(
        {"id": int, "document_id": int, "kind": str, "item_id": str, "action": str, "fields": str,
         "snapshot": str, "by": str, "at": str},
        pk="id", not_null={"document_id", "kind", "item_id", "action"}, if_not_exists=True,
    )
    db["corrections"].create_index(["document_id"], if_not_exists=True)
    db["tombstones"].create(
        {"kind": str, "id": str, "document_id": int, "deleted_at": str},
        pk=("kind", "id"), if_not_exists=True,
    )
    db["tombstones"].create_index(["deleted_at"], if_not_exists=True)
    db["document_files"].create(
        {"sha256": str, "document_id": int, "filename": str, "media_type": str, "size": int, "added_at": str,
         "added_by": str},
        pk="sha256", if_not_exists=True,
    )
    db["document_files"].create_index(["document_id"], if_not_exists=True)
    db["document_fingerprints"].create(
        {"document_id": int, "fingerprint": str, "header_key": str},
        pk="document_id", if_not_exists=True,
    )
    db["document_fingerprints"].create_index(["fingerprint"], if_not_exists=True)
    db["document_fingerprints"].create_index(["header_key"], if_not_exists=True)
    db["runs"].create(
        {"id": int, "source": str, "actor": str, "started_at": str, "finished_at": str, "files": int,
         "new": int, "known": int, "attached": int, "failed": int},
        pk="id", if_not_exists=True,
    )
    db["run_failures"].create(
        {"id": int, "run_id": int, "path": str, "code": str, "message": str},
        pk="id", foreign_keys=[("run_id", "runs", "id")], if_not_exists=True,
    )
    db["run_failures"].create_index(["run_id"], if_not_exists=True)
    # Bumped when a document is deleted or rewritten, so that in-memory indexes (corpus.docindex),
    # which otherwise only grow, start again.
    db["store_meta"].create({"key": str, "value": int}, pk="key", if_not_exists=True)
    db.execute("INSERT OR IGNORE INTO store_meta (key, value) VALUES ('rewrites', 0)")
    for table in ITEM_TABLES:
        if db[table].exists():
            have = {column.name for column in db[table].columns}
            for column in REVIEW_COLUMNS:
                if column not in have:
                    db.execute(f'ALTER TABLE "{table}" ADD COLUMN [{column}] TEXT')


def bump_rewrites(db: Database) -> None:
    db.execute("UPDATE store_meta SET value = value + 1 WHERE key = 'rewrites'")
