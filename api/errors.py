"""Errors only the shells raise, and the one JSON shape every error takes."""

from __future__ import annotations

from ingest.errors import TooLarge, VanbanError


class Unauthorized(VanbanError):
    code = "unauthorized"
    http_status = 401


class TooManyFiles(TooLarge):
    code = "too_many_files"


class ExtractionFailed(VanbanError):
    """The extractor failed on a file for a reason of its own (a bug, not the file's fault)."""

    code = "extraction_failed"
    http_status = 422


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}
