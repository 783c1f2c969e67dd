"""The teacher's commands on students and classes, as a teacher types them (both back ends):
two schools' rosters sharing a name stay two students unless the teacher says otherwise;
removing a class keeps its students; merging keeps both students' scores; removing a
student with scores is refused; the teacher password guards every change."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.services.teacher_auth import TeacherGate
from quizapp.storage import Store

#: these tests type the teacher password at the prompt
pytestmark = pytest.mark.usefixtures("typed_password")


@pytest.fixture
def typed_password(monkeypatch):
    monkeypatch.delenv("QUIZAPP_TEACHER_PASSWORD", raising=False)


PASSWORD = "secret-1"


@pytest.fixture
def db(db_url: str) -> str:
    with Store.open(db_url) as store:
        TeacherGate(store.teachers).set_first(PASSWORD)
    return db_url


def run(*args: str, input: str = f"{PASSWORD}\n"):
    return CliRunner().invoke(main, ["--lang", "en", *args], input=input)


def roster(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def students(db_url: str) -> list[tuple[str, str, tuple[str, ...]]]:
    with Store.open(db_url) as store:
        return [(s.name, s.number, s.classes) for s in store.classes.student_infos()]


def quiz(db_url: str, student_id: int, score: float) -> None:
    with Store.open(db_url) as store:
        aid = store.attempts.start_attempt(student_id, "exam", ["s"], {}, 1, 2)
        store.attempts.record_response(aid, "q1", "h", "x", score, 2, score == 2, 1.0)
        store.attempts.finish_attempt(aid, score, 2)


def test_a_shared_name_is_asked_about_and_never_merged(db: str, tmp_path: Path) -> None:
    three = roster(tmp_path, "3.csv", "序号,学号,姓名\n1,2023031,张伟\n2,2023032,李娜\n")
    five = roster(tmp_path, "5.csv", "高一(5)班学生名单\n序号,姓名\n1,张伟\n2,刘洋\n")
    assert run("class", "add", "高一3班", "--roster", three, "--db", db).exit_code == 0
    # no terminal to answer in: nothing saved, and how to say it is told
    result = run("class", "add", "高一5班", "--roster", five, "--db", db,
                 input=f"{PASSWORD}\n")
    assert result.exit_code == 1
    assert "“张伟” on the roster: the database has a student of that name" in result.output
    assert "张伟 (高一3班, No. 2023031)" in result.output
    assert "--new 张伟" in result.output
    with Store.open(db) as store:
        assert not store.classes.class_exists("高一5班")
    # answered at the prompt: a new student
    result = run("class", "add", "高一5班", "--roster", five, "--db", db,
                 input=f"{PASSWORD}\nn\n")
    assert result.exit_code == 0, result.output
    assert "The header is on row 2; the title above it (1 row(s)) was skipped." in result.stderr
    assert "0 are students the database had and 2 are new students" in result.stdout
    got = sorted(students(db))
    assert got == [("刘洋", "", ("高一5班",)), ("张伟", "", ("高一5班",)),
                   ("张伟", "2023031", ("高一3班",)), ("李娜", "2023032", ("高一3班",))]
    # the same roster read again: the same students, nothing asked
    result = run("class", "add", "高一5班", "--roster", five, "--db", db)
    assert result.exit_code == 0, result.output
    assert "2 are students the database had and 0 are new" in result.stdout
    assert len(students(db)) == 4


def test_same_as_and_new_on_the_command_line(db: str, tmp_path: Path) -> None:
    three = roster(tmp_path, "3.csv", "姓名\n张伟\n")
    assert run("class", "add", "3班", "--roster", three, "--db", db).exit_code == 0
    with Store.open(db) as store:
        wei = store.students.find_student("张伟").id
    extra = roster(tmp_path, "x.csv", "姓名\n张伟\n")
    result = run("class", "add", "兴趣组", "--roster", extra, "--same-as", "张伟", "--db", db)
    assert result.exit_code == 0, result.output
    assert students(db) == [("张伟", "", ("3班", "兴趣组"))]
    result = run("class", "add", "5班", "--roster", extra, "--new", "张伟", "--db", db)
    assert result.exit_code == 0, result.output
    assert len(students(db)) == 2
    # two namesakes now: --same-as needs the id, and a wrong id is refused
    result = run("class", "add", "6班", "--roster", extra, "--same-as", "张伟", "--db", db)
    assert result.exit_code == 1 and "give the id" in result.output
    result = run("class", "add", "6班", "--roster", extra, "--same-as", f"张伟={wei}",
                 "--db", db)
    assert result.exit_code == 0, result.output
    assert ("张伟", "", ("3班", "6班", "兴趣组")) in students(db)


def test_wrong_password_changes_nothing(db: str, tmp_path: Path) -> None:
    three = roster(tmp_path, "3.csv", "姓名\n张伟\n")
    result = run("class", "add", "3班", "--roster", three, "--db", db, input="nope\n")
    assert result.exit_code == 1 and "Wrong teacher password; nothing was done." in result.output
    with Store.open(db) as store:
        assert store.classes.classes() == [] and store.classes.student_infos() == []
        assert store.teachers.teacher_password_hash().startswith("scrypt$")
        assert PASSWORD not in store.teachers.teacher_password_hash()


def test_remove_and_rename_a_class_keep_students_and_scores(db: str, tmp_path: Path) -> None:
    wrong = roster(tmp_path, "w.csv", "学号,姓名\n2023041,赵磊\n")
    assert run("class", "add", "高一9班", "--roster", wrong, "--db", db).exit_code == 0
    with Store.open(db) as store:
        lei = store.students.find_student("赵磊").id
    quiz(db, lei, 2.0)
    result = run("class", "remove", "高一9班", "--db", db, input=f"{PASSWORD}\nn\n")
    assert result.exit_code == 1 and "Nothing was done." in result.output
    assert "Remove the class “高一9班” and its roster (1 students)?" in result.output
    result = run("class", "remove", "高一9班", "--db", db, input=f"{PASSWORD}\ny\n")
    assert result.exit_code == 0, result.output
    assert students(db) == [("赵磊", "2023041", ())]
    with Store.open(db) as store:
        assert [a.score for a in store.attempts.history(lei)] == [2.0]
    result = run("class", "remove", "高一9班", "--db", db)
    assert result.exit_code == 1 and "There is no class called “高一9班”" in result.output
    assert run("class", "add", "3班", "--db", db).exit_code == 0
    result = run("class", "rename", "3班", "高一(3)班", "--yes", "--db", db)
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        assert [c.name for c in store.classes.classes()] == ["高一(3)班"]


def test_merge_keeps_both_students_scores(db: str, tmp_path: Path) -> None:
    three = roster(tmp_path, "3.csv", "学号,姓名\n2023031,张伟\n")
    dup = roster(tmp_path, "d.csv", "姓名\n张伟\n")
    assert run("class", "add", "3班", "--roster", three, "--db", db).exit_code == 0
    assert run("class", "add", "社团", "--roster", dup, "--new", "张伟", "--db", db
               ).exit_code == 0
    with Store.open(db) as store:
        first, second = (s.id for s in store.students.students_named("张伟"))
    quiz(db, first, 2.0)
    quiz(db, second, 1.0)
    quiz(db, second, 0.0)
    result = run("student", "merge", "张伟", "张伟", "--db", db)
    assert result.exit_code == 1 and "is more than one student" in result.output
    assert f"#{second}  张伟 (社团)" in result.output
    result = run("student", "merge", f"#{second}", "2023031", "--db", db,
                 input=f"{PASSWORD}\ny\n")
    assert result.exit_code == 0, result.output
    assert "Together: 3 quizzes" in result.output
    assert f"Merged student #{second} into #{first}: 3 quizzes" in result.stdout
    assert students(db) == [("张伟", "2023031", ("3班", "社团"))]
    with Store.open(db) as store:
        assert sorted(a.score for a in store.attempts.history(first)) == [0.0, 1.0, 2.0]


def test_remove_is_refused_while_scores_exist(db: str, tmp_path: Path) -> None:
    bad = roster(tmp_path, "b.csv", "姓名\n赵磊\n孙丽\n")
    assert run("class", "add", "4班", "--roster", bad, "--db", db).exit_code == 0
    with Store.open(db) as store:
        lei = store.students.find_student("赵磊").id
    quiz(db, lei, 1.0)
    result = run("student", "remove", "赵磊", "--yes", "--db", db)
    assert result.exit_code == 1 and "has scores; not removed" in result.output
    assert len(students(db)) == 2
    result = run("student", "remove", "孙丽", "--yes", "--db", db)
    assert result.exit_code == 0 and "Removed student" in result.output
    result = run("student", "remove", "赵磊", "--with-scores", "--yes", "--db", db)
    assert result.exit_code == 0 and "(and 1 quizzes, 0 reviews)" in result.output
    assert students(db) == []


def test_rename_a_student_and_give_a_number(db: str, tmp_path: Path) -> None:
    bad = roster(tmp_path, "b.csv", "姓名\n赵磊\n")
    assert run("class", "add", "4班", "--roster", bad, "--db", db).exit_code == 0
    result = run("student", "rename", "赵磊", "赵蕾", "--number", "2023041", "--yes",
                 "--db", db)
    assert result.exit_code == 0, result.output
    assert students(db) == [("赵蕾", "2023041", ("4班",))]
    result = run("student", "list", "--db", db)
    assert "2023041" in result.output and "赵蕾" in result.output


def test_zh_messages(db: str, tmp_path: Path) -> None:
    bad = roster(tmp_path, "b.csv", "姓名\n赵磊\n")
    result = CliRunner().invoke(main, ["class", "add", "4班", "--roster", bad, "--db", db],
                                input=f"{PASSWORD}\n")
    assert result.exit_code == 0
    assert "没有合并任何学生" in result.stdout and "姓名取自“姓名”列。" in result.stderr
    assert "教师密码：" in result.stderr
    result = CliRunner().invoke(main, ["class", "remove", "4班", "--db", db],
                                input=f"{PASSWORD}\ny\n")
    assert result.exit_code == 0 and "已删除班级“4班”" in result.stdout
