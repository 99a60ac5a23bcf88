"""The real extractor on the project's samples, through the command line into a store and back out.

Skipped when there are no samples (they live in corpus/samples/).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from corpus.store import Store

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"
FILES = sorted(p for p in SAMPLES.glob("*") if p.is_file()) if SAMPLES.is_dir() else []


@pytest.mark.skipif(len(FILES) < 3, reason="no samples in corpus/samples")
def test_samples_ingest_search_and_export(tmp_path, monkeypatch):
    monkeypatch.delenv("VANBAN_DB", raising=False)
    db = tmp_path / "samples.db"
    picked = [str(p) for p in FILES[:6]]
    runner = CliRunner()
    first = runner.invoke(main, ["--db", str(db), "ingest", *picked], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == f"ingested {len(picked)} new, 0 already stored, 0 failed"
    with Store(db) as store:
        for doc_id in range(1, len(picked) + 1):
            record = store.get(doc_id)
            assert record["text"] and record["source"]["sha256"]
        assert store.search("dang")["total"] >= 1
        assert store.units_tree()
    exported = runner.invoke(main, ["--db", str(db), "export", "figures"], catch_exceptions=False)
    rows = list(csv.DictReader(io.StringIO(exported.stdout.lstrip("\ufeff"))))
    assert all(row["id"] and row["document_id"] for row in rows)
    again = runner.invoke(main, ["--db", str(db), "ingest", *picked], catch_exceptions=False)
    assert again.stdout.strip() == f"ingested 0 new, {len(picked)} already stored, 0 failed"
    lines = runner.invoke(main, ["extract", "--no-text", picked[0]]).stdout.splitlines()
    assert json.loads(lines[0])["source"]["filename"] == Path(picked[0]).name
