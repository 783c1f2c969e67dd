"""Scores a class can trust, driven with Pilot: a partly empty answer asks first, a match
item pairs once, feedback marks each part, an exam's deadline holds across leaving and
what is on screen at the deadline is graded, self-rated cards are shown but not scored."""

from __future__ import annotations

from textual.widgets import DataTable, Label, Select, Static
from tui_helpers import (
    answer,
    leave_quiz,
    make_app,
    open_store,
    session_for,
    settle,
    until,
    wait_for_screen,
)

from quizapp.core.session import Mode
from quizapp.tui.screens.confirm import ConfirmScreen
from quizapp.tui.screens.feedback import FeedbackScreen
from quizapp.tui.screens.history import HistoryScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.results import ResultsScreen


def prompt_of(screen) -> str:
    return str(screen.query_one("#confirm-prompt", Static).content)


# -- answers graded in part ---------------------------------------------------------------


async def test_enter_with_a_blank_still_empty_asks_first(bank, db_url, clock):
    for mode in (Mode.PRACTICE, Mode.EXAM):
        session = session_for(bank, clock, types=("fill",), mode=mode)
        app = make_app(bank, db_url, clock, session=session)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("快", "enter")  # enter in blank 1, blank 2 still empty
            confirm = await wait_for_screen(pilot, ConfirmScreen)
            assert "还有 1 处没有作答（共 2 处）" in prompt_of(confirm)
            await pilot.press("n")
            quiz = await wait_for_screen(pilot, QuizScreen)
            assert quiz.run.session.answered == 0
            await pilot.press("tab", "稳", "enter")  # now complete: no question asked
            await pilot.pause()
            assert quiz.run.session.answered == 1
            assert quiz.run.session.outcomes[0].grade.correct
            await settle(pilot)


