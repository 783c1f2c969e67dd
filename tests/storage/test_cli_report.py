"""``quizapp report`` output in each format, on both back ends (figures from storage_fixture)."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from storage_fixture import fill

from quizapp.cli import main
from quizapp.storage import Store

LONG_NAME = "长株潭一体化示范班的学生代表王小明同学（第二组）"


@pytest.fixture
def class_url(db_url: str) -> str:
    with Store.open(db_url) as store:
        fill(store)
        aid = store.attempts.start_attempt(LONG_NAME, "exam", ["一座城-融城共进-赋能未来-第三单元"], {},
                                  1, 2)
        store.attempts.record_response(aid, "chinese-q", "h", "长沙", 2, 2, True, 3.0)
        store.attempts.finish_attempt(aid, 2, 2)
    return db_url


def run(*args: str):
    result = CliRunner().invoke(main, ["--lang", "en", "report", *args])
    return result


def assert_fits(text: str) -> None:
    for line in text.splitlines():
        assert cell_len(line) <= 80, line


def test_summary_table(class_url: str):
    result = run("--db", class_url)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert_fits(out)
    lines = out.splitlines()
    assert lines[0].split() == ["Student", "Sets", "Done", "Open", "Best%", "Last%", "Avg%"]
    bob = next(line for line in lines if line.startswith("Bob"))
    assert bob.split() == ["Bob", "s1", "2", "0", "57.1", "42.9", "50.0"]
    ann = next(line for line in lines if line.startswith("Ann") and " s1 " in line)
    assert ann.split() == ["Ann", "s1", "1", "1", "71.4", "71.4", "71.4"]
    # the long Chinese row was shortened to fit, its numbers still aligned at the right
    wide = next(line for line in lines if line.startswith("长株潭"))
    assert "…" in wide and wide.endswith("100.0") and cell_len(wide) == cell_len(lines[1])


def test_summary_csv_and_json(class_url: str):
    result = run("--db", class_url, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    bob = next(r for r in rows if r["student"] == "Bob")
    assert bob == {"student": "Bob", "sets": "s1", "finished": "2", "unfinished": "0",
                   "best": "57.14", "last": "42.86", "average": "50.0"}
    assert any(r["student"] == LONG_NAME for r in rows)  # never truncated outside tables

    data = json.loads(run("--db", class_url, "--format", "json").stdout)
    assert {"student": "Ann", "sets": "s2", "finished": 1, "unfinished": 0, "best": 100.0,
            "last": 100.0, "average": 100.0} in data
    assert len(data) == 6


def test_items_each_format(class_url: str):
    table = run("--db", class_url, "items")
    assert table.exit_code == 0, table.output
    assert_fits(table.stdout)
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["Question", "Type", "Text", "Level", "N", "Facility%",
                                "Discrim%", "Flags"]
    q5 = next(line for line in lines if line.startswith("q5"))
    assert q5.split() == ["q5", "-", "-", "-", "5", "10.0", "-51.4", "too", "hard,", "negative"]
    q4 = next(line for line in lines if line.startswith("q4"))
    assert q4.split() == ["q4", "-", "-", "-", "5", "100.0", "-", "too", "easy"]

    # the group's options reach the subcommand too
    rows = list(csv.DictReader(io.StringIO(
        run("--db", class_url, "--format", "csv", "items").stdout)))
    assert rows[0] == {"question": "chinese-q", "type": "", "text": "", "level": "",
                       "responses": "1", "facility": "1.0", "discrimination": "",
                       "flags": "too easy"}
    q1 = next(r for r in rows if r["question"] == "q1")
    assert (q1["facility"], q1["discrimination"], q1["flags"]) == ("0.8", "-0.1961", "negative")

    data = json.loads(run("items", "--db", class_url, "--format", "json").stdout)
    q3 = next(r for r in data if r["question"] == "q3")
    assert q3 == {"question": "q3", "type": None, "text": None, "level": None, "responses": 5,
                  "facility": 0.4, "discrimination": pytest.approx(0.3273268), "flags": []}
    assert len(repr(q3["discrimination"])) > 8  # JSON keeps full precision


def test_student_each_format(class_url: str):
    table = run("--db", class_url, "--student", "Bob")
    assert table.exit_code == 0, table.output
    assert_fits(table.stdout)
    assert table.stdout.startswith("Student: Bob\n")
    assert "4/7" in table.stdout and "3/7" in table.stdout
    missed = table.stdout.split("Most missed questions:")[1].splitlines()
    assert [line.split()[:6] for line in missed[3:]] == [
        ["q3", "-", "-", "-", "2", "2"], ["q5", "-", "-", "-", "2", "2"],
        ["q2", "-", "-", "-", "2", "1"]]

    data = json.loads(run("--db", class_url, "--student", "Ann", "--format", "json").stdout)
    assert data["student"] == "Ann"
    assert [(a["sets"], a["percent"], a["finished"] is None) for a in data["attempts"]] == [
        ("s1", pytest.approx(500 / 7), False), ("s1", 0.0, True), ("s2", 100.0, False)]
    assert data["missed"][0] == {"question": "q5", "type": None, "text": None, "level": None,
                                 "answered": 1, "wrong": 1,
                                 "last_wrong": "2025-03-03T01:05:00+00:00"}
    assert data["missed_total"] == len(data["missed"]) == 3  # A1's q5, A6's q1 and q2

    text = run("--db", class_url, "--student", "Bob", "--format", "csv").stdout
    attempts, missed = text.split("\n\n")
    assert len(list(csv.DictReader(io.StringIO(attempts)))) == 2
    assert [r["question"] for r in csv.DictReader(io.StringIO(missed))] == ["q3", "q5", "q2"]

    wide = run("--db", class_url, "--student", LONG_NAME)
    assert wide.exit_code == 0
    assert_fits(wide.stdout)


LEVELS = """title: levels
questions:
""" + "".join(f"""  - id: {qid}
    type: truefalse
    prompt: {qid}
    answer: 对
    level: {level}
