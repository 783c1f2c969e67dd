"""Whole quizzes driven with Pilot: practice and exam from start to finish, empty answers,
leaving and resuming, reviewing mistakes, history, help, and the English interface."""

from __future__ import annotations

from textual.widgets import DataTable, Label, Static
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
from quizapp.services.recorder import StoreState
from quizapp.tui.display import format_score
from quizapp.tui.screens.confirm import ConfirmScreen
from quizapp.tui.screens.feedback import FeedbackScreen
from quizapp.tui.screens.help import HelpScreen
from quizapp.tui.screens.history import HistoryScreen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.results import ResultsScreen
from quizapp.tui.widgets.card import CardWidget
from quizapp.tui.widgets.chart import ScoreChart
from quizapp.tui.widgets.statusbar import StatusBar


def status_right(screen) -> str:
    return str(screen.query_one("#status-right", Label).content)


async def submit(pilot, right: bool = True) -> None:
    """Answer the current question and submit it (a card submits itself)."""
    await pilot.pause()
    widget = pilot.app.screen.widget
    await answer(pilot, right)
    if not isinstance(widget, CardWidget):
        await pilot.press("enter")
    await pilot.pause()


async def answer_and_go_on(pilot, right: bool = True) -> None:
    """Answer the current question; in practice, read the feedback and go on."""
    app = pilot.app
    await submit(pilot, right)
    if isinstance(app.screen, FeedbackScreen):
        await pilot.press("enter")
        await pilot.pause()


async def test_full_practice_quiz(bank, db_url, clock):
    session = session_for(bank, clock)
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for n in range(1, 8):
            assert "1/7" not in status_right(app.screen) or n == 1
            assert f"{n}/7" in status_right(app.screen)
            clock.advance(5)
            await answer_and_go_on(pilot, right=n != 3)
        results = await wait_for_screen(pilot, ResultsScreen)
        result = results.result
        assert sum(not item.correct for item in result.items) == 1
        # the self-rated card is shown but not scored: 6 questions count
        assert 5 <= result.score < 6 and result.max_score == 6
        shown = str(results.query_one("#results-score", Label).content)
        assert f"{format_score(result.score)}/6（{result.percent:.0f}%）" in shown
        assert "0分35秒" in str(results.query_one("#results-time", Label).content)
        table = results.query_one("#results-table", DataTable)
        assert table.row_count == 7
        await settle(pilot)
    with open_store(db_url) as store:
        (attempt,) = store.attempts.history("张三")
        assert attempt.finished and attempt.answered == 7
        assert attempt.score == result.score and attempt.max_score == 6
        detail = store.attempts.attempt(attempt.id)
        assert [r.question_id for r in detail.responses] == list(session.question_ids)
        assert sum(not r.correct for r in detail.responses) == 1


async def test_full_exam_with_time_running_out(bank, db_url, clock):
    session = session_for(bank, clock, mode=Mode.EXAM, time_limit=120)
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "02:00" in status_right(app.screen)
        for _ in range(3):
            clock.advance(20)
            await submit(pilot, right=True)
            assert isinstance(app.screen, QuizScreen)  # no feedback in an exam
        await until(pilot, lambda: "01:00" in status_right(app.screen),
                    what="the exam clock to show 01:00 left")
        clock.advance(61)
        results = await wait_for_screen(pilot, ResultsScreen)
        result = results.result
        assert result.score == 3 and result.max_score == 6  # no self-rated card in an exam
        assert sum(item.answered for item in result.items) == 3
        assert result.elapsed == 120
        await settle(pilot)
    with open_store(db_url) as store:
        (attempt,) = store.attempts.history("张三")
        assert attempt.finished and attempt.mode == "exam"
        assert attempt.score == 3 and attempt.max_score == 6
        detail = store.attempts.attempt(attempt.id)
        assert len(detail.responses) == 6  # the three unanswered are stored as no answer
        assert sum(r.response is None for r in detail.responses) == 3


async def test_full_exam_answers_every_question_then_shows_results(bank, db_url, clock):
    session = session_for(bank, clock, mode=Mode.EXAM)
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.run.session.total == 6  # the self-rated card is left out
        for _ in range(6):
            await submit(pilot, right=False)
            assert not isinstance(app.screen, FeedbackScreen)
        results = await wait_for_screen(pilot, ResultsScreen)
        assert results.result.score < 6
        # the review button starts a quiz on exactly the questions missed
        missed = {i.question.id for i in results.result.items if not i.correct}
        await pilot.press("r")
        quiz = await wait_for_screen(pilot, QuizScreen)
        assert quiz.run.mode is Mode.REVIEW
        assert set(quiz.run.session.question_ids) == missed
        await settle(pilot)
    with open_store(db_url) as store:
        modes = [a.mode for a in store.attempts.history("张三")]
        assert modes == ["exam", "review"]


