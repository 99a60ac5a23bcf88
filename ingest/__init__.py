"""Files → `Document`: clean text plus facts about the source.

    >>> from ingest import load_path
    >>> doc = load_path("ke-hoach.pdf")
    >>> doc.media_type, doc.pages, doc.text[:40]

The type comes from the bytes (see `detect`), never from the file name. Readers live one per
format (`text`, `html`, `docx`, `pdf`, `ocr`); each returns a `Document` whose text has been
through `normalize_text` and `join_hyphenated` (`clean.clean`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from os import PathLike
from pathlib import Path

from . import detect
from .errors import MemoryLimit, TextTooLong, TooLarge, UnreadableFile, UnsupportedFile, VanbanError
from .limits import Limits
from .models import Document

__all__ = ["Document", "Limits", "load_bytes", "load_path", "read_file"]

Reader = Callable[[bytes, str, Limits], Document]
log = logging.getLogger(__name__)
_KINDS = {detect.TEXT: "text", detect.HTML: "HTML", detect.DOCX: "DOCX", detect.DOC: "DOC", detect.PDF: "PDF"}


def _reader(media_type: str) -> Reader:
    """The reader for a media type, imported on first use (PDF and OCR libraries are heavy)."""
    if media_type == detect.TEXT:
        from .text import read
    elif media_type == detect.HTML:
        from .html import read
    elif media_type in (detect.DOCX, detect.DOC):
        from .docx import read
    elif media_type == detect.PDF:
        from .pdf import read
    elif media_type in detect.IMAGES:
        from .ocr import read
    else:  # pragma: no cover - sniff only returns the types above
        raise UnsupportedFile(f"no reader for {media_type}")
    return read


def load_bytes(data: bytes, filename: str | None = None, *, limits: Limits = Limits()) -> Document:
    """Read a file's bytes. Raises TooLarge, UnsupportedFile or UnreadableFile (all VanbanError)."""
    name = filename or "(unnamed file)"
    if len(data) > limits.max_bytes:
        raise TooLarge(f"{name}: {len(data):,} bytes is over the limit of {limits.max_bytes:,} bytes")
    if not data.strip():
        raise UnreadableFile(f"{name}: the file is empty")
    media_type = detect.sniff(data)
    if media_type is None:
        raise UnsupportedFile(
            f"{name}: not a type Vanban reads (PDF, DOCX, DOC, HTML, plain text, PNG/JPEG/TIFF); "
            f"the content looks like {detect.describe(data)}"
        )
    try:
        document = _reader(media_type)(data, name, limits)
    except VanbanError:
        raise
    except MemoryError as error:
        raise MemoryLimit(f"{name}: reading the file needs more memory than it may use") from error
    except Exception as error:  # a library's own exception on a strange file: logged, never shown
        log.warning("reading %s failed: %s: %s", name, type(error).__name__, error, exc_info=True)
        kind = _KINDS.get(media_type, "image")
        raise UnreadableFile(f"{name}: the {kind} file is damaged or uses a feature Vanban cannot read") from error
    if len(document.text) > limits.max_chars:
        raise TextTooLong(
            f"{name}: {len(document.text):,} characters of text, over the limit of {limits.max_chars:,}"
        )
    return document.model_copy(
        update={"filename": filename, "sha256": hashlib.sha256(data).hexdigest(), "media_type": media_type}
    )


def read_file(path: str | PathLike[str], *, limits: Limits = Limits()) -> bytes:
    """A file's bytes; the size limit is checked before the file is read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise TooLarge(f"{path.name}: {size:,} bytes is over the limit of {limits.max_bytes:,} bytes")
        return path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"{path}: {error.strerror or error}") from error


def load_path(path: str | PathLike[str], *, limits: Limits = Limits()) -> Document:
    """Read a file from disk; the size limit is checked before the file is read."""
    return load_bytes(read_file(path, limits=limits), Path(path).name, limits=limits)
