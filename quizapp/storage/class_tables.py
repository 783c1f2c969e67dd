"""A teacher's classes and their rosters (schema version 4).

A class (``school_class``) has members (``class_member``): students, each with their place
in the roster (their student number is the student's own, ``student.number``, since version
5). A student can be in several classes; taking
a student out of a class keeps every score they have.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from quizapp.core import utc
from quizapp.storage.tables import UTCDateTime


class SchoolClass(SQLModel, table=True):
    """A class, known by a unique name (``高一(3)班``)."""

    __tablename__ = "school_class"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, sa_column_kwargs={"unique": True, "nullable": False})
    created_at: datetime = Field(default_factory=utc.now, sa_type=UTCDateTime)


class ClassMember(SQLModel, table=True):
    """A student on a class's roster and their place in the list."""

    __tablename__ = "class_member"
    __table_args__ = (Index("ix_class_member_student", "student_id"),)

    class_id: int = Field(sa_column=Column(
        Integer, ForeignKey("school_class.id", ondelete="CASCADE"), primary_key=True))
    student_id: int = Field(sa_column=Column(
        Integer, ForeignKey("student.id", ondelete="CASCADE"), primary_key=True))
    position: int = Field(default=0)


CLASS_TABLES = [SchoolClass.__table__, ClassMember.__table__]
