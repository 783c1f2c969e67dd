"""The ``student`` table: who takes quizzes and reviews flashcards.

:class:`StudentStore` is the students' repository, and the base of every other repository
(:mod:`~quizapp.storage.attempts`, :mod:`~quizapp.storage.flashcards`,
:mod:`~quizapp.storage.classes`, :mod:`~quizapp.storage.live`,
:mod:`~quizapp.storage.dashboard`): each keeps the shared engine and finds students by name
(every table names its student by id).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, bindparam, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from quizapp.core import utc
from quizapp.core.messages import msg
from quizapp.storage.engine import StorageError, first_line, safe_url, write_tx
from quizapp.storage.tables import Student

P = ParamSpec("P")
R = TypeVar("R")

student_t = Student.__table__

_FIND_STUDENT = select(student_t).where(student_t.c.name == bindparam("name"))


class UnknownStudent(StorageError):
    """No student of that name (a report never creates one)."""

    def __init__(self, name: str) -> None:
        super().__init__(msg("storage.no_student", name=name))
        self.name = name


def guard(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn driver errors into :class:`StorageError` (one line, no traceback for users)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except DBAPIError as exc:
            raise StorageError(msg("storage.error_in", where=fn.__name__,
                                       error=first_line(exc))) from exc

    return wrapper


def find_student_in(conn: Connection, name: str) -> Student | None:
    """The student called ``name`` (surrounding spaces ignored) on an open connection."""
    row = conn.execute(_FIND_STUDENT, {"name": name.strip()}).first()
    return Student(**row._mapping) if row is not None else None


class StudentStore:
    """Students in the score database (each repository's common part)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        #: The database URL with its password masked.
        self.url = safe_url(engine.url)

    def _find_student(self, conn: Connection, name: str) -> Student | None:
        return find_student_in(conn, name)

    @guard
    def student(self, name: str) -> Student:
        """The student called ``name`` (surrounding spaces ignored), created if new."""
        name = name.strip()
        if not name:
            raise ValueError("a student needs a name")
        with self.engine.connect() as conn:
            found = self._find_student(conn, name)
        if found is not None:
            return found
        try:
            with write_tx(self.engine) as conn:
                conn.execute(student_t.insert(), {"name": name, "created_at": utc.now()})
        except IntegrityError:
            pass  # another process created it first
        with self.engine.connect() as conn:
            found = self._find_student(conn, name)
        assert found is not None
        return found

    @guard
    def find_student(self, name: str) -> Student | None:
        """The student called ``name``, or ``None`` (never creates one)."""
        with self.engine.connect() as conn:
            return self._find_student(conn, name.strip())

    @guard
    def student_names(self) -> list[str]:
        """Every student's name, by name."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(student_t.c.name).order_by(student_t.c.name))
                        .scalars())

    def _student_id(self, student: Student | str, *, create: bool) -> int | None:
        if isinstance(student, Student):
            return student.id
        if create:
            return self.student(student).id
        found = self.find_student(student)
        return found.id if found is not None else None

    @guard
    def set_new_cards_per_day(self, student: Student | str, limit: int | None) -> None:
        """Set a student's daily new-card limit (``None``: the app's default)."""
        if limit is not None and limit < 0:
            raise ValueError("the new-card limit cannot be negative")
        sid = self._student_id(student, create=True)
        with write_tx(self.engine) as conn:
            conn.execute(
                update(student_t).where(student_t.c.id == sid).values(new_cards_per_day=limit)
            )
