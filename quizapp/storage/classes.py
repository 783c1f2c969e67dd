"""Classes and rosters in the score database (tables in :mod:`quizapp.storage.class_tables`).

Every change is one short transaction. A roster names students by their display name (the
same name they type or pick on Home); a name that is new to the database becomes a student.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from quizapp.core import utc
from quizapp.core.messages import msg
from quizapp.core.roster import RosterEntry
from quizapp.storage.class_tables import ClassMember, SchoolClass
from quizapp.storage.engine import StorageError, write_tx
from quizapp.storage.students import StudentStore, guard, student_t

class_t = SchoolClass.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
member_t = ClassMember.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped


@dataclass(frozen=True, slots=True)
class ClassInfo:
    name: str
    students: int


class UnknownClass(StorageError):
    """No class of that name (the message names it)."""

    def __init__(self, name: str) -> None:
        super().__init__(msg("class.unknown", name=name))
        self.name = name


class ClassStore(StudentStore):
    """Classes and their rosters (reads ``school_class``, ``class_member`` and ``student``)."""

    def _class_id(self, conn, name: str) -> int | None:
        return conn.execute(select(class_t.c.id).where(class_t.c.name == name)).scalar()

    @guard
    def create_class(self, name: str) -> bool:
        """Create the class ``name``; ``False`` when it already exists."""
        name = name.strip()
        if not name:
            raise ValueError("a class needs a name")
        try:
            with write_tx(self.engine) as conn:
                if self._class_id(conn, name) is not None:
                    return False
                conn.execute(class_t.insert(), {"name": name, "created_at": utc.now()})
        except IntegrityError:
            return False
        return True

    @guard
    def set_roster(self, name: str, roster: Sequence[RosterEntry]) -> None:
        """Make ``roster`` the class's students, in that order (students not on it leave
        the class; their scores stay). Raises :class:`UnknownClass`."""
        for entry in roster:
            self.student(entry.name)  # creates the new ones (each its own transaction)
        with write_tx(self.engine) as conn:
            cid = self._class_id(conn, name)
            if cid is None:
                raise UnknownClass(name)
            ids: dict[str, int] = dict(conn.execute(
                select(student_t.c.name, student_t.c.id)
                .where(student_t.c.name.in_([e.name.strip() for e in roster]))).all())
            conn.execute(delete(member_t).where(member_t.c.class_id == cid))
            if roster:
                conn.execute(member_t.insert(), [
                    {"class_id": cid, "student_id": ids[e.name.strip()], "number": e.number,
                     "position": i}
                    for i, e in enumerate(roster)])

    @guard
    def classes(self) -> list[ClassInfo]:
        """Every class with its number of students, by name."""
        query = (select(class_t.c.name, func.count(member_t.c.student_id))
                 .select_from(class_t.outerjoin(member_t, member_t.c.class_id == class_t.c.id))
                 .group_by(class_t.c.name).order_by(class_t.c.name))
        with self.engine.connect() as conn:
            return [ClassInfo(n, int(c)) for n, c in conn.execute(query).all()]

    @guard
    def roster(self, name: str) -> list[RosterEntry]:
        """The class's students in roster order. Raises :class:`UnknownClass`."""
        with self.engine.connect() as conn:
            cid = self._class_id(conn, name)
            if cid is None:
                raise UnknownClass(name)
            rows = conn.execute(
                select(student_t.c.name, member_t.c.number)
                .join(student_t, student_t.c.id == member_t.c.student_id)
                .where(member_t.c.class_id == cid)
                .order_by(member_t.c.position, student_t.c.name)).all()
        return [RosterEntry(n, num or "") for n, num in rows]

    def roster_names(self, class_name: str) -> list[str] | None:
        """The names on the class's roster, in roster order (``None``: no such class, or
        nobody on its roster)."""
        try:
            entries = self.roster(class_name)
        except UnknownClass:
            return None
        return [e.name for e in entries] or None

    @guard
    def class_exists(self, name: str) -> bool:
        with self.engine.connect() as conn:
            return self._class_id(conn, name) is not None


def class_student_ids(name: str):
    """A SELECT of the ids of the class ``name``'s students, for reports to filter on."""
    return (select(member_t.c.student_id)
            .join(class_t, class_t.c.id == member_t.c.class_id)
            .where(class_t.c.name == name))


class ClassRoster:
    """A class's names for the live class (:class:`quizapp.services.live.RosterPort`)."""

    def __init__(self, store: ClassStore) -> None:
        self.store = store

    def names(self, class_name: str) -> list[str] | None:
        return self.store.roster_names(class_name)
