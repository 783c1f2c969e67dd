"""The live class through the score database, on SQLite and PostgreSQL: sessions, joining,
answers (one per question, only while open), rejoining, resuming, ending, and the
notifier/poller that wakes clients."""

from __future__ import annotations

import threading
import time

import pytest

from quizapp.core.model import Bank, ChoiceQuestion, FillQuestion, QuestionSet, TrueFalseQuestion
from quizapp.core.session import QuizSpec
from quizapp.services.live import (
    ENDED,
    OPEN,
    REVEALED,
    LiveError,
    LiveHost,
    LiveStudent,
    distribution,
    presented_from,
    question_data,
)

SET = QuestionSet(key="01-city", title="一座城", path="content/01-city.yaml", questions=(
    ChoiceQuestion(id="q-river", prompt="同饮哪一条江?", options=("湘江", "资江", "沅江"),
                   answer="湘江", explain="湘江。", quote="同饮一江水", set_key="01-city"),
    TrueFalseQuestion(id="q-must", prompt="是必答题。", answer=True, set_key="01-city"),
    FillQuestion(id="q-fill", prompt="发展得{{c1::快}}", blanks=(), set_key="01-city"),
))
BANK = Bank.of([SET])


@pytest.fixture
def live(store):

    return store.live


def new_host(live, **kw) -> LiveHost:
    return LiveHost.create(live, BANK, QuizSpec(ids=("q-river", "q-must"), seed=3), **kw)


def test_question_data_round_trips():
    host_bank = BANK
    from quizapp.core.session import build_session

    quiz = build_session(host_bank, QuizSpec(seed=5))
    shown = quiz.current()
    again = presented_from(question_data(shown), shown.index, shown.total)
    assert again == shown
    with pytest.raises(LiveError) as err:
        presented_from({"type": "choice", "fields": {"id": 1, "prompt": []}}, 0, 1)
    assert err.value.kind == "unreadable"


def test_a_class_from_lobby_to_the_end(live, store):
    host = new_host(live)
    assert len(host.code) == 6 and host.code.isdigit() and host.state == "lobby"
    a = LiveStudent.join(live, host.code, "  小明 ")
    b = LiveStudent.join(live, host.code, "Alice")
    assert [m.name for m in host.refresh().members] == ["小明", "Alice"]
    assert a.current is None and a.answer("湘江", 1.0).status == "closed"

    host.next()
    assert host.state == OPEN and host.session.current == 0
    a.refresh(), b.refresh()
    q = a.current.question
    assert q.id == host.current.question.id
    right = q.answer if q.type == "choice" else q.answer
    wrong = next(o for o in a.current.options if o != q.answer) if q.type == "choice" else not q.answer
    first = a.answer(right, 2.0)
    assert first.status == "ok" and first.grade.correct
    # a second answer is refused, the first stands
    again = a.answer(wrong, 3.0)
    assert again.status == "duplicate" and again.grade.correct
    assert b.answer(wrong, 4.0).status == "ok"
    view = host.refresh()
    assert view.answered == 2
    bars = {bar.label: bar.count for bar in view.bars}
    assert bars[right] == 1 and bars[wrong] == 1

    host.reveal()
    assert host.state == REVEALED
    late = LiveStudent.join(live, host.code, "迟到")
    assert late.answer(right, 1.0).status == "closed"  # revealed: no more answers

    host.next()  # question 2
    for s in (a, b, late):
        s.refresh()
    assert late.current.index == 1
    # a rejoin keeps the same attempt and the earlier answers
    a2 = LiveStudent.join(live, host.code, "小明")
    assert a2.member.attempt_id == a.member.attempt_id
    assert set(a2.mine) == {q.id}
    # the host crashes and resumes: same question, every answer kept
    resumed = LiveHost.resume(live, host.code)
    assert resumed.session.current == 1 and resumed.state == OPEN
    q2 = a2.current.question
    assert a2.answer(q2.answer, 1.5).status == "ok"
    assert resumed.refresh().answered == 1
    resumed.next()  # reveal
    resumed.next()  # last question revealed: end
    assert resumed.state == ENDED
    with pytest.raises(LiveError):
        LiveStudent.join(live, host.code, "新人")
    with pytest.raises(LiveError):
        LiveHost.resume(live, host.code)

    results = resumed.results()
    by_name = {r.name: r for r in results.students}
    assert by_name["小明"].correct == 2 and by_name["小明"].score == 2.0
    assert by_name["Alice"].correct == 0 and by_name["迟到"].answered == 0
    assert results.students[0].name == "小明" and results.max_score == 2
    # the attempts are ordinary finished attempts in mode "live"
    history = store.attempts.history("小明")
    assert [(h.mode, h.score, h.max_score, h.finished) for h in history] == [
        ("live", 2.0, 2, True)]
    late_attempt = store.attempts.attempt(store.attempts.history("迟到")[0].id)
    assert [(r.question_id, r.response) for r in late_attempt.responses] == [
        (q.id, None), (q2.id, None)]


