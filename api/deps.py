"""Dependencies the routes share: the store, the settings, the token checks."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request

from api import auth
from api.auth import Principal
from api.errors import Unauthorized
from api.settings import Settings
from corpus.files import FileStore
from corpus.store import Store
from ingest.errors import BadQuery


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_files(request: Request) -> FileStore:
    return request.app.state.files


SettingsDep = Annotated[Settings, Depends(get_settings)]
FilesDep = Annotated[FileStore, Depends(get_files)]
StoreDep = Annotated[Store, Depends(get_store)]


def check_token(settings: Settings, authorization: str | None) -> None:
    """Raises Unauthorized unless the server has no token or `authorization` carries it."""
    if not settings.api_token:
        return
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip().encode(), settings.api_token.encode()):
        raise Unauthorized("this route needs 'Authorization: Bearer <token>' with the server's API token")


def require_write(request: Request) -> Principal:
    """Write routes: an editor (a personal token, a session with its CSRF token, or the server's
    token); open only on a server with no account and no server token (api.auth)."""
    principal = auth.allowed(request, "editor")
    auth.check_csrf(request, principal)
    return principal


def require_read(request: Request) -> Principal:
    """Read routes: anyone, unless reading needs signing in (api.auth.reads_need_signin)."""
    return auth.reader(request)


def refuse_unknown_query(request: Request) -> None:
    """An API route answers 400 to a query parameter it does not take (`year=` on a route that
    filters by `from`/`to` must not silently return everything)."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return
    known: set[str] = set()
    pending = [dependant]
    while pending:  # the route's own parameters and those of its dependencies
        current = pending.pop()
        known.update(param.alias for param in current.query_params)
        pending.extend(current.dependencies)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "no parameters"
        raise BadQuery(f"unknown parameter {', '.join(unknown)}; this route takes {takes}")
