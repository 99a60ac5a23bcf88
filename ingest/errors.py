"""Named errors raised by the libraries and translated to 4xx / CLI errors at the edge."""

from __future__ import annotations


class VanbanError(Exception):
    """Base of every error Vanban's libraries raise on purpose."""

    code = "error"
    http_status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnsupportedFile(VanbanError):
    code = "unsupported_file"
    http_status = 415


class UnreadableFile(VanbanError):
    code = "unreadable_file"
    http_status = 422


class TooLarge(VanbanError):
    code = "too_large"
    http_status = 413


class TooManyPages(TooLarge):
    code = "too_many_pages"


class OcrTimeout(UnreadableFile):
    code = "ocr_timeout"


class BadQuery(VanbanError):
    code = "bad_query"
    http_status = 400


class NotFound(VanbanError):
    code = "not_found"
    http_status = 404