def test_a_move_returns_the_stored_row_and_refuses_a_stale_or_ended_session(live):
    from quizapp.i18n import STRINGS
    from quizapp.storage.live import SessionMoved

    host = new_host(live)
    session = host.session
    opened = session.created_at
    moved = live.move(session.id, state=OPEN, current=0, opened_at=opened,
                      expect_version=session.version)
    assert moved == live.session_by_id(session.id)
    assert (moved.state, moved.current, moved.version) == (OPEN, 0, session.version + 1)
    assert moved.opened_at == opened and moved.questions == session.questions
    with pytest.raises(SessionMoved) as err:  # moved since: this host's view is stale
        live.move(session.id, state=REVEALED, current=0, expect_version=session.version)
    assert str(err.value) == STRINGS["en"]["storage.live_moved"]  # the catalogue's words
    revealed = live.move(session.id, state=REVEALED, current=0)
    assert revealed.opened_at == opened  # kept when the move does not open a question
    ended = live.move(session.id, state=ENDED, current=0)
    assert ended.state == ENDED and ended.ended_at is not None
    with pytest.raises(SessionMoved):
        live.move(session.id, state=OPEN, current=1)
    assert live.session_by_id(session.id) == ended


def test_unknown_code_and_empty_name(live):
    host = new_host(live)
    for code in ("", "12345", "abcdef", "000000" if host.code != "000000" else "000001"):
        with pytest.raises(LiveError) as err:
            LiveStudent.join(live, code, "小明")
        assert err.value.kind == "unknown"
    with pytest.raises(LiveError) as err:
        LiveStudent.join(live, host.code, "   ")
    assert err.value.kind == "no_name"


def test_speed_points_favour_the_quick(live):
    host = new_host(live, speed=True, seconds=20)
    quick = LiveStudent.join(live, host.code, "快")
    slow = LiveStudent.join(live, host.code, "慢")
    host.next()
    for s, t in ((quick, 1.0), (slow, 19.0)):
        s.refresh()
        q = s.current.question
        s.answer(q.answer, t)
    results = host.results()
    assert [r.name for r in results.students] == ["快", "慢"]
    assert results.students[0].points > results.students[1].points > 0


