"""An app on a temporary store, with a small stand-in extractor so that API tests do not depend
on the extraction rules. Helpers are fixtures so that any pytest import mode works."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

import extract
from api.app import create_app
from api.settings import Settings
from extract.models import Extraction
from ingest.models import Document

_TARGET = re.compile(r"Phấn đấu kết nạp (\d+) đảng viên")


def fake_extract(document: Document, *, locality_hint: str | None = None) -> Extraction:
    """Title = first line; 'Nghị quyết' → resolution; 'Phấn đấu kết nạp N đảng viên' → a target."""
    text = document.text
    first = text.strip().splitlines()[0] if text.strip() else None
    number = re.search(r"Số:? ?(\S+)", text)
    targets = [
        {"measure": "kết nạp đảng viên", "comparator": "gte", "value": float(m.group(1)),
         "unit_of_measure": "đảng viên", "evidence": m.group(0), "start": m.start(), "end": m.end(),
         "unit": "Huyện ủy Tiên Lãng" if "Tiên Lãng" in text else None}
        for m in _TARGET.finditer(text)
    ]
    units = []
    if "Tiên Lãng" in text:
        units.append({"name": "Huyện ủy Tiên Lãng", "kind": "party_committee", "level": "district",
                      "locality": {"province": "Hải Phòng", "district": "Tiên Lãng"}})
    return Extraction.model_validate(
        {
            "source": {"filename": document.filename, "sha256": document.sha256, "media_type": document.media_type,
                       "warnings": document.missing},
            "text": text,
            "document": {
                "kind": "resolution" if text.startswith("Nghị quyết") else "news",
                "number": number.group(1) if number else None,
                "title": first,
                "issued_on": "2023-07-28",
                "place": locality_hint,
            },
            "units": units,
            "targets": targets,
        }
    )


DOC_A = "Nghị quyết về phát triển đảng viên\nSố: 28-NQ/TU\nHuyện ủy Tiên Lãng. Phấn đấu kết nạp 500 đảng viên mới.\n"
DOC_B = "Tin tức công tác dân vận\nHội nghị tổng kết công tác dân vận năm 2023.\n"


def upload_files(client: TestClient, *files: tuple[str, bytes], headers=None, data=None):
    return client.post(
        "/api/documents", files=[("file", (name, content)) for name, content in files], headers=headers, data=data
    )


@pytest.fixture
def fake_extractor(monkeypatch):
    monkeypatch.setattr(extract, "extract_document", fake_extract)
    return fake_extract


@pytest.fixture
def settings(store_url, tmp_path) -> Settings:
    """Settings on each backend in turn (a SQLite file, then the session's PostgreSQL database).
    sandbox=False: the stand-in extractor is patched into this process, a child would not see it."""
    return Settings(db=store_url, files=tmp_path / "files", max_upload_bytes=20_000, max_files_per_upload=5,
                    sandbox=False)


@pytest.fixture
def client(settings, fake_extractor):
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def doc_a() -> str:
    return DOC_A


@pytest.fixture
def doc_b() -> str:
    return DOC_B


@pytest.fixture
def upload():
    return upload_files
