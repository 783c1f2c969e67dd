"""Building quizzes and running them through a session."""

from __future__ import annotations

import contextlib
import json
import re

import pytest
from clocks import MonotonicClock
from core_samples import (
    ALL,
    CARD,
    CHOICE,
    FILL,
    FIXED,
    MATCH,
    MULTI,
    ORDER,
    TF,
    bank,
)

from quizapp.core.grading import correct_response
from quizapp.core.model import Bank, OrderQuestion, QuestionSet
from quizapp.core.session import (
    EmptyQuizError,
    Mode,
    QuizFinishedError,
    QuizSpec,
    QuizStateError,
    TimeUpError,
    build_session,
)
from quizapp.i18n import render


@contextlib.contextmanager
def raises_empty(pattern: str):
    """pytest.raises for EmptyQuizError, matching its message worded in English."""
    with pytest.raises(EmptyQuizError) as caught:
        yield caught
    assert re.search(pattern, render(caught.value.message, "en")), render(caught.value.message, "en")


def run_all(session, respond=correct_response):
    while (shown := session.current()) is not None:
        session.answer(respond(shown.question))
    return session.finish()


def shown_ids(session):
    return session.question_ids


def walk(session):
    """Every question as presented, answering each with no answer."""
    seen = []
    while (shown := session.current()) is not None:
        seen.append(shown)
        session.answer(None)
    return seen


# -- building ------------------------------------------------------------------------------


def test_all_questions_by_default():
    s = build_session(bank(), QuizSpec(seed=1))
    assert sorted(shown_ids(s)) == sorted(q.id for q in ALL)
    assert s.total == 8 and s.mode is Mode.PRACTICE and s.seed == 1


def test_filter_by_set_key_title_or_file_name():
    for name in ("chess", "一盘棋", "chess.yaml", "content/chess.yaml"):
        s = build_session(bank(), QuizSpec(sets=(name,), seed=3))
        assert set(shown_ids(s)) == {FILL.id, MATCH.id, ORDER.id, CARD.id}


def test_unknown_set_is_a_clear_error():
    with raises_empty(r"no question set named 'nope'.*city, chess"):
        build_session(bank(), QuizSpec(sets=("nope",)))


def test_filter_by_tag_any_of():
    s = build_session(bank(), QuizSpec(tags=("policy", "chess"), seed=1))
    assert set(shown_ids(s)) == {CHOICE.id, FILL.id, MATCH.id, ORDER.id, CARD.id}  # set tags count


def test_filter_by_type_and_combined_filters():
    s = build_session(bank(), QuizSpec(types=("choice", "order"), seed=1))
    assert set(shown_ids(s)) == {CHOICE.id, FIXED.id, ORDER.id}
    s = build_session(bank(), QuizSpec(sets=("city",), types=("choice",), tags=("policy",), seed=1))
    assert shown_ids(s) == (CHOICE.id,)


def test_filter_by_level_any_of():
    s = build_session(bank(), QuizSpec(levels=("understand", "apply"), seed=1))
    assert set(shown_ids(s)) == {MATCH.id, TF.id}
    s = build_session(bank(), QuizSpec(levels=("recall",), sets=("chess",), seed=1))
    assert set(shown_ids(s)) == {FILL.id, ORDER.id, CARD.id}
    with raises_empty(r"no question matches set city, level understand"):
        build_session(bank(), QuizSpec(sets=("city",), levels=("understand",)))


def test_nothing_matches_is_a_clear_error():
    with raises_empty(r"no question matches set city, type order"):
        build_session(bank(), QuizSpec(sets=("city",), types=("order",)))
    with raises_empty(r"no questions are loaded"):
        build_session(Bank.of([]), QuizSpec())
    assert issubclass(EmptyQuizError, ValueError)


