"""Beyond one machine: bulk ingest through Celery workers, and search on PostgreSQL beside SQLite.

Bulk ingest: the same generated files through `vanban ingest` (a child process, start-up
included) into a PostgreSQL store three ways, in one run: in-process extraction, one
`vanban worker`, two `vanban worker`s (each one process). The workers are started and warmed
(one file each) before the timing; the ingest command then sends every file and waits for
its jobs. Ratios to the in-process path are printed.

Search: the SQLite store of `bench.search_speed` (built there, reused) is copied into a fresh
PostgreSQL database (`corpus.migrate`), and the same query mix is measured over HTTP on both,
one after the other in this run.

PostgreSQL and Redis are Debian's, started on loopback in temporary folders (tests/services.py).
`python -m bench scale` runs this section; VANBAN_BENCH_SCALE_FILES and
VANBAN_BENCH_SCALE_DOCS make it smaller (defaults 200 files, 100,000 documents).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FILES = int(os.environ.get("VANBAN_BENCH_SCALE_FILES", "200"))
DOCS = int(os.environ.get("VANBAN_BENCH_SCALE_DOCS", "100000"))


def _env(**values: str) -> dict[str, str]:
    return dict(os.environ, OMP_NUM_THREADS="1", VANBAN_API_TOKEN="", **values)


def _ingest(folder: Path, env: dict[str, str], expected: int) -> float:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "api.cli", "ingest", str(folder)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - t0
    if done.returncode != 0 or f"ingested {expected} new" not in done.stdout:
        raise RuntimeError(f"ingest failed: {done.stdout[-500:]} {done.stderr[-1500:]}")
    return seconds


def _empty(url: str) -> None:
    from corpus.store import Store

    with Store(url) as store:
        store.truncate()


def ingest_rates(files: int = FILES) -> dict[str, Any]:
    from bench.ingest_speed import make_files
    from tests.services import postgres_server, redis_server

    with tempfile.TemporaryDirectory(prefix="vanban-scale-") as tmp, postgres_server() as db, \
            redis_server(Path(tmp) / "redis") as broker:
        tmp_path = Path(tmp)
        folder = tmp_path / "docs"
        folder.mkdir()
        make_files(folder, files)
        warm = tmp_path / "warm"
        warm.mkdir()
        seconds: dict[str, float] = {}
        _empty(db)
        seconds["in-process"] = _ingest(folder, _env(VANBAN_DB=db, VANBAN_FILES=str(tmp_path / "f0")), files)
        for workers in (1, 2):
            _empty(db)
            env = _env(VANBAN_DB=db, VANBAN_BROKER=broker, VANBAN_FILES=str(tmp_path / f"f{workers}"))
            log = (tmp_path / f"workers{workers}.log").open("w")
            processes = [
                subprocess.Popen([sys.executable, "-m", "api.cli", "worker", "--concurrency", "1", "--name",
                                  f"bench{workers}-{i}@localhost"], cwd=ROOT, env=env, stdout=log,
                                 stderr=subprocess.STDOUT, start_new_session=True)
                for i in range(workers)
            ]
            try:
                for i in range(workers):  # each worker builds its pipeline before the timing
                    (warm / f"warm{workers}-{i}.txt").write_text(f"Thông báo số {workers}{i}-TB/TU về hội nghị.\n")
                _ingest(warm, env, workers)
                _empty(db)
                seconds[f"{workers} worker{'s' if workers > 1 else ''}"] = _ingest(folder, env, files)
            finally:
                for process in processes:
                    os.killpg(process.pid, signal.SIGTERM)
                for process in processes:
                    process.wait(60)
                for path in warm.iterdir():
                    path.unlink()
    return {"files": files, "seconds": seconds, "docs_per_s": {k: files / v for k, v in seconds.items()}}


def search_latency(docs: int = DOCS) -> dict[str, Any]:
    from bench import search_speed
    from corpus.migrate import copy_store
    from corpus.store import Store
    from tests.services import postgres_server

    build = search_speed.build_store(docs)
    path = Path(build["path"])
    results: dict[str, Any] = {"docs": docs, "build": build}
    results["sqlite"] = search_speed.measure(path)
    queries = search_speed._queries(path)  # the same placeholders: the copy keeps every row and id
    with postgres_server() as url:
        t0 = time.perf_counter()
        with Store(path) as source, Store(url) as target:
            copy_store(source, target)
        results["copy_s"] = time.perf_counter() - t0
        results["postgresql"] = _measure_server(url, queries, search_speed)
    return results


def _measure_server(url: str, queries: list, search_speed: Any) -> dict[str, Any]:
    """`search_speed.measure` on a server store: the SQLite store's query placeholders, and no
    bare-FTS5 baseline (that one is SQLite's own)."""
    originals = search_speed._queries, search_speed._bare_fts
    search_speed._queries = lambda _path: queries
    search_speed._bare_fts = lambda *args: []
    try:
        return search_speed.measure(url)
    finally:
        search_speed._queries, search_speed._bare_fts = originals


def run() -> dict[str, Any]:
    return {"ingest": ingest_rates(), "search": search_latency()}


def _fmt(p: dict[str, float]) -> str:
    return f"p50 {p['p50']:.1f} ms, p95 {p['p95']:.1f} ms"


def report(r: dict[str, Any]) -> str:
    ingest, search = r["ingest"], r["search"]
    base = ingest["docs_per_s"]["in-process"]
    lines = [
        f"several machines, bulk ingest of {ingest['files']} generated files into PostgreSQL (`vanban ingest`, start-up included):",
        "  " + "; ".join(f"{k}: {v:.1f} docs/s ({v / base:.2f}× in-process)" for k, v in ingest["docs_per_s"].items()),
        f"several machines, search over HTTP at {search['docs']:,} documents (copy into PostgreSQL {search['copy_s']:.0f} s):",
        f"  SQLite:     {_fmt(search['sqlite']['search'])}   /healthz {_fmt(search['sqlite']['healthz'])}",
        f"  PostgreSQL: {_fmt(search['postgresql']['search'])}   /healthz {_fmt(search['postgresql']['healthz'])}",
        f"  PostgreSQL p95 = {search['postgresql']['search']['p95'] / max(search['sqlite']['search']['p95'], 1e-9):.2f}× SQLite p95",
    ]
    slowest = sorted(search["postgresql"]["per_query"].items(), key=lambda kv: -kv[1][0])[:6]
    lines.append("  slowest on PostgreSQL (median ms, hits): " + "; ".join(f"{k} {ms:.1f} ({n})" for k, (ms, n) in slowest))
    return "\n".join(lines)
