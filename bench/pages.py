"""The staff pages and a full export over HTTP at 10,000 and 100,000 generated documents.

The stores are those of `bench.search_speed` (built there once under .bench/, reused). A real
uvicorn serves each; one httpx client asks for a fixed mix of pages over one keep-alive
connection: the search page (words with and without diacritics, a unit, page 2), the register
of targets (first page, a later page, by unit, by year, by indicator, behind schedule), unit
pages (the most documented provincial committee, a district's, a commune's) and /units.
Baseline in the same run: GET /healthz. Target: p95 ≤ 100 ms for /search, /targets and unit
pages at 100,000 documents.

Then every target of the store is exported as Vietnamese CSV and every figure as NDJSON,
streamed to the client and counted; the server's resident memory is read before and at its
peak (VmHWM) after, against the size of what was sent: an export streamed in constant memory
grows the server by a few MB, not by the size of the export.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any

from bench.search_speed import SIZES, _db_path, _percentiles, build_store, serve_process

ROUNDS = 5
WARMUP_ROUNDS = 1
TIME_BUDGET_S = 150.0  # per size: the page loop stops here even if rounds remain
TARGET_P95_MS = 100.0
GROUPS = ("search", "targets", "unit")


def _picks(path: Path) -> dict[str, str]:
    """Real values of this store for the placeholders of the page mix."""
    conn = sqlite3.connect(path)
    try:
        def one(sql: str, default: str) -> str:
            row = conn.execute(sql).fetchone()
            return str(row[0]) if row and row[0] is not None else default

        most = "SELECT u.{col} FROM units u JOIN document_units du ON du.unit_id = u.id WHERE u.level = '{level}'" \
               " GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1"
        return {
            "{province_unit}": one(most.format(col="id", level="province"), "1"),
            "{province_name}": one(most.format(col="name", level="province"), "Tỉnh ủy"),
            "{district_unit}": one(most.format(col="id", level="district"), "1"),
            "{commune_unit}": one(most.format(col="id", level="commune"), "1"),
            "{indicator}": one("SELECT indicator_code FROM targets WHERE indicator_code IS NOT NULL"
                               " GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", "XD.KNDV"),
            "{year}": one("SELECT substr(issued_on, 1, 4) FROM documents WHERE issued_on IS NOT NULL"
                          " GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", "2023"),
        }
    finally:
        conn.close()


# (group, label, path, params); placeholders filled from the store by _picks.
PAGE_MIX: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("search", "words", "/search", {"q": "phát triển đảng viên"}),
    ("search", "no diacritics", "/search", {"q": "phat trien dang vien"}),
    ("search", "place", "/search", {"q": "{place}"}),
    ("search", "unit", "/search", {"unit": "{province_name}"}),
    ("search", "words, year, page 2", "/search", {"q": "nông thôn mới", "year": "{year}", "page": "2"}),
    ("search", "everything, page 3", "/search", {"page": "3"}),
    ("targets", "first page", "/targets", {}),
    ("targets", "page 40", "/targets", {"page": "40"}),
    ("targets", "unit", "/targets", {"unit": "{province_name}"}),
    ("targets", "year", "/targets", {"year": "{year}"}),
    ("targets", "indicator", "/targets", {"indicator": "{indicator}"}),
    ("targets", "behind", "/targets", {"behind": "1"}),
    ("targets", "words", "/targets", {"q": "kết nạp đảng viên"}),
    ("unit", "province", "/units/{province_unit}", {}),
    ("unit", "district", "/units/{district_unit}", {}),
    ("unit", "commune", "/units/{commune_unit}", {}),
    ("list", "/units", "/units", {}),
    ("list", "/units?q=", "/units", {"q": "{place}"}),
)


def _fill(value: str, picks: dict[str, str]) -> str:
    for key, real in picks.items():
        value = value.replace(key, real)
    return value


def _mix(path: Path) -> list[tuple[str, str, str, dict[str, Any]]]:
    picks = _picks(path)
    picks["{place}"] = picks["{province_name}"].split(" ", 2)[-1] if " " in picks["{province_name}"] else "Nghệ An"
    return [(g, label, _fill(p, picks), {k: _fill(v, picks) for k, v in params.items()})
            for g, label, p, params in PAGE_MIX]


def _memory_kb(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def _export(http: Any, path: str, params: dict[str, str], pid: int) -> dict[str, Any]:
    before = _memory_kb(pid)
    t0 = time.perf_counter()
    sent = lines = 0
    with http.stream("GET", path, params=params, timeout=3600) as response:
        if response.status_code != 200:
            raise RuntimeError(f"{path} {params}: {response.status_code}")
        for chunk in response.iter_bytes():
            sent += len(chunk)
            lines += chunk.count(b"\n")
    seconds = time.perf_counter() - t0
    after = _memory_kb(pid)
    return {"path": path, "params": params, "bytes": sent, "lines": lines, "seconds": seconds,
            "rss_before_mb": before["VmRSS"] / 1024, "peak_before_mb": before["VmHWM"] / 1024,
            "peak_after_mb": after["VmHWM"] / 1024}


def measure(path: Path, *, rounds: int = ROUNDS, budget_s: float = TIME_BUDGET_S) -> dict[str, Any]:
    import httpx

    mix = _mix(path)
    samples: dict[str, list[float]] = {group: [] for group in (*GROUPS, "list")}
    per_page: dict[str, list[float]] = {f"{g}: {label}": [] for g, label, _, _ in mix}
    cold: dict[str, float] = {}
    health: list[float] = []
    started = time.monotonic()
    with serve_process(path) as (url, process), httpx.Client(base_url=url, timeout=60) as http:
        for round_index in range(WARMUP_ROUNDS + rounds):
            if round_index > WARMUP_ROUNDS and time.monotonic() - started > budget_s:
                break
            for group, label, page, params in mix:
                t0 = time.perf_counter()
                ok = http.get("/healthz")
                t1 = time.perf_counter()
                response = http.get(page, params=params, headers={"Accept": "text/html"})
                t2 = time.perf_counter()
                if ok.status_code != 200 or response.status_code != 200:
                    raise RuntimeError(f"{page} {params}: {response.status_code} {response.text[:300]}")
                if round_index < WARMUP_ROUNDS:
                    cold[f"{group}: {label}"] = 1000 * (t2 - t1)
                    continue
                health.append(1000 * (t1 - t0))
                samples[group].append(1000 * (t2 - t1))
                per_page[f"{group}: {label}"].append(1000 * (t2 - t1))
        exports = [
            _export(http, "/api/targets", {"format": "csv", "lang": "vi"}, process.pid),
            _export(http, "/api/figures", {"format": "ndjson"}, process.pid),
        ]
    return {
        "groups": {group: _percentiles(values) for group, values in samples.items()},
        "healthz": _percentiles(health),
        "per_page": {name: (statistics.median(v) if v else float("nan"), max(v) if v else float("nan"))
                     for name, v in per_page.items()},
        "cold_max": max(cold.values()) if cold else float("nan"),
        "exports": exports,
        "rounds": len(health) // max(len(mix), 1),
    }


def run(sizes: tuple[int, ...] = SIZES) -> dict[str, Any]:
    results: dict[str, Any] = {"sizes": {}}
    smaller = None
    for size in sizes:
        build = build_store(size, smaller=smaller)
        results["sizes"][size] = {"build": build, **measure(_db_path(size))}
        smaller = _db_path(size)
    return results


def _fmt(p: dict[str, float]) -> str:
    return f"p50 {p['p50']:.1f} ms, p95 {p['p95']:.1f} ms"


def report(r: dict[str, Any]) -> str:
    lines = ["staff pages and exports over HTTP (uvicorn on 127.0.0.1, one keep-alive httpx connection):"]
    largest = max(r["sizes"])
    for size, s in sorted(r["sizes"].items()):
        lines.append(f"  {size:,} documents ({s['rounds']} rounds; first pass, cold: worst {s['cold_max']:.0f} ms)")
        for group in (*GROUPS, "list"):
            p = s["groups"][group]
            lines.append(f"    {group:<8} {_fmt(p)}  ({p['n']} requests)"
                         + (f" = {p['p95'] / max(s['healthz']['p95'], 1e-9):.1f}× /healthz p95" if p["n"] else ""))
        lines.append(f"    /healthz {_fmt(s['healthz'])}  (baseline: HTTP stack + one count)")
        for e in s["exports"]:
            mb = e["bytes"] / 1e6
            lines.append(
                f"    export {e['path']} {e['params'].get('format')}: {e['lines']:,} lines, {mb:.1f} MB in"
                f" {e['seconds']:.1f} s ({mb / max(e['seconds'], 1e-9):.1f} MB/s); server RSS {e['rss_before_mb']:.0f} MB"
                f" before, peak {e['peak_before_mb']:.0f} -> {e['peak_after_mb']:.0f} MB"
                f" (+{e['peak_after_mb'] - e['peak_before_mb']:.0f} MB for {mb:.0f} MB sent)"
            )
    big = r["sizes"][largest]
    worst = max(big["groups"][g]["p95"] for g in GROUPS)
    verdict = "met" if worst <= TARGET_P95_MS else "NOT met"
    lines.append(f"  target p95 ≤ {TARGET_P95_MS:.0f} ms for /search, /targets and unit pages at {largest:,}:"
                 f" {verdict} (worst group p95 {worst:.1f} ms)")
    slowest = sorted(big["per_page"].items(), key=lambda kv: -kv[1][0])
    lines.append(f"  per page at {largest:,} (median / max ms): " + "; ".join(
        f"{name} {median:.0f}/{top:.0f}" for name, (median, top) in slowest))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run()))
