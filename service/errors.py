"""Errors the service layer raises (besides the libraries' own); the shells map them to HTTP or
CLI errors."""

from __future__ import annotations

from ingest.errors import NotFound, VanbanError


class ExtractionFailed(VanbanError):
    """The extractor failed on a file for a reason of its own (a bug, not the file's fault)."""

    code = "extraction_failed"


class JobNotFound(NotFound):
    """No job with this id."""


class QueueUnavailable(VanbanError):
    """The broker could not be reached; nothing was queued, the file can be sent again."""

    code = "broker_unavailable"
