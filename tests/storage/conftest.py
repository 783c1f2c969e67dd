"""Fixtures for the storage tests, run against SQLite and PostgreSQL.

PostgreSQL: ``QUIZAPP_TEST_PG`` (default the local test server). Each test gets a fresh
schema, selected with ``search_path`` in the URL, and dropped afterwards, so runs never
interfere. An unreachable server skips the PostgreSQL cases, except with ``CI=true``, where
it fails.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from storage_pg import fresh_schema_url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(backend: str, tmp_path) -> Iterator[str]:
    """A URL to an empty database on the back end (SQLite file or fresh PG schema)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'scores.db'}"
        return
    with fresh_schema_url() as url:
        yield url


@pytest.fixture
def store(db_url: str):
    from quizapp.storage import Store

    s = Store.open(db_url)
    try:
        yield s
    finally:
        s.close()
