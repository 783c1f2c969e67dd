"""Every screen rendered with markup-looking and escape-laden text in every field.

Question files, student names, set titles and the database path are untrusted: none of it
may be read as Textual markup (``[/]`` crashed the match drop-down, ``[@click=...]`` ran an
action) or reach the terminal raw (an OSC 52 sequence sets the clipboard, ``ESC[2J``
clears the screen). The test walks through Home, a practice quiz with every question
type (the match drop-down open), the empty-answer and leave dialogs, feedback, results,
history, help, the unfinished-quiz list and the card screen, and checks the bytes that
would be written to the terminal on each.
"""

from __future__ import annotations

import io
import re

from rich.console import Console
from textual.widgets import DataTable, Input, Select
from tui_helpers import make_app, settle, until, wait_for_screen

from quizapp.core.grading import correct_response
from quizapp.core.model import (
    Bank,
    Blank,
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    QuestionSet,
    TrueFalseQuestion,
)
from quizapp.core.session import Mode, QuizSpec, build_session
from quizapp.tui.screens.confirm import ConfirmScreen
from quizapp.tui.screens.feedback import FeedbackScreen
from quizapp.tui.screens.flashcards import FlashcardScreen as CardScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.history import HistoryScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.results import ResultsScreen

OSC52 = "\x1b]52;c;aGk=\x07"
CLICK = "[@click=app.screenshot('x.svg','/tmp')]r2[/]"


def hostile(tag: str) -> str:
    """A short text that is markup, escapes and a bidi override at once."""
    return f"{tag}[/]a[i]b\x1b[2J{OSC52}\u202e\x9b{CLICK}"


def bank() -> Bank:
    key = "h"
    h = hostile
    return Bank.of([QuestionSet(key=key, title=h("T"), path="h.yaml", questions=(
        ChoiceQuestion(id="q-choice", prompt=h("P1"), options=(h("O1"), h("O2")),
                       answer=h("O1"), shuffle=False, explain=h("E1"), quote=h("Q1"),
                       set_key=key),
        MultiQuestion(id="q-multi", prompt=h("P2"), options=(h("M1"), h("M2"), h("M3")),
                      answers=frozenset({h("M1"), h("M2")}), shuffle=False, set_key=key),
        TrueFalseQuestion(id="q-tf", prompt=h("P3"), answer=True, explain=h("E3"),
                          set_key=key),
        FillQuestion(id="q-fill", prompt=f"{h('F')}{{{{c1::{h('A')}}}}}{h('G')}",
                     blanks=(Blank(1, h("A")),), set_key=key),
        MatchQuestion(id="q-match", prompt=h("P5"),
                      pairs=((h("L1"), "[/]"), (h("L2"), CLICK), (h("L3"), h("R3"))),
                      set_key=key),
        OrderQuestion(id="q-order", prompt=h("P6"), items=(h("I1"), h("I2"), h("I3")),
                      set_key=key),
        CardQuestion(id="q-card", prompt=h("K"), front=h("K"), back=h("B"), explain=h("E7"),
                     set_key=key),
    ))])


# What the app itself writes: colours (SGR) and cursor moves. Anything else that starts
# with ESC came from the text.
OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\d+;\d+H")
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_bytes(app) -> str:
    """What the driver would write to the terminal for the whole current screen."""
    update = app.screen._compositor.render_update(full=True,
                                                 screen_stack=app._background_screens)
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor",
                      width=app.size.width, height=app.size.height, legacy_windows=False)
    return update.render_segments(console)


def check_screen(app, where: str) -> str:
    """The screen's terminal output carries no control character of its own text; returns
    the printable text for further checks."""
    out = OWN_SEQUENCES.sub("", terminal_bytes(app))
    bad = UNSAFE.search(out)
    assert bad is None, f"{where}: raw {bad.group()!r} in {out[max(0, bad.start() - 40):bad.end() + 40]!r}"
    return out


