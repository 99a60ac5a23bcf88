"""Staff manage what is stored, over a real uvicorn server and a real SQLite file: accounts and
roles (a reader's write is 403), corrections that survive `vanban reextract --all`, deletion
reported to the sync feed, and every write in the audit log. The stand-in extractor of
conftest keeps these tests independent of the extraction rules."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from click.testing import CliRunner

import extract
from api.cli import main
from api.settings import Settings
from corpus.files import FileStore
from tests.live_server import serve


def cli(db, *args, input=None):
    result = CliRunner().invoke(main, ["--db", str(db), *args], input=input, catch_exceptions=False)
    return result


def token_for(db, name: str, role: str) -> dict[str, str]:
    assert cli(db, "user", "add", name, "--role", role).exit_code == 0
    result = cli(db, "user", "token", name)
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("vb_")
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def staff(tmp_path, fake_extractor):
    db = tmp_path / "staff.db"
    headers = {role: token_for(db, f"{role}1", role) for role in ("reader", "editor", "admin")}
    # sandbox=False: the stand-in extractor is patched into this process, a child would not see it
    with serve(Settings(db=db, max_upload_bytes=20_000, sandbox=False)) as url, httpx.Client(base_url=url, timeout=20) as http:
        yield db, http, headers


def _upload(http, headers, name, content):
    return http.post("/api/documents", files=[("file", (name, content.encode()))], headers=headers)


def test_roles_tokens_and_403(staff, doc_a):
    db, http, h = staff
    assert http.get("/api/documents").status_code == 401  # accounts exist: reading needs a token
    assert http.get("/api/documents", headers={"Authorization": "Bearer vb_nope"}).status_code == 401
    assert http.get("/api/documents", headers=h["reader"]).status_code == 200
    refused = _upload(http, h["reader"], "a.txt", doc_a)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert http.get("/api/documents", headers=h["reader"]).json()["total"] == 0  # nothing stored by the refusal
    created = _upload(http, h["editor"], "a.txt", doc_a)
    assert created.status_code == 201
    document_id = created.json()["documents"][0]["id"]
    assert http.delete(f"/api/documents/{document_id}", headers=h["reader"]).status_code == 403
    assert http.post(f"/api/documents/{document_id}/reextract", headers=h["editor"]).status_code == 403
    assert http.get("/api/audit", headers=h["editor"]).status_code == 403
    assert http.get("/api/audit", headers=h["admin"]).status_code == 200
    # a disabled account's token stops working at once
    assert cli(db, "user", "disable", "editor1").exit_code == 0
    assert _upload(http, h["editor"], "b.txt", doc_a + "x").status_code == 401
    listing = cli(db, "user", "list").stdout
    assert re.search(r"editor1\teditor\tdisabled", listing) and "reader1\treader\tactive" in listing


def test_a_correction_survives_reextract_and_exports_say_who(staff, doc_a, monkeypatch, fake_extractor):
    db, http, h = staff
    document_id = _upload(http, h["editor"], "a.txt", doc_a).json()["documents"][0]["id"]
    (target,) = http.get(f"/api/documents/{document_id}", headers=h["reader"]).json()["targets"]
    assert target["value"] == 500 and target["reviewed"] is None
    bad = http.patch(f"/api/targets/{target['id']}", json={"action": "correct", "fields": {"value": "many"}},
                     headers=h["editor"])
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_query"
    unknown = http.patch(f"/api/targets/{target['id']}", json={"action": "correct", "fields": {"colour": 1}},
                         headers=h["editor"])
    assert unknown.status_code == 400
    assert http.patch(f"/api/targets/{target['id']}", json={"action": "confirm"}, headers=h["reader"]).status_code == 403
    corrected = http.patch(
        f"/api/targets/{target['id']}",
        json={"action": "correct", "fields": {"value": 600, "due": "2025", "measure": "kết nạp đảng viên mới"}},
        headers=h["editor"],
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["value"] == 600 and corrected.json()["reviewed"]["action"] == "corrected"
    assert corrected.json()["reviewed"]["by"] == "editor1"
    added = http.post(f"/api/documents/{document_id}/deadlines",
                      json={"task": "kết nạp đảng viên", "due": "2025-12", "start": 0, "end": 10}, headers=h["editor"])
    assert added.status_code == 201, added.text
    assert added.json()["reviewed"]["action"] == "added" and added.json()["evidence"] == doc_a[:10]
    outside = http.post(f"/api/documents/{document_id}/deadlines", json={"due": "2025", "start": 5, "end": 10**6},
                        headers=h["editor"])
    assert outside.status_code == 400

    # A better extractor: finds a second target. Corrections are laid over its record again.
    def better(document, *, locality_hint=None):
        record = fake_extractor(document, locality_hint=locality_hint)
        second = record.targets[0].model_copy(update={"value": 20.0, "unit_of_measure": "chi bộ", "start": 0, "end": 5})
        return record.model_copy(update={"targets": [*record.targets, second]})

    monkeypatch.setattr(extract, "extract_document", better)
    result = cli(db, "reextract", "--all")
    assert result.exit_code == 0, result.output
    assert f"[{document_id}] changed" in result.stdout and "targets 1→2 (+1 −0)" in result.stdout
    stored = http.get(f"/api/documents/{document_id}", headers=h["reader"]).json()
    values = sorted((t["value"], (t["reviewed"] or {}).get("action")) for t in stored["targets"])
    assert values == [(20, None), (600, "corrected")]
    assert [d["reviewed"]["action"] for d in stored["deadlines"]] == ["added"]
    rows = http.get("/api/targets", params={"format": "json"}, headers=h["reader"]).json()
    assert sorted((r["value"], r["reviewed_action"], r["reviewed_by"]) for r in rows) == [
        (20, None, None), (600, "corrected", "editor1")]
    csv_text = http.get("/api/targets", params={"format": "csv"}, headers=h["reader"]).content.decode("utf-8-sig")
    assert "reviewed_action" in csv_text.splitlines()[0] and ",corrected,editor1," in csv_text

    # rejected: gone from the record and the exports, and reported as deleted to the feed
    before = http.get("/api/targets", params={"format": "json"}, headers=h["reader"]).json()
    extra = next(r for r in before if r["value"] == 20)
    rejected = http.patch(f"/api/targets/{extra['id']}", json={"action": "reject"}, headers=h["editor"])
    assert rejected.json() == {"id": extra["id"], "rejected": True, "document_id": document_id}
    assert cli(db, "reextract", str(document_id)).exit_code == 0  # a rejection survives re-extraction too
    assert [t["value"] for t in http.get(f"/api/documents/{document_id}", headers=h["reader"]).json()["targets"]] == [600]


def test_a_deletion_reaches_the_feed_and_every_write_is_audited(staff, doc_a, doc_b, tmp_path):
    db, http, h = staff
    start = http.get("/healthz").headers.get("date")
    assert start
    first = _upload(http, h["editor"], "a.txt", doc_a).json()["documents"][0]
    other = _upload(http, h["editor"], "b.txt", doc_b).json()["documents"][0]
    (target,) = first["targets"]
    assert http.get(f"/api/documents/{first['id']}/file", headers=h["reader"]).content == doc_a.encode()
    confirm = http.patch(f"/api/targets/{target['id']}", json={"action": "confirm"}, headers=h["editor"])
    assert confirm.json()["reviewed"]["action"] == "confirmed"
    feed_from = http.get("/api/targets", params={"format": "json"}, headers=h["reader"]).json()[0]["created_at"]
    gone = http.delete(f"/api/documents/{first['id']}", headers=h["editor"])
    assert gone.status_code == 200 and gone.json()["deleted"] is True
    assert http.delete(f"/api/documents/{first['id']}", headers=h["editor"]).status_code == 404
    assert http.get(f"/api/documents/{first['id']}", headers=h["reader"]).status_code == 404
    assert http.get(f"/api/documents/{other['id']}", headers=h["reader"]).status_code == 200
    assert not FileStore(tmp_path / "files").has(first["source"]["sha256"])
    assert http.get("/api/documents", params={"q": "phat trien dang vien"}, headers=h["reader"]).json()["total"] == 0
    assert http.get("/api/targets", params={"format": "json"}, headers=h["reader"]).json() == []
    feed = http.get("/api/targets", params={"format": "json", "since": feed_from}, headers=h["reader"]).json()
    assert [(r["id"], r["deleted"]) for r in feed] == [(target["id"], True)] and feed[0]["deleted_at"] > feed_from
    ndjson = http.get("/api/targets", params={"format": "ndjson", "since": "2000-01-01"}, headers=h["reader"])
    assert json.loads(ndjson.text.splitlines()[-1])["deleted"] is True

    audit = http.get("/api/audit", headers=h["admin"]).json()
    seen = [(row["action"], row["actor"], row["target"]) for row in audit]
    assert ("upload", "editor1", f"document:{first['id']}") in seen
    assert ("upload", "editor1", f"document:{other['id']}") in seen
    assert ("confirm", "editor1", f"targets:{target['id']}") in seen
    assert ("delete", "editor1", f"document:{first['id']}") in seen
    assert all(row["remote"] == "127.0.0.1" for row in audit if row["actor"] == "editor1")
    logged = cli(db, "audit", "--json").stdout
    actions = {row["action"] for row in json.loads(logged)}
    assert {"account_add", "token_new", "upload", "confirm", "delete"} <= actions
    runs = http.get("/api/runs", headers=h["reader"]).json()
    assert [r["new"] for r in runs] == [1, 1] and all(r["source"] == "api" for r in runs)


def test_an_open_server_stays_open_until_an_account_exists(tmp_path, fake_extractor, doc_a):
    db = tmp_path / "open.db"
    # sandbox=False: the stand-in extractor is patched into this process, a child would not see it
    with serve(Settings(db=db, max_upload_bytes=20_000, sandbox=False)) as url, httpx.Client(base_url=url, timeout=20) as http:
        assert _upload(http, {}, "a.txt", doc_a).status_code == 201
        assert http.get("/api/documents").json()["total"] == 1
        assert http.get("/api/audit").status_code == 401  # the audit log needs an admin
        token_for(db, "admin1", "admin")
        assert http.get("/api/documents").status_code == 401
        assert _upload(http, {}, "b.txt", doc_a + "b").status_code == 401


def test_backup_while_the_server_runs(staff, doc_a, doc_b, tmp_path):
    db, http, h = staff
    ids = [_upload(http, h["editor"], name, text).json()["documents"][0]["id"] for name, text in
           (("a.txt", doc_a), ("b.txt", doc_b))]
    result = cli(db, "backup", str(tmp_path / "copy"))
    assert result.exit_code == 0, result.output
    assert "backed up 2 documents and 2 files" in result.stdout
    from corpus.store import Store

    with Store(tmp_path / "copy" / "vanban.db") as copy:
        assert copy.count() == 2 and copy.get(ids[0])["document"]["title"].startswith("Nghị quyết")
        sha = copy.get(ids[0])["source"]["sha256"]
    assert FileStore(tmp_path / "copy" / "files").get(sha) == doc_a.encode()
    assert _upload(http, h["editor"], "c.txt", doc_a + "\nthêm").status_code == 201  # the server goes on


def test_user_commands(tmp_path):
    from corpus import accounts
    from corpus.store import Store

    db = tmp_path / "users.db"
    assert cli(db, "user", "add", "chi", "--role", "editor", "--password-stdin", input="mật-khẩu-dài\n").exit_code == 0
    assert cli(db, "user", "add", "chi", "--role", "reader").exit_code == 1  # the name is taken
    assert cli(db, "user", "add", "ngan", "--role", "reader", "--password-stdin", input="ngắn\n").exit_code == 1
    first = cli(db, "user", "token", "chi").stdout.strip()
    assert cli(db, "user", "role", "chi", "admin").exit_code == 0
    with Store(db) as store:
        assert accounts.verify_password(store.db, "chi", "mật-khẩu-dài").role == "admin"
        assert accounts.verify_password(store.db, "chi", "sai") is None
        assert accounts.account_for_token(store.db, first).name == "chi"
        (token,) = accounts.tokens(store.db, "chi")
    assert cli(db, "user", "revoke", str(token["id"])).exit_code == 0
    with Store(db) as store:
        assert accounts.account_for_token(store.db, first) is None
        hashes = [row[0] for row in store.db.execute("SELECT token_hash FROM api_tokens")]
        passwords = [row[0] for row in store.db.execute("SELECT password_hash FROM accounts")]
    assert first not in hashes and passwords[0].startswith("$argon2")
    log = json.loads(cli(db, "audit", "--json").stdout)
    assert [row["action"] for row in log] == ["token_revoke", "account_role", "token_new", "account_add"]


def test_on_postgresql_the_staff_routes_say_they_are_not_there_yet(empty_postgres, tmp_path, fake_extractor, doc_a):
    """The staff tables are SQLite-only for now: on PostgreSQL the server works as before (open,
    or the server token) and the staff routes answer 501 with an error body, never a 500."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(Settings(db=empty_postgres, files=tmp_path / "files"))) as client:
        created = client.post("/api/documents", files=[("file", ("a.txt", doc_a.encode()))])
        assert created.status_code == 201 and created.json()["documents"][0]["same_document"] is False
        document_id = created.json()["documents"][0]["id"]
        assert client.get(f"/api/documents/{document_id}").status_code == 200
        assert client.get("/api/targets", params={"since": "2000-01-01"}).status_code == 200
        gone = client.delete(f"/api/documents/{document_id}")
        assert gone.status_code == 501 and gone.json()["error"]["code"] == "not_available"
        assert client.get("/login").status_code == 400
