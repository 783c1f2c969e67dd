"""Homework in the score database: assignments (``assignment``) and the attempts made for
them (``attempt.assignment_id``).

Every moment that decides something (when an assignment was set, whether it is open, whether
an attempt is late) is the database's clock (:func:`db_now`), never the client's: a student
who sets their computer's clock back gains nothing.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, case, func, select, update

from quizapp.core import utc
from quizapp.core.messages import msg
from quizapp.storage.assignment_tables import Assignment
from quizapp.storage.attempts import set_label
from quizapp.storage.class_tables import ClassMember, SchoolClass
from quizapp.storage.engine import StorageError, db_now, write_tx
from quizapp.storage.seats import Mark  # one mark of one answer, live or homework
from quizapp.storage.students import StudentStore, guard, student_t
from quizapp.storage.tables import Attempt, Response, StoredReview

assignment_t = Assignment.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
class_t = SchoolClass.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
member_t = ClassMember.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
attempt_t = Attempt.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
response_t = Response.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
review_t = StoredReview.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped

#: What changes an assignment's questions (refused once anyone has started it).
QUESTION_FIELDS = frozenset({"sets", "tags", "level", "count", "mode", "time_limit", "target",
                             "seed"})
#: Every field a teacher may change.
FIELDS = QUESTION_FIELDS | {"title", "opens_at", "due_at", "attempts", "answers", "late"}


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    """An assignment as stored (times UTC)."""

    id: int
    class_name: str
    title: str
    sets: tuple[str, ...]
    tags: tuple[str, ...]
    level: str | None
    count: int | None
    mode: str
    time_limit: int | None
    target: int | None
    opens_at: datetime
    due_at: datetime
    attempts: int | None
    answers: str
    late: bool
    seed: int
    created_at: datetime
    withdrawn_at: datetime | None


@dataclass(frozen=True, slots=True)
class Progress:
    """One student's work on one assignment: attempts started and finished, the best
    finished score, the first finish, and answers given in the latest unfinished attempt."""

    student_id: int
    student: str
    number: str | None
    started: int
    finished: int
    score: float | None
    max_score: int | None
    first_finished_at: datetime | None
    answered: int
    #: The unfinished attempt to resume, if any.
    open_attempt: int | None


@dataclass(frozen=True, slots=True)
class UnmarkedAnswer:
    """A raw answer waiting for the teacher's side to mark it (``response``: decoded
    JSON, as the client sent it; not trusted)."""

    id: int
    attempt_id: int
    assignment_id: int
    question_id: str
    response: Any


def _decoded(value: Any) -> Any:
    try:
        return None if value is None else json.loads(value)
    except ValueError:
        return None


class AssignmentClosed(StorageError):
    """The assignment is not open (not yet, past due with no late work, or withdrawn)."""

    def __init__(self, reason: str) -> None:
        super().__init__(msg(f"assign.refused_{reason}"))
        self.reason = reason


class AssignmentLocked(StorageError):
    """A change to the questions of an assignment someone has started."""

    def __init__(self) -> None:
        super().__init__(msg("assign.locked"))


class UnknownAssignment(StorageError):
    def __init__(self, assignment_id: int) -> None:
        super().__init__(msg("assign.unknown", id=assignment_id))
        self.assignment_id = assignment_id


def exam_deadline(work: AssignmentRow, now: datetime) -> float | None:
    """When an exam assignment's attempt started at ``now`` (the database's clock) ends, in
    seconds since the epoch: its time limit after the start, and at the latest its due time
    unless late work is accepted (``None``: neither)."""
    ends = [now.timestamp() + 60 * work.time_limit] if work.time_limit else []
    if not work.late:
        ends.append(work.due_at.timestamp())
    return min(ends) if ends else None


def _row(row: Any) -> AssignmentRow:
    m = row._mapping
    return AssignmentRow(
        id=m["id"], class_name=m["class_name"], title=m["title"],
        sets=tuple(json.loads(m["sets"] or "[]")), tags=tuple(json.loads(m["tags"] or "[]")),
        level=m["level"], count=m["count"], mode=m["mode"], time_limit=m["time_limit"],
        target=m["target"], opens_at=m["opens_at"], due_at=m["due_at"],
        attempts=m["attempts"], answers=m["answers"], late=bool(m["late"]),
        seed=int(m["seed"] or 0), created_at=m["created_at"], withdrawn_at=m["withdrawn_at"])


def _select() -> Any:
    return (select(*assignment_t.c, class_t.c.name.label("class_name"))
            .join(class_t, class_t.c.id == assignment_t.c.class_id))


def _values(fields: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in FIELDS:
            raise ValueError(key)
        if key in ("sets", "tags"):
            value = json.dumps(list(value), ensure_ascii=False)
        elif key == "seed":
            value = str(int(value))
        elif key in ("opens_at", "due_at"):
            value = utc.aware(value)
        values[key] = value
    return values


class AssignmentStore(StudentStore):
    """Assignments and their attempts (reads ``assignment``, ``school_class``,
    ``class_member``, ``attempt``, ``response`` and ``student``)."""

    @guard
    def now(self) -> datetime:
        """The database's clock."""
        with self.engine.connect() as conn:
            return db_now(conn)

    @guard
    def create(self, class_name: str, fields: Mapping[str, Any]) -> AssignmentRow:
        """Set an assignment for the class; ``opens_at`` defaults to the database's now.
        Raises :class:`~quizapp.storage.classes.UnknownClass`."""
        from quizapp.storage.classes import UnknownClass

        values = _values(fields)
        with write_tx(self.engine) as conn:
            class_id = conn.execute(
                select(class_t.c.id).where(class_t.c.name == class_name)).scalar()
            if class_id is None:
                raise UnknownClass(class_name)
            now = db_now(conn)
            values.setdefault("opens_at", now)
            values.update(class_id=class_id, created_at=now, withdrawn_at=None)
            new_id = conn.execute(assignment_t.insert().returning(assignment_t.c.id),
                                  values).scalar_one()
            return _row(conn.execute(_select().where(assignment_t.c.id == new_id)).one())

    @guard
    def assignment(self, assignment_id: int) -> AssignmentRow | None:
        with self.engine.connect() as conn:
            row = conn.execute(_select().where(assignment_t.c.id == assignment_id)).first()
            return _row(row) if row is not None else None

    @guard
    def assignments(self, class_name: str | None = None, *,
                    withdrawn: bool = False) -> list[AssignmentRow]:
        """Assignments (of one class), by due time."""
        query = _select()
        if class_name is not None:
            query = query.where(class_t.c.name == class_name)
        if not withdrawn:
            query = query.where(assignment_t.c.withdrawn_at.is_(None))
        query = query.order_by(assignment_t.c.due_at, assignment_t.c.id)
        with self.engine.connect() as conn:
            return [_row(r) for r in conn.execute(query)]

    @guard
    def for_student(self, student_id: int) -> tuple[datetime, list[AssignmentRow]]:
        """The database's now and the open-or-past assignments of every class the student
        is on (not withdrawn, already opened), by due time. A student of another class
        sees none of them."""
        with self.engine.connect() as conn:
            now = db_now(conn)
            rows = conn.execute(_statements()["for_student"], {"sid": student_id, "now": now})
            return now, [_row(r) for r in rows]

    @guard
    def attempted(self, assignment_id: int) -> bool:
        """Whether any attempt was started for the assignment."""
        with self.engine.connect() as conn:
            return conn.execute(select(attempt_t.c.id).where(
                attempt_t.c.assignment_id == assignment_id).limit(1)).first() is not None

    @guard
    def change(self, assignment_id: int, fields: Mapping[str, Any]) -> AssignmentRow:
        """Change an assignment. Its questions (:data:`QUESTION_FIELDS`) cannot change once
        an attempt exists (:class:`AssignmentLocked`); its times, title and attempts can."""
        values = _values(fields)
        with write_tx(self.engine) as conn:
            if conn.execute(select(assignment_t.c.id).where(
                    assignment_t.c.id == assignment_id)).first() is None:
                raise UnknownAssignment(assignment_id)
            if QUESTION_FIELDS & values.keys() and conn.execute(
                    select(attempt_t.c.id).where(attempt_t.c.assignment_id == assignment_id)
                    .limit(1)).first() is not None:
                raise AssignmentLocked()
            if values:
                conn.execute(update(assignment_t).where(assignment_t.c.id == assignment_id)
                             .values(**values))
            return _row(conn.execute(_select().where(assignment_t.c.id == assignment_id)).one())

    @guard
    def withdraw(self, assignment_id: int) -> None:
        """Withdraw an assignment (students no longer see it; its attempts are kept)."""
        with write_tx(self.engine) as conn:
            done = conn.execute(update(assignment_t)
                                .where(assignment_t.c.id == assignment_id,
                                       assignment_t.c.withdrawn_at.is_(None))
                                .values(withdrawn_at=db_now(conn)))
            if done.rowcount == 0:
                raise UnknownAssignment(assignment_id)

    @guard
    def start(self, assignment_id: int, student_id: int, *, spec: dict, seed: int,
              set_keys: Sequence[str], max_score: int) -> tuple[int, bool]:
        """Start an attempt for the assignment, checked in one transaction against the
        database's clock: open, not withdrawn, not past due (unless late work is accepted),
        within the attempts allowed. Returns ``(attempt id, late)``; raises
        :class:`AssignmentClosed` (``reason``: ``not_open``, ``due``, ``withdrawn``,
        ``used``, ``not_member``)."""
        with write_tx(self.engine) as conn:
            row = conn.execute(_select().where(assignment_t.c.id == assignment_id)
                               .with_for_update(of=assignment_t)
                               if conn.dialect.name != "sqlite" else
                               _select().where(assignment_t.c.id == assignment_id)).first()
            if row is None:
                raise UnknownAssignment(assignment_id)
            work = _row(row)
            now = db_now(conn)
            member = conn.execute(select(member_t.c.student_id).where(
                member_t.c.class_id == row._mapping["class_id"],
                member_t.c.student_id == student_id)).first()
            if member is None:
                raise AssignmentClosed("not_member")
            if work.withdrawn_at is not None:
                raise AssignmentClosed("withdrawn")
            if now < work.opens_at:
                raise AssignmentClosed("not_open")
            late = now > work.due_at
            if late and not work.late:
                raise AssignmentClosed("due")
            if work.attempts is not None:
                used = conn.execute(select(func.count()).select_from(attempt_t).where(
                    attempt_t.c.assignment_id == assignment_id,
                    attempt_t.c.student_id == student_id)).scalar_one()
                if used >= work.attempts:
                    raise AssignmentClosed("used")
            spec = dict(spec)
            if work.mode == "exam":
                spec["deadline"] = exam_deadline(work, now)
            new_id = conn.execute(attempt_t.insert().returning(attempt_t.c.id), {
                "student_id": student_id, "mode": work.mode, "sets": set_label(set_keys),
                "spec": json.dumps(spec, ensure_ascii=False, sort_keys=True),
                "seed": str(int(seed)), "started_at": now, "finished_at": None,
                "score": 0.0, "max_score": int(max_score),
                "assignment_id": assignment_id}).scalar_one()
            return int(new_id), late

    @guard
    def cards_reviewed(self, attempt_id: int) -> set[str]:
        """The cards (question ids) reviewed on the card screen for the attempt."""
        with self.engine.connect() as conn:
            student = select(attempt_t.c.student_id).where(
                attempt_t.c.id == attempt_id).scalar_subquery()
            return {str(q) for (q,) in conn.execute(
                select(review_t.c.question_id).distinct().where(
                    review_t.c.student_id == student, review_t.c.attempt_id == attempt_id,
                    review_t.c.source == "cards"))}

    @guard
    def finish_cards(self, attempt_id: int) -> int:
        """Hand in a card-review attempt (``mode = 'cards'``): finished now, by the
        database's clock (its first finish kept), its score the cards reviewed for it.
        Returns that count."""
        with write_tx(self.engine) as conn:
            reviewed = conn.execute(select(_reviewed()).where(
                attempt_t.c.id == attempt_id)).scalar()
            if reviewed is None:
                raise StorageError(msg("assign.no_attempt", id=attempt_id))
            conn.execute(update(attempt_t).where(attempt_t.c.id == attempt_id,
                                                 attempt_t.c.mode == "cards")
                         .values(finished_at=func.coalesce(attempt_t.c.finished_at,
                                                           db_now(conn)),
                                 score=float(reviewed)))
            return int(reviewed)

    @guard
    def progress(self, assignment_id: int) -> list[Progress]:
        """Every student on the assignment's class roster (in roster order) and their work
        on it."""
        with self.engine.connect() as conn:
            class_id = conn.execute(select(assignment_t.c.class_id).where(
                assignment_t.c.id == assignment_id)).scalar()
            if class_id is None:
                raise UnknownAssignment(assignment_id)
            roster = conn.execute(
                select(student_t.c.id, student_t.c.name, student_t.c.number)
                .join(member_t, member_t.c.student_id == student_t.c.id)
                .where(member_t.c.class_id == class_id)
                .order_by(member_t.c.position, student_t.c.id)).all()
            return self._progress(conn, assignment_id, roster)

    @guard
    def student_progress(self, assignment_ids: Sequence[int],
                         student_id: int) -> dict[int, Progress]:
        """One student's work on each of the assignments (one query)."""
        if not assignment_ids:
            return {}
        statements = _statements()
        with self.engine.connect() as conn:
            me = conn.execute(statements["me"], {"sid": student_id}).all()
            rows = conn.execute(statements["student_progress"],
                                {"sid": student_id, "ids": list(assignment_ids)}).all()
        by: dict[int, list[Any]] = {}
        for r in rows:
            by.setdefault(r[0], []).append(r[1:])
        return {aid: _one(me[0], by.get(aid, [])) for aid in assignment_ids if me}

    @guard
    def items(self, assignment_id: int) -> list[tuple[str, int, int, float, int]]:
        """The item analysis of this assignment alone: per question, ``(question id,
        responses, answered right, score, max score)`` over its attempts' answers."""
        query = (select(response_t.c.question_id, func.count(),
                        func.sum(func.cast(response_t.c.correct, Integer)),
                        func.sum(response_t.c.score), func.sum(response_t.c.max_score))
                 .join(attempt_t, attempt_t.c.id == response_t.c.attempt_id)
                 .where(attempt_t.c.assignment_id == assignment_id, response_t.c.marked)
                 .group_by(response_t.c.question_id).order_by(response_t.c.question_id))
        with self.engine.connect() as conn:
            return [(str(q), int(n), int(right or 0), float(score or 0), int(top or 0))
                    for q, n, right, score, top in conn.execute(query)]

    @guard
    def unmarked(self, assignment_ids: Sequence[int] | None = None) -> list[UnmarkedAnswer]:
        """Answers sent for assignments (of these, or of any) that nobody has marked yet
        (sent through a student's key: the server stores them raw)."""
        query = (select(response_t.c.id, response_t.c.attempt_id, attempt_t.c.assignment_id,
                        response_t.c.question_id, response_t.c.response)
                 .join(attempt_t, attempt_t.c.id == response_t.c.attempt_id)
                 .where(response_t.c.marked.is_(False),
                        attempt_t.c.assignment_id.is_not(None))
                 .order_by(response_t.c.id))
        if assignment_ids is not None:
            query = query.where(attempt_t.c.assignment_id.in_(list(assignment_ids)))
        with self.engine.connect() as conn:
            return [UnmarkedAnswer(int(i), int(a), int(w), str(q), _decoded(r))
                    for i, a, w, q, r in conn.execute(query)]

    @guard
    def mark(self, marks: Sequence[Mark], totals: Mapping[int, int]) -> None:
        """Store the marks of unmarked answers (an answer marked meanwhile keeps its mark),
        then each attempt's score (the sum of its answers' marks) and maximum
        (``totals``: attempt id -> the assignment's maximum). One transaction."""
        with write_tx(self.engine) as conn:
            for m in marks:
                conn.execute(update(response_t).where(response_t.c.id == m.response_id,
                                                      response_t.c.marked.is_(False))
                             .values(score=float(m.score), max_score=int(m.max_score),
                                     correct=bool(m.correct), content_hash=m.content_hash,
                                     marked=True))
            for attempt_id, top in totals.items():
                total = conn.execute(select(func.coalesce(func.sum(response_t.c.score), 0.0))
                                     .where(response_t.c.attempt_id == attempt_id)).scalar_one()
                conn.execute(update(attempt_t).where(attempt_t.c.id == attempt_id)
                             .values(score=float(total), max_score=int(top)))

    def _progress(self, conn: Connection, assignment_id: int,
                  roster: Sequence[Any]) -> list[Progress]:
        rows = conn.execute(
            select(attempt_t.c.student_id, attempt_t.c.id, attempt_t.c.finished_at,
                   attempt_t.c.score, attempt_t.c.max_score, _answered())
            .where(attempt_t.c.assignment_id == assignment_id)
            .order_by(attempt_t.c.id)).all()
        by: dict[int, list[Any]] = {}
        for r in rows:
            by.setdefault(r[0], []).append(r[1:])
        return [_one(s, by.get(s[0], [])) for s in roster]


