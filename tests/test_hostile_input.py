"""Hostile command lines and settings: bytes that are not UTF-8, names longer than a
name, a settings file nested too deep. One clear line each, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from quizapp.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def quizapp(tmp_path: Path, *args: str | bytes, timeout: float = 60):
    env = {**os.environ, "QUIZAPP_DATA_DIR": str(tmp_path / "data"),
           "QUIZAPP_DB": str(tmp_path / "data" / "q.db"),
           "QUIZAPP_CACHE_DIR": str(tmp_path / "cache"), "LC_ALL": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "quizapp", *args], cwd=ROOT, env=env,
                          capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)


def test_names_that_are_not_utf8_are_refused_in_one_line(tmp_path):
    for args in ([b"--student", b"Jos\xe9"], [b"report", b"--student", b"Jos\xe9"],
                 [b"class", b"add", b"Jos\xe9"], [b"cards", b"--student", b"\xff\xfe"]):
        for lang, words in ((b"en", "is not UTF-8 text"), (b"zh", "不是 UTF-8 文字")):
            result = quizapp(tmp_path, *args, b"--lang", lang)
            err = result.stderr.decode()
            assert result.returncode == 2, (args, err)
            assert words in err and "Traceback" not in err and len(err.splitlines()) == 1
            assert "\\x" in err  # the bytes written out


def test_a_student_name_longer_than_a_name_is_refused(tmp_path):
    result = quizapp(tmp_path, "cards", "--student", "x" * 100_000, "--lang", "en")
    assert result.returncode == 2
    assert "too long: 100000 characters, the limit is 60" in result.stderr.decode()


def test_settings_nested_too_deep_are_ignored(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    loaded = Settings.load(path)
    assert loaded.problem is not None and loaded.problem[0] == "settings.invalid"
    path.write_text('{"student": "x", "lang": ' + "[" * 50_000 + "]" * 50_000 + "}",
                    encoding="utf-8")
    assert Settings.load(path).problem[0] == "settings.invalid"


def test_settings_with_text_no_file_can_hold_are_ignored(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"student": "Jos\\udce9", "lang": "en"}', encoding="utf-8")
    loaded = Settings.load(path)
    assert loaded.student == "" and loaded.lang == "en"
    assert Settings(student="Jos\udce9").save(path) is not None  # refused, not raised
    path.write_text('{"student": "' + "x" * 1000 + '"}', encoding="utf-8")
    assert Settings.load(path).student == ""


def test_class_add_on_a_locked_database_says_so_in_one_line(tmp_path, monkeypatch):
    import sqlite3

    from click.testing import CliRunner

    from quizapp.cli import main
    from quizapp.storage import engine

    db = tmp_path / "q.db"
    runner = CliRunner()
    assert runner.invoke(main, ["class", "add", "高一1班", "--db", str(db)]).exit_code == 0
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for lang, words in (("en", "locked"), ("zh", "锁")):
            result = runner.invoke(main, ["class", "add", "高一2班", "--db", str(db),
                                          "--lang", lang])
            assert result.exit_code == 1, result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
            assert words in result.stderr and len(result.stderr.splitlines()) == 1
            assert "Traceback" not in result.output
    finally:
        holder.rollback()
        holder.close()


def test_a_class_name_longer_than_a_name_is_refused(tmp_path):
    from click.testing import CliRunner

    from quizapp.cli import main

    result = CliRunner().invoke(main, ["class", "add", "班" * 61, "--db", str(tmp_path / "q.db"),
                                       "--lang", "zh"])
    assert result.exit_code == 2 and "名字太长：61 个字，上限是 60 个字" in result.stderr
    assert not (tmp_path / "q.db").exists()


def test_a_settings_file_of_gigabytes_is_not_read(tmp_path):
    path = tmp_path / "settings.json"
    with path.open("wb") as fh:
        fh.truncate(3 * 2**30)
    assert Settings.load(path).problem[0] == "settings.invalid"
