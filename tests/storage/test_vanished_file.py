"""A SQLite file moved, renamed or removed under a running app: the next use says so
(never reads or writes the file that is no longer at the path, nor makes a new, empty
database there), and works again once it is back."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from quizapp.storage import Store
from quizapp.storage.engine import FileVanished
from quizapp.storage.live_notify import SqlitePoller


def _count(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM meta")).scalar_one())


def test_a_moved_file_is_said_gone_and_used_again_once_back(tmp_path) -> None:
    path = tmp_path / "scores.db"
    url = f"sqlite:///{path}"
    store = Store.open(url)
    try:
        rows = _count(store)
        poller = SqlitePoller(store.engine)
        os.rename(path, tmp_path / "moved.db")
        with pytest.raises(FileVanished):
            _count(store)
        with pytest.raises(FileVanished):
            poller.wait(0.3)
        # another program opening it now: refused, no empty database made in its place
        with pytest.raises(FileVanished) as refused:
            Store.open(url)
        assert refused.value.message.key == "storage.vanished_journal"  # how to start anew
        assert not path.exists()
        os.rename(tmp_path / "moved.db", path)
        assert _count(store) == rows
        poller.close()
    finally:
        store.close()

