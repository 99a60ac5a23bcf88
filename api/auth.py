"""Who is asking: personal tokens, the bootstrap token, web sessions, and what each role may do.

- `Authorization: Bearer <token>`: a personal token (`vb_…`, `vanban user token NAME`) acts as
  its account; the server's `VANBAN_API_TOKEN` acts as a bootstrap admin.
- A web session (cookie `vanban_session`, set by signing in on `/login`) acts as its account;
  a write through a session also needs its CSRF token (form field `csrf` or header
  `X-CSRF-Token`), which only pages of this site know.
- Roles: `reader` reads, `editor` also uploads, corrects and deletes, `admin` also re-extracts
  and sees the audit log. A write by a role too low answers 403; no credentials where some
  are needed, 401.
- Reading needs credentials when `VANBAN_READ_REQUIRES_SIGNIN` says so, by default as soon as
  any account exists (and, as before, with `VANBAN_READ_REQUIRES_TOKEN` and a server token).
  A server with no account and no server token stays open, as it always was: anyone may read
  and write (recorded in the audit log as `anonymous`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from api.errors import CsrfFailed, Forbidden, Unauthorized
from corpus import accounts, audit

SESSION_COOKIE = "vanban_session"
LEGACY_TOKEN_COOKIE = "vanban_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Principal:
    name: str
    role: str
    via: str  # "token", "api_token", "session", "open"
    csrf: str | None = None

    def can(self, role: str) -> bool:
        return accounts.RANK[self.role] >= accounts.RANK[role]


ANONYMOUS_READER = Principal("anonymous", "reader", "open")
ANONYMOUS_EDITOR = Principal("anonymous", "editor", "open")


def _store(request: Request):
    return request.app.state.store


def _any_accounts(request: Request) -> bool:
    store = _store(request)
    if not store.staff:  # a store without the staff tables (PostgreSQL for now) has no accounts
        return False
    with store._lock:
        return accounts.any_accounts(store.db)


def protected(request: Request) -> bool:
    """Whether the server has any credentials at all (a server token or an account)."""
    return bool(request.app.state.settings.api_token) or _any_accounts(request)


def reads_need_signin(request: Request) -> bool:
    settings = request.app.state.settings
    if settings.read_requires_token and settings.api_token:
        return True
    if settings.read_requires_signin is not None:
        return settings.read_requires_signin
    return _any_accounts(request)


def identify(request: Request) -> Principal | None:
    """The principal behind the request's token or session cookie, None without either.
    A token that is given but not valid is a 401, not an anonymous request."""
    if hasattr(request.state, "principal"):
        return request.state.principal
    settings = request.app.state.settings
    store = _store(request)
    found: Principal | None = None
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("use 'Authorization: Bearer <token>'")
        if settings.api_token and secrets.compare_digest(token.encode(), settings.api_token.encode()):
            found = Principal("api-token", "admin", "api_token")
        else:
            account = None
            if store.staff:
                with store._lock:
                    account = accounts.account_for_token(store.db, token)
            if account is None:
                raise Unauthorized("this token is not valid (unknown, revoked, or its account is disabled)")
            found = Principal(account.name, account.role, "token")
    else:
        session = request.cookies.get(SESSION_COOKIE) if store.staff else None
        if session:
            with store._lock:
                live = accounts.session_account(store.db, session)
            if live is not None:
                found = Principal(live[0].name, live[0].role, "session", live[1])
        legacy = request.cookies.get(LEGACY_TOKEN_COOKIE)
        if found is None and legacy and settings.api_token and secrets.compare_digest(
            legacy.encode(), settings.api_token.encode()
        ):
            found = Principal("api-token", "reader", "api_token")  # the old read cookie: reading only
    request.state.principal = found
    return found


def reader(request: Request) -> Principal:
    principal = identify(request)
    if principal is not None:
        return principal
    if reads_need_signin(request):
        raise Unauthorized("reading needs a token ('Authorization: Bearer <token>') or signing in")
    return ANONYMOUS_READER


def check_csrf(request: Request, principal: Principal, given: str | None = None) -> None:
    """A write through a session cookie must carry the session's CSRF token."""
    if principal.via != "session" or request.method in SAFE_METHODS:
        return
    given = given if given is not None else request.headers.get(CSRF_HEADER, "")
    if not (principal.csrf and given and secrets.compare_digest(given.encode(), principal.csrf.encode())):
        raise CsrfFailed("the form is out of date or was not sent by this site (CSRF token missing or wrong)")


def allowed(request: Request, role: str) -> Principal:
    """The principal if it may act with `role`; 401 / 403 otherwise (no CSRF check here)."""
    principal = identify(request)
    if principal is None:
        if not protected(request):
            if role == "admin":
                raise Unauthorized("this needs an admin: create one with 'vanban user add NAME --role admin'")
            return ANONYMOUS_EDITOR
        raise Unauthorized("this route needs 'Authorization: Bearer <token>' or signing in")
    if not principal.can(role):
        raise Forbidden(f"{principal.name} is a {principal.role}; this needs the role {role}")
    return principal


def require(role: str):
    """A dependency: the principal, allowed to act with `role`, CSRF-checked for sessions."""

    def dependency(request: Request) -> Principal:
        principal = allowed(request, role)
        check_csrf(request, principal)
        return principal

    dependency.__name__ = f"require_{role}"
    return dependency


ReaderDep = Annotated[Principal, Depends(reader)]
EditorDep = Annotated[Principal, Depends(require("editor"))]
AdminDep = Annotated[Principal, Depends(require("admin"))]


def remote(request: Request) -> str | None:
    return request.client.host if request.client else None


def record(
    request: Request, principal: Principal, action: str, target: str | None = None, detail: dict[str, Any] | None = None
) -> None:
    """Write an audit row for this request."""
    store = _store(request)
    if not store.staff:
        return
    with store.transaction():
        audit.record(
            store.db, action, actor=principal.name, role=principal.role, target=target, detail=detail,
            remote=remote(request),
        )


def early_check(store):
    """The credentials check `api.guard.RequestGuard` makes from the headers alone, before a
    write's body is read: the server token, or a live personal token, passes; a token that is
    neither is a 401 at once; no token at all is a 401 at once only where no session could
    stand in for it (a server token and no account). Roles are checked by the route."""

    def check(settings, authorization: str | None) -> None:
        has_accounts = bool(store.staff) and _accounts_exist(store)
        if authorization:
            scheme, _, token = authorization.partition(" ")
            token = token.strip()
            if scheme.lower() == "bearer" and token:
                if settings.api_token and secrets.compare_digest(token.encode(), settings.api_token.encode()):
                    return
                if has_accounts and token.startswith(accounts.TOKEN_PREFIX):
                    with store._lock:
                        if accounts.account_for_token(store.db, token) is not None:
                            return
            if settings.api_token or has_accounts:
                raise Unauthorized("this token is not valid (unknown, revoked, or its account is disabled)")
            return
        if settings.api_token and not has_accounts:
            raise Unauthorized("this route needs 'Authorization: Bearer <token>' with the server's API token")

    return check


def _accounts_exist(store) -> bool:
    with store._lock:
        return accounts.any_accounts(store.db)
