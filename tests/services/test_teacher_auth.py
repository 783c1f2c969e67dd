"""The teacher password: a salted scrypt hash only, checked in constant time; the first
one is set once; changing it needs the current one; the command sets and changes it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.services.teacher_auth import TeacherGate, hash_password, problem_with, verify
from quizapp.storage import Store


def test_hash_is_salted_scrypt_and_verifies() -> None:
    one, two = hash_password("秘密password"), hash_password("秘密password")
    assert one.startswith("scrypt$16384$8$1$") and one != two  # a salt per password
    assert "password" not in one
    assert verify("秘密password", one) and verify("秘密password", two)
    assert not verify("秘密passwore", one)
    assert not verify("x", "md5$abc") and not verify("x", "scrypt$99999999$8$1$00$00")
    assert problem_with("short") == "teacher.password_short"
    assert problem_with("long enough") is None


def test_first_password_once_then_required(store: Store, monkeypatch) -> None:
    monkeypatch.delenv("QUIZAPP_TEACHER_PASSWORD")
    gate = TeacherGate(store.teachers)
    assert gate.needs_setting() and gate.check_given() is None
    assert gate.set_first("first-pass")
    assert not gate.set_first("second-pass")  # set already: not replaced
    assert gate.check("first-pass") and not gate.check("second-pass")
    assert not gate.change("wrong", "third-pass")
    assert gate.change("first-pass", "third-pass") and gate.check("third-pass")
    monkeypatch.setenv("QUIZAPP_TEACHER_PASSWORD", "third-pass")
    assert gate.check_given() is True
    monkeypatch.setenv("QUIZAPP_TEACHER_PASSWORD", "nope-nope")
    assert gate.check_given() is False


@pytest.mark.parametrize("backend", ["sqlite"])
def test_teacher_password_command(db_url: str, monkeypatch) -> None:
    monkeypatch.delenv("QUIZAPP_TEACHER_PASSWORD")
    run = CliRunner().invoke
    result = run(main, ["--lang", "en", "teacher", "password", "--db", db_url],
                 input="abc\n")
    assert result.exit_code == 1 and "too short" in result.output
    result = run(main, ["--lang", "en", "teacher", "password", "--db", db_url],
                 input="pass-one\npass-two\n")
    assert result.exit_code == 1 and "The two passwords differ" in result.output
    result = run(main, ["--lang", "en", "teacher", "password", "--db", db_url],
                 input="pass-one\npass-one\n")
    assert result.exit_code == 0 and "The teacher password is set." in result.output
    assert "pass-one" not in result.output  # never echoed
    result = run(main, ["teacher", "password", "--db", db_url],
                 input="wrong-one\n")
    assert result.exit_code == 1 and "教师密码不对" in result.output
    result = run(main, ["teacher", "password", "--db", db_url],
                 input="pass-one\npass-new\npass-new\n")
    assert result.exit_code == 0 and "教师密码已更改" in result.output
    with Store.open(db_url) as store:
        assert TeacherGate(store.teachers).check("pass-new")
    # the dashboard asks too: a wrong password opens nothing
    result = run(main, ["--lang", "en", "teacher", "--db", db_url], input="pass-one\n")
    assert result.exit_code == 1 and "Wrong teacher password" in result.output
