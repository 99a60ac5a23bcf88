"""Bulk ingest rate: `vanban ingest --workers 1` against `--workers 2` on the same files.

The files are generated documents (bench/generator.py, plain text, distinct contents) written to
a temporary folder; each run ingests all of them into a fresh store, through the real command
line in a child process, start-up included. The runs alternate (1, 2, 1, 2) and the faster of
each pair counts, so that a colleague's job on the shared cores hurts both settings alike.

Baselines in the same run, in this process: extraction alone (read + extract, no store) and
the store alone (`Store.add` of the extracted records), each on one core; and the start-up of
the command (ingesting a single file).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FILES = 300
SEED = 2
PAIRS = 2


def make_files(folder: Path, count: int = FILES, *, seed: int = SEED) -> list[Path]:
    """`count` generated documents as UTF-8 text files."""
    from bench.generator import Generator

    generator = Generator.from_samples(seed=seed)
    paths = []
    for record in generator.records(count):
        path = folder / record["source"]["filename"]
        path.write_text(record["text"], encoding="utf-8")
        paths.append(path)
    return paths


def ingest_seconds(folder: Path, db: Path, workers: int, *, expected: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the child and its workers) of `vanban --db DB ingest FOLDER
    --workers N` in a child process."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    command = [sys.executable, "-m", "api.cli", "--db", str(db), "ingest", str(folder), "--workers", str(workers)]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0 or f"ingested {expected} new" not in done.stdout:
        raise RuntimeError(f"ingest --workers {workers} failed: {done.stdout[-500:]} {done.stderr[-1500:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu


def _in_process_baselines(paths: list[Path], db: Path) -> dict[str, float]:
    """Seconds of extraction alone and of the store alone over `paths`, on one core."""
    from corpus.store import Store
    from service.ingest import extract_path

    extract_path(paths[0])  # the pipeline is built outside the timing
    t0 = time.perf_counter()
    records = [extract_path(p) for p in paths]
    extraction = time.perf_counter() - t0
    with Store(db) as store:
        t0 = time.perf_counter()
        for record in records:
            store.add(record)
        storing = time.perf_counter() - t0
    return {"extraction_s": extraction, "store_s": storing}


def run(count: int = FILES, pairs: int = PAIRS) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="vanban-ingest-") as tmp:
        tmp_path = Path(tmp)
        folder = tmp_path / "docs"
        folder.mkdir()
        paths = make_files(folder, count)
        single = tmp_path / "single"
        single.mkdir()
        (single / paths[0].name).write_bytes(paths[0].read_bytes())
        startup, _ = ingest_seconds(single, tmp_path / "startup.db", 1, expected=1)
        runs: dict[int, list[float]] = {1: [], 2: []}
        cpu: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(pairs):
            for workers in (1, 2):
                wall, used = ingest_seconds(folder, tmp_path / f"w{workers}.db", workers, expected=count)
                runs[workers].append(wall)
                cpu[workers].append(used)
        baselines = _in_process_baselines(paths, tmp_path / "baseline.db")
    best = {w: min(s) for w, s in runs.items()}
    best_cpu = {w: cpu[w][runs[w].index(best[w])] for w in runs}
    return {
        "files": count,
        "cpus": os.cpu_count(),
        "startup_s": startup,
        "runs_s": runs,
        "docs_per_s": {w: count / s for w, s in best.items()},
        "speedup_2_over_1": best[1] / best[2],
        # start-up (interpreter, imports, the extraction pipeline) taken off: the rate a long run tends to
        "steady_docs_per_s": {w: count / max(s - startup, 1e-9) for w, s in best.items()},
        # CPU seconds of the best runs (start-up included) and the cores they kept busy on average
        "cpu_s": best_cpu,
        "cores_used": {w: best_cpu[w] / best[w] for w in best},
        "extraction_docs_per_s": count / baselines["extraction_s"],
        "store_docs_per_s": count / baselines["store_s"],
    }


def report(r: dict[str, Any]) -> str:
    rates = r["docs_per_s"]
    runs = "; ".join(f"{w} worker{'s' if w > 1 else ''}: " + ", ".join(f"{s:.1f}" for s in v) + " s"
                     for w, v in r["runs_s"].items())
    return "\n".join([
        f"bulk ingest, {r['files']} generated text files, `vanban ingest` in a child process ({r['cpus']} CPUs, shared):",
        f"  --workers 1: {rates[1]:.1f} docs/s   --workers 2: {rates[2]:.1f} docs/s"
        f"   (2 workers = {r['speedup_2_over_1']:.2f}× 1 worker; best of {len(r['runs_s'][1])} alternating runs: {runs})",
        f"  after start-up: --workers 1 {r['steady_docs_per_s'][1]:.1f} docs/s, --workers 2"
        f" {r['steady_docs_per_s'][2]:.1f} docs/s ({r['steady_docs_per_s'][2] / r['steady_docs_per_s'][1]:.2f}×)",
        f"  CPU time: --workers 1 {r['cpu_s'][1]:.1f} s ({r['cores_used'][1]:.2f} cores busy),"
        f" --workers 2 {r['cpu_s'][2]:.1f} s ({r['cores_used'][2]:.2f} cores busy; below 2 = the other core was taken)",
        f"  baselines, one core in this process: extraction alone {r['extraction_docs_per_s']:.1f} docs/s,"
        f" store alone (Store.add) {r['store_docs_per_s']:.1f} docs/s;"
        f" command start-up (one file) {r['startup_s']:.1f} s",
        f"  --workers 1 = {rates[1] / r['extraction_docs_per_s']:.2f}× extraction alone;"
        f" --workers 2 = {rates[2] / r['extraction_docs_per_s']:.2f}× extraction alone",
    ])
