"""GET /api/units (the tree), GET /api/units/{id} (one unit with its documents and items)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from api.deps import StoreDep, require_read
from api.schemas import ErrorResponse, UnitDetail, UnitNode

router = APIRouter(prefix="/api/units", tags=["units"], dependencies=[Depends(require_read)])


@router.get("", response_model=list[UnitNode])
def units_tree(store: StoreDep) -> list[dict]:
    """Every unit as a tree: party committees over their bodies and the committees below them."""
    return store.units_tree()


@router.get("/{unit_id}", response_model=UnitDetail, responses={404: {"model": ErrorResponse}})
def unit(store: StoreDep, unit_id: Annotated[int, Path(ge=1, le=2**63 - 1)]) -> dict:
    """One unit with its parent and children, and the documents, targets, figures and deadlines
    of it and the units below it."""
    return store.unit(unit_id)
