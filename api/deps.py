"""Dependencies the routes share: the store, the settings, the token checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api import auth
from api.auth import Principal
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


def require_write(request: Request) -> Principal:
    """Write routes: an editor (a personal token, a session with its CSRF token, or the server's
    token); open only on a server with no account and no server token (api.auth)."""
    principal = auth.allowed(request, "editor")
    auth.check_csrf(request, principal)
    return principal


def require_read(request: Request) -> Principal:
    """Read routes: anyone, unless reading needs signing in (api.auth.reads_need_signin)."""
    return auth.reader(request)
