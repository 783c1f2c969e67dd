"""Homework on Home (both back ends): a teacher sets an exam for a class; its students see
it above the sets and take it (one on time, one late, one not at all); a student of
another class does not see it; past its due time it refuses a new attempt; leaving and
coming back keeps the attempt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from clocks import MonotonicClock
from tui_helpers import BANK, answer, make_app, open_store, settle, until, wait_for_screen

from quizapp.core.roster import RosterEntry
from quizapp.i18n import t
from quizapp.services.assignments import lines


@pytest.fixture(params=["sqlite", "postgresql"])
def school_url(request, tmp_path, monkeypatch):
    """The school's database on each back end (a fresh PostgreSQL schema each time)."""
    from storage_pg import fresh_schema_url

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'scores.db'}"
        monkeypatch.setenv("QUIZAPP_DB", url)
        yield url
        return
    with fresh_schema_url() as url:
        monkeypatch.setenv("QUIZAPP_DB", url)
        yield url


def _school(db_url: str) -> int:
    with open_store(db_url) as store:
        store.classes.create_class("高一3班")
        store.classes.create_class("高一5班")
        store.classes.set_roster("高一3班", [RosterEntry("甲"), RosterEntry("乙"),
                                            RosterEntry("丙")])
        store.classes.set_roster("高一5班", [RosterEntry("丁")])
        now = store.assignments.now()
        row = store.assignments.create("高一3班", {
            "title": "三盘棋练习", "sets": ["01-city"], "tags": [], "count": 2,
            "mode": "exam", "time_limit": 10, "due_at": now + timedelta(hours=2),
            "attempts": 1, "answers": "after-due", "late": False, "seed": 5})
        return int(row.id)


def _states(db_url: str, assignment_id: int) -> dict[str, str]:
    with open_store(db_url) as store:
        work = store.assignments.assignment(assignment_id)
        return {line.student: line.state
                for line in lines(work, store.assignments.progress(assignment_id))}


def _home(db_url: str, student: str, class_name: str, lang: str = "zh"):
    return make_app(BANK, db_url, MonotonicClock(), student=student, class_name=class_name,
                    lang=lang)


async def _take(pilot, hidden: bool) -> None:
    """From Home: to the homework (w), start it (enter), answer, finish; ``hidden``: its
    answers are not shown yet (an exam whose answers come after the due time)."""
    from quizapp.tui.screens.quiz import QuizScreen

    app = pilot.app
    await until(pilot, lambda: app.screen.query_one("#home-homework-box").display)
    await pilot.press("w")
    await pilot.press("enter")
    screen = await wait_for_screen(pilot, QuizScreen, timeout=10)
    assert screen.run.hide_answers is hidden
    await answer(pilot, right=True)
    await settle(pilot)
    screen.run.finish()
    await settle(pilot)


async def test_an_exam_for_a_class(school_url) -> None:
    db_url = school_url
    from quizapp.tui.screens.quiz import QuizScreen

    aid = _school(db_url)
    # 甲 sees it above the sets, with its count and due time, and does it on time
    app = _home(db_url, "甲", "高一3班")
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.screen.query_one("#home-homework-box").display)
        (item,) = app.screen.homework
        text = item.line(t)
        assert text.startswith("作业：三盘棋练习（考试 10 分钟） 2 题，") and "截止，已完成 0/2" in text
        await _take(pilot, hidden=True)
    assert _states(db_url, aid)["甲"] == "done"
    # 甲 again: the one attempt allowed is used (said, nothing started)
    app = _home(db_url, "甲", "高一3班", lang="en")
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.screen.query_one("#home-homework-box").display)
        await pilot.press("w", "enter")
        await settle(pilot)
        await until(pilot, lambda: "Every attempt" in "".join(
            str(n.message) for n in app._notifications))
        assert not isinstance(app.screen, QuizScreen)
    # 丁, of another class, sees nothing
    app = _home(db_url, "丁", "高一5班")
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert app.screen.homework == []
        assert not app.screen.query_one("#home-homework-box").display
    # the due time passes: 乙 is refused a new attempt
    with open_store(db_url) as store:
        now = store.assignments.now()
        store.assignments.change(aid, {"opens_at": now - timedelta(hours=3),
                                       "due_at": now - timedelta(seconds=1)})
    app = _home(db_url, "乙", "高一3班")
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.screen.query_one("#home-homework-box").display)
        assert app.screen.homework[0].line(lambda k, **kw: k).endswith("assign.home_closed")
        await pilot.press("w", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, QuizScreen)
    assert _states(db_url, aid)["乙"] == "not_begun"
    # the teacher accepts late work: 乙 does it, marked late; 丙 never does
    with open_store(db_url) as store:
        store.assignments.change(aid, {"late": True})
    app = _home(db_url, "乙", "高一3班", lang="en")
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        await _take(pilot, hidden=False)  # past the due time: the answers may be shown
    assert _states(db_url, aid) == {"甲": "done", "乙": "late", "丙": "not_begun"}
    # 乙 reviews a card of the exam's questions and one of another set
    from quizapp.services.assignments import question_ids
    from quizapp.services.flashcards import Flashcards

    with open_store(db_url) as store:
        asked = sorted(question_ids(store.assignments.assignment(aid), BANK))
        other = next(q.id for q in BANK.questions if q.set_key == "02-chess")
        sid = store.students.find_student("乙").id
        for qid in (asked[0], other):
            Flashcards(store.cards, BANK).record_quiz_answer(sid, qid, True)
    # the desk: w from the teacher's dashboard lists each student's state and score
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.homework_desk import HomeworkDeskScreen
    from quizapp.tui.start import TeacherStart

    app = QuizApp(BANK, db_url=db_url, lang="zh", start=TeacherStart(), class_name="高一3班",
                  remember=False, cursor_blink=False, teacher_trusted=True)
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        desk = await wait_for_screen(pilot, HomeworkDeskScreen, timeout=10)
        await settle(pilot)
        table = desk.query_one("#homework-table")
        await until(pilot, lambda: table.row_count == 3)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(3)]
        assert [r[2:4] for r in rows] == [["甲", "已完成"], ["乙", "迟交"], ["丙", "未开始"]]
        assert rows[0][4].endswith("/2") and rows[2][4] == "-"
        assert desk.query_one("#homework-items").row_count >= 1
        # the class's memory of this assignment's questions: the cards its answers made
        remembered = desk.query_one("#homework-memory")
        assert remembered.row_count == 1 and remembered.display
        row = [str(c) for c in remembered.get_row_at(0)]
        assert row[0] == "三盘棋练习" and row[1] == "1" and row[2].endswith("%")


