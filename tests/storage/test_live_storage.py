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
    assert a.current is None and a.answer("湘江").status == "closed"

    host.next()
    assert host.state == OPEN and host.session.current == 0
    a.refresh(), b.refresh()
    key = host.current.question  # the host's copy holds the answer
    q = a.current.question
    assert q.id == key.id
    right = key.answer
    wrong = next(o for o in a.current.options if o != key.answer) if key.type == "choice" \
        else not key.answer
    first = a.answer(right)
    assert first.status == "ok"
    assert not a.answered().marked  # the host marks it, not the student's app
    # a second answer is refused, the first stands
    again = a.answer(wrong)
    assert again.status == "duplicate" and again.response == right
    assert b.answer(wrong).status == "ok"
    view = host.refresh()
    assert view.answered == 2
    bars = {bar.label: bar.count for bar in view.bars}
    assert bars[right] == 1 and bars[wrong] == 1

    host.reveal()
    assert host.state == REVEALED
    late = LiveStudent.join(live, host.code, "迟到")
    assert late.answer(right).status == "closed"  # revealed: no more answers
    a.refresh()
    revealed = a.reveal_current().question
    assert revealed.answer == right  # the answer reaches students at the reveal
    assert a.answered().marked and a.answered().correct and a.answered().score == 1
    assert a.my_total() == (1.0, 1)

    host.next()  # question 2
    for s in (a, b, late):
        s.refresh()
    assert late.current.index == 1
    # this device takes its seat back with its token: the same attempt, earlier answers kept
    a2 = LiveStudent.join(live, host.code, "小明", token=a.token)
    assert a2.member.attempt_id == a.member.attempt_id
    assert set(a2.mine) == {q.id}
    # the host crashes and resumes: same question, every answer kept
    resumed = LiveHost.resume(live, host.code)
    assert resumed.session.current == 1 and resumed.state == OPEN
    assert a2.answer(resumed.current.question.answer).status == "ok"
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
    q2 = resumed.shown[1].question
    late_attempt = store.attempts.attempt(store.attempts.history("迟到")[0].id)
    assert [(r.question_id, r.response) for r in late_attempt.responses] == [
        (q.id, None), (q2.id, None)]


def test_an_answer_left_unmarked_at_the_end_is_marked_then(live, store):
    """Ending the class while a question is open marks its answers first."""
    host = new_host(live)
    a = LiveStudent.join(live, host.code, "小明")
    host.next()
    a.refresh()
    assert a.answer(host.current.question.answer).status == "ok"
    host.end()
    assert [(h.score, h.max_score) for h in store.attempts.history("小明")] == [(1.0, 1)]


def test_students_receive_no_answer_before_the_reveal(live):
    """A student's copy of the session has no answer key: the stored questions for
    students say nothing of the answer, and the key of an open question is refused."""
    host = LiveHost.create(live, BANK, QuizSpec(seed=3))
    student = LiveStudent.join(live, host.code, "小明")
    public = live.public_session(host.code)
    assert public.questions == [] and public.spec == {}
    for shown in student.shown:
        text = str(shown.question)
        assert "湘江。" not in text and "同饮一江水" not in text and "快" not in text
    host.next()
    assert live.revealed_question(host.session.id, 0) is None
    assert live.revealed_question(host.session.id, 1) is None
    host.reveal()
    assert live.revealed_question(host.session.id, 0) is not None
    assert live.revealed_question(host.session.id, 1) is None


