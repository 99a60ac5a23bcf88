"""The target page (`/targets/{id}`): a target, the words it came from, the figures reported against
it over time as a chart, its progress and its deadline. Mounted before `api.web` (whose catch-all
answers unknown pages)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api import web_render as view
from api.deps import SettingsDep, StoreDep
from api.web import PageRoute, _check_read, render
from ingest.errors import NotFound

router = APIRouter(route_class=PageRoute, include_in_schema=False)
_TARGET_ID = re.compile(r"^[0-9a-f]{1,64}$")


@router.get("/targets/{target_id}", response_class=HTMLResponse)
def target_page(request: Request, store: StoreDep, settings: SettingsDep, target_id: str) -> HTMLResponse:
    _check_read(request, settings)
    if not _TARGET_ID.match(target_id):
        raise NotFound(f"không có chỉ tiêu mang mã {target_id!r}")
    try:
        target = store.target(target_id)
    except NotFound:
        raise NotFound(f"không có chỉ tiêu mang mã {target_id!r}") from None
    return render(
        request, "target.html", title=f"Chỉ tiêu: {target.get('measure') or target_id} — Vanban",
        target=target, chart=target_chart(target), undated=[f for f in target["figures"] if not _dated(f)],
    )


def _dated(figure: dict[str, Any]) -> bool:
    return bool(figure.get("reported_on") and str(figure["reported_on"])[:4].isdigit())


def target_chart(target: dict[str, Any]) -> view.Chart | None:
    """The target (at its due date) and the linked figures in its own unit of measure, over time."""
    uom = target.get("unit_of_measure") or "(không rõ đơn vị tính)"
    doc = target["document"]
    rows = [{**target, "document_issued_on": doc.get("issued_on"), "document_id": doc["id"]}]
    figures = [
        {**f, "as_of": f.get("as_of") or f.get("reported_on"), "document_issued_on": f["document"].get("issued_on")}
        for f in target["figures"]
        if (f.get("unit_of_measure") or "(không rõ đơn vị tính)") == uom and _dated(f)
    ]
    if not figures:
        return None
    points = view.chart_points(rows, figures)
    flat = [p for group in points.values() for p in group]
    if not flat:
        return None
    name = target.get("indicator_name") or target.get("measure") or ""
    return view.Chart(uom, len(flat), view.scatter_svg(uom, flat, title=name), title=name)
