"""POST /api/documents (upload), GET /api/documents (search), GET /api/documents/{id} and
GET /api/documents/{id}/file (the original)."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse

from api import auth
from api.auth import Principal
from api.deps import FilesDep, SettingsDep, StoreDep, require_read, require_write
from api.errors import TooManyFiles, error_body, http_status
from api.routes.params import year_range
from api.sandbox import sandbox
from api.schemas import ErrorResponse, QueuedResponse, SearchResponse, StoredDocument, UploadResponse
from api.settings import Settings
from corpus import runs
from corpus.files import FileStore
from corpus.store import Store
from ingest.errors import NotFound, TooLarge, VanbanError
from service.ingest import extract_bytes, store_bytes
from service.queue import enqueue

router = APIRouter(prefix="/api/documents", tags=["documents"])
CHUNK = 1024 * 1024
_ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 404, 413, 415, 422)}


async def _read_limited(upload: UploadFile, limit: int) -> bytes:
    """The file's bytes, stopping with TooLarge as soon as the limit is passed."""
    parts: list[bytes] = []
    size = 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"{upload.filename or 'file'}: over the limit of {limit:,} bytes")
        parts.append(chunk)
    return b"".join(parts)


def _store_one(
    store: Store, files: FileStore, settings: Settings, data: bytes, filename: str | None, locality: str | None
) -> dict:
    """Extract and store one file (runs in a worker thread); the stored record with `duplicate` and
    `same_document` (another file of a stored document, corpus.samedoc)."""
    extract = None
    if settings.sandbox:  # read and extracted in a child process under the memory and time limits
        limits = settings.sandbox_limits()

        def extract(data: bytes, filename: str | None, **kwargs):
            return sandbox(limits).run(filename or "file", extract_bytes, data, filename, **kwargs)

    stored = store_bytes(store, data, filename, locality=locality, limits=settings.limits(), files=files,
                         extract=extract)
    return store.get(stored.document_id) | {"duplicate": not stored.created, "same_document": stored.attached}


@router.post(
    "",
    response_model=UploadResponse,
    status_code=201,
    responses=_ERRORS | {
        200: {"model": UploadResponse, "description": "every file was already stored"},
        202: {"model": QueuedResponse, "description": "with a broker: one job per file, see GET /api/jobs/{id}"},
        503: {"model": ErrorResponse, "description": "with a broker: the broker could not be reached"},
    },
)
async def upload(
    request: Request,
    store: StoreDep,
    files: FilesDep,
    settings: SettingsDep,
    principal: Annotated[Principal, Depends(require_write)],
    file: Annotated[list[UploadFile], File(description="one or more files, each in a field named 'file'")],
    locality: Annotated[str | None, Form(description="a place hint such as 'Hải Phòng'")] = None,
):
    """Store uploaded files. Each file stands alone: one bad file does not stop the others.

    201 when something new was stored, 200 when every file was already stored (each answers
    with its existing id and `"duplicate": true`). When no file could be stored the answer is
    the first file's error (413, 415, 422 …) with every failure listed under `errors`.
    """
    if len(file) > settings.max_files_per_upload:
        raise TooManyFiles(f"{len(file)} files in one upload; the limit is {settings.max_files_per_upload}")
    queue = request.app.state.queue
    if queue is not None:
        return await _send_to_workers(queue, store, files, settings, file, locality, request, principal)
    documents: list[dict] = []
    errors: list[dict] = []
    first_error: VanbanError | None = None
    counts = {"new": 0, "known": 0, "attached": 0}
    for index, upload_file in enumerate(file):
        try:
            data = await _read_limited(upload_file, settings.max_upload_bytes)
            stored = await run_in_threadpool(_store_one, store, files, settings, data, upload_file.filename, locality)
            documents.append(stored)
            status = "attached" if stored["same_document"] else "known" if stored["duplicate"] else "new"
            counts[status] += 1
            if status != "known" and store.staff:
                auth.record(
                    request, principal, "upload" if status == "new" else "attach", f"document:{stored['id']}",
                    {"filename": upload_file.filename, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)},
                )
        except VanbanError as error:
            first_error = first_error or error
            errors.append(_file_error(index, upload_file.filename, error))
        finally:
            await upload_file.close()
    if store.staff:
        _keep_run(store, principal, len(file), counts, errors)
    if not documents and first_error is not None:
        return _all_failed(first_error, errors)
    status = 201 if any(not doc["duplicate"] for doc in documents) else 200
    body = UploadResponse.model_validate({"documents": documents, "errors": errors})
    return JSONResponse(body.model_dump(mode="json"), status_code=status)


