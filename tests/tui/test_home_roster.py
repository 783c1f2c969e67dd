"""Home with a class that has a roster: names complete from it, others are refused."""

from __future__ import annotations

from clocks import MonotonicClock
from tui_helpers import BANK, make_app, open_store, settle, wait_for_screen


def _class_with_roster(db_url: str, names: list[str]) -> None:
    from quizapp.storage.classes import RosterEntry

    with open_store(db_url) as store:
        store.create_class("高一3班")
        store.set_roster("高一3班", [RosterEntry(n) for n in names])


async def _type(pilot, text: str) -> None:
    from textual.widgets import Input

    field = pilot.app.screen.query_one("#home-student", Input)
    field.focus()
    field.value = ""
    if text.isascii():
        await pilot.press(*text)
    else:
        field.insert_text_at_cursor(text)
    await pilot.pause()


async def test_a_name_not_on_the_roster_is_refused_and_one_on_it_starts(db_url):
    from textual.widgets import Input

    from quizapp.tui.screens.home import HomeScreen
    from quizapp.tui.screens.quiz import QuizScreen

    _class_with_roster(db_url, ["小明", "Alice"])
    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name="高一3班")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert app.roster == ["小明", "Alice"]
        field = app.screen.query_one("#home-student", Input)
        assert "高一3班" in field.placeholder
        await _type(pilot, "Al")
        assert field._suggestion == "Alice"  # typing completes from the roster
        await _type(pilot, "外人")
        await pilot.press("tab")
        app.screen.action_start()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("不在高一3班的名单上" in str(n.message) for n in app._notifications)
        await _type(pilot, "小明")
        app.screen.action_start()
        await wait_for_screen(pilot, QuizScreen)
        assert app.student == "小明"


async def test_without_a_roster_any_name_works(db_url):
    from quizapp.tui.screens.quiz import QuizScreen

    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.roster is None
        await _type(pilot, "anyone")
        app.screen.action_start()
        await wait_for_screen(pilot, QuizScreen)


def test_a_focus_event_while_the_app_closes_is_ignored(tmp_path):
    """Closing the app empties its screen stack; a focus event still on its way then
    must not raise (it failed a run once, on a busy machine)."""
    from textual import events
    from textual.widgets import Static

    app = make_app(BANK, f"sqlite:///{tmp_path / 's.db'}", MonotonicClock())
    assert not app._screen_stack
    app.on_descendant_focus(events.DescendantFocus(Static("x")))