@functools.cache
def _statements() -> dict[str, Any]:
    """The statements every student's Home runs, built once (building one costs more
    than running it). Each reads the student's own rows only, through their indexes."""
    sid: Any = bindparam("sid")
    classes = select(member_t.c.class_id).where(member_t.c.student_id == sid)
    return {
        "for_student": _select().where(
            assignment_t.c.class_id.in_(classes), assignment_t.c.withdrawn_at.is_(None),
            assignment_t.c.opens_at <= bindparam("now", type_=assignment_t.c.opens_at.type))
        .order_by(assignment_t.c.due_at, assignment_t.c.id),
        "me": select(student_t.c.id, student_t.c.name, student_t.c.number)
        .where(student_t.c.id == sid),
        "student_progress": select(
            attempt_t.c.assignment_id, attempt_t.c.id, attempt_t.c.finished_at,
            attempt_t.c.score, attempt_t.c.max_score, _answered())
        .where(attempt_t.c.student_id == sid,
               attempt_t.c.assignment_id.in_(bindparam("ids", expanding=True)))
        .order_by(attempt_t.c.id),
    }


def _reviewed() -> Any:
    """The cards reviewed for the attempt (each card once), on the card screen: what a
    card-review assignment counts (through the student's own reviews: their index)."""
    return (select(func.count(func.distinct(review_t.c.question_id)))
            .where(review_t.c.student_id == attempt_t.c.student_id,
                   review_t.c.attempt_id == attempt_t.c.id, review_t.c.source == "cards")
            .scalar_subquery())


