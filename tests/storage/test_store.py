"""The Store API on both back ends: students, attempts, responses, resume data, review
queries and FSRS card state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, Scheduler
from storage_fixture import student_names

from quizapp.storage import StorageError, Store

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_student_get_or_create(store: Store):
    a = store.students.student("小明")
    again = store.students.student("  小明 ")
    assert a.id == again.id
    b = store.students.student("Alice")
    assert student_names(store) == sorted(["小明", "Alice"])
    assert store.students.find_student("nobody") is None
    assert b.created_at.tzinfo is not None and b.created_at.utcoffset() == timedelta(0)
    with pytest.raises(ValueError):
        store.students.student("   ")


def test_attempt_round_trip_for_resume(store: Store):
    spec = {"sets": ["01-basics"], "mode": "exam", "seed": None, "count": 3}
    aid = store.attempts.start_attempt("小明", "exam", ["02-b", "01-basics"], spec, 2**64 + 5, 3,
                              at=at(0))
    store.attempts.record_response(aid, "q1", "h1", {"answer": "长沙"}, 1, 1, True, 2.5, at=at(1))
    store.attempts.record_response(aid, "q2", "h2", ["A", "C"], 0.5, 1, False, 3.0, at=at(2))
    store.attempts.record_response(aid, "q3", "h3", None, 0, 1, False, None, at=at(3))
    detail = store.attempts.attempt(aid)
    assert detail is not None
    s = detail.summary
    assert (s.student, s.mode, s.set_keys, s.seed) == ("小明", "exam", ("01-basics", "02-b"),
                                                       2**64 + 5)
    assert s.started_at == at(0) and s.finished_at is None and not s.finished
    assert s.answered == 2  # the third has no answer
    assert detail.spec == spec
    assert [(r.question_id, r.content_hash, r.response, r.score, r.correct, r.elapsed_s)
            for r in detail.responses] == [
        ("q1", "h1", {"answer": "长沙"}, 1.0, True, 2.5),
        ("q2", "h2", ["A", "C"], 0.5, False, 3.0),
        ("q3", "h3", None, 0.0, False, None),
    ]
    assert detail.responses[1].answered_at == at(2)
    assert store.attempts.attempt(aid + 1000) is None


def test_duplicate_or_orphan_response_is_refused(store: Store):
    aid = store.attempts.start_attempt("a", "practice", [], {}, 1, 2)
    store.attempts.record_response(aid, "q1", "h", "x", 1, 1, True, 1.0)
    with pytest.raises(StorageError, match="already answered"):
        store.attempts.record_response(aid, "q1", "h", "y", 0, 1, False, 1.0)
    with pytest.raises(StorageError):
        store.attempts.record_response(aid + 99, "q1", "h", "y", 0, 1, False, 1.0)
    assert len(store.attempts.attempt(aid).responses) == 1


def test_finish_unfinished_and_history(store: Store):
    s = store.students.student("Bob")
    a1 = store.attempts.start_attempt(s, "exam", ["s1"], {}, 1, 4, at=at(0))
    a2 = store.attempts.start_attempt(s, "practice", ["s1"], {}, 2, 4, at=at(10))
    a3 = store.attempts.start_attempt(s, "exam", [], {}, 3, 2, at=at(20))
    store.attempts.record_response(a1, "q1", "h", 1, 3, 4, False, 1.0, at=at(1))
    store.attempts.finish_attempt(a1, 3, 4, unanswered=[("q1", "h", 4), ("q2", "h2", 0)], at=at(5))
    # idempotent: the first finish time and score stay
    store.attempts.finish_attempt(a1, 0, 4, at=at(50))
    store.attempts.finish_attempt(a3, 2, 2, at=at(25))
    with pytest.raises(StorageError, match="no attempt"):
        store.attempts.finish_attempt(a3 + 100, 1, 1)

    unfinished = store.attempts.unfinished_attempts("Bob")
    assert [u.id for u in unfinished] == [a2]
    hist = store.attempts.history(s)
    assert [h.id for h in hist] == [a1, a2, a3]
    assert hist[0].finished_at == at(5) and hist[0].score == 3 and hist[0].percent == 75.0
    assert hist[1].percent == 0.0 and not hist[1].finished
    assert hist[2].percent == 100.0
    detail = store.attempts.attempt(a1)
    # the unanswered q2 became a zero-score row; q1 (answered) was not duplicated
    assert [(r.question_id, r.score, r.response) for r in detail.responses] == [
        ("q1", 3.0, 1), ("q2", 0.0, None)]
    assert store.attempts.best_by_set(s) == {"s1": 75.0, "": 100.0}
    assert store.attempts.history("nobody") == [] and store.attempts.unfinished_attempts("nobody") == []


def test_recent_wrong_ids(store: Store):
    s = store.students.student("c")
    a = store.attempts.start_attempt(s, "practice", [], {}, 1, 5, at=at(0))
    store.attempts.record_response(a, "q1", "h", 0, 0, 1, False, 1, at=at(1))   # wrong, later right
    store.attempts.record_response(a, "q2", "h", 0, 0, 1, False, 1, at=at(2))   # wrong
    store.attempts.record_response(a, "q3", "h", 1, 1, 1, True, 1, at=at(3))    # right, later wrong
    store.attempts.record_response(a, "q4", "h", 0, 0.5, 1, False, 1, at=at(4))  # partial = wrong
    b = store.attempts.start_attempt(s, "review", [], {}, 2, 3, at=at(10))
    store.attempts.record_response(b, "q1", "h", 1, 1, 1, True, 1, at=at(11))
    store.attempts.record_response(b, "q3", "h", 0, 0, 1, False, 1, at=at(12))
    # another student's mistakes are not this student's
    o = store.attempts.start_attempt("other", "practice", [], {}, 3, 1, at=at(0))
    store.attempts.record_response(o, "q9", "h", 0, 0, 1, False, 1, at=at(30))
    assert store.attempts.recent_wrong_ids(s, 10) == ["q3", "q4", "q2"]
    assert store.attempts.recent_wrong_ids(s, 2) == ["q3", "q4"]
    assert store.attempts.recent_wrong_ids("nobody") == []


def test_datetimes_are_utc_aware_and_naive_refused(store: Store):
    plus8 = timezone(timedelta(hours=8))
    aid = store.attempts.start_attempt("d", "exam", [], {}, 1, 1,
                              at=datetime(2025, 3, 1, 16, 0, tzinfo=plus8))
    s = store.attempts.attempt(aid).summary
    assert s.started_at == T0 and s.started_at.tzinfo == UTC
    with pytest.raises(ValueError, match="naive"):
        store.attempts.start_attempt("d", "exam", [], {}, 1, 1, at=datetime(2025, 3, 1))


# -- FSRS card state --------------------------------------------------------------------


def _review(scheduler: Scheduler, card: Card, rating: Rating, when: datetime):
    return scheduler.review_card(card, rating, review_datetime=when)


def test_card_state_and_log_saved_together(store: Store):
    sched = Scheduler(enable_fuzzing=False)
    s = store.students.student("e")
    card, log = _review(sched, Card(), Rating.Good, T0)
    store.cards.save_review(s, "q1", card.to_dict(), log.to_dict(), content_hash="h1")
    card2, log2 = _review(sched, Card(), Rating.Again, T0 + timedelta(minutes=1))
    store.cards.save_review(s, "q2", card2.to_dict(), log2.to_dict())

    cards = store.cards.flashcards(s)
    assert set(cards) == {"q1", "q2"}
    rec = cards["q1"]
    assert rec.data == card.to_dict()
    assert Card.from_dict(rec.data).due == card.due
    assert rec.due == card.due and rec.due.tzinfo is not None
    assert rec.state == int(card.state) and rec.content_hash == "h1"
    assert rec.created_at == T0

    # a second review updates the card, keeps its first-seen time, and adds a log row
    card3, log3 = _review(sched, card, Rating.Easy, card.due)
    store.cards.save_review(s, "q1", card3.to_dict(), log3.to_dict(), source="quiz")
    rec = store.cards.flashcards(s, ["q1"])["q1"]
    assert rec.data == card3.to_dict() and rec.due == card3.due and rec.created_at == T0
    logs = store.cards.review_logs(s, "q1")
    assert [(r.rating, r.source, r.reviewed_at) for r in logs] == [
        (int(Rating.Good), "cards", T0), (int(Rating.Easy), "quiz", card.due)]
    assert logs[0].log == log.to_dict()
    assert len(store.cards.review_logs(s)) == 3

    assert store.cards.new_cards_since(s, T0) == 2
    assert store.cards.new_cards_since(s, T0 + timedelta(seconds=30)) == 1
    assert store.cards.flashcards("nobody") == {}


def test_a_card_first_met_in_a_quiz_is_not_a_new_card_of_the_day(store: Store):
    """The daily new-card limit counts the cards first studied on the card screen: quiz
    answers (counted as reviews) never use it up, and a card met in a quiz and studied
    later the same day is not new either."""
    sched = Scheduler(enable_fuzzing=False)
    s = store.students.student("f")
    for n in range(3):
        card, log = _review(sched, Card(), Rating.Good, T0 + timedelta(minutes=n))
        store.cards.save_review(s, f"quiz{n}", card.to_dict(), log.to_dict(), source="quiz")
    assert store.cards.new_cards_since(s, T0) == 0
    card, log = _review(sched, Card(), Rating.Good, T0 + timedelta(minutes=5))
    store.cards.save_review(s, "cards1", card.to_dict(), log.to_dict())
    later, log = _review(sched, card, Rating.Good, T0 + timedelta(minutes=9))
    store.cards.save_review(s, "quiz0", later.to_dict(), log.to_dict())  # on the card screen
    assert store.cards.new_cards_since(s, T0) == 1


def test_save_review_is_one_transaction(store: Store):
    """If the log row cannot be written, the card state is not changed either."""
    sched = Scheduler(enable_fuzzing=False)
    s = store.students.student("f")
    card, log = _review(sched, Card(), Rating.Good, T0)
    store.cards.save_review(s, "q1", card.to_dict(), log.to_dict())
    card2, log2 = _review(sched, card, Rating.Again, card.due)
    with pytest.raises(StorageError):
        # no such attempt: the log row's foreign key fails after the card upsert
        store.cards.save_review(s, "q1", card2.to_dict(), log2.to_dict(), attempt_id=424242)
    assert store.cards.flashcards(s)["q1"].data == card.to_dict()
    assert len(store.cards.review_logs(s)) == 1


def test_new_cards_per_day(store: Store):
    store.students.set_new_cards_per_day("g", 5)
    assert store.students.student("g").new_cards_per_day == 5
    store.students.set_new_cards_per_day("g", None)
    assert store.students.student("g").new_cards_per_day is None
    with pytest.raises(ValueError):
        store.students.set_new_cards_per_day("g", -1)