def test_a_seat_is_one_device_s_and_moves_only_with_the_hosts_ok(live):
    host = new_host(live)
    first = LiveStudent.join(live, host.code, "张三")
    with pytest.raises(LiveError) as err:  # another device, the same name
        LiveStudent.join(live, host.code, "张三")
    assert err.value.kind == "taken"
    request = LiveStudent.ask_rejoin(live, host.code, "张三")
    assert LiveStudent.rejoin_answer(live, request) is None  # waits for the host
    assert [r.name for r in host.refresh().rejoins] == ["张三"]
    refused = LiveStudent.ask_rejoin(live, host.code, "张三")
    assert host.refuse_rejoin(host.refresh().rejoins[1].id)
    with pytest.raises(LiveError) as err:
        LiveStudent.rejoin_answer(live, refused)
    assert err.value.kind == "refused"
    taken_back = LiveStudent.ask_rejoin(live, host.code, "张三")
    assert len(host.refresh().rejoins) == 2
    assert LiveStudent.cancel_rejoin(live, taken_back)  # the device stopped waiting
    assert not LiveStudent.cancel_rejoin(live, taken_back)
    assert [r.id for r in host.refresh().rejoins] == [request.request_id]
    assert host.allow_rejoin(host.refresh().rejoins[0].id)
    moved = LiveStudent.rejoin_answer(live, request)
    assert moved is not None and moved.member.attempt_id == first.member.attempt_id
    assert host.refresh().rejoins == []
    host.next()
    first.refresh(), moved.refresh()
    key = host.current.question.answer
    assert first.answer(key).status == "seat"  # the old device answers no more
    assert moved.answer(key).status == "ok"
    with pytest.raises(LiveError) as err:  # nobody of that name is here to rejoin as
        LiveStudent.ask_rejoin(live, host.code, "李四")
    assert err.value.kind == "no_rejoin"


def test_a_hostile_answer_is_marked_wrong_not_an_error(live):
    host = new_host(live)
    a = LiveStudent.join(live, host.code, "小明")
    host.next()
    a.refresh()
    assert live.send_answer(host.session.id, a.token, 0, {"not": ["an", "answer"]}) == "ok"
    assert live.send_answer(host.session.id, a.token, 0, "x" * 30_000) in (
        "invalid", "duplicate")
    host.reveal()
    a.refresh()
    a.reveal_current()
    assert a.answered().marked and not a.answered().correct and a.answered().score == 0


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
    assert moved.questions == session.questions
    if live.backend == "postgresql":  # the server's clock, not the host's
        assert moved.opened_at is not None and moved.opened_at != opened
    else:
        assert moved.opened_at == opened
    with pytest.raises(SessionMoved) as err:  # moved since: this host's view is stale
        live.move(session.id, state=REVEALED, current=0, expect_version=session.version)
    assert str(err.value) == STRINGS["en"]["storage.live_moved"]  # the catalogue's words
    revealed = live.move(session.id, state=REVEALED, current=0)
    assert revealed.opened_at == moved.opened_at  # kept when the move does not open a question
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


def test_speed_points_favour_the_quick_by_the_databases_clock(live):
    """The time an answer took is the database's (opened to stored), not the client's."""
    from datetime import timedelta

    from sqlalchemy import update

    from quizapp.storage.live_tables import LiveSession

    host = new_host(live, speed=True, seconds=20)
    quick = LiveStudent.join(live, host.code, "快")
    slow = LiveStudent.join(live, host.code, "慢")
    host.next()
    key = host.current.question.answer
    quick.refresh()
    assert quick.answer(key).status == "ok"
    # ten seconds pass (the question opened ten seconds earlier)
    table = LiveSession.__table__
    with live.engine.begin() as conn:
        conn.execute(update(table).where(table.c.id == host.session.id)
                     .values(opened_at=live.session_by_id(host.session.id).opened_at
                             - timedelta(seconds=10)))
    slow.refresh()
    assert slow.answer(key).status == "ok"
    answers = {a.name: a for a in live.answers(host.session.id)}
    assert answers["快"].elapsed_s < 5 <= 10 <= answers["慢"].elapsed_s < 15
    results = host.results()
    assert [r.name for r in results.students] == ["快", "慢"]
    assert results.students[0].points > results.students[1].points > 0


