"""GET /api/targets/{id} (a target with its linked figures and progress), GET /api/indicators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from api.deps import StoreDep, require_read
from api.schemas import ErrorResponse
from extract.models import Comparator, DocKind, IndicatorRef, Recurrence

router = APIRouter(prefix="/api", tags=["tracking"], dependencies=[Depends(require_read)])


class DocumentRef(BaseModel):
    id: int
    kind: DocKind | None = None
    number: str | None = None
    title: str | None = None
    issuer: str | None = None
    issued_on: str | None = None


class Context(BaseModel):
    before: str
    text: str
    after: str


class _Quantity(BaseModel):
    """What a target and a figure linked to it both carry."""

    id: str
    document_id: int
    document: DocumentRef
    measure: str | None = None
    comparator: Comparator | None = None
    value: float | None = None
    value_max: float | None = None
    unit_of_measure: str | None = None


class LinkedFigure(_Quantity):
    as_of: str | None = None
    reported_on: str | None = Field(default=None, description="its date: as_of, its period's end or its document's")
    unit: str | None = None
    evidence: str | None = None
    link_reason: str | None = None
    progress: float | None = Field(default=None, description="percent of the target this figure reaches, or null")


class TargetDetail(_Quantity):
    period_start: str | None = None
    period_end: str | None = None
    recurrence: Recurrence | None = None
    due: str | None = None
    unit: str | None = None
    unit_id: int | None = None
    evidence: str | None = None
    start: int | None = None
    end: int | None = None
    context: Context | None = Field(default=None, description="the words it came from, with what surrounds them")
    indicator: IndicatorRef | None = None
    latest_figure: str | None = None
    latest_value: float | None = None
    latest_on: str | None = None
    progress: float | None = Field(default=None, description="percent reached by the latest figure, or null")
    behind: bool | None = Field(default=None, description="behind schedule at the latest figure's date, or null")
    figures: list[LinkedFigure] = Field(default_factory=list, description="linked figures, oldest first")


class IndicatorUse(BaseModel):
    code: str
    name: str
    targets: int
    figures: int


@router.get("/targets/{target_id}", response_model=TargetDetail, responses={404: {"model": ErrorResponse}})
def target(store: StoreDep, target_id: Annotated[str, Path(max_length=64)]) -> dict:
    """A target with its document, its words, the figures reported against it and its progress."""
    return store.target(target_id)


@router.get("/indicators", response_model=list[IndicatorUse])
def indicators(store: StoreDep) -> list[dict]:
    """The catalogued indicators that stored targets or figures measure, with how many of each."""
    return store.indicators_in_use()
