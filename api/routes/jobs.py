"""GET /api/jobs/{id}: a file sent to the workers (with VANBAN_BROKER): queued, running, done
with the document id, or failed with the error."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from api.deps import StoreDep, require_read
from api.schemas import ErrorResponse, Job

router = APIRouter(prefix="/api/jobs", tags=["jobs"])


@router.get(
    "/{job_id}", response_model=Job, dependencies=[Depends(require_read)],
    responses={status: {"model": ErrorResponse} for status in (401, 404)},
)
def get_job(store: StoreDep, job_id: Annotated[str, Path(min_length=1, max_length=64)]) -> dict:
    """The job's state; `document_id` once done, `error` once failed."""
    return store.job(job_id)
