"""A resumed quiz opens where the student left it: after the last answer, not on a
question skipped before it (skips are not stored, so the rebuilt quiz cannot know them)."""

from __future__ import annotations

from clocks import MonotonicClock
from core_samples import bank

from quizapp.core.grading import correct_response
from quizapp.core.session import QuizSpec, build_session


def test_continue_after_the_last_answer_puts_skipped_questions_last():
    clock = MonotonicClock()
    spec = QuizSpec(seed=5)
    first = build_session(bank(), spec, clock=clock)
    ids = first.question_ids
    assert len(ids) >= 5
    first.answer(correct_response(first.current().question))  # 1st
    first.skip()  # 2nd, to answer later
    stored = []
    for _ in range(2):  # 3rd and 4th
        q = first.current().question
        stored.append((q.id, first.answer(correct_response(q)).response))
    assert first.current().question.id == ids[4]  # where the student left

    again = build_session(bank(), QuizSpec.from_dict(spec.to_dict()), clock=MonotonicClock())
    again.replay(ids[0], correct_response(again.current().question), 1.0)
    for qid, response in stored:
        again.replay(qid, response, 1.0)
    assert again.current().question.id == ids[1]  # the skipped one: not where they left
    again.continue_after(stored[-1][0])
    assert again.current().question.id == ids[4]
    rest = []
    while again.current() is not None:
        q = again.current().question
        rest.append(q.id)
        again.answer(correct_response(q))
    assert rest == [*ids[4:], ids[1]]  # the skipped question comes last, as skipping left it


def test_continue_after_an_unknown_question_changes_nothing():
    session = build_session(bank(), QuizSpec(seed=5), clock=MonotonicClock())
    current = session.current()
    session.continue_after("no-such-question")
    assert session.current() == current
