"""The `vanban` command line: parse arguments, call one library function, report errors.

    vanban extract FILE...            records as JSON Lines (no store)
    vanban ingest PATH...             files and folders into the store
    vanban search QUERY               ranked documents
    vanban export targets             CSV / JSON / NDJSON
    vanban serve                      the HTTP API
    vanban eval GOLD_DIR --docs DIR   scores against gold records
    vanban schema                     the record's JSON Schema
    vanban worker                     extract files sent through VANBAN_BROKER
    vanban migrate-store --to URL     copy the store into PostgreSQL
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
from pathlib import Path
from typing import Any

import click

from api import cli_admin
from api.settings import Settings

KINDS_OF_ITEMS = ("targets", "figures", "deadlines")


def _settings(ctx: click.Context) -> Settings:
    settings: Settings = ctx.obj["settings"]
    return settings


def _store(ctx: click.Context, *, existing: bool = False):
    """The store the settings name; with `existing`, refuse a SQLite file that is not there
    (a read command would otherwise create an empty store and report 0 documents)."""
    from corpus.store import Store, sqlite_path

    db = _settings(ctx).db
    path = _library_call(sqlite_path, db)
    if existing and path is not None and path != ":memory:" and not Path(path).exists():
        raise click.ClickException(
            f"no store at {path}: load documents first with `vanban --db {path} ingest PATH`, or choose one with --db"
        )
    return _library_call(Store, db)


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """`--db` given after the command name: it overrides the one before it and VANBAN_DB."""
    if value is not None:
        ctx.obj["settings"] = ctx.obj["settings"].model_copy(update={"db": str(value)})


def _db_option(function):
    """Every command also takes `--db` after its name (`vanban ingest --db X PATH`); works on a
    function about to become a command and on a command already made."""
    option = click.Option(
        ["--db"], default=None, expose_value=False, is_eager=True, callback=_set_db,
        help="the store (overrides --db before the command and VANBAN_DB)",
    )
    if isinstance(function, click.Command):
        function.params.append(option)
        return function
    return click.option(
        "--db", default=None, expose_value=False, is_eager=True, callback=_set_db,
        help="the store (overrides --db before the command and VANBAN_DB)",
    )(function)


def _files(ctx: click.Context):
    from corpus.files import FileStore

    return FileStore(_settings(ctx).files_dir())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="VANBAN_DB",
    default=None,
    help="the store: a SQLite file (default data/vanban.db), sqlite:///PATH or postgresql://…; or VANBAN_DB",
)
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """Read Vietnamese official documents: extract, store, search and export."""
    settings = Settings()
    if db is not None:
        settings = settings.model_copy(update={"db": str(db)})
    ctx.obj = {"settings": settings}


# ---- extract ------------------------------------------------------------------------------


def _error_record(filename: str, code: str, message: str) -> dict[str, Any]:
    from extract.models import ErrorRecord

    record = ErrorRecord.model_validate({"source": {"filename": filename}, "error": {"code": code, "message": message}})
    return record.model_dump(mode="json", include={"schema_version": True, "source": {"filename"}, "error": True})


def _extract_one(path: str, locality: str | None, limits: Any) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(record, None) or (None, error record)."""
    from service.ingest import extract_one

    record, failure = extract_one(path, locality, limits)
    if failure is not None:
        return None, _error_record(Path(path).name, failure.code, failure.message)
    return record, None


@main.command()
@_db_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--no-text", is_flag=True, help="leave out the `text` field")
@click.option("--locality", default=None, help="a place hint for unqualified units, e.g. 'Hải Phòng'")
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], no_text: bool, locality: str | None) -> None:
    """One extraction record per file as JSON Lines, in input order. Exit 1 if any file failed."""
    limits = _settings(ctx).limits()
    failed = 0
    for path in paths:
        record, error = _extract_one(path, locality, limits)
        if record is None:
            failed += 1
            record = error
        elif no_text:
            record.pop("text", None)
        click.echo(json.dumps(record, ensure_ascii=False))
    if failed:
        ctx.exit(1)


# ---- ingest -------------------------------------------------------------------------------