def test_explicit_ids_skip_unknown_ones_and_duplicates():
    s = build_session(bank(), QuizSpec(ids=(TF.id, "gone", MULTI.id, TF.id), seed=2))
    assert sorted(shown_ids(s)) == sorted([TF.id, MULTI.id])
    assert s.missing_ids == ("gone",)
    with raises_empty(r"none of the requested question ids"):
        build_session(bank(), QuizSpec(ids=("gone",)))


def test_count_limits_and_takes_a_random_subset():
    picks = {frozenset(shown_ids(build_session(bank(), QuizSpec(count=3, seed=s)))) for s in range(20)}
    assert all(len(p) == 3 for p in picks)
    assert len(picks) > 1
    s = build_session(bank(), QuizSpec(count=50, seed=1))
    assert s.total == 8


def test_count_with_ids_keeps_the_first_ids():
    ids = (TF.id, MULTI.id, ORDER.id, CARD.id)
    for seed in range(10):
        s = build_session(bank(), QuizSpec(ids=ids, count=2, mode=Mode.REVIEW, seed=seed))
        assert set(shown_ids(s)) == {TF.id, MULTI.id}


def test_invalid_spec_values():
    with pytest.raises(ValueError):
        QuizSpec(count=0)
    with pytest.raises(ValueError):
        QuizSpec(time_limit=0)
    with pytest.raises(ValueError):
        QuizSpec(mode="party")


def test_review_needs_ids():
    with raises_empty(r"nothing to review"):
        build_session(bank(), QuizSpec(mode=Mode.REVIEW))
    s = build_session(bank(), QuizSpec(mode=Mode.REVIEW, ids=(MATCH.id,)))
    assert s.mode is Mode.REVIEW and shown_ids(s) == (MATCH.id,)
    assert s.answer(correct_response(MATCH)).feedback


def test_same_seed_same_quiz_and_no_seed_draws_one():
    spec = QuizSpec(seed=42)
    a, b = build_session(bank(), spec), build_session(bank(), spec)
    assert walk(a) == walk(b)
    fresh = build_session(bank(), QuizSpec())
    assert isinstance(fresh.seed, int)
    again = build_session(bank(), QuizSpec(seed=fresh.seed))
    assert again.question_ids == fresh.question_ids


def test_different_seeds_give_different_orders():
    orders = {build_session(bank(), QuizSpec(seed=s)).question_ids for s in range(10)}
    assert len(orders) > 1


def test_spec_json_round_trip():
    spec = QuizSpec(sets=("city",), tags=("a",), types=("multi",), ids=("x", "y"), count=5,
                    mode=Mode.EXAM, seed=9, time_limit=60.0, levels=("apply",))
    data = json.loads(json.dumps(spec.to_dict()))
    assert data["mode"] == "exam"
    assert QuizSpec.from_dict(data) == spec
    assert QuizSpec.from_dict({}) == QuizSpec()
    assert QuizSpec(sets=["city"], mode="exam") == QuizSpec(sets=("city",), mode=Mode.EXAM)


# -- shuffling -----------------------------------------------------------------------------


def presented(question, seed):
    b = Bank.of([QuestionSet("s", "S", "s.yaml", (question,))])
    return build_session(b, QuizSpec(seed=seed)).current()


def test_options_are_shuffled_unless_shuffle_false():
    orders = {presented(CHOICE, s).options for s in range(20)}
    assert len(orders) > 1 and all(sorted(o) == sorted(CHOICE.options) for o in orders)
    assert {presented(FIXED, s).options for s in range(20)} == {FIXED.options}
    assert len({presented(MULTI, s).options for s in range(20)}) > 1


def test_match_right_side_is_shuffled():
    rights = {presented(MATCH, s).rights for s in range(20)}
    assert len(rights) > 1 and all(sorted(r) == sorted(MATCH.rights) for r in rights)
    assert presented(MATCH, 0).options == () and presented(MATCH, 0).items == ()


