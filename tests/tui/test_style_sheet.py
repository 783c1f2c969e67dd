"""The style sheets: app.tcss for what every screen shares, and one per screen (its
``CSS_PATH``) that Textual reads when that screen is first shown. Every screen is styled
by its own whenever it is shown, at once or later."""

from __future__ import annotations

import inspect
from pathlib import Path

from clocks import MonotonicClock
from textual.css.stylesheet import Stylesheet
from tui_helpers import make_app, session_for, settle, wait_for_screen

from quizapp.core.loader import load_bank
from quizapp.tui import app as app_module
from quizapp.tui.screens import (
    confirm,
    feedback,
    help,
    history,
    home,
    live,
    quiz,
    results,
    teacher,
)
from quizapp.tui.screens.confirm import ConfirmScreen
from quizapp.tui.screens.help import HelpScreen

BANK = load_bank()
SCREENS = [cls for module in (confirm, feedback, help, history, home, live, quiz, results, teacher)
           for _, cls in inspect.getmembers(module, inspect.isclass)
           if cls.__module__ == module.__name__ and cls.__name__.endswith("Screen")]


def selectors(path: Path) -> set[str]:
    sheet = Stylesheet()
    sheet.add_source(path.read_text(encoding="utf-8"), read_from=(str(path), ""))
    sheet.set_variables({name: "red" for name in (
        "background", "text-muted", "text-error", "text-warning", "text-success", "text-accent",
        "boost", "success", "error", "warning", "primary", "surface", "accent")})
    sheet.parse()
    return {rule.selectors for rule in sheet.rules}


def css_file(cls: type) -> Path:
    return Path(inspect.getfile(cls)).with_name(cls.CSS_PATH)


def test_every_screen_names_a_style_sheet_that_parses():
    assert len(SCREENS) >= 12
    for cls in SCREENS:
        assert cls.CSS_PATH, cls.__name__
        assert selectors(css_file(cls)), cls.__name__
    shared = selectors(Path(app_module.__file__).with_name(app_module.QuizApp.CSS_PATH))
    assert {"Screen", "ToastRack", ".field-label"} <= shared
    assert "#home-body" not in shared and "#help-box" not in shared
    assert "#quiz-body" in selectors(css_file(quiz.QuizScreen))
    assert "#help-box" in selectors(css_file(HelpScreen))


async def test_a_quiz_reads_only_its_own_style_sheet_at_first(db_url):
    clock = MonotonicClock()
    app = make_app(BANK, db_url, clock, session=session_for(BANK, clock, types=("choice",)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        read = {Path(path).name for path, _ in app.stylesheet.source}
        assert {"app.tcss", "quiz.tcss"} <= read
        assert not read & {"teacher.tcss", "live.tcss", "results.tcss", "overlays.tcss"}


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
