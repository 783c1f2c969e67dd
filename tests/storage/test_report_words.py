"""Report files read by people, under zh and en: CSV headers and flags in the interface's
language, workbook values as words (modes, types, levels, set titles), times in the
school's local time with the zone named, the per-student workbook naming the student."""

from __future__ import annotations

import csv
import io
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from teacher_seed import CHOICE, FILL, NOW, RIGHT, _exam, seed  # noqa: E402

from quizapp.cli import main  # noqa: E402
from quizapp.services.bank import load_bank_cached  # noqa: E402
from quizapp.storage import Store  # noqa: E402


@pytest.fixture
def school(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    monkeypatch.setenv("COLUMNS", "120")
    time.tzset()
    url = f"sqlite:///{tmp_path / 'scores.db'}"
    with Store.open(url) as store:
        seed(store)
        for i in range(20):  # the choice question: 22 right of 24, too easy
            _exam(store, "外校", "01-overview", [(CHOICE, RIGHT, 1.0, 1), (FILL, None, 0.0, 1)],
                  NOW - timedelta(hours=i + 1))
    yield url
    monkeypatch.delenv("TZ")
    time.tzset()


def run(lang: str, *args: str):
    result = CliRunner().invoke(main, ["--lang", lang, "report", *args])
    assert result.exit_code == 0, result.output
    return result


def test_csv_headers_and_flags_in_the_interface_language(school):
    rows = list(csv.reader(io.StringIO(run("zh", "--db", school, "items",
                                           "--format", "csv").stdout)))
    assert rows[0][:3] == ["题目编号", "题型", "题干"] and rows[0][-1] == "提示"
    choice = next(r for r in rows if r[0] == CHOICE)
    assert "太容易" in choice[-1].split(";")
    en = list(csv.DictReader(io.StringIO(run("en", "--db", school, "items",
                                             "--format", "csv").stdout)))
    assert "too easy" in next(r for r in en if r["question"] == CHOICE)["flags"].split(";")
    student = run("zh", "--db", school, "--student", "小明", "--format", "csv").stdout
    header = student.splitlines()[0].split(",")
    assert header[:3] == ["学生", "测验编号", "开始时间（UTC+08:00）"]
    first = list(csv.reader(io.StringIO(student)))[1]
    assert first[2].endswith("+08:00")  # local time, its offset said


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbook_values_are_words(school, tmp_path, lang):
    import openpyxl

    title = load_bank_cached([], builtin=True).find_set("01-overview").title
    path = tmp_path / "class.xlsx"
    run(lang, "--db", school, "-o", str(path))
    sheet = openpyxl.load_workbook(path).worksheets[0]
    sets = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert title in sets and "01-overview" not in sets
    path = tmp_path / "ming.xlsx"
    run(lang, "--db", school, "--student", "小明", "-o", str(path))
    book = openpyxl.load_workbook(path)
    assert book.properties.title == ("学生：小明" if lang == "zh" else "Student: 小明")
    attempts = list(book.worksheets[0].iter_rows(values_only=True))
    assert attempts[0][2] == ("开始时间（UTC+08:00）" if lang == "zh" else "Started (UTC+08:00)")
    assert attempts[1][0] == "小明"
    assert attempts[1][4] == ("考试" if lang == "zh" else "Exam")
    assert attempts[1][5] == title
    assert attempts[1][2] == (NOW - timedelta(days=2)).replace(tzinfo=None) + timedelta(hours=8)
    missed = list(book.worksheets[1].iter_rows(values_only=True))
    types = {r[2] for r in missed[1:]}
    assert types <= ({"单选", "填空"} if lang == "zh" else {"choice", "fill"}) and types