def test_order_items_never_presented_in_the_correct_order():
    two = OrderQuestion(id="two", prompt="p", items=("a", "b"), set_key="s")
    for seed in range(50):
        assert presented(two, seed).items == ("b", "a")
        items = presented(ORDER, seed).items
        assert items != ORDER.items and sorted(items) == sorted(ORDER.items)
    same = OrderQuestion(id="same", prompt="p", items=("a", "a"), set_key="s")
    assert presented(same, 0).items == ("a", "a")


def test_presented_positions():
    s = build_session(bank(), QuizSpec(seed=5))
    first = s.current()
    assert (first.index, first.total) == (0, 8)
    s.answer(None)
    assert s.current().index == 1


# -- answering -----------------------------------------------------------------------------


def test_practice_feedback_and_full_result():
    clock = MonotonicClock()
    s = build_session(bank(), QuizSpec(seed=7), clock=clock)
    while (shown := s.current()) is not None:
        clock.advance(2.0)
        outcome = s.answer(correct_response(shown.question))
        assert outcome.feedback and outcome.grade.correct and outcome.elapsed == 2.0
    assert s.current() is None and s.answered == 8
    result = s.finish()
    # the self-rated card is shown but left out of the score
    assert result.max_score == sum(q.points for q in ALL if q.type != "card") == 13
    assert result.unscored == 1
    assert result.score == 13 and result.percent == 100.0 and result.elapsed == 16.0
    assert [item.question.id for item in result.items] == list(s.question_ids)
    for item in result.items:
        assert item.answered and item.correct and item.elapsed == 2.0
        assert item.correct_answer == correct_response(item.question)
        assert item.response == item.correct_answer


def test_result_records_given_and_correct_answers_and_partial_scores():
    s = build_session(bank(), QuizSpec(ids=(MULTI.id, ORDER.id), seed=1))
    answers = {MULTI.id: frozenset({"长沙"}), ORDER.id: ("规划", "运营", "建设", "评估")}
    result = run_all(s, lambda q: answers[q.id])
    by_id = {item.question.id: item for item in result.items}
    assert by_id[MULTI.id].response == frozenset({"长沙"})
    assert by_id[MULTI.id].correct_answer == MULTI.answers
    assert by_id[MULTI.id].score == pytest.approx(1.0) and not by_id[MULTI.id].correct
    assert by_id[ORDER.id].score == 2.0 and by_id[ORDER.id].max_score == 4
    assert result.score == pytest.approx(3.0) and result.max_score == 7
    assert result.percent == pytest.approx(300 / 7)
    assert result.correct_count == 0


def test_explicit_elapsed_overrides_the_clock():
    s = build_session(bank(), QuizSpec(seed=1), clock=MonotonicClock())
    assert s.answer(None, elapsed=12.5).elapsed == 12.5


def test_time_counts_from_when_the_question_was_shown():
    clock = MonotonicClock()
    s = build_session(bank(), QuizSpec(seed=1), clock=clock)
    clock.advance(3)
    s.answer(None)
    clock.advance(30)  # reading the feedback
    s.current()
    clock.advance(4)
    assert s.answer(None).elapsed == 34.0  # the clock runs from the previous answer


def test_wrong_response_shape_is_a_type_error_and_changes_nothing():
    s = build_session(bank(), QuizSpec(ids=(MULTI.id,)))
    with pytest.raises(TypeError):
        s.answer("长沙")
    assert s.answered == 0 and s.current().question is MULTI


def test_skip_moves_the_question_to_the_end_and_keeps_its_time():
    clock = MonotonicClock()
    s = build_session(bank(), QuizSpec(ids=(TF.id, CHOICE.id, CARD.id), seed=3), clock=clock)
    order = s.question_ids
    clock.advance(5)
    s.skip()
    assert s.current().question.id == order[1]
    clock.advance(1)
    s.answer(correct_response(s.current().question))
    s.answer(correct_response(s.current().question))
    assert s.current().question.id == order[0]
    clock.advance(2)
    outcome = s.answer(correct_response(s.current().question))
    assert outcome.elapsed == 7.0
    assert [o.question.id for o in s.outcomes] == [order[1], order[2], order[0]]


