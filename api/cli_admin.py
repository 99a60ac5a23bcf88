"""The `vanban` commands that manage the store and its people:

    vanban user add NAME --role ROLE     an account (password asked on a terminal, or --password-stdin)
    vanban user token NAME               a new personal API token, printed once, alone on the last line
    vanban user list | disable NAME | revoke TOKEN_ID | role NAME ROLE | password NAME
    vanban audit                         the audit log, newest first
    vanban reextract --all | ID...       the current extractor on the stored originals, keeping corrections
    vanban delete ID...                  documents with their items and links
    vanban runs                          ingest runs with the files that failed
    vanban watch DIR                     ingest the files dropped into a folder
    vanban backup PATH                   a consistent copy of the store and the original files

Actions from the command line are recorded in the audit log as `cli:<system user>`.
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import Any

import click


def where() -> str:
    """'from where' of a command-line action: the machine it ran on."""
    import socket

    return f"cli@{socket.gethostname()}"


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in this environment
        return "cli"


def keep_file(settings: Any, data: bytes, sha256: str) -> None:
    from corpus import files

    files.FileStore(settings.files_dir()).put(data)


def audit_stored(store: Any, who: str, extractions: list, results: list[tuple[int, str]]) -> None:
    from corpus import audit

    with store.transaction():
        for extraction, (document_id, status) in zip(extractions, results, strict=True):
            if status != "known":
                audit.record(
                    store.db, "upload" if status == "new" else "attach", actor=who, role="admin",
                    target=f"document:{document_id}",
                    detail={"filename": extraction.source.filename, "sha256": extraction.source.sha256, "via": "cli"},
                    remote=where(),
                )


def keep_run(store: Any, source: str, who: str, total: int, new: int, known: int, attached: int,
             failures: list[tuple[str, str, str]]) -> None:
    from corpus import runs

    with store.transaction():
        run_id = runs.start(store.db, source, who, total)
        runs.finish(store.db, run_id, new=new, known=known, attached=attached, failures=failures)


def _store(ctx: click.Context):
    from corpus.store import Store

    store = Store(ctx.obj["settings"].db)
    if not store.staff:
        store.close()
        raise click.ClickException("accounts, the audit log, corrections and runs need the SQLite store for now")
    return store


def _call(function, *args, **kwargs):
    from ingest.errors import VanbanError

    try:
        return function(*args, **kwargs)
    except VanbanError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None


def _audit(store: Any, action: str, target: str, detail: dict | None = None) -> None:
    from corpus import audit

    audit.record(store.db, action, actor=actor(), role="admin", target=target, detail=detail, remote=where())


def register(main: click.Group) -> None:
    from corpus.accounts import ROLES

    @main.group()
    def user() -> None:
        """Accounts, their roles and their personal API tokens."""

    @user.command("add")
    @click.argument("name")
    @click.option("--role", type=click.Choice(ROLES), required=True)
    @click.option("--password-stdin", is_flag=True, help="read the password from the first line of stdin")
    @click.pass_context
    def user_add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
        """Add an account. Without a password it can use tokens only."""
        from corpus import accounts

        password = None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        elif sys.stdin.isatty():
            password = click.prompt("password (empty: tokens only)", hide_input=True, confirmation_prompt=True,
                                    default="", show_default=False) or None
        if password is not None and len(password) < 8:
            raise click.ClickException("a password needs at least 8 characters")
        with _store(ctx) as store, store.transaction():
            account = _call(accounts.add, store.db, name, role, password)
            _audit(store, "account_add", f"account:{name}", {"role": role, "password": password is not None})
        click.echo(f"added {account.name} ({account.role})")

    @user.command("list")
    @click.option("--json", "as_json", is_flag=True)
    @click.pass_context
    def user_list(ctx: click.Context, as_json: bool) -> None:
        """Accounts with their roles and active tokens."""
        from corpus import accounts

        with _store(ctx) as store:
            rows = accounts.listing(store.db)
        if as_json:
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            state = "disabled" if row["disabled"] else "active"
            click.echo(f"{row['name']}\t{row['role']}\t{state}\t{row['tokens']} token(s)\tsince {row['created_at'][:10]}")

    @user.command("disable")
    @click.argument("name")
    @click.pass_context
    def user_disable(ctx: click.Context, name: str) -> None:
        """Disable an account: its tokens and sessions stop working, its history stays."""
        from corpus import accounts

        with _store(ctx) as store, store.transaction():
            _call(accounts.disable, store.db, name)
            _audit(store, "account_disable", f"account:{name}")
        click.echo(f"disabled {name}")

    @user.command("role")
    @click.argument("name")
    @click.argument("role", type=click.Choice(ROLES))
    @click.pass_context
    def user_role(ctx: click.Context, name: str, role: str) -> None:
        """Give an account another role."""
        from corpus import accounts

        with _store(ctx) as store, store.transaction():
            _call(accounts.set_role, store.db, name, role)
            _audit(store, "account_role", f"account:{name}", {"role": role})
        click.echo(f"{name} is now {role}")

    @user.command("password")
    @click.argument("name")
    @click.option("--password-stdin", is_flag=True, help="read the password from the first line of stdin")
    @click.pass_context
    def user_password(ctx: click.Context, name: str, password_stdin: bool) -> None:
        """Set an account's password."""
        from corpus import accounts

        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt("new password", hide_input=True, confirmation_prompt=True)
        with _store(ctx) as store, store.transaction():
            _call(accounts.set_password, store.db, name, password)
            _audit(store, "account_password", f"account:{name}")
        click.echo(f"password of {name} set")

    @user.command("token")
    @click.argument("name")
    @click.option("--label", default=None, help="what the token is for")
    @click.pass_context
    def user_token(ctx: click.Context, name: str, label: str | None) -> None:
        """A new personal API token, shown once (only its hash is kept), alone on the last line."""
        from corpus import accounts

        with _store(ctx) as store, store.transaction():
            token_id, token = _call(accounts.new_token, store.db, name, label)
            _audit(store, "token_new", f"account:{name}", {"token_id": token_id, "label": label})
        click.echo(f"token {token_id} for {name} (shown once; 'vanban user revoke {token_id}' revokes it):", err=True)
        click.echo(token)

    @user.command("revoke")
    @click.argument("token_id", type=int)
    @click.pass_context
    def user_revoke(ctx: click.Context, token_id: int) -> None:
        """Revoke a personal token by its id."""
        from corpus import accounts

        with _store(ctx) as store, store.transaction():
            _call(accounts.revoke_token, store.db, token_id)
            _audit(store, "token_revoke", f"token:{token_id}")
        click.echo(f"revoked token {token_id}")

    @main.command("audit")
    @click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
    @click.option("--actor", default=None)
    @click.option("--action", default=None)
    @click.option("--json", "as_json", is_flag=True)
    @click.pass_context
    def audit_command(ctx: click.Context, limit: int, actor: str | None, action: str | None, as_json: bool) -> None:
        """The audit log, newest first: when, who, what, to what, from where."""
        from corpus import audit

        with _store(ctx) as store:
            rows = audit.entries(store.db, limit=limit, actor=actor, action=action)
        if as_json:
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            detail = json.dumps(row["detail"], ensure_ascii=False) if row["detail"] else ""
            click.echo(f"{row['at']}\t{row['actor']}\t{row['action']}\t{row['target'] or ''}\t{row['remote'] or ''}\t{detail}")

    @main.command()
    @click.argument("ids", nargs=-1, type=int)
    @click.option("--all", "everything", is_flag=True, help="every stored document")
    @click.option("--json", "as_json", is_flag=True, help="one JSON report per document")
    @click.pass_context
    def reextract(ctx: click.Context, ids: tuple[int, ...], everything: bool, as_json: bool) -> None:
        """Run the current extractor again on stored documents, from their original files,
        keeping the corrections people made; report what changed."""
        from api.routes.manage import reextract_one
        from corpus import audit

        if bool(ids) == everything:
            raise click.UsageError("give document ids or --all (not both)")
        settings = ctx.obj["settings"]
        totals = {"changed": 0, "unchanged": 0, "no_file": 0, "failed": 0}
        with _store(ctx) as store:
            if everything:
                ids = tuple(r[0] for r in store.db.execute("SELECT id FROM documents ORDER BY id"))
            for document_id in ids:
                try:
                    report = _call(reextract_one, store, settings, document_id)
                except click.ClickException as error:
                    totals["failed"] += 1
                    click.echo(f"[{document_id}] failed: {error.message}", err=True)
                    continue
                totals[report["status"]] += 1
                with store.transaction():
                    audit.record(store.db, "reextract", actor=actor(), role="admin", target=f"document:{document_id}",
                                 detail=report, remote=where())
                if as_json:
                    click.echo(json.dumps(report, ensure_ascii=False))
                else:
                    click.echo(_describe(report))
        click.echo(", ".join(f"{n} {k.replace('_', ' ')}" for k, n in totals.items()), err=as_json)
        if totals["failed"]:
            ctx.exit(1)

    @main.command()
    @click.argument("ids", nargs=-1, type=int, required=True)
    @click.pass_context
    def delete(ctx: click.Context, ids: tuple[int, ...]) -> None:
        """Delete documents with their items and links (and original files no other record uses)."""
        from corpus import lifecycle

        settings = ctx.obj["settings"]
        with _store(ctx) as store:
            for document_id in ids:
                result = _call(lifecycle.delete_document, store, document_id, settings.files_dir())
                with store.transaction():
                    _audit(store, "delete", f"document:{document_id}", result)
                click.echo(f"deleted {document_id} ({result['items']} items)")

    @main.command("runs")
    @click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
    @click.pass_context
    def runs_command(ctx: click.Context, limit: int) -> None:
        """Ingest runs, newest first, with the files that failed and why."""
        from corpus import runs

        with _store(ctx) as store:
            for run in runs.listing(store.db, limit):
                click.echo(f"run {run['id']} {run['source']} {run['actor'] or ''} {run['started_at']}: {run['new']} new,"
                           f" {run['known']} known, {run['attached']} attached, {run['failed']} failed")
                for failure in run["failures"]:
                    click.echo(f"  failed: {failure['path']}: {failure['code']}: {failure['message']}")

    @main.command()
    @click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("--once", is_flag=True, help="take the files there now and stop")
    @click.option("--locality", default=None, help="a place hint for unqualified units")
    @click.pass_context
    def watch(ctx: click.Context, folder: Path, once: bool, locality: str | None) -> None:
        """Ingest files dropped into FOLDER; failures go to FOLDER/failed with a reason file."""
        from api.watch import Watcher

        with _store(ctx) as store:
            watcher = Watcher(store, ctx.obj["settings"], folder, actor(), locality=locality)
            try:
                watcher.run(once=once, report=lambda line: click.echo(line),
                            ready=lambda: click.echo(f"watching {folder} (Ctrl-C stops)", err=True))
            except KeyboardInterrupt:
                pass

    @main.command()
    @click.argument("path", type=click.Path(file_okay=False, path_type=Path))
    @click.pass_context
    def backup(ctx: click.Context, path: Path) -> None:
        """A consistent copy of the store (PATH/vanban.db) and the original files (PATH/files),
        safe while the server runs."""
        from corpus.backup import backup as run_backup
        from corpus.store import Store, sqlite_path

        settings = ctx.obj["settings"]
        database = sqlite_path(settings.db)
        if database is None or database == ":memory:":
            raise click.ClickException("backup copies a SQLite store; back up PostgreSQL with pg_dump")
        Store(settings.db).close()  # the store exists and is migrated
        result = run_backup(database, settings.files_dir(), path)
        click.echo(f"backed up {result['documents']} documents and {result['files']} files to {path}"
                   + (f" ({result['files_missing']} originals were not kept)" if result["files_missing"] else ""))


def _describe(report: dict) -> str:
    if report["status"] == "no_file":
        return f"[{report['id']}] no original file kept: not re-extracted"
    parts = []
    for kind, counts in report["items"].items():
        if counts["added"] or counts["removed"]:
            parts.append(f"{kind} {counts['before']}→{counts['after']} (+{counts['added']} −{counts['removed']})")
    for field, (before, after) in report["header"].items():
        parts.append(f"{field}: {before!r} → {after!r}")
    return f"[{report['id']}] {report['status']}" + (": " + "; ".join(parts) if parts else "")
