"""Extraction time (CPU, so that other work on the machine does not blur it) of one long document of real-looking text (the sample documents one after
another) at 100 k, 1 M and 5 M characters, on one core, and how it grows per 10× the input.

Issue 14 asks for at most 12× per 10× input (linear is 10×): long texts are extracted in pieces
(extract/pipeline.py), so no step may grow faster than the text.

    python -m bench long_texts
"""

from __future__ import annotations

import math
import time

from extract import extract_document
from ingest.models import Document
from tests.hostile_files import real_text

SIZES = (100_000, 1_000_000, 5_000_000)


def run(sizes: tuple[int, ...] = SIZES) -> dict:
    extract_document(Document(text=real_text(5_000)))  # the pipeline and word lists built outside the timing
    timings, wall = {}, {}
    for size in sizes:
        text = real_text(size)
        t0, w0 = time.process_time(), time.perf_counter()
        extract_document(Document(text=text))
        timings[size] = time.process_time() - t0
        wall[size] = time.perf_counter() - w0
    return {"seconds": timings, "wall": wall}


def growth_per_10x(timings: dict[int, float], small: int, large: int) -> float:
    """The factor the time grows by per 10× input between two sizes (a power law through both)."""
    exponent = math.log(timings[large] / timings[small]) / math.log(large / small)
    return 10 ** exponent


def report(r: dict) -> str:
    t = r["seconds"]
    sizes = sorted(t)
    lines = ["extraction of one long document (real-looking text, one core; CPU time, wall time beside it):"]
    lines += [f"  {size:>9,} characters: {t[size]:7.2f} s CPU ({1000 * t[size] / size * 10_000:.1f} ms per 10,000), "
              f"{r['wall'][size]:.2f} s wall" for size in sizes]
    for small, large in zip(sizes, sizes[1:], strict=False):
        lines.append(f"  growth {small:,} → {large:,}: {growth_per_10x(t, small, large):.1f}× per 10× input")
    if len(sizes) > 1:
        lines.append(f"  growth {sizes[0]:,} → {sizes[-1]:,}: {growth_per_10x(t, sizes[0], sizes[-1]):.1f}× per 10× input"
                     " (target ≤ 12×)")
    return "\n".join(lines)
