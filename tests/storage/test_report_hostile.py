"""``quizapp report`` with hostile student names and set keys: a formula stays text in a
spreadsheet, an escape sequence never reaches the teacher's terminal, JSON keeps the data."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.storage import Store

FORMULA = '=HYPERLINK("http://evil.example","点我")'
OSC52 = "小明\x1b]52;c;ZWNobyBwd25lZA==\x07"  # sets the clipboard in many terminals
CLEAR = "\x9b2J\u202e张三"


@pytest.fixture
def hostile_url(db_url: str) -> str:
    with Store.open(db_url) as store:
        for name in (FORMULA, OSC52, CLEAR):
            aid = store.attempts.start_attempt(name, "exam", ["+set\x1b[2J"], {}, 1, 1)
            store.attempts.record_response(aid, "@q1", "h", "x", 1, 1, True, 1.0)
            store.attempts.finish_attempt(aid, 1, 1)
    return db_url


def run(*args: str):
    return CliRunner().invoke(main, ["--lang", "en", "report", *args])


def no_controls(text: str) -> None:
    bad = [c for c in text if (ord(c) < 0x20 and c not in "\n") or 0x7F <= ord(c) <= 0x9F
           or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069]
    assert not bad, bad


def test_csv_cells_are_never_formulas(hostile_url):
    result = run("--db", hostile_url, "--format", "csv")
    assert result.exit_code == 0, result.output
    no_controls(result.stdout)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + FORMULA in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "'+set␛[2J" in cells


def test_student_csv_and_items_csv(hostile_url):
    for args in (["--student", FORMULA, "--format", "csv"], ["items", "--format", "csv"]):
        result = run("--db", hostile_url, *args)
        assert result.exit_code == 0, result.output
        no_controls(result.stdout)
        cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
        assert not any(c.startswith(("=", "+", "@")) for c in cells), cells


def test_tables_show_escapes_visibly(hostile_url):
    for args in ([], ["--student", OSC52], ["items"]):
        result = run("--db", hostile_url, *args)
        assert result.exit_code == 0, result.output
        no_controls(result.stdout)
    out = run("--db", hostile_url).stdout
    assert "小明␛]52" in out and "\\x9b2J\\u202e张三" in out


def test_json_keeps_the_data_escaped(hostile_url):
    result = run("--db", hostile_url, "--format", "json")
    assert result.exit_code == 0, result.output
    no_controls(result.stdout)
    names = {row["student"] for row in json.loads(result.stdout)}
    assert {FORMULA, OSC52, CLEAR} <= names  # the same data for a program


def test_xlsx_cells_are_never_formulas(hostile_url, tmp_path):
    import openpyxl

    for args in ([], ["--student", FORMULA], ["items"]):
        out = tmp_path / "r.xlsx"
        result = run("--db", hostile_url, *args, "--format", "xlsx", "-o", str(out))
        assert result.exit_code == 0, result.output
        book = openpyxl.load_workbook(out)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        no_controls(cell.value)
        texts = [c.value for s in book.worksheets for r in s.iter_rows() for c in r
                 if isinstance(c.value, str)]
        if not args:
            assert "'" + FORMULA in texts
