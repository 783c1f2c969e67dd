"""Flashcards: each student's FSRS state per question (``card_state``) and every review
(``review_log``). A review and the state it leads to are saved in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select, update

from quizapp.core import utc
from quizapp.storage.engine import write_tx
from quizapp.storage.students import StudentKey, StudentStore, guard
from quizapp.storage.tables import StoredFlashcard, StoredReview

flashcard_t = StoredFlashcard.__table__
review_t = StoredReview.__table__


@dataclass(frozen=True, slots=True)
class FlashcardRecord:
    """A student's flashcard for one question: ``data`` is its
    :data:`~quizapp.core.scheduling.FlashcardState`'s ``to_dict()``; ``state`` the FSRS
    learning state (1 learning, 2 review, 3 relearning)."""

    question_id: str
    data: dict
    state: int
    due: datetime
    last_review: datetime | None
    content_hash: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One review: ``log`` is fsrs's ``ReviewLog.to_dict()`` data."""

    question_id: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    source: str
    attempt_id: int | None
    log: dict


class FlashcardStore(StudentStore):
    """Flashcard states and reviews (see :class:`quizapp.storage.Store`)."""

    @staticmethod
    def _record(row: Any) -> FlashcardRecord:
        return FlashcardRecord(
            question_id=row.question_id,
            data=json.loads(row.card),
            state=int(row.state),
            due=row.due,
            last_review=row.last_review,
            content_hash=row.content_hash,
            created_at=row.created_at,
        )

    @guard
    def flashcards(
        self, student: StudentKey, question_ids: Sequence[str] | None = None
    ) -> dict[str, FlashcardRecord]:
        """The student's flashcards by question id (only ``question_ids`` when given)."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return {}
        query = select(flashcard_t).where(flashcard_t.c.student_id == sid)
        if question_ids is not None:
            query = query.where(flashcard_t.c.question_id.in_(list(question_ids)))
        with self.engine.connect() as conn:
            return {r.question_id: self._record(r) for r in conn.execute(query)}

    @guard
    def new_cards_since(self, student: StudentKey, since: datetime) -> int:
        """How many cards the student saw for the first time at or after ``since`` (the
        daily new-card limit counts these from the start of the day)."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return 0
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).where(
                        flashcard_t.c.student_id == sid,
                        flashcard_t.c.created_at >= utc.aware(since),
                    )
                ).scalar_one()
            )

    @guard
    def save_review(
        self,
        student: StudentKey,
        question_id: str,
        state: dict,
        log: dict,
        *,
        content_hash: str = "",
        source: str = "cards",
        attempt_id: int | None = None,
    ) -> None:
        """Save a flashcard's new state and its review in ONE transaction.

        ``state`` is the ``FlashcardState.to_dict()`` after the review and ``log`` the
        matching fsrs ``ReviewLog.to_dict()``; ``due``, ``state``, ``last_review``, ``rating``,
        ``review_datetime`` and ``review_duration`` are read from them.
        """
        sid = self._student_id(student, create=True)
        due = utc.parse(state["due"])
        reviewed_at = utc.parse(log["review_datetime"])
        if due is None or reviewed_at is None:
            raise ValueError("state 'due' and log 'review_datetime' are required")
        row = {
            "student_id": sid,
            "question_id": question_id,
            "card": json.dumps(state, ensure_ascii=False, sort_keys=True),
            "state": int(state["state"]),
            "due": due,
            "last_review": utc.parse(state.get("last_review")),
            "content_hash": content_hash,
            "updated_at": utc.now(),
        }
        review = {
            "student_id": sid,
            "question_id": question_id,
            "rating": int(log["rating"]),
            "reviewed_at": reviewed_at,
            "duration_ms": log.get("review_duration"),
            "source": source,
            "attempt_id": attempt_id,
            "log": json.dumps(log, ensure_ascii=False, sort_keys=True),
        }
        with write_tx(self.engine) as conn:
            self._upsert_state(conn, row, created_at=reviewed_at)
            conn.execute(review_t.insert(), review)

    def _upsert_state(self, conn, values: dict, *, created_at: datetime) -> None:
        changing = {k: v for k, v in values.items() if k not in ("student_id", "question_id")}
        name = conn.dialect.name
        if name in ("sqlite", "postgresql"):
            if name == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:
                from sqlalchemy.dialects.postgresql import insert
            stmt = insert(flashcard_t).values(**values, created_at=created_at)
            stmt = stmt.on_conflict_do_update(
                index_elements=[flashcard_t.c.student_id, flashcard_t.c.question_id], set_=changing
            )
            conn.execute(stmt)
            return
        result = conn.execute(
            update(flashcard_t)
            .where(and_(flashcard_t.c.student_id == values["student_id"],
                        flashcard_t.c.question_id == values["question_id"]))
            .values(**changing)
        )
        if result.rowcount == 0:
            conn.execute(flashcard_t.insert(), {**values, "created_at": created_at})

    @guard
    def review_logs(
        self, student: StudentKey, question_id: str | None = None
    ) -> list[ReviewRecord]:
        """The student's reviews (of one question when given), oldest first."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return []
        query = select(review_t).where(review_t.c.student_id == sid)
        if question_id is not None:
            query = query.where(review_t.c.question_id == question_id)
        query = query.order_by(review_t.c.reviewed_at, review_t.c.id)
        with self.engine.connect() as conn:
            return [
                ReviewRecord(
                    question_id=r.question_id,
                    rating=int(r.rating),
                    reviewed_at=r.reviewed_at,
                    duration_ms=r.duration_ms,
                    source=r.source,
                    attempt_id=r.attempt_id,
                    log=json.loads(r.log),
                )
                for r in conn.execute(query)
            ]
