"""Scores read back from the store: the best per question set, and a past attempt as a
result to show again.

A set's score comes from the answers to its questions, whatever quiz they were given in
(one set, several, or every set): for each finished attempt, the points earned on the
set's questions over the points they were worth. Self-rated answers never count.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from quizapp.core.grading import correct_response, decode_response
from quizapp.core.model import Bank, CardQuestion
from quizapp.core.session import (
    EmptyQuizError,
    Mode,
    QuestionResult,
    QuizResult,
    QuizSpec,
    build_session,
    self_rated,
)
from quizapp.services.ports import AttemptPort, StudentRef

__all__ = ["best_by_set", "best_from_rows", "PastAttempt", "past_result"]


def best_from_rows(bank: Bank, rows: Iterable[tuple[int, str, float, int]]) -> dict[str, float]:
    """The best percentage per set key from ``(attempt id, question id, score, max score)``
    rows; questions no longer in the bank and self-rated cards are left out."""
    sums: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for attempt_id, question_id, score, max_score in rows:
        question = bank.get(question_id)
        if question is None or isinstance(question, CardQuestion) or max_score <= 0:
            continue
        total = sums[(attempt_id, question.set_key)]
        total[0] += score
        total[1] += max_score
    best: dict[str, float] = {}
    for (_, key), (scored, most) in sums.items():
        percent = 100.0 * scored / most
        best[key] = max(best.get(key, percent), percent)
    return best


def best_by_set(store: AttemptPort, bank: Bank, student: StudentRef) -> dict[str, float]:
    """The student's best percentage on each set (by key), over their finished attempts."""
    return best_from_rows(bank, store.scored_responses(student))


@dataclass(frozen=True)
class PastAttempt:
    """What the results screen needs to know of a past attempt: its mode and title, whose
    it is, and whether it was finished."""

    id: int
    mode: Mode
    title: str = ""
    student: str = ""
    finished: bool = True


def past_result(bank: Bank, detail: Any) -> QuizResult:
    """A stored attempt (``store.attempt(id)``) as a result: every question it asked, in
    quiz order, with the answer given (or none) and its marks. A question no longer in the
    bank is left out."""
    by_id = {r.question_id: r for r in detail.responses}
    order = list(by_id)
    try:  # the quiz rebuilt from its spec and seed gives every question, answered or not
        if detail.summary.mode == "cards":  # a card review asked no quiz's questions
            raise ValueError(detail.summary.mode)
        spec = QuizSpec.from_dict({**detail.spec, "seed": detail.summary.seed})
        asked = build_session(bank, spec, clock=time.time, deadline=0.0).question_ids
        order = list(dict.fromkeys([*asked, *order]))
    except (EmptyQuizError, ValueError, TypeError, KeyError):
        pass
    items = []
    for qid in order:
        question = bank.get(qid)
        if question is None:
            continue
        row = by_id.get(qid)
        scored = not self_rated(question)
        response = None
        if row is not None and row.response is not None:
            try:
                response = decode_response(question, row.response)
            except (TypeError, ValueError):
                response = None
        items.append(QuestionResult(
            question=question,
            response=response,
            correct_answer=correct_response(question),
            score=row.score if row is not None else 0.0,
            max_score=(row.max_score if row is not None else question.points) if scored else 0,
            correct=bool(row.correct) if row is not None else False,
            elapsed=float(row.elapsed_s or 0.0) if row is not None else 0.0,
            answered=row is not None and row.response is not None,
            scored=scored,
        ))
    score = sum(i.score for i in items)
    max_score = sum(i.max_score for i in items)
    elapsed = sum(i.elapsed for i in items)
    summary = detail.summary
    if summary.mode == Mode.EXAM.value and summary.finished_at is not None:
        # an exam's clock runs while it is left: its time is from start to end
        elapsed = max(elapsed, (summary.finished_at - summary.started_at).total_seconds())
    return QuizResult(items=tuple(items), score=score, max_score=max_score,
                      percent=100.0 * score / max_score if max_score else 0.0,
                      elapsed=elapsed)
