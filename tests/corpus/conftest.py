"""Store fixtures: a fresh in-memory store per test, and records built by hand (the extractor
is not needed to test the store). Helpers are fixtures so that any pytest import mode works."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from corpus.store import Store
from extract.models import Extraction


def build_record(
    text: str,
    *,
    sha: str | None = None,
    filename: str = "doc.txt",
    kind: str | None = "resolution",
    number: str | None = None,
    title: str | None = None,
    issuer: str | None = None,
    issued_on: str | None = "2023-07-28",
    topics: list[str] | None = None,
    units: list[dict[str, Any]] | None = None,
    targets: list[dict[str, Any]] | None = None,
    figures: list[dict[str, Any]] | None = None,
    deadlines: list[dict[str, Any]] | None = None,
    references: list[dict[str, Any]] | None = None,
) -> Extraction:
    """A contract record whose sha256 defaults to a hash of all its content."""
    record = {
        "source": {"filename": filename, "sha256": sha, "media_type": "text/plain", "pages": None},
        "text": text,
        "document": {
            "kind": kind,
            "number": number,
            "title": title,
            "issuer": issuer,
            "issued_on": issued_on,
            "topics": topics or [],
        },
        "units": units or [],
        "targets": targets or [],
        "figures": figures or [],
        "deadlines": deadlines or [],
        "references": references or [],
    }
    if sha is None:
        record["source"]["sha256"] = hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()
    return Extraction.model_validate(record)


def build_unit(
    name: str,
    kind: str,
    level: str | None,
    province: str | None = None,
    district: str | None = None,
    parent: str | None = None,
) -> dict[str, Any]:
    locality = {"province": province, "district": district, "commune": None} if province else None
    return {
        "name": name,
        "kind": kind,
        "level": level,
        "locality": locality,
        "parent": parent,
        "mentions": [{"start": 0, "end": 1, "text": name[:1]}],
    }


@pytest.fixture(params=("sqlite", "postgresql"))
def store(request):
    """An empty store on each backend in turn: SQLite in memory, then the session's PostgreSQL
    database, emptied."""
    url = ":memory:" if request.param == "sqlite" else request.getfixturevalue("empty_postgres")
    with Store(url) as s:
        yield s


@pytest.fixture
def sqlite_store():
    """A store on SQLite only (tests of what is SQLite's own, such as FTS5's highlight())."""
    with Store(":memory:") as s:
        yield s


@pytest.fixture
def make_record():
    return build_record


@pytest.fixture
def unit():
    return build_unit
