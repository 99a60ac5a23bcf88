"""Servers some tests need, started once per test session on loopback and stopped at its end:
PostgreSQL (the store's server backend) and Redis (the broker of the workers)."""

from __future__ import annotations

import pytest

from tests.services import postgres_server, redis_server

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_url():
    """The URL of an empty database on a PostgreSQL server of this session."""
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def empty_postgres(postgres_url):
    """The session's PostgreSQL store, emptied for this test; its URL."""
    from corpus.store import Store

    with Store(postgres_url) as store:
        store.truncate()
    return postgres_url


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> str:
    """An empty store on each backend in turn: a SQLite file, then the PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("empty_postgres")
