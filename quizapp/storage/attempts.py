"""Quiz attempts and their answers: the ``attempt`` and ``response`` tables.

Every write is one short transaction, committed before the method returns: an answer
recorded is an answer kept, even if the process is killed the next instant.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from quizapp.core import utc
from quizapp.core.messages import msg
from quizapp.storage.engine import StorageError, db_now, write_tx
from quizapp.storage.students import StudentKey, StudentStore, guard, student_t
from quizapp.storage.tables import Attempt, Response

attempt_t = Attempt.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
response_t = Response.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped


def set_label(set_keys: Iterable[str]) -> str:
    """The label an attempt's sets are stored and grouped under: sorted keys, comma-joined
    (``""`` means every set)."""
    return ",".join(sorted({k for k in set_keys if k}))


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    """One attempt as reports and the resume prompt show it."""

    id: int
    student: str
    mode: str
    set_keys: tuple[str, ...]
    seed: int | None
    started_at: datetime
    finished_at: datetime | None
    score: float
    max_score: int
    answered: int
    #: Answers that earned full marks (self-rated ones, never scored, are not counted).
    correct: int = 0
    #: The assignment the attempt was for (``None``: any other attempt).
    assignment_id: int | None = None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def percent(self) -> float | None:
        """Score as a percentage of the maximum (``None`` when the maximum is 0)."""
        return 100.0 * self.score / self.max_score if self.max_score else None


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    """One stored answer; ``response`` is the decoded JSON (``None``: no answer)."""

    question_id: str
    content_hash: str
    response: Any
    score: float
    max_score: int
    correct: bool
    elapsed_s: float | None
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class AttemptDetail:
    """An attempt with what is needed to resume it: the spec, the seed and the answers so far
    (in the order they were given)."""

    summary: AttemptSummary
    spec: dict
    responses: tuple[ResponseRecord, ...]

    @property
    def id(self) -> int:
        return self.summary.id


def _summary_select():
    """Attempts with their student's name and the numbers of questions answered and
    answered right."""
    answered = (
        select(func.count())
        .where(response_t.c.attempt_id == attempt_t.c.id, response_t.c.response.is_not(None))
        .scalar_subquery()
    )
    correct = (
        select(func.count())
        .where(response_t.c.attempt_id == attempt_t.c.id, response_t.c.correct.is_(True),
               response_t.c.max_score > 0)
        .scalar_subquery()
    )
    return select(
        attempt_t.c.id,
        student_t.c.name.label("student"),
        attempt_t.c.mode,
        attempt_t.c.sets,
        attempt_t.c.seed,
        attempt_t.c.started_at,
        attempt_t.c.finished_at,
        attempt_t.c.score,
        attempt_t.c.max_score,
        answered.label("answered"),
        correct.label("correct"),
        attempt_t.c.assignment_id,
    ).join(student_t, student_t.c.id == attempt_t.c.student_id)


# Statements built once (SQLAlchemy then reuses their compiled form on every call).
_HISTORY = (
    _summary_select()
    .where(attempt_t.c.student_id == bindparam("sid"))
    .order_by(attempt_t.c.started_at, attempt_t.c.id)
)


def _attempt_summary(row: Any) -> AttemptSummary:
    m = row._mapping
    return AttemptSummary(
        id=m["id"],
        student=m["student"],
        mode=m["mode"],
        set_keys=tuple(k for k in m["sets"].split(",") if k),
        seed=int(m["seed"]) if m["seed"] not in (None, "") else None,
        started_at=m["started_at"],
        finished_at=m["finished_at"],
        score=float(m["score"]),
        max_score=int(m["max_score"]),
        answered=int(m["answered"]),
        correct=int(m["correct"]),
        assignment_id=m.get("assignment_id"),
    )


class AttemptStore(StudentStore):
    """Attempts and responses (see :class:`quizapp.storage.Store`)."""

    @guard
    def start_attempt(
        self,
        student: StudentKey,
        mode: str,
        set_keys: Iterable[str],
        spec: dict,
        seed: int | None,
        max_score: int,
        *,
        at: datetime | None = None,
    ) -> int:
        """Record the start of a quiz; returns the attempt id.

        ``spec`` is ``QuizSpec.to_dict()`` and ``seed`` the session's seed: with them the
        quiz can be rebuilt exactly (see :meth:`attempt`).
        """
        sid = self._student_id(student, create=True)
        values = {
            "student_id": sid,
            "mode": str(mode),
            "sets": set_label(set_keys),
            "spec": json.dumps(spec, ensure_ascii=False, sort_keys=True),
            "seed": "" if seed is None else str(int(seed)),
            "started_at": utc.aware(at or utc.now()),
            "finished_at": None,
            "score": 0.0,
            "max_score": int(max_score),
        }
        with write_tx(self.engine) as conn:
            result = conn.execute(attempt_t.insert().returning(attempt_t.c.id), values)
            return int(result.scalar_one())

    @guard
    def record_response(
        self,
        attempt_id: int,
        question_id: str,
        content_hash: str,
        response_json: Any,
        score: float,
        max_score: int,
        correct: bool,
        elapsed_s: float | None,
        *,
        at: datetime | None = None,
    ) -> None:
        """Store one answer and commit it before returning.

        ``response_json`` is JSON-able data (the engine's ``encode_response`` output;
        ``None`` = no answer). A second answer to the same question in the same attempt,
        or an unknown attempt, raises :class:`StorageError`.
        """
        values = {
            "attempt_id": attempt_id,
            "question_id": question_id,
            "content_hash": content_hash,
            "response": None
            if response_json is None
            else json.dumps(response_json, ensure_ascii=False),
            "score": float(score),
            "max_score": int(max_score),
            "correct": bool(correct),
            "elapsed_s": None if elapsed_s is None else float(elapsed_s),
            "answered_at": utc.aware(at or utc.now()),
        }
        try:
            with write_tx(self.engine) as conn:
                conn.execute(response_t.insert(), values)
        except IntegrityError as exc:
            raise StorageError(msg("storage.record", question=question_id,
                                   attempt=attempt_id)) from exc

    @guard
    def finish_attempt(
        self,
        attempt_id: int,
        score: float,
        max_score: int,
        *,
        unanswered: Iterable[tuple[str, str, int]] = (),
        at: datetime | None = None,
    ) -> None:
        """Mark an attempt finished with its final score (idempotent: a finished attempt
        keeps its first finish time and score).

        ``unanswered`` lists ``(question_id, content_hash, max_score)`` for questions the
        quiz asked but got no answer to; they are stored as zero-score responses (with no
        answer) so item statistics count them, as a finished quiz does.
        """
        with write_tx(self.engine) as conn:
            # the database's clock unless told (an assignment's lateness is decided by it)
            when = utc.aware(at) if at is not None else db_now(conn)
            result = conn.execute(
                update(attempt_t)
                .where(attempt_t.c.id == attempt_id, attempt_t.c.finished_at.is_(None))
                .values(finished_at=when, score=float(score), max_score=int(max_score))
            )
            if result.rowcount == 0:
                exists = conn.execute(
                    select(attempt_t.c.id).where(attempt_t.c.id == attempt_id)
                ).first()
                if exists is None:
                    raise StorageError(msg("storage.no_attempt", attempt=attempt_id))
                return
            missing = list(unanswered)
            if missing:
                have = set(
                    conn.execute(
                        select(response_t.c.question_id).where(
                            response_t.c.attempt_id == attempt_id
                        )
                    ).scalars()
                )
                rows = [
                    {"attempt_id": attempt_id, "question_id": qid, "content_hash": h,
                     "response": None, "score": 0.0, "max_score": int(m), "correct": False,
                     "elapsed_s": None, "answered_at": when}
                    for qid, h, m in missing
                    if qid not in have
                ]
                if rows:
                    conn.execute(response_t.insert(), rows)

    @guard
    def unfinished_attempts(self, student: StudentKey) -> list[AttemptSummary]:
        """The student's unfinished attempts, newest first (to offer resuming them)."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return []
        query = (
            _summary_select()
            .where(attempt_t.c.student_id == sid, attempt_t.c.finished_at.is_(None))
            .order_by(attempt_t.c.started_at.desc(), attempt_t.c.id.desc())
        )
        with self.engine.connect() as conn:
            return [_attempt_summary(r) for r in conn.execute(query)]

    @guard
    def history(self, student: StudentKey) -> list[AttemptSummary]:
        """Every attempt of the student, oldest first (``percent`` on each)."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return []
        with self.engine.connect() as conn:
            return self.history_in(conn, sid)

    def history_in(self, conn, student_id: int) -> list[AttemptSummary]:
        """:meth:`history` on an open connection (reports run several queries on one)."""
        return [_attempt_summary(r) for r in conn.execute(_HISTORY, {"sid": student_id})]

    @guard
    def attempt(self, attempt_id: int) -> AttemptDetail | None:
        """An attempt with its spec, seed and responses (in answer order), or ``None``.

        To resume: ``QuizSpec.from_dict(detail.spec)`` with ``seed=detail.summary.seed``,
        ``build_session``, then ``session.replay(r.question_id, decode_response(q, r.response),
        r.elapsed_s)`` for each response.
        """
        with self.engine.connect() as conn:
            row = conn.execute(
                _summary_select()
                .add_columns(attempt_t.c.spec)
                .where(attempt_t.c.id == attempt_id)
            ).first()
            if row is None:
                return None
            rows = conn.execute(
                select(response_t)
                .where(response_t.c.attempt_id == attempt_id)
                .order_by(response_t.c.answered_at, response_t.c.id)
            ).all()
        responses = tuple(
            ResponseRecord(
                question_id=r.question_id,
                content_hash=r.content_hash,
                response=None if r.response is None else json.loads(r.response),
                score=float(r.score),
                max_score=int(r.max_score),
                correct=bool(r.correct),
                elapsed_s=r.elapsed_s,
                answered_at=r.answered_at,
            )
            for r in rows
        )
        return AttemptDetail(_attempt_summary(row), json.loads(row.spec), responses)

    @guard
    def recent_wrong_ids(self, student: StudentKey, limit: int = 50) -> list[str]:
        """Question ids the student last answered wrong (and not right since), most recent
        first: the questions review mode asks again."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return []
        ranked = (
            select(
                response_t.c.question_id,
                response_t.c.correct,
                response_t.c.answered_at,
                func.row_number()
                .over(
                    partition_by=response_t.c.question_id,
                    order_by=(response_t.c.answered_at.desc(), response_t.c.id.desc()),
                )
                .label("rn"),
            )
            .join(attempt_t, attempt_t.c.id == response_t.c.attempt_id)
            .where(attempt_t.c.student_id == sid)
            .subquery()
        )
        query = (
            select(ranked.c.question_id)
            .where(ranked.c.rn == 1, ranked.c.correct.is_(False))
            .order_by(ranked.c.answered_at.desc(), ranked.c.question_id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    @guard
    def scored_responses(self, student: StudentKey) -> list[tuple[int, str, float, int]]:
        """``(attempt id, question id, score, max score)`` for every scored answer in the
        student's finished attempts (self-rated answers, stored with max score 0, are
        left out): what a per-set score is computed from, whatever quiz it came from."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return []
        query = (
            select(response_t.c.attempt_id, response_t.c.question_id, response_t.c.score,
                   response_t.c.max_score)
            .join(attempt_t, attempt_t.c.id == response_t.c.attempt_id)
            .where(attempt_t.c.student_id == sid, attempt_t.c.finished_at.is_not(None),
                   attempt_t.c.mode != "flashcards", response_t.c.max_score > 0)
        )
        with self.engine.connect() as conn:
            return [(int(a), str(q), float(sc), int(m)) for a, q, sc, m in conn.execute(query)]

    @guard
    def best_by_set(self, student: StudentKey) -> dict[str, float]:
        """The best percentage per set label (see :func:`set_label`) over finished attempts."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return {}
        pct = 100.0 * attempt_t.c.score / attempt_t.c.max_score
        query = (
            select(attempt_t.c.sets, func.max(pct))
            .where(
                attempt_t.c.student_id == sid,
                attempt_t.c.finished_at.is_not(None),
                attempt_t.c.max_score > 0,
            )
            .group_by(attempt_t.c.sets)
        )
        with self.engine.connect() as conn:
            return {label: float(best) for label, best in conn.execute(query)}
