"""Homework on Home with the school PostgreSQL's shared student login (``quizapp db
roles``): Home asks for the student's key (a wrong one is said in the box), then lists the
class's homework and runs it through the key functions; the teacher's side sees the
marked score. A student of another class sees none of it."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from clocks import MonotonicClock
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from tui_helpers import BANK, answer, make_app, open_store, settle, until, wait_for_screen

from quizapp.core.roster import RosterEntry
from quizapp.i18n import t
from quizapp.services.assignments import lines, mark_homework


@pytest.fixture
def school():
    """``(admin URL, student URL)`` of a fresh schema with ``quizapp db roles``' roles
    (unique names, dropped afterwards)."""
    from storage_pg import fresh_schema_url

    from quizapp.storage import Store
    from quizapp.storage.roles import drop_roles, grant_roles

    prefix = f"t{uuid.uuid4().hex[:10]}"
    with fresh_schema_url() as url:
        store = Store.open(url)
        try:
            done = grant_roles(store.engine, prefix=prefix, teacher_password="teach-pw",
                               student_password="student-pw")
            student = make_url(url).set(username=done.student, password="student-pw")
            yield url, student.render_as_string(hide_password=False)
        finally:
            store.close()
            admin = create_engine(url)
            try:
                drop_roles(admin, prefix)
            finally:
                admin.dispose()


def _set_up(admin_url: str) -> tuple[int, dict[str, str]]:
    with open_store(admin_url) as store:
        store.classes.create_class("高一3班")
        store.classes.create_class("高一5班")
        store.classes.set_roster("高一3班", [RosterEntry("甲"), RosterEntry("乙")])
        store.classes.set_roster("高一5班", [RosterEntry("丁")])
        now = store.assignments.now()
        row = store.assignments.create("高一3班", {
            "title": "一座城练习", "sets": ["01-city"], "tags": [], "count": 2,
            "mode": "practice", "due_at": now + timedelta(hours=2), "attempts": 1,
            "answers": "after-each", "late": False, "seed": 5})
        keys = {s.name: s.key for c in ("高一3班", "高一5班") for s in store.keys.issue(c)}
        return int(row.id), keys


async def _type_key(pilot, key: str) -> None:
    from textual.widgets import Input

    field = pilot.app.screen.query_one("#key-input", Input)
    field.value = ""
    await pilot.press(*key)
    await pilot.press("enter")
    await settle(pilot)


async def test_a_student_does_homework_with_a_key(school) -> None:
    from textual.widgets import Label

    from quizapp.tui.screens.feedback import FeedbackScreen
    from quizapp.tui.screens.homework_key import HomeworkKeyScreen
    from quizapp.tui.screens.quiz import QuizScreen
    from quizapp.tui.screens.results import ResultsScreen

    admin_url, student_url = school
    aid, keys = _set_up(admin_url)
    app = make_app(BANK, student_url, MonotonicClock(), student="")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = await wait_for_screen(pilot, HomeworkKeyScreen, timeout=10)
        error = box.query_one("#key-error", Label)
        await _type_key(pilot, "abc")  # not a key's form: said at once
        assert str(error.render()) == t("keys.bad_form")
        await _type_key(pilot, "ZZZZ-ZZZZ-ZZZZ")  # nobody's key
        await until(pilot, lambda: str(error.render()) == t("keys.wrong"))
        assert isinstance(app.screen, HomeworkKeyScreen)
        await _type_key(pilot, keys["甲"].lower().replace("-", " "))  # typed loosely
        await until(pilot, lambda: not isinstance(app.screen, HomeworkKeyScreen))
        assert app.homework_key == keys["甲"]
        await settle(pilot)
        home = app.screen
        await until(pilot, lambda: home.query_one("#home-homework-box").display)
        assert str(home.query_one("#home-homework-title", Label).render()) == "作业（甲）"
        (item,) = home.homework
        assert item.work.id == aid and item.line(t).startswith("作业：一座城练习 2 题，")
        await pilot.press("w", "enter")
        quiz = await wait_for_screen(pilot, QuizScreen, timeout=10)
        assert quiz.run.homework_key == keys["甲"]
        attempt = quiz.run.attempt.id
        for right in (True, False):  # the feedback is the student's own, graded here
            await wait_for_screen(pilot, QuizScreen)
            await answer(pilot, right=right)
            await pilot.press("enter")
            feedback = await wait_for_screen(pilot, FeedbackScreen)
            verdict = feedback.query_one("#feedback-verdict")
            assert verdict.has_class("-right") is right
            await pilot.press("enter")
            await settle(pilot)
        await wait_for_screen(pilot, ResultsScreen)
        await settle(pilot)
        assert not app.recorder.unsaved
    # the teacher's side: the answers arrived raw, and are marked when read
    with open_store(admin_url) as store:
        assert mark_homework(store.assignments, BANK, [aid]) == 2
        work = store.assignments.assignment(aid)
        (mine,) = [x for x in lines(work, store.assignments.progress(aid)) if x.student == "甲"]
        assert mine.state == "done" and mine.attempts == 1
        detail = store.attempts.attempt(attempt)
        marks = [r.correct for r in detail.responses]
        assert sorted(marks) == [False, True] and mine.score == detail.summary.score
        assert 0 < mine.score < mine.max_score

    # 丁, of another class, sees no homework, in English
    app = make_app(BANK, student_url, MonotonicClock(), student="", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await wait_for_screen(pilot, HomeworkKeyScreen, timeout=10)
        await _type_key(pilot, keys["丁"])
        await until(pilot, lambda: not isinstance(app.screen, HomeworkKeyScreen))
        await settle(pilot)
        assert app.screen.homework == []
        assert not app.screen.query_one("#home-homework-box").display


async def test_a_replaced_key_is_forgotten_and_asked_for_again(school, tmp_path,
                                                                monkeypatch) -> None:
    from quizapp import homework_key_file
    from quizapp.tui.screens.homework_key import HomeworkKeyScreen
    from quizapp.tui.widgets.prose import Prose

    admin_url, student_url = school
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    _aid, keys = _set_up(admin_url)
    old = keys["乙"]
    assert old is not None
    homework_key_file.keep(student_url, old)
    with open_store(admin_url) as store:  # the teacher gives new slips
        new = {s.name: s.key for s in store.keys.issue("高一3班", replace=True)}["乙"]
    app = make_app(BANK, student_url, MonotonicClock(), student="", lang="en",
                   settings_file=tmp_path / "settings.json")
    assert app.homework_key == old
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = await wait_for_screen(pilot, HomeworkKeyScreen, timeout=10)
        assert box.again
        assert box.query_one("#key-prompt", Prose).text == t("keys.prompt_again")
        assert homework_key_file.key_for(student_url) is None  # forgotten at once
        await _type_key(pilot, new)
        await until(pilot, lambda: not isinstance(app.screen, HomeworkKeyScreen))
        await settle(pilot)
        assert [h.work.title for h in app.screen.homework] == ["一座城练习"]
    assert homework_key_file.key_for(student_url) == new
