"""Document → Extraction: the record of CONTRACT.md, from one spaCy pipeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from extract.models import Extraction

if TYPE_CHECKING:
    from ingest.models import Document

__all__ = ["Extraction", "extract_document"]


def extract_document(document: Document, *, locality_hint: str | None = None) -> Extraction:
    """Extract the record from an ingested document (pure function of its text and source facts)."""
    from extract.pipeline import run

    return run(document, locality_hint=locality_hint)
