"""Search latency over HTTP at 10,000 and 100,000 documents, against baselines in the same run.

The stores are built once from generated documents (bench/generator.py) in SQLite files under
.bench/ and reused while they hold the right count (the 100,000 store starts as a copy of the
10,000 one: variant i is the same record in both). A real uvicorn serves each file on a free
loopback port; one httpx client sends a fixed mix of queries (diacritics or not, a phrase, an
abbreviation, a symbol, filters by unit, kind and year, page 2) over one keep-alive connection.

Baselines, measured over the same connection and file: GET /healthz (the HTTP stack and one
count), and a bare FTS5 MATCH (`SELECT rowid … LIMIT 20`) in sqlite3 for each query's words.
Target: search p95 ≤ 50 ms at 100,000 documents.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / ".bench"
SIZES = (10_000, 100_000)
SEED = 0
ROUNDS = 5  # passes over the query mix per size
WARMUP_ROUNDS = 1
TIME_BUDGET_S = 120.0  # per size: the request loop stops here even if rounds remain
TARGET_P95_MS = 50.0

# (label, params). `{unit}` and `{symbol}` are filled in from the store (its most documented
# Tỉnh ủy, a stored symbol), so they always name something real whichever provinces the generator drew.
QUERY_MIX: tuple[tuple[str, dict[str, Any]], ...] = (
    ("words", {"q": "phát triển đảng viên"}),
    ("no diacritics", {"q": "phat trien dang vien"}),
    ("phrase", {"q": '"sinh hoạt chi bộ"'}),
    ("abbreviation", {"q": "TVTU"}),
    ("abbreviation + word", {"q": "UBND tỉnh"}),
    ("rare words", {"q": "lò nung gốm"}),
    ("no diacritics, kind", {"q": "chuyen doi so", "kind": "plan"}),
    ("words, year", {"q": "nông thôn mới", "from": "2022", "to": "2022"}),
    ("words, unit", {"q": "kết nạp đảng viên", "unit": "{unit}"}),
    ("symbol", {"q": "{symbol}"}),
    ("common word, page 2", {"q": "đảng", "page": 2}),
    ("prefix", {"q": "dân vận*"}),
    ("or", {"q": "du lịch OR môi trường"}),
    ("filters only", {"kind": "resolution", "from": "2021-01", "to": "2023-12"}),
    ("everything, page 2", {"page": 2}),
    ("unit only", {"unit": "{unit}"}),
)


# ---- building the stores --------------------------------------------------------------------


def _db_path(size: int) -> Path:
    return BENCH_DIR / f"search_{size}.db"


def _count(path: Path) -> int:
    if not path.exists():
        return -1
    try:
        conn = sqlite3.connect(path)
        try:
            # Files, not records: a generated variant the store takes for the same document as an
            # earlier one is kept as another file of that record (corpus.samedoc).
            files = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'document_files'").fetchone()
            row = conn.execute(f"SELECT count(*), max(filename) FROM {'document_files' if files else 'documents'}").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return -1
    count, last = row
    # A prefix of the generator's sequence (a build stopped between batches resumes from it).
    return count if count == 0 or (last or "").startswith(f"gen{count - 1:06d}_") else -1


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def build_store(size: int, *, generator: Any = None, smaller: Path | None = None) -> dict[str, Any]:
    """Make `.bench/search_<size>.db` hold generated documents 0..size-1; timing of what was added."""
    from corpus.store import Store

    path = _db_path(size)
    BENCH_DIR.mkdir(exist_ok=True)
    have = _count(path)
    if have == size:
        return {"size": size, "path": str(path), "reused": True, "added": 0, "seconds": 0.0}
    if have < 0 or have > size:
        _remove(path)
        have = 0
    if have == 0 and smaller is not None and 0 < _count(smaller) < size:
        _checkpoint(smaller)
        shutil.copyfile(smaller, path)
        have = _count(path)
    if generator is None:
        from bench.generator import Generator

        generator = Generator.from_samples(seed=SEED)
    t0 = time.perf_counter()
    with Store(path) as store:
        store.add_many(generator.extractions(size - have, start=have), batch=500)
    seconds = time.perf_counter() - t0
    _checkpoint(path)
    return {"size": size, "path": str(path), "reused": False, "added": size - have, "seconds": seconds}


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


# ---- serving and measuring ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(path: Path, *, startup_timeout: float = 60.0) -> Iterator[str]:
    """A real uvicorn (a child process) serving the store at `path` on a free loopback port."""
    with serve_process(path, startup_timeout=startup_timeout) as (url, _):
        yield url


@contextmanager
def serve_process(path: Path, *, startup_timeout: float = 60.0) -> Iterator[tuple[str, subprocess.Popen]]:
    """`serve`, with the server's process (its memory can be read)."""
    import httpx

    port = _free_port()
    env = dict(os.environ, VANBAN_DB=str(path), VANBAN_API_TOKEN="", VANBAN_READ_REQUIRES_TOKEN="false")
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--host", "127.0.0.1",
        "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"uvicorn exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not answer on {url} within {startup_timeout:.0f} s")
            time.sleep(0.1)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _queries(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """The query mix with `{unit}` and `{symbol}` taken from this store."""
    conn = sqlite3.connect(path)
    try:
        unit = conn.execute(
            "SELECT u.name FROM units u JOIN document_units du ON du.unit_id = u.id"
            " WHERE u.name LIKE 'Tỉnh ủy %' GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1"
        ).fetchone()
        symbol = conn.execute(
            "SELECT number FROM documents WHERE number LIKE '%-%/%' ORDER BY id LIMIT 1 OFFSET 77"
        ).fetchone()
    finally:
        conn.close()
    values = {"{unit}": unit[0] if unit else "Tỉnh ủy", "{symbol}": symbol[0] if symbol else "28-NQ/TU"}
    return [
        (label, {k: values.get(v, v) if isinstance(v, str) else v for k, v in params.items()})
        for label, params in QUERY_MIX
    ]


def _percentiles(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {"p50": float("nan"), "p95": float("nan"), "p99": float("nan"), "n": 0}
    ordered = sorted(samples)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else [ordered[0]] * 99
    return {"p50": statistics.median(ordered), "p95": cuts[94], "p99": cuts[98], "n": len(ordered)}


def _bare_fts(path: Path, queries: list[tuple[str, dict[str, Any]]], rounds: int) -> list[float]:
    """Milliseconds of a bare `SELECT rowid … MATCH … LIMIT 20` for each query's words, in sqlite3."""
    from corpus.query import parse_query

    matches = []
    for _, params in queries:
        parsed = parse_query(params["q"]) if params.get("q") else None
        if parsed is not None:
            matches.append(parsed.match(("title_folded", "text_folded"), folded=True))
    conn = sqlite3.connect(path)
    samples = []
    try:
        for _ in range(rounds):
            for match in matches:
                t0 = time.perf_counter()
                conn.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? LIMIT 20", [match]).fetchall()
                samples.append(1000 * (time.perf_counter() - t0))
    finally:
        conn.close()
    return samples


def measure(path: Path, *, rounds: int = ROUNDS, budget_s: float = TIME_BUDGET_S) -> dict[str, Any]:
    """Latencies (ms) of the query mix and of /healthz over one connection to a served store."""
    import httpx

    queries = _queries(path)
    search_ms: list[float] = []
    health_ms: list[float] = []
    per_query: dict[str, list[float]] = {label: [] for label, _ in queries}
    cold: dict[str, float] = {}
    totals: dict[str, int] = {}
    started = time.monotonic()
    with serve(path) as url, httpx.Client(base_url=url, timeout=30) as http:
        for round_index in range(WARMUP_ROUNDS + rounds):
            if time.monotonic() - started > budget_s:
                break
            for label, params in queries:
                t0 = time.perf_counter()
                health = http.get("/healthz")
                t1 = time.perf_counter()
                response = http.get("/api/documents", params=params)
                t2 = time.perf_counter()
                if health.status_code != 200 or response.status_code != 200:
                    raise RuntimeError(f"{label} {params}: {response.status_code} {response.text[:300]}")
                if round_index < WARMUP_ROUNDS:
                    cold.setdefault(label, 1000 * (t2 - t1))
                    totals[label] = response.json()["total"]
                    continue
                health_ms.append(1000 * (t1 - t0))
                search_ms.append(1000 * (t2 - t1))
                per_query[label].append(1000 * (t2 - t1))
    return {
        "search": _percentiles(search_ms),
        "healthz": _percentiles(health_ms),
        "bare_fts": _percentiles(_bare_fts(path, queries, rounds)),
        "cold_first_pass": _percentiles(list(cold.values())),
        "per_query": {label: (statistics.median(v) if v else float("nan"), totals.get(label)) for label, v in per_query.items()},
        "queries": len(queries),
        "rounds": len(search_ms) // max(len(queries), 1),
    }


def run(sizes: tuple[int, ...] = SIZES) -> dict[str, Any]:
    from bench.generator import Generator

    generator = None
    results: dict[str, Any] = {"sizes": {}}
    smaller = None
    for size in sizes:
        if _count(_db_path(size)) != size and generator is None:
            generator = Generator.from_samples(seed=SEED)
        build = build_store(size, generator=generator, smaller=smaller)
        results["sizes"][size] = {"build": build, **measure(_db_path(size))}
        smaller = _db_path(size)
    return results


def _fmt(p: dict[str, float]) -> str:
    return f"p50 {p['p50']:.1f} ms, p95 {p['p95']:.1f} ms, p99 {p['p99']:.1f} ms"


def report(r: dict[str, Any]) -> str:
    lines = ["search over HTTP (uvicorn on 127.0.0.1, one keep-alive httpx connection):"]
    largest = max(r["sizes"])
    for size, s in sorted(r["sizes"].items()):
        build = s["build"]
        if build["reused"]:
            built = f"store reused ({build['path']})"
        else:
            rate = build["added"] / max(build["seconds"], 1e-9)
            built = f"store built: {build['added']:,} documents added in {build['seconds']:.1f} s ({rate:.0f} docs/s)"
        lines += [
            f"  {size:,} documents — {built}",
            f"    search   {_fmt(s['search'])}  ({s['queries']} queries × {s['rounds']} rounds)",
            f"    /healthz {_fmt(s['healthz'])}  (baseline: HTTP stack + one count)",
            f"    bare FTS5 MATCH … LIMIT 20 in sqlite3: {_fmt(s['bare_fts'])}",
            f"    search p95 = {s['search']['p95'] / max(s['healthz']['p95'], 1e-9):.1f}× /healthz p95;"
            f" first pass (cold) p50 {s['cold_first_pass']['p50']:.1f} ms",
        ]
    big = r["sizes"][largest]
    verdict = "met" if big["search"]["p95"] <= TARGET_P95_MS else "NOT met"
    lines.append(f"  target search p95 ≤ {TARGET_P95_MS:.0f} ms at {largest:,}: {verdict} ({big['search']['p95']:.1f} ms)")
    slowest = sorted(big["per_query"].items(), key=lambda kv: -kv[1][0])
    lines.append(f"  per query at {largest:,} (median ms, total hits): " + "; ".join(
        f"{label} {ms:.1f} ({total})" for label, (ms, total) in slowest
    ))
    return "\n".join(lines)
