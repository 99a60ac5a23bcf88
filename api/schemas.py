"""Response models of the HTTP API. The record itself is `extract.models.Extraction`, reused."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from extract.models import (
    Comparator,
    Deadline,
    DocKind,
    ErrorInfo,
    Extraction,
    Figure,
    Level,
    Recurrence,
    Target,
    UnitKind,
)


class ErrorResponse(BaseModel):
    error: ErrorInfo


class Links(BaseModel):
    units: dict[str, int] = Field(default_factory=dict, description="unit name → unit id")
    references: list[int | None] = Field(
        default_factory=list, description="per reference, in order: the stored document it resolves to"
    )
    cited_by: list[int] = Field(default_factory=list, description="stored documents that cite this one")


class Review(BaseModel):
    by: str | None = None
    at: str | None = None
    action: Literal["confirmed", "corrected", "added"] | None = None


class _Reviewed(BaseModel):
    id: str | None = Field(default=None, description="the item's row id (as in the exports)")
    reviewed: Review | None = Field(default=None, description="set when a person confirmed, corrected or added it")


class StoredTarget(Target, _Reviewed):
    pass


class StoredFigure(Figure, _Reviewed):
    pass


class StoredDeadline(Deadline, _Reviewed):
    pass


class StoredFile(BaseModel):
    sha256: str
    filename: str | None = None
    media_type: str | None = None
    size: int | None = None
    added_at: str | None = None
    added_by: str | None = None


class StoredDocument(Extraction):
    """A stored extraction record plus the store's facts about it."""

    id: int
    created_at: str | None = None
    duplicate: bool | None = Field(default=None, description="on upload: the file was already stored")
    same_document: bool | None = Field(
        default=None, description="on upload: the file is another copy (format) of this stored document, kept as one of its files"
    )
    links: Links | None = None
    targets: list[StoredTarget] = Field(default_factory=list)
    figures: list[StoredFigure] = Field(default_factory=list)
    deadlines: list[StoredDeadline] = Field(default_factory=list)
    files: list[StoredFile] = Field(default_factory=list, description="the original files of this document")


class UploadFailure(BaseModel):
    index: int = Field(description="position of the file in the request")
    filename: str | None = None
    error: ErrorInfo


class UploadResponse(BaseModel):
    documents: list[StoredDocument] = Field(description="stored (or already stored) records, in request order")
    errors: list[UploadFailure] = Field(default_factory=list, description="files that could not be stored")


class JobRef(BaseModel):
    id: str
    filename: str | None = None
    status: Literal["queued", "running", "done", "failed"]


class QueuedResponse(BaseModel):
    """With a broker (VANBAN_BROKER) an upload answers 202 with one job per file."""

    jobs: list[JobRef] = Field(description="one job per file sent to the workers, in request order")
    errors: list[UploadFailure] = Field(default_factory=list, description="files that could not be sent")


class Job(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    document_id: int | None = Field(default=None, description="when done: the stored document")
    error: ErrorInfo | None = Field(default=None, description="when failed: what went wrong")
    filename: str | None = None
    attempts: int = Field(default=0, description="how many times a worker started it")
    created_at: str | None = None
    updated_at: str | None = None


class Hit(BaseModel):
    id: int
    title: str | None = None
    kind: DocKind | None = None
    number: str | None = None
    issued_on: str | None = None
    snippet: str = Field(description="HTML: escaped text with the matches in <mark>…</mark>")


class Facets(BaseModel):
    unit: dict[str, int]
    kind: dict[str, int]
    year: dict[str, int]
    topic: dict[str, int]


class SearchResponse(BaseModel):
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: Facets


class _Row(BaseModel):
    id: str = Field(description="stable: the same item of the same file always has this id")
    document_id: int
    document_number: str | None = None
    document_issuer: str | None = Field(default=None, description="the unit that issued the document")
    document_kind: DocKind | None = None
    document_issued_on: str | None = None
    unit: str | None = None
    evidence: str | None = None
    start: int | None = None
    end: int | None = None
    created_at: str
    reviewed_action: Literal["confirmed", "corrected", "added"] | None = None
    reviewed_by: str | None = None
    reviewed_at: str | None = None


class Tombstone(BaseModel):
    id: str
    deleted: Literal[True] = True
    deleted_at: str
    document_id: int | None = None


class _QuantityRow(_Row):
    measure: str | None = None
    comparator: Comparator | None = None
    value: float | None = None
    value_max: float | None = None
    unit_of_measure: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    recurrence: Recurrence | None = None


class TargetRow(_QuantityRow):
    due: str | None = None
    indicator_code: str | None = Field(default=None, description="the indicator it measures (added field)")
    latest_value: float | None = Field(default=None, description="its latest linked figure's value (added field)")
    latest_on: str | None = Field(default=None, description="that figure's date (added field)")
    progress: float | None = Field(default=None, description="percent reached, where it means something (added field)")
    behind: bool | None = Field(default=None, description="behind schedule at the latest figure (added field)")


class FigureRow(_QuantityRow):
    as_of: str | None = None
    indicator_code: str | None = Field(default=None, description="the indicator it measures (added field)")
    target: str | None = Field(default=None, description="id of the target it reports on (added field)")
    link_reason: str | None = Field(default=None, description="why it was linked (added field)")
    progress: float | None = Field(default=None, description="percent of the target reached (added field)")


class DeadlineRow(_Row):
    task: str | None = None
    due: str | None = None
    recurrence: Recurrence | None = None


class LocalityOut(BaseModel):
    province: str | None = None
    district: str | None = None
    commune: str | None = None


class UnitNode(BaseModel):
    id: int
    name: str
    kind: UnitKind | None = None
    level: Level | None = None
    locality: LocalityOut | None = None
    documents: int = Field(description="documents linked to this unit itself")
    children: list[UnitNode] = Field(default_factory=list)


class UnitRef(BaseModel):
    id: int
    name: str


class DocumentSummary(BaseModel):
    id: int
    title: str | None = None
    kind: DocKind | None = None
    number: str | None = None
    issued_on: str | None = None


class UnitDetail(BaseModel):
    id: int
    name: str
    kind: UnitKind | None = None
    level: Level | None = None
    locality: LocalityOut | None = None
    parent: UnitRef | None = None
    children: list[UnitRef]
    documents_total: int = Field(description="documents of this unit and the units below it")
    documents: list[DocumentSummary] = Field(description="the most recent of them (at most 100)")
    issued_total: int = Field(default=0, description="documents the unit (or one below it) issued or is given items in")
    issued: list[DocumentSummary] = Field(default_factory=list, description="the most recent of them (at most 100)")
    mentioned_total: int = Field(default=0, description="documents that only mention the unit")
    mentioned: list[DocumentSummary] = Field(default_factory=list, description="the most recent of them (at most 100)")
    targets: list[TargetRow] = Field(description="the unit's own: named for it (or a unit below), or unassigned in what it issued")
    figures: list[FigureRow]
    deadlines: list[DeadlineRow]


class Health(BaseModel):
    status: str
    documents: int
