"""The homework key a terminal keeps: per database (named without the login's password),
readable by the user only, forgotten on request, a damaged file an empty one."""

from __future__ import annotations

import os
import stat

from quizapp import homework_key_file

URL = "postgresql+psycopg://quizapp_student:s3cret@school/quiz"


def test_the_key_is_kept_privately_per_database_without_the_password(tmp_path):
    path = tmp_path / "homework_keys.json"
    assert homework_key_file.key_for(URL, path) is None
    assert homework_key_file.keep(URL, "K7QM-3XWD-9PRT", path)
    assert "s3cret" not in path.read_text(encoding="utf-8")
    # the same database with another password (changed by the school): the same key
    assert homework_key_file.key_for(URL.replace("s3cret", "other"), path) == "K7QM-3XWD-9PRT"
    assert homework_key_file.key_for("sqlite:///other.db", path) is None
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert homework_key_file.forget(URL, path)
    assert homework_key_file.key_for(URL, path) is None


def test_a_damaged_or_huge_file_is_an_empty_one(tmp_path):
    path = tmp_path / "homework_keys.json"
    for content in (b"\xff\xfe not json", b"[1, 2]", b'{"a": 1}',
                    b" " * (homework_key_file.MAX_BYTES + 1)):
        path.write_bytes(content)
        assert homework_key_file.key_for(URL, path) is None
    assert homework_key_file.keep(URL, "K7QM-3XWD-9PRT", path)  # and it is written anew
    assert homework_key_file.key_for(URL, path) == "K7QM-3XWD-9PRT"
