"""The `vanban` command line: parse arguments, call one library function, report errors.

    vanban extract FILE...            records as JSON Lines (no store)
    vanban ingest PATH...             files and folders into the store
    vanban search QUERY               ranked documents
    vanban export targets             CSV / JSON / NDJSON
    vanban serve                      the HTTP API
    vanban eval GOLD_DIR --docs DIR   scores against gold records
    vanban schema                     the record's JSON Schema
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import click

from api import cli_admin
from api.settings import Settings

KINDS_OF_ITEMS = ("targets", "figures", "deadlines")


def _settings(ctx: click.Context) -> Settings:
    settings: Settings = ctx.obj["settings"]
    return settings


def _store(ctx: click.Context):
    from corpus.store import Store

    return Store(_settings(ctx).db)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="VANBAN_DB",
    default=None,
    help="the store (SQLite file); default data/vanban.db, or VANBAN_DB",
)
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """Read Vietnamese official documents: extract, store, search and export."""
    settings = Settings()
    if db is not None:
        settings = settings.model_copy(update={"db": db})
    ctx.obj = {"settings": settings}


# ---- extract ------------------------------------------------------------------------------


def _error_record(filename: str, code: str, message: str) -> dict[str, Any]:
    from extract.models import ErrorRecord

    record = ErrorRecord.model_validate({"source": {"filename": filename}, "error": {"code": code, "message": message}})
    return record.model_dump(mode="json", include={"schema_version": True, "source": {"filename"}, "error": True})


def _extract_one(path: str, locality: str | None, limits: Any) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(record, None) or (None, error record); runs in the parent or in a worker process."""
    from api.pipeline import extract_path
    from ingest.errors import VanbanError

    try:
        extraction = extract_path(path, locality=locality, limits=limits)
    except VanbanError as error:
        return None, _error_record(Path(path).name, error.code, error.message)
    return extraction.model_dump(mode="json"), None


@main.command()
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


