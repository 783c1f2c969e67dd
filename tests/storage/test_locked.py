"""A SQLite file locked by another program: the store's own error after the busy timeout,
never a raw ``sqlite3.OperationalError``, and nothing written."""

from __future__ import annotations

import sqlite3

import pytest

from quizapp.storage import DatabaseBusy, StorageError, Store
from quizapp.storage import engine as engine_module


@pytest.fixture
def short_wait(monkeypatch):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)


def test_a_write_under_another_programs_exclusive_lock_is_a_clear_error(tmp_path, short_wait):
    path = tmp_path / "scores.db"
    with Store.open(f"sqlite:///{path}") as store:
        attempt = store.attempts.start_attempt("张三", "exam", [], {}, 1, 1)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # e.g. a DB browser in the middle of an edit
        try:
            with pytest.raises(DatabaseBusy) as caught:
                store.attempts.record_response(attempt, "q1", "h" * 16, "甲", 1, 1, True, 1)
        finally:
            other.execute("ROLLBACK")
            other.close()
        message = str(caught.value)
        assert "locked by another program" in message and "0 s" in message
        assert "\n" not in message and isinstance(caught.value, StorageError)
        detail = store.attempts.attempt(attempt)
        assert detail is not None and detail.responses == ()  # nothing half-written
        store.attempts.record_response(attempt, "q1", "h" * 16, "甲", 1, 1, True, 1)  # free again
        assert len(store.attempts.attempt(attempt).responses) == 1


def test_opening_a_file_held_in_exclusive_locking_mode_is_a_clear_error(tmp_path, short_wait):
    path = tmp_path / "scores.db"
    Store.open(f"sqlite:///{path}").close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError) as caught:
            Store.open(f"sqlite:///{path}")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "sqlite3" not in type(caught.value).__module__
    assert "\n" not in str(caught.value)
