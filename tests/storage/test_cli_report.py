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
        aid = store.start_attempt(LONG_NAME, "exam", ["一座城-融城共进-赋能未来-第三单元"], {},
                                  1, 2)
        store.record_response(aid, "chinese-q", "h", "长沙", 2, 2, True, 3.0)
        store.finish_attempt(aid, 2, 2)
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
    assert lines[0].split() == ["Question", "Level", "N", "Facility%", "Discrim%", "Flags"]
    q5 = next(line for line in lines if line.startswith("q5"))
    assert q5.split() == ["q5", "-", "5", "10.0", "-51.4", "too", "hard,", "negative"]
    q4 = next(line for line in lines if line.startswith("q4"))
    assert q4.split() == ["q4", "-", "5", "100.0", "-", "too", "easy"]

    # the group's options reach the subcommand too
    rows = list(csv.DictReader(io.StringIO(
        run("--db", class_url, "--format", "csv", "items").stdout)))
    assert rows[0] == {"question": "chinese-q", "level": "", "responses": "1", "facility": "1.0",
                       "discrimination": "", "flags": "too easy"}
    q1 = next(r for r in rows if r["question"] == "q1")
    assert (q1["facility"], q1["discrimination"], q1["flags"]) == ("0.8", "-0.1961", "negative")

    data = json.loads(run("items", "--db", class_url, "--format", "json").stdout)
    q3 = next(r for r in data if r["question"] == "q3")
    assert q3 == {"question": "q3", "level": None, "responses": 5, "facility": 0.4,
                  "discrimination": 0.3273, "flags": []}


def test_student_each_format(class_url: str):
    table = run("--db", class_url, "--student", "Bob")
    assert table.exit_code == 0, table.output
    assert_fits(table.stdout)
    assert table.stdout.startswith("Student: Bob\n")
    assert "4/7" in table.stdout and "3/7" in table.stdout
    missed = table.stdout.split("Most missed questions:")[1].splitlines()
    assert [line.split()[:4] for line in missed[3:]] == [
        ["q3", "-", "2", "2"], ["q5", "-", "2", "2"], ["q2", "-", "2", "1"]]

    data = json.loads(run("--db", class_url, "--student", "Ann", "--format", "json").stdout)
    assert data["student"] == "Ann"
    assert [(a["sets"], a["percent"], a["finished"] is None) for a in data["attempts"]] == [
        ("s1", 71.43, False), ("s1", 0.0, True), ("s2", 100.0, False)]
    assert data["missed"][0] == {"question": "q5", "level": None, "answered": 1, "wrong": 1,
                                 "last_wrong": "2025-03-03T01:05:00+00:00"}

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
    assert [line.split()[:3] for line in table.stdout.splitlines()[2:]] == [
        ["q4", "apply", "5"], ["q5", "apply", "5"]]
    zh = CliRunner().invoke(main, ["report", "--db", class_url, "--lang", "zh", *content,
                                   "--student", "Bob"])
    missed = zh.stdout.split("\n\n")[1].splitlines()
    assert [line.split()[:2] for line in missed[3:]] == [["q3", "理解"], ["q5", "应用"], ["q2", "识记"]]
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
    assert unknown.exit_code == 1 and unknown.stderr == "error: no student called 'Zed'\n"

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
