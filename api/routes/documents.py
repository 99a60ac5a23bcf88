"""POST /api/documents (upload), GET /api/documents (search), GET /api/documents/{id}."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api import auth
from api.auth import Principal
from api.deps import SettingsDep, StoreDep, require_read, require_write
from api.errors import TooManyFiles, error_body
from api.pipeline import extract_bytes
from api.schemas import ErrorResponse, SearchResponse, StoredDocument, UploadResponse
from api.settings import Settings
from corpus import files, runs
from corpus.store import Store
from ingest.errors import TooLarge, VanbanError

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
    store: Store, settings: Settings, data: bytes, filename: str | None, locality: str | None
) -> tuple[dict, str]:
    """Extract and store one file (runs in a worker thread): the stored record with `duplicate`
    and `same_document`, and what happened ("new", "known" or "attached", see Store.add_file).
    The original bytes are kept in the file folder for re-extraction."""
    sha256 = hashlib.sha256(data).hexdigest()
    existing = store.find_sha256(sha256)
    if existing is None:
        extraction = extract_bytes(data, filename, locality=locality, limits=settings.limits())
        files.FileStore(settings.files_dir()).put(data)
        existing, status = store.add_file(extraction, source_bytes_sha256=sha256)
    else:
        status = "known"
    return store.get(existing) | {"duplicate": status != "new", "same_document": status == "attached"}, status


@router.post(
    "",
    response_model=UploadResponse,
    status_code=201,
    responses=_ERRORS | {200: {"model": UploadResponse, "description": "every file was already stored"}},
)
async def upload(
    request: Request,
    store: StoreDep,
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
    documents: list[dict] = []
    errors: list[dict] = []
    first_error: VanbanError | None = None
    counts = {"new": 0, "known": 0, "attached": 0}
    for index, upload_file in enumerate(file):
        try:
            data = await _read_limited(upload_file, settings.max_upload_bytes)
            stored, status = await run_in_threadpool(_store_one, store, settings, data, upload_file.filename, locality)
            documents.append(stored)
            counts[status] += 1
            if status != "known":
                auth.record(
                    request, principal, "upload" if status == "new" else "attach", f"document:{stored['id']}",
                    {"filename": upload_file.filename, "sha256": stored["source"]["sha256"] if status == "new"
                     else hashlib.sha256(data).hexdigest(), "size": len(data)},
                )
        except VanbanError as error:
            first_error = first_error or error
            errors.append(
                {"index": index, "filename": upload_file.filename, "error": {"code": error.code, "message": error.message}}
            )
        finally:
            await upload_file.close()
    _keep_run(store, principal, len(file), counts, errors)
    if not documents and first_error is not None:
        return JSONResponse(
            error_body(first_error.code, first_error.message) | {"errors": errors}, status_code=first_error.http_status
        )
    status = 201 if any(not doc["duplicate"] for doc in documents) else 200
    body = UploadResponse.model_validate({"documents": documents, "errors": errors})
    return JSONResponse(body.model_dump(mode="json"), status_code=status)


def _keep_run(store: Store, principal: Principal, total: int, counts: dict[str, int], errors: list[dict]) -> None:
    failures = [(e["filename"] or f"#{e['index']}", e["error"]["code"], e["error"]["message"]) for e in errors]
    with store.transaction():
        run_id = runs.start(store.db, "web" if principal.via == "session" else "api", principal.name, total)
        runs.finish(store.db, run_id, failures=failures, **counts)


@router.get("", response_model=SearchResponse, dependencies=[Depends(require_read)], responses=_ERRORS)
def search_documents(
    store: StoreDep,
    q: str | None = None,
    unit: Annotated[str | None, Query(description="unit id or name; includes the units below it")] = None,
    kind: str | None = None,
    topic: str | None = None,
    date_from: Annotated[str | None, Query(alias="from", description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict:
    """Ranked documents with highlighted snippets and facets (unit, kind, year, topic)."""
    return store.search(
        q, unit=unit, kind=kind, topic=topic, date_from=date_from, date_to=date_to, page=page, per_page=per_page
    )


@router.get(
    "/{document_id}", response_model=StoredDocument, dependencies=[Depends(require_read)], responses=_ERRORS
)
def get_document(store: StoreDep, document_id: Annotated[int, Path(ge=1, le=2**63 - 1)]) -> dict:
    """The stored record, with links to units and to the documents its references resolve to."""
    return store.get(document_id)
