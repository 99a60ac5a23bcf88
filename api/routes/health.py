from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import StoreDep
from api.schemas import Health

router = APIRouter(tags=["health"])
# The embedded store serializes its connection with a lock that a large write holds for seconds;
# liveness does not wait that long for it: it answers with the count it read last.
_WAIT_S = 0.2


@router.get("/healthz", response_model=Health)
def healthz(request: Request, store: StoreDep) -> dict:
    """Liveness: the process answers and the store can be read (during a long write to the
    embedded store, the number of documents is the one read last)."""
    lock = getattr(store, "_lock", None)
    if lock is not None:
        if not lock.acquire(timeout=_WAIT_S):
            return {"status": "ok", "documents": getattr(request.app.state, "last_count", 0)}
        try:
            count = store.count()
        finally:
            lock.release()
    else:
        count = store.count()
    request.app.state.last_count = count
    return {"status": "ok", "documents": count}
