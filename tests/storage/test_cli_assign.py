"""``quizapp assign`` and ``quizapp assignments`` as a teacher types them (both back ends):
set, list, change, withdraw; bad input is a clear error with a non-zero exit and nothing
stored; the teacher password guards them; a started assignment's questions stay."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.core.roster import RosterEntry
from quizapp.services.teacher_auth import TeacherGate
from quizapp.storage import Store

PASSWORD = "secret-1"


@pytest.fixture
def db(db_url: str, monkeypatch) -> str:
    monkeypatch.setenv("QUIZAPP_TEACHER_PASSWORD", PASSWORD)
    with Store.open(db_url) as store:
        TeacherGate(store.teachers).set_first(PASSWORD)
        store.classes.create_class("高一3班")
        store.classes.set_roster("高一3班", [RosterEntry("甲"), RosterEntry("乙")])
    return db_url


def run(db: str, *args: str, lang: str = "en"):
    return CliRunner().invoke(main, [*args, "--db", db, "--lang", lang])


def stored(db: str) -> list:
    with Store.open(db) as store:
        return store.assignments.assignments(withdrawn=True)


def test_set_list_change_withdraw(db: str) -> None:
    done = run(db, "assign", "高一3班", "--title", "三盘棋练习", "--set", "04-chess",
               "--count", "5", "--mode", "exam", "--time-limit", "10",
               "--due", "2099-12-10 18:00", "--attempts", "2", "--late",
               "--answers", "after-due")
    assert done.exit_code == 0, done.output
    assert 'Assignment #1 "三盘棋练习" set for 高一3班: 5 questions' in done.output
    (row,) = stored(db)
    assert (row.mode, row.count, row.time_limit, row.attempts, row.late, row.answers) == (
        "exam", 5, 10, 2, True, "after-due")
    listed = run(db, "assignments", "--class", "高一3班", "--format", "json")
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.output)
    assert [(d["student"], d["state"]) for d in data] == [("甲", "not_begun"),
                                                         ("乙", "not_begun")]
    table = run(db, "assignments", lang="zh")
    assert "未开始" in table.output and "三盘棋练习" in table.output
    # a student starts it: its questions are fixed now, its time can still move
    with Store.open(db) as store:
        sid = store.students.find_student("甲").id
        store.assignments.start(row.id, sid, spec={}, seed=row.seed, set_keys=["04-chess"],
                                max_score=5)
    locked = run(db, "assign", "--change", "1", "--count", "7")
    assert locked.exit_code == 1 and "cannot change" in locked.output
    later = run(db, "assign", "--change", "1", "--due", "2099-12-11 18:00")
    assert later.exit_code == 0, later.output
    assert stored(db)[0].count == 5
    mine = json.loads(run(db, "assignments", "--student", "甲", "--format", "json").output)
    assert [(d["student"], d["state"]) for d in mine] == [("甲", "started")]
    gone = run(db, "assign", "--withdraw", "1")
    assert gone.exit_code == 0 and "withdrawn" in gone.output
    assert "No assignments." in run(db, "assignments").output


@pytest.mark.parametrize(("args", "says"), [
    (["--title", "x", "--due", "2099/12/10"], 'not a time'),
    (["--title", "x", "--due", "2099-13-40"], 'not a time'),
    (["--title", "x", "--opens", "2099-12-11", "--due", "2099-12-10"], "is not after"),
    (["--title", "x", "--due", "2000-01-01"], "is not after"),
    (["--title", "x", "--set", "no-such-set", "--due", "2099-12-10"], 'No question set'),
    (["--title", "x", "--mode", "bogus", "--due", "2099-12-10"], 'No mode "bogus"'),
    (["--title", "x", "--answers", "never", "--due", "2099-12-10"], "--answers"),
    (["--title", "x", "--count", "0", "--due", "2099-12-10"], "--count must be"),
    (["--title", "x", "--time-limit", "5", "--due", "2099-12-10"], "exams only"),
    (["--title", "  ", "--due", "2099-12-10"], "needs a title"),
    (["--title", "x"], "needs a due time"),
])
def test_bad_input_is_refused_and_nothing_stored(db: str, args: list[str], says: str) -> None:
    result = run(db, "assign", "高一3班", *args)
    assert result.exit_code != 0
    assert says in result.output
    assert "Traceback" not in result.output
    assert stored(db) == []


def test_unknown_class_and_chinese_words(db: str) -> None:
    result = run(db, "assign", "高一9班", "--title", "x", "--due", "2099-12-10")
    assert result.exit_code == 1 and "高一9班" in result.output
    zh = run(db, "assign", "高一3班", "--title", "x", "--due", "2099/12/10", lang="zh")
    assert zh.exit_code == 2 and "格式不对" in zh.output
    assert run(db, "assignments", "--class", "高一9班").exit_code == 1


def test_the_teacher_password_guards_it(db: str, monkeypatch) -> None:
    monkeypatch.setenv("QUIZAPP_TEACHER_PASSWORD", "wrong")
    result = run(db, "assign", "高一3班", "--title", "x", "--due", "2099-12-10")
    assert result.exit_code == 1
    assert stored(db) == []


def test_the_gradebook_in_xlsx_and_csv(db: str, tmp_path) -> None:
    """Three students: one on time, one late, one not at all; the xlsx says so, and the
    item analysis counts this assignment's answers alone."""
    from datetime import timedelta

    import openpyxl

    assert run(db, "assign", "高一3班", "--title", "期中", "--set", "04-chess", "--count", "2",
               "--mode", "exam", "--due", "2099-12-10", "--late").exit_code == 0
    with Store.open(db) as store:
        store.classes.set_roster("高一3班", [RosterEntry("甲"), RosterEntry("乙"),
                                            RosterEntry("=SUM(A1)")])
        (row,) = store.assignments.assignments()
        ids = {p.student: p.student_id for p in store.assignments.progress(row.id)}
        first, _ = store.assignments.start(row.id, ids["甲"], spec={}, seed=row.seed,
                                           set_keys=["04-chess"], max_score=2)
        store.attempts.record_response(first, "q-a", "", "x", 1.0, 1, True, 1.0)
        store.attempts.record_response(first, "q-b", "", "y", 0.0, 1, False, 1.0)
        store.attempts.finish_attempt(first, 1.0, 2)
        second, _ = store.assignments.start(row.id, ids["乙"], spec={}, seed=row.seed,
                                            set_keys=["04-chess"], max_score=2)
        store.attempts.record_response(second, "q-a", "", "x", 1.0, 1, True, 1.0)
        store.attempts.finish_attempt(second, 1.0, 2, at=row.due_at + timedelta(hours=1))
        # an answer outside the assignment is not in its item analysis
        other = store.attempts.start_attempt(ids["甲"], "practice", ["04-chess"], {}, 1, 1)
        store.attempts.record_response(other, "q-a", "", "x", 0.0, 1, False, 1.0)
    path = tmp_path / "期中.xlsx"
    done = run(db, "assignments", "--assignment", str(row.id), "-o", str(path), lang="zh")
    assert done.exit_code == 0, done.output
    book = openpyxl.load_workbook(path)
    students, items = ([[c.value for c in r] for r in sheet.iter_rows()] for sheet in book)
    assert students[0][:4] == ["学生", "学号", "状态", "迟交"]
    by_name = {r[0]: r for r in students[1:]}
    assert by_name["甲"][2:6] == ["已完成", 0, 1, 2]
    assert by_name["乙"][2:4] == ["迟交", 1]
    (name_cell,) = (row[0] for row in book.worksheets[0].iter_rows(min_row=2)
                    if str(row[0].value).startswith("="))
    # a formula-like name is a text cell, never a live formula (and reads as it was typed)
    assert name_cell.data_type == "s" and name_cell.value == "=SUM(A1)"
    assert [r[2] for r in students[1:] if r[0] not in ("甲", "乙")] == ["未开始"]
    assert {r[0]: (r[3], r[4]) for r in items[1:]} == {"q-a": (2, 0), "q-b": (1, 1)}
    csv_out = run(db, "assignments", "--assignment", str(row.id), "--format", "csv")
    assert csv_out.exit_code == 0 and "late" in csv_out.output.splitlines()[0]
    refused = run(db, "assignments", "--format", "xlsx", "-o", str(tmp_path / "all.xlsx"))
    assert refused.exit_code == 2 and not (tmp_path / "all.xlsx").exists()


def test_a_card_review_is_set_and_listed_in_cards(db: str) -> None:
    done = run(db, "assign", "高一3班", "--title", "闪卡复习", "--set", "03-whatevers",
               "--mode", "cards", "--target", "4", "--due", "2099-12-10 18:00")
    assert done.exit_code == 0, done.output
    assert "review 4 cards" in done.output and "questions" not in done.output
    zh = run(db, "assign", "高一3班", "--title", "到期闪卡", "--mode", "cards",
             "--due", "2099-12-10 18:00", lang="zh")
    assert zh.exit_code == 0 and "复习到期的闪卡" in zh.output
    data = json.loads(run(db, "assignments", "--assignment", "1", "--format", "json").output)
    assert [(d["student"], d["state"], d["reviewed"], d["target"]) for d in data] == [
        ("甲", "not_begun", 0, 4), ("乙", "not_begun", 0, 4)]
    assert "0/4" in run(db, "assignments", "--assignment", "1").output
