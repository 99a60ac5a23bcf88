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
