"""Finding one's way on the student's screens, at 80x24 and 50x16, in Chinese and English:
a help key that works where the focus is, the keys of each question type in the help,
Home's keys (space and enter tick a set, Esc does not quit, ctrl+q does), the 题数 field,
the mode shown without colour, the unfinished quizzes as a table resumed where the student
left, no English in the Chinese footer (Textual's own keys included), and layouts that
fit and scroll."""

from __future__ import annotations

import time

import pytest
from clocks import MonotonicClock
from textual.widgets import DataTable, Input, Select
from textual.widgets._footer import FooterKey
from tui_helpers import (
    BANK,
    CHESS,
    CITY,
    answer,
    help_rows,
    make_app,
    open_store,
    session_for,
    settle,
    until,
    wait_for_screen,
)

from quizapp.cells import cell_len
from quizapp.core.loader import load_bank
from quizapp.core.session import Mode
from quizapp.i18n import EN, ZH
from quizapp.tui.screens.confirm import ConfirmScreen
from quizapp.tui.screens.feedback import FeedbackScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.history import HistoryScreen
from quizapp.tui.screens.home import HomeScreen, ModeButton
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.widgets.card import CardWidget
from quizapp.tui.widgets.footer import AppFooter

SIZES = [(80, 24), (50, 16)]
LANGS = ["zh", "en"]


def footer_keys(app) -> dict[str, str]:
    """The footer as shown: key display -> description, for every key on screen."""
    keys = {}
    width = app.size.width
    for key in app.screen.query(FooterKey):
        region = key.region
        if region.width and region.x >= 0 and region.right <= width:
            keys[key.key_display] = key.description
    return keys


async def on_home(pilot) -> HomeScreen:
    home = await wait_for_screen(pilot, HomeScreen)
    await settle(pilot)
    return home


# -- the help key --------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
async def test_the_footer_names_a_help_key_that_works_where_the_focus_is(db_url, size, lang):
    app = make_app(BANK, db_url, MonotonicClock(), student="", lang=lang)
    async with app.run_test(size=size) as pilot:
        home = await on_home(pilot)
        name = home.query_one("#home-student", Input)
        assert app.focused is name
        keys = footer_keys(app)
        assert keys.get("F1") == (ZH if lang == "zh" else EN)["key.help"], keys
        await pilot.press("question_mark")  # a "?" in a name is just a character
        assert name.value == "?" and app.screen is home
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        await pilot.press("backspace", "李", "四", "enter")  # the name given, on to the sets
        await pilot.pause()
        assert isinstance(app.focused, DataTable)
        assert "?/F1" in footer_keys(app)
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)


EXPECTED_TYPE_KEYS = {
    "choice": ["1-8"],
    "multi": ["1-8", "空格"],
    "truefalse": ["1/t", "2/f"],
    "fill": ["Tab"],
    "match": ["Tab/⇧Tab", "空格/↓", "↑↓"],
    "order": ["⇧↑/[", "⇧↓/]"],
    "card": ["空格"],  # 1 and 2 grade once the card is flipped
}


