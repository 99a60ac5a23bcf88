"""CSRF tokens for the forms of the web pages.

A signed-in session has its own token (kept with the session). Before signing in (the sign-in
form itself, or a server with no accounts) the token is a random value in a cookie that the
form repeats (double submit): another site can make the browser send the cookie but cannot
read it to put it in the form.
"""

from __future__ import annotations

import secrets

from fastapi import Request
from fastapi.responses import Response

from api.auth import CsrfFailed, Principal

COOKIE = "vanban_csrf"


def form_token(request: Request, principal: Principal | None) -> tuple[str, bool]:
    """(the token to put in forms, whether it is new and must be set as a cookie)."""
    if principal is not None and principal.via == "session" and principal.csrf:
        return principal.csrf, False
    existing = request.cookies.get(COOKIE)
    if existing and 20 <= len(existing) <= 100:
        return existing, False
    return secrets.token_urlsafe(24), True


def set_cookie(response: Response, token: str, settings) -> None:
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=settings.secure_cookies, path="/")


def check_form(request: Request, principal: Principal | None, given: str | None) -> None:
    """The form's token must be the session's, or (without a session) the cookie's."""
    expected = principal.csrf if principal is not None and principal.via == "session" else request.cookies.get(COOKIE)
    if not (expected and given and secrets.compare_digest(given.encode(), expected.encode())):
        raise CsrfFailed("biểu mẫu đã cũ hoặc không gửi từ trang này; hãy tải lại trang rồi thử lại")