def _files(paths: tuple[str, ...]) -> Iterator[Path]:
    """Files given, and files under folders given (recursively, hidden ones skipped), sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in relative.parts):
                    yield child
        else:
            yield path


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--workers", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="extract in this many processes")
@click.option("--locality", default=None, help="a place hint for unqualified units, e.g. 'Hải Phòng'")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], workers: int, locality: str | None) -> None:
    """Files and folders (recursively) into the store. Files already stored are skipped."""
    import hashlib

    from tqdm import tqdm

    from extract.models import Extraction

    settings = _settings(ctx)
    limits = settings.limits()
    files = list(_files(paths))
    new = known = attached = 0
    failures: list[tuple[str, str, str]] = []
    actor = cli_admin.actor()
    with _store(ctx) as store:
        todo: list[tuple[Path, str]] = []
        for path in files:
            try:
                data = path.read_bytes() if path.is_file() else b""
            except OSError as error:
                failures.append((str(path), "unreadable_file", error.strerror or str(error)))
                continue
            sha256 = hashlib.sha256(data).hexdigest() if data or path.is_file() else ""
            if sha256 and store.find_sha256(sha256) is not None:
                known += 1
            else:
                todo.append((path, sha256))
                if sha256:
                    cli_admin.keep_file(settings, data, sha256)  # the original, for re-extraction
        bar = tqdm(total=len(todo), unit="file", disable=not sys.stderr.isatty(), file=sys.stderr)
        pending: list[Extraction] = []

        def flush() -> None:
            nonlocal new, known, attached
            results = store.add_many_files(pending)  # one transaction per batch, not per file
            for _, status in results:
                new, known, attached = new + (status == "new"), known + (status == "known"), attached + (status == "attached")
            cli_admin.audit_stored(store, actor, pending, results)
            pending.clear()

        for (path, _sha256), (record, error) in zip(todo, _run(todo, locality, limits, workers), strict=True):
            bar.update(1)
            if record is None:
                assert error is not None
                failures.append((str(path), error["error"]["code"], error["error"]["message"]))
                continue
            pending.append(Extraction.model_validate(record))
            if len(pending) >= 50:
                flush()
        flush()
        bar.close()
        cli_admin.keep_run(store, "cli", actor, len(files), new, known, attached, failures)
    same = f", {attached} another file of a stored document" if attached else ""
    click.echo(f"ingested {new} new, {known} already stored{same}, {len(failures)} failed")
    for path, code, message in failures:
        click.echo(f"failed: {path}: {code}: {message}", err=True)
    if failures:
        ctx.exit(1)


def _run(todo: list[tuple[Path, str]], locality: str | None, limits: Any, workers: int):
    """Results in input order, extracted here or across worker processes."""
    if workers <= 1 or len(todo) <= 1:
        for path, _ in todo:
            yield _extract_one(str(path), locality, limits)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(
            _extract_one, [str(p) for p, _ in todo], [locality] * len(todo), [limits] * len(todo),
            chunksize=max(1, min(16, len(todo) // (workers * 8))),
        )


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


_MARK = re.compile(r"</?mark>")


def _plain(snippet: str, color: bool) -> str:
    import html

    if color:
        snippet = snippet.replace("<mark>", "\x1b[1m").replace("</mark>", "\x1b[0m")
    else:
        snippet = snippet.replace("<mark>", "[").replace("</mark>", "]")
    return html.unescape(_MARK.sub("", snippet))


@main.command()
@click.argument("query", required=False, default="")
@_filters
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="print the result as JSON")
@click.pass_context
def search(ctx: click.Context, query: str, unit, doc_kind, topic, date_from, date_to, page, per_page, as_json) -> None:
    """Ranked documents with snippets. A query typed without diacritics still finds."""
    with _store(ctx) as store:
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
@click.argument("kind", type=click.Choice(KINDS_OF_ITEMS))
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "ndjson"]), default="csv", show_default=True)
@click.option("--q", "query", default=None, help="only documents matching this search")
@_filters
@click.option("--since", default=None, help="only rows stored since a date or ISO date-time")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write here instead of stdout")
@click.pass_context
def export(ctx: click.Context, kind, fmt, query, unit, doc_kind, topic, date_from, date_to, since, output) -> None:
    """Targets, figures or deadlines as CSV (UTF-8 with BOM), JSON or NDJSON."""
    from corpus.export import write

    with _store(ctx) as store:
        rows = _library_call(
            store.rows, kind, q=query, unit=unit, doc_kind=doc_kind, topic=topic, date_from=date_from,
            date_to=date_to, since=since,
        )
    if output is None:
        stream = click.get_text_stream("stdout", encoding="utf-8")
        write(kind, fmt, rows, stream)
        stream.flush()
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8", newline="") as handle:
            write(kind, fmt, rows, handle)
        click.echo(f"wrote {len(rows)} {kind} to {output}", err=True)


# ---- serve, eval, schema ------------------------------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None, help="the store (overrides --db before the command)")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, db: Path | None) -> None:
    """The HTTP API (and web pages) on HOST:PORT."""
    import uvicorn

    from api.app import create_app

    settings = _settings(ctx)
    if db is not None:
        settings = settings.model_copy(update={"db": db})
    app = create_app(settings)
    threading.Thread(target=_warm_up, args=(app,), name="vanban-warm-up", daemon=True).start()
    uvicorn.run(app, host=host, port=port)


def _warm_up(app: Any = None) -> None:
    """Build the extraction pipeline and the store's search index now, not on the first request."""
    from extract import extract_document
    from ingest.models import Document

    try:
        extract_document(Document(text="Nghị quyết số 1-NQ/TU về phát triển đảng viên."))
        store = getattr(getattr(app, "state", None), "store", None)
        if store is not None:
            store.search(per_page=1)
    except Exception:  # the first request will report the problem properly
        logging.getLogger(__name__).warning("warm-up failed", exc_info=True)


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--docs", "docs_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="folder of documents whose stems match the gold records")
@click.option("--details", is_flag=True, help="also list each document's misses, extras and wrong labels")
def eval_command(gold_dir: Path, docs_dir: Path, details: bool) -> None:
    """Precision, recall and F1 per category against gold records, label and due quality."""
    from extract import evaluate

    try:
        report = _library_call(evaluate.evaluate_dirs, gold_dir, docs_dir)
    except evaluate.NothingPaired as exc:
        raise click.ClickException(str(exc)) from exc
    if details:
        click.echo(evaluate.format_details(report))
    click.echo(evaluate.format_report(report))


@main.command()
def schema() -> None:
    """The extraction record's JSON Schema."""
    from extract.models import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


cli_admin.register(main)

if __name__ == "__main__":  # pragma: no cover
    main()