def test_an_answer_after_the_time_runs_out_is_refused_by_the_database(live):
    from datetime import timedelta

    from sqlalchemy import update

    from quizapp.storage.live_tables import LiveSession

    host = new_host(live, seconds=5)
    late = LiveStudent.join(live, host.code, "慢")
    host.next()
    table = LiveSession.__table__
    with live.engine.begin() as conn:
        conn.execute(update(table).where(table.c.id == host.session.id)
                     .values(opened_at=live.session_by_id(host.session.id).opened_at
                             - timedelta(seconds=30)))
    late.refresh()
    assert late.answer(host.current.question.answer).status == "closed"


def test_concurrent_answers_are_neither_lost_nor_doubled(live):
    host = new_host(live)
    students = [LiveStudent.join(live, host.code, f"s{i}") for i in range(12)]
    host.next()
    key = host.current.question.answer
    for s in students:
        s.refresh()
    statuses: list[str] = []

    def answer_twice(s):
        statuses.append(s.answer(key).status)
        statuses.append(s.answer(key).status)

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
        assert student.apply_notices(["[1]"]) is False
        # a session of the same id in another schema of the database: not this one
        other = ('{"v": 999, "state": "ended", "current": 0, "opened_at": null, '
                 '"code": "%s"}' % ("000000" if host.code != "000000" else "000001"))
        before = student.session
        assert student.apply_notices([other]) is False and student.session == before
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


def test_a_seat_picked_from_the_roster_is_that_student_s(live, store):
    """Two 张伟 in one class: the one picked (by record) gets the seat; the other 张伟
    takes his own seat, and each keeps his own score."""
    from quizapp.core.roster import RosterEntry

    store.classes.create_class("高一5班")
    first, second, third = store.classes.set_roster(
        "高一5班", [RosterEntry("张伟", "2023051"), RosterEntry("张伟", "2023052"),
                   RosterEntry("李娜", "2023053")])
    assert first != second
    host = LiveHost.create(live, BANK, QuizSpec(ids=("q-river",), seed=1),
                           class_name="高一5班")
    # what the join form lists: a student's number only where it tells namesakes apart
    from quizapp.services.live import join_roster

    assert [(e.name, e.number, e.student_id) for e in join_roster(live, host.code)] == [
        ("张伟", "2023051", first), ("张伟", "2023052", second), ("李娜", "", third)]
    picked = LiveStudent.join(live, host.code, "张伟", student_id=second)
    assert picked.member.student_id == second
    other = LiveStudent.join(live, host.code, "张伟", student_id=first)
    assert other.member.student_id == first
    with pytest.raises(LiveError) as err:  # not on this class's roster under that name
        LiveStudent.join(live, host.code, "李四", student_id=first)
    assert err.value.kind == "not_on_roster"
    host.next()
    picked.refresh()
    assert picked.answer(host.current.question.answer).status == "ok"
    host.end()
    results = {m.student_id: m for m in live.members(host.session.id)}
    assert set(results) == {first, second}
    answers = {a.attempt_id: a.score for a in live.answers(host.session.id)}
    assert answers == {picked.member.attempt_id: 1.0}