""" for qid, level in [("q1", "recall"), ("q2", "recall"), ("q3", "理解"), ("q4", "apply"),
                      ("q5", "apply")])


def test_levels_from_the_content_in_items_student_and_summary(class_url: str, tmp_path):
    (tmp_path / "levels.yaml").write_text(LEVELS, encoding="utf-8")
    content = ("--content", str(tmp_path / "levels.yaml"))
    table = run("--db", class_url, "items", "--level", "apply", *content)
    assert table.exit_code == 0, table.output
    assert [line.split()[:5] for line in table.stdout.splitlines()[2:]] == [
        ["q4", "true/false", "q4", "apply", "5"], ["q5", "true/false", "q5", "apply", "5"]]
    zh = CliRunner().invoke(main, ["report", "--db", class_url, "--lang", "zh", *content,
                                   "--student", "Bob"])
    missed = zh.stdout.split("\n\n")[1].splitlines()
    assert [line.split()[:4] for line in missed[3:]] == [
        ["q3", "判断", "q3", "理解"], ["q5", "判断", "q5", "应用"], ["q2", "判断", "q2", "识记"]]
    # per level: responses add up, facility is over every response (q4 1.0 and q5 0.1)
    data = json.loads(run("--db", class_url, *content, "levels", "--format", "json").stdout)
    assert data == [
        {"level": "recall", "questions": 2, "responses": 10, "facility": 0.7},
        {"level": "understand", "questions": 1, "responses": 5, "facility": 0.4},
        {"level": "apply", "questions": 2, "responses": 10, "facility": 0.55},
    ]
    table = run("--db", class_url, "levels", *content)
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split() == ["Level", "Questions", "Responses", "Facility%"]
    assert table.stdout.splitlines()[4].split() == ["apply", "2", "10", "55.0"]
    assert "left out: chinese-q, q9" in table.stderr
    bad = run("--db", class_url, "levels", "--content", str(tmp_path / "levels.yaml"),
              "--level", "hard")
    assert bad.exit_code == 2


@pytest.mark.parametrize("backend", ["sqlite"])
def test_errors_are_one_line(db_url: str, tmp_path):
    missing = run("--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 1
    assert missing.stderr.startswith("error: no database at") and "Traceback" not in missing.output

    Store.open(db_url).close()
    unknown = run("--db", db_url, "--student", "Zed")
    assert unknown.exit_code == 1
    assert unknown.stderr == ("There is no student called “Zed” in the score database "
                              "(no report written).\n")

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(4096))
    refused = run("--db", str(garbage), "items")
    assert refused.exit_code == 1 and "not a SQLite database" in refused.stderr

    empty = run("--db", db_url)
    assert empty.exit_code == 0 and empty.stdout == "No attempts yet.\n"
    assert run("--db", db_url, "--format", "json").stdout.strip() == "[]"

    usage = run("--db", db_url, "--student", "x", "items")
    assert usage.exit_code == 2

    bad = run("--db", "postgresql+psycopg://t:pw@127.0.0.1:1/x")
    assert bad.exit_code == 1 and "pw" not in bad.stderr and "***" in bad.stderr


def test_default_database_from_environment(tmp_path, monkeypatch):
    path = tmp_path / "env.db"
    with Store.open(f"sqlite:///{path}") as store:
        fill(store)
    monkeypatch.setenv("QUIZAPP_DB", str(path))
    result = run()
    assert result.exit_code == 0 and "Bob" in result.stdout


def test_limit_says_how_many_more(class_url: str):
    table = run("--db", class_url, "--student", "Ann", "--limit", "1")
    assert table.exit_code == 0, table.output
    missed = table.stdout.split("Most missed questions:")[1].splitlines()
    assert [line.split()[0] for line in missed[3:-1]] == ["q5"]
    assert missed[-1] == "… and 2 more (--limit 0 lists them all)"
    everything = run("--db", class_url, "--student", "Ann", "--limit", "0")
    assert "more" not in everything.stdout and everything.stdout.count("\nq") == 3
    data = json.loads(run("--db", class_url, "--student", "Ann", "--limit", "2",
                          "--format", "json").stdout)
    assert (len(data["missed"]), data["missed_total"]) == (2, 3)


def test_unknown_mode_is_a_usage_error(class_url: str):
    result = run("--db", class_url, "--mode", "foo")
    assert result.exit_code == 2
    assert "'foo' is not one of" in result.output
    result = run("--db", class_url, "items", "--mode", "exams")
    assert result.exit_code == 2


def test_two_decimals_in_tables_and_csv(db_url: str):
    with Store.open(db_url) as store:
        aid = store.attempts.start_attempt("Eve", "exam", ["s"], {}, 1, 19)
        for i, score in enumerate([1, 1, 1, 1, 1, 0.28333333]):
            store.attempts.record_response(aid, f"x{i}", "h", "a", score, 1, score == 1, 1.0)
        store.attempts.finish_attempt(aid, 5.28333333, 19)
    table = run("--db", db_url, "--student", "Eve")
    assert "5.28/19" in table.stdout and "5.28333" not in table.stdout
    rows = list(csv.DictReader(io.StringIO(run("--db", db_url, "--format", "csv").stdout)))
    assert rows[0]["best"] == "27.81"  # 100 * 5.28333333 / 19 = 27.80701...
    data = json.loads(run("--db", db_url, "--format", "json").stdout)
    assert data[0]["best"] == pytest.approx(27.807017)


def test_xlsx_workbook_reads_back(class_url: str, tmp_path):
    import openpyxl

    path = tmp_path / "成绩.xlsx"
    result = CliRunner().invoke(main, ["report", "--db", class_url, "--format", "xlsx",
                                       "-o", str(path)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    sheet = book["全班"]
    header = [c.value for c in sheet[1]]
    assert header == ["学生", "题组", "完成次数", "未完成次数", "最好", "最近", "平均"]
    bob = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "Bob")
    assert bob[2].value == 2 and isinstance(bob[2].value, int)
    assert bob[4].value == pytest.approx(4 / 7) and bob[4].number_format == "0.00%"

    student = tmp_path / "ann.xlsx"
    result = run("--db", class_url, "--student", "Ann", "-o", str(student))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(student)
    assert book.sheetnames == ["Attempts", "Most missed"]
    attempts = list(book["Attempts"].iter_rows(values_only=True))
    assert attempts[0][:3] == ("Attempt", "Started (UTC)", "Finished at (UTC)")
    assert attempts[1][6] == 5 and attempts[1][8] == pytest.approx(5 / 7)

    items = tmp_path / "items.xlsx"
    assert run("--db", class_url, "items", "-o", str(items)).exit_code == 0
    rows = list(openpyxl.load_workbook(items)["Items"].iter_rows(values_only=True))
    q5 = next(r for r in rows if r[0] == "q5")
    assert q5[5] == pytest.approx(0.1) and q5[7] == "too hard, negative"


def test_formula_names_are_defused_in_csv_and_xlsx(db_url: str, tmp_path):
    import openpyxl

    with Store.open(db_url) as store:
        aid = store.attempts.start_attempt("=HYPERLINK(\"http://x\",\"y\")", "exam", ["s"], {}, 1, 1)
        store.attempts.finish_attempt(aid, 1, 1)
    text = run("--db", db_url, "--format", "csv").stdout
    assert next(csv.DictReader(io.StringIO(text)))["student"].startswith("'=HYPERLINK")
    path = tmp_path / "r.xlsx"
    assert run("--db", db_url, "-o", str(path)).exit_code == 0
    cell = openpyxl.load_workbook(path).active["A2"]
    assert cell.value.startswith("'=") and cell.data_type == "s"


def test_csv_file_has_a_bom_and_output_paths_are_checked(class_url: str, tmp_path):
    path = tmp_path / "class.csv"
    assert run("--db", class_url, "-o", str(path)).exit_code == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and LONG_NAME.encode() in data
    wrong = run("--db", class_url, "--format", "csv", "-o", str(tmp_path / "class.yaml"))
    assert wrong.exit_code == 2 and "must end in .csv" in wrong.output
    assert not (tmp_path / "class.yaml").exists()
    no_file = run("--db", class_url, "--format", "xlsx")
    assert no_file.exit_code == 2 and "-o FILE.xlsx" in no_file.output
    folder = tmp_path / "d.csv"
    folder.mkdir()
    assert run("--db", class_url, "-o", str(folder)).exit_code == 2
