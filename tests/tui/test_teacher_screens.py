"""The teacher's dashboard driven with Pilot on a seeded class (tests/teacher_seed.py), on
SQLite and PostgreSQL: the figures on screen against the numbers worked out by hand, the
drill-down from a student to one quiz's answers, and snapshots of every tab."""

from __future__ import annotations

import time

import pytest
from storage_pg import fresh_schema_url
from teacher_seed import CHOICE, CLASS, NOW, seed
from tui_helpers import settle, wait_for_screen

from quizapp.services.bank import load_bank_cached
from quizapp.tui.start import TeacherStart

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    """The dashboard's "today" is the seed's NOW; local time is UTC."""
    from quizapp.core import utc

    monkeypatch.setattr(utc, "now", lambda: NOW)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _seeded(url: str) -> str:
    from quizapp.storage import Store

    with Store.open(url) as store:
        seed(store)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_url(request, tmp_path):
    if request.param == "sqlite":
        yield _seeded(f"sqlite:///{tmp_path / 'scores.db'}")
        return
    with fresh_schema_url() as url:
        yield _seeded(url)


@pytest.fixture
def sqlite_seeded(tmp_path):
    return _seeded(f"sqlite:///{tmp_path / 'scores.db'}")


def teacher_app(url: str, lang: str = "zh", class_name: str | None = CLASS):
    from quizapp.tui.app import QuizApp

    bank = load_bank_cached([], builtin=True)
    return QuizApp(bank, db_url=url, lang=lang, start=TeacherStart(), class_name=class_name,
                   remember=False, cursor_blink=False)


async def loaded(pilot):
    from quizapp.tui.screens.teacher import TeacherScreen

    screen = await wait_for_screen(pilot, TeacherScreen)
    await settle(pilot)
    for _ in range(100):
        if screen.dashboard is not None:
            break
        await pilot.pause(0.05)
    await pilot.pause(0.1)
    return screen


def cell(table, row, col) -> str:
    return str(table.get_cell(row, col))


async def test_the_figures_on_screen_are_the_hand_worked_ones(seeded_url):
    from textual.widgets import DataTable, Label, Static

    app = teacher_app(seeded_url)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one("#overview-table", DataTable)
        assert [str(k.value) for k in table.rows] == ["小明", "小红", "小刚"]
        assert cell(table, "小明", "set:01-overview") == "75 / 0"
        assert table.get_cell("小明", "set:01-overview").style == "yellow"  # best 75
        assert cell(table, "小红", "set:02-fences") == "60 / 60"
        assert cell(table, "小刚", "set:01-overview") == "·"
        assert "小刚" in str(screen.query_one("#overview-missing", Label).content)

        await pilot.press("2")
        sections = screen.query_one("#sections-table", DataTable)
        rows = [[str(c) for c in sections.get_row_at(i)] for i in range(sections.row_count)]
        assert rows[0] == ["1", "总览", "42%", "6"]  # 2.5 / 6
        assert rows[1] == ["2", "三个藩篱", "60%", "1"]

        await pilot.press("3")
        questions = screen.query_one("#questions-table", DataTable)
        questions.focus()
        row = questions.get_row_index(CHOICE)
        questions.move_cursor(row=row)
        await settle(pilot)
        await pilot.pause(0.1)
        assert cell(questions, CHOICE, "n") == "3"
        assert cell(questions, CHOICE, "fac") == "33%"
        assert "N<10" in cell(questions, CHOICE, "flags")
        answers = str(screen.query_one("#questions-answers", Static).render())
        assert "（N=3）" in answers
        lines = answers.splitlines()
        right = next(line for line in lines if line.startswith("✓ 共建“一座城”"))
        wrong = next(line for line in lines if line.startswith("· 融城共进 赋能未来"))
        assert right.endswith("33%（1 人次）") and wrong.endswith("67%（2 人次）")
        assert right.count("█") < wrong.count("█")  # the shared chart's bars

        await pilot.press("4")
        memory = screen.query_one("#memory-table", DataTable)
        rows = [[str(c) for c in memory.get_row_at(i)] for i in range(memory.row_count)]
        assert rows == [["1", "总览", "1", "100%", "90%"], ["2", "三个藩篱", "1", "90%", "86%"]]
        summary = str(screen.query_one("#memory-summary", Label).content)
        assert "复习已过期 1 张" in summary and "学习中 0 张" in summary
        idle = str(screen.query_one("#memory-idle", Label).content)
        assert "小刚（从未）" in idle and "小红" in idle and "小明" not in idle


