"""The score database's tables (SQLModel), at the current schema version.

Layout history (see :mod:`quizapp.storage.migrations`):

- version 1: ``meta``, ``student``, ``attempt``, ``response``.
- version 2: the flashcard scheduler's per-student state: ``card_state`` (one FSRS card per
  student and question) and ``review_log``; ``student.new_cards_per_day``; and the index
  ``response (question_id, correct)`` widened into the covering index
  ``ix_response_item_stats (question_id, attempt_id, score, max_score, correct)``, which
  lets the item report read the index alone (about 4x faster over 1M responses).
- version 3: the live class: ``live_session`` and ``live_member``
  (:mod:`quizapp.storage.live_tables`).
- version 4: classes and rosters: ``school_class`` and ``class_member``
  (:mod:`quizapp.storage.class_tables`).
- version 5: a student is a record, not a name: ``student.name`` is no longer unique (index
  ``ix_student_name``); ``student.number`` (the school's student number, 学号; NULL when
  unknown; unique when given: ``uq_student_number``) replaces ``class_member.number``; the
  teacher password's hash: ``teacher_password``.
- version 6: seats and marking by the host: ``response.marked``, ``live_session.shown``,
  ``live_member.token_hash``, ``live_rejoin`` and, on PostgreSQL, the seat functions
  (:mod:`quizapp.storage.live_sql`).
- version 7: homework: ``assignment`` (:mod:`quizapp.storage.assignment_tables`) and
  ``attempt.assignment_id`` (the assignment an attempt was for; NULL for any other).
- version 8: homework on the shared student login: ``homework_key`` (each student's
  personal key, as its SHA-256) and, on PostgreSQL, the key functions
  (:mod:`quizapp.storage.homework_sql`).

Every datetime column is :class:`UTCDateTime`: timezone-aware UTC in Python on every back end.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from quizapp.core import utc

#: The schema version this code writes and reads.
SCHEMA_VERSION = 8


class UTCDateTime(TypeDecorator):
    """A datetime stored as UTC and always read back timezone-aware (UTC).

    PostgreSQL keeps ``timestamptz``; SQLite has no time zones, so the value is stored as
    naive UTC text and given ``tzinfo=UTC`` on the way out. Naive datetimes are refused on
    the way in, so no local time is ever mistaken for UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        value = utc.aware(value)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return utc.stored(value)


