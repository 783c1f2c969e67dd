"""Homework in storage (both back ends): an assignment for a class, attempts started on the
database's clock, the attempts limit, the due time, changes refused once started, and
each student's state."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizapp.core import utc
from quizapp.core.roster import RosterEntry
from quizapp.services.assignments import lines, state
from quizapp.storage.assignments import AssignmentClosed, AssignmentLocked
from quizapp.storage.classes import UnknownClass

SPEC = {"sets": ["01-city"], "mode": "exam"}


def setup_classes(store) -> tuple[list[int], list[int]]:
    store.classes.create_class("高一3班")
    store.classes.create_class("高一5班")
    three = store.classes.set_roster("高一3班", [RosterEntry("甲"), RosterEntry("乙"),
                                                RosterEntry("丙")])
    five = store.classes.set_roster("高一5班", [RosterEntry("丁")])
    return three, five


def work(store, **over):
    now = store.assignments.now()
    fields = {"title": "三盘棋练习", "sets": ["01-city"], "tags": [], "count": 2,
              "mode": "exam", "time_limit": 10, "due_at": now + timedelta(hours=1),
              "attempts": 1, "answers": "after-due", "late": True, "seed": 42}
    fields.update(over)
    return store.assignments.create("高一3班", fields)


def start(store, aid: int, sid: int) -> tuple[int, bool]:
    return store.assignments.start(aid, sid, spec=SPEC, seed=42, set_keys=["01-city"],
                                   max_score=2)


def test_an_exam_three_students_one_late_one_not_at_all(store) -> None:
    (a, b, c), (d,) = setup_classes(store)
    row = work(store)
    assert row.class_name == "高一3班" and row.sets == ("01-city",) and row.seed == 42
    assert row.opens_at <= store.assignments.now() < row.due_at
    first, late = start(store, row.id, a)
    assert not late
    store.attempts.record_response(first, "q1", "h", "x", 1.0, 1, True, 2.0)
    store.attempts.finish_attempt(first, 1.0, 2)
    second, _ = start(store, row.id, b)  # started, not finished
    # the due time comes (the teacher moves it to now): 乙 hands in a minute after it
    due = store.assignments.now()
    store.assignments.change(row.id, {"due_at": due, "opens_at": due - timedelta(hours=2)})
    store.attempts.finish_attempt(second, 2.0, 2, at=due + timedelta(minutes=1))
    progress = {p.student: p for p in store.assignments.progress(row.id)}
    current = store.assignments.assignment(row.id)
    assert [p.student for p in store.assignments.progress(row.id)] == ["甲", "乙", "丙"]
    assert state(current, progress["甲"]) == "done"
    assert state(current, progress["乙"]) == "late"
    assert state(current, progress["丙"]) == "not_begun"
    assert progress["甲"].score == 1.0 and progress["甲"].max_score == 2
    shown = {line.student: line for line in lines(current, progress.values())}
    assert shown["乙"].state == "late" and shown["乙"].score == 2.0
    # a student of another class neither sees it nor can start it
    _, mine = store.assignments.for_student(d)
    assert mine == []
    with pytest.raises(AssignmentClosed) as refused:
        start(store, row.id, d)
    assert refused.value.reason == "not_member"
    _, theirs = store.assignments.for_student(c)
    assert [w.id for w in theirs] == [row.id]
    # the attempts are ordinary attempts carrying the assignment's id
    assert store.attempts.attempt(first) is not None


def test_past_due_refuses_a_new_attempt_and_the_limit_holds(store) -> None:
    (a, b, _), _ = setup_classes(store)
    closed = work(store, late=False)
    store.assignments.change(closed.id, {
        "opens_at": store.assignments.now() - timedelta(hours=2),
        "due_at": store.assignments.now() - timedelta(seconds=1)})
    with pytest.raises(AssignmentClosed) as refused:
        start(store, closed.id, a)
    assert refused.value.reason == "due"
    once = work(store, attempts=1)
    start(store, once.id, a)
    with pytest.raises(AssignmentClosed) as used:
        start(store, once.id, a)
    assert used.value.reason == "used"
    later = work(store, opens_at=store.assignments.now() + timedelta(hours=1),
                 due_at=store.assignments.now() + timedelta(hours=2))
    with pytest.raises(AssignmentClosed) as not_yet:
        start(store, later.id, b)
    assert not_yet.value.reason == "not_open"
    # not open yet: not on the student's list either
    _, seen = store.assignments.for_student(b)
    assert later.id not in {w.id for w in seen}


def test_questions_locked_once_started_times_still_extend(store) -> None:
    (a, _, _), _ = setup_classes(store)
    row = work(store)
    store.assignments.change(row.id, {"count": 1})  # nobody started: may change
    start(store, row.id, a)
    assert store.assignments.attempted(row.id)
    with pytest.raises(AssignmentLocked):
        store.assignments.change(row.id, {"count": 3})
    with pytest.raises(AssignmentLocked):
        store.assignments.change(row.id, {"sets": ["02-other"]})
    later = row.due_at + timedelta(days=1)
    changed = store.assignments.change(row.id, {"due_at": later, "title": "延期", "attempts": 2})
    assert changed.due_at == later and changed.title == "延期" and changed.count == 1


def test_withdrawn_is_hidden_and_refused(store) -> None:
    (a, _, _), _ = setup_classes(store)
    row = work(store)
    store.assignments.withdraw(row.id)
    assert store.assignments.assignments("高一3班") == []
    assert [w.id for w in store.assignments.assignments("高一3班", withdrawn=True)] == [row.id]
    _, seen = store.assignments.for_student(a)
    assert seen == []
    with pytest.raises(AssignmentClosed):
        start(store, row.id, a)


def test_unknown_class(store) -> None:
    with pytest.raises(UnknownClass):
        store.assignments.create("没有这个班", {"title": "x", "due_at": utc.now(),
                                                "seed": 1})


def test_database_clock_decides(store) -> None:
    """The stored times are the database's: a started attempt's time is not the caller's."""
    (a, _, _), _ = setup_classes(store)
    row = work(store)
    before = store.assignments.now()
    attempt_id, _ = start(store, row.id, a)
    detail = store.attempts.attempt(attempt_id)
    started = detail.summary.started_at if hasattr(detail, "summary") else None
    if started is not None:
        assert abs((started - before).total_seconds()) < 60