async def test_drill_down_from_a_student_to_one_quiz(seeded_url):
    from textual.widgets import DataTable

    from quizapp.tui.screens.teacher import TeacherAttemptScreen, TeacherStudentScreen

    app = teacher_app(seeded_url, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")  # the first student: 小明
        student = await wait_for_screen(pilot, TeacherStudentScreen)
        await settle(pilot)
        attempts = student.query_one("#student-table", DataTable)
        assert attempts.row_count == 2
        assert "0/2" in str(attempts.get_row_at(0)[3])  # newest first
        await pilot.press("down", "enter")  # the older one: 1.5/2
        shown = await wait_for_screen(pilot, TeacherAttemptScreen)
        await settle(pilot)
        await pilot.pause(0.1)
        rows = shown.query_one("#attempt-table", DataTable)
        marks = [str(rows.get_row_at(i)[0]) for i in range(rows.row_count)]
        assert marks == ["✓ 1/1", "½ 0.5/1"]
        answer = str(rows.get_row_at(1)[2])
        assert "一江水" in answer and "错" in answer
        await pilot.press("escape")
        await wait_for_screen(pilot, TeacherStudentScreen)
        await pilot.press("escape")
        assert type(app.screen).__name__ == "TeacherScreen"


async def test_without_a_class_everyone_is_shown(sqlite_seeded):
    from textual.widgets import DataTable

    app = teacher_app(sqlite_seeded, class_name=None)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one("#overview-table", DataTable)
        assert "外校" in [str(k.value) for k in table.rows]


def _steps(*keys):
    async def run(pilot):
        await loaded(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)
        await pilot.pause(0.2)

    return run


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("tab", ["1", "2", "3", "4"])
def test_snapshot_tabs(snap_compare, sqlite_seeded, size, tab):
    keys = [tab, "down"] if tab == "3" else [tab]
    assert snap_compare(teacher_app(sqlite_seeded), terminal_size=size,
                        run_before=_steps(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_drill_down(snap_compare, sqlite_seeded, size):
    assert snap_compare(teacher_app(sqlite_seeded, lang="en"), terminal_size=size,
                        run_before=_steps("enter", "down", "enter"))


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_tab_key_puts_the_focus_in_its_table(sqlite_seeded, lang):
    from textual.widgets import DataTable, Static

    from quizapp.tui.screens.teacher import TeacherStudentScreen

    app = teacher_app(sqlite_seeded, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        for key, tab in (("2", "sections"), ("3", "questions"), ("4", "memory")):
            await pilot.press(key)
            await settle(pilot)
            assert app.focused is screen.query_one(f"#{tab}-table", DataTable)
        await pilot.press("3")
        await settle(pilot)
        await pilot.pause(0.1)
        answers = screen.query_one("#questions-answers", Static)
        first = str(answers.content)
        assert "N=" in first  # the first question's answers, without a Tab first
        questions = screen.query_one("#questions-table", DataTable)
        await pilot.press("down")
        await settle(pilot)
        await pilot.pause(0.1)
        assert questions.cursor_row == 1 and str(answers.content) != first
        await pilot.press("1")
        await pilot.press("enter")
        await wait_for_screen(pilot, TeacherStudentScreen)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_an_unfinished_attempt_is_not_never_started(tmp_path, lang):
    from textual.widgets import DataTable

    from quizapp.storage import Store

    url = _seeded(f"sqlite:///{tmp_path / 'scores.db'}")
    with Store.open(url) as store:
        store.attempts.start_attempt("小刚", "exam", ["02-fences"], {"sets": ["02-fences"]}, 1, 1)
    app = teacher_app(url, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one("#overview-table", DataTable)
        assert cell(table, "小刚", "set:02-fences") == ("未完成" if lang == "zh" else "open")
        assert cell(table, "小刚", "set:01-overview") == "·"


async def test_resizing_lays_the_question_table_out_again(sqlite_seeded):
    from textual.widgets import DataTable

    app = teacher_app(sqlite_seeded, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.pause(0.1)
        table = screen.query_one("#questions-table", DataTable)
        widths = {c.key.value: c.get_render_width(table) for c in table.columns.values()}
        assert sum(widths[k] for k in ("q", "type", "n", "fac")) <= 80 - 4
        assert table.row_count == len(screen.dashboard.questions)


def test_charts_label_bars_by_name_and_never_merge():
    from rich.cells import cell_len

    from quizapp.tui.widgets.chart import Bar, bar_lines

    bars = [Bar(name, value, f"{value:.0f}%") for name, value in
            [("总览", 42.0), ("三个藩篱", 60.0), ("三个凡是", 0.0), ("三盘棋", 100.0)]]
    for width in (40, 76, 116):
        lines = bar_lines(bars, width, most=100.0).plain.splitlines()
        assert [line.split()[0] for line in lines] == ["总览", "三个藩篱", "三个凡是", "三盘棋"]
        assert all(cell_len(line) <= width for line in lines)
        starts = {cell_len(line[:line.index("█")]) for line in lines if "█" in line}
        assert len(starts) == 1  # every bar starts in the same column: none merges


async def test_the_memory_legend_has_the_bars_colours(sqlite_seeded):
    from textual.widgets import Static

    from quizapp.tui.screens.teacher import TODAY, WEEK
    from quizapp.tui.widgets.chart import BarChart

    app = teacher_app(sqlite_seeded, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("4")
        await settle(pilot)
        legend = screen.query_one("#memory-legend", Static).render()
        assert "today" in legend.plain and "in 7 days" in legend.plain
        from rich.style import Style

        def rgb(style) -> tuple:
            return tuple(Style.parse(str(style)).color.get_truecolor())

        assert {rgb(span.style) for span in legend.spans} == {rgb(TODAY), rgb(WEEK)}
        bars = screen.query_one("#memory-chart", BarChart).bars
        assert [b.style for b in bars[:2]] == [TODAY, WEEK]
        assert "总览" in bars[0].label  # labelled by name


def test_a_histogram_counts_in_whole_numbers():
    from quizapp.tui.widgets.chart import Bar, bar_lines

    bars = [Bar(f"{10 * i}%", n, str(n)) for i, n in enumerate([0, 1, 3, 2])]
    lines = bar_lines(bars, 40).plain.splitlines()
    assert [line.split()[-1] for line in lines] == ["0", "1", "3", "2"]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("tab", ["3", "4"])
def test_snapshot_tabs_en(snap_compare, sqlite_seeded, size, tab):
    """The question tab (answers bars, scatter) and the memory tab (legend) in English."""
    keys = [tab, "down"] if tab == "3" else [tab]
    assert snap_compare(teacher_app(sqlite_seeded, lang="en"), terminal_size=size,
                        run_before=_steps(*keys))
