"""A name given on the command line for a class: checked against the class's roster before
anything is recorded (``quiz``, ``cards``), and a report for a name no student has says so,
with the names it is close to. Both back ends."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.core.roster import RosterEntry
from quizapp.storage import Store


@pytest.fixture
def class_db(db_url: str) -> str:
    with Store.open(db_url) as store:
        store.classes.create_class("高一3班")
        store.classes.set_roster("高一3班", [RosterEntry("小明"), RosterEntry("Alice")])
        store.classes.create_class("open")  # a class without a roster
    return db_url


@pytest.fixture
def launched(monkeypatch):
    """QuizApp.run replaced: the apps the commands built, none opened."""
    from quizapp.tui.app import QuizApp

    apps: list[QuizApp] = []

    def run(self, *args, **kwargs):
        apps.append(self)
        self.recorder.stop()
        return 0

    monkeypatch.setattr(QuizApp, "run", run)
    return apps


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def student_names(url: str) -> list[str]:
    with Store.open(url) as store:
        return store.students.student_names()


@pytest.mark.parametrize("command", ["quiz", "cards"])
def test_a_name_not_on_the_roster_is_refused_and_nothing_recorded(class_db, launched, command):
    before = student_names(class_db)
    zh = invoke(command, "--db", class_db, "--class", "高一3班", "--student", "小名")
    assert zh.exit_code == 1
    assert zh.stderr == ("“小名”不在高一3班的名单上，没有记录任何答题：请用名单上的名字"
                         "（quizapp class show 高一3班 可以查看名单）。\n是不是想写：小明？\n")
    en = invoke(command, "--db", class_db, "--class", "高一3班", "--student", "alice",
                "--lang", "en")
    assert en.exit_code == 1
    assert en.stderr.startswith("“alice” is not on the roster of 高一3班; nothing was recorded")
    assert en.stderr.endswith("\nDid you mean: Alice?\n")
    far = invoke(command, "--db", class_db, "--class", "高一3班", "--student", "Zed",
                 "--lang", "en")
    assert far.exit_code == 1 and "Did you mean" not in far.stderr
    assert launched == [] and student_names(class_db) == before


@pytest.mark.parametrize("command", ["quiz", "cards"])
def test_an_unknown_class_is_an_error(class_db, launched, command):
    result = invoke(command, "--db", class_db, "--class", "高一4班", "--student", "小明",
                    "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == ("There is no class called “高一4班” (quizapp class list shows "
                             "every class).\n")
    assert launched == []


@pytest.mark.parametrize("command", ["quiz", "cards"])
def test_a_name_on_the_roster_or_any_name_without_one_opens_the_app(class_db, launched,
                                                                    command):
    assert invoke(command, "--db", class_db, "--class", "高一3班", "--student", "小明"
                  ).exit_code == 0
    assert invoke(command, "--db", class_db, "--class", " open ", "--student", "anyone"
                  ).exit_code == 0
    assert invoke(command, "--db", class_db, "--student", "Zed").exit_code == 0  # no class
    assert [app.student for app in launched] == ["小明", "anyone", "Zed"]


def test_a_hostile_name_is_shown_visibly(class_db, launched):
    result = invoke("quiz", "--db", class_db, "--class", "高一3班", "--student",
                    "x\x1b[2J[/]", "--lang", "en")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "[/]" in result.stderr


def test_a_report_for_an_unknown_student_says_so_with_close_names(class_db):
    result = invoke("report", "--db", class_db, "--student", "小名")
    assert result.exit_code == 1
    assert result.stderr == "成绩库里没有叫“小名”的学生（没有输出任何报告）。\n是不是想写：小明？\n"
    result = invoke("report", "--db", class_db, "--student", "ALICE", "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == ("There is no student called “ALICE” in the score database "
                             "(no report written).\nDid you mean: Alice?\n")
    assert result.stdout == ""
    known = invoke("report", "--db", class_db, "--student", "Alice", "--lang", "en")
    assert known.exit_code == 0 and "No attempts yet." in known.stdout


def test_a_report_for_a_student_of_a_class_checks_the_roster(class_db):
    zh = invoke("report", "--db", class_db, "--class", "高一3班", "--student", "小名")
    assert zh.exit_code == 1 and zh.stdout == ""
    assert zh.stderr == ("“小名”不在高一3班的名单上（没有输出任何报告；quizapp class show 高一3班 "
                         "可以查看名单）。\n是不是想写：小明？\n")
    en = invoke("report", "--db", class_db, "--class", "高一3班", "--student", "Zed",
                "--lang", "en")
    assert en.exit_code == 1 and en.stderr.startswith("“Zed” is not on the roster of 高一3班")
    unknown = invoke("report", "--db", class_db, "--class", "高一4班", "--student", "小明",
                     "--lang", "en")
    assert unknown.exit_code == 1 and "no class called “高一4班”" in unknown.stderr
    on = invoke("report", "--db", class_db, "--class", "高一3班", "--student", "Alice",
                "--lang", "en")
    assert on.exit_code == 0 and "No attempts yet." in on.stdout
    open_class = invoke("report", "--db", class_db, "--class", "open", "--student", "Alice",
                        "--lang", "en")
    assert open_class.exit_code == 0  # a class without a roster takes any name
