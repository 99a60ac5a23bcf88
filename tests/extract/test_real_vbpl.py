"""The real pages of the national legal database: a record for every page, kind and number right
on at least 97% of those the site labels (its own metadata, not read from the body)."""

import json
from pathlib import Path

import pytest

from extract import extract_document
from ingest import load_path

VBPL = Path(__file__).resolve().parents[2].parent / "shared" / "real" / "vbpl"


@pytest.fixture(scope="module")
def records():
    if not (VBPL / "labels.jsonl").is_file():
        pytest.skip("../shared/real/vbpl is absent")
    labels = [json.loads(line) for line in (VBPL / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(lab, extract_document(load_path(VBPL / lab["file"]))) for lab in labels]


def test_every_page_gives_a_record(records):
    assert len(records) == 100
    assert all(rec.text and rec.document.kind for _, rec in records)


def test_kind_and_number_match_the_site_labels(records):
    labeled = [(lab, rec) for lab, rec in records if lab["kind"] is not None]
    right = sum(rec.document.kind == lab["kind"] and rec.document.number == lab["number"] for lab, rec in labeled)
    assert right / len(labeled) >= 0.97, f"{right}/{len(labeled)}"
