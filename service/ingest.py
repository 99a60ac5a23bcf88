"""Ingest: bytes → file store → Document → Extraction → store, for every shell.

`extract_bytes` is a pure function of the bytes (and the hint), so it runs in a thread, in a
local process or on a worker. `store_bytes` is what an upload, `vanban ingest` and a worker
task do with one file; `ingest_paths` is a bulk load of files and folders. All of it is
idempotent by content: the sha256 of the bytes is the identity of a stored document, so a file
stored again (or a task run twice) changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.files import FileStore
from corpus.store import Store
from extract.models import Extraction
from ingest.errors import MemoryLimit, NotFound, UnreadableFile, VanbanError
from service.errors import ExtractionFailed

log = logging.getLogger(__name__)
BATCH = 50  # records per store transaction in a bulk load


@dataclass(frozen=True)
class Stored:
    """One file's outcome: the document id and whether this call stored it."""

    document_id: int
    created: bool
    sha256: str
    attached: bool = False  # another file (format) of a stored document (corpus.samedoc)


@dataclass(frozen=True)
class Failure:
    path: str
    code: str
    message: str


@dataclass
class Summary:
    """What a bulk load did."""

    new: int = 0
    known: int = 0
    failures: list[Failure] = field(default_factory=list)
    # stored, but pages are missing from the text: (path, the record's source.warnings)
    incomplete: list[tuple[str, list[str]]] = field(default_factory=list)
    attached: int = 0  # files kept as another file of a stored document (counted in `known` too)
    stored: list[tuple[Extraction, int, str]] = field(default_factory=list)  # (record, id, "new"/"attached")


# ---- one file ------------------------------------------------------------------------------


# Exceptions that stop a file from outside (a worker's time limit: service.queue adds Celery's) pass
# through `extract_bytes` as they are, not as a reader's or the extractor's failure.
INTERRUPTIONS: tuple[type[BaseException], ...] = ()


def extract_bytes(data: bytes, filename: str | None, *, locality: str | None = None, limits=None) -> Extraction:
    """Read and extract one file. Raises VanbanError subclasses only (and INTERRUPTIONS)."""
    from extract import extract_document
    from ingest import Limits, load_bytes

    try:
        document = load_bytes(data, filename, limits=limits or Limits())
    except (VanbanError, *INTERRUPTIONS):
        raise
    except Exception as error:  # a reader's own failure on a strange file: logged, never shown
        log.exception("reading failed for %s", filename)
        raise UnreadableFile(f"{filename or 'file'}: the file could not be read") from error
    try:
        extraction = extract_document(document, locality_hint=locality or None)
    except (VanbanError, *INTERRUPTIONS):
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

    path = Path(path)
    limits = limits or Limits()
    if not path.exists():
        raise NotFound(f"{path}: no such file")
    return extract_bytes(read_file(path, limits=limits), path.name, locality=locality, limits=limits)


def store_bytes(
    store: Store,
    data: bytes,
    filename: str | None,
    *,
    locality: str | None = None,
    limits=None,
    files: FileStore | None = None,
    extract: Callable[..., Extraction] | None = None,
) -> Stored:
    """Keep the original (when a file store is given), extract and store one file.

    `extract` replaces `extract_bytes` (same arguments), e.g. to read the file in a sandbox process.

    A file whose bytes are stored already answers with its id and `created=False`, without
    extracting again. A file that cannot be read raises its VanbanError; the store is unchanged.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    existing = store.find_sha256(sha256)
    if existing is not None:
        if files is not None:
            files.put(data)  # an embedded store moved up keeps its originals
        return Stored(existing, False, sha256)
    extraction = (extract or extract_bytes)(data, filename, locality=locality, limits=limits)
    if files is not None:
        files.put(data)
    document_id, status = store.add_file(extraction, source_bytes_sha256=sha256)
    return Stored(document_id, status == "new", sha256, attached=status == "attached")


def store_kept(
    store: Store, files: FileStore, sha256: str, filename: str | None, *, locality: str | None = None, limits=None
) -> Stored:
    """`store_bytes` for a file already in the file store (what a worker task does)."""
    existing = store.find_sha256(sha256)
    if existing is not None:
        return Stored(existing, False, sha256)
    return store_bytes(store, files.get(sha256), filename, locality=locality, limits=limits)


# ---- many files ----------------------------------------------------------------------------


def files_under(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files given, and files under folders given (recursively, hidden ones skipped), sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in relative.parts):
                    yield child
        else:
            yield path


def extract_one(path: str, locality: str | None, limits: Any) -> tuple[dict[str, Any] | None, Failure | None]:
    """(record as JSON data, None) or (None, failure); runs here or in a worker process."""
    try:
        extraction = extract_path(path, locality=locality, limits=limits)
    except VanbanError as error:
        return None, Failure(path, error.code, error.message)
    return extraction.model_dump(mode="json"), None


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    locality: str | None = None,
    limits=None,
    workers: int = 1,
    files: FileStore | None = None,
    on_total: Callable[[int], None] | None = None,
    on_progress: Callable[[], None] | None = None,
) -> Summary:
    """Files and folders into the store, extracted here or in `workers` local processes, stored
    `BATCH` records per transaction. Files already stored are skipped without being read twice.
    `on_total(n)` is told how many files need extracting, `on_progress()` after each."""
    summary = Summary()
    todo: list[tuple[Path, str]] = []
    for path in files_under(paths):
        try:
            data = path.read_bytes() if path.is_file() else None
        except OSError as error:
            summary.failures.append(Failure(str(path), "unreadable_file", error.strerror or str(error)))
            continue
        sha256 = hashlib.sha256(data).hexdigest() if data is not None else ""
        if data is not None and files is not None:
            files.put(data)
        if sha256 and store.find_sha256(sha256) is not None:
            summary.known += 1
        else:
            todo.append((path, sha256))
    if on_total:
        on_total(len(todo))
    pending: list[Extraction] = []

    def flush() -> None:
        for extraction, (document_id, status) in zip(pending, store.add_many_files(pending), strict=True):
            if status == "new":  # one transaction per batch, not per file
                summary.new += 1
            else:
                summary.known += 1
                summary.attached += status == "attached"
            if status != "known":
                summary.stored.append((extraction.model_copy(update={"text": None}), document_id, status))
        pending.clear()

    for (path, _), (record, failure) in zip(todo, _run(todo, locality, limits, workers), strict=True):
        if on_progress:
            on_progress()
        if record is None:
            assert failure is not None
            summary.failures.append(Failure(str(path), failure.code, failure.message))
            continue
        pending.append(Extraction.model_validate(record))
        if pending[-1].source.warnings:
            summary.incomplete.append((str(path), pending[-1].source.warnings))
        if len(pending) >= BATCH:
            flush()
    flush()
    return summary


def _run(todo: list[tuple[Path, str]], locality: str | None, limits: Any, workers: int):
    """Results in input order, extracted here or across local worker processes."""
    if workers <= 1 or len(todo) <= 1:
        for path, _ in todo:
            yield extract_one(str(path), locality, limits)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(
            extract_one, [str(p) for p, _ in todo], [locality] * len(todo), [limits] * len(todo),
            chunksize=max(1, min(16, len(todo) // (workers * 8))),
        )

