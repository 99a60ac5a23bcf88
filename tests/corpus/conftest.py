"""A fresh in-memory store per test."""

from __future__ import annotations

import pytest

from corpus.store import Store


@pytest.fixture
def store():
    with Store(":memory:") as s:
        yield s
