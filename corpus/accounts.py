"""People who use Vanban: accounts with a role, passwords, personal API tokens and web sessions.

Passwords are hashed with Argon2 (argon2-cffi). Tokens and session ids are random (32 bytes)
and only their SHA-256 is stored: a copy of the database gives no way in. A disabled account
keeps its history (the audit log names it) but its tokens and sessions stop working.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from corpus.text import timestamp
from ingest.errors import BadQuery, NotFound

ROLES = ("reader", "editor", "admin")
RANK = {role: rank for rank, role in enumerate(ROLES)}
TOKEN_PREFIX = "vb_"
SESSION_DAYS = 14
_NAME = re.compile(r"^[\w.@-]{1,64}$")
_hasher = PasswordHasher()


class Conflict(BadQuery):
    code = "conflict"


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str
    disabled: bool

    def can(self, role: str) -> bool:
        return not self.disabled and RANK[self.role] >= RANK[role]


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _account(row: tuple | None) -> Account | None:
    return Account(int(row[0]), row[1], row[2], bool(row[3])) if row else None


def any_accounts(db: Database) -> bool:
    return db.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None


def get(db: Database, name: str) -> Account:
    row = db.execute("SELECT id, name, role, disabled FROM accounts WHERE name = ?", [name]).fetchone()
    account = _account(row)
    if account is None:
        raise NotFound(f"no account named {name!r}")
    return account


def add(db: Database, name: str, role: str, password: str | None = None) -> Account:
    if not _NAME.match(name or ""):
        raise BadQuery(f"account name {name!r}: 1-64 letters, digits, '.', '_', '@' or '-'")
    if role not in ROLES:
        raise BadQuery(f"role {role!r}: use one of {', '.join(ROLES)}")
    if db.execute("SELECT 1 FROM accounts WHERE name = ?", [name]).fetchone():
        raise Conflict(f"an account named {name!r} exists")
    db.execute(
        "INSERT INTO accounts (name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, 0, ?)",
        [name, role, _hasher.hash(password) if password else None, timestamp()],
    )
    return get(db, name)


def set_password(db: Database, name: str, password: str) -> None:
    if len(password) < 8:
        raise BadQuery("a password needs at least 8 characters")
    get(db, name)
    db.execute("UPDATE accounts SET password_hash = ? WHERE name = ?", [_hasher.hash(password), name])


def set_role(db: Database, name: str, role: str) -> Account:
    if role not in ROLES:
        raise BadQuery(f"role {role!r}: use one of {', '.join(ROLES)}")
    get(db, name)
    db.execute("UPDATE accounts SET role = ? WHERE name = ?", [role, name])
    return get(db, name)


def disable(db: Database, name: str) -> Account:
    account = get(db, name)
    now = timestamp()
    db.execute("UPDATE accounts SET disabled = 1 WHERE id = ?", [account.id])
    db.execute("UPDATE api_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL", [now, account.id])
    db.execute("DELETE FROM sessions WHERE account_id = ?", [account.id])
    return get(db, name)


def listing(db: Database) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT a.id, a.name, a.role, a.disabled, a.created_at,"
        " (SELECT count(*) FROM api_tokens t WHERE t.account_id = a.id AND t.revoked_at IS NULL)"
        " FROM accounts a ORDER BY a.name"
    ).fetchall()
    keys = ("id", "name", "role", "disabled", "created_at", "tokens")
    return [dict(zip(keys, row, strict=True)) | {"disabled": bool(row[3])} for row in rows]


def verify_password(db: Database, name: str, password: str) -> Account | None:
    """The account when the name and password match and it is not disabled, else None."""
    row = db.execute(
        "SELECT id, name, role, disabled, password_hash FROM accounts WHERE name = ?", [name]
    ).fetchone()
    if row is None or not row[4]:
        _hasher.hash(password or "-")  # about the same time whether or not the name exists
        return None
    try:
        _hasher.verify(row[4], password or "")
    except (VerificationError, InvalidHashError):
        return None
    account = _account(row[:4])
    return None if account is None or account.disabled else account


# ---- personal API tokens ------------------------------------------------------------------


def new_token(db: Database, name: str, label: str | None = None) -> tuple[int, str]:
    """(token id, the token): the token is shown once; only its hash is kept."""
    account = get(db, name)
    if account.disabled:
        raise BadQuery(f"account {name!r} is disabled")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    cursor = db.execute(
        "INSERT INTO api_tokens (account_id, token_hash, label, created_at) VALUES (?, ?, ?, ?)",
        [account.id, _digest(token), label, timestamp()],
    )
    return int(cursor.lastrowid), token


def revoke_token(db: Database, token_id: int) -> None:
    cursor = db.execute(
        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [timestamp(), token_id]
    )
    if not cursor.rowcount:
        raise NotFound(f"no active token with id {token_id}")


def tokens(db: Database, name: str) -> list[dict[str, Any]]:
    account = get(db, name)
    rows = db.execute(
        "SELECT id, label, created_at, revoked_at, last_used_at FROM api_tokens WHERE account_id = ? ORDER BY id",
        [account.id],
    ).fetchall()
    return [dict(zip(("id", "label", "created_at", "revoked_at", "last_used_at"), r, strict=True)) for r in rows]


def account_for_token(db: Database, token: str) -> Account | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = db.execute(
        "SELECT a.id, a.name, a.role, a.disabled, t.id FROM api_tokens t JOIN accounts a ON a.id = t.account_id"
        " WHERE t.token_hash = ? AND t.revoked_at IS NULL",
        [_digest(token)],
    ).fetchone()
    if row is None or row[3]:
        return None
    db.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", [timestamp(), row[4]])
    return _account(row[:4])


# ---- web sessions -------------------------------------------------------------------------


def new_session(db: Database, account: Account) -> tuple[str, str]:
    """(session id for the cookie, CSRF token for the forms)."""
    session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    now = dt.datetime.now(dt.UTC)
    db.execute("DELETE FROM sessions WHERE expires_at < ?", [timestamp(now)])
    db.execute(
        "INSERT INTO sessions (id_hash, account_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        [_digest(session), account.id, csrf, timestamp(now), timestamp(now + dt.timedelta(days=SESSION_DAYS))],
    )
    return session, csrf


def session_account(db: Database, session: str) -> tuple[Account, str] | None:
    """(account, CSRF token) of a live session, else None."""
    row = db.execute(
        "SELECT a.id, a.name, a.role, a.disabled, s.csrf FROM sessions s JOIN accounts a ON a.id = s.account_id"
        " WHERE s.id_hash = ? AND s.expires_at > ?",
        [_digest(session), timestamp()],
    ).fetchone()
    if row is None or row[3]:
        return None
    account = _account(row[:4])
    assert account is not None
    return account, row[4]


def end_session(db: Database, session: str) -> None:
    db.execute("DELETE FROM sessions WHERE id_hash = ?", [_digest(session)])
