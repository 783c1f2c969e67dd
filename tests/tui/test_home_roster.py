"""Home with a class that has a roster: the student picks their name from a list under the
name field that filters as they type; a name not on it is refused."""

from __future__ import annotations

import pytest
from clocks import MonotonicClock
from tui_helpers import BANK, help_rows, make_app, open_store, settle, wait_for_screen

NAMES = ["小明", "Alice", "王小明", "Bob"]


def _class_with_roster(db_url: str, names: list[str]) -> None:
    from quizapp.storage.classes import RosterEntry

    with open_store(db_url) as store:
        store.classes.create_class("高一3班")
        store.classes.set_roster("高一3班", [RosterEntry(n) for n in names])


async def _type(pilot, text: str) -> None:
    """Type ``text`` into the empty name field: keys for ASCII, as an input method would
    insert it for the rest."""
    from textual.widgets import Input

    field = pilot.app.screen.query_one("#home-student", Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    if text.isascii():
        await pilot.press(*text)
    else:
        field.insert_text_at_cursor(text)
    await pilot.pause()


def listed(app) -> list[str | None]:
    box = app.screen.query_one("#home-roster")
    return [box.get_option_at_index(i).id for i in range(box.option_count)]


def highlighted(app) -> str | None:
    return app.screen.query_one("#home-roster").highlighted_name()


async def _home(pilot) -> None:
    await settle(pilot)
    await settle(pilot)


def _notes(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_typing_filters_the_list_and_enter_picks_the_highlighted_name(db_url):
    _class_with_roster(db_url, NAMES)
    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name="高一3班")
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(pilot)
        box = app.screen.query_one("#home-roster")
        field = app.screen.query_one("#home-student")
        assert "高一3班" in field.placeholder
        assert box.display and listed(app) == NAMES
        assert highlighted(app) is None  # nothing typed: enter picks nobody
        await _type(pilot, "AL")  # any case
        assert listed(app) == ["Alice"] and highlighted(app) == "Alice"
        await pilot.press("enter")
        assert field.value == "Alice" and app.student == "Alice"
        assert app.focused.id == "home-sets"
        assert not box.display  # the name is chosen: the list makes room again


async def test_chinese_input_filters_and_the_arrows_move_in_the_list(db_url):
    _class_with_roster(db_url, NAMES)
    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name="高一3班")
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(pilot)
        await _type(pilot, "小明")
        assert listed(app) == ["小明", "王小明"] and highlighted(app) == "小明"
        await pilot.press("down")
        assert highlighted(app) == "王小明"
        assert app.focused.id == "home-student"  # the field keeps the focus
        await pilot.press("down")  # past the last name: the first again, as in the list
        assert highlighted(app) == "小明"
        await pilot.press("up")
        assert highlighted(app) == "王小明"
        await pilot.press("up")
        assert highlighted(app) == "小明"
        await pilot.press("down", "enter")
        assert app.student == "王小明"
        await _type(pilot, "ｂｏ")  # full-width letters, as a Chinese input method types them
        assert listed(app) == ["Bob"]
        field = app.screen.query_one("#home-student")
        field.value = ""
        await pilot.pause()
        await pilot.press("down")  # from no highlight: the first name
        assert highlighted(app) == "小明"
        await pilot.press("up", "enter")  # from the first name: the last
        assert app.student == field.value == "Bob"


async def test_a_click_picks_a_name(db_url):
    _class_with_roster(db_url, NAMES)
    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name="高一3班")
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(pilot)
        assert await pilot.click("#home-roster", offset=(2, 2))  # the third row
        await pilot.pause()
        assert app.student == "王小明"
        assert app.screen.query_one("#home-student").value == "王小明"


async def test_a_name_not_on_the_roster_is_refused_and_one_on_it_starts(db_url):
    from quizapp.tui.screens.home import HomeScreen
    from quizapp.tui.screens.quiz import QuizScreen

    _class_with_roster(db_url, ["小明", "Alice"])
    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name="高一3班")
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(pilot)
        assert app.roster == ["小明", "Alice"]
        await _type(pilot, "外人")
        assert listed(app) == [None]  # one line that says no name holds it
        box = app.screen.query_one("#home-roster")
        assert "名单上没有含“外人”的名字" in str(box.get_option_at_index(0).prompt)
        await pilot.press("enter")
        assert "“外人”不在高一3班的名单上" in _notes(app)
        assert app.focused.id == "home-student"
        await pilot.press("tab", "tab")  # away from the field: still refused at the start
        app.screen.action_start()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.focused.id == "home-student" and box.display
        await _type(pilot, "小明")
        app.screen.action_start()
        await wait_for_screen(pilot, QuizScreen)
        assert app.student == "小明"


async def test_only_a_name_on_the_roster_is_remembered(db_url, tmp_path):
    from quizapp.settings import Settings

    _class_with_roster(db_url, ["小明", "Alice"])
    settings = tmp_path / "settings.json"
    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name="高一3班",
                   settings_file=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(pilot)
        await _type(pilot, "外人")
        await pilot.press("tab", "tab")  # away from the field
        await pilot.pause()
        assert Settings.load(settings).student == ""  # not kept for next time
        await _type(pilot, "Alice")
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert Settings.load(settings).student == "Alice"
        await _type(pilot, "外人")
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert Settings.load(settings).student == "Alice"  # the last name on the roster


