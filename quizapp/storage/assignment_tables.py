"""Homework: a teacher's assignment for a class (schema version 7).

An assignment (``assignment``) names the work (sets, tags, level, count, mode), when it
opens and when it is due (database time, UTC), how many attempts a student has, whether
answers are shown after each question or only after the due time, whether late work is
accepted, and the seed that gives every try the same questions. Its attempts are ordinary
``attempt`` rows carrying its id (``attempt.assignment_id``). Withdrawing one keeps it and
its attempts (``withdrawn_at``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, Text, false
from sqlmodel import Field, SQLModel

from quizapp.core import utc
from quizapp.storage.tables import UTCDateTime


class Assignment(SQLModel, table=True):
    """One piece of work set for one class."""

    __tablename__ = "assignment"
    __table_args__ = (Index("ix_assignment_class_due", "class_id", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    class_id: int = Field(sa_column=Column(
        Integer, ForeignKey("school_class.id", ondelete="CASCADE"), nullable=False))
    title: str = Field(max_length=200)
    #: JSON lists of set keys and tags (empty: every set / no tag filter).
    sets: str = Field(default="[]", sa_type=Text)
    tags: str = Field(default="[]", sa_type=Text)
    level: str | None = Field(default=None, max_length=32)
    count: int | None = Field(default=None)
    #: ``practice``, ``exam``, ``review`` (mistakes) or ``cards`` (due flashcards).
    mode: str = Field(default="practice", max_length=32)
    #: Exam time limit in minutes; the due-card target for ``cards``.
    time_limit: int | None = Field(default=None)
    target: int | None = Field(default=None)
    opens_at: datetime = Field(sa_type=UTCDateTime)
    due_at: datetime = Field(sa_type=UTCDateTime)
    #: Attempts a student may start (``None``: no limit).
    attempts: int | None = Field(default=1)
    #: ``after-each`` or ``after-due``.
    answers: str = Field(default="after-each", max_length=16)
    late: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, default=False, server_default=false()))
    seed: str = Field(default="0", max_length=64)
    created_at: datetime = Field(default_factory=utc.now, sa_type=UTCDateTime)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


ASSIGNMENT_TABLES = [Assignment.__table__]  # type: ignore[attr-defined]  # SQLModel sets it, untyped


class HomeworkKey(SQLModel, table=True):
    """A student's personal homework key, as its SHA-256 only (schema version 8): what a
    student's client on the shared student login proves who it works for with
    (:mod:`quizapp.storage.homework_sql`)."""

    __tablename__ = "homework_key"

    student_id: int = Field(sa_column=Column(
        Integer, ForeignKey("student.id", ondelete="CASCADE"), primary_key=True))
    key_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utc.now, sa_type=UTCDateTime)


KEY_TABLES = [HomeworkKey.__table__]  # type: ignore[attr-defined]  # SQLModel sets it, untyped
