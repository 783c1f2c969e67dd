"""Shared fixtures: every test runs with its own data folder and database; ``db_url`` and
``store`` give a fresh database on SQLite and on PostgreSQL (see ``storage_pg.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from storage_pg import fresh_schema_url

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def hermetic_paths(tmp_path_factory, monkeypatch):
    """Point QUIZAPP_DATA_DIR, QUIZAPP_DB, QUIZAPP_DECKS_DIR and QUIZAPP_CACHE_DIR at a fresh
    temporary folder."""
    home = tmp_path_factory.mktemp("quizapp-home")
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("QUIZAPP_DECKS_DIR", str(home / "decks"))
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", str(home / "cache"))
    monkeypatch.delenv("QUIZAPP_DB", raising=False)
    return home


@pytest.fixture(autouse=True)
def teacher_password(monkeypatch) -> str:
    """The teacher password, typed for every test by QUIZAPP_TEACHER_PASSWORD (a test of the
    prompt itself removes it)."""
    monkeypatch.setenv("QUIZAPP_TEACHER_PASSWORD", "teacher-test")
    return "teacher-test"


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
