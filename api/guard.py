"""One ASGI middleware in front of every route: what is checked before a request body is read,
while it streams in, and the security headers every answer carries.

- Unsafe methods (POST, PUT, PATCH, DELETE) from a browser must come from the server's own pages:
  a `Sec-Fetch-Site` other than same-origin/none, or an `Origin` whose host is not the request's
  host, is refused (403) — without a token set, another site could otherwise make a staff
  member's browser post an upload.
- Write routes under /api/ check the token (when the server has one) from the headers alone,
  before a byte of the body is read (401).
- The body is counted as it streams, chunked or not: past the limit the request is answered
  413 at once; a body that stops arriving for `body_timeout_s` seconds, or is not complete after
  `body_deadline_s`, is answered 408.
- Every answer gets Content-Security-Policy, X-Frame-Options, X-Content-Type-Options and
  Referrer-Policy (the interactive API docs load their own scripts and styles, so they get a
  looser policy).
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import Unauthorized, error_body

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
            "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs", "/redoc")
_HEADERS = ((b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"))


class _BodyTooLarge(Exception):
    pass


class _BodyTimeout(Exception):
    pass


class RequestGuard:
    def __init__(self, app: ASGIApp, *, settings, max_body: int, check_token) -> None:
        self.app = app
        self.settings = settings
        self.max_body = max_body
        self.check_token = check_token  # (settings, authorization header or None) -> raises Unauthorized

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        send = _with_security_headers(send, scope["path"].startswith(DOCS_PATHS))
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self._guarded(scope, receive, send)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> JSONResponse | None:
        method = scope["method"]
        if method not in SAFE_METHODS:
            if not _same_origin(headers):
                return JSONResponse(error_body("forbidden", "a request from another site is refused; use the "
                                               "server's own pages or a client that sends no Origin"), 403)
            if scope["path"].startswith("/api/"):
                try:
                    self.check_token(self.settings, headers.get("authorization"))
                except Unauthorized as error:
                    return JSONResponse(error_body(error.code, error.message), 401,
                                        headers={"WWW-Authenticate": "Bearer"})
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            return _too_large(int(length), self.max_body)
        return None

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        idle = float(self.settings.body_timeout_s)
        deadline = time.monotonic() + float(self.settings.body_deadline_s)
        state = {"received": 0, "more": True, "error": None, "started": False, "replaced": False}

        async def guarded_receive() -> Message:
            if not state["more"]:  # the body is complete: later reads wait for a disconnect, unlimited
                return await receive()
            wait = min(idle, deadline - time.monotonic())
            try:
                message = await asyncio.wait_for(receive(), timeout=max(wait, 0.001))
            except TimeoutError:
                state["error"] = JSONResponse(error_body(
                    "request_timeout", f"the request body did not arrive in time (no data for {idle:g} s, or "
                    f"not complete after {self.settings.body_deadline_s:g} s)"), 408)
                raise _BodyTimeout from None
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                state["more"] = message.get("more_body", False)
                if state["received"] > self.max_body:
                    state["error"] = _too_large(None, self.max_body)
                    raise _BodyTooLarge
            else:
                state["more"] = False
            return message

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                if state["error"] is not None:  # the app answered the broken body its own way: ours wins
                    state["replaced"] = True
                    await state["error"](scope, receive, send)
                    return
                state["started"] = True
            elif state["replaced"]:
                return
            await send(message)

        try:
            await self.app(scope, guarded_receive, guarded_send)
        except (_BodyTooLarge, _BodyTimeout):
            if not state["started"] and not state["replaced"]:
                await state["error"](scope, receive, send)


def _too_large(length: int | None, limit: int) -> JSONResponse:
    size = f"of {length:,} bytes " if length is not None else ""
    return JSONResponse(error_body("too_large", f"request body {size}is over the limit of {limit:,} bytes"), 413)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}


def _same_origin(headers: dict[str, str]) -> bool:
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if origin is None:
        return True  # not sent by a browser's cross-site form or script (those always send it on POST)
    if origin == "null":
        return False
    return urlsplit(origin).netloc.lower() == headers.get("host", "").lower()


def _with_security_headers(send: Send, docs: bool) -> Send:
    csp = (DOCS_CSP if docs else CSP).encode()

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k, v) for k, v in ((b"content-security-policy", csp), *_HEADERS) if k not in present]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return wrapped
