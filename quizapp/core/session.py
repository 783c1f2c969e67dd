"""Quiz sessions: the one set of rules every front end runs a quiz through.

Typical use::

    session = build_session(bank, QuizSpec(sets=("04-chess",), count=10, seed=7))
    while (shown := session.current()) is not None:
        outcome = session.answer(response_from_the_student(shown))
        if outcome.feedback:
            show(outcome.grade, correct_response(outcome.question), outcome.question.explain)
    result = session.finish()

Modes:

- ``practice``: feedback (``Outcome.feedback``) after each answer.
- ``exam``: no feedback until :meth:`QuizSession.finish`; an optional time limit. The
  limit is a deadline on the wall clock (:attr:`QuizSession.deadline`), fixed when the
  exam starts and stored with the attempt: leaving and resuming does not stop it. After
  it :meth:`~QuizSession.answer` refuses; :meth:`~QuizSession.answer_at_deadline` grades
  what was on screen but not yet submitted, and unanswered questions score 0. Self-rated
  ``card`` questions are never part of an exam.
- ``review``: like practice, on the questions given by ``QuizSpec.ids`` (the ones the
  student got wrong most recently, found by storage).

Flashcards are not a quiz mode: they are scheduled by :mod:`quizapp.core.scheduling`.

A score never includes a student's own rating: a self-rated answer (a ``card`` question)
is recorded with ``max_score`` 0 and adds nothing to the score or its maximum
(:func:`self_rated`).

Time is read from the injected ``clock``: seconds since the epoch (``time.time`` by
default), since an exam's deadline must mean the same moment after the app is closed and
started again. Tests pass a clock they move by hand.
"""

from __future__ import annotations

import math
import random
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from quizapp.core.grading import Grade, correct_response, grade, is_blank_response
from quizapp.core.messages import msg
from quizapp.core.model import AnyQuestion, Bank, CardQuestion
from quizapp.core.records import frozen
from quizapp.core.selection import EmptyQuizError, Presented, present, select_questions

__all__ = [
    "Mode",
    "QuizSpec",
    "build_session",
    "EmptyQuizError",
    "QuizStateError",
    "TimeUpError",
    "QuizFinishedError",
    "Presented",
    "Grade",
    "Outcome",
    "QuizSession",
    "QuestionResult",
    "QuizResult",
    "self_rated",
]

Clock = Callable[[], float]


class Mode(StrEnum):
    PRACTICE = "practice"
    EXAM = "exam"
    REVIEW = "review"


class QuizStateError(RuntimeError):
    """An action the quiz's state does not allow (answering a finished quiz, ...)."""


class QuizFinishedError(QuizStateError):
    """The quiz is finished, or has no question left to answer."""


class TimeUpError(QuizStateError):
    """The exam's time limit has passed; call :meth:`QuizSession.finish`."""


