"""Bytes → Extraction: the one composition of ingest and extract that both shells use.

A pure function of the bytes (and the hint), so it can run in a thread or another process.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from api.errors import ExtractionFailed
from extract.models import Extraction
from ingest.errors import MemoryLimit, UnreadableFile, VanbanError

log = logging.getLogger(__name__)


def extract_bytes(data: bytes, filename: str | None, *, locality: str | None = None, limits=None) -> Extraction:
    """Read and extract one file. Raises VanbanError subclasses only."""
    from extract import extract_document
    from ingest import Limits, load_bytes

    try:
        document = load_bytes(data, filename, limits=limits or Limits())
    except VanbanError:
        raise
    except Exception as error:  # a reader's own failure on a strange file: logged, never shown
        log.exception("reading failed for %s", filename)
        raise UnreadableFile(f"{filename or 'file'}: the file could not be read") from error
    try:
        extraction = extract_document(document, locality_hint=locality or None)
    except VanbanError:
        raise
    except MemoryError as error:
        raise MemoryLimit(f"{filename or 'file'}: extraction needs more memory than it may use") from error
    except Exception as error:  # a bug in the extractor must not take the caller down; logged, never shown
        log.exception("extraction failed for %s", filename)
        raise ExtractionFailed(f"{filename or 'file'}: extraction failed on this file") from error
    source = extraction.source
    updates = {
        "filename": source.filename or document.filename,
        "sha256": source.sha256 or document.sha256 or hashlib.sha256(data).hexdigest(),
        "media_type": source.media_type or document.media_type,
        "pages": source.pages if source.pages is not None else document.pages,
    }
    return extraction.model_copy(update={"source": source.model_copy(update=updates)})


def extract_path(path: str | Path, *, locality: str | None = None, limits=None) -> Extraction:
    """`extract_bytes` for a file on disk; the size limit is checked before reading."""
    from ingest import Limits, read_file
    from ingest.errors import NotFound

    path = Path(path)
    limits = limits or Limits()
    if not path.exists():
        raise NotFound(f"{path}: no such file")
    return extract_bytes(read_file(path, limits=limits), path.name, locality=locality, limits=limits)
