"""app.tcss comes in two parts: what Home and the quiz need first, the rest once the first
screen is shown. Every screen is styled by all of it whenever it is shown."""

from __future__ import annotations

from clocks import MonotonicClock
from textual.css.stylesheet import Stylesheet
from tui_helpers import make_app, session_for, settle, until, wait_for_screen

from quizapp.core.loader import load_bank
from quizapp.tui.app import CSS_FILE, FIRST_SCREENS, css_parts
from quizapp.tui.screens.confirm import ConfirmScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.start import TeacherStart

BANK = load_bank()


def selectors(css: str) -> set[str]:
    sheet = Stylesheet()
    sheet.add_source(css, read_from=("app.tcss", ""))
    sheet.set_variables({name: "red" for name in (
        "background", "text-muted", "text-error", "text-warning", "text-success", "text-accent",
        "boost", "success", "error", "warning", "primary", "surface", "accent")})
    sheet.parse()
    return {rule.selectors for rule in sheet.rules}


def test_the_two_parts_are_the_whole_file_and_the_first_holds_home_and_the_quiz():
    head, rest = css_parts()
    assert head + rest == CSS_FILE.read_text(encoding="utf-8")
    first, second = selectors(head), selectors(rest)
    assert {"#home-body", "#quiz-body", "#quiz-hint", "ToastRack"} <= first
    assert {"#feedback-verdict", "#help-box", "#results-table", "#teacher-tabs"} <= second
    assert FIRST_SCREENS == {"HomeScreen", "QuizScreen"}


def help_box_width(app) -> int | None:
    box = app.screen.query_one("#help-box")
    return box.styles.width.value if box.styles.width else None


async def test_help_opened_at_once_on_a_quiz_is_styled(db_url):
    """F1 straight away: the help overlay's rules are in the second part."""
    clock = MonotonicClock()
    app = make_app(BANK, db_url, clock, session=session_for(BANK, clock, types=("choice",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        assert help_box_width(app) == 60
        await pilot.press("escape")
        await settle(pilot)
        # and the quiz screen, shown before the rest was added, keeps its own styles
        assert app.screen.query_one("#quiz-body").styles.padding.left == 2
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmScreen)
        assert app.screen.query_one("#confirm-box").styles.width.value == 56


async def test_the_rest_is_added_once_the_first_screen_is_shown(db_url):
    clock = MonotonicClock()
    app = make_app(BANK, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app._css_rest == "")
        sources = [source.content for source in app.stylesheet.source.values()]
        assert sum(content == css_parts()[1] for content in sources) + (
            css_parts()[1] in app.CSS) == 1  # added once, one way or the other


async def test_an_app_opening_on_the_teachers_desk_has_all_of_it_from_the_start(db_url):
    app = make_app(BANK, db_url, MonotonicClock(), start=TeacherStart())
    head, rest = css_parts()
    assert app.CSS == head + rest