@main.command()
@_db_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--workers", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="extract in this many processes")
@click.option("--locality", default=None, help="a place hint for unqualified units, e.g. 'Hải Phòng'")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], workers: int, locality: str | None) -> None:
    """Files and folders (recursively) into the store. Files already stored are skipped."""
    from tqdm import tqdm

    from service.ingest import ingest_paths

    settings = _settings(ctx)
    bar = tqdm(total=0, unit="file", disable=not sys.stderr.isatty(), file=sys.stderr)

    def total(count: int) -> None:
        bar.total = count
        bar.refresh()

    with _store(ctx) as store:
        if settings.broker:  # the files go to `vanban worker` processes; progress as their jobs finish
            from service.queue import celery_app, ingest_paths_queued

            summary = _library_call(
                ingest_paths_queued, celery_app(settings.broker, visibility_timeout=settings.broker_visibility_timeout), store, _files(ctx), paths, locality=locality,
                on_total=total, on_progress=lambda: bar.update(1),
            )
        else:
            summary = ingest_paths(
                store, paths, locality=locality, limits=settings.limits(), workers=workers, files=_files(ctx),
                on_total=total, on_progress=lambda: bar.update(1),
            )
        if store.staff:  # every stored file in the audit log, the run with its failures on the runs page
            actor = cli_admin.actor()
            cli_admin.audit_stored(store, actor, [e for e, _, _ in summary.stored],
                                   [(i, status) for _, i, status in summary.stored])
            cli_admin.keep_run(store, "cli", actor, summary.new + summary.known + len(summary.failures), summary.new,
                               summary.known - summary.attached, summary.attached,
                               [(f.path, f.code, f.message) for f in summary.failures])
    bar.close()
    same = f", {summary.attached} of them another file of a stored document" if summary.attached else ""
    line = f"ingested {summary.new} new, {summary.known} already stored{same}, {len(summary.failures)} failed"
    if summary.incomplete:
        line += f", {len(summary.incomplete)} incomplete (pages missing)"
    click.echo(line)
    for path, warnings in summary.incomplete:
        for warning in warnings:
            click.echo(f"incomplete: {path}: {warning}", err=True)
    for failure in summary.failures:
        click.echo(f"failed: {failure.path}: {failure.code}: {failure.message}", err=True)
    if summary.failures:
        ctx.exit(1)


@main.command()
@_db_option
@click.option("--concurrency", "-c", type=click.IntRange(min=1), default=1, show_default=True,
              help="files extracted at once by this worker (processes)")
@click.option("--name", default=None, help="the worker's name (default: celery's, from the host name)")
@click.pass_context
def worker(ctx: click.Context, concurrency: int, name: str | None) -> None:
    """Extract files sent through VANBAN_BROKER (uploads, `vanban ingest`) into the store.

    Run as many as wanted, on any machine that reaches the broker, the database (VANBAN_DB) and
    the file store (VANBAN_FILES)."""
    from service.queue import WorkerConfig, celery_app, run_worker

    settings = _settings(ctx)
    if not settings.broker:
        raise click.UsageError("set VANBAN_BROKER (e.g. redis://127.0.0.1:6379/0) to run a worker")
    with _store(ctx):  # the store is reachable and migrated before any task is taken
        pass
    # The same per-file ceilings as uploads read in the server's sandbox (VANBAN_EXTRACT_TIMEOUT_S, _MEMORY_MB).
    config = WorkerConfig(db=settings.db, files=settings.files_dir(), limits=settings.limits(),
                          time_limit_s=settings.extract_timeout_s, memory_mb=settings.extract_memory_mb)
    app = celery_app(settings.broker, visibility_timeout=settings.broker_visibility_timeout,
                     time_limit_s=settings.extract_timeout_s)
    run_worker(app, config, concurrency=concurrency, name=name)


@main.command(name="migrate-store")
@_db_option
@click.option("--to", "target_url", required=True, help="the store to fill, e.g. postgresql://vanban@db-host/vanban")
@click.option("--files-to", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="also copy the original files into this folder (the workers' shared VANBAN_FILES)")
@click.pass_context
def migrate_store(ctx: click.Context, target_url: str, files_to: Path | None) -> None:
    """Copy this store (--db / VANBAN_DB, the embedded one by default) into an empty store at
    --to, ids and all, and check the copy by counting every table."""
    from corpus.files import FileStore
    from corpus.migrate import copy_store
    from corpus.store import Store

    settings = _settings(ctx)
    with _store(ctx, existing=True) as source, _library_call(Store, target_url) as target:
        copied = _library_call(copy_store, source, target)
    for table, count in copied.items():
        click.echo(f"{table}: {count}")
    if files_to is not None:
        count = FileStore(settings.files_dir()).copy_to(FileStore(files_to))
        click.echo(f"original files copied: {count}")
    click.echo(f"copied {copied['documents']} documents into {_safe_url(target_url)}; counts match")


