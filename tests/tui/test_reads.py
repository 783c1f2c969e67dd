"""Screens read the score database on workers of their own: a read's answer reaches the
screen that asked while it is open, and never a screen closed before the read ended
(whatever the reader is: a lambda, a bound method); the worker is cancelled with it."""

from __future__ import annotations

import inspect
import threading
from pathlib import Path

from textual.message import Message
from tui_helpers import make_app, settle, until, wait_for_screen

from quizapp.services.recorder import open_store as real_open
from quizapp.tui.screens.history import HistoryScreen
from quizapp.tui.screens.home import HomeScreen


class Gated:
    """The real store, whose attempts' history waits for ``gate``."""

    def __init__(self, store, gate: threading.Event, started: threading.Event) -> None:
        self.store = store
        outer = self

        class Attempts:
            def __getattr__(self, name):
                return getattr(outer.store.attempts, name)

            def history(self, student):
                started.set()
                gate.wait(10)
                return outer.store.attempts.history(student)

        self.attempts = Attempts()

    def __getattr__(self, name):
        return getattr(self.store, name)


async def test_a_late_history_never_reaches_the_closed_screen(bank, db_url, clock):
    gate, started = threading.Event(), threading.Event()
    app = make_app(bank, db_url, clock, opener=lambda url: Gated(real_open(url), gate, started))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.show_history()
        history = await wait_for_screen(pilot, HistoryScreen)
        shown: list = []
        history.show_attempts = shown.append  # what the answer would reach
        await until(pilot, started.is_set)
        [worker] = [w for w in history.workers if w.node is history]
        history.dismiss()
        await wait_for_screen(pilot, HomeScreen)
        assert worker.is_cancelled
        gate.set()  # the read ends after its screen has closed
        await settle(pilot)
        await pilot.pause(0.2)
        assert shown == [] and app.is_running


class Answer(Message, bubble=False):
    """What a test read answers with."""


class Listening(HistoryScreen):
    """A history screen that notes every :class:`Answer` it gets."""

    #: Textual reads a relative style sheet beside the subclass's file: name the screen's own
    CSS_PATH = str(Path(inspect.getfile(HistoryScreen)).with_name(HistoryScreen.CSS_PATH))

    def __init__(self, student: str) -> None:
        super().__init__(student)
        self.got: list[Answer] = []

    def on_answer(self, message: Answer) -> None:
        self.got.append(message)


async def test_a_lambda_reader_answers_only_an_open_screen(bank, db_url, clock):
    from quizapp.tui.reads import read

    app = make_app(bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        release = threading.Event()

        def waiting(reads) -> Answer:
            release.wait(10)
            return Answer()

        closed = Listening("张三")
        app.push_screen(closed)
        await wait_for_screen(pilot, Listening)
        read(closed, lambda reads: waiting(reads))
        closed.dismiss()
        await wait_for_screen(pilot, HomeScreen)
        release.set()
        await settle(pilot)
        await pilot.pause(0.2)
        assert closed.got == []

        # the same reader on an open screen is answered
        shown = Listening("张三")
        app.push_screen(shown)
        await wait_for_screen(pilot, Listening)
        read(shown, lambda reads: waiting(reads))
        await until(pilot, lambda: len(shown.got) == 1)
