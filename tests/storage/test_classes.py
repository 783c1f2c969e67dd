"""Classes and rosters: reading roster files, storing them, ``quizapp class`` and
``--class`` on the reports (both back ends)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from storage_fixture import fill

from quizapp.cli import main
from quizapp.core.roster import RosterEntry
from quizapp.importers.common import ReadError
from quizapp.importers.roster import read_roster
from quizapp.storage import Store
from quizapp.storage.classes import ClassRoster, UnknownClass

#: these tests type the teacher password at the prompt
pytestmark = pytest.mark.usefixtures("typed_password")


@pytest.fixture
def typed_password(monkeypatch):
    monkeypatch.delenv("QUIZAPP_TEACHER_PASSWORD", raising=False)


ROSTERS = Path(__file__).parent.parent / "fixtures" / "rosters"


@pytest.fixture
def lang():
    from quizapp.i18n import set_language

    yield set_language
    set_language("zh")


def entries(path: Path) -> list[tuple[str, str]]:
    read = read_roster(path)
    assert read.problems == []
    return [(e.name, e.number) for e in read.entries]


# -- reading -------------------------------------------------------------------------------


def test_csv_with_header_skips_blank_rows() -> None:
    assert entries(ROSTERS / "class3.csv") == [
        ("张伟", "2024001"), ("李娜", "2024002"), ("王芳", "")]


def test_csv_without_header_in_gbk(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes("刘洋,7\n陈静,8\n".encode("gbk"))
    assert entries(path) == [("刘洋", "7"), ("陈静", "8")]


def test_csv_with_bom_and_columns_in_any_order(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes("\ufeff学号,班级,姓名\n01,3班,赵磊\n".encode())
    assert entries(path) == [("赵磊", "01")]


def test_xlsx_roster(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Number"])
    sheet.append(["Ann", 1001])
    sheet.append(["Bob", None])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    assert entries(path) == [("Ann", "1001"), ("Bob", "")]


def test_bad_rows_are_located_and_nothing_is_taken(lang) -> None:
    lang("en")
    read = read_roster(ROSTERS / "broken.csv", "broken.csv")
    assert read.problems == [
        "broken.csv: row 3: this row has no name",
        "broken.csv: row 5: “张伟” is already on row 1 (two students of the same name need "
        "their student numbers)",
        "broken.csv: row 6: the name or number holds the control character ␛",
    ]


def test_not_a_workbook_and_wrong_kind(tmp_path: Path, lang) -> None:
    lang("zh")
    fake = tmp_path / "r.xlsx"
    fake.write_text("not a zip")
    with pytest.raises(ReadError, match="不是可读的 Excel 工作簿"):
        read_roster(fake)
    with pytest.raises(ReadError, match="名单只能是"):
        read_roster(tmp_path / "r.pdf")


# -- storing ------------------------------------------------------------------------------


def test_roster_is_stored_in_order_and_replaced(store: Store) -> None:
    assert store.classes.create_class("高一3班") is True
    assert store.classes.create_class("高一3班") is False
    store.classes.set_roster("高一3班", [RosterEntry("王芳", "3"), RosterEntry("张伟", "1")])
    fang, wei = (store.students.find_student(n).id for n in ("王芳", "张伟"))
    assert store.classes.roster("高一3班") == [RosterEntry("王芳", "3", fang),
                                       RosterEntry("张伟", "1", wei)]
    store.classes.set_roster("高一3班", [RosterEntry("张伟")])  # read again: the same 张伟
    assert store.classes.roster("高一3班") == [RosterEntry("张伟", "1", wei)]
    assert store.students.find_student("王芳") is not None  # left the class, still a student
    assert [(c.name, c.students) for c in store.classes.classes()] == [("高一3班", 1)]
    with pytest.raises(UnknownClass):
        store.classes.roster("no such class")
    roster = ClassRoster(store.classes)
    assert roster.names("高一3班") == ["张伟"]
    assert roster.names("no such class") is None


def test_reports_take_a_class(store: Store) -> None:
    fill(store)
    store.classes.create_class("c")
    store.classes.set_roster("c", [RosterEntry("Ann", student_id=store.students.find_student("Ann").id),
                           RosterEntry("Cat", student_id=store.students.find_student("Cat").id)])
    students = {r.student for r in store.reports.class_summary(class_name="c")}
    assert students == {"Ann", "Cat"}
    # q1 over Ann's A1 (1/1) and Cat's A3 (0/1): facility 0.5, from the fixture's table
    q1 = next(r for r in store.reports.item_report(class_name="c") if r.question_id == "q1")
    assert (q1.responses, q1.facility) == (2, 0.5)
    everyone = next(r for r in store.reports.item_report() if r.question_id == "q1")
    assert everyone.responses == 5


# -- the command ----------------------------------------------------------------------------


PASSWORD = "secret-1"


def run(*args: str, input: str | None = None):
    """The command, with the teacher password typed when it asks (set first if none)."""
    return CliRunner().invoke(main, list(args), input=input or f"{PASSWORD}\n" * 3)


def test_class_commands_in_both_languages(db_url: str) -> None:
    roster = str(ROSTERS / "class3.csv")
    result = run("class", "add", "高一3班", "--roster", roster, "--db", db_url)
    assert result.exit_code == 0, result.output
    assert result.stdout == ("已添加班级“高一3班”，名单 3 人。\n"
                             "其中 0 人是成绩库里已有的学生，3 人是新学生；没有合并任何学生。\n")
    assert "这个成绩库还没有教师密码" in result.stderr
    assert "学号取自“学号”列。" in result.stderr
    result = run("--lang", "en", "class", "list", "--db", db_url)
    assert result.exit_code == 0
    assert "Class" in result.output and "高一3班" in result.output and "3" in result.output
    result = run("class", "show", "高一3班", "--db", db_url, "--lang", "en")
    assert result.output.splitlines()[0] == "Class: 高一3班 (3 students)"
    assert "2024002" in result.output and "王芳" in result.output
    result = run("class", "add", "高一3班", "--db", db_url)
    assert result.exit_code == 1 and "已经存在" in result.output


def test_class_errors_exit_non_zero_without_traceback(db_url: str) -> None:
    Store.open(db_url).close()
    result = run("--lang", "en", "class", "add", "x", "--roster",
                 str(ROSTERS / "broken.csv"), "--db", db_url)
    assert result.exit_code == 1
    assert "row 3: this row has no name" in result.output
    assert "The roster has 3 problems and was not saved" in result.output
    assert "\x1b" not in result.output
    result = run("--lang", "en", "class", "show", "nope", "--db", db_url)
    assert result.exit_code == 1 and "There is no class called “nope”" in result.output
    result = run("--lang", "en", "report", "--class", "nope", "--db", db_url)
    assert result.exit_code == 1 and "There is no class called “nope”" in result.output
    assert "Traceback" not in result.output


def test_report_with_class(db_url: str) -> None:
    with Store.open(db_url) as store:
        fill(store)
        store.classes.create_class("c")
        store.classes.set_roster("c", [RosterEntry("Bob", student_id=store.students.find_student("Bob").id)])
    result = run("--lang", "en", "report", "--class", "c", "--format", "json", "--db", db_url)
    assert result.exit_code == 0, result.output
    import json

    assert {r["student"] for r in json.loads(result.stdout)} == {"Bob"}
    result = run("--lang", "en", "report", "items", "--class", "c", "--format", "json",
                 "--db", db_url)
    q3 = next(r for r in json.loads(result.stdout) if r["question"] == "q3")
    assert q3["responses"] == 2 and q3["facility"] == 0.5  # Bob's 1/2 and 1/2


def test_the_first_command_on_a_new_machine_makes_the_data_folder(hermetic_paths) -> None:
    """No --db, no QUIZAPP_DB and no data folder yet (a teacher's first command): the default
    database's folder is made, not reported missing."""
    data = hermetic_paths / "data"
    assert not data.exists()
    result = run("--lang", "en", "class", "add", "Class 1")
    assert result.exit_code == 0, result.output
    assert (data / "quizapp.db").is_file()
    listed = CliRunner().invoke(main, ["--lang", "en", "class", "list"])
    assert "Class 1" in listed.output


def test_a_named_database_in_a_missing_folder_is_still_an_error(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'no-such-folder' / 'scores.db'}"
    result = run("--lang", "en", "class", "add", "Class 1", "--db", url)
    assert result.exit_code == 1
    assert "no-such-folder" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "no-such-folder").exists()
