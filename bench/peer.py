"""Vanban's extraction against a peer on the same texts: underthesea's word_tokenize + ner.

underthesea is GPL-3.0, so it is never a dependency of the project: this section installs it into
a virtual environment of its own under .bench/ (the pinned version below) and times it there in a
subprocess, over the same sample texts Vanban extracts in this process. Both sides are warmed up
first and timed on one core, fastest of three passes; the ratio is what the README quotes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from extract import extract_document
from extract.pipeline import get_nlp
from ingest import load_path

ROOT = Path(__file__).resolve().parents[1]
PEER = "underthesea==9.5.0"
VENV = ROOT / ".bench" / "peer-underthesea"

_PEER_SCRIPT = r"""
import json, sys, time
from underthesea import ner, word_tokenize
texts = json.load(open(sys.argv[1], encoding="utf-8"))
for t in texts[:2]:
    word_tokenize(t); ner(t)
best = None
for _ in range(3):
    t0 = time.perf_counter()
    for t in texts:
        word_tokenize(t)
        ner(t)
    took = time.perf_counter() - t0
    best = took if best is None else min(best, took)
print(json.dumps({"seconds": best}))
"""


def _peer_python() -> Path | None:
    python = VENV / "bin" / "python"
    if not python.exists():
        VENV.parent.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", PEER],
                           check=True)
        except (subprocess.CalledProcessError, OSError):
            return None
    return python


def run() -> dict:
    docs = [load_path(p) for p in sorted((ROOT / "corpus" / "samples").iterdir()) if p.is_file()]
    texts = [d.text for d in docs]
    chars = sum(len(t) for t in texts)
    get_nlp()
    for d in docs[:2]:
        extract_document(d)
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        for d in docs:
            extract_document(d)
        took = time.perf_counter() - t0
        best = took if best is None else min(best, took)
    result: dict = {"documents": len(docs), "chars": chars, "vanban_s": best, "peer_s": None}
    python = _peer_python()
    if python is not None:
        corpus = VENV.parent / "peer-texts.json"
        corpus.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        env = dict(os.environ, OMP_NUM_THREADS="1")
        out = subprocess.run([str(python), "-c", _PEER_SCRIPT, str(corpus)], capture_output=True, text=True, env=env)
        if out.returncode == 0:
            result["peer_s"] = json.loads(out.stdout.strip().splitlines()[-1])["seconds"]
        else:
            result["peer_error"] = out.stderr.strip().splitlines()[-1:] or ["failed"]
    return result


def report(r: dict) -> str:
    per10k = 10_000 / r["chars"]
    lines = [f"extraction against a peer, {r['documents']} sample documents ({r['chars']:,} characters), fastest of 3:",
             f"  Vanban (whole record): {1000 * r['vanban_s'] * per10k:.1f} ms per 10,000 characters"]
    if r.get("peer_s"):
        lines.append(f"  {PEER} word_tokenize + ner: {1000 * r['peer_s'] * per10k:.1f} ms per 10,000 characters")
        lines.append(f"  Vanban is {r['peer_s'] / r['vanban_s']:.1f}x faster than the peer (keep it above 15x)")
    else:
        lines.append(f"  peer not available: {r.get('peer_error', 'could not install ' + PEER)}")
    return "\n".join(lines)