class Meta(SQLModel, table=True):
    """Key/value facts about the database itself (``schema_version``)."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=255)


class Student(SQLModel, table=True):
    """A student: a record with an id and a name (names may repeat) and, where the school
    has one, a student number (学号), unique in the database when given."""

    __tablename__ = "student"
    __table_args__ = (
        Index("ix_student_name", "name"),
        UniqueConstraint("number", name="uq_student_number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, sa_column_kwargs={"nullable": False})
    created_at: datetime = Field(default_factory=utc.now, sa_type=UTCDateTime)
    #: Flashcards: new cards introduced per day (``None``: the app's default). Version 2.
    new_cards_per_day: int | None = Field(default=None)
    #: The school's student number (学号); ``None``: not known. Version 5.
    number: str | None = Field(default=None, max_length=64)


class TeacherPassword(SQLModel, table=True):
    """The teacher password of the whole database (one row, ``id = 1``): only its hash,
    ``scrypt$n$r$p$salt$key`` (hex), never the password (version 5)."""

    __tablename__ = "teacher_password"

    id: int = Field(default=1, primary_key=True)
    hash: str = Field(max_length=255)
    set_at: datetime = Field(default_factory=utc.now, sa_type=UTCDateTime)


class Attempt(SQLModel, table=True):
    """One quiz taken by one student; ``finished_at`` stays NULL until the quiz is finished.

    ``sets`` is the chosen set keys, sorted and comma-joined ("" = every set): the label
    reports group by. ``spec`` is the engine's ``QuizSpec.to_dict()`` as JSON and ``seed``
    the session's seed (as text: any Python int), so an unfinished quiz can be rebuilt.
    """

    __tablename__ = "attempt"
    __table_args__ = (
        Index("ix_attempt_student_started", "student_id", "started_at"),
        Index("ix_attempt_finished", "finished_at"),
        Index("ix_attempt_assignment", "assignment_id", "student_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(
        sa_column=Column(Integer, ForeignKey("student.id", ondelete="CASCADE"), nullable=False)
    )
    mode: str = Field(max_length=32)
    sets: str = Field(default="", max_length=1000)
    spec: str = Field(default="{}", sa_type=Text)
    seed: str = Field(default="", max_length=64)
    started_at: datetime = Field(default_factory=utc.now, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    score: float = Field(default=0.0, sa_column=Column(Float, nullable=False, default=0.0))
    max_score: int = Field(default=0)
    #: The assignment this attempt was for (version 7); ``None`` for any other attempt.
    assignment_id: int | None = Field(default=None)


class Response(SQLModel, table=True):
    """One answer, committed the moment it is given.

    ``content_hash`` is the question's :meth:`~quizapp.core.model.Question.content_hash` at the
    time; ``response`` the engine's ``encode_response`` output as JSON (NULL: no answer).
    One row per question per attempt.
    """

    __tablename__ = "response"
    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id", name="uq_response_attempt_question"),
        # Covers the per-question statistics (version 2; version 1 had (question_id, correct)).
        Index("ix_response_item_stats", "question_id", "attempt_id", "score", "max_score",
              "correct"),
    )

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(
        sa_column=Column(Integer, ForeignKey("attempt.id", ondelete="CASCADE"), nullable=False)
    )
    question_id: str = Field(max_length=200)
    content_hash: str = Field(default="", max_length=64)
    response: str | None = Field(default=None, sa_type=Text)
    score: float = Field(default=0.0, sa_column=Column(Float, nullable=False, default=0.0))
    max_score: int = Field(default=1)
    correct: bool = Field(default=False)
    elapsed_s: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    answered_at: datetime = Field(default_factory=utc.now, sa_type=UTCDateTime)
    #: ``False`` for a live-class answer the host has not marked yet (its ``score`` and
    #: ``correct`` say nothing until then); every other answer is marked when stored.
    marked: bool = Field(default=True, sa_column=Column(
        Boolean, nullable=False, default=True, server_default=true()))


class StoredFlashcard(SQLModel, table=True):
    """One student's flashcard for one question: its FSRS state (version 2).

    ``card`` is the :data:`~quizapp.core.scheduling.FlashcardState`'s ``to_dict()`` as JSON; ``due`` and ``state`` copy its fields into
    indexed columns so due cards are found in SQL. ``created_at`` is when the card was first
    reviewed (for the daily new-card limit).
    """

    __tablename__ = "card_state"
    __table_args__ = (Index("ix_card_state_student_due", "student_id", "due"),)

    student_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("student.id", ondelete="CASCADE"), primary_key=True
        )
    )
    question_id: str = Field(primary_key=True, max_length=200)
    card: str = Field(sa_type=Text)
    state: int = Field(default=1)
    due: datetime = Field(sa_type=UTCDateTime)
    last_review: datetime | None = Field(default=None, sa_type=UTCDateTime)
    content_hash: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utc.now, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utc.now, sa_type=UTCDateTime)


class StoredReview(SQLModel, table=True):
    """One flashcard review (or quiz answer counted as a review) (version 2).

    ``log`` is fsrs's ``ReviewLog.to_dict()`` as JSON; ``source`` is ``"cards"`` or ``"quiz"``;
    ``attempt_id`` links a quiz answer's review to its attempt.
    """

    __tablename__ = "review_log"
    __table_args__ = (
        Index("ix_review_log_student_question", "student_id", "question_id", "reviewed_at"),
        Index("ix_review_log_student_reviewed", "student_id", "reviewed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(
        sa_column=Column(Integer, ForeignKey("student.id", ondelete="CASCADE"), nullable=False)
    )
    question_id: str = Field(max_length=200)
    rating: int
    reviewed_at: datetime = Field(sa_type=UTCDateTime)
    duration_ms: int | None = Field(default=None)
    source: str = Field(default="cards", max_length=16)
    attempt_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("attempt.id", ondelete="SET NULL"), nullable=True),
    )
    log: str = Field(default="{}", sa_type=Text)


#: Every table this package owns, in creation order.
TABLES = [
    Meta.__table__,  # type: ignore[attr-defined]  # SQLModel sets it, untyped
    Student.__table__,  # type: ignore[attr-defined]  # SQLModel sets it, untyped
    Attempt.__table__,  # type: ignore[attr-defined]  # SQLModel sets it, untyped
    Response.__table__,  # type: ignore[attr-defined]  # SQLModel sets it, untyped
    StoredFlashcard.__table__,  # type: ignore[attr-defined]  # SQLModel sets it, untyped
    StoredReview.__table__,  # type: ignore[attr-defined]  # SQLModel sets it, untyped
    TeacherPassword.__table__,  # type: ignore[attr-defined]  # SQLModel sets it, untyped
]

__all__ = [
    "SCHEMA_VERSION",
    "TABLES",
    "Attempt",
    "Meta",
    "Response",
    "StoredFlashcard",
    "StoredReview",
    "Student",
    "TeacherPassword",
    "UTCDateTime",
]
