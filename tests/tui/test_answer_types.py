"""Every question type answered right and wrong with the keyboard, as a student would:
the feedback screen says so, and the database holds the answer as graded."""

from __future__ import annotations

import pytest
from textual.widgets import Label, Static
from tui_helpers import ANSWERS, make_app, open_store, session_for, settle, until, wait_for_screen

from quizapp.tui.screens.feedback import FeedbackScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.results import ResultsScreen
from quizapp.tui.widgets.card import CardWidget

PARTIAL = {"fill", "match", "multi", "order"}  # a wrong answer here still scores part of the points


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
@pytest.mark.parametrize("qtype", list(ANSWERS))
async def test_answer_each_type(qtype, right, bank, db_url, clock):
    session = session_for(bank, clock, types=(qtype,))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        widget = screen.widget
        assert widget.question.type == qtype
        clock.advance(12)  # time spent on the question
        stored = await ANSWERS[qtype](pilot, widget, right)
        if qtype != "card":
            await pilot.press("enter")
            feedback = await wait_for_screen(pilot, FeedbackScreen)
            verdict = feedback.query_one("#feedback-verdict", Label)
            expected = "-right" if right else ("-partial" if qtype in PARTIAL else "-wrong")
            assert verdict.has_class(expected)
            correct_text = str(feedback.query_one("#feedback-correct", Static).content)
            assert correct_text  # the correct answer is always shown
            await pilot.press("enter")
        results = await wait_for_screen(pilot, ResultsScreen)
        assert results.result.items[0].correct is right
        await settle(pilot)

    with open_store(db_url) as store:
        (attempt,) = store.attempts.history("张三")
        assert attempt.finished and attempt.mode == "practice"
        detail = store.attempts.attempt(attempt.id)
        (row,) = detail.responses
        assert row.question_id == widget.question.id
        assert row.correct is right
        assert row.elapsed_s == pytest.approx(12)
        if isinstance(stored, dict):
            assert row.response == stored
        else:
            assert row.response == stored
        assert attempt.score == row.score


async def test_card_widget_waits_for_a_flip_before_grading(bank, db_url, clock):
    session = session_for(bank, clock, types=("card",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        widget = app.screen.widget
        assert isinstance(widget, CardWidget)
        await pilot.press("2")  # not flipped yet: nothing happens
        assert isinstance(app.screen, QuizScreen) and widget.knew is None
        await pilot.press("enter")  # enter flips
        assert widget.flipped
        await pilot.press("2")
        await wait_for_screen(pilot, ResultsScreen)


async def test_truefalse_digit_keys(bank, db_url, clock):
    session = session_for(bank, clock, types=("truefalse",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.screen.widget
        await pilot.press("2")
        assert widget.response() is False
        await pilot.press("1")
        assert widget.response() is True


async def test_choice_keys_beyond_the_options_do_nothing(bank, db_url, clock):
    session = session_for(bank, clock, types=("choice",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.screen.widget
        await pilot.press("8")
        assert widget.response() is None
        await pilot.press("2", "down")
        assert widget.response() == widget.labels[2]


async def test_multi_toggles_off_again(bank, db_url, clock):
    session = session_for(bank, clock, types=("multi",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.screen.widget
        await pilot.press("1", "3", "1")
        assert widget.response() == frozenset({widget.labels[2]})
        await pilot.press("down", "space")  # the cursor is on option 1; down to 2 and toggle
        assert widget.response() == frozenset({widget.labels[1], widget.labels[2]})


async def test_options_can_be_clicked(bank, db_url, clock):
    session = session_for(bank, clock, types=("choice",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.screen.widget
        rows = list(widget.query("OptionRow"))
        await pilot.click(rows[3])
        await pilot.pause()
        assert widget.response() == widget.labels[3]


async def test_order_square_brackets_move_items(bank, db_url, clock):
    session = session_for(bank, clock, types=("order",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.screen.widget
        before = list(widget.order)
        await pilot.press("right_square_bracket")
        assert widget.order == [before[1], before[0], before[2]]
        assert widget.cursor == 1
        await pilot.press("left_square_bracket")
        assert widget.order == before


async def test_fill_lays_out_inputs_inline_and_keeps_text_on_resize(bank, db_url, clock):
    session = session_for(bank, clock, types=("fill",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.screen.widget
        await pilot.press("快")
        await until(pilot, lambda: widget.response()[0] == "快")
        inputs = list(widget.query("Input"))
        assert len(inputs) == 2
        assert inputs[0].region.y == inputs[1].region.y  # one line at 80 columns
        await pilot.resize_terminal(30, 24)

        def wrapped() -> bool:  # at 30 columns the blanks are on two lines
            first, second = widget.query("Input")
            return first.region.y < second.region.y

        await until(pilot, wrapped)
        inputs = list(widget.query("Input"))
        assert widget.response() == ("快", "")
        assert app.focused is inputs[0]


async def test_fill_keys_typed_fast_land_in_the_right_blank(bank, db_url, clock):
    """Keys arriving in one burst ("ab", tab, "cd", shift+tab, "e") are not raced by the
    focus change: each goes to the blank that has the focus when it is typed."""
    from textual import events

    session = session_for(bank, clock, types=("fill",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.screen.widget
        for key, char in [("a", "a"), ("b", "b"), ("tab", None), ("c", "c"), ("d", "d"),
                          ("shift+tab", None), ("e", "e")]:
            app.post_message(events.Key(key, char))  # no waiting in between
        await until(pilot, lambda: len("".join(widget.response())) == 5)
        assert widget.response() == ("abe", "cd")


@pytest.mark.parametrize("qtype", ["choice", "fill"])
async def test_keys_then_enter_in_one_burst_submit_what_was_typed(qtype, bank, db_url, clock):
    from textual import events

    session = session_for(bank, clock, types=(qtype,), mode="exam")
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        widget = app.screen.widget
        keys = ["快", "tab", "稳"] if qtype == "fill" else [
            str(widget.labels.index(widget.question.answer) + 1)]
        for key in [*keys, "enter"]:  # no waiting in between
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        results = await wait_for_screen(pilot, ResultsScreen)
        assert results.result.items[0].correct
