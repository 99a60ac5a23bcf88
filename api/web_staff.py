"""Web pages and forms for staff: signing in and out, corrections on the document page,
deleting and re-extracting a document, the audit log (admins) and the ingest runs.

Every form carries a CSRF token (api.staff_csrf) and answers with a redirect (303) back to the
page, or with an error page in Vietnamese; every write is recorded in the audit log.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api import auth, staff_csrf
from api.deps import SettingsDep, StoreDep
from api.errors import needs_staff
from api.web import PageRoute, _check_read, _id, render
from corpus import accounts, audit, corrections, lifecycle, runs
from ingest.errors import BadQuery, NotFound


def _staff_store(request: Request) -> None:
    needs_staff(request.app.state.store)


router = APIRouter(route_class=PageRoute, include_in_schema=False, dependencies=[Depends(_staff_store)])
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")


def _number(value: str, label: str) -> float:
    """'1.000' → 1000, '62,8' → 62.8, '62.8' → 62.8."""
    text = value.strip().replace(" ", "").replace("\u00a0", "")
    if _THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise BadQuery(f"{label} {value!r} không phải là số") from None


def _local(target: str | None) -> str:
    """Only a path of this site (no scheme, no host, no '//')."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _form_principal(request: Request, form: dict[str, str], role: str) -> auth.Principal:
    principal = auth.allowed(request, role)
    staff_csrf.check_form(request, auth.identify(request), form.get("csrf"))
    return principal


# ---- signing in and out -----------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", title="Đăng nhập — Vanban", next=_local(next), error=None, name="")


