"""Classes and rosters in the score database (tables in :mod:`quizapp.storage.class_tables`),
and the changes a teacher makes to students (rename, merge, remove).

Every change is one short transaction. A roster's members are student records (ids): two
students of the same name in two classes stay two students.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from quizapp.core import utc
from quizapp.core.messages import msg
from quizapp.core.roster import RosterEntry, StudentInfo
from quizapp.storage.class_tables import ClassMember, SchoolClass
from quizapp.storage.engine import StorageError, write_tx
from quizapp.storage.live_tables import LiveMember
from quizapp.storage.students import StudentStore, guard, student_label, student_t
from quizapp.storage.tables import Attempt, StoredFlashcard, StoredReview

class_t = SchoolClass.__table__
member_t = ClassMember.__table__
attempt_t = Attempt.__table__
card_t = StoredFlashcard.__table__
review_t = StoredReview.__table__
live_member_t = LiveMember.__table__


@dataclass(frozen=True, slots=True)
class ClassInfo:
    name: str
    students: int


@dataclass(frozen=True, slots=True)
class Scores:
    """What a student has recorded: quizzes (attempts) and flashcard reviews."""

    attempts: int
    reviews: int

    @property
    def any(self) -> bool:
        return bool(self.attempts or self.reviews)


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
    def set_roster(self, name: str, roster: Sequence[RosterEntry]) -> list[int]:
        """Make ``roster`` the class's students, in that order, in one transaction.

        An entry with a ``student_id`` is that student (given the entry's number when they
        have none). One without is the student with its number, else the student of that
        name already on this class's roster (a roster read again), else a new student: a
        student of the same name elsewhere is never taken on a name alone (the caller
        asks first: :mod:`quizapp.services.rosters`). Students not on it leave the class;
        their scores stay. Returns the students' ids in roster order. Raises
        :class:`UnknownClass`, or :class:`StorageError` when a number belongs to another
        student."""
        try:
            with write_tx(self.engine) as conn:
                cid = self._class_id(conn, name)
                if cid is None:
                    raise UnknownClass(name)
                members: dict[str, list[tuple[int, str | None]]] = {}
                for sid, sname, snumber in conn.execute(
                        select(student_t.c.id, student_t.c.name, student_t.c.number)
                        .join(member_t, member_t.c.student_id == student_t.c.id)
                        .where(member_t.c.class_id == cid).order_by(member_t.c.position)):
                    members.setdefault(sname, []).append((sid, snumber))
                ids: list[int] = []
                for entry in roster:
                    number = entry.number.strip() or None
                    if entry.student_id is None:
                        entry = self._known(conn, entry, number, members.get(entry.name, []),
                                            taken=ids)
                    if entry.student_id is None:
                        sid = conn.execute(
                            student_t.insert().returning(student_t.c.id),
                            {"name": entry.name.strip(), "number": number,
                             "created_at": utc.now()}).scalar_one()
                    else:
                        sid = entry.student_id
                        if number is not None:
                            conn.execute(update(student_t).where(
                                student_t.c.id == sid, student_t.c.number.is_(None))
                                .values(number=number))
                    ids.append(int(sid))
                conn.execute(delete(member_t).where(member_t.c.class_id == cid))
                if ids:
                    conn.execute(member_t.insert(), [
                        {"class_id": cid, "student_id": sid, "position": i}
                        for i, sid in enumerate(ids)])
        except IntegrityError as exc:
            raise StorageError(msg("student.number_clash", error=str(exc.orig).splitlines()[0])
                               ) from None
        return ids

    @staticmethod
    def _known(conn, entry: RosterEntry, number: str | None,
               members: list[tuple[int, str | None]], taken: list[int]) -> RosterEntry:
        """``entry`` with the student it surely is (see :meth:`set_roster`), if any."""
        if number is not None:
            sid = conn.execute(select(student_t.c.id).where(student_t.c.number == number)
                               ).scalar()
            if sid is not None:
                return RosterEntry(entry.name, entry.number, int(sid))
        for sid, had in members:
            if sid not in taken and (had is None or number is None or had == number):
                return RosterEntry(entry.name, entry.number, sid)
        return entry

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
                select(student_t.c.name, student_t.c.number, student_t.c.id)
                .join(student_t, student_t.c.id == member_t.c.student_id)
                .where(member_t.c.class_id == cid)
                .order_by(member_t.c.position, student_t.c.name)).all()
        return [RosterEntry(n, num or "", sid) for n, num, sid in rows]

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

    # -- telling students apart -----------------------------------------------------------

    @guard
    def student_infos(self, ids: Iterable[int] | None = None, *,
                      name: str | None = None) -> list[StudentInfo]:
        """Students with their number and classes (by name, then id): those of ``ids``,
        those called ``name``, or (neither) everyone."""
        query = select(student_t.c.id, student_t.c.name, student_t.c.number)
        if ids is not None:
            query = query.where(student_t.c.id.in_(list(ids)))
        if name is not None:
            query = query.where(student_t.c.name == name.strip())
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(student_t.c.name, student_t.c.id)).all()
            wanted = [r[0] for r in rows]
            classes: dict[int, list[str]] = {}
            if wanted:
                for sid, cname in conn.execute(
                        select(member_t.c.student_id, class_t.c.name)
                        .join(class_t, class_t.c.id == member_t.c.class_id)
                        .where(member_t.c.student_id.in_(wanted)).order_by(class_t.c.name)):
                    classes.setdefault(sid, []).append(cname)
        return [StudentInfo(sid, n, num or "", tuple(classes.get(sid, ())))
                for sid, n, num in rows]

    @guard
    def student_labels(self, ids: Sequence[int]) -> list[str]:
        """Each student's :func:`~quizapp.storage.students.student_label`, in ``ids`` order."""
        with self.engine.connect() as conn:
            got = dict(conn.execute(select(student_t.c.id, student_label())
                                    .where(student_t.c.id.in_(list(ids)))).all())
        return [got[i] for i in ids]

    @guard
    def scores_of(self, student_id: int) -> Scores:
        with self.engine.connect() as conn:
            attempts = conn.execute(select(func.count()).select_from(attempt_t)
                                    .where(attempt_t.c.student_id == student_id)).scalar_one()
            reviews = conn.execute(select(func.count()).select_from(review_t)
                                   .where(review_t.c.student_id == student_id)).scalar_one()
        return Scores(int(attempts), int(reviews))

    # -- a teacher's changes ---------------------------------------------------------------

    @guard
    def remove_class(self, name: str) -> int:
        """Remove the class ``name`` and its roster (the students and their scores stay);
        returns how many students were on it. Raises :class:`UnknownClass`."""
        with write_tx(self.engine) as conn:
            cid = self._class_id(conn, name)
            if cid is None:
                raise UnknownClass(name)
            n = conn.execute(select(func.count()).select_from(member_t)
                             .where(member_t.c.class_id == cid)).scalar_one()
            conn.execute(delete(member_t).where(member_t.c.class_id == cid))
            conn.execute(delete(class_t).where(class_t.c.id == cid))
        return int(n)

    @guard
    def rename_class(self, name: str, new: str) -> None:
        """Raises :class:`UnknownClass`, or :class:`StorageError` when ``new`` is taken."""
        with write_tx(self.engine) as conn:
            cid = self._class_id(conn, name)
            if cid is None:
                raise UnknownClass(name)
            if self._class_id(conn, new) is not None:
                raise StorageError(msg("class.exists_already", name=new))
            conn.execute(update(class_t).where(class_t.c.id == cid).values(name=new))

    @guard
    def rename_student(self, student_id: int, name: str | None = None,
                       number: str | None = None) -> None:
        """A new name and/or number (``""``: no number); raises :class:`StorageError` when
        the number is another student's."""
        values: dict[str, object] = {}
        if name is not None:
            values["name"] = " ".join(name.split())
        if number is not None:
            values["number"] = number.strip() or None
        if not values:
            return
        try:
            with write_tx(self.engine) as conn:
                conn.execute(update(student_t).where(student_t.c.id == student_id)
                             .values(**values))
        except IntegrityError:
            raise StorageError(msg("student.number_taken", number=number or "")) from None

    @guard
    def merge_students(self, keep: int, other: int) -> None:
        """Make ``other`` part of ``keep``, in one transaction: every quiz, answer, review and
        live-class seat of ``other`` becomes ``keep``'s; where both have a flashcard for a
        question the one reviewed last stays; ``keep`` takes ``other``'s classes, and its
        number and new-card limit where it has none; then ``other`` is removed."""
        if keep == other:
            raise ValueError("a student cannot be merged into themselves")
        with write_tx(self.engine) as conn:
            rows = {r.id: r for r in conn.execute(
                select(student_t).where(student_t.c.id.in_([keep, other]))).all()}
            if len(rows) != 2:
                raise StorageError(msg("student.unknown_id", id=other if keep in rows else keep))
            conn.execute(update(attempt_t).where(attempt_t.c.student_id == other)
                         .values(student_id=keep))
            conn.execute(update(review_t).where(review_t.c.student_id == other)
                         .values(student_id=keep))
            theirs = {r.question_id: r for r in conn.execute(
                select(card_t).where(card_t.c.student_id == other)).all()}
            mine = {r.question_id: r for r in conn.execute(
                select(card_t).where(card_t.c.student_id == keep)).all()}
            for qid, card in theirs.items():
                if qid in mine:
                    if (card.updated_at or card.created_at) > (mine[qid].updated_at
                                                                or mine[qid].created_at):
                        conn.execute(delete(card_t).where(card_t.c.student_id == keep,
                                                          card_t.c.question_id == qid))
                    else:
                        continue
                conn.execute(update(card_t).where(card_t.c.student_id == other,
                                                  card_t.c.question_id == qid)
                             .values(student_id=keep))
            both = select(live_member_t.c.session_id).where(live_member_t.c.student_id == keep)
            conn.execute(update(live_member_t).where(
                live_member_t.c.student_id == other,
                live_member_t.c.session_id.not_in(both)).values(student_id=keep))
            in_class = select(member_t.c.class_id).where(member_t.c.student_id == keep)
            conn.execute(update(member_t).where(
                member_t.c.student_id == other, member_t.c.class_id.not_in(in_class))
                .values(student_id=keep))
            number = rows[keep].number or rows[other].number
            limit = rows[keep].new_cards_per_day
            if limit is None:
                limit = rows[other].new_cards_per_day
            conn.execute(delete(student_t).where(student_t.c.id == other))
            conn.execute(update(student_t).where(student_t.c.id == keep)
                         .values(number=number, new_cards_per_day=limit))

    @guard
    def remove_student(self, student_id: int) -> None:
        """Remove a student with everything they recorded (the caller checks first)."""
        with write_tx(self.engine) as conn:
            conn.execute(delete(student_t).where(student_t.c.id == student_id))


def class_student_ids(name: str):
    """A SELECT of the ids of the class ``name``'s students, for reports to filter on."""
    return (select(member_t.c.student_id)
            .join(class_t, and_(class_t.c.id == member_t.c.class_id, class_t.c.name == name)))


class ClassRoster:
    """A class's names for the live class (:class:`quizapp.services.live.RosterPort`)."""

    def __init__(self, store: ClassStore) -> None:
        self.store = store

    def names(self, class_name: str) -> list[str] | None:
        return self.store.roster_names(class_name)