def _safe_url(url: str) -> str:
    """An address without its password, for printing."""
    return re.sub(r"(//[^:/@]+):[^@/]*@", r"\1:***@", url)


# ---- search and export -------------------------------------------------------------------


def _filters(function):
    for option in reversed(
        [
            click.option("--unit", default=None, help="unit id or name (includes the units below it)"),
            click.option("--kind", "doc_kind", default=None, help="document kind, e.g. resolution, plan"),
            click.option("--topic", default=None, help="topic code"),
            click.option("--from", "date_from", default=None, help="issued on or after: YYYY[-MM[-DD]]"),
            click.option("--to", "date_to", default=None, help="issued on or before: YYYY[-MM[-DD]]"),
        ]
    ):
        function = option(function)
    return function


def _library_call(function, *args, **kwargs):
    """Call a library function, turning its named errors into a clean CLI error."""
    from ingest.errors import VanbanError

    try:
        return function(*args, **kwargs)
    except VanbanError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None


def _check_unit(store: Any, unit: str | None) -> None:
    """`--unit` naming no stored unit is an error, not an empty result."""
    if unit and not _library_call(store.resolve_units, unit):
        raise click.ClickException(f"no unit matches --unit {unit!r}: give a unit id or its exact name (see /units)")


_MARK = re.compile(r"</?mark>")


def _plain(snippet: str, color: bool) -> str:
    import html

    if color:
        snippet = snippet.replace("<mark>", "\x1b[1m").replace("</mark>", "\x1b[0m")
    else:
        snippet = snippet.replace("<mark>", "[").replace("</mark>", "]")
    return html.unescape(_MARK.sub("", snippet))


@main.command()
@_db_option
@click.argument("query", required=False, default="")
@_filters
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="print the result as JSON")
@click.pass_context
def search(ctx: click.Context, query: str, unit, doc_kind, topic, date_from, date_to, page, per_page, as_json) -> None:
    """Ranked documents with snippets. A query typed without diacritics still finds."""
    with _store(ctx, existing=True) as store:
        _check_unit(store, unit)
        result = _library_call(
            store.search, query, unit=unit, kind=doc_kind, topic=topic, date_from=date_from, date_to=date_to,
            page=page, per_page=per_page,
        )
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    color = sys.stdout.isatty()
    first = (page - 1) * per_page + 1
    noun = "document" if result["total"] == 1 else "documents"
    shown = f", {first}–{first + len(result['hits']) - 1}" if result["hits"] else ""
    click.echo(f"{result['total']} {noun}{shown}")
    for hit in result["hits"]:
        header = " · ".join(str(v) for v in (hit["kind"], hit["number"], hit["issued_on"]) if v)
        click.echo(f"\n[{hit['id']}] {hit['title'] or '(no title)'}" + (f"  ({header})" if header else ""))
        if hit["snippet"]:
            click.echo("    " + _plain(hit["snippet"], color))


@main.command()
@_db_option
@click.argument("kind", type=click.Choice(KINDS_OF_ITEMS))
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "ndjson"]), default="csv", show_default=True)
@click.option("--q", "query", default=None, help="only documents matching this search")
@_filters
@click.option("--since", default=None, help="only rows stored since a date or ISO date-time")
@click.option("--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True,
              help="CSV: vi gives Vietnamese headers and labels, decimal commas and ';' between fields")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write here instead of stdout")
@click.pass_context
def export(ctx: click.Context, kind, fmt, query, unit, doc_kind, topic, date_from, date_to, since, lang, output) -> None:
    """Targets, figures or deadlines as CSV (UTF-8 with BOM), JSON or NDJSON."""
    from corpus.export import write

    with _store(ctx, existing=True) as store:
        _check_unit(store, unit)
        stream = _library_call(
            store.stream_rows, kind, q=query, unit=unit, doc_kind=doc_kind, topic=topic, date_from=date_from,
            date_to=date_to, since=since,
        )
        if output is None:
            out = click.get_text_stream("stdout", encoding="utf-8")
            write(kind, fmt, stream, out, lang)
            out.flush()
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            with output.open("w", encoding="utf-8", newline="") as handle:
                write(kind, fmt, stream, handle, lang)
            click.echo(f"wrote {stream.yielded} {kind} to {output}", err=True)


