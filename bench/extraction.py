"""Extraction time per document and per 10,000 characters on one core.

Baseline in the same run: spaCy's own tokenizer alone (spacy.blank("vi") without Vanban's
components) over the same texts, so the ratio says what the rules cost on top of tokenizing.
Where pyvi is installed, its word segmentation is timed too (the choice the README explains).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from extract import extract_document
from extract.pipeline import build_nlp, get_nlp
from ingest import load_path

ROOT = Path(__file__).resolve().parents[1]


def _texts() -> list:
    docs = [load_path(p) for p in sorted((ROOT / "corpus" / "samples").iterdir()) if p.is_file()]
    return docs


def run(repeat: int = 5) -> dict:
    docs = _texts()
    get_nlp()  # heavy objects built once, outside the timing
    extract_document(docs[0])
    per_doc = []
    chars = sum(len(d.text) for d in docs)
    t_total = 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        for d in docs:
            t = time.perf_counter()
            extract_document(d)
            per_doc.append(time.perf_counter() - t)
        t_total += time.perf_counter() - t0
    mean_pass = t_total / repeat
    blank = build_nlp()
    for name in list(blank.pipe_names):
        blank.remove_pipe(name)
    t0 = time.perf_counter()
    for _ in range(repeat):
        for d in docs:
            blank.make_doc(d.text)
    tok_pass = (time.perf_counter() - t0) / repeat
    result = {
        "documents": len(docs),
        "mean_chars": chars / len(docs),
        "ms_per_doc_mean": 1000 * mean_pass / len(docs),
        "ms_per_doc_p95": 1000 * sorted(per_doc)[int(0.95 * len(per_doc)) - 1],
        "ms_per_doc_median": 1000 * statistics.median(per_doc),
        "ms_per_10k_chars": 1000 * mean_pass / chars * 10_000,
        "ms_per_5k_chars": 1000 * mean_pass / chars * 5_000,
        "baseline_tokenizer_ms_per_10k_chars": 1000 * tok_pass / chars * 10_000,
    }
    result["ratio_to_tokenizer"] = result["ms_per_10k_chars"] / max(result["baseline_tokenizer_ms_per_10k_chars"], 1e-9)
    try:
        pyvi_nlp = build_nlp(use_pyvi=True)
        for name in list(pyvi_nlp.pipe_names):
            pyvi_nlp.remove_pipe(name)
        t0 = time.perf_counter()
        for d in docs:
            pyvi_nlp.make_doc(d.text)
        result["pyvi_tokenizer_ms_per_10k_chars"] = 1000 * (time.perf_counter() - t0) / chars * 10_000
    except ImportError:
        result["pyvi_tokenizer_ms_per_10k_chars"] = None
    return result


def report(r: dict) -> str:
    lines = [
        f"extraction, one core, {r['documents']} sample documents (mean {r['mean_chars']:.0f} chars):",
        f"  per document: mean {r['ms_per_doc_mean']:.1f} ms, median {r['ms_per_doc_median']:.1f} ms, p95 {r['ms_per_doc_p95']:.1f} ms",
        f"  per 10,000 characters: {r['ms_per_10k_chars']:.1f} ms  (5,000 characters: {r['ms_per_5k_chars']:.1f} ms; target < 50 ms)",
        f"  baseline, spaCy syllable tokenizer alone: {r['baseline_tokenizer_ms_per_10k_chars']:.2f} ms per 10,000 chars"
        f" (extraction = {r['ratio_to_tokenizer']:.0f}x the tokenizer)",
    ]
    if r.get("pyvi_tokenizer_ms_per_10k_chars") is not None:
        lines.append(f"  pyvi word segmentation alone: {r['pyvi_tokenizer_ms_per_10k_chars']:.1f} ms per 10,000 chars")
    return "\n".join(lines)
