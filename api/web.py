"""Server-rendered pages for staff, in Vietnamese: search, upload, a document, a unit, targets.

One router, mounted by `api.app.create_app`. Pages read the store directly (the same library
calls as the JSON API); the upload page sends files to `POST /api/documents` from the browser.
Query strings are taken as text and checked here, so a bad one gives a page with a message,
never a 500; library errors (`NotFound`, `BadQuery` …) become HTML pages through `PageRoute`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Coroutine
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import auth, staff_csrf
from api import web_render as view
from api.deps import SettingsDep, StoreDep
from api.errors import Unauthorized, http_status
from api.settings import MB, Settings
from api.web_messages import error_message
from corpus.store import Store
from extract.models import Extraction
from ingest.errors import BadQuery, NotFound, VanbanError

HERE = Path(__file__).parent
STATIC = HERE / "static"
_STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}
TOKEN_COOKIE = "vanban_token"
SEARCH_PER_PAGE = 10
TABLE_PER_PAGE = 50
RECENT = 15


class NeedsToken(Unauthorized):
    """A page asked for without the read token the server requires."""

    code = "unauthorized"


class PageRoute(APIRoute):
    """A route whose library errors answer as an HTML page (the app's handlers answer JSON)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except VanbanError as error:
                return error_page(request, error)

        return page_handler


router = APIRouter(route_class=PageRoute, include_in_schema=False)


# ---- rendering ------------------------------------------------------------------------------


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        date=view.format_date, shortdate=view.short_date, number=view.format_number, quantity=view.format_quantity,
        kind=view.kind_label, recurrence=view.recurrence_label,
    )
    env.globals.update(
        static=static_url, KIND_LABELS=view.KIND_LABELS, UNIT_KIND_LABELS=view.UNIT_KIND_LABELS,
        LEVEL_LABELS=view.LEVEL_LABELS, CATEGORIES=view.CATEGORIES, period=view.period_label,
    )
    return env


@cache
def static_url(name: str) -> str:
    """'/static/NAME?v=HASH': the hash changes with the file, so browsers may cache it for long."""
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
    return f"/static/{name}?v={digest}"


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    context.setdefault("title", "Vanban")
    try:
        principal = auth.identify(request)
    except VanbanError:  # a bad Authorization header: the page renders as for no one
        principal = None
    csrf, new_cookie = staff_csrf.form_token(request, principal)
    editor = principal if principal is not None else (None if auth.protected(request) else auth.ANONYMOUS_EDITOR)
    html = _environment().get_template(template).render(
        request=request, path=request.url.path,
        needs_write_token=bool(settings.api_token) and not (principal is not None and principal.can("editor")),
        principal=principal, csrf=csrf, can_edit=bool(editor and editor.can("editor")),
        is_admin=bool(principal and principal.can("admin")), **context,
    )
    response = HTMLResponse(html, status_code=status)
    if new_cookie:
        staff_csrf.set_cookie(response, csrf, settings)
    return response


_ERROR_TITLES = {
    400: ("Yêu cầu không hợp lệ", "Địa chỉ hoặc bộ lọc có giá trị không dùng được."),
    401: ("Cần mã truy cập hoặc đăng nhập", "Máy chủ yêu cầu đăng nhập (hoặc mã truy cập) để xem các trang này."),
    403: ("Không có quyền", "Tài khoản của bạn không được làm việc này."),
    409: ("Xung đột", "Việc này không làm được vì dữ liệu đã có."),
    404: ("Không tìm thấy", "Trang, văn bản hoặc đơn vị này không có trong kho."),
}


def error_page(request: Request, error: VanbanError) -> HTMLResponse:
    status = http_status(error)
    status = status if status in _ERROR_TITLES else 400
    heading, lead = _ERROR_TITLES[status]
    return render(
        request, "error.html", status=status, title=heading, heading=heading, lead=lead,
        detail=error_message(error), ask_token=isinstance(error, NeedsToken),
    )


