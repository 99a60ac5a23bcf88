"""Dependencies the routes share: the store, the settings, the token checks."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, Request

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


def _check(settings: Settings, authorization: str | None) -> None:
    if not settings.api_token:
        return
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip().encode(), settings.api_token.encode()):
        raise Unauthorized("this route needs 'Authorization: Bearer <token>' with the server's API token")


def require_write(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> None:
    """Write routes: the token, when the server has one."""
    _check(settings, authorization)


def require_read(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> None:
    """Read routes: the token only when the server is set to require it for reads too."""
    if settings.read_requires_token:
        _check(settings, authorization)


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