def _answered() -> Any:
    """What the attempt has done so far: the questions answered, or, for a card-review
    attempt, the cards reviewed."""
    answers = (select(func.count()).select_from(response_t)
               .where(response_t.c.attempt_id == attempt_t.c.id).scalar_subquery())
    return case((attempt_t.c.mode == "cards", _reviewed()), else_=answers)


def _one(student: Any, attempts: Sequence[Any]) -> Progress:
    finished = [a for a in attempts if a[1] is not None]
    best = max(finished, key=lambda a: (a[2] / a[3]) if a[3] else 0.0, default=None)
    first = min((a[1] for a in finished), default=None)
    unfinished = [a for a in attempts if a[1] is None]
    return Progress(
        student_id=student[0], student=student[1], number=student[2],
        started=len(attempts), finished=len(finished),
        score=None if best is None else float(best[2]),
        max_score=None if best is None else int(best[3]),
        first_finished_at=utc.stored(first),
        answered=int(unfinished[-1][4]) if unfinished else 0,
        open_attempt=int(unfinished[-1][0]) if unfinished else None)


__all__ = ["AssignmentClosed", "AssignmentLocked", "AssignmentRow", "AssignmentStore", "Mark",
           "Progress", "UnknownAssignment", "UnmarkedAnswer", "db_now", "exam_deadline"]