# ---- serve, eval, schema ------------------------------------------------------------------


@main.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """The HTTP API (and web pages) on HOST:PORT."""
    import uvicorn

    from api.app import create_app

    app = create_app(_settings(ctx))
    threading.Thread(target=_warm_up, args=(app,), name="vanban-warm-up", daemon=True).start()
    uvicorn.run(app, host=host, port=port)


def _warm_up(app: Any = None) -> None:
    """Build the extraction pipeline and the store's search index now, not on the first request."""
    from extract import extract_document
    from ingest.models import Document

    try:
        settings = getattr(getattr(app, "state", None), "settings", None)
        if settings is not None and settings.sandbox:  # files are read in the sandbox: its fork server warms up
            from api.sandbox import sandbox

            sandbox(settings.sandbox_limits()).warm()
        else:
            extract_document(Document(text="Nghị quyết số 1-NQ/TU về phát triển đảng viên."))
        store = getattr(getattr(app, "state", None), "store", None)
        if store is not None:
            store.search(per_page=1)
    except Exception:  # the first request will report the problem properly
        logging.getLogger(__name__).warning("warm-up failed", exc_info=True)


@main.command(name="eval")
@_db_option
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--docs", "docs_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="folder of documents whose stems match the gold records")
@click.option("--details", is_flag=True, help="also list each document's misses, extras and wrong labels")
@click.option("--row", "row", default=None, metavar="NAME",
              help="print only a row of the README's accuracy table, named NAME")
def eval_command(gold_dir: Path, docs_dir: Path, details: bool, row: str | None) -> None:
    """Precision, recall and F1 per category against gold records, label and due quality."""
    from extract import evaluate

    try:
        report = _library_call(evaluate.evaluate_dirs, gold_dir, docs_dir)
    except evaluate.NothingPaired as exc:
        raise click.ClickException(str(exc)) from exc
    if row is not None:
        click.echo(evaluate.markdown_row(row, report))
        return
    if details:
        click.echo(evaluate.format_details(report))
    click.echo(evaluate.format_report(report))


@main.command(name="eval-search")
@_db_option
@click.argument("queries", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--docs", "docs_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="folder of the documents the judgments name (by file stem)")
@click.option("--details", is_flag=True, help="also print each query's scores")
@click.option("--min-ndcg", type=float, default=None, help="exit 1 when either mean nDCG@10 is below this")
def eval_search(queries: Path, docs_dir: Path, details: bool, min_ndcg: float | None) -> None:
    """nDCG@10 of search over a judged query set, each query as typed and folded."""
    from corpus import ranking
    from corpus.store import Store
    from service.ingest import extract_path

    judged = _library_call(ranking.load_queries, queries)
    with Store(":memory:") as store:
        names = {}
        for path in sorted(p for p in docs_dir.iterdir() if p.is_file() and not p.name.startswith(".")):
            document_id, _ = store.add(extract_path(path))
            names[document_id] = path.stem
        report = ranking.evaluate(store, names, judged)
    click.echo(ranking.format_report(report, details=details))
    if min_ndcg is not None and min(report.typed, report.folded) < min_ndcg:
        raise click.ClickException(f"nDCG@10 below {min_ndcg}")


@main.command(name="eval-links")
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--details", is_flag=True, help="also list wrong and missed links and wrong indicators")
def eval_links_command(root: Path, details: bool) -> None:
    """Link precision and recall, indicator accuracy: ROOT holds gold.json and docs/ (e.g. corpus/tracking)."""
    from corpus import tracking_eval

    if not (root / "gold.json").is_file() or not (root / "docs").is_dir():
        raise click.ClickException(f"{root} needs a gold.json and a docs/ folder")
    report = _library_call(tracking_eval.evaluate, root)
    click.echo(tracking_eval.format_report(report, details=details))


@main.command()
@_db_option
def schema() -> None:
    """The extraction record's JSON Schema."""
    from extract.models import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


cli_admin.register(main)


def _db_on_every_command(group: click.Group) -> None:
    """`--db` after the name of every command, those registered elsewhere (cli_admin) included."""
    for command in group.commands.values():
        if not any(param.name == "db" for param in command.params):
            _db_option(command)
        if isinstance(command, click.Group):
            _db_on_every_command(command)


_db_on_every_command(main)

if __name__ == "__main__":  # pragma: no cover
    main()

