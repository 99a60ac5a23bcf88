"""Managing what is stored: corrections to items, deletion, re-extraction, the original files,
the audit log and the ingest runs. Every write here is recorded in the audit log."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api import auth
from api.auth import AdminDep, EditorDep, ReaderDep
from api.deps import SettingsDep, StoreDep
from api.errors import needs_staff
from api.schemas import ErrorResponse
from api.settings import Settings
from corpus import audit, corrections, lifecycle, runs
from corpus.store import Store
from ingest.errors import NotFound
from service.ingest import extract_bytes


def _staff_store(request: Request) -> None:
    needs_staff(request.app.state.store)


router = APIRouter(prefix="/api", tags=["manage"], dependencies=[Depends(_staff_store)])
_ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 403, 404, 422)}
ItemKind = Literal["targets", "figures", "deadlines"]
DocumentId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class ItemChange(BaseModel):
    action: Literal["confirm", "reject", "correct"]
    fields: dict[str, Any] | None = Field(
        default=None, description="record fields of the item (value, measure, due, unit_of_measure …) for 'correct'"
    )


@router.patch("/{kind}/{item_id}", responses=_ERRORS)
def change_item(request: Request, store: StoreDep, principal: EditorDep, kind: ItemKind, item_id: str,
                change: ItemChange) -> dict:
    """Confirm, correct or reject a target, figure or deadline; the item as it now stands
    (`{"id", "rejected": true, "document_id"}` after a rejection)."""
    with store.transaction():
        document_id, item = corrections.correct(store.db, kind, item_id, change.action, change.fields, by=principal.name)
        audit.record(
            store.db, change.action, actor=principal.name, role=principal.role, target=f"{kind}:{item_id}",
            detail={"document_id": document_id, "fields": change.fields or {}}, remote=auth.remote(request),
        )
    if item is None:
        return {"id": item_id, "rejected": True, "document_id": document_id}
    return item | {"document_id": document_id}


@router.delete("/documents/{document_id}", responses=_ERRORS)
def delete_document(request: Request, store: StoreDep, settings: SettingsDep, principal: EditorDep,
                    document_id: DocumentId) -> dict:
    """Delete a document with its items and links (and its original files no other record uses).
    Exports asked with `since=` then list its items as `{"id", "deleted": true, "deleted_at"}`."""
    title = _title(store, document_id)
    result = lifecycle.delete_document(store, document_id, settings.files_dir())
    auth.record(request, principal, "delete", f"document:{document_id}", {"title": title, **result})
    return {"id": document_id, "deleted": True, **result}


def _title(store: Store, document_id: int) -> str | None:
    with store._lock:
        row = store.db.execute("SELECT title FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise NotFound(f"no document with id {document_id}")
    return row[0]


def reextract_one(store: Store, settings: Settings, document_id: int) -> dict:
    limits = settings.limits()
    return lifecycle.reextract(
        store, document_id, settings.files_dir(), lambda data, name: extract_bytes(data, name, limits=limits)
    )


@router.post("/documents/{document_id}/reextract", responses=_ERRORS)
async def reextract(request: Request, store: StoreDep, settings: SettingsDep, principal: AdminDep,
                    document_id: DocumentId) -> dict:
    """Run the current extractor again on the document's original file, keeping corrections."""
    _title(store, document_id)
    report = await run_in_threadpool(reextract_one, store, settings, document_id)
    auth.record(request, principal, "reextract", f"document:{document_id}", report)
    return report


@router.post("/documents/{document_id}/{kind}", status_code=201, responses=_ERRORS)
def add_item(request: Request, store: StoreDep, principal: EditorDep, document_id: DocumentId, kind: ItemKind,
             body: Annotated[dict[str, Any], Body(description="the item's record fields, with 'start' and 'end'")]) -> dict:
    """Add an item the extractor missed, pointing at its words by offsets into the text."""
    fields = body.get("fields") if isinstance(body.get("fields"), dict) else body
    with store.transaction():
        item = corrections.add(store.db, document_id, kind, fields, by=principal.name)
        audit.record(
            store.db, "add_item", actor=principal.name, role=principal.role, target=f"{kind}:{item['id']}",
            detail={"document_id": document_id, "fields": fields}, remote=auth.remote(request),
        )
    return item | {"document_id": document_id}


@router.get("/audit", responses=_ERRORS)
def audit_log(store: StoreDep, principal: AdminDep, actor: str | None = None, action: str | None = None,
              limit: Annotated[int, Query(ge=1, le=10_000)] = 200) -> list[dict]:
    """The audit log, newest first (admins)."""
    with store._lock:
        return audit.entries(store.db, limit=limit, actor=actor, action=action)


@router.get("/runs", responses=_ERRORS)
def ingest_runs(store: StoreDep, principal: ReaderDep, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict]:
    """Ingest runs (command line, watched folder, uploads), newest first, with their failures."""
    with store._lock:
        return runs.listing(store.db, limit)
