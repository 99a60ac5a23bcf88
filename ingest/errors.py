"""Named errors raised by the libraries. They carry a code and a message, no HTTP status: the
shells translate them (`api.errors.http_status`, CLI errors) at the edge."""

from __future__ import annotations


class VanbanError(Exception):
    """Base of every error Vanban's libraries raise on purpose."""

    code = "error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnsupportedFile(VanbanError):
    code = "unsupported_file"


class UnreadableFile(VanbanError):
    code = "unreadable_file"


class TooLarge(VanbanError):
    code = "too_large"


class TooManyPages(TooLarge):
    code = "too_many_pages"


class OcrTimeout(UnreadableFile):
    code = "ocr_timeout"


class BadQuery(VanbanError):
    code = "bad_query"


class NotFound(VanbanError):
    code = "not_found"


class LimitExceeded(UnreadableFile):
    """A file over one of the reading limits (Limits): refused before the costly step. 422."""

    code = "limit_exceeded"


class PageTooLarge(LimitExceeded):
    code = "page_too_large"


class ImageTooLarge(LimitExceeded):
    code = "image_too_large"


class TooManyTextRuns(LimitExceeded):
    code = "too_many_text_runs"


class TextTooLong(LimitExceeded):
    code = "text_too_long"


class TimeLimit(LimitExceeded):
    """Reading and extraction took longer than the time limit (the sandbox stopped them)."""

    code = "time_limit"


class MemoryLimit(LimitExceeded):
    """Reading and extraction needed more memory than the ceiling (the sandbox stopped them)."""

    code = "memory_limit"
