"""The audit log: who did what, when, to what, from where. Rows are only ever added."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from corpus.text import timestamp

ACTIONS = (
    "upload", "attach", "correct", "confirm", "reject", "add_item", "delete", "reextract",
    "account_add", "account_disable", "account_role", "account_password", "token_new", "token_revoke",
    "sign_in", "sign_in_failed", "sign_out",
)


def record(
    db: Database,
    action: str,
    *,
    actor: str | None,
    role: str | None = None,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    remote: str | None = None,
) -> int:
    cursor = db.execute(
        "INSERT INTO audit (at, actor, role, action, target, detail, remote) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [timestamp(), actor, role, action, target, json.dumps(detail or {}, ensure_ascii=False), remote],
    )
    return int(cursor.lastrowid)


def entries(
    db: Database, *, limit: int = 200, actor: str | None = None, action: str | None = None, target: str | None = None
) -> list[dict[str, Any]]:
    """Newest first."""
    clauses, params = ["1"], []
    for column, value in (("actor", actor), ("action", action), ("target", target)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    rows = db.execute(
        f"SELECT id, at, actor, role, action, target, detail, remote FROM audit WHERE {' AND '.join(clauses)}"
        " ORDER BY id DESC LIMIT ?",
        [*params, max(1, min(limit, 10_000))],
    ).fetchall()
    keys = ("id", "at", "actor", "role", "action", "target", "detail", "remote")
    return [dict(zip(keys, row, strict=True)) | {"detail": json.loads(row[6] or "{}")} for row in rows]