async def test_an_order_left_as_shown_asks_first(bank, db_url, clock):
    session = session_for(bank, clock, types=("order",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert "还没有调整顺序" in prompt_of(confirm)
        await pilot.press("y")
        await wait_for_screen(pilot, FeedbackScreen)
        await settle(pilot)


async def test_a_match_item_pairs_once_and_the_emptied_row_is_asked_about(
        bank, db_url, clock):
    session = session_for(bank, clock, types=("match",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        widget = app.screen.widget
        first, second, third = widget.selects()
        item = widget.shown.rights[0]
        first.value = item
        await pilot.pause()
        second.value = item  # the same item again, for row 2
        await pilot.pause()
        assert second.value == item and first.value is Select.NULL
        assert widget.response() == {widget.lefts[1]: item}
        third.value = widget.shown.rights[1]
        await pilot.pause()
        await pilot.press("enter")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert "还有 1 处没有作答（共 3 处）" in prompt_of(confirm)
        await settle(pilot)


async def test_feedback_marks_each_pair(bank, db_url, clock):
    session = session_for(bank, clock, types=("match",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        widget = app.screen.widget
        q = widget.question
        (l1, r1), (l2, r2), (l3, r3) = q.pairs
        widget.choose(l1, r1)
        widget.choose(l2, r3)
        widget.choose(l3, r2)
        await pilot.pause()
        await pilot.press("enter")
        feedback = await wait_for_screen(pilot, FeedbackScreen)
        lines = str(feedback.query_one("#feedback-parts", Static).content).splitlines()
        assert lines == [f"✔ {l1} → {r1}", f"✘ {l2} → {r3}（应为 {r2}）",
                         f"✘ {l3} → {r2}（应为 {r3}）"]
        await settle(pilot)


async def test_feedback_marks_each_option_and_position_in_english(bank, db_url, clock):
    session = session_for(bank, clock, types=("multi",))
    app = make_app(bank, db_url, clock, session=session, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        widget = app.screen.widget
        for text in ("共同的底色", "共同的方言"):
            await pilot.press(str(widget.labels.index(text) + 1))
        await pilot.press("enter")
        feedback = await wait_for_screen(pilot, FeedbackScreen)
        lines = str(feedback.query_one("#feedback-parts", Static).content).splitlines()
        assert sorted(lines) == sorted([
            "✔ picked 共同的底色", "✘ picked 共同的方言 (not a right one)",
            "✘ missed 共同的基因", "✘ missed 共同的使命"])
        await settle(pilot)


async def test_a_near_miss_in_a_blank_shows_the_difference(bank, db_url, clock):
    session = session_for(bank, clock, types=("fill",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("慢", "tab", "稳", "enter")
        feedback = await wait_for_screen(pilot, FeedbackScreen)
        parts = feedback.query_one("#feedback-parts", Static).content.text  # styled Text
        assert str(parts).splitlines() == [
            "✘ 第 1 空：慢（应为 快）", "  差别：[慢→快]", "✔ 第 2 空：稳"]
        struck = [str(parts)[s.start:s.end] for s in parts.spans if "strike" in str(s.style)]
        assert struck == ["慢"]
        await settle(pilot)


# -- timed exams ----------------------------------------------------------------------------


async def test_what_is_chosen_at_the_deadline_is_graded(bank, db_url, clock):
    session = session_for(bank, clock, types=("choice", "truefalse"), mode=Mode.EXAM,
                          time_limit=60)
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        widget = app.screen.widget
        first = widget.question
        if first.type == "choice":
            await pilot.press(str(widget.labels.index(first.answer) + 1))
        else:
            await pilot.press("t" if first.answer else "f")
        clock.advance(61)  # time runs out before enter
        results = await wait_for_screen(pilot, ResultsScreen)
        item = results.result.items[0]
        assert item.question is first and item.answered and item.correct
        assert "未作答" not in str(results.query_one("#results-detail-text", Static).content)
        await settle(pilot)
    with open_store(db_url) as store:
        (attempt,) = store.attempts.history("张三")
        assert attempt.finished and attempt.score == 1
        rows = {r.question_id: r for r in store.attempts.attempt(attempt.id).responses}
        assert rows[first.id].response is not None and rows[first.id].correct


async def test_leaving_an_exam_does_not_stop_its_clock(bank, db_url, clock):
    session = session_for(bank, clock, mode=Mode.EXAM, time_limit=120)
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await answer(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.run.session.answered == 1
        clock.advance(66)  # 00:54 left
        await pilot.press("escape")
        confirm = await wait_for_screen(pilot, ConfirmScreen)
        assert "计时不会暂停" in prompt_of(confirm)
        await pilot.press("y")
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        clock.advance(30)  # away for half a minute
        home = app.screen
        await pilot.press("c")  # to the unfinished quizzes
        assert app.focused is home.query_one("#home-unfinished", DataTable)
        await pilot.press("enter")
        quiz = await wait_for_screen(pilot, QuizScreen)
        assert quiz.run.session.time_left() == 24
        await until(pilot, lambda: "00:24" in str(quiz.query_one("#status-right", Label).content),
                    what="the resumed exam's clock to show 00:24 left")
        await settle(pilot)


async def test_resuming_after_the_deadline_hands_the_exam_in(bank, db_url, clock):
    session = session_for(bank, clock, types=("choice", "truefalse"), mode=Mode.EXAM,
                          time_limit=60)
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        widget = app.screen.widget
        await pilot.press("1" if widget.question.type == "choice" else "t", "enter")
        await pilot.pause()
        await leave_quiz(pilot)
    clock.advance(600)  # back ten minutes later, in a new run of the app
    app = make_app(bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        # handed in at its deadline: nothing to resume, its results in History
        assert not home.query_one("#home-unfinished-box").display
        await pilot.press("h")
        await wait_for_screen(pilot, HistoryScreen)
        await settle(pilot)
        await pilot.press("enter")
        results = await wait_for_screen(pilot, ResultsScreen)
        assert [i.answered for i in results.result.items] == [True, False]
        await settle(pilot)
    with open_store(db_url) as store:
        (attempt,) = store.attempts.history("张三")
        assert attempt.finished and attempt.answered == 1
        assert store.attempts.unfinished_attempts("张三") == []


# -- what counts toward a score ----------------------------------------------------------


async def test_results_say_self_rated_cards_are_not_scored(bank, db_url, clock):
    session = session_for(bank, clock, types=("card", "truefalse"))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        while isinstance(app.screen, QuizScreen | FeedbackScreen):
            screen = app.screen
            if isinstance(screen, FeedbackScreen):
                await pilot.press("enter")
            elif screen.widget.question.type == "card":
                await pilot.press("space", "2")  # "I knew it"
            else:
                await pilot.press("f", "enter")  # wrong
            await pilot.pause(0.1)
        results = await wait_for_screen(pilot, ResultsScreen)
        assert results.result.score == 0 and results.result.max_score == 1
        assert "得分 0/1" in str(results.query_one("#results-score", Label).content)
        note = str(results.query_one("#results-unscored", Label).content)
        assert "1 道自评的闪卡题" in note and "不计入得分" in note
        await settle(pilot)
    with open_store(db_url) as store:
        (attempt,) = store.attempts.history("张三")
        assert (attempt.score, attempt.max_score) == (0, 1)


async def test_an_all_sets_quiz_counts_toward_each_sets_best(bank, db_url, clock):
    """The default quiz (every set) gives each set a best score on Home."""
    session = session_for(bank, clock, types=("choice", "truefalse", "order"))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        while not isinstance(app.screen, ResultsScreen):
            if isinstance(app.screen, FeedbackScreen):
                await pilot.press("enter")
            elif isinstance(app.screen, ConfirmScreen):
                await pilot.press("y")
            else:
                await answer(pilot, right=app.screen.widget.question.type != "order")
                await pilot.press("enter")
            await pilot.pause(0.1)
        await pilot.press("escape")
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        table = home.query_one("#home-sets", DataTable)
        assert str(table.get_cell("01-city", "best")) == "100%"
        assert str(table.get_cell("02-chess", "best")) == "33%"  # the order, reversed: 1 of 3


async def test_history_shows_an_unfinished_quiz_by_what_was_answered(bank, db_url, clock):
    session = session_for(bank, clock, types=("choice", "truefalse", "multi"))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await answer(pilot, right=True)
        await pilot.press("enter")
        await wait_for_screen(pilot, FeedbackScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, QuizScreen)
        await leave_quiz(pilot)
        await pilot.press("h")
        history = await wait_for_screen(pilot, HistoryScreen)
        await settle(pilot)
        row = [str(c) for c in history.query_one("#history-table", DataTable).get_row_at(0)]
        assert row[3:] == ["1/1", "—", "未完成"]  # not "0/3"
        await pilot.press("enter")
        past = await wait_for_screen(pilot, ResultsScreen)
        table = past.query_one("#results-table", DataTable)
        assert table.row_count == 3  # every question of the quiz, answered or not
        marks = [str(table.get_row_at(i)[-1]) for i in range(3)]
        assert marks == ["✔", "✘", "✘"]