def test_skipped_then_unanswered_counts_as_no_answer():
    clock = MonotonicClock()
    s = build_session(bank(), QuizSpec(ids=(TF.id, CHOICE.id), seed=3), clock=clock)
    skipped = s.current().question
    clock.advance(4)
    s.skip()
    s.answer(correct_response(s.current().question))
    result = s.finish()
    item = next(i for i in result.items if i.question is skipped)
    assert not item.answered and item.score == 0 and not item.correct and item.response is None
    assert item.elapsed == 4.0
    assert result.score == 1.0 and result.percent == 50.0


def test_finish_early_is_idempotent_and_closes_the_quiz():
    s = build_session(bank(), QuizSpec(seed=1))
    s.answer(correct_response(s.current().question))
    result = s.finish()
    assert s.finished and s.finish() is result
    assert sum(i.answered for i in result.items) == 1
    assert s.current() is None
    with pytest.raises(QuizFinishedError):
        s.answer(None)
    s.skip()  # harmless
    assert s.finish() is result


def test_answer_after_every_question_is_answered():
    s = build_session(bank(), QuizSpec(ids=(TF.id,)))
    s.answer(True)
    with pytest.raises(QuizFinishedError):
        s.answer(True)


# -- exam ----------------------------------------------------------------------------------


def test_exam_gives_no_feedback_until_the_end():
    s = build_session(bank(), QuizSpec(mode=Mode.EXAM, seed=1))
    outcome = s.answer(correct_response(s.current().question))
    assert outcome.feedback is False and outcome.grade.correct
    assert s.time_left() is None
    result = s.finish()
    assert result.items[0].correct and result.items[0].correct_answer is not None


def test_exam_time_limit():
    clock = MonotonicClock()
    s = build_session(bank(), QuizSpec(mode=Mode.EXAM, seed=1, time_limit=60), clock=clock)
    assert s.time_left() == 60
    clock.advance(20)
    s.answer(correct_response(s.current().question))
    assert s.time_left() == 40
    clock.advance(39.5)
    assert s.current() is not None
    clock.advance(0.5)
    assert s.time_left() == 0
    assert s.current() is None
    with pytest.raises(TimeUpError):
        s.answer(None)
    clock.advance(100)  # the student comes back late
    result = s.finish()
    assert result.elapsed == 60
    assert sum(i.answered for i in result.items) == 1
    assert [i.score for i in result.items if not i.answered] == [0.0] * 6  # no card in exams
    assert result.score == result.items[0].score


def test_exam_deadline_runs_on_while_the_student_is_away():
    """Esc at 00:54 left, wait a minute, resume: the time kept running (it is a deadline)."""
    clock = MonotonicClock(1_700_000_000.0)
    s = build_session(bank(), QuizSpec(mode=Mode.EXAM, seed=1, time_limit=120), clock=clock)
    assert s.deadline == 1_700_000_120.0
    clock.advance(66)
    assert s.time_left() == 54
    clock.advance(30)  # away from the quiz; the rebuilt quiz is given the stored deadline
    resumed = build_session(bank(), QuizSpec(mode=Mode.EXAM, seed=1, time_limit=120),
                            clock=clock, deadline=s.deadline)
    assert resumed.time_left() == 24
    clock.advance(60)  # coming back after the deadline: nothing left to answer
    assert resumed.current() is None
    with pytest.raises(TimeUpError):
        resumed.answer(correct_response(resumed.question_ids and bank()[resumed.question_ids[0]]))
    result = resumed.finish()
    assert result.score == 0 and not any(i.answered for i in result.items)
    assert result.elapsed == 120  # it ran to its deadline


def test_what_is_on_screen_at_the_deadline_is_graded():
    clock = MonotonicClock()
    s = build_session(bank(), QuizSpec(mode=Mode.EXAM, seed=3, types=("choice",),
                                       time_limit=30), clock=clock)
    q = bank()[s.question_ids[0]]
    clock.advance(30)
    assert s.current() is None  # time is up
    outcome = s.answer_at_deadline(q.answer)
    assert outcome is not None and outcome.grade.correct and outcome.question is q
    assert s.answer_at_deadline(None) is None  # nothing chosen on the next one: nothing kept
    result = s.finish()
    assert [i.answered for i in result.items] == [True, False]
    assert result.score == 1


