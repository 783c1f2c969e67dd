"""Opening a database: what is refused (and left untouched), and how SQLite is configured."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from storage_fixture import student_names

from quizapp.storage import SCHEMA_VERSION, StorageError, Store, safe_url


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def make_store_file(path: Path) -> None:
    with Store.open(f"sqlite:///{path}") as store:
        aid = store.attempts.start_attempt("a", "exam", [], {}, 1, 1)
        for i in range(200):  # enough rows for several pages
            store.attempts.record_response(aid, f"question-{i:04d}", "h" * 16, "x" * 100, 1, 1, True, 1)
    assert siblings(path) == {path.name}  # closed cleanly: no -wal/-shm left


def refuse(path: Path, match: str) -> None:
    before, files = digest(path), siblings(path)
    with pytest.raises(StorageError, match=match) as info:
        Store.open(f"sqlite:///{path}")
    assert "\n" not in str(info.value)
    assert digest(path) == before, "the refused file was modified"
    assert siblings(path) == files, "files were created beside the refused file"


def test_garbage_file_is_refused_untouched(tmp_path):
    path = tmp_path / "scores.db"
    path.write_bytes(os.urandom(8192))
    refuse(path, "not a SQLite database")


def test_text_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("学生名单\nAlice\n", encoding="utf-8")
    refuse(path, "not a SQLite database")


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_corrupt_database_is_refused_untouched(tmp_path, journal):
    path = tmp_path / "scores.db"
    make_store_file(path)
    if journal == "delete":
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    assert len(data) >= 6 * page
    data[2 * page: 5 * page] = os.urandom(3 * page)  # valid header, garbage pages
    path.write_bytes(bytes(data))
    refuse(path, "corrupt")


def test_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "collection.anki2"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, flds TEXT)")
    conn.execute("INSERT INTO notes (flds) VALUES ('长沙')")
    conn.commit()
    conn.close()
    refuse(path, "not a quizapp database")


def _set_version(url: str, version: int) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = :v WHERE key = 'schema_version'"),
                     {"v": str(version)})
    engine.dispose()


def test_newer_schema_is_refused(db_url: str, backend: str):
    with Store.open(db_url) as store:
        store.students.student("Alice")
    _set_version(db_url, SCHEMA_VERSION + 1)
    if backend == "sqlite":
        refuse(Path(db_url.removeprefix("sqlite:///")), "newer than this quizapp supports")
    else:
        with pytest.raises(StorageError, match=f"schema version {SCHEMA_VERSION + 1}, newer"):
            Store.open(db_url)
    _set_version(db_url, SCHEMA_VERSION)
    with Store.open(db_url) as store:  # nothing was lost meanwhile
        assert student_names(store) == ["Alice"]


def test_unreachable_server_message_hides_password():
    url = "postgresql+psycopg://teacher:s3cret@127.0.0.1:1/school"
    with pytest.raises(StorageError) as info:
        Store.open(url)
    message = str(info.value)
    assert "s3cret" not in message and "teacher:***@127.0.0.1:1/school" in message
    assert message.startswith("cannot open database") and "\n" not in message
    assert safe_url(url) == "postgresql+psycopg://teacher:***@127.0.0.1:1/school"


@pytest.mark.parametrize("url, match", [
    ("nosuchdb://x/y", "unknown database kind"),
    ("::not a url::", "not a database URL"),
])
def test_bad_urls(url, match):
    with pytest.raises(StorageError, match=match):
        Store.open(url)


def test_missing_file_without_create(tmp_path):
    path = tmp_path / "none.db"
    with pytest.raises(StorageError, match="no database at"):
        Store.open(f"sqlite:///{path}", create=False)
    assert not path.exists()
    with pytest.raises(StorageError, match="does not exist"):
        Store.open(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")


def test_default_location(hermetic_paths):
    with Store.open() as store:
        store.students.student("a")
    assert (hermetic_paths / "data" / "quizapp.db").is_file()


def test_sqlite_connection_settings(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 's.db'}") as store:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_empty_file_becomes_a_database(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    with Store.open(f"sqlite:///{path}") as store:
        store.students.student("a")
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