@pytest.mark.parametrize("qtype", sorted(EXPECTED_TYPE_KEYS))
async def test_help_in_a_quiz_lists_the_question_types_keys_first(db_url, qtype):
    clock = MonotonicClock()
    app = make_app(BANK, db_url, clock, session=session_for(BANK, clock, types=(qtype,)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        type_table = help_screen.query_one("#help-type-table", DataTable)
        type_keys = [str(type_table.get_row_at(i)[0]) for i in range(type_table.row_count)]
        for key in EXPECTED_TYPE_KEYS[qtype]:
            assert any(key in keys.split() for keys in type_keys), (qtype, type_keys)
        rows = help_rows(help_screen)
        assert all(not action.isascii() for _, action in rows), rows  # all in Chinese
        descriptions = [action for _, action in rows]
        assert len(descriptions) == len(set(descriptions)), rows  # each key said once
        assert ZH["quiz.type." + qtype] in str(help_screen.query(".help-section").first().content)


# -- Home's keys ---------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
async def test_space_and_enter_both_tick_a_set_and_the_footer_says_so(db_url, size, lang):
    app = make_app(BANK, db_url, MonotonicClock(), lang=lang)
    async with app.run_test(size=size) as pilot:
        home = await on_home(pilot)
        assert isinstance(app.focused, DataTable)
        strings = ZH if lang == "zh" else EN
        toggle = f"{strings['keyname.space']}/{strings['keyname.enter']}"
        assert footer_keys(app).get(toggle) == strings["key.toggle"]
        first = BANK.sets[0].key
        await pilot.press("space")
        assert first not in home.chosen
        await pilot.press("enter")
        assert first in home.chosen


@pytest.mark.parametrize("size", SIZES)
async def test_esc_on_home_never_quits_and_ctrl_q_does(db_url, size):
    app = make_app(BANK, db_url, MonotonicClock())
    async with app.run_test(size=size) as pilot:
        home = await on_home(pilot)
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        rows = dict((action, keys) for keys, action in help_rows(help_screen))
        assert rows[ZH["key.quit"]] == "^q"  # help does not say that Esc quits
        assert rows[ZH["key.how_to_quit"]] == ZH["keyname.esc"]
        await pilot.press("escape", "escape", "escape")  # out of help, then a reflex or two
        await pilot.pause()
        assert app.is_running and app.screen is home
        assert any("Ctrl+Q" in str(n.message) for n in app._notifications)
        if size == (80, 24):
            assert footer_keys(app).get("^q") == ZH["key.quit"]
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code in (0, None)


# -- the 题数 field and the mode ------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
async def test_an_empty_count_means_all_and_only_a_real_error_is_red(db_url, lang):
    app = make_app(BANK, db_url, MonotonicClock(), lang=lang)
    async with app.run_test(size=(50, 16)) as pilot:
        home = await on_home(pilot)
        count = home.query_one("#home-count", Input)
        error = home.query_one("#home-input-error")
        count.focus()
        await pilot.pause()
        assert not count.has_class("-invalid") and not error.display  # empty: all
        await pilot.press("a", "b")
        await pilot.pause()
        assert count.value == "ab"  # letters are not swallowed silently
        assert count.has_class("-invalid") and error.display
        message = (ZH if lang == "zh" else EN)["home.count_invalid"]
        assert str(error.content) == message
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert not count.has_class("-invalid") and not error.display
        await pilot.press("0")
        await pilot.pause()
        assert count.has_class("-invalid") and error.display
        await pilot.press("backspace", "3")
        await pilot.pause()
        assert not count.has_class("-invalid") and not error.display
        count.value = ""
        await pilot.press("enter")  # empty count: a quiz of every question
        quiz = await wait_for_screen(pilot, QuizScreen)
        assert quiz.run.session.total == sum(len(s) for s in BANK.sets)


@pytest.mark.parametrize("size", SIZES)
async def test_the_chosen_mode_is_visible_without_colour(db_url, size):
    app = make_app(BANK, db_url, MonotonicClock(), lang="en")
    async with app.run_test(size=size) as pilot:
        home = await on_home(pilot)
        for step in range(4):
            buttons = list(home.query(ModeButton))
            marks = [button._button.plain for button in buttons]
            assert [m[1] for m in marks] == ["●" if i == step else " " for i in range(4)]
            for button in buttons:  # every mode's name is on screen, whole
                assert button.region.right <= app.size.width
                assert button.content_region.width >= len(str(button.label)) + 4
            await pilot.press("m")
            await pilot.pause()


# -- unfinished quizzes --------------------------------------------------------------------

async def test_unfinished_quizzes_are_a_table_and_resume_where_the_student_left(db_url):
    clock = MonotonicClock()
    session = session_for(BANK, clock, types=("choice", "truefalse", "multi", "order"))
    ids = session.question_ids
    app = make_app(BANK, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for step in ("answer", "skip", "answer", "leave"):
            if step == "answer":
                await answer(pilot)
                await pilot.press("enter")
                await wait_for_screen(pilot, FeedbackScreen)
                await pilot.press("enter")
                await wait_for_screen(pilot, QuizScreen)
            elif step == "skip":
                await pilot.press("ctrl+n")
                await pilot.pause()
            else:
                assert app.screen.run.session.current().question.id == ids[3]
                await pilot.press("escape")
                await wait_for_screen(pilot, ConfirmScreen)
                await pilot.press("y")
        home = await on_home(pilot)
        table = home.query_one("#home-unfinished", DataTable)
        assert table.row_count == 1
        await pilot.press("c")
        assert app.focused is table
        await pilot.press("enter")
        quiz = await wait_for_screen(pilot, QuizScreen)
        assert quiz.run.session.current().question.id == ids[3]  # not the skipped ids[1]
    with open_store(db_url) as store:
        assert len(store.attempts.unfinished_attempts("张三")) == 1


# -- no English in the Chinese interface --------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
async def test_an_open_drop_down_speaks_chinese_and_leaves_the_hint_visible(db_url, size):
    clock = MonotonicClock()
    app = make_app(BANK, db_url, clock, session=session_for(BANK, clock, types=("match",)))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, Select)
        await pilot.press("space")
        await pilot.pause()
        overlay = app.focused
        assert type(overlay).__name__ == "SelectOverlay"
        descriptions = list(footer_keys(app).values())
        assert ZH["key.list_close"] in descriptions
        for description in descriptions:
            assert description in ZH.values(), descriptions  # e.g. not "Dismiss menu"
        hint = app.screen.query_one("#quiz-hint")
        assert not overlay.region.overlaps(hint.region)


# -- sizes ---------------------------------------------------------------------------------

async def test_homes_table_follows_a_resize(db_url):
    app = make_app(BANK, db_url, MonotonicClock())
    async with app.run_test(size=(80, 24)) as pilot:
        home = await on_home(pilot)
        table = home.query_one("#home-sets", DataTable)
        narrow = table.ordered_columns[1].width  # the set titles
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        wide = table.ordered_columns[1].width
        assert wide == narrow + 40
        assert app.focused is table  # without the focus moving


@pytest.mark.parametrize("lang", LANGS)
async def test_at_50x16_home_scrolls_and_every_action_has_a_key(db_url, lang):
    app = make_app(load_bank(), db_url, MonotonicClock(), lang=lang)  # the built-in sets
    async with app.run_test(size=(50, 16)) as pilot:
        home = await on_home(pilot)
        body = home.query_one("#home-body")
        start = home.query_one("#home-start")
        assert body.max_scroll_y > 0  # more than fits: it scrolls rather than clips
        assert start.region.right <= 50  # never cut off at the side
        start.focus()
        # scrolled into view above the footer (after a refresh, later on a busy machine)
        await until(pilot, lambda: start.region.bottom <= 16 - 1)
        await pilot.press("h")  # history by key
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"


@pytest.mark.parametrize("size", SIZES)
async def test_the_card_hint_changes_once_the_card_is_flipped(db_url, size):
    clock = MonotonicClock()
    app = make_app(BANK, db_url, clock, session=session_for(BANK, clock, types=("card",)))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        hint = app.screen.query_one("#quiz-hint")
        assert hint.text == ZH["quiz.hint.card"]
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen.widget, CardWidget) and app.screen.widget.flipped
        assert hint.text == ZH["quiz.hint.card_back"]


def past_quizzes(db_url) -> None:
    """Two finished quizzes (one on both sets, whose titles make a long label) and one left
    unfinished."""
    with open_store(db_url) as store:
        for score, sets in ((3, ["01-city"]), (4, ["01-city", "02-chess"])):
            attempt = store.attempts.start_attempt("张三", "practice", sets, {"sets": sets}, 1, 4)
            for n, qid in enumerate(("city-river", "city-common", "city-must", "city-fill")):
                right = n < score
                store.attempts.record_response(attempt, qid, "h", "x", float(right), 1, right, 3.0)
            store.attempts.finish_attempt(attempt, score, 4)
        unfinished = store.attempts.start_attempt("张三", "exam", [], {"sets": []}, 7, 2)
        store.attempts.record_response(unfinished, "city-must", "h", True, 1, 1, True, 4.0)


async def open_history(pilot) -> HistoryScreen:
    await on_home(pilot)
    await pilot.press("h")
    history = await wait_for_screen(pilot, HistoryScreen)
    await settle(pilot)
    return history


def cell_lines(cell) -> list[str]:
    return str(cell).split("\n")


@pytest.mark.parametrize("size", [(50, 16), (64, 20), (80, 24), (120, 40)])
@pytest.mark.parametrize("lang", LANGS)
async def test_the_history_table_fits_the_width_without_scrolling_sideways(db_url, size, lang):
    past_quizzes(db_url)
    app = make_app(BANK, db_url, MonotonicClock(), lang=lang)
    async with app.run_test(size=size) as pilot:
        history = await open_history(pilot)
        table = history.query_one("#history-table", DataTable)
        assert table.row_count == 3
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert table.max_scroll_x == 0 and table.region.right <= size[0]
        widths = [column.width for column in table.ordered_columns]
        shown = []
        for row in range(table.row_count):
            cells = table.get_row_at(row)
            for cell, width in zip(cells, widths, strict=True):
                assert all(cell_len(line) <= width for line in cell_lines(cell)), (cell, width)
            shown.append("".join(line for cell in cells for line in cell_lines(cell)))
        strings = ZH if lang == "zh" else EN
        both = f"{CITY.title}、{CHESS.title}"
        if size[0] < 80:  # two lines a row: the long sets label whole, wrapped
            assert both in shown[1]
            assert table.header_height == 2
            assert all(row.height == 2 for row in table.rows.values())
        else:
            assert both[:5] in shown[1]
        assert strings["history.unfinished"] in shown[0] and "1/1" in shown[0]
        assert "3/4 75%" in shown[2] and "4/3" in shown[2]  # the score, answered/right


@pytest.mark.parametrize("size", [(50, 16), (80, 24)])
async def test_a_long_history_scrolls_down_but_never_sideways(db_url, size):
    with open_store(db_url) as store:
        for _ in range(20):
            attempt = store.attempts.start_attempt("张三", "practice", ["01-city"], {}, 1, 4)
            store.attempts.finish_attempt(attempt, 2, 4)
    app = make_app(BANK, db_url, MonotonicClock(), lang="en")
    async with app.run_test(size=size) as pilot:
        history = await open_history(pilot)
        table = history.query_one("#history-table", DataTable)
        assert table.row_count == 20 and table.max_scroll_y > 0  # its scroll bar shown
        assert table.max_scroll_x == 0


async def test_the_history_table_is_laid_out_again_after_a_resize(db_url):
    past_quizzes(db_url)
    app = make_app(BANK, db_url, MonotonicClock(), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await on_home(pilot)
        await pilot.press("h")
        history = await wait_for_screen(pilot, HistoryScreen)
        await settle(pilot)
        table = history.query_one("#history-table", DataTable)
        assert len(table.ordered_columns) == 6
        table.move_cursor(row=2)
        await pilot.resize_terminal(50, 16)
        await pilot.pause()
        await pilot.pause()
        assert len(table.ordered_columns) == 3 and table.max_scroll_x == 0
        assert table.row_count == 3 and table.cursor_row == 2  # the cursor kept
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert len(table.ordered_columns) == 6 and table.max_scroll_x == 0


# -- the footer: every key shown with its label --------------------------------------------

def footer_line(app) -> str:
    strips = app.screen._compositor.render_strips()
    return strips[app.size.height - 1].text


async def footer_fitted(pilot) -> None:
    """Wait (up to 10 s) for the footer to be fitted: it is laid out again after every
    change of focus, a refresh after its keys are composed. A focus change reaches the
    footer a little later, so a fitted footer that still overflows is waited for too (one
    that stays so fails the checks that follow)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        footer = pilot.app.screen.query_one(AppFooter)
        if footer.fitted and footer.query(".-help") and footer.max_scroll_x == 0:
            await pilot.pause()
            if footer.fitted and footer.max_scroll_x == 0:
                return


def assert_footer_keys_whole(app) -> list[str]:
    """Every key the footer shows is whole, with its label, left of the help key, and the
    screen shows it so; the quit and help keys are there. Returns the keys shown."""
    footer = app.screen.query_one(AppFooter)
    assert footer.max_scroll_x == 0
    help_key = footer.query_one(".-help", FooterKey)
    line = footer_line(app)
    shown = []
    for key in footer.query(FooterKey):
        if not key.display:
            continue
        assert key.description, key.key_display
        assert f"{key.key_display} {key.description}" in line, (key.key_display, line)
        if key is not help_key:
            assert key.region.right <= help_key.region.x, (key.key_display, line)
        shown.append(key.key_display)
    assert "^q" in shown and help_key.key_display in shown, line
    return shown


@pytest.mark.parametrize("size", [(80, 24), (50, 16), (120, 40)])
@pytest.mark.parametrize("lang", LANGS)
async def test_homes_footer_shows_every_key_with_its_label_whatever_has_the_focus(
        db_url, size, lang):
    past_quizzes(db_url)  # the unfinished quiz's table takes the focus too
    app = make_app(BANK, db_url, MonotonicClock(), lang=lang)
    async with app.run_test(size=size) as pilot:
        home = await on_home(pilot)
        chain = [w for w in home.focus_chain]
        assert len(chain) >= 8  # name, sets, mode, count, time, buttons, unfinished
        for widget in chain:
            widget.focus()
            await footer_fitted(pilot)
            assert app.focused is widget
            assert_footer_keys_whole(app)
            if size[0] >= 120:  # room for all: none left out
                assert all(key.display for key in app.screen.query(FooterKey))


async def test_the_footer_fits_its_keys_again_after_a_resize(db_url):
    app = make_app(BANK, db_url, MonotonicClock(), lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await on_home(pilot)
        await footer_fitted(pilot)
        wide = assert_footer_keys_whole(app)
        for size in ((80, 24), (50, 16), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await footer_fitted(pilot)
            shown = assert_footer_keys_whole(app)
        assert shown == wide


@pytest.mark.parametrize("size", [(50, 16), (80, 24), (120, 40)])
@pytest.mark.parametrize("lang", LANGS)
async def test_the_results_table_fits_the_width_with_whole_headings(db_url, size, lang):
    from quizapp.tui.screens.results import ResultsScreen

    bank = load_bank()
    clock = MonotonicClock()
    session = session_for(bank, clock, count=15)  # more rows than the table shows: it scrolls
    app = make_app(bank, db_url, clock, session=session, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.screen.finish()
        results = await wait_for_screen(pilot, ResultsScreen)
        for step in (None, (120, 40), size):
            if step is not None:  # laid out again after a resize, both ways
                await pilot.resize_terminal(*step)
                await pilot.pause()
            await pilot.pause()
            table = results.query_one("#results-table", DataTable)
            assert table.row_count == 15 and table.max_scroll_y > 0
            assert table.max_scroll_x == 0, [c.width for c in table.ordered_columns]
            assert table.region.right <= app.size.width
            for column in table.ordered_columns:  # no heading cut short
                assert cell_len(str(column.label)) <= column.width, column.label
            keys = [str(column.key.value) for column in table.ordered_columns]
            wide = app.size.width >= 80
            assert keys == (["n", "question", "yours", "correct", "mark"] if wide
                            else ["n", "question", "mark"])


@pytest.mark.parametrize("lang", LANGS)
async def test_homes_help_names_shift_tab_as_the_quiz_help_does(db_url, lang):
    app = make_app(BANK, db_url, MonotonicClock(), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_home(pilot)
        await pilot.press("f1")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        keys = [key for key, _ in help_rows(help_screen)]
        assert "⇧Tab" in keys and not any("shift" in key for key in keys), keys


async def test_quick_presses_of_m_step_through_every_mode(db_url):
    app = make_app(BANK, db_url, MonotonicClock(), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        home = await on_home(pilot)
        for _ in range(3):  # three presses read at once (a terminal sends them together)
            home.action_next_mode()
        await pilot.pause()
        await pilot.pause()
        assert home.mode() is None  # the flashcards, the fourth choice
        assert [b.value for b in home.query(ModeButton)] == [False, False, False, True]
        await pilot.press("m", "m")
        await pilot.pause()
        await pilot.pause()
        assert home.mode() is Mode.EXAM


@pytest.mark.parametrize("lang", LANGS)
async def test_at_50x16_the_focus_is_in_view_again_on_return_to_home(db_url, lang):
    app = make_app(load_bank(), db_url, MonotonicClock(), lang=lang)
    async with app.run_test(size=(50, 16)) as pilot:
        home = await on_home(pilot)
        start = home.query_one("#home-start")
        start.focus()
        await pilot.pause()
        await pilot.press("enter")  # a quiz, left at once: Home shows an unfinished one
        await wait_for_screen(pilot, QuizScreen)
        await settle(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await on_home(pilot)
        await settle(pilot)
        assert app.focused is start
        assert 0 <= start.region.y and start.region.bottom <= 16 - 1  # above the footer


@pytest.mark.parametrize("lang", LANGS)
async def test_the_footer_under_a_dialog_shows_every_key_whole(db_url, lang):
    """Esc in a quiz opens the leave dialog: the quiz's footer, seen under it, is fitted
    again (its keys were composed again as the dialog opened, before it was laid out)."""
    clock = MonotonicClock()
    app = make_app(BANK, db_url, clock, lang=lang,
                   session=session_for(BANK, clock, types=("truefalse",)))
    async with app.run_test(size=(50, 16)) as pilot:
        await settle(pilot)
        await footer_fitted(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmScreen)
        footer = app.screen_stack[-2].query_one(AppFooter)
        await until(pilot, lambda: footer.fitted and all(
            key.outer_size.width for key in footer.query(FooterKey) if key.display))
        help_key = footer.query_one(".-help", FooterKey)
        shown = [key for key in footer.query(FooterKey) if key.display]
        assert len(shown) >= 3
        for key in shown:
            if key is not help_key:
                assert key.region.right <= help_key.region.x, key.key_display
