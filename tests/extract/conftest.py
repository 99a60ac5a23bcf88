from __future__ import annotations

from pathlib import Path

import pytest

from extract import extract_document
from ingest.models import Document
from ingest.normalize import normalize_text

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def run_text(text: str, **kw):
    return extract_document(Document(text=normalize_text(text), filename="t.txt"), **kw)


@pytest.fixture
def extract_text():
    return run_text
