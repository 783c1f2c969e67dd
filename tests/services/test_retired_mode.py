"""Attempts of the retired self-graded "flashcards" quiz mode, left unfinished by an older
version, are closed with the score of their answers instead of being offered for resuming
(which this version cannot do)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.services.quiz_run import resumable_attempts

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_unfinished_self_graded_attempts_are_closed_with_their_score(store):
    old = store.attempts.start_attempt("张三", "flashcards", ["01-city"], {"mode": "flashcards"}, 3, 4,
                              at=T0)
    store.attempts.record_response(old, "q1", "h1", True, 2.0, 2, True, 3.0, at=T0)
    store.attempts.record_response(old, "q2", "h2", False, 0.0, 2, False, 3.0, at=T0)
    practice = store.attempts.start_attempt("张三", "practice", [], {"mode": "practice"}, 5, 2,
                                   at=T0 + timedelta(minutes=1))
    finished_before = store.attempts.start_attempt("张三", "flashcards", [], {}, 1, 1, at=T0)
    store.attempts.finish_attempt(finished_before, 1.0, 1, at=T0)

    assert [a.id for a in resumable_attempts(store.attempts, "张三")] == [practice]

    history = {a.id: a for a in store.attempts.history("张三")}
    assert history[old].finished and history[old].score == 2.0 and history[old].max_score == 4
    assert not history[practice].finished
    assert history[finished_before].score == 1.0  # a finished one is left as it was
    assert [a.id for a in store.attempts.unfinished_attempts("张三")] == [practice]
    assert resumable_attempts(store.attempts, "张三")[0].id == practice  # and again: nothing to close