async def test_every_screen_shows_hostile_text_as_text(tmp_path, clock, monkeypatch):
    # a [/] in the database path crashed the store-failed notification
    db_dir = tmp_path / "a[" / "]b\x1b[2J"  # .../a[/]b␛[2J/scores.db
    db_dir.mkdir(parents=True)
    db_url = f"sqlite:///{db_dir / 'scores.db'}"
    monkeypatch.setenv("QUIZAPP_DB", db_url)
    b = bank()
    session = build_session(b, QuizSpec(mode=Mode.PRACTICE, seed=1), clock=clock)
    app = make_app(b, db_url, clock, session=session, student=hostile("S"))
    seen: set[str] = set()
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await settle(pilot)
        while isinstance(app.screen, QuizScreen):
            screen = app.screen
            q = screen.widget.question
            out = check_screen(app, f"quiz {q.type}")
            seen.add(q.type)
            assert "␛[2J" in out and "[/]" in out and "\\u202e" in out
            if q.type == "match":
                box = screen.widget.query_one("#match-0", Select)
                box.focus()
                await pilot.press("space")  # the drop-down with "[/]" and "[@click...]"
                await pilot.pause()
                out = check_screen(app, "match drop-down")
                assert "[/]" in out and "[@click=app.screenshot" in out
                await pilot.press("escape")
                await pilot.pause()
            if q.type == "fill":  # the student's own typing is shown back too
                response = [hostile("typed")]
            elif q.type == "multi":
                response = frozenset()
                screen.action_submit()  # empty: the confirmation dialog
                await wait_for_screen(pilot, ConfirmScreen)
                check_screen(app, "confirm")
                await pilot.press("escape")
                await pilot.pause()
                response = correct_response(q)
            else:
                response = correct_response(q)
            screen.submit(response)
            await pilot.pause()
            if isinstance(app.screen, FeedbackScreen):
                out = check_screen(app, f"feedback {q.type}")
                assert "[/]" in out
                await pilot.press("enter")
                await pilot.pause()
        assert seen == {"choice", "multi", "truefalse", "fill", "match", "order", "card"}
        results = await wait_for_screen(pilot, ResultsScreen)
        for row in range(len(results.result.items)):
            results._show_detail(row)
            await pilot.pause()
            check_screen(app, f"results row {row}")
        await settle(pilot)
        await pilot.press("escape")
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        out = check_screen(app, "home")
        assert "T[/]a[i]b" in out  # the set title as typed
        home.query_one("#home-student", Input).cursor_position = 0  # the name's start
        await pilot.pause()
        out = check_screen(app, "home, the name's start")
        assert "S[/]a[i]b␛[2J" in out
        assert home.query_one("#home-student", Input).value == hostile("S")  # kept as typed
        assert app.student == hostile("S")
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)
        check_screen(app, "help")
        await pilot.press("escape")

        # an unfinished quiz named by its hostile set title: Home's list
        app.start_quiz(QuizSpec(sets=("h",), mode=Mode.PRACTICE, seed=2))
        quiz = await wait_for_screen(pilot, QuizScreen)
        quiz.submit(correct_response(quiz.widget.question))
        await pilot.pause()
        if isinstance(app.screen, FeedbackScreen):
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmScreen)
        check_screen(app, "leave dialog")
        await pilot.press("y")
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        home.load_from_store()
        await settle(pilot)
        assert home.query_one("#home-unfinished", DataTable).row_count == 1
        out = check_screen(app, "home with an unfinished quiz")
        assert out.count("T[/]a[i]b") >= 2  # in the sets table and in the unfinished list

        app.show_history()
        await wait_for_screen(pilot, HistoryScreen)
        await settle(pilot)
        out = check_screen(app, "history")
        assert "S[/]a[i]b" in out  # the student's name in the title

        app.push_screen(CardScreen(student=app.student, cram=True))  # every card, due or not
        card = await wait_for_screen(pilot, CardScreen)
        for _ in range(750):  # the deck is read on the recorder's thread: slow on a busy machine
            await pilot.pause(0.02)
            if card.state != "loading":
                break
        assert card.state == "card"
        check_screen(app, "cards")
        await pilot.press("space")
        await pilot.pause()
        out = check_screen(app, "cards flipped")
        assert "[/]" in out
        app.notify(hostile("N"))
        await pilot.pause(0.3)
        out = check_screen(app, "notification")
        assert "N[/]a[i]b" in out


async def test_a_failed_store_notification_shows_the_path_as_text(tmp_path, clock):
    """A database path with markup and escapes in it, which cannot be opened."""
    bad = tmp_path / "a[" / "]x\x1b[2J"
    bad.mkdir(parents=True)
    (bad / "scores.db").mkdir()  # a folder where the database file should be
    b = bank()
    app = make_app(b, f"sqlite:///{bad / 'scores.db'}", clock, student="张三")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert app.store_state == "failed"
        await until(pilot, lambda: "scores.db" in terminal_bytes(app))  # the toast is drawn
        out = check_screen(app, "store failed")
        assert "scores.db" in out  # the notice is on screen, its path as text
