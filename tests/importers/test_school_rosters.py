"""Rosters as schools export them: a title row above the header, 序号 next to 学号, a
row counter where the number should be; each imports right or fails with a located
message, and the reader says which column it used for what."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.i18n import set_language
from quizapp.importers.roster import read_roster


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("zh")


def csv(tmp_path: Path, text: str, name: str = "r.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def xlsx(tmp_path: Path, rows: list[list], merge: str | None = None) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    path = tmp_path / "r.xlsx"
    book.save(path)
    return path


def pairs(path: Path) -> list[tuple[str, str]]:
    read = read_roster(path, path.name)
    assert read.problems == []
    return [(e.name, e.number) for e in read.entries]


def test_xuhao_is_a_row_counter_and_xuehao_the_number(tmp_path: Path) -> None:
    path = csv(tmp_path, "序号,学号,姓名\n1,20230501,张伟\n2,20230502,刘洋\n3,20230503,陈静\n")
    assert pairs(path) == [("张伟", "20230501"), ("刘洋", "20230502"), ("陈静", "20230503")]
    read = read_roster(path)
    assert read.how_read() == [
        "The header is on row 1.",
        "Names from the column “姓名”.",
        "Student numbers from the column “学号”.",
        "The column “序号” counts rows; it is not a student number: not used.",
    ]


def test_title_row_above_the_header_in_xlsx(tmp_path: Path) -> None:
    path = xlsx(tmp_path, [["高一(4)班学生名单", None, None], [None, None, None],
                           ["序号", "学号", "姓名"], [1, 20230401, "赵磊"],
                           [2, 20230402, "孙丽"]], merge="A1:C1")
    assert pairs(path) == [("赵磊", "20230401"), ("孙丽", "20230402")]
    read = read_roster(path)
    assert read.header_row == 3 and read.title_rows == [1]
    assert read.how_read()[0] == ("The header is on row 3; the title above it (1 row(s)) "
                                  "was skipped.")


def test_xuejihao_is_a_student_number(tmp_path: Path) -> None:
    path = csv(tmp_path, "学籍号,姓名,性别\nG43010120080101,王芳,女\n")
    assert pairs(path) == [("王芳", "G43010120080101")]


def test_a_number_column_that_counts_rows_is_not_used(tmp_path: Path) -> None:
    path = csv(tmp_path, "编号,姓名\n1,张伟\n2,刘洋\n3,陈静\n")
    assert pairs(path) == [("张伟", ""), ("刘洋", ""), ("陈静", "")]
    assert read_roster(path).how_read()[-1] == (
        "The column “编号” holds 1, 2, 3… (a row counter, not student numbers): not used.")


def test_xuhao_alone_gives_no_numbers(tmp_path: Path) -> None:
    path = csv(tmp_path, "序号,姓名\n1,张伟\n2,刘洋\n")
    assert pairs(path) == [("张伟", ""), ("刘洋", "")]
    assert "The roster has no student number column: names only." in read_roster(path).how_read()


def test_namesakes_with_their_numbers_are_two_students(tmp_path: Path) -> None:
    path = csv(tmp_path, "学号,姓名\n2023001,张伟\n2023002,张伟\n")
    assert pairs(path) == [("张伟", "2023001"), ("张伟", "2023002")]


def test_columns_in_the_wrong_order_fail_located(tmp_path: Path) -> None:
    """No header: a number where the name should be is said at its row, nothing taken."""
    path = csv(tmp_path, "20230401,赵磊\n20230402,孙丽\n")
    read = read_roster(path, "r.csv")
    assert read.problems[0].startswith("r.csv: row 1: the name “20230401” is a number")
    assert len(read.problems) == 2


def test_a_header_too_far_down_is_reported_not_taken(tmp_path: Path) -> None:
    rows = [[f"说明 {i}"] for i in range(12)] + [["学号", "姓名"], [20230401, "赵磊"]]
    read = read_roster(xlsx(tmp_path, rows), "r.xlsx")
    assert any("row 13: the name “学号” is a header's word" in p for p in read.problems)


def test_the_same_number_twice_is_located(tmp_path: Path) -> None:
    path = csv(tmp_path, "学号,姓名\n2023001,张伟\n2023001,刘洋\n")
    assert read_roster(path, "r.csv").problems == [
        "r.csv: row 3: the student number 2023001 is already on row 2"]
