"""Staff pages: signing in, CSRF on every form, corrections on the document page by role, the
audit log page and the runs page (sample documents through the real extractor)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from corpus import accounts
from corpus.store import Store

PASSWORD = "mật-khẩu-dài"


@pytest.fixture(scope="module")
def staff_app(sample_db):
    db, ids = sample_db
    with Store(db) as store:
        for name, role in (("bien_tap", "editor"), ("doc_gia", "reader"), ("quan_tri", "admin")):
            accounts.add(store.db, name, role, PASSWORD)
    return create_app(Settings(db=db))


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html) or re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def signed_in(app, name: str) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    form = client.get("/login?next=/search")
    assert form.status_code == 200
    done = client.post("/login", data={"name": name, "password": PASSWORD, "csrf": _csrf(form.text), "next": "/search"})
    assert done.status_code == 303 and done.headers["location"] == "/search", done.text
    return client


def test_pages_need_signing_in_once_accounts_exist(staff_app, doc_ids):
    anonymous = TestClient(staff_app, follow_redirects=False)
    page = anonymous.get(f"/documents/{doc_ids['001_kh_nghean_2024.txt']}", headers={"Accept": "text/html"})
    assert page.status_code == 401 and "Đăng nhập" in page.text
    form = anonymous.get("/login")
    wrong = anonymous.post("/login", data={"name": "bien_tap", "password": "sai", "csrf": _csrf(form.text)})
    assert wrong.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.text
    forged = TestClient(staff_app, follow_redirects=False).post(
        "/login", data={"name": "bien_tap", "password": PASSWORD, "csrf": "x" * 32}
    )
    assert forged.status_code == 403  # the sign-in form too needs the token of its own cookie
    assert signed_in(staff_app, "doc_gia").get(f"/documents/{doc_ids['001_kh_nghean_2024.txt']}").status_code == 200
    assert anonymous.post("/login", data={"name": "https://evil", "password": "x", "csrf": _csrf(form.text),
                                          "next": "//evil.example"}).status_code == 401


def test_an_editor_corrects_confirms_and_adds_on_the_document_page(staff_app, doc_ids):
    document_id = doc_ids["001_kh_nghean_2024.txt"]
    editor = signed_in(staff_app, "bien_tap")
    page = editor.get(f"/documents/{document_id}")
    assert page.status_code == 200 and 'data-action="confirm"' in page.text and "bien_tap" in page.text
    token = _csrf(page.text)
    record = editor.get(f"/api/documents/{document_id}").json()
    first, second = record["targets"][0], record["targets"][1]
    # without the form's token nothing changes
    refused = editor.post(f"/documents/{document_id}/items",
                          data={"kind": "targets", "item_id": first["id"], "action": "confirm"})
    assert refused.status_code == 403 and "biểu mẫu đã cũ" in refused.text
    assert editor.get(f"/api/documents/{document_id}").json()["targets"][0]["reviewed"] is None
    # a session's API write needs the token too (header)
    assert editor.patch(f"/api/targets/{first['id']}", json={"action": "confirm"}).status_code == 403
    with_header = editor.patch(f"/api/figures/{record['figures'][0]['id']}", json={"action": "confirm"},
                               headers={"X-CSRF-Token": token}) if record["figures"] else None
    assert with_header is None or with_header.status_code == 200
    done = editor.post(f"/documents/{document_id}/items",
                       data={"csrf": token, "kind": "targets", "item_id": first["id"], "action": "confirm"})
    assert done.status_code == 303 and done.headers["location"].startswith(f"/documents/{document_id}?saved=confirm")
    shown = editor.get(done.headers["location"])
    assert "Đã xác nhận mục." in shown.text and "Đã xác nhận</span>" in shown.text
    corrected = editor.post(
        f"/documents/{document_id}/items",
        data={"csrf": token, "kind": "targets", "item_id": second["id"], "action": "correct", "value": "1.200",
              "due": "2025"},
    )
    assert corrected.status_code == 303
    targets = editor.get(f"/api/documents/{document_id}").json()["targets"]
    assert targets[0]["reviewed"]["action"] == "confirmed" and targets[0]["reviewed"]["by"] == "bien_tap"
    assert targets[1]["value"] == 1200 and targets[1]["due"] == "2025" and targets[1]["reviewed"]["action"] == "corrected"
    bad = editor.post(f"/documents/{document_id}/items",
                      data={"csrf": token, "kind": "targets", "item_id": second["id"], "action": "correct", "value": "nhiều"})
    assert bad.status_code == 400 and "không phải là số" in bad.text
    words = record["text"][record["targets"][0]["start"]:record["targets"][0]["end"]]
    added = editor.post(f"/documents/{document_id}/add",
                        data={"csrf": token, "kind": "deadlines", "words": words, "due": "2024-12-31",
                              "measure": "hoàn thành chỉ tiêu"})
    assert added.status_code == 303
    deadlines = editor.get(f"/api/documents/{document_id}").json()["deadlines"]
    assert any(d["reviewed"] and d["reviewed"]["action"] == "added" and d["due"] == "2024-12-31" for d in deadlines)
    missing = editor.post(f"/documents/{document_id}/add", data={"csrf": token, "kind": "targets", "words": "không có"})
    assert missing.status_code == 400


def test_a_reader_sees_no_forms_and_cannot_post_them(staff_app, doc_ids):
    document_id = doc_ids["008_tin_haiphong_2022.txt"]
    reader = signed_in(staff_app, "doc_gia")
    page = reader.get(f"/documents/{document_id}")
    assert page.status_code == 200 and 'data-action="confirm"' not in page.text
    item = reader.get(f"/api/documents/{document_id}").json()["figures"][0]
    refused = reader.post(f"/documents/{document_id}/items",
                          data={"csrf": _csrf(page.text), "kind": "figures", "item_id": item["id"], "action": "reject"})
    assert refused.status_code == 403 and "Không có quyền" in refused.text
    deleted = reader.post(f"/documents/{document_id}/delete", data={"csrf": _csrf(page.text)})
    assert deleted.status_code == 403
    assert reader.get("/admin/audit").status_code == 403


def test_the_audit_page_shows_who_did_what_and_sign_out_ends_the_session(staff_app, doc_ids):
    editor = signed_in(staff_app, "bien_tap")
    document_id = doc_ids["016_tb_thainguyen_2022.txt"]
    page = editor.get(f"/documents/{document_id}")
    deleted = editor.post(f"/documents/{document_id}/delete", data={"csrf": _csrf(page.text)})
    assert deleted.status_code == 303 and deleted.headers["location"] == f"/?deleted={document_id}"
    assert f"Đã xóa văn bản số {document_id}" in editor.get(deleted.headers["location"]).text
    assert editor.get(f"/documents/{document_id}").status_code == 404
    admin = signed_in(staff_app, "quan_tri")
    log = admin.get("/admin/audit")
    assert log.status_code == 200
    assert re.search(rf"bien_tap.*?</td>\s*<td>delete</td>\s*<td><a href=\"/documents/{document_id}\"", log.text, re.S)
    assert "sign_in" in log.text and "testclient" in log.text
    runs = admin.get("/runs")
    assert runs.status_code == 200 and "Các lượt nhập" in runs.text
    out = editor.post("/logout", data={"csrf": _csrf(editor.get("/search").text)})
    assert out.status_code == 303
    assert editor.get("/search", headers={"Accept": "text/html"}).status_code == 401
