"""Scores read back: each set's best from the answers to its questions, whatever quiz they
came from; history counts answered and right; a past attempt shown again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.core.model import Bank, CardQuestion, ChoiceQuestion, QuestionSet
from quizapp.core.session import Mode, QuizSpec, build_session
from quizapp.services.scores import best_by_set, past_result

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def choice(qid: str, key: str) -> ChoiceQuestion:
    return ChoiceQuestion(id=qid, prompt=qid, options=("对", "错"), answer="对", set_key=key)


BANK = Bank.of([
    QuestionSet(key="s1", title="一", path="s1.yaml",
                questions=(choice("a1", "s1"), choice("a2", "s1"),
                           CardQuestion(id="k1", prompt="k", front="k", back="b",
                                        set_key="s1"))),
    QuestionSet(key="s2", title="二", path="s2.yaml", questions=(choice("b1", "s2"),)),
])


def take(store, sets, answers, *, finish=True, mode="practice"):
    """One attempt answering ``answers`` (question id -> right?), as the app records it."""
    aid = store.attempts.start_attempt("张三", mode, sets, {"sets": list(sets), "mode": mode}, 1, 9,
                              at=T0)
    for n, (qid, right) in enumerate(answers.items()):
        points = 0 if qid.startswith("k") else 1  # a self-rated card is never scored
        store.attempts.record_response(aid, qid, "h", "对" if right else "错", float(right and points),
                              points, right, 2.0, at=T0 + timedelta(seconds=n))
    if finish:
        store.attempts.finish_attempt(aid, 0, 0)
    return aid


def test_each_set_is_scored_from_its_questions_in_any_quiz(store):
    take(store, [], {"a1": True, "a2": True, "b1": False, "k1": True})  # every set
    take(store, ["s1"], {"a1": True, "a2": False})  # only s1: 50%
    take(store, ["s2"], {"b1": True}, finish=False)  # unfinished: not a score yet
    assert best_by_set(store.attempts, BANK, "张三") == {"s1": 100.0, "s2": 0.0}
    assert best_by_set(store.attempts, BANK, "nobody") == {}


def test_history_counts_answered_and_right(store):
    aid = take(store, [], {"a1": True, "a2": False, "k1": True}, finish=False)
    (row,) = store.attempts.history("张三")
    assert row.id == aid and (row.answered, row.correct) == (3, 1)  # the card is not "right"


def test_a_past_attempt_shows_every_question_with_its_answer_and_marks(store):
    spec = QuizSpec(mode=Mode.PRACTICE, seed=5)
    asked = build_session(BANK, spec).question_ids
    aid = store.attempts.start_attempt("张三", "practice", [], spec.to_dict(), 5, 3, at=T0)
    store.attempts.record_response(aid, asked[0], "h", *(("对", 1.0, 1, True) if asked[0] != "k1"
                                                 else (True, 0.0, 0, True)), 2.0, at=T0)
    result = past_result(BANK, store.attempts.attempt(aid))
    assert [i.question.id for i in result.items] == list(asked)
    assert [i.answered for i in result.items] == [True, False, False, False]
    first = result.items[0]
    assert first.correct and first.response == first.correct_answer
    assert result.max_score == 3  # a1, a2, b1; the card is shown, not scored
    assert sum(not i.scored for i in result.items) == 1