@pytest.mark.parametrize(("limit", "late", "ends"), [
    (10, True, "limit"), (None, False, "due"), (10, False, "limit"), (120, False, "due"),
    (None, True, None)])
def test_an_exam_attempt_ends_at_its_limit_or_due_time(store, limit, late, ends) -> None:
    """The deadline stored with an exam assignment's attempt (database time): its time
    limit after the start, and its due time when late work is not accepted."""
    (a, _b, _c), _ = setup_classes(store)
    row = work(store, time_limit=limit, late=late)
    before = store.assignments.now()
    attempt, _ = start(store, row.id, a)
    after = store.assignments.now()
    deadline = store.attempts.attempt(attempt).spec.get("deadline")
    if ends is None:
        assert deadline is None
    elif ends == "due":
        assert deadline == pytest.approx(row.due_at.timestamp())
    else:
        assert (before.timestamp() + 60 * limit - 1 <= deadline
                <= after.timestamp() + 60 * limit + 1)


def _review(store, sid: int, qid: str, attempt: int | None, source: str = "cards") -> None:
    when = utc.now()
    store.cards.save_review(sid, qid, {"state": 2, "due": (when + timedelta(days=1)).isoformat(),
                                       "last_review": when.isoformat()},
                            {"rating": 3, "review_datetime": when.isoformat()},
                            source=source, attempt_id=attempt)


def test_a_card_review_counts_the_cards_reviewed_for_it(store) -> None:
    """A card-review assignment: its attempt (mode ``cards``) counts each card reviewed
    for it once (not quiz answers, not other reviews); handed in, its score is that count
    and it is done; the class's lines show ``reviewed/target``."""
    (a, _b, _c), _ = setup_classes(store)
    row = work(store, mode="cards", time_limit=None, target=3, answers="after-each")
    first, _ = store.assignments.start(row.id, a, spec={"mode": "cards"}, seed=42,
                                       set_keys=["01-city"], max_score=3)
    assert store.attempts.attempt(first).summary.mode == "cards"
    for qid in ("q1", "q2", "q1"):
        _review(store, a, qid, first)
    _review(store, a, "q3", None)  # on the card screen, not for the assignment
    _review(store, a, "q4", first, source="quiz")  # a quiz answer, not a card review
    assert store.assignments.cards_reviewed(first) == {"q1", "q2"}
    mine = store.assignments.student_progress([row.id], a)[row.id]
    assert (mine.answered, mine.finished, mine.open_attempt) == (2, 0, first)
    by = {line.student: line for line in lines(row, store.assignments.progress(row.id))}
    assert (by["甲"].state, by["甲"].score_text()) == ("started", "2/3")
    assert (by["乙"].state, by["乙"].score_text()) == ("not_begun", "0/3")
    _review(store, a, "q5", first)
    assert store.assignments.finish_cards(first) == 3
    by = {line.student: line for line in lines(row, store.assignments.progress(row.id))}
    assert (by["甲"].state, by["甲"].score_text(), by["甲"].score) == ("done", "3/3", 3.0)
    # handing in again keeps its first finish
    finished = store.attempts.attempt(first).summary.finished_at
    store.assignments.finish_cards(first)
    assert store.attempts.attempt(first).summary.finished_at == finished
