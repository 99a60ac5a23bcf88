from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz(store: StoreDep) -> dict:
    """Liveness: the process answers and the store can be read."""
    return {"status": "ok", "documents": store.count()}