@frozen
class QuizSpec:
    """What to quiz on: filters, size, mode and seed. JSON-able via :meth:`to_dict`.

    ``sets`` (key, title or file name), ``tags``, ``types`` and ``levels`` are any-of
    filters (empty = all). ``ids`` picks questions explicitly (review mode: the ids storage found), in that
    order; with ``count`` the first ``count`` of them are kept, then shuffled. Without ids,
    the questions are shuffled first and ``count`` keeps a random subset. ``seed=None``
    draws a fresh seed, kept in ``QuizSession.seed`` so the quiz can be rebuilt.
    ``time_limit`` (seconds) applies in exam mode only: the session turns it into a
    deadline when it is built.
    """

    sets: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    count: int | None = None
    mode: Mode = Mode.PRACTICE
    seed: int | None = None
    time_limit: float | None = None
    levels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("sets", "tags", "types", "ids", "levels"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, name, tuple(value))
        object.__setattr__(self, "mode", Mode(self.mode))
        if self.count is not None and self.count < 1:
            raise ValueError(f"count must be at least 1, not {self.count}")
        if self.time_limit is not None and self.time_limit <= 0:
            raise ValueError(f"time_limit must be positive, not {self.time_limit}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-able data; :meth:`from_dict` rebuilds an equal spec."""
        return {
            "sets": list(self.sets),
            "tags": list(self.tags),
            "types": list(self.types),
            "ids": list(self.ids),
            "count": self.count,
            "mode": self.mode.value,
            "seed": self.seed,
            "time_limit": self.time_limit,
            "levels": list(self.levels),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuizSpec:
        """The spec stored by :meth:`to_dict` (missing keys take their defaults)."""
        kwargs = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        for name in ("sets", "tags", "types", "ids", "levels"):
            if name in kwargs:
                kwargs[name] = tuple(kwargs[name] or ())
        return cls(**kwargs)


@frozen
class Outcome:
    """One answered question, returned by :meth:`QuizSession.answer`.

    ``feedback`` tells the UI whether to show right/wrong, the correct answer, ``explain``
    and ``quote`` now (practice, review) or only at the end (exam).
    ``scored``: ``False`` for a self-rated answer (its grade's ``max_score`` is 0).
    """

    question: AnyQuestion
    response: object
    grade: Grade
    elapsed: float
    feedback: bool
    scored: bool = True


@frozen
class QuestionResult:
    """One question of a finished quiz, answered or not (``answered=False`` scores 0).
    ``scored=False``: a self-rated question, shown but left out of the score."""

    question: AnyQuestion
    response: object
    correct_answer: object
    score: float
    max_score: int
    correct: bool
    elapsed: float
    answered: bool
    scored: bool = True


@frozen
class QuizResult:
    """A finished quiz: one item per question in quiz order, totals and time taken."""

    items: tuple[QuestionResult, ...]
    score: float
    max_score: int
    percent: float
    elapsed: float

    @property
    def correct_count(self) -> int:
        return sum(item.correct for item in self.items if item.scored)

    @property
    def unscored(self) -> int:
        """How many self-rated questions the quiz showed without scoring them."""
        return sum(not item.scored for item in self.items)


@dataclass
class _Slot:
    shown: Presented
    spent: float = 0.0  # time on this question before the current stint (skips)
    outcome: Outcome | None = None


@dataclass(eq=False)
class QuizSession:
    """A quiz being taken. Build one with :func:`build_session`.

    The public surface: :meth:`current`, :meth:`answer`, :meth:`skip`, :meth:`finish`,
    :meth:`time_left`, :meth:`replay`, and :attr:`finished`, :attr:`answered`,
    :attr:`outcomes`, :attr:`question_ids`.
    """

    spec: QuizSpec
    seed: int
    _slots: list[_Slot]
    _clock: Clock
    missing_ids: tuple[str, ...] = ()
    """Requested ids (``QuizSpec.ids``) not found in the bank, e.g. deleted questions."""
    deadline: float | None = None
    """When an exam with a time limit ends, on the session's clock (``None``: no limit)."""

    _queue: list[int] = field(init=False)
    _order: list[int] = field(init=False, default_factory=list)
    _started: float = field(init=False)
    _stint_start: float = field(init=False)
    _credited: float = field(init=False, default=0.0)
    _result: QuizResult | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self._queue = list(range(len(self._slots)))
        self._started = self._stint_start = self._clock()

    # -- reading the state ---------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return self.spec.mode

    @property
    def total(self) -> int:
        """The number of questions in the quiz."""
        return len(self._slots)

    @property
    def question_ids(self) -> tuple[str, ...]:
        """The quiz's question ids, in quiz order."""
        return tuple(s.shown.question.id for s in self._slots)

    @property
    def finished(self) -> bool:
        return self._result is not None

    @property
    def answered(self) -> int:
        return len(self._order)

    @property
    def outcomes(self) -> list[Outcome]:
        """The outcomes so far, in the order the questions were answered."""
        return [self._slots[i].outcome for i in self._order]  # type: ignore[misc]

    @property
    def max_score(self) -> int:
        """The most the quiz can score: the points of every question that is scored."""
        return sum(s.shown.question.points for s in self._slots
                   if not self_rated(s.shown.question))

    def time_left(self) -> float | None:
        """Seconds left before an exam's deadline (may be <= 0); otherwise ``None``."""
        if self.mode is not Mode.EXAM or self.deadline is None:
            return None
        return self.deadline - self._clock()

    def current(self) -> Presented | None:
        """The question to show now; ``None`` when the quiz is finished, every question is
        answered, or the exam's time is up (then call :meth:`finish`)."""
        if self.finished or not self._queue or self._time_up():
            return None
        return self._slots[self._queue[0]].shown

    # -- acting --------------------------------------------------------------------------

    def answer(self, response: object, *, elapsed: float | None = None) -> Outcome:
        """Answer the current question and move to the next.

        ``response`` is shaped as described in :mod:`quizapp.core.grading`. ``elapsed`` overrides the measured time spent
        on the question. Raises :class:`QuizFinishedError` when there is no current
        question, :class:`TimeUpError` after an exam's time limit, ``TypeError`` for a
        response of the wrong shape.
        """
        if self.finished or not self._queue:
            raise QuizFinishedError("the quiz has no question left to answer")
        if self._time_up():
            raise TimeUpError("the time limit has passed")
        index = self._queue[0]
        slot = self._slots[index]
        now = self._clock()
        measured = slot.spent + (now - self._stint_start)
        outcome = self._record(index, response, measured if elapsed is None else elapsed)
        self._queue.pop(0)
        self._stint_start = now
        return outcome

    def answer_at_deadline(self, response: object) -> Outcome | None:
        """At an exam's deadline, grade and record ``response`` (what the student had
        selected or typed, not yet submitted) as the current question's answer.

        Returns ``None`` and records nothing for no answer (``None``, empty text). Raises
        :class:`QuizFinishedError` when there is no question waiting for an answer.
        """
        if self.finished or not self._queue:
            raise QuizFinishedError("the quiz has no question left to answer")
        if is_blank_response(response):
            return None
        index = self._queue[0]
        now = self._clock()
        measured = self._slots[index].spent + (now - self._stint_start)
        outcome = self._record(index, response, measured)
        self._queue.pop(0)
        self._stint_start = now
        return outcome

    def skip(self) -> None:
        """Move the current question to the end of the quiz, to answer later.

        A question still unanswered at :meth:`finish` scores 0. Does nothing when there is
        no current question.
        """
        if self.current() is None:
            return
        now = self._clock()
        index = self._queue.pop(0)
        self._slots[index].spent += now - self._stint_start
        self._queue.append(index)
        self._stint_start = now

    def replay(self, question_id: str, response: object, elapsed: float) -> Outcome:
        """Re-apply a stored answer when resuming a quiz rebuilt from its spec and seed.

        The question must be in the quiz and not yet answered (else ``KeyError`` /
        :class:`QuizStateError`). Ignores the time limit (the answer was given in time),
        but ``elapsed`` counts against it from now on.
        """
        if self.finished:
            raise QuizFinishedError("the quiz is finished")
        for index in self._queue:
            if self._slots[index].shown.question.id == question_id:
                break
        else:
            if question_id in self.question_ids:
                raise QuizStateError(f"question {question_id!r} is already answered")
            raise KeyError(question_id)
        outcome = self._record(index, response, elapsed)
        was_current = self._queue[0] == index
        self._queue.remove(index)
        self._credited += elapsed
        if was_current:
            self._stint_start = self._clock()
        return outcome

    def continue_after(self, question_id: str) -> None:
        """Make the question after ``question_id`` (in quiz order) the current one, the
        unanswered questions before it (skipped ones) coming after the rest, as skipping
        left them: a resumed quiz opens where the student left it, not on a question
        skipped earlier. Does nothing for a question not in the quiz."""
        ids = self.question_ids
        if question_id not in ids or not self._queue:
            return
        last = ids.index(question_id)
        self._queue.sort(key=lambda index: (index < last, index))
        self._stint_start = self._clock()

    def finish(self) -> QuizResult:
        """End the quiz and return its result (the same result on every later call).

        Unanswered questions count as wrong (score 0), with the time spent on them.
        """
        if self._result is not None:
            return self._result
        now = self._clock()
        if self._queue:
            self._slots[self._queue[0]].spent += now - self._stint_start
        items = tuple(self._item(slot) for slot in self._slots)
        total_elapsed = self._used(now)
        left = self.time_left()
        if left is not None and self.spec.time_limit is not None:
            # an exam that ran to its deadline took its whole time, away or not
            total_elapsed = (self.spec.time_limit if left <= 0
                             else min(total_elapsed, self.spec.time_limit))
        score = math.fsum(item.score for item in items)
        max_score = sum(item.max_score for item in items)
        self._result = QuizResult(
            items=items,
            score=score,
            max_score=max_score,
            percent=100.0 * score / max_score if max_score else 0.0,
            elapsed=total_elapsed,
        )
        self._queue.clear()
        return self._result

    # -- internals -----------------------------------------------------------------------

    def _used(self, now: float | None = None) -> float:
        return (self._clock() if now is None else now) - self._started + self._credited

    def _time_up(self) -> bool:
        left = self.time_left()
        return left is not None and left <= 0

    def _record(self, index: int, response: object, elapsed: float) -> Outcome:
        slot = self._slots[index]
        question = slot.shown.question
        scored = not self_rated(question)
        result = grade(question, response)
        if not scored:  # the student's own rating: kept (right/wrong), never scored
            result = Grade(0.0, 0, result.correct)
        slot.outcome = Outcome(
            question=question,
            response=response,
            grade=result,
            elapsed=max(0.0, float(elapsed)),
            feedback=self.mode is not Mode.EXAM,
            scored=scored,
        )
        self._order.append(index)
        return slot.outcome

    def _item(self, slot: _Slot) -> QuestionResult:
        q = slot.shown.question
        o = slot.outcome
        scored = not self_rated(q)
        return QuestionResult(
            question=q,
            response=o.response if o else None,
            correct_answer=correct_response(q),
            score=o.grade.score if o else 0.0,
            max_score=q.points if scored else 0,
            correct=o.grade.correct if o else False,
            elapsed=o.elapsed if o else slot.spent,
            answered=o is not None,
            scored=scored,
        )


def self_rated(question: AnyQuestion) -> bool:
    """True when the answer is the student's own rating (a ``card`` question): shown and
    recorded, never part of a score."""
    return isinstance(question, CardQuestion)


def build_session(bank: Bank, spec: QuizSpec, *, clock: Clock = time.time,
                  deadline: float | None = None) -> QuizSession:
    """Build a quiz from ``bank`` as ``spec`` asks.

    The questions are filtered, shuffled and cut to ``spec.count``; choice/multi options
    (unless ``shuffle: false``), match right-hand items and order items are shuffled. The
    same seed always gives the same quiz. An exam leaves out self-rated ``card``
    questions. Raises :class:`EmptyQuizError` (a ``ValueError``) with a clear message
    when nothing matches, and in review mode without ids.

    An exam with a time limit ends at ``deadline`` (on ``clock``; default: now plus the
    limit), as does an exam given a ``deadline`` without one. A resumed exam passes the
    deadline stored with its attempt.
    """
    if spec.mode is Mode.REVIEW and not spec.ids:
        raise EmptyQuizError(msg("quiz_empty.no_mistakes"))
    seed = spec.seed if spec.seed is not None else secrets.randbelow(2**31)
    rng = random.Random(seed)
    questions, missing = select_questions(
        bank, sets=spec.sets, tags=spec.tags, types=spec.types, ids=spec.ids, levels=spec.levels
    )
    if spec.mode is Mode.EXAM:
        questions = [q for q in questions if not isinstance(q, CardQuestion)]
        if not questions:
            raise EmptyQuizError(msg("quiz_empty.only_cards"))
    if spec.ids and spec.count is not None:
        questions = questions[: spec.count]
    rng.shuffle(questions)
    if spec.count is not None:
        questions = questions[: spec.count]
    total = len(questions)
    slots = [_Slot(present(q, i, total, rng)) for i, q in enumerate(questions)]
    if spec.mode is Mode.EXAM and (spec.time_limit is not None or deadline is not None):
        # (an exam without a time limit may still end at a given deadline: an assignment's
        # due time)
        if deadline is None:
            assert spec.time_limit is not None
            deadline = clock() + spec.time_limit
        deadline = float(deadline)
    else:
        deadline = None
    return QuizSession(spec=spec, seed=seed, _slots=slots, _clock=clock, missing_ids=missing,
                       deadline=deadline)
