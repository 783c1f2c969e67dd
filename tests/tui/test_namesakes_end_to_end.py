"""Two students named 张伟 in two classes keep separate scores end to end, on SQLite and
PostgreSQL: both rosters imported (the second with --new), each 张伟 picks his name from
his class's roster on Home and takes a quiz, and the dashboard, the class reports, the
student report and the xlsx export each show two students, told apart, each with his own
score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from storage_pg import fresh_schema_url
from tui_helpers import BANK, MonotonicClock, answer, make_app, settle, wait_for_screen

from quizapp.cli import main
from quizapp.core.session import Mode, QuizSpec
from quizapp.services.teacher import load_dashboard
from quizapp.storage import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def school_db(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scores.db'}"
        return
    with fresh_schema_url() as url:
        yield url


def run(*args: str):
    return CliRunner().invoke(main, ["--lang", "en", *args])


async def take_quiz(db_url: str, class_name: str, right: bool) -> None:
    from textual.widgets import Input

    from quizapp.tui.screens.quiz import QuizScreen
    from quizapp.tui.screens.results import ResultsScreen
    from quizapp.tui.widgets.card import CardWidget

    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name=class_name)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        field = app.screen.query_one("#home-student", Input)
        field.focus()
        field.insert_text_at_cursor("张伟")
        await pilot.pause()
        await pilot.press("enter")  # picked from the roster: his record
        await pilot.pause()
        assert app.student == "张伟" and app.student_id is not None
        app.start_quiz(QuizSpec(mode=Mode.EXAM, seed=3))
        screen = await wait_for_screen(pilot, QuizScreen)
        while isinstance(app.screen, QuizScreen):
            widget = screen.widget
            await answer(pilot, right)
            if not isinstance(widget, CardWidget):
                await pilot.press("enter")
            await pilot.pause()
        await wait_for_screen(pilot, ResultsScreen)
        await settle(pilot)
        return app.student_id


async def test_two_zhang_wei_keep_separate_scores(school_db: str, tmp_path: Path):
    db_url = school_db
    three = tmp_path / "3.csv"
    three.write_text("序号,学号,姓名\n1,2023031,张伟\n2,2023032,李娜\n", encoding="utf-8")
    five = tmp_path / "5.xlsx"
    import openpyxl

    book = openpyxl.Workbook()
    for row in (["高一(5)班学生名单"], ["姓名"], ["张伟"], ["刘洋"]):
        book.active.append(row)
    book.save(five)
    assert run("class", "add", "高一3班", "--roster", str(three), "--db", db_url
               ).exit_code == 0
    result = run("class", "add", "高一5班", "--roster", str(five), "--db", db_url)
    assert result.exit_code == 1 and "--new 张伟" in result.output  # asked, nothing merged
    result = run("class", "add", "高一5班", "--roster", str(five), "--new", "张伟",
                 "--db", db_url)
    assert result.exit_code == 0, result.output

    id3 = await take_quiz(db_url, "高一3班", right=True)
    id5 = await take_quiz(db_url, "高一5班", right=False)
    assert id3 != id5

    with Store.open(db_url) as store:
        (a3,) = store.attempts.history(id3)
        (a5,) = store.attempts.history(id5)
        assert a3.finished and a5.finished and a3.score > a5.score
        p3, p5 = a3.percent, a5.percent
        # the dashboard, for each class and for everyone
        everyone = load_dashboard(store.reports, BANK).overview
        assert {"张伟 [2023031]", f"张伟 [高一5班 #{id5}]"} <= set(everyone.students)
        three_only = load_dashboard(store.reports, BANK, "高一3班").overview
        assert three_only.students == ["张伟 [2023031]", "李娜"]
        # a quiz on several sets counts toward each set it asked: each 张伟 has his own
        # cells, the one who answered right above the one who answered wrong on every set
        three = {key: c for (who, key), c in three_only.cells.items() if who == "张伟 [2023031]"}
        assert three and all(c.finished == 1 for c in three.values())
        five_only = load_dashboard(store.reports, BANK, "高一5班").overview
        five = {key: c for (who, key), c in five_only.cells.items()
                if who == f"张伟 [高一5班 #{id5}]"}
        assert five.keys() == three.keys()
        assert all(three[key].best > five[key].best for key in three)

    # the class reports
    result = run("report", "--class", "高一3班", "--format", "json", "--db", db_url)
    rows = json.loads(result.stdout)
    assert [(r["student"], r["best"]) for r in rows] == [("张伟 [2023031]", pytest.approx(p3))]
    result = run("report", "--class", "高一5班", "--format", "json", "--db", db_url)
    assert [(r["student"], r["best"]) for r in json.loads(result.stdout)] == [
        (f"张伟 [高一5班 #{id5}]", pytest.approx(p5))]
    # one student's report: a shared name alone is refused; --class says which
    result = run("report", "--student", "张伟", "--db", db_url)
    assert result.exit_code == 1 and "张伟 [2023031]" in result.output
    result = run("report", "--student", "张伟", "--class", "高一5班", "--format", "json",
                 "--db", db_url)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [a["score"] for a in report["attempts"]] == [a5.score]
    assert report["student"] == f"张伟 [高一5班 #{id5}]"
    # the xlsx export: two rows, told apart
    out = tmp_path / "class.xlsx"
    result = run("report", "--format", "xlsx", "-o", str(out), "--db", db_url)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).worksheets[0]
    students = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(students) == sorted(["张伟 [2023031]", f"张伟 [高一5班 #{id5}]"])


async def test_namesakes_on_one_roster_are_listed_with_their_numbers(tmp_path: Path):
    """Two 张伟 on one roster: Home lists each with his number, and the one picked is the
    one whose record the app uses (remembered by that line, not by the name)."""
    from textual.widgets import Input

    from quizapp.core.roster import RosterEntry

    url = f"sqlite:///{tmp_path / 'scores.db'}"
    with Store.open(url) as store:
        store.classes.create_class("高一3班")
        first, second, _ = store.classes.set_roster("高一3班", [
            RosterEntry("张伟", "2023001"), RosterEntry("张伟", "2023002"),
            RosterEntry("李娜")])
    app = make_app(BANK, url, MonotonicClock(), student="", class_name="高一3班")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        box = app.screen.query_one("#home-roster")
        shown = [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]
        assert shown == ["张伟（学号 2023001）", "张伟（学号 2023002）", "李娜"]
        field = app.screen.query_one("#home-student", Input)
        field.focus()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.student == "张伟（学号 2023002）" and app.student_id == second
        assert app.student_name == "张伟" and app.student_key == second != first
