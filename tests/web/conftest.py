"""A store with a few of the project's sample documents, ingested through the library (the real
extractor), shared by the page tests of a module. Helpers are fixtures so any import mode works."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from corpus.store import Store
from service.ingest import extract_path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpus" / "samples"
# A plan with targets and deadlines (Nghệ An), news with figures (Hải Phòng), and others so
# that an empty search has a second page (10 hits a page).
SAMPLE_FILES = (
    "001_kh_nghean_2024.txt", "008_tin_haiphong_2022.txt", "014_kh_haiphong_2023.txt",
    "002_nq_thanhhoa_2023.txt", "004_bc_laocai_2023.txt", "009_tin_cantho_2023.txt",
    "012_kh_tinhdoan_nghean_2023.txt", "013_ct_quangninh_2022.txt", "016_tb_thainguyen_2022.txt",
    "018_kh_ldld_binhduong_2022.txt", "021_ctr_sonla_2021.txt", "031_bc_quangninh_2024.txt",
)


def ingest(db: Path, names: tuple[str, ...] = SAMPLE_FILES) -> dict[str, int]:
    """Extract and store sample files; file name → document id."""
    ids = {}
    with Store(db) as store:
        for name in names:
            document_id, _ = store.add(extract_path(SAMPLES / name))
            ids[name] = document_id
    return ids


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    db = tmp_path_factory.mktemp("web") / "web.db"
    return db, ingest(db)


@pytest.fixture(scope="module")
def doc_ids(sample_db) -> dict[str, int]:
    return sample_db[1]


@pytest.fixture(scope="module")
def client(sample_db):
    settings = Settings(db=sample_db[0], api_token=None, read_requires_token=False)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def make_client(sample_db):
    """A client over the same store with other settings (tokens)."""
    clients = []

    def build(**changes) -> TestClient:
        settings = Settings(db=sample_db[0], **{"api_token": None, "read_requires_token": False, **changes})
        test_client = TestClient(create_app(settings))
        test_client.__enter__()
        clients.append(test_client)
        return test_client

    yield build
    for test_client in clients:
        test_client.__exit__(None, None, None)
