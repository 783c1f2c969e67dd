"""``quizapp class keys`` as a teacher types it (both back ends): slips on the terminal or
in a file (defused cells), keys kept as hashes, kept when run again, replaced with --new;
a wrong class or output is a clear error with nothing written."""

from __future__ import annotations

import csv
import re
import stat

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from quizapp.cli import main
from quizapp.core.homework_keys import key_hash
from quizapp.core.roster import RosterEntry
from quizapp.services.teacher_auth import TeacherGate
from quizapp.storage import Store

PASSWORD = "secret-1"
KEY = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}")


@pytest.fixture
def db(db_url: str, monkeypatch) -> str:
    monkeypatch.setenv("QUIZAPP_TEACHER_PASSWORD", PASSWORD)
    with Store.open(db_url) as store:
        TeacherGate(store.teachers).set_first(PASSWORD)
        store.classes.create_class("高一3班")
        store.classes.set_roster("高一3班", [RosterEntry("甲", "2023001"),
                                             RosterEntry("=HYPERLINK(1)")])
    return db_url


def run(db: str, *args: str, lang: str = "en"):
    return CliRunner().invoke(main, [*args, "--db", db, "--lang", lang])


def hashes(db: str) -> set[str]:
    with Store.open(db) as store, store.engine.connect() as conn:
        return {r[0] for r in conn.execute(text("SELECT key_hash FROM homework_key"))}


def test_slips_on_the_terminal_then_kept_then_new(db: str) -> None:
    done = run(db, "class", "keys", "高一3班")
    assert done.exit_code == 0, done.output
    first = KEY.findall(done.output)
    assert len(first) == 2 and "2023001" in done.output
    assert "2 new homework keys, 0 kept" in done.output
    assert hashes(db) == {key_hash(k) for k in first}
    again = run(db, "class", "keys", "高一3班", lang="zh")
    assert KEY.findall(again.output) == [] and "已发过" in again.output
    renewed = run(db, "class", "keys", "高一3班", "--new")
    fresh = KEY.findall(renewed.output)
    assert len(fresh) == 2 and not set(fresh) & set(first)
    assert hashes(db) == {key_hash(k) for k in fresh}


def test_slips_in_a_file_with_defused_cells(db: str, tmp_path) -> None:
    out = tmp_path / "keys.csv"
    done = run(db, "class", "keys", "高一3班", "-o", str(out))
    assert done.exit_code == 0, done.output
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["Name", "Student number", "Homework key"]
    assert rows[1][:2] == ["甲", "2023001"] and KEY.fullmatch(rows[1][2])
    assert rows[2][0] == "'=HYPERLINK(1)"
    assert KEY.findall(done.output) == []  # the keys went to the file only
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # secrets: the owner's only
    book = tmp_path / "keys.xlsx"
    assert run(db, "class", "keys", "高一3班", "--new", "-o", str(book)).exit_code == 0
    import openpyxl

    assert stat.S_IMODE(book.stat().st_mode) == 0o600
    sheet = openpyxl.load_workbook(book).active
    assert sheet.cell(3, 1).value == "=HYPERLINK(1)" and sheet.cell(3, 1).data_type == "s"


def test_bad_class_or_output_writes_nothing(db: str, tmp_path) -> None:
    unknown = run(db, "class", "keys", "高一9班")
    assert unknown.exit_code != 0 and "高一9班" in unknown.output
    wrong = run(db, "class", "keys", "高一3班", "-o", str(tmp_path / "keys.yaml"))
    assert wrong.exit_code != 0 and ".csv" in wrong.output
    assert hashes(db) == set() and not (tmp_path / "keys.yaml").exists()


def test_the_teacher_password_guards_the_keys(db: str, monkeypatch) -> None:
    monkeypatch.setenv("QUIZAPP_TEACHER_PASSWORD", "wrong-pw")
    refused = run(db, "class", "keys", "高一3班")
    assert refused.exit_code != 0 and KEY.findall(refused.output) == []
    assert hashes(db) == set()
