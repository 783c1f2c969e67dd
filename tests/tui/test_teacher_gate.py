"""The teacher password at Home (Pilot, SQLite): a student pressing ``d`` cannot open the
teacher's desk without it; the prompt is a modal screen with a masked input; the first
teacher on a database without one chooses it; hosting a live class asks too."""

from __future__ import annotations

import pytest
from tui_helpers import BANK, MonotonicClock, make_app, settle, until, wait_for_screen

from quizapp.services.teacher_auth import TeacherGate
from quizapp.storage import Store

PASSWORD = "desk-pass-1"


@pytest.fixture(autouse=True)
def typed_at_the_prompt(monkeypatch):
    monkeypatch.delenv("QUIZAPP_TEACHER_PASSWORD", raising=False)


@pytest.fixture
def url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'scores.db'}"
    with Store.open(url) as store:
        TeacherGate(store.teachers).set_first(PASSWORD)
    return url


async def _type(pilot, text: str) -> None:
    await pilot.press(*text)
    await pilot.pause()


async def test_a_student_cannot_open_the_desk_without_the_password(url):
    from textual.widgets import Input, Label

    from quizapp.tui.screens.home import HomeScreen
    from quizapp.tui.screens.teacher import TeacherScreen
    from quizapp.tui.screens.teacher_gate import TeacherPasswordScreen

    app = make_app(BANK, url, MonotonicClock(), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#home-sets").focus()
        await pilot.press("d")
        gate = await wait_for_screen(pilot, TeacherPasswordScreen)
        field = gate.query_one("#gate-password", Input)
        assert field.password and app.focused is field  # typed masked
        assert "This is for teachers" in gate.query_one("#gate-prompt").render().text
        await _type(pilot, "guess-123")
        assert "guess-123" not in str(field.render())  # shown masked
        await pilot.press("enter")
        await until(pilot, lambda: str(gate.query_one("#gate-error", Label).render()))
        assert str(gate.query_one("#gate-error", Label).render()) == "Wrong teacher password."
        assert isinstance(app.screen, TeacherPasswordScreen) and field.value == ""
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        assert not any(isinstance(s, TeacherScreen) for s in app.screen_stack)
        # the teacher, with the password
        await pilot.press("d")
        gate = await wait_for_screen(pilot, TeacherPasswordScreen)
        await _type(pilot, PASSWORD)
        await pilot.press("enter")
        await wait_for_screen(pilot, TeacherScreen)
        # back at Home, the desk asks again (the next one at the keyboard may be a student)
        app.go_home()
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("d")
        await wait_for_screen(pilot, TeacherPasswordScreen)


async def test_the_first_teacher_chooses_the_password(tmp_path):
    from textual.widgets import Input, Label

    from quizapp.tui.screens.teacher import TeacherScreen
    from quizapp.tui.screens.teacher_gate import TeacherPasswordScreen

    url = f"sqlite:///{tmp_path / 'scores.db'}"
    app = make_app(BANK, url, MonotonicClock(), lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#home-sets").focus()
        await pilot.press("d")
        gate = await wait_for_screen(pilot, TeacherPasswordScreen)
        assert "还没有教师密码" in gate.query_one("#gate-prompt").render().text
        assert gate.query_one("#gate-again", Input).password
        await _type(pilot, "abc")
        await pilot.press("enter")
        await _type(pilot, "abc")
        await pilot.press("enter")
        assert "太短" in str(gate.query_one("#gate-error", Label).render())
        gate.query_one("#gate-password", Input).value = "new-pass-1"
        gate.query_one("#gate-again", Input).value = "new-pass-1"
        gate.query_one("#gate-again", Input).focus()
        await pilot.press("enter")
        await wait_for_screen(pilot, TeacherScreen)
    with Store.open(url) as store:
        assert TeacherGate(store.teachers).check("new-pass-1")


async def test_hosting_from_home_asks_too(url):
    from quizapp.tui.screens.teacher_gate import TeacherPasswordScreen

    app = make_app(BANK, url, MonotonicClock(), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.action_live_host()
        await wait_for_screen(pilot, TeacherPasswordScreen)
