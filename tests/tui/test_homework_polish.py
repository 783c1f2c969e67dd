"""Home on the school PostgreSQL's shared student login, with a key: ``k`` is in the footer
and asks for the key again; typing a name raises no error (the login keeps no scores,
history or cards: the best column says "—", and ``h``/``s`` say in one line what this
login is for)."""

from __future__ import annotations

import pytest
from clocks import MonotonicClock
from test_homework_keyed import _set_up, _type_key, school  # noqa: F401 - the fixture
from tui_helpers import BANK, make_app, settle, until, wait_for_screen

from quizapp.i18n import t


def _notes(app) -> list[tuple[str, str]]:
    return [(str(n.message), n.severity) for n in app._notifications]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_home_is_quiet_on_the_student_login(school, tmp_path, monkeypatch,  # noqa: F811
                                                  lang) -> None:
    from textual.widgets import DataTable, Input

    from quizapp import homework_key_file
    from quizapp.tui.screens.home import HomeScreen
    from quizapp.tui.screens.homework_key import HomeworkKeyScreen

    admin_url, student_url = school
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    _aid, keys = _set_up(admin_url)
    homework_key_file.keep(student_url, keys["甲"])
    app = make_app(BANK, student_url, MonotonicClock(), student="", lang=lang,
                   settings_file=tmp_path / "settings.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await until(pilot, lambda: bool(home.homework))
        await settle(pilot)
        # k: in the footer, with its words from the catalogue
        shown = {b.binding.key: b for b in home.active_bindings.values()}
        assert shown["k"].binding.show and shown["k"].enabled
        assert shown["k"].binding.description == t("key.homework_key")
        # a name typed on this login: no error, the best column "—"
        home.query_one("#home-student", Input).focus()
        await pilot.press(*"li")
        await pilot.press("tab")
        await settle(pilot)
        await until(pilot, lambda: home.limited)
        await settle(pilot)
        assert not [n for n in _notes(app) if n[1] == "error"], _notes(app)
        sets = home.query_one("#home-sets", DataTable)
        assert {str(sets.get_cell(s.key, "best")) for s in app.bank.sets} == {"—"}
        # s, h, m: not in the footer (room for w, k, j); their buttons say in one line
        # what this login is for, and nothing opens
        home.query_one("#home-sets", DataTable).focus()
        await settle(pilot)
        shown = {b.binding.key for b in home.active_bindings.values()
                 if b.binding.show and b.enabled}
        assert {"w", "k", "j"} <= shown and not {"s", "h", "m"} & shown
        await pilot.press("h", "s")
        await settle(pilot)
        assert app.screen is home
        for button in ("#home-history", "#home-start"):
            app._notifications.clear()
            await pilot.click(button)
            await settle(pilot)
            assert app.screen is home
            assert _notes(app) == [(t("home.limited_login"), "warning")]
        assert not [n for n in _notes(app) if n[1] == "error"], _notes(app)
        # k from the sets: the key box, over Home
        await pilot.press("k")
        await wait_for_screen(pilot, HomeworkKeyScreen, timeout=10)


async def test_the_key_box_opens_over_home_with_what_was_typed(school) -> None:  # noqa: F811
    from textual.widgets import Input

    from quizapp.tui.screens.home import HomeScreen
    from quizapp.tui.screens.homework_key import HomeworkKeyScreen

    admin_url, student_url = school
    _aid, keys = _set_up(admin_url)
    app = make_app(BANK, student_url, MonotonicClock(), student="")
    async with app.run_test(size=(80, 24)) as pilot:
        # typed at once, before the box (or into it, if it was quicker): the key's start
        await pilot.press(*"zats")
        box = await wait_for_screen(pilot, HomeworkKeyScreen, timeout=10)
        await settle(pilot)
        home = app.screen_stack[-2]
        assert isinstance(home, HomeScreen)
        assert box.styles.background.a < 1  # Home shows through, dimmed
        assert box.query_one("#key-input", Input).value == "zats"
        assert box.query_one("#key-input", Input).has_focus
        assert home.query_one("#home-student", Input).value == ""
        await _type_key(pilot, keys["甲"])
        await until(pilot, lambda: not isinstance(app.screen, HomeworkKeyScreen))
        assert app.homework_key == keys["甲"]
