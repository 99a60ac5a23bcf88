"""The FastAPI application: `create_app(settings)`.

Routes live one router per resource in `api/routes/`; web pages, when `api/web.py` exists,
come from its `router`. Every error answers `{"error": {"code", "message"}}`.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth import early_check
from api.deps import refuse_unknown_query
from api.errors import error_body, http_status
from api.guard import RequestGuard
from api.routes import documents, health, items, jobs, manage, tracking, units
from api.settings import Settings
from corpus.files import FileStore
from corpus.store import Store
from ingest.errors import VanbanError

log = logging.getLogger(__name__)
# Multipart overhead allowed on top of the files themselves.
_FORM_OVERHEAD = 1024 * 1024
_HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    406: "not_acceptable", 409: "conflict", 413: "too_large", 415: "unsupported_media_type", 429: "too_many_requests",
}


def _web_router():
    """`api.web.router` if a colleague's web pages are installed, else None."""
    try:
        module = importlib.import_module("api.web")
    except ModuleNotFoundError as error:
        if error.name == "api.web":
            return None
        raise
    return getattr(module, "router", None)


class SettleCaches:
    """After a request whose answer has been sent: if it rebuilt the store's caches, let the
    garbage collector settle them (corpus.docindex.settle), so that later requests do not pay
    for walking them."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)
        if scope["type"] == "http":
            from corpus.docindex import settle

            settle()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    store = Store(settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="Vanban",
        version="1",
        summary="Read Vietnamese official documents: upload, search, export targets, figures and deadlines.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    _add_docs(app)
    app.state.settings = settings
    app.state.store = store
    app.state.files = FileStore(settings.files_dir())
    app.state.queue = None
    if settings.broker:
        from service.queue import celery_app

        app.state.queue = celery_app(settings.broker, visibility_timeout=settings.broker_visibility_timeout)
    app.add_middleware(
        RequestGuard, settings=settings, check_token=early_check(store),
        max_body=settings.max_upload_bytes * settings.max_files_per_upload + _FORM_OVERHEAD,
    )
    app.add_middleware(SettleCaches)
    _add_error_handlers(app)
    for module in (health, manage, documents, items, tracking, units, jobs):
        app.include_router(module.router, dependencies=[Depends(refuse_unknown_query)])
    web = _web_router()
    if web is not None:
        from api import web_staff, web_tracking  # their pages come before the web router's catch-all 404 page

        app.include_router(web_staff.router)
        app.include_router(web_tracking.router)
        app.include_router(web)
    return app


DOCS_STATIC = "/docs-static"


def _add_docs(app: FastAPI) -> None:
    """Swagger UI at /docs and ReDoc at /redoc from files shipped by fastapi-offline, not a CDN:
    an office without internet still reads the API's documentation."""
    from pathlib import Path

    import fastapi_offline
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    static = Path(fastapi_offline.__file__).parent / "static"
    app.mount(DOCS_STATIC, StaticFiles(directory=static), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title="Vanban — API",
            swagger_js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js", swagger_css_url=f"{DOCS_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_STATIC}/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json", title="Vanban — API",
            redoc_js_url=f"{DOCS_STATIC}/redoc.standalone.js", redoc_favicon_url=f"{DOCS_STATIC}/favicon.png",
            with_google_fonts=False,
        )


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(VanbanError)
    async def vanban_error(request: Request, error: VanbanError) -> JSONResponse:
        status = http_status(error)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(error_body(error.code, error.message), status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        message = "; ".join(_describe(problem) for problem in problems[:5]) or "invalid request"
        where = {str(problem.get("loc", ("",))[0]) for problem in problems}
        if where == {"path"}:
            return JSONResponse(error_body("not_found", message), status_code=404)
        if where <= {"query", "path", "header"}:
            return JSONResponse(error_body("bad_query", message), status_code=400)
        return JSONResponse(error_body("invalid_request", message), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(error.status_code, "http_error")
        message = error.detail if isinstance(error.detail, str) else code.replace("_", " ")
        if error.status_code == 404 and message == "Not Found":
            message = f"no route {request.method} {request.url.path}"
        return JSONResponse(error_body(code, message), status_code=error.status_code, headers=error.headers)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(error_body("internal", "internal error; the server log has the details"), status_code=500)


def _describe(problem: dict) -> str:
    loc = ".".join(str(part) for part in problem.get("loc", ()) if part not in ("body", "query", "path"))
    return f"{loc}: {problem.get('msg', 'invalid')}" if loc else str(problem.get("msg", "invalid"))