def _file_error(index: int, filename: str | None, error: VanbanError) -> dict:
    return {"index": index, "filename": filename, "error": {"code": error.code, "message": error.message}}


def _all_failed(first_error: VanbanError, errors: list[dict]) -> JSONResponse:
    """No file of the upload was taken: the first error's status, every file's error listed."""
    return JSONResponse(
        error_body(first_error.code, first_error.message) | {"errors": errors}, status_code=http_status(first_error)
    )


def _keep_run(store: Store, principal: Principal, total: int, counts: dict[str, int], errors: list[dict]) -> None:
    failures = [(e["filename"] or f"#{e['index']}", e["error"]["code"], e["error"]["message"]) for e in errors]
    with store.transaction():
        run_id = runs.start(store.db, "web" if principal.via == "session" else "api", principal.name, total)
        runs.finish(store.db, run_id, failures=failures, **counts)


async def _send_to_workers(queue, store: Store, files: FileStore, settings: Settings, uploads, locality,
                           request: Request, principal: Principal) -> JSONResponse:
    """With a broker: keep each file and send a job for it; 202 with the jobs. A file already
    stored gets a job that is done at once."""
    jobs: list[dict] = []
    errors: list[dict] = []
    first_error: VanbanError | None = None
    for index, upload_file in enumerate(uploads):
        try:
            data = await _read_limited(upload_file, settings.max_upload_bytes)
            job = await run_in_threadpool(enqueue, queue, store, files, data, upload_file.filename, locality=locality)
            jobs.append({"id": job["id"], "filename": job["filename"], "status": job["status"]})
            auth.record(request, principal, "upload", f"job:{job['id']}",
                        {"filename": upload_file.filename, "sha256": job.get("sha256"), "size": len(data)})
        except VanbanError as error:
            first_error = first_error or error
            errors.append(_file_error(index, upload_file.filename, error))
        finally:
            await upload_file.close()
    if not jobs and first_error is not None:
        return _all_failed(first_error, errors)
    body = QueuedResponse.model_validate({"jobs": jobs, "errors": errors})
    return JSONResponse(body.model_dump(mode="json"), status_code=202)


@router.get("", response_model=SearchResponse, dependencies=[Depends(require_read)], responses=_ERRORS)
def search_documents(
    store: StoreDep,
    q: str | None = None,
    unit: Annotated[str | None, Query(description="unit id or name; includes the units below it")] = None,
    kind: str | None = None,
    topic: str | None = None,
    date_from: Annotated[str | None, Query(alias="from", description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    year: Annotated[str | None, Query(description="issued in this year (YYYY): the same as from=YYYY&to=YYYY")] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict:
    """Ranked documents with highlighted snippets and facets (unit, kind, year, topic)."""
    date_from, date_to = year_range(year, date_from, date_to)
    return store.search(
        q, unit=unit, kind=kind, topic=topic, date_from=date_from, date_to=date_to, page=page, per_page=per_page
    )


@router.get(
    "/{document_id}", response_model=StoredDocument, dependencies=[Depends(require_read)], responses=_ERRORS
)
def get_document(store: StoreDep, document_id: Annotated[int, Path(ge=1, le=2**63 - 1)]) -> dict:
    """The stored record, with links to units and to the documents its references resolve to."""
    return store.get(document_id)


@router.get(
    "/{document_id}/file",
    response_class=FileResponse,
    dependencies=[Depends(require_read)],
    responses=_ERRORS | {200: {"content": {"application/octet-stream": {}}, "description": "the original file"}},
)
def get_file(
    store: StoreDep,
    files: FilesDep,
    document_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    sha256: Annotated[str | None, Query(description="another file of the document (its `files`); default the first")] = None,
) -> FileResponse:
    """The original file the document was read from, as uploaded (404 when it was not kept)."""
    stored = store.get(document_id)
    source = stored["source"]
    if sha256:
        source = next((f for f in stored.get("files") or [] if f["sha256"] == sha256), None)
        if source is None:
            raise NotFound(f"document {document_id} has no file {sha256}")
    sha256 = source.get("sha256") or ""
    if not files.has(sha256):
        raise NotFound(f"the original file of document {document_id} is not kept in the file store")
    return FileResponse(
        files.path(sha256), media_type=source.get("media_type") or "application/octet-stream",
        filename=source.get("filename") or f"{document_id}",
    )