async def test_leaving_and_coming_back_keeps_the_attempt(school_url) -> None:
    db_url = school_url
    from quizapp.tui.screens.quiz import QuizScreen

    aid = _school(db_url)
    app = _home(db_url, "丙", "高一3班")
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.screen.query_one("#home-homework-box").display)
        await pilot.press("w", "enter")
        screen = await wait_for_screen(pilot, QuizScreen, timeout=10)
        first = screen.run.attempt.id
        assert screen.run.hide_answers
        await answer(pilot, right=False)
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)
        await settle(pilot)
        await until(pilot, lambda: app.screen.query_one("#home-homework-box").display)
        # not offered among the unfinished quizzes (resumed there, its answers would show)
        assert app.screen.unfinished == []
        await pilot.press("w", "enter")
        again = await wait_for_screen(pilot, QuizScreen, timeout=10)
        assert again.run.attempt.id == first and again.run.hide_answers
        assert _states(db_url, aid)["丙"] == "started"
        # the results of an exam whose answers come after the due time keep them back
        from quizapp.tui.screens.results import ResultsScreen

        result = again.run.finish()
        app.show_results(again.run, result)
        shown = await wait_for_screen(pilot, ResultsScreen, timeout=10)
        await settle(pilot)
        detail = shown.query_one("#results-detail-text").text
        assert "截止后公布" in detail and "正确答案" not in detail
        table = shown.query_one("#results-table")
        marks = {str(table.get_cell_at((row, len(table.columns) - 1)))
                 for row in range(table.row_count)}
        assert marks == {"—"}  # nor which were right: no ✔ or ✘ before the due time
        if not all(i.correct for i in result.items):  # its mistakes wait for the due time
            await pilot.press("r")
            await until(pilot, lambda: "错题到那时再复习" in _notes(app))
            assert "没有错题" not in _notes(app)
    assert _states(db_url, aid)["丙"] == "done"


def _notes(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def _leave_after_one_answer(db_url: str, clock) -> None:
    """丙 starts the exam from Home, answers one question and leaves it."""
    from quizapp.tui.screens.quiz import QuizScreen

    app = make_app(BANK, db_url, clock, student="丙", class_name="高一3班")
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.screen.query_one("#home-homework-box").display)
        await pilot.press("w", "enter")
        await wait_for_screen(pilot, QuizScreen, timeout=10)
        await answer(pilot, right=True)
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)


async def test_an_exam_whose_time_ran_out_while_away_is_said(school_url) -> None:
    """Home hands in an exam assignment whose time limit passed while the student was
    away, and says so (with its score); it counts as done."""
    import time

    db_url = school_url
    aid = _school(db_url)
    await _leave_after_one_answer(db_url, MonotonicClock(time.time()))
    later = time.time() + 11 * 60
    app = make_app(BANK, db_url, MonotonicClock(later), student="丙", class_name="高一3班")
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "已按已答的题交卷" in _notes(app))
        assert "得分 0/2" in _notes(app) or "得分 1/2" in _notes(app)
        assert app.screen.unfinished == []
    again = make_app(BANK, db_url, MonotonicClock(later), student="丙", class_name="高一3班",
                     lang="en")
    async with again.run_test(size=(90, 30)) as pilot:  # handed in once: said once
        await settle(pilot)
        await until(pilot, lambda: again.screen.query_one("#home-homework-box").display)
        assert "handed in" not in _notes(again)
    assert _states(db_url, aid)["丙"] == "done"


