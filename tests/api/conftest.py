"""An app on a temporary store, with the stand-in extractor of api_helpers."""

from __future__ import annotations

import pytest
from api_helpers import fake_extract
from fastapi.testclient import TestClient

import extract
from api.app import create_app
from api.settings import Settings


@pytest.fixture
def fake_extractor(monkeypatch):
    monkeypatch.setattr(extract, "extract_document", fake_extract)
    return fake_extract


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(db=tmp_path / "api.db", max_upload_bytes=20_000, max_files_per_upload=5)


@pytest.fixture
def client(settings, fake_extractor):
    with TestClient(create_app(settings)) as test_client:
        yield test_client
