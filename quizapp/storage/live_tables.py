"""The live class's tables (schema version 3): a session and the students who joined it.

Answers are not here: each student who joins gets an ordinary :class:`Attempt` in mode
``live`` and every answer is an ordinary :class:`Response` of it, so reports and the item
analysis include live classes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from quizapp.core import utc
from quizapp.storage.tables import UTCDateTime


class LiveSession(SQLModel, table=True):
    """One live class, found by its 6-digit ``code``.

    ``questions`` is the presented questions as JSON (every client shows the same text in
    the same order without needing the teacher's files); ``state`` is ``lobby``, ``open``
    (question ``current`` takes answers), ``revealed`` or ``ended``; ``version`` grows with
    every change, so a client polling the row sees at once whether anything moved.
    """

    __tablename__ = "live_session"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=6, sa_column_kwargs={"unique": True, "nullable": False})
    title: str = Field(default="", max_length=200)
    spec: str = Field(default="{}", sa_type=Text)
    questions: str = Field(default="[]", sa_type=Text)
    #: The questions as a student's client receives them: without their answers (the
    #: answer key of each is given only once it is revealed). Version 6.
    shown: str = Field(default="[]", sa_column=Column(Text, nullable=False,
                                                      server_default="[]"))
    class_name: str | None = Field(default=None, max_length=200)
    seconds: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    speed: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, default=False))
    leaderboard: bool = Field(default=False,
                              sa_column=Column(Boolean, nullable=False, default=False))
    state: str = Field(default="lobby", max_length=16)
    current: int = Field(default=-1)
    opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = Field(default=0)
    created_at: datetime = Field(default_factory=utc.now, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LiveMember(SQLModel, table=True):
    """A student in a live session, with the attempt that holds their answers."""

    __tablename__ = "live_member"
    __table_args__ = (
        UniqueConstraint("session_id", "student_id", name="uq_live_member"),
        Index("ix_live_member_session", "session_id", "joined_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(sa_column=Column(
        Integer, ForeignKey("live_session.id", ondelete="CASCADE"), nullable=False))
    student_id: int = Field(sa_column=Column(
        Integer, ForeignKey("student.id", ondelete="CASCADE"), nullable=False))
    attempt_id: int = Field(sa_column=Column(
        Integer, ForeignKey("attempt.id", ondelete="CASCADE"), nullable=False))
    joined_at: datetime = Field(default_factory=utc.now, sa_type=UTCDateTime)
    #: SHA-256 (hex) of the seat's token: only the client holding the token answers for
    #: this member (``NULL`` for a seat taken before version 6: no client holds it).
    token_hash: str | None = Field(default=None, max_length=64)


class LiveRejoin(SQLModel, table=True):
    """A request to take a seat again from another device, until the host decides it
    (``state``: ``waiting``, ``allowed`` or ``refused``). ``token_hash`` is the new
    device's token: once allowed, it becomes the seat's and the old device's stops
    working. Version 6."""

    __tablename__ = "live_rejoin"
    __table_args__ = (Index("ix_live_rejoin_session", "session_id", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(sa_column=Column(
        Integer, ForeignKey("live_session.id", ondelete="CASCADE"), nullable=False))
    student_id: int = Field(sa_column=Column(
        Integer, ForeignKey("student.id", ondelete="CASCADE"), nullable=False))
    token_hash: str = Field(max_length=64)
    state: str = Field(default="waiting", max_length=16)
    requested_at: datetime = Field(default_factory=utc.now, sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


LIVE_TABLES = [LiveSession.__table__, LiveMember.__table__]
#: The tables of version 6 (seats and marking).
SEAT_TABLES = [LiveRejoin.__table__]
