"""Snapshots of every screen at 80x24, in Chinese (and Home in English and the light theme).

Deterministic by construction: the small test bank, a fixed seed, a frozen clock, fixed
times for stored attempts (shown in UTC), no cursor blink, and the store settled before
the picture is taken. Update with ``pytest tests/tui/test_snapshots.py --snapshot-update``
after checking the new pictures by eye.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from clocks import MonotonicClock
from tui_helpers import BANK, answer, make_app, open_store, session_for, settle

from quizapp.core.session import Mode

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Stored times are shown in local time: make local time UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def past(db_url):
    """Two finished quizzes and one left unfinished, at fixed times."""
    with open_store(db_url) as store:
        for day, (score, sets) in enumerate([(3, ["01-city"]), (4, ["01-city"])]):
            at = T0 + timedelta(days=day)
            attempt = store.attempts.start_attempt("张三", "practice", sets, {"sets": sets, "seed": day},
                                          day, 4, at=at)
            city = ("city-river", "city-common", "city-must", "city-fill")
            for n, qid in enumerate(city):  # the first `score` right, the rest wrong
                right = n < score
                store.attempts.record_response(attempt, qid, "h", None if not right else "x",
                                      float(right), 1, right, 3.0,
                                      at=at + timedelta(minutes=n + 1))
            store.attempts.finish_attempt(attempt, score, 4, at=at + timedelta(minutes=5))
        spec = {"sets": [], "types": ["choice", "truefalse"], "seed": 7, "mode": "exam"}
        attempt = store.attempts.start_attempt("张三", "exam", [], spec, 7, 2, at=T0 + timedelta(days=3))
        store.attempts.record_response(attempt, "city-must", "h", True, 1, 1, True, 4.0,
                              at=T0 + timedelta(days=3, minutes=1))
    return db_url


def steps(*keys: str, theme: str = "", before=None):
    """A ``run_before`` that settles the store, presses ``keys`` and settles again."""

    async def run(pilot) -> None:
        if theme:
            pilot.app.theme = theme
        await settle(pilot)
        if before is not None:
            await before(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)

    return run


def quiz_app(db_url, qtype=None, mode=Mode.PRACTICE, **spec):
    clock = MonotonicClock()
    if qtype:
        spec["types"] = (qtype,)
    session = session_for(BANK, clock, mode=mode, **spec)
    return make_app(BANK, db_url, clock, session=session)


def test_home(snap_compare, past):
    app = make_app(BANK, past, MonotonicClock())
    assert snap_compare(app, terminal_size=SIZE, run_before=steps())


def test_home_light_theme(snap_compare, past):
    app = make_app(BANK, past, MonotonicClock())
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(theme="textual-light"))


def test_home_english_exam_mode(snap_compare, past):
    app = make_app(BANK, past, MonotonicClock(), lang="en")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("m"))


ROSTER = ["王小明", "小红", "李雷", "韩梅梅", "Alice", "张伟", "陈小静", "刘洋"]


@pytest.fixture
def roster(db_url):
    """The class 高一3班 with a roster of eight."""
    from quizapp.storage.classes import RosterEntry

    with open_store(db_url) as store:
        store.classes.create_class("高一3班")
        store.classes.set_roster("高一3班", [RosterEntry(n) for n in ROSTER])
    return db_url


def typed(text: str):
    """A ``before`` that waits for the roster, then types ``text`` in the name field."""

    async def run(pilot) -> None:
        await settle(pilot)  # the roster is read once the store is open
        if text:
            pilot.app.screen.query_one("#home-student").insert_text_at_cursor(text)
            await pilot.pause()

    return run


def test_home_with_a_roster(snap_compare, roster):
    app = make_app(BANK, roster, MonotonicClock(), student="", class_name="高一3班")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(before=typed("")))


def test_home_with_a_roster_filtered(snap_compare, roster):
    """"小" typed: the three names that contain it, the second highlighted (↓)."""
    app = make_app(BANK, roster, MonotonicClock(), student="", class_name="高一3班")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("down", before=typed("小")))


@pytest.mark.parametrize("qtype", ["choice", "multi", "truefalse", "fill", "match", "order"])
def test_quiz_question(snap_compare, db_url, qtype):
    async def partly(pilot):
        await answer(pilot, right=False)

    app = quiz_app(db_url, qtype)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(before=partly))


def test_quiz_card_front_and_back(snap_compare, db_url):
    app = quiz_app(db_url, "card")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("space"))


def test_quiz_exam_with_timer(snap_compare, db_url):
    app = quiz_app(db_url, mode=Mode.EXAM, time_limit=600, sets=("01-city",))
    assert snap_compare(app, terminal_size=SIZE, run_before=steps())


def test_quiz_light_theme(snap_compare, db_url):
    app = quiz_app(db_url, "multi")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("1", theme="textual-light"))


def test_confirm_empty_answer(snap_compare, db_url):
    app = quiz_app(db_url, "choice")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("enter"))


def test_feedback_right(snap_compare, db_url):
    async def right(pilot):
        await answer(pilot, right=True)

    app = quiz_app(db_url, "choice")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("enter", before=right))


def test_feedback_partly_right(snap_compare, db_url):
    async def wrong(pilot):
        await answer(pilot, right=False)

    app = quiz_app(db_url, "fill")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("enter", before=wrong))


async def whole_quiz(pilot):
    app = pilot.app
    for n in range(4):
        app.clock.advance(15)
        await pilot.pause()
        await answer(pilot, right=n != 1)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()


def test_results(snap_compare, db_url):
    app = quiz_app(db_url, sets=("01-city",))
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("down", before=whole_quiz))


def test_history(snap_compare, past):
    app = make_app(BANK, past, MonotonicClock())
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("h"))


def test_help(snap_compare, db_url):
    app = quiz_app(db_url, "order")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("question_mark"))


def test_leave_confirm(snap_compare, db_url):
    app = quiz_app(db_url, "truefalse")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("escape"))


# -- the card screen, and the small terminal (50x16), in both languages --------------------

SMALL = (50, 16)


def cards_app(db_url, lang="zh"):
    from clocks import DateClock

    from quizapp.core.scheduling import SchedulerConfig
    from quizapp.tui.app import QuizApp

    options = {"student": "张三", "config": SchedulerConfig(fuzz=False), "clock": DateClock(),
               "tz": UTC, "sets": ("02-chess",)}
    return QuizApp(BANK, flashcards=options, student="张三", db_url=db_url, lang=lang,
                   remember=False, cursor_blink=False)


async def card_loaded(pilot) -> None:
    for _ in range(250):
        await pilot.pause(0.02)
        if getattr(pilot.app.screen, "state", "loading") != "loading":
            return
    raise AssertionError("the card screen did not load")


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["80x24", "50x16"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_card_screen_back(snap_compare, db_url, lang, size):
    app = cards_app(db_url, lang)
    assert snap_compare(app, terminal_size=size,
                        run_before=steps("space", before=card_loaded))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_small_home(snap_compare, past, lang):
    app = make_app(BANK, past, MonotonicClock(), lang=lang)
    assert snap_compare(app, terminal_size=SMALL, run_before=steps())


def test_small_home_with_a_roster(snap_compare, roster):
    app = make_app(BANK, roster, MonotonicClock(), student="", class_name="高一3班",
                   lang="en")
    assert snap_compare(app, terminal_size=SMALL, run_before=steps(before=typed("")))


def test_small_match_drop_down_open(snap_compare, db_url):
    app = quiz_app(db_url, "match")
    assert snap_compare(app, terminal_size=SMALL, run_before=steps("space"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_small_feedback(snap_compare, db_url, lang):
    async def wrong(pilot):
        await answer(pilot, right=False)

    clock = MonotonicClock()
    session = session_for(BANK, clock, types=("choice",))
    app = make_app(BANK, db_url, clock, session=session, lang=lang)
    assert snap_compare(app, terminal_size=SMALL, run_before=steps("enter", before=wrong))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_small_history(snap_compare, past, lang):
    app = make_app(BANK, past, MonotonicClock(), lang=lang)
    assert snap_compare(app, terminal_size=SMALL, run_before=steps("h"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_small_results(snap_compare, db_url, lang):
    clock = MonotonicClock()
    session = session_for(BANK, clock, sets=("01-city",))
    app = make_app(BANK, db_url, clock, session=session, lang=lang)
    assert snap_compare(app, terminal_size=SMALL, run_before=steps("down", before=whole_quiz))


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["80x24", "50x16"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_live_join_form(snap_compare, db_url, lang, size):
    """The form a student joins a live class with (also what a browser shows)."""

    async def form(pilot) -> None:
        for _ in range(250):
            await pilot.pause(0.02)
            if type(pilot.app.screen).__name__ == "LiveJoinScreen":
                return
        raise AssertionError("the join form did not open")

    app = make_app(BANK, db_url, MonotonicClock(), student="", lang=lang, live_join="")
    assert snap_compare(app, terminal_size=size, run_before=steps(before=form))