async def test_in_english(db_url):
    _class_with_roster(db_url, NAMES)
    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name="高一3班",
                   lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(pilot)
        field = app.screen.query_one("#home-student")
        assert field.placeholder == "find your name (高一3班)"
        await _type(pilot, "zz")
        box = app.screen.query_one("#home-roster")
        assert str(box.get_option_at_index(0).prompt) == "no name on the roster contains “zz”"
        await pilot.press("enter")
        assert "“zz” is not on the roster of 高一3班" in _notes(app)


async def test_a_remembered_name_not_on_the_roster_shows_the_list(db_url):
    _class_with_roster(db_url, NAMES)
    app = make_app(BANK, db_url, MonotonicClock(), student="Zed", class_name="高一3班")
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(pilot)
        assert app.focused.id == "home-sets"
        assert app.screen.query_one("#home-roster").display


HOSTILE = ["[/]", "x\x1b[2Jy", "[b]粗[/b]", "长" * 200, "Bob"]


@pytest.mark.parametrize("size", [(80, 24), (50, 16)])
async def test_hostile_names_are_shown_as_typed_and_the_screen_scrolls(db_url, size):
    """Names are plain text (never markup), control characters shown; a very long name
    wraps in the list, which scrolls, as does the screen at 50x16."""
    _class_with_roster(db_url, HOSTILE)
    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name="高一3班")
    async with app.run_test(size=size) as pilot:
        await _home(pilot)
        box = app.screen.query_one("#home-roster")
        assert listed(app) == ["[/]", "x\x1b[2Jy", "[b]粗[/b]", "长" * 200, "Bob"]
        prompts = [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]
        assert prompts[:3] == ["[/]", "x␛[2Jy", "[b]粗[/b]"]
        assert box.region.right <= size[0] and box.region.height <= 6
        assert box.max_scroll_y > 0  # the long name wraps: the list scrolls
        body = app.screen.query_one("#home-body")
        if size == (50, 16):
            assert body.max_scroll_y > 0  # Home scrolls at 50x16 rather than clip
        shot = app.export_screenshot()
        assert "\x1b[2J" not in shot
        await _type(pilot, "[/")
        assert listed(app) == ["[/]", "[b]粗[/b]"]
        await _type(pilot, "[/]")
        assert listed(app) == ["[/]"]
        await pilot.press("enter")
        assert app.student == "[/]"
        await _type(pilot, "2j")
        await pilot.press("enter")
        assert app.student == "x\x1b[2Jy"  # the roster's own name, unchanged
        for target in ("#home-roster", "#home-start"):
            widget = app.screen.query_one(target)
            widget.focus()
            await pilot.pause()
            assert body.region.contains_region(widget.region), target  # scrolled to it


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_help_names_the_arrows_while_the_list_shows(db_url, lang):
    from quizapp.i18n import STRINGS
    from quizapp.tui.screens.help import HelpScreen

    _class_with_roster(db_url, NAMES)
    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name="高一3班",
                   lang=lang)
    words = STRINGS[lang]["key.name_list"]
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(pilot)
        await _type(pilot, "小")
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        assert (("↑ ↓", words) in help_rows(help_screen)
                or ("↓ ↑", words) in help_rows(help_screen)), help_rows(help_screen)
        await pilot.press("escape")
        await settle(pilot)
        await _type(pilot, "nobody")  # no name matches: the list is gone, and so are they
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        assert words not in [action for _, action in help_rows(help_screen)]


async def test_without_a_roster_any_name_works(db_url):
    from quizapp.tui.screens.quiz import QuizScreen

    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.roster is None
        assert not app.screen.query_one("#home-roster").display
        await _type(pilot, "anyone")
        app.screen.action_start()
        await wait_for_screen(pilot, QuizScreen)


async def test_an_unknown_class_is_said_and_any_name_works(db_url):
    from quizapp.tui.screens.quiz import QuizScreen

    _class_with_roster(db_url, NAMES)
    app = make_app(BANK, db_url, MonotonicClock(), student="", class_name="高一4班",
                   lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _home(pilot)
        assert "There is no class called “高一4班”" in _notes(app)
        assert app.roster is None and not app.screen.query_one("#home-roster").display
        await _type(pilot, "anyone")
        app.screen.action_start()
        await wait_for_screen(pilot, QuizScreen)


def test_the_picker_lists_each_name_once():
    from quizapp.tui.widgets.names import NamePicker

    picker = NamePicker()
    picker.set_names(["Bob", "Ann", "Bob", " ", ""])
    assert picker.names == ["Bob", "Ann"]
    picker.filter("b")
    assert picker.matching() == ["Bob"]
    assert picker.resolve("BOB") == "Bob" and picker.resolve("Bob") == "Bob"
    picker.set_names(None)
    assert not picker.has_names and picker.matching() == []


def test_a_focus_event_while_the_app_closes_is_ignored(tmp_path):
    """Closing the app empties its screen stack; a focus event still on its way then
    must not raise (it failed a run once, on a busy machine)."""
    from textual import events
    from textual.widgets import Static

    app = make_app(BANK, f"sqlite:///{tmp_path / 's.db'}", MonotonicClock())
    assert not app._screen_stack
    app.on_descendant_focus(events.DescendantFocus(Static("x")))
