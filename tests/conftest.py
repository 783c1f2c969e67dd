"""Shared fixtures: every test runs with its own data folder and database; ``db_url`` and
``store`` give a fresh database on SQLite and on PostgreSQL (see ``storage_pg.py``)."""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from storage_pg import fresh_schema_url

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: How many more file descriptors the process may hold at the end of the run than at its
#: start. What a test opens (a database, a server's socket, a pipe) is closed when it ends;
#: leaking a few per test would pass 1024 in a full run, and select() takes only those below.
FD_GROWTH_LIMIT = 200


def _open_files() -> list[str]:
    """What each file descriptor of this process points at (Linux; empty elsewhere)."""
    found = []
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return found
    for fd in fds:
        try:
            found.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:  # the listing's own descriptor, closed by now
            continue
    return found


@pytest.fixture(scope="session", autouse=True)
def file_descriptors_do_not_pile_up():
    """The run ends with at most FD_GROWTH_LIMIT more open files than it started with."""
    before = len(_open_files())
    yield
    gc.collect()
    after = _open_files()
    if len(after) - before > FD_GROWTH_LIMIT:
        kinds = Counter(target.split("[")[0].rstrip(":") if ":[" in target
                        else os.path.basename(target) for target in after)
        pytest.fail(f"{len(after)} files open at the end of the run ({before} at its start): "
                    f"what is opened in a test must be closed by its end; most common: "
                    f"{kinds.most_common(8)}", pytrace=False)


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
