"""The README's accuracy table is what `make accuracy` prints: every row is recomputed here."""

import json
from pathlib import Path

import pytest

from extract import extract_document
from extract.evaluate import TABLE_HEADER, evaluate_records, markdown_row, pair_files
from ingest import load_path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
README = (ROOT / "README.md").read_text(encoding="utf-8")

ROWS = [
    ("own gold (corpus/gold)", ROOT / "corpus" / "gold", ROOT / "corpus" / "samples"),
    ("real pages (dev)", SHARED / "real" / "pages" / "gold", SHARED / "real" / "pages" / "docs"),
    ("seed pages", SHARED / "gold", SHARED / "seeds"),
]


def test_the_table_header_is_in_the_readme():
    assert TABLE_HEADER in README


@pytest.mark.parametrize("name,gold_dir,docs_dir", ROWS, ids=[r[0] for r in ROWS])
def test_each_readme_row_is_what_the_command_prints(name, gold_dir, docs_dir):
    if not gold_dir.is_dir():
        pytest.skip(f"{gold_dir} is absent")
    records = []
    for gold_path, doc_path in pair_files(gold_dir, docs_dir):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        records.append((gold_path.stem, gold, extract_document(load_path(doc_path)).model_dump(mode="json")))
    row = markdown_row(name, evaluate_records(records))
    assert row in README, f"README row out of date; `make accuracy` prints:\n{row}"