def test_concurrent_answers_are_neither_lost_nor_doubled(live):
    host = new_host(live)
    students = [LiveStudent.join(live, host.code, f"s{i}") for i in range(12)]
    host.next()
    for s in students:
        s.refresh()
    statuses: list[str] = []

    def answer_twice(s):
        q = s.current.question
        statuses.append(s.answer(q.answer, 1.0).status)
        statuses.append(s.answer(q.answer, 1.0).status)

    threads = [threading.Thread(target=answer_twice, args=(s,)) for s in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == ["duplicate"] * 12 + ["ok"] * 12
    assert host.refresh().answered == 12


def test_watcher_wakes_on_a_move(live):
    from quizapp.storage.live import session_channel
    from quizapp.storage.live_notify import watch

    host = new_host(live)
    student = LiveStudent.join(live, host.code, "小明")
    watcher = watch(live.engine, session_channel(host.session.id))
    try:
        assert watcher.wait(0.3) is False  # nothing happened
        host.next()
        assert watcher.wait(5.0) is True
        notices = watcher.take()
        if live.backend == "postgresql":  # the new state comes with the notice
            assert student.apply_notices(notices) is True
            assert (student.session.state, student.session.current) == ("open", 0)
            assert student.session.version == host.session.version
            assert student.session.opened_at == host.session.opened_at
        else:
            assert notices == [] and student.apply_notices(notices) is False
        assert student.apply_notices(["not json"]) is False
    finally:
        watcher.close()


def test_distribution_of_a_fill_question():
    from types import SimpleNamespace as NS

    from quizapp.core.session import build_session

    quiz = build_session(BANK, QuizSpec(ids=("q-fill",)))
    shown = quiz.current()
    rows = [NS(question_id="q-fill", response=["快"], correct=True, score=1.0),
            NS(question_id="q-fill", response=["慢"], correct=False, score=0.0),
            NS(question_id="other", response=["快"], correct=True, score=1.0)]
    assert [(b.label, b.count) for b in distribution(shown, rows)] == [
        ("right", 1), ("partly", 0), ("wrong", 1)]


def test_the_time_per_question_runs_on_the_hosts_clock(live):
    from clocks import MonotonicClock

    clock = MonotonicClock()
    host = LiveHost.create(live, BANK, QuizSpec(ids=("q-river",), seed=1), seconds=20,
                           clock=clock)
    assert host.time_left() is None  # the lobby
    host.next()
    assert host.time_left() == 20
    clock.advance(21)
    assert host.time_left() < 0  # the host screen reveals now
    host.reveal()
    assert host.time_left() is None


def _wait(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_the_follow_loops_see_the_class_move_and_stop_when_told(live):
    """The host's and a student's follow-loops (what the screens run on their workers): each
    move reaches the student's loop, each answer the host's; a cancelled loop returns."""
    from quizapp.services.live import HostFollow, StudentFollow

    follow = HostFollow(new_host(live))
    student = StudentFollow(LiveStudent.join(live, follow.host.code, "小明"))
    views: list = []
    sessions: list = []
    errors: list = []
    stop = threading.Event()
    loops = [threading.Thread(target=follow.run, args=(
                 stop.is_set, lambda view, results: views.append(view), errors.append)),
             threading.Thread(target=student.run, args=(
                 stop.is_set, sessions.append, errors.append))]
    for loop in loops:
        loop.start()
    _wait(lambda: sessions and views and [m.name for m in views[-1].members] == ["小明"])
    follow.move("next")
    _wait(lambda: sessions[-1].state == OPEN and sessions[-1].current == 0)
    q = follow.host.current.question
    assert student.answer(q.answer, 1.0).status == "ok"
    _wait(lambda: views[-1].answered == 1)
    with pytest.raises(ValueError):
        follow.move("refresh")  # only the host's moves
    stop.set()
    for loop in loops:
        loop.join(5)
        assert not loop.is_alive()
    assert errors == []


def test_the_follow_loop_ends_with_the_class_and_reports_a_failed_read(live):
    from quizapp.services.live import StudentFollow

    host = new_host(live)
    follow = StudentFollow(LiveStudent.join(live, host.code, "小明"))
    errors: list = []
    failing = {"left": 1}
    real = follow.student.refresh

    def refresh():
        if failing["left"]:
            failing["left"] -= 1
            raise RuntimeError("server closed the connection")
        return real()

    follow.student.refresh = refresh
    sessions: list = []
    loop = threading.Thread(target=follow.run, args=(lambda: False, sessions.append,
                                                     errors.append))
    loop.start()
    _wait(lambda: sessions)
    host.end()
    loop.join(10)
    assert not loop.is_alive() and sessions[-1].state == ENDED  # the loop ends with it
    assert [str(e) for e in errors] == ["server closed the connection"]
