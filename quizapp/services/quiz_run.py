"""A quiz being taken in the app: the engine's session plus the recording of each answer.

:class:`QuizRun` is the only place the screens change a quiz: every answer goes through
the engine (:meth:`QuizSession.answer`) and, at once, to the :class:`Recorder`, which
commits it on its own thread. Nothing here imports Textual.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from quizapp.core.grading import decode_response, encode_response
from quizapp.core.model import AnyQuestion, Bank
from quizapp.core.session import (
    EmptyQuizError,
    Mode,
    Outcome,
    QuizResult,
    QuizSession,
    QuizSpec,
    QuizStateError,
    build_session,
)
from quizapp.services.recorder import AttemptRef, Recorder

if TYPE_CHECKING:
    from quizapp.services.ports import AttemptPort, Repositories, StudentRef


@dataclass
class QuizRun:
    session: QuizSession
    bank: Bank
    recorder: Recorder
    student: StudentRef
    attempt: AttemptRef
    title: str = ""
    result: QuizResult | None = None
    clock: Callable[[], float] = time.time
    #: Seconds already spent before a resumed quiz was rebuilt (its answers' times).
    resumed_time: float = 0.0
    #: An assignment whose answers are shown only after its due time: no feedback after a
    #: question, no right answers in the results.
    hide_answers: bool = False
    #: Homework on the school database's shared student login: the student's key. Answers
    #: then go, raw, through the key functions (``store.keys``), which the teacher's side
    #: marks; the feedback on screen is graded here, as always.
    homework_key: str | None = None

    # -- starting ----------------------------------------------------------------------

    @classmethod
    def start(cls, session: QuizSession, bank: Bank, recorder: Recorder, student: StudentRef,
              title: str = "", *, clock: Callable[[], float] = time.time) -> QuizRun:
        """Begin recording a new attempt for ``session`` (queued until the store is open).

        The attempt's stored spec carries the exam's ``deadline`` (seconds since the epoch),
        so a resumed exam ends when this one would have."""
        spec = replace(session.spec, seed=session.seed)
        stored = spec.to_dict()
        if session.deadline is not None:
            stored["deadline"] = session.deadline
        ref = recorder.start_attempt(
            student,
            session.mode.value,
            set_keys(bank, session.spec),
            stored,
            session.seed,
            session.max_score,
        )
        return cls(session, bank, recorder, student, ref, title or quiz_title(bank, spec),
                   clock=clock)

    @classmethod
    def resume(cls, bank: Bank, recorder: Recorder, student: StudentRef, attempt_id: int,
               spec: dict[str, Any], seed: int | str, responses: Iterable[dict[str, Any]], *,
               clock: Callable[[], float] | None = None,
               title: str = "", started_at: float | None = None) -> QuizRun:
        """Rebuild an unfinished attempt from its spec and seed and replay its answers.

        ``responses`` are dicts with ``question_id``, ``response`` (JSON-decoded) and
        ``elapsed_s``. Answers to questions no longer in the quiz are skipped. An exam
        keeps the deadline stored with the attempt (one stored without it ends its time
        limit after ``started_at``): time spent away counts, and past the deadline the
        quiz has nothing left to answer.
        """
        quiz_spec = replace(QuizSpec.from_dict(spec), seed=int(seed))
        clock = clock or time.time
        deadline = spec.get("deadline")
        if deadline is None and started_at is not None and quiz_spec.time_limit is not None:
            deadline = started_at + quiz_spec.time_limit
        session = build_session(bank, quiz_spec, clock=clock,
                                deadline=None if deadline is None else float(deadline))
        spent = 0.0
        last: str | None = None
        for row in responses:
            question = bank.get(row["question_id"])
            if question is None or question.id not in session.question_ids:
                continue
            data = decode_response(question, row["response"])
            elapsed = float(row.get("elapsed_s") or 0.0)
            try:
                session.replay(question.id, data, elapsed)
            except (QuizStateError, KeyError, TypeError):
                continue  # answered twice, or stored in a shape this version cannot read
            spent += elapsed
            last = question.id
        if last is not None:
            session.continue_after(last)  # where the student left, not a skipped question
        ref = AttemptRef(id=attempt_id)
        return cls(session, bank, recorder, student, ref, title or quiz_title(bank, quiz_spec),
                   clock=clock, resumed_time=spent)

    # -- answering ---------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        return self.session.mode

    def answer(self, response: object) -> Outcome:
        """Grade ``response`` to the current question and record it (may raise the engine's
        ``TimeUpError``)."""
        outcome = self.session.answer(response)
        self._record(outcome.question, outcome.response, outcome.grade.score,
                     outcome.grade.max_score, outcome.grade.correct, outcome.elapsed)
        return outcome

    def finish(self, pending: object = None) -> QuizResult:
        """End the quiz and record its total; unanswered questions are stored as no answer.

        ``pending``: at an exam's deadline, what the student had selected or typed for the
        current question but not submitted; it is graded and recorded as the answer."""
        if self.result is not None:
            return self.result
        if pending is not None and self.session.current() is None and not self.session.finished:
            try:
                outcome = self.session.answer_at_deadline(pending)
            except QuizStateError:
                outcome = None
            if outcome is not None:
                self._record(outcome.question, outcome.response, outcome.grade.score,
                             outcome.grade.max_score, outcome.grade.correct, outcome.elapsed)
        self.result = self.session.finish()
        if self.homework_key is not None:
            key, ref = self.homework_key, self.attempt

            def hand_in(store: Repositories) -> None:
                store.keys.finish(key, _attempt_id(ref))

            self.recorder.write(hand_in, "finish attempt")
            return self.result
        unanswered = tuple(
            (item.question.id, item.question.content_hash(), item.max_score)
            for item in self.result.items
            if not item.answered
        )
        self.recorder.finish(self.attempt, self.result.score, self.result.max_score, unanswered)
        return self.result

    def _record(self, question: AnyQuestion, response: object, score: float, max_score: int,
                correct: bool, elapsed: float) -> None:
        if self.homework_key is not None:  # the raw answer only: the teacher's side marks it
            key, ref, raw = self.homework_key, self.attempt, encode_response(question, response)

            def send(store: Repositories) -> None:
                store.keys.answer(key, _attempt_id(ref), question.id, raw, elapsed)

            self.recorder.write(send, f"answer {question.id}")
            return
        self.recorder.record(
            self.attempt,
            question.id,
            question.content_hash(),
            encode_response(question, response),
            score,
            max_score,
            correct,
            elapsed,
        )
        if self.student:  # a quiz answer is a flashcard review too (right: Good, wrong: Again)
            bank, student, attempt = self.bank, self.student, self.attempt

            def review(store: Repositories) -> None:
                # imported here, on the recorder's thread: the scheduler is not needed to start
                from quizapp.services.flashcards import quiz_review

                quiz_review(bank, student, question.id, correct, attempt)(store.cards)

            self.recorder.write(review, f"card {question.id}")


def _attempt_id(ref: AttemptRef) -> int:
    if ref.id is None:
        raise RuntimeError("the attempt was not created in the database")
    return ref.id


#: Modes this version no longer runs: the self-graded "flashcards" quiz (flashcards are
#: scheduled by FSRS on their own screen now). Unfinished attempts in them are closed.
RETIRED_MODES = frozenset({"flashcards"})


def resumable_attempts(store: AttemptPort, student: StudentRef, bank: Bank | None = None,
                       now: float | None = None) -> list[Any]:
    """The student's unfinished attempts, newest first, that this version can resume.

    An unfinished attempt of a retired mode is closed first, with the score of the answers
    it has, so that it shows in the history as finished instead of failing to resume. So
    is an exam whose time ran out while it was left (with ``bank``): it ends at its
    deadline, as it would have on screen, its unanswered questions scoring nothing.
    """
    found = store.unfinished_attempts(student)
    closed = set()
    for summary in found:
        if summary.mode in RETIRED_MODES:
            detail = store.attempt(summary.id)
            score = sum(r.score for r in detail.responses) if detail is not None else 0.0
            store.finish_attempt(summary.id, score, summary.max_score)
            closed.add(summary.id)
        elif bank is not None and summary.mode == Mode.EXAM.value:
            if close_expired_exam(store, bank, summary.id, time.time() if now is None else now):
                closed.add(summary.id)
    return [s for s in found if s.id not in closed]


def close_expired_exam(store: AttemptPort, bank: Bank, attempt_id: int, now: float) -> bool:
    """Finish an unfinished exam whose deadline has passed (at its deadline, with the
    answers it has); ``False`` when it still has time, or has none, or cannot be read."""
    from datetime import UTC, datetime

    detail = store.attempt(attempt_id)
    if detail is None or detail.spec.get("deadline") is None:
        return False
    try:
        deadline = float(detail.spec["deadline"])
        if deadline > now:
            return False
        quiz_spec = replace(QuizSpec.from_dict(detail.spec), seed=int(detail.summary.seed))
        session = build_session(bank, quiz_spec, clock=lambda: deadline, deadline=deadline)
    except (EmptyQuizError, ValueError, TypeError, KeyError):
        return False
    answered = {r.question_id: r for r in detail.responses}
    score = sum(r.score for r in answered.values())
    unanswered = tuple((qid, q.content_hash(), q.points) for qid in session.question_ids
                       if qid not in answered and (q := bank.get(qid)) is not None)
    store.finish_attempt(attempt_id, score, detail.summary.max_score, unanswered=unanswered,
                         at=datetime.fromtimestamp(deadline, UTC))
    return True


def set_keys(bank: Bank, spec: QuizSpec) -> tuple[str, ...]:
    """The keys of the sets a spec names, sorted (``()`` = every set)."""
    keys = set()
    for name in spec.sets:
        found = bank.find_set(name)
        if found is not None:
            keys.add(found.key)
    return tuple(sorted(keys))


def quiz_title(bank: Bank, spec: QuizSpec) -> str:
    """A short label for the quiz: the set's title when there is exactly one."""
    keys = set_keys(bank, spec)
    if len(keys) == 1:
        found = bank.find_set(next(iter(keys)))
        return found.title if found is not None else ""
    return ""


def stored_responses(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """The store's response records as dicts for :meth:`QuizRun.resume`."""
    return [
        {"question_id": r.question_id, "response": r.response, "elapsed_s": r.elapsed_s}
        for r in rows
    ]
