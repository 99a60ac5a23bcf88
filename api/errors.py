"""Errors only the shells raise, the mapping of every named error to an HTTP status (the
libraries' errors carry none), and the one JSON shape every error takes."""

from __future__ import annotations

from corpus.accounts import Conflict
from ingest.errors import BadQuery, NotFound, TooLarge, UnreadableFile, UnsupportedFile, VanbanError
from service.errors import ExtractionFailed, QueueUnavailable


class Unauthorized(VanbanError):
    code = "unauthorized"


class TooManyFiles(TooLarge):
    code = "too_many_files"


class Forbidden(VanbanError):
    """The principal is known but its role may not do this."""

    code = "forbidden"


class CsrfFailed(Forbidden):
    code = "csrf_failed"


class NotAvailable(VanbanError):
    """A feature this store does not have yet (the staff tables on PostgreSQL)."""

    code = "not_available"


def needs_staff(store) -> None:
    if not getattr(store, "staff", False):
        raise NotAvailable("accounts, corrections, deletion and the audit log need the SQLite store for now")


# The most specific class listed in an error's MRO decides; anything else named is a 400.
HTTP_STATUS: dict[type[VanbanError], int] = {
    BadQuery: 400,
    Unauthorized: 401,
    Forbidden: 403,
    Conflict: 409,
    NotFound: 404,
    TooLarge: 413,
    UnsupportedFile: 415,
    UnreadableFile: 422,
    ExtractionFailed: 422,
    QueueUnavailable: 503,
    NotAvailable: 501,
}


def http_status(error: VanbanError) -> int:
    """The HTTP status a named error answers with."""
    for cls in type(error).__mro__:
        status = HTTP_STATUS.get(cls)
        if status is not None:
            return status
    return 400


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}
