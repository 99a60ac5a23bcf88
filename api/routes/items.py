"""GET /api/targets, /api/figures, /api/deadlines: exports in JSON, CSV or NDJSON."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from api.deps import StoreDep, require_read
from api.routes.params import year_range
from api.schemas import DeadlineRow, ErrorResponse, FigureRow, TargetRow
from corpus.export import MEDIA_TYPES, check_lang, iter_format

router = APIRouter(prefix="/api", tags=["exports"])
_ROW_MODELS = {"targets": TargetRow, "figures": FigureRow, "deadlines": DeadlineRow}
Format = Literal["json", "csv", "ndjson"]
Lang = Literal["en", "vi"]


def _export(
    kind: str,
    store: StoreDep,
    q: str | None,
    unit: str | None,
    doc_kind: str | None,
    topic: str | None,
    date_from: str | None,
    date_to: str | None,
    since: str | None,
    fmt: str,
    lang: str = "en",
    indicator: str | None = None,
    behind: bool = False,
) -> StreamingResponse:
    check_lang(lang)
    rows = store.stream_rows(
        kind, q=q, unit=unit, doc_kind=doc_kind, topic=topic, date_from=date_from, date_to=date_to, since=since,
        indicator=indicator, behind=behind,
    )
    headers = {"Content-Disposition": f'attachment; filename="{kind}.{fmt}"'} if fmt == "csv" else {}
    return StreamingResponse(iter_format(kind, fmt, rows, lang), media_type=MEDIA_TYPES[fmt], headers=headers)


def _route(kind: str):
    def export_route(
        store: StoreDep,
        q: str | None = None,
        unit: Annotated[str | None, Query(description="unit id or name; includes the units below it")] = None,
        kind_: Annotated[str | None, Query(alias="kind", description="document kind")] = None,
        topic: str | None = None,
        date_from: Annotated[str | None, Query(alias="from")] = None,
        date_to: Annotated[str | None, Query(alias="to")] = None,
        since: Annotated[
            str | None, Query(description="only rows stored since: a date (inclusive) or an ISO date-time (after)")
        ] = None,
        year: Annotated[str | None, Query(description="documents issued in this year (YYYY): from=YYYY&to=YYYY")] = None,
        format: Format = "json",
        lang: Annotated[
            Lang, Query(description="CSV only: 'vi' gives Vietnamese headers and labels, decimal commas, ';' between fields")
        ] = "en",
        indicator: Annotated[
            str | None, Query(max_length=64, description="targets and figures: an indicator code (GET /api/indicators)")
        ] = None,
        behind: Annotated[bool, Query(description="targets only: those behind schedule")] = False,
    ) -> StreamingResponse:
        date_from, date_to = year_range(year, date_from, date_to)
        return _export(kind, store, q, unit, kind_, topic, date_from, date_to, since, format, lang, indicator, behind)

    export_route.__name__ = f"export_{kind}"
    export_route.__doc__ = (
        f"The {kind} of the documents matching the filters, one row each with a stable id, the document's"
        " id and number, the unit and the evidence. `format=csv` is UTF-8 with a byte-order mark."
    )
    return export_route


for _kind, _model in _ROW_MODELS.items():
    router.add_api_route(
        f"/{_kind}",
        _route(_kind),
        methods=["GET"],
        dependencies=[Depends(require_read)],
        response_class=StreamingResponse,
        responses={
            200: {
                "description": f"{_kind} rows",
                "content": {
                    "application/json": {"schema": {"type": "array", "items": {"$ref": f"#/components/schemas/{_model.__name__}"}}},
                    "text/csv": {},
                    "application/x-ndjson": {},
                },
            },
            400: {"model": ErrorResponse},
            401: {"model": ErrorResponse},
        },
    )