async def test_empty_answer_asks_first_in_practice(bank, db_url, clock):
    session = session_for(bank, clock, types=("choice",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("n")
        await wait_for_screen(pilot, QuizScreen)
        assert app.screen.run.session.answered == 0
        await pilot.press("enter")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        feedback = await wait_for_screen(pilot, FeedbackScreen)
        assert feedback.query_one("#feedback-verdict").has_class("-wrong")
        assert "未作答" in str(feedback.query_one("#feedback-yours", Static).content)
        await settle(pilot)
    with open_store(db_url) as store:
        (attempt,) = store.attempts.history("张三")
        (row,) = store.attempts.attempt(attempt.id).responses
        assert row.response is None and row.correct is False


async def test_empty_answer_in_an_exam_is_submitted_at_once(bank, db_url, clock):
    session = session_for(bank, clock, types=("choice", "truefalse"), mode=Mode.EXAM)
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.run.session.answered == 1


async def test_leave_then_resume_from_home(bank, db_url, clock):
    session = session_for(bank, clock)
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first_two = session.question_ids[:2]
        for _ in range(2):
            await answer_and_go_on(pilot)
        home = await leave_quiz(pilot)
        options = home.query_one("#home-unfinished", DataTable)
        assert options.row_count == 1 and home.query_one("#home-unfinished-box").display

    with open_store(db_url) as store:
        (attempt,) = store.attempts.unfinished_attempts("张三")
        assert attempt.answered == 2
        assert [r.question_id for r in store.attempts.attempt(attempt.id).responses] == list(first_two)

    # a new run of the app: Home offers the attempt; resuming continues at question 3
    app = make_app(bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        await pilot.press("c")  # to the unfinished quizzes, the newest highlighted
        assert app.focused is home.query_one("#home-unfinished", DataTable)
        await pilot.press("enter")
        quiz = await wait_for_screen(pilot, QuizScreen)
        resumed = quiz.run.session
        assert resumed.question_ids == session.question_ids
        assert resumed.answered == 2
        assert "3/7" in status_right(quiz)
        while isinstance(app.screen, QuizScreen):
            await answer_and_go_on(pilot)
        results = await wait_for_screen(pilot, ResultsScreen)
        assert results.result.score == results.result.max_score == 6
        await settle(pilot)
    with open_store(db_url) as store:
        (done,) = store.attempts.history("张三")
        assert done.id == attempt.id and done.finished and done.answered == 7


async def test_esc_on_the_feedback_asks_to_leave_as_it_does_on_a_question(bank, db_url, clock):
    session = session_for(bank, clock, types=("choice", "truefalse", "multi", "fill"))
    assert session.total >= 3
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await submit(pilot)
        feedback = await wait_for_screen(pilot, FeedbackScreen)
        assert "feedback.leave" in {b.id for b in feedback._bindings.key_to_bindings["escape"]}
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("n")  # stay: on the next question, which has the focus
        quiz = await wait_for_screen(pilot, QuizScreen)
        await settle(pilot)
        assert f"2/{session.total}" in status_right(quiz) and session.answered == 1
        assert app.focused is not None and quiz.widget in app.focused.ancestors_with_self
        await submit(pilot)
        await wait_for_screen(pilot, FeedbackScreen)
        await leave_quiz(pilot)
    with open_store(db_url) as store:
        (attempt,) = store.attempts.unfinished_attempts("张三")
        assert attempt.answered == 2


async def test_an_old_self_graded_attempt_is_closed_not_offered(bank, db_url, clock):
    """An unfinished attempt of the retired "flashcards" quiz mode (older versions) does not
    break Home: it is closed with its score and not offered for resuming."""
    with open_store(db_url) as store:
        old = store.attempts.start_attempt("张三", "flashcards", [], {"mode": "flashcards", "seed": 3},
                                  3, 2)
        store.attempts.record_response(old, bank.questions[0].id, "h", True, 1.0, 1, True, 2.0)
    app = make_app(bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        assert home.query_one("#home-unfinished", DataTable).row_count == 0
        assert not home.query_one("#home-unfinished-box").display
    with open_store(db_url) as store:
        assert store.attempts.unfinished_attempts("张三") == []
        (closed,) = store.attempts.history("张三")
        assert closed.finished and closed.score == 1.0


async def test_an_interrupted_quiz_keeps_every_answer_and_resumes(bank, db_url, clock):
    """The app stops mid-quiz (ctrl+q, a closed terminal): nothing answered is lost."""
    session = session_for(bank, clock, types=("choice", "truefalse", "multi"))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_and_go_on(pilot)  # possibly before the store is even open
        await pilot.press("ctrl+q")
    assert app.recorder.wait_idle(10)
    with open_store(db_url) as store:
        (attempt,) = store.attempts.unfinished_attempts("张三")
        assert attempt.answered == 1

    app = make_app(bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.resume(attempt.id)
        quiz = await wait_for_screen(pilot, QuizScreen)
        assert quiz.run.session.answered == 1
        assert quiz.run.session.current().question.id == session.question_ids[1]


async def test_skip_moves_the_question_to_the_end(bank, db_url, clock):
    session = session_for(bank, clock, types=("choice", "truefalse"))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.screen.widget.question.id
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.widget.question.id != first
        await answer_and_go_on(pilot)
        assert app.screen.widget.question.id == first


async def test_history_lists_attempts_with_a_chart(bank, db_url, clock):
    for right in (True, False):
        session = session_for(bank, clock, sets=("01-city",), types=("choice", "truefalse"))
        app = make_app(bank, db_url, clock, session=session)
        async with app.run_test(size=(80, 24)) as pilot:
            await answer_and_go_on(pilot, right)
            await answer_and_go_on(pilot, right)
            await wait_for_screen(pilot, ResultsScreen)
            await settle(pilot)
    app = make_app(bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        await pilot.press("h")
        history = await wait_for_screen(pilot, HistoryScreen)
        await settle(pilot)
        table = history.query_one("#history-table", DataTable)
        assert table.row_count == 2
        newest = [str(c) for c in table.get_row_at(0)]
        # answered / right, then the score
        assert newest[3] == "2/0" and newest[4].startswith("0/2") and newest[5] == "已完成"
        chart = history.query_one("#history-chart", ScoreChart)
        assert chart.display and chart.values == (100.0, 0.0)
        # a row opens to that attempt's questions, answers and marks
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        past = await wait_for_screen(pilot, ResultsScreen)
        rows = [[str(c) for c in past.query_one("#results-table", DataTable).get_row_at(i)]
                for i in range(2)]
        assert [r[-1] for r in rows] == ["✘", "✘"]
        assert "0/2" in str(past.query_one("#results-score", Label).content)
        await pilot.press("escape")
        assert await wait_for_screen(pilot, HistoryScreen) is history
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        # the best score per set is on Home
        table = app.screen.query_one("#home-sets", DataTable)
        assert str(table.get_cell("01-city", "best")) == "100%"


async def test_help_lists_the_keys_of_the_current_screen(bank, db_url, clock):
    session = session_for(bank, clock, types=("choice",))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        rows = [[str(c) for c in table.get_row_at(i)]
                for table in help_screen.query(DataTable) for i in range(table.row_count)]
        assert any("1-4" in keys and action == "选择" for keys, action in rows)
        assert any(action == "提交" for _, action in rows)
        assert ["Esc", "离开"] in rows
        assert all(not action.isascii() for _, action in rows), rows  # all in Chinese
        await pilot.press("escape")
        await wait_for_screen(pilot, QuizScreen)
        await pilot.press("f1")
        await wait_for_screen(pilot, HelpScreen)


async def test_english_interface(bank, db_url, clock):
    session = session_for(bank, clock, types=("truefalse",))
    app = make_app(bank, db_url, clock, session=session, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Question 1/1" in status_right(app.screen)
        assert "True or false" in status_right(app.screen)
        assert "1 or t = true" in str(app.screen.query_one("#quiz-hint", Static).content)
        await answer(pilot, right=True)
        await pilot.press("enter")
        feedback = await wait_for_screen(pilot, FeedbackScreen)
        assert "Correct" in str(feedback.query_one("#feedback-verdict", Label).content)
        await pilot.press("enter")
        results = await wait_for_screen(pilot, ResultsScreen)
        assert "Score 1/1 (100%)" in str(results.query_one("#results-score", Label).content)
        await pilot.press("escape")
        home = await wait_for_screen(pilot, HomeScreen)
        assert str(home.query_one("#home-start").label) == "Start"
        footer_keys = [b.binding.description for b in home.active_bindings.values()
                       if b.binding.show]
        assert "Start" in footer_keys and "开始" not in footer_keys


async def test_home_starts_a_quiz_with_the_chosen_sets_mode_and_count(bank, db_url, clock):
    app = make_app(bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        table = home.query_one("#home-sets", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")  # untick the first set
        assert home.chosen == {"02-chess"}
        await pilot.press("m")  # practice -> exam
        assert home.mode() is Mode.EXAM
        home.query_one("#home-count").value = "2"
        await pilot.press("s")
        quiz = await wait_for_screen(pilot, QuizScreen)
        session = quiz.run.session
        assert session.mode is Mode.EXAM and session.total == 2
        assert all(qid.startswith("chess-") for qid in session.question_ids)


async def test_home_review_mode_asks_the_questions_got_wrong(bank, db_url, clock):
    session = session_for(bank, clock, types=("choice", "truefalse"))
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.screen.widget.question.id
        await answer_and_go_on(pilot, right=False)
        await answer_and_go_on(pilot, right=True)
        await wait_for_screen(pilot, ResultsScreen)
        await pilot.press("escape")
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        await pilot.press("m", "m")  # review
        assert home.mode() is Mode.REVIEW
        await pilot.press("s")
        quiz = await wait_for_screen(pilot, QuizScreen)
        assert quiz.run.session.question_ids == (first,)


async def test_home_remembers_the_student(bank, db_url, clock, tmp_path):
    settings = tmp_path / "settings.json"
    app = make_app(bank, db_url, clock, student="", settings_file=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        assert app.focused is home.query_one("#home-student")  # no name yet: asked first
        home.query_one("#home-sets").focus()
        await pilot.press("s")  # starting without a name asks for one
        assert isinstance(app.screen, HomeScreen)
        assert app.focused is home.query_one("#home-student")
        await pilot.press(*"李四", "enter")
        assert app.student == "李四"
    app = make_app(bank, db_url, clock, student="", settings_file=settings)
    assert app.student == "李四"


async def test_a_store_that_cannot_open_is_visible_and_answers_stay_in_memory(
        bank, db_url, clock):
    def broken(url: str):
        raise RuntimeError("disk on fire")

    session = session_for(bank, clock, types=("choice", "truefalse"))
    app = make_app(bank, db_url, clock, session=session, opener=broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.store_state is StoreState.FAILED
        alert = app.screen.query_one(StatusBar).query_one("#status-alert", Label)
        assert alert.has_class("-on") and str(alert.content) == "未保存"
        await answer_and_go_on(pilot)
        await answer_and_go_on(pilot)
        results = await wait_for_screen(pilot, ResultsScreen)
        warning = results.query_one("#results-warning", Label)
        assert warning.display and "没有保存" in str(warning.content)
        await settle(pilot)
        assert app.recorder.failed
        assert app.recorder.unsaved[0].startswith("start attempt")
        assert sum(label.startswith("answer") for label in app.recorder.unsaved) == 2
        assert app.recorder.error == "disk on fire"


async def test_answers_given_before_the_store_opens_are_written_in_order(
        bank, db_url, clock):
    import threading

    from quizapp.services.recorder import open_store as real_open

    gate = threading.Event()

    def slow(url: str):
        gate.wait(120)  # released by the test once the results are shown
        return real_open(url)

    session = session_for(bank, clock, types=("choice", "truefalse", "multi"))
    app = make_app(bank, db_url, clock, session=session, opener=slow)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await answer_and_go_on(pilot)
        assert app.store_state is StoreState.WAITING
        await wait_for_screen(pilot, ResultsScreen)
        gate.set()
        await settle(pilot)
        assert app.store_state is StoreState.READY and not app.recorder.failed
    with open_store(db_url) as store:
        (attempt,) = store.attempts.history("张三")
        assert attempt.finished and attempt.score == 3
        rows = store.attempts.attempt(attempt.id).responses
        assert [r.question_id for r in rows] == list(session.question_ids)


async def test_an_exam_without_a_time_limit_shows_the_time_taken(bank, db_url, clock):
    session = session_for(bank, clock, types=("choice", "truefalse"), mode=Mode.EXAM)
    app = make_app(bank, db_url, clock, session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "用时 00:00" in status_right(app.screen)
        clock.advance(75)
        await until(pilot, lambda: "用时 01:15" in status_right(app.screen),
                    what="the clock to show 01:15 taken")


async def test_home_quiz_leave_home_history_round_trip(bank, db_url, clock):
    """Home -> quiz -> leave -> the same Home again -> history -> Home, with store results
    arriving in between: no screen is ever updated after it has closed."""
    app = make_app(bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        await pilot.press("s")
        await wait_for_screen(pilot, QuizScreen)
        await answer_and_go_on(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        assert await wait_for_screen(pilot, HomeScreen) is home
        await settle(pilot)
        assert home.query_one("#home-unfinished", DataTable).row_count == 1
        await pilot.press("h")
        await wait_for_screen(pilot, HistoryScreen)
        await settle(pilot)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        await pilot.press("c", "enter")  # resume the quiz just left
        quiz = await wait_for_screen(pilot, QuizScreen)
        assert quiz.run.session.answered == 1
    assert not app.return_code


async def test_ctrl_c_says_how_to_quit_in_the_interface_language(bank, db_url, clock):
    app = make_app(bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        app.screen.query_one("#home-sets").focus()
        await pilot.press("ctrl+c")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("Ctrl+Q" in m and "退出" in m for m in messages)


async def test_an_answer_that_failed_to_save_is_saved_with_the_next_one(bank, db_url, clock):
    from quizapp.services.recorder import open_store as real_open

    class LockedAttempts:
        """The real attempts repository, whose first two answer writes meet a lock held
        too long (the answer, then its retry before the flashcard review that follows it)."""

        def __init__(self, attempts) -> None:
            self.attempts = attempts
            self.failures = 2

        def __getattr__(self, name):
            return getattr(self.attempts, name)

        def record_response(self, *args, **kwargs):
            if self.failures:
                self.failures -= 1
                raise RuntimeError("database is locked")
            return self.attempts.record_response(*args, **kwargs)

    def locked(store):
        store.attempts = LockedAttempts(store.attempts)
        return store

    session = session_for(bank, clock, types=("choice", "truefalse"))
    app = make_app(bank, db_url, clock, session=session,
                   opener=lambda url: locked(real_open(url)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        alert = app.screen.query_one(StatusBar).query_one("#status-alert", Label)
        await answer_and_go_on(pilot)
        await settle(pilot)
        assert app.recorder.unsaved == [f"answer {session.question_ids[0]}"]
        assert alert.has_class("-on")
        await answer_and_go_on(pilot)
        results = await wait_for_screen(pilot, ResultsScreen)
        await settle(pilot)
        assert app.recorder.unsaved == [] and not app.recorder.failed
        assert not results.query_one("#results-warning", Label).display
    with open_store(db_url) as store:
        (attempt,) = store.attempts.history("张三")
        detail = store.attempts.attempt(attempt.id)
        assert sorted(r.question_id for r in detail.responses) == sorted(session.question_ids)


async def test_a_cleared_name_never_starts_a_quiz(bank, db_url, clock):
    """On a shared computer: 张三 leaves, the next student clears the name and presses s.
    Nothing may be recorded under 张三; the quiz waits for a name (review mode too)."""
    app = make_app(bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await wait_for_screen(pilot, HomeScreen)
        await settle(pilot)
        home.query_one("#home-student").focus()
        await pilot.press("end", "ctrl+u", "tab")
        assert app.student == ""
        for mode in (Mode.PRACTICE, Mode.REVIEW):
            while home.mode() is not mode:
                await pilot.press("m")
            home.query_one("#home-sets").focus()
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert app.focused is home.query_one("#home-student")  # asked for a name
            home.query_one("#home-sets").focus()
        await pilot.press("c")  # nothing to resume for nobody
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        home.query_one("#home-student").focus()
        await pilot.press(*"李四", "tab")
        while home.mode() is not Mode.PRACTICE:
            await pilot.press("m")
        await pilot.press("s")
        quiz = await wait_for_screen(pilot, QuizScreen)
        assert quiz.run.student == "李四"
        await answer_and_go_on(pilot)
        await settle(pilot)
    with open_store(db_url) as store:
        assert store.attempts.history("张三") == []
        (attempt,) = store.attempts.history("李四")
        assert attempt.answered == 1


async def test_home_title_is_the_loaded_sets_title_without_the_builtin_questions(db_url, clock, tmp_path):
    from dataclasses import replace

    from tui_helpers import CHESS, CITY

    from quizapp.core.model import Bank

    own = replace(CITY, path=str(tmp_path / "hunan.yaml"), title="湖南省情")
    for bank, title in ((Bank.of([own]), "湖南省情"),
                        (Bank.of([own, replace(CHESS, path=str(tmp_path / "b.yaml"))]),
                         "湖南省情 等 2 个题组"),
                        (Bank.of([CITY, CHESS]), "长株潭“一座城”课堂测验")):
        app = make_app(bank, db_url, clock)
        async with app.run_test() as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert str(app.screen.query_one("#home-status #status-left").content) == title
