"""The ``student`` table: who takes quizzes and reviews flashcards.

:class:`StudentStore` is the students' repository, and the base of every other repository
(:mod:`~quizapp.storage.attempts`, :mod:`~quizapp.storage.flashcards`,
:mod:`~quizapp.storage.classes`, :mod:`~quizapp.storage.live`,
:mod:`~quizapp.storage.dashboard`): each keeps the shared engine and finds students by name
(every table names its student by id).

A student is a record: an id, a name (two students may share one) and, where the school has
one, a student number (unique when given). Everything that knows which student it means
(a roster's pick, the live class's seat) passes the id; a name alone (typed on a student's
own machine, with no class) means the first student of that name, by id.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    String,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError

from quizapp.core import utc
from quizapp.core.messages import msg
from quizapp.storage.class_tables import ClassMember, SchoolClass
from quizapp.storage.engine import StorageError, first_line, safe_url, unreachable, write_tx
from quizapp.storage.tables import Student

P = ParamSpec("P")
R = TypeVar("R")

student_t = Student.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
class_t = SchoolClass.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
member_t = ClassMember.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped

_FIND_STUDENT = (select(student_t).where(student_t.c.name == bindparam("name"))
                 .order_by(student_t.c.id).limit(1))

#: How a student is named to the store: the record, its id, or a name (see the module).
StudentKey = Student | int | str


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
            if getattr(exc.orig, "sqlstate", None) == "42501":  # a login without the right
                raise StorageError(msg("storage.denied", where=fn.__name__)) from exc
            if unreachable(exc):  # the server or file went away: no function names shown
                raise StorageError(msg("storage.unreachable")) from exc
            raise StorageError(msg("storage.error_in", where=fn.__name__,
                                       error=first_line(exc))) from exc

    return wrapper


def student_label() -> ColumnElement[str]:
    """A student as reports and the dashboard name them: the name, and for two students of
    one name what tells them apart, in brackets: the student number, else the first class
    and the id (``张伟 [2023001]``, ``张伟 [高一5班 #12]``, ``张伟 [#12]``). Unique per
    student; :func:`find_student_in` finds a student by it."""
    other = student_t.alias("namesake")
    shared = (select(other.c.id)
              .where(other.c.name == student_t.c.name, other.c.id != student_t.c.id)
              .exists())
    # aliases: a query over classes around this one must not be correlated into it
    cls, member = class_t.alias("label_class"), member_t.alias("label_member")
    first_class = (select(func.min(cls.c.name))
                   .join(member, member.c.class_id == cls.c.id)
                   .where(member.c.student_id == student_t.c.id).scalar_subquery())
    sid = literal("#") + cast(student_t.c.id, String)
    tag = func.coalesce(student_t.c.number, first_class + literal(" ") + sid, sid)
    return case((shared, student_t.c.name + literal(" [") + tag + literal("]")),
                else_=student_t.c.name)


_LABEL = re.compile(r"(?s)(.+) \[(.+)\]")
_TAG_ID = re.compile(r"#(\d+)")


def find_student_in(conn: Connection, name: str) -> Student | None:
    """The student called ``name`` (surrounding spaces ignored; the first of that name), or
    named by a :func:`student_label` (``张伟 [2023001]``), on an open connection."""
    name = name.strip()
    row = conn.execute(_FIND_STUDENT, {"name": name}).first()
    if row is None:
        label = _LABEL.fullmatch(name)
        if label is not None:
            tag = label[2].strip()
            by_id = _TAG_ID.search(tag)
            where = (student_t.c.id == int(by_id[1]) if by_id is not None and tag.endswith(
                by_id[0]) else student_t.c.number == tag)
            row = conn.execute(select(student_t).where(
                student_t.c.name == label[1].strip(), where)).first()
    return Student(**row._mapping) if row is not None else None


def student_id_in(conn: Connection, student: StudentKey) -> int | None:
    """The id of the student ``student`` names (a record, an id, a name or a label)."""
    if isinstance(student, Student):
        return student.id
    if isinstance(student, int):
        return student
    found = find_student_in(conn, student)
    return found.id if found is not None else None


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
    def find_student(self, name: str | int) -> Student | None:
        """The student called ``name`` (or with that record id), or ``None`` (never creates
        one)."""
        with self.engine.connect() as conn:
            if isinstance(name, int):
                row = conn.execute(select(student_t).where(student_t.c.id == name)).first()
                return Student(**row._mapping) if row is not None else None
            return self._find_student(conn, name.strip())

    @guard
    def student_names(self) -> list[str]:
        """Every student's name, by name."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(student_t.c.name).order_by(student_t.c.name))
                        .scalars())

    @guard
    def student_by_id(self, student_id: int) -> Student | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(student_t).where(student_t.c.id == student_id)).first()
        return Student(**row._mapping) if row is not None else None

    @guard
    def student_by_number(self, number: str) -> Student | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(student_t).where(student_t.c.number == number.strip())
                               ).first()
        return Student(**row._mapping) if row is not None else None

    @guard
    def students_named(self, name: str) -> list[Student]:
        """Every student called ``name``, by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(student_t).where(student_t.c.name == name.strip())
                                .order_by(student_t.c.id)).all()
        return [Student(**r._mapping) for r in rows]

    @guard
    def add_student(self, name: str, number: str | None = None) -> Student:
        """A new student (even when another has the same name). Raises
        :class:`StorageError` when ``number`` is another student's already."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("a student needs a name")
        number = (number or "").strip() or None
        try:
            with write_tx(self.engine) as conn:
                sid = conn.execute(student_t.insert().returning(student_t.c.id),
                                   {"name": name, "number": number, "created_at": utc.now()}
                                   ).scalar_one()
        except IntegrityError:
            raise StorageError(msg("student.number_taken", number=number or "")) from None
        found = self.student_by_id(int(sid))
        assert found is not None
        return found

    def _student_id(self, student: StudentKey, *, create: bool) -> int | None:
        if isinstance(student, Student):
            return student.id
        if isinstance(student, int):
            return student
        if create:
            return self.student(student).id
        found = self.find_student(student)
        return found.id if found is not None else None

    @guard
    def set_new_cards_per_day(self, student: StudentKey, limit: int | None) -> None:
        """Set a student's daily new-card limit (``None``: the app's default)."""
        if limit is not None and limit < 0:
            raise ValueError("the new-card limit cannot be negative")
        sid = self._student_id(student, create=True)
        with write_tx(self.engine) as conn:
            conn.execute(
                update(student_t).where(student_t.c.id == sid).values(new_cards_per_day=limit)
            )
