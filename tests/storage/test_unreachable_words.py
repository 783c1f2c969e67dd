"""A database that cannot be reached is worded for a person, never by function name."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from quizapp.i18n import render, set_language
from quizapp.storage import StorageError
from quizapp.storage.students import guard


def _cantopen() -> sqlite3.OperationalError:
    try:
        sqlite3.connect("file:/nonexistent-dir/x.db?mode=rw", uri=True).execute("select 1")
    except sqlite3.OperationalError as exc:
        return exc
    raise AssertionError("opened a file that does not exist")


@guard
def reveal_question() -> None:
    raise OperationalError("UPDATE live", {}, _cantopen())


@guard
def broken_insert() -> None:
    raise IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", "连接不上成绩库"), ("en", "the score database cannot be reached")])
def test_unreachable_database_is_worded_plainly(lang: str, words: str) -> None:
    set_language(lang)
    try:
        with pytest.raises(StorageError) as info:
            reveal_question()
        text = render(info.value.message)
        assert text == words
        assert "reveal_question" not in text
    finally:
        set_language("zh")


def test_refused_statement_still_names_its_error() -> None:
    with pytest.raises(StorageError) as info:
        broken_insert()
    assert "UNIQUE" in str(info.value)


def test_refused_postgresql_connection_is_unreachable() -> None:
    pytest.importorskip("psycopg")
    from sqlalchemy import create_engine, text

    engine = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/none")

    @guard
    def open_question() -> None:
        with engine.connect() as conn:
            conn.execute(text("select 1"))

    with pytest.raises(StorageError) as info:
        open_question()
    assert render(info.value.message, "en") == "the score database cannot be reached"