def url(path: str, params: dict[str, Any], **changes: Any) -> str:
    """`path` with the query `params` updated by `changes`; empty values are left out."""
    merged = {**params, **changes}
    query = urlencode({k: v for k, v in merged.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


# ---- checks on what a page is given ---------------------------------------------------------


def _check_read(request: Request, settings: Settings) -> None:
    """When reads need signing in, pages need it too: a session (sign in on /login), a token, or
    the server's token the browser keeps in a cookie."""
    try:
        principal = auth.identify(request)
    except VanbanError:
        principal = None
    if principal is None and auth.reads_need_signin(request):
        raise NeedsToken("đăng nhập để xem trang")


def _digits(value: str) -> bool:
    """ASCII digits only ('²' and '١' are digits to str.isdigit but not to int)."""
    return value.isascii() and value.isdigit()


def _page_number(value: str | None) -> int:
    """A page number from the query string; anything that is not a positive number is page 1."""
    value = (value or "").strip()
    return max(1, min(int(value), 100_000)) if _digits(value) else 1


def _year(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not (_digits(value) and len(value) == 4):
        raise BadQuery(f"năm {value!r} không hợp lệ: cần bốn chữ số, ví dụ 2024")
    return value


_CONTROL = {code: " " for code in (*range(0x00, 0x20), 0x7F)}


def _text(value: str | None) -> str | None:
    """A text parameter without control characters (a NUL reaching SQLite's FTS5 is an error
    there, not a bad query), stripped; None when empty."""
    value = (value or "").translate(_CONTROL).strip()
    return value or None


def _unit(value: str | None) -> str | None:
    """A unit filter: an id or (part of) a name. Digits other than 0-9, and ids too large for
    SQLite, are refused here: the store's unit lookup would fail on them (resolve_unit_spec)."""
    value = _text(value)
    if value and value.isdigit() and (not _digits(value) or len(value) > 18):
        raise BadQuery(f"đơn vị {value!r} không hợp lệ: dùng số hiệu (chữ số 0–9) hoặc tên đơn vị")
    return value


def _id(value: str, what: str) -> int:
    if not _digits(value) or len(value) > 18:
        raise NotFound(f"không có {what} mang số {value!r}")
    return int(value)


def _unit_names(store: Store) -> dict[int, dict[str, Any]]:
    """Every unit by id, with its parent id, for names, lists and ancestors."""
    return _unit_lookup(store)[0]


def _unit_lookup(store: Store) -> tuple[dict[int, dict[str, Any]], dict[str, int], list[str]]:
    """(units by id with their parent id, id by name, names sorted): derived from the store's unit
    tree once until the store is written, not on every request."""

    def build() -> tuple[dict[int, dict[str, Any]], dict[str, int], list[str]]:
        by_id: dict[int, dict[str, Any]] = {}

        def walk(nodes: list[dict[str, Any]], parent: int | None) -> None:
            for node in nodes:
                by_id[node["id"]] = {"id": node["id"], "name": node["name"], "parent": parent}
                walk(node["children"], node["id"])

        walk(store.units_tree(), None)
        return (by_id, {info["name"]: unit_id for unit_id, info in by_id.items()},
                sorted({info["name"] for info in by_id.values()}))

    return store.kept_until_written("web:unit_lookup", build)


def _pages(page: int, total: int, per_page: int) -> dict[str, Any]:
    last = max(1, -(-total // per_page))
    window = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    return {"page": page, "last": last, "numbers": window, "first_item": (page - 1) * per_page + 1}


# ---- pages ----------------------------------------------------------------------------------


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    path = STATIC / name
    if "/" in name or name.startswith(".") or path.suffix not in _STATIC_TYPES or not path.is_file():
        raise StarletteHTTPException(404, f"no static file {name!r}")
    return FileResponse(path, media_type=_STATIC_TYPES[path.suffix], headers={"Cache-Control": "public, max-age=86400"})


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    _check_read(request, settings)
    return render(request, "home.html", title="Vanban — Văn bản", recent=store.recent(RECENT), total=store.count())


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    q: str | None = None,
    unit: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
    year: str | None = None,
    page: str | None = None,
) -> HTMLResponse:
    _check_read(request, settings)
    params = {"q": _text(q), "unit": _text(unit), "kind": _text(kind), "topic": _text(topic), "year": _text(year)}
    number = _page_number(page)
    error = None
    result: dict[str, Any] = {"total": 0, "hits": [], "facets": {"unit": {}, "kind": {}, "year": {}, "topic": {}}}
    try:
        chosen_year = _year(params["year"])
        _unit(params["unit"])
        result = store.search(
            params["q"], unit=params["unit"], kind=params["kind"], topic=params["topic"],
            date_from=chosen_year, date_to=chosen_year, page=number, per_page=SEARCH_PER_PAGE,
        )
    except BadQuery as bad:
        error = error_message(bad)
    units, unit_ids, _ = _unit_lookup(store)
    unit_label = params["unit"]
    if unit_label and _digits(unit_label) and int(unit_label) in units:
        unit_label = units[int(unit_label)]["name"]
    topics = _topic_labels()
    return render(
        request, "search.html", status=400 if error else 200,
        title=f"Tìm: {params['q']}" if params["q"] else "Tìm kiếm văn bản",
        params=params, result=result, error=error, pages=_pages(number, result["total"], SEARCH_PER_PAGE),
        url=lambda **changes: url("/search", params, **changes), unit_ids=unit_ids, unit_label=unit_label,
        topics=topics,
    )


@cache
def _topic_labels() -> dict[str, str]:
    from extract.topics import labels

    return labels()


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    return render(
        request, "upload.html", title="Tải văn bản lên",
        max_mb=view.format_number(round(settings.max_upload_bytes / MB, 1)), max_bytes=settings.max_upload_bytes,
        max_files=settings.max_files_per_upload,
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, store: StoreDep, settings: SettingsDep, document_id: str) -> HTMLResponse:
    _check_read(request, settings)
    number = _id(document_id, "văn bản")
    try:
        stored = store.get(number)
    except NotFound:
        raise NotFound(f"không có văn bản mang số {number}") from None
    # Through the contract model, so that every field a template reads is present.
    record = stored | Extraction.model_validate(stored).model_dump(mode="json")
    for kind in ("targets", "figures", "deadlines"):  # the review marks and row ids (corpus.corrections)
        record[kind] = [
            item | {k: raw[k] for k in ("id", "reviewed") if raw.get(k) is not None}
            for item, raw in zip(record[kind], stored.get(kind) or [], strict=False)
        ]
    ids = view.item_ids(record)
    text = record.get("text") or ""
    links = record.get("links") or {}
    references = [
        ref | {"document_id": resolved}
        for ref, resolved in zip(record["references"], links.get("references") or [None] * len(record["references"]), strict=False)
    ]
    counts = {
        "unit": sum(len(u["mentions"]) for u in record["units"]), "person": len(record["people"]),
        "reference": len(record["references"]), "target": len(record["targets"]),
        "figure": len(record["figures"]), "deadline": len(record["deadlines"]),
    }
    doc = record["document"]
    cited_by = [_summary(store, other) for other in (links.get("cited_by") or [])[:50]]
    return render(
        request, "document.html",
        title=f"{view.kind_label(doc.get('kind'))} {doc.get('number') or ''}".strip() + " — Vanban",
        record=record, doc=doc, ids=ids, references=references, counts=counts,
        body=view.highlight(text, view.document_spans(record, ids)),
        unit_ids=links.get("units") or {}, topics=_topic_labels(), cited_by=cited_by,
        saved=request.query_params.get("saved"), files=stored.get("files") or [],
        original_kept=request.app.state.files.has(record["source"].get("sha256") or ""),
    )


def _summary(store: Store, document_id: int) -> dict[str, Any]:
    try:
        document = store.get(document_id)["document"]
    except NotFound:
        document = {}
    return {"id": document_id, **{k: document.get(k) for k in ("kind", "number", "title", "issued_on")}}


UNITS_SHOWN_PER_PROVINCE = 8  # on /units, a province's most documented units; its page has them all


@router.get("/units", response_class=HTMLResponse)
def units_page(
    request: Request, store: StoreDep, settings: SettingsDep, q: str | None = None, province: str | None = None
) -> HTMLResponse:
    """Provinces (central bodies first) with their most documented units; `province=` one province's
    whole tree by level; `q=` units by name. (All 13,000 units of a 100,000-document store made a
    2 MB page.)"""
    _check_read(request, settings)
    query, chosen = _text(q), _text(province)
    tree = store.units_tree()
    groups = _province_groups(store, tree)
    folded = store.kept_until_written("web:folded_unit_names", lambda: view.folded_names(tree)) if query else None
    found = view.find_units(tree, query, folded=folded) if query else None
    status, error = 200, None
    if chosen is not None:
        shown = [g for g in groups if g["province"] == chosen]
        if not shown:
            status, error = 404, f"Không có tỉnh, thành phố nào tên “{chosen}” trong cây đơn vị."
            shown = groups
    return render(
        request, "units.html", status=status, title=f"Đơn vị — {chosen}" if chosen and status == 200 else "Đơn vị",
        tree=tree, groups=shown if chosen is not None else groups, whole=chosen is not None and status == 200,
        q=query, found=found, error=error, top=UNITS_SHOWN_PER_PROVINCE,
    )


def _province_groups(store: Store, tree: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`view.units_by_province` with each group's most documented units (`top`), kept until the
    store is written."""

    def build() -> list[dict[str, Any]]:
        groups = view.units_by_province(tree)
        for group in groups:
            nodes = [node for level in group["levels"] for node in level["nodes"]]
            group["top"] = sorted(nodes, key=lambda n: (-n["documents"], n["name"]))[:UNITS_SHOWN_PER_PROVINCE]
        return groups

    return store.kept_until_written("web:province_groups", build)


@router.get("/units/{unit_id}", response_class=HTMLResponse)
def unit_page(
    request: Request, store: StoreDep, settings: SettingsDep, unit_id: str, measure: str | None = None
) -> HTMLResponse:
    _check_read(request, settings)
    number = _id(unit_id, "đơn vị")
    try:
        unit = store.unit(number)
    except NotFound:
        raise NotFound(f"không có đơn vị mang số {number}") from None
    names = _unit_names(store)
    ancestors: list[dict[str, Any]] = []
    parent = names.get(unit["id"], {}).get("parent")
    while parent is not None and parent in names and len(ancestors) < 20:
        ancestors.insert(0, names[parent])
        parent = names[parent]["parent"]
    shown = view.unit_charts(unit["targets"], unit["figures"], measure=_text(measure))
    return render(
        request, "unit.html", status=400 if shown.unknown else 200, title=f"{unit['name']} — Vanban", unit=unit,
        ancestors=ancestors, charts=shown.charts, measures=shown.measures, chosen=shown.chosen, unknown=shown.unknown,
    )


@router.get("/targets", response_class=HTMLResponse)
def targets_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    q: str | None = None,
    unit: str | None = None,
    kind: str | None = None,
    year: str | None = None,
    page: str | None = None,
    indicator: str | None = None,
    behind: str | None = None,
) -> HTMLResponse:
    _check_read(request, settings)
    params = {"q": _text(q), "unit": _text(unit), "kind": _text(kind), "year": _text(year),
              "indicator": _text(indicator), "behind": "1" if _text(behind) else None}
    number = _page_number(page)
    error = None
    rows: list[dict[str, Any]] = []
    total = 0
    api_params: dict[str, Any] = {}
    try:
        chosen_year = _year(params["year"])
        _unit(params["unit"])
        api_params = {"q": params["q"], "unit": params["unit"], "kind": params["kind"], "from": chosen_year, "to": chosen_year,
                      "indicator": params["indicator"], "behind": "true" if params["behind"] else None}
        filters = {"q": params["q"], "unit": params["unit"], "doc_kind": params["kind"], "date_from": chosen_year,
                   "date_to": chosen_year, "indicator": params["indicator"], "behind": bool(params["behind"])}
        total = store.count_rows("targets", **filters)  # type: ignore[arg-type]
        # Only the rows of this page are read (a page past the last shows the last).
        number = min(number, max(1, -(-total // TABLE_PER_PAGE)))
        rows = store.rows("targets", limit=TABLE_PER_PAGE, offset=(number - 1) * TABLE_PER_PAGE, **filters)  # type: ignore[arg-type]
    except BadQuery as bad:
        error = error_message(bad)
    years = store.years()
    return render(
        request, "targets.html", status=400 if error else 200, title="Chỉ tiêu — Vanban",
        params=params, rows=rows, total=total, error=error, years=years, indicators=store.indicators_in_use(),
        unit_names=_unit_lookup(store)[2],
        pages=_pages(number, total, TABLE_PER_PAGE),
        url=lambda **changes: url("/targets", params, **changes),
        export=lambda kind, fmt="csv": url(
            f"/api/{kind}",
            {**api_params, "format": fmt, "lang": "vi" if fmt == "csv" else None,
             "behind": api_params.get("behind") if kind == "targets" else None},
        ),
        needs_read_token=bool(settings.read_requires_token and settings.api_token),
    )


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


@router.get("/{path:path}", response_class=HTMLResponse)
def not_found(request: Request, path: str) -> Response:
    """Unknown pages: a Vietnamese 404 page for browsers; API clients keep the JSON error."""
    if path == "api" or path.startswith("api/") or not _wants_html(request):
        raise StarletteHTTPException(404)
    if path.endswith("/") and path.strip("/"):
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse("/" + path.strip("/") + query, status_code=308)
    return error_page(request, NotFound(f"không có trang /{path}"))