async def test_an_exam_resumed_past_its_time_is_said(school_url) -> None:
    """Home open while the exam's time runs out: going back to it hands it in at once,
    and the student is told why the results are shown."""
    import time

    from quizapp.tui.screens.results import ResultsScreen

    db_url = school_url
    aid = _school(db_url)
    clock = MonotonicClock(time.time())
    await _leave_after_one_answer(db_url, clock)
    app = make_app(BANK, db_url, clock, student="丙", class_name="高一3班", lang="en")
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.screen.query_one("#home-homework-box").display)
        clock.advance(11 * 60)
        await pilot.press("w", "enter")
        await wait_for_screen(pilot, ResultsScreen, timeout=10)
        assert "so it was handed in with the answers you gave" in _notes(app)
    assert _states(db_url, aid)["丙"] == "done"


def _cards_work(db_url: str, target: int) -> int:
    with open_store(db_url) as store:
        now = store.assignments.now()
        return int(store.assignments.create("高一3班", {
            "title": "三盘棋闪卡", "sets": ["02-chess"], "tags": [], "mode": "cards",
            "target": target, "due_at": now + timedelta(hours=2), "attempts": 1,
            "answers": "after-each", "late": False, "seed": 5}).id)


async def _review_cards(pilot, n: int) -> None:
    from quizapp.tui.screens.flashcards import FlashcardScreen

    screen = await wait_for_screen(pilot, FlashcardScreen, timeout=10)
    for _ in range(n):
        await until(pilot, lambda: screen.state == "card" and not screen.flipped)
        await pilot.press("space")
        await until(pilot, lambda: screen.flipped)
        await pilot.press("3")
        await settle(pilot)


async def test_a_card_review_counts_toward_its_target(school_url) -> None:
    """A card-review assignment runs the card screen over its cards; each card reviewed
    counts (the status bar, then Home's line); at its target it is handed in and done,
    and the teacher's list shows reviewed/target."""
    from quizapp.tui.screens.flashcards import FlashcardScreen

    db_url = school_url
    _school(db_url)
    aid = _cards_work(db_url, target=2)
    app = _home(db_url, "甲", "高一3班")
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: len(app.screen.homework) == 2)
        line = next(h for h in app.screen.homework if h.work.id == aid).line(t)
        assert line.startswith("作业：三盘棋闪卡 复习闪卡 2 张，") and line.endswith("已复习 0/2")
        await pilot.press("w", "down", "enter")
        await _review_cards(pilot, 1)
        screen = app.screen
        assert isinstance(screen, FlashcardScreen) and screen.homework is not None
        assert "已复习 1/2" in str(screen.query_one("#status-left").render())
        app.pop_screen()  # leaves after one card: started, 1/2
        await settle(pilot)
        await until(pilot, lambda: any(h.line(t).endswith("已复习 1/2")
                                       for h in app.screen.homework))
        assert _states(db_url, aid)["甲"] == "started"
        await pilot.press("w", "down", "enter")  # back to it: the same attempt
        await _review_cards(pilot, 1)
        await until(pilot, lambda: "作业完成" in _notes(app))
        app.pop_screen()
        await settle(pilot)
        await until(pilot, lambda: any(h.line(t).endswith("已复习 2/2")
                                       for h in app.screen.homework))
    assert _states(db_url, aid)["甲"] == "done"
    with open_store(db_url) as store:
        (attempt,) = [a for a in store.attempts.history("甲") if a.mode == "cards"]
        assert (attempt.score, attempt.max_score) == (2.0, 2)
        work = store.assignments.assignment(aid)
        by = {line.student: line for line in lines(work, store.assignments.progress(aid))}
    assert [by[s].score_text() for s in ("甲", "乙")] == ["2/2", "0/2"]


async def test_a_card_review_with_fewer_cards_than_its_target(school_url) -> None:
    """Fewer cards than the target (the set has three): once every card it may review
    today is reviewed, it is handed in, done, and Home says every card due was reviewed."""
    db_url = school_url
    _school(db_url)
    aid = _cards_work(db_url, target=20)
    app = _home(db_url, "乙", "高一3班", lang="en")
    async with app.run_test(size=(90, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: len(app.screen.homework) == 2)
        await pilot.press("w", "down", "enter")
        await _review_cards(pilot, 3)
        await until(pilot, lambda: "every card due has been reviewed" in _notes(app))
        app.pop_screen()
        await settle(pilot)
        await until(pilot, lambda: any(h.line(t).endswith("(every card due reviewed)")
                                       for h in app.screen.homework))
    assert _states(db_url, aid)["乙"] == "done"