def test_cards_are_never_in_an_exam():
    s = build_session(bank(), QuizSpec(mode=Mode.EXAM, seed=2))
    assert CARD.id not in s.question_ids and s.total == 7
    with raises_empty(r"cards"):
        build_session(bank(), QuizSpec(mode=Mode.EXAM, types=("card",)))


def test_a_card_in_practice_is_shown_but_not_scored():
    s = build_session(bank(), QuizSpec(ids=(CARD.id, TF.id), seed=0))
    assert s.max_score == TF.points
    while (shown := s.current()) is not None:
        outcome = s.answer(True)
        if shown.question is CARD:
            assert not outcome.scored and outcome.grade.max_score == 0
            assert outcome.grade.correct  # "I knew it" is kept for the schedule
    result = s.finish()
    assert (result.score, result.max_score, result.unscored) == (1, 1, 1)
    assert result.correct_count == 1


def test_time_limit_only_applies_to_exams():
    clock = MonotonicClock()
    s = build_session(bank(), QuizSpec(seed=1, time_limit=10), clock=clock)
    clock.advance(100)
    assert s.time_left() is None and s.current() is not None


# -- the retired self-graded mode -------------------------------------------------------------


def test_the_retired_flashcards_mode_is_not_a_quiz_mode():
    with pytest.raises(ValueError):
        QuizSpec.from_dict({"mode": "flashcards"})


# -- resuming ------------------------------------------------------------------------------


def test_replay_rebuilds_a_quiz_from_spec_seed_and_stored_answers():
    clock = MonotonicClock()
    spec = QuizSpec(mode=Mode.EXAM, seed=11, time_limit=100)
    first = build_session(bank(), spec, clock=clock)
    stored = []
    for _ in range(3):
        q = first.current().question
        clock.advance(10)
        o = first.answer(correct_response(q))
        stored.append((q.id, o.response, o.elapsed))

    # the attempt stores the deadline; the rebuilt quiz keeps it
    again = build_session(bank(), QuizSpec.from_dict(spec.to_dict()), clock=clock,
                          deadline=first.deadline)
    for qid, response, elapsed in stored:
        assert again.replay(qid, response, elapsed).grade.correct
    assert again.answered == 3
    assert again.current() == first.current()
    assert again.time_left() == 70
    with pytest.raises(QuizStateError, match="already answered"):
        again.replay(stored[0][0], stored[0][1], 1.0)
    with pytest.raises(KeyError):
        again.replay("not-in-quiz", None, 1.0)


def test_replay_of_a_question_further_in_the_queue():
    clock = MonotonicClock()
    s = build_session(bank(), QuizSpec(ids=(TF.id, CHOICE.id), seed=0), clock=clock)
    head, other = s.question_ids
    clock.advance(5)
    s.replay(other, correct_response(bank()[other]), 3.0)
    assert s.current().question.id == head
    assert s.answer(None).elapsed == 5.0


# -- option order ---------------------------------------------------------------------------


def test_stable_option_order_depends_on_the_id_and_respects_shuffle_false():
    from dataclasses import replace

    from quizapp.core.selection import stable_option_order

    assert stable_option_order(FIXED) == FIXED.options
    first = stable_option_order(CHOICE)
    assert sorted(first) == sorted(CHOICE.options)
    assert stable_option_order(replace(CHOICE, prompt="changed")) == first  # the id decides
    # over many questions written answer-first, the answer lands on every letter
    spots = [stable_option_order(replace(CHOICE, id=f"q{n}")).index(CHOICE.answer)
             for n in range(400)]
    for letter in range(4):
        assert 0.18 < spots.count(letter) / 400 < 0.32