@router.post("/login")
async def login(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    form = await _form(request)
    staff_csrf.check_form(request, None, form.get("csrf"))
    name, password = form.get("name", "").strip(), form.get("password", "")
    with store._lock:
        account = accounts.verify_password(store.db, name, password) if name and password else None
    if account is None:
        with store.transaction():
            audit.record(store.db, "sign_in_failed", actor=name or None, target=f"account:{name}",
                         remote=auth.remote(request))
        return render(request, "login.html", status=401, title="Đăng nhập — Vanban", next=_local(form.get("next")),
                      error="Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa.", name=name)
    with store.transaction():
        session, _ = accounts.new_session(store.db, account)
        audit.record(store.db, "sign_in", actor=account.name, role=account.role, target=f"account:{account.name}",
                     remote=auth.remote(request))
    response = RedirectResponse(_local(form.get("next")), status_code=303)
    response.set_cookie(
        auth.SESSION_COOKIE, session, httponly=True, samesite="lax", secure=settings.secure_cookies, path="/",
        max_age=accounts.SESSION_DAYS * 86400,
    )
    return response


@router.post("/logout")
async def logout(request: Request, store: StoreDep) -> Response:
    form = await _form(request)
    principal = auth.identify(request)
    staff_csrf.check_form(request, principal, form.get("csrf"))
    session = request.cookies.get(auth.SESSION_COOKIE)
    if session:
        with store.transaction():
            accounts.end_session(store.db, session)
            if principal is not None:
                audit.record(store.db, "sign_out", actor=principal.name, role=principal.role,
                             target=f"account:{principal.name}", remote=auth.remote(request))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


# ---- corrections, deletion, re-extraction -----------------------------------------------------------


def _fields(kind: str, form: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    names = ("task", "due") if kind == "deadlines" else (
        "measure", "unit_of_measure", "as_of" if kind == "figures" else "due"
    )
    for name in names:
        if form.get(name, "").strip():
            fields[name] = form[name].strip()
    if kind != "deadlines" and form.get("value", "").strip():
        fields["value"] = _number(form["value"], "giá trị")
    return fields


@router.post("/documents/{document_id}/items")
async def change_item(request: Request, store: StoreDep, document_id: str) -> Response:
    number = _id(document_id, "văn bản")
    form = await _form(request)
    principal = _form_principal(request, form, "editor")
    kind, item_id, action = form.get("kind", ""), form.get("item_id", ""), form.get("action", "")
    fields = _fields(kind, form) if action == "correct" and kind in corrections.FIELDS else None
    with store.transaction():
        found, _ = corrections.correct(store.db, kind, item_id, action, fields, by=principal.name)
        if found != number:
            raise NotFound(f"mục {item_id} không thuộc văn bản {number}")
        audit.record(store.db, action, actor=principal.name, role=principal.role, target=f"{kind}:{item_id}",
                     detail={"document_id": number, "fields": fields or {}}, remote=auth.remote(request))
    anchor = f"#{kind[:-1]}-{item_id}" if action != "reject" else ""
    return RedirectResponse(f"/documents/{number}?saved={action}{anchor}", status_code=303)


@router.post("/documents/{document_id}/add")
async def add_item(request: Request, store: StoreDep, document_id: str) -> Response:
    number = _id(document_id, "văn bản")
    form = await _form(request)
    principal = _form_principal(request, form, "editor")
    kind = form.get("kind", "")
    if kind not in corrections.FIELDS:
        raise BadQuery("loại mục phải là chỉ tiêu, số liệu hoặc thời hạn")
    words = form.get("words", "").strip()
    with store._lock:
        row = store.db.execute("SELECT text FROM documents WHERE id = ?", [number]).fetchone()
    if row is None:
        raise NotFound(f"không có văn bản mang số {number}")
    start = (row[0] or "").find(words) if words else -1
    if start < 0:
        raise BadQuery("không tìm thấy đoạn chữ này trong văn bản; hãy chép đúng đoạn chữ của văn bản")
    fields: dict[str, Any] = {"start": start, "end": start + len(words)}
    if form.get("due", "").strip():
        fields["as_of" if kind == "figures" else "due"] = form["due"].strip()
    if kind == "deadlines":
        if form.get("measure", "").strip():
            fields["task"] = form["measure"].strip()
    else:
        for name in ("measure", "unit_of_measure"):
            if form.get(name, "").strip():
                fields[name] = form[name].strip()
        if form.get("value", "").strip():
            fields["value"] = _number(form["value"], "giá trị")
    with store.transaction():
        item = corrections.add(store.db, number, kind, fields, by=principal.name)
        audit.record(store.db, "add_item", actor=principal.name, role=principal.role, target=f"{kind}:{item['id']}",
                     detail={"document_id": number, "fields": fields}, remote=auth.remote(request))
    return RedirectResponse(f"/documents/{number}?saved=add#{kind[:-1]}-{item['id']}", status_code=303)


@router.post("/documents/{document_id}/delete")
async def delete_document(request: Request, store: StoreDep, settings: SettingsDep, document_id: str) -> Response:
    number = _id(document_id, "văn bản")
    form = await _form(request)
    principal = _form_principal(request, form, "editor")
    result = lifecycle.delete_document(store, number, settings.files_dir())
    auth.record(request, principal, "delete", f"document:{number}", result)
    return RedirectResponse(f"/?deleted={number}", status_code=303)


@router.post("/documents/{document_id}/reextract")
async def reextract(request: Request, store: StoreDep, settings: SettingsDep, document_id: str) -> Response:
    from api.routes.manage import reextract_one

    number = _id(document_id, "văn bản")
    form = await _form(request)
    principal = _form_principal(request, form, "admin")
    report = await run_in_threadpool(reextract_one, store, settings, number)
    auth.record(request, principal, "reextract", f"document:{number}", report)
    return RedirectResponse(f"/documents/{number}?saved=reextract", status_code=303)


# ---- the audit log and the ingest runs -----------------------------------------------------------


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request, store: StoreDep, actor: str | None = None, action: str | None = None) -> HTMLResponse:
    if auth.identify(request) is None and auth.protected(request):
        return RedirectResponse(f"/login?next={quote('/admin/audit')}", status_code=303)
    auth.allowed(request, "admin")
    with store._lock:
        rows = audit.entries(store.db, limit=500, actor=actor or None, action=action or None)
    return render(request, "audit.html", title="Nhật ký thao tác — Vanban", rows=rows, actor=actor or "",
                  action=action or "")


@router.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request, store: StoreDep, settings: SettingsDep) -> HTMLResponse:
    _check_read(request, settings)
    with store._lock:
        listing = runs.listing(store.db, 100)
    return render(request, "runs.html", title="Các lượt nhập — Vanban", runs=listing)