def test_a_session_takes_a_bounded_number_of_seats(live, monkeypatch):
    """A login that may join cannot fill the database: past the limit, new seats are
    refused (the seats taken stay theirs)."""
    if live.backend == "postgresql":  # the server's own limit: fill it up
        from sqlalchemy import text

        from quizapp.storage.live_sql import MAX_SEATS

        host = new_host(live)
        first = LiveStudent.join(live, host.code, "一")
        with live.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO student (name, created_at) SELECT 's' || i, now() "
                "FROM generate_series(2, :n) i"), {"n": MAX_SEATS})
            conn.execute(text(
                "INSERT INTO attempt (student_id, mode, sets, spec, seed, started_at, score, "
                "max_score) SELECT id, 'live', '', '{}', '', now(), 0, 1 FROM student "
                "WHERE name LIKE 's%'"))
            conn.execute(text(
                "INSERT INTO live_member (session_id, student_id, attempt_id, joined_at) "
                "SELECT :s, a.student_id, a.id, now() FROM attempt a JOIN student st "
                "ON st.id = a.student_id WHERE st.name LIKE 's%'"), {"s": host.session.id})
        with pytest.raises(LiveError) as err:
            LiveStudent.join(live, host.code, "多一个")
        assert err.value.kind == "full"
        again = LiveStudent.join(live, host.code, "一", token=first.token)
        assert again.member.attempt_id == first.member.attempt_id
        return
    from quizapp.storage import seats

    monkeypatch.setattr(seats, "MAX_SEATS", 2)
    host = new_host(live)
    first = LiveStudent.join(live, host.code, "一")
    LiveStudent.join(live, host.code, "二")
    with pytest.raises(LiveError) as err:
        LiveStudent.join(live, host.code, "三")
    assert err.value.kind == "full"
    again = LiveStudent.join(live, host.code, "一", token=first.token)
    assert again.member.attempt_id == first.member.attempt_id


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
    assert student.answer(q.answer).status == "ok"
    _wait(lambda: views[-1].answered == 1)
    with pytest.raises(ValueError):
        follow.move("refresh")  # only the host's moves
    stop.set()
    for loop in loops:
        loop.join(5)
        assert not loop.is_alive()
    assert errors == []


class CountingPort:
    """The live port, noting which of the host's reads are made."""

    READS = ("session_by_id", "members", "answers", "rejoins")

    def __init__(self, port) -> None:
        self._port = port
        self.reads: list[str] = []

    def __getattr__(self, name):
        attr = getattr(self._port, name)
        if name not in self.READS:
            return attr

        def counted(*args, **kwargs):
            self.reads.append(name)
            return attr(*args, **kwargs)

        return counted


def test_the_hosts_loop_reads_only_the_answers_when_only_answers_came(live):
    """Woken by answers alone (PostgreSQL says what changed), the host's loop reads the
    answers, not the session, who joined and the requests again, and keeps who joined; a
    join or a move reads everything. SQLite says nothing: every read is a whole one."""
    from quizapp.services.live import HostFollow

    host = new_host(live)
    port = host.port = CountingPort(live)
    students = [LiveStudent.join(live, host.code, name) for name in ("甲", "乙", "丙")]
    follow = HostFollow(host)
    views: list = []
    errors: list = []
    stop = threading.Event()
    loop = threading.Thread(target=follow.run, args=(
        stop.is_set, lambda view, results: views.append(view), errors.append))
    loop.start()
    try:
        _wait(lambda: views and len(views[-1].members) == 3)
        follow.move("next")
        _wait(lambda: views[-1].session.state == OPEN)
        port.reads.clear()
        q = host.current.question
        for n, student in enumerate(students, 1):
            student.refresh()
            assert student.answer(q.answer).status == "ok"
            _wait(lambda n=n: views[-1].answered == n)
        assert [m.name for m in views[-1].members] == ["甲", "乙", "丙"]
        answers, members = port.reads.count("answers"), port.reads.count("members")
        assert answers >= 3
        if live.backend == "postgresql":  # (a read after a quiet slice is a whole one)
            assert members < answers
        else:
            assert members == answers
        LiveStudent.join(live, host.code, "丁")
        _wait(lambda: [m.name for m in views[-1].members] == ["甲", "乙", "丙", "丁"])
        assert views[-1].answered == 3
    finally:
        stop.set()
        loop.join(5)
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
    loop.join(30)  # a loaded server can be slow to deliver the notice
    assert not loop.is_alive(), [str(e) for e in errors]
    assert sessions[-1].state == ENDED  # the loop ends with the class
    assert [str(e) for e in errors] == ["server closed the connection"]
