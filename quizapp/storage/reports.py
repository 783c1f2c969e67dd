"""Class reports, aggregated in SQL (GROUP BY, window functions): per student and set, one
student's attempts and most-missed questions, and per-question item statistics.

Item statistics follow Moodle's quiz statistics, over *finished* attempts:

- facility index: the mean score on the question as a share of its maximum
  (``SUM(score) / SUM(max_score)``);
- discrimination index: the Pearson correlation, over the attempts that include the
  question, between the question's score ``x`` and the rest of the test ``y`` (the attempt's
  total minus ``x``). SQL returns ``n, Σx, Σy, Σxy, Σx², Σy²`` per question (portable to
  SQLite and PostgreSQL); the final formula
  ``(nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²))`` is applied to those few sums per
  output row. It is undefined (``None``) when either score never varies.

Flags: ``too easy`` when facility > :data:`TOO_EASY` (0.9), ``too hard`` when facility <
:data:`TOO_HARD` (0.2), ``negative`` when the discrimination index is below 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Engine, bindparam, case, func, literal_column, select

from quizapp.core import utc
from quizapp.storage.attempts import (
    AttemptSummary,
    _attempt_summary,
    _summary_select,
    attempt_t,
    response_t,
)
from quizapp.storage.classes import class_student_ids
from quizapp.storage.students import (
    StudentKey,
    UnknownStudent,
    student_id_in,
    student_label,
    student_t,
)

TOO_EASY = 0.9
TOO_HARD = 0.2


@dataclass(frozen=True, slots=True)
class SetRow:
    """One student's results on one set label (``sets`` ``""`` = every set)."""

    student: str
    sets: str
    finished: int
    unfinished: int
    best: float | None
    last: float | None
    average: float | None


@dataclass(frozen=True, slots=True)
class MissedRow:
    """A question a student got wrong: how often it was answered and missed."""

    question_id: str
    answered: int
    wrong: int
    last_wrong: datetime | None


@dataclass(frozen=True, slots=True)
class StudentReport:
    student: str
    attempts: list[AttemptSummary]
    missed: list[MissedRow]
    #: how many questions the student has missed in all (``missed`` may hold fewer)
    missed_total: int = 0


@dataclass(frozen=True, slots=True)
class ItemRow:
    """Moodle-style statistics for one question (``facility`` 0..1, ``discrimination`` -1..1)."""

    question_id: str
    responses: int
    facility: float | None
    discrimination: float | None
    flags: tuple[str, ...]


def in_class(query, class_name: str | None, assignment_id: int | None = None):
    """``query`` (over ``attempt``) limited to the students of the class ``class_name``
    and (``assignment_id``) to the attempts made for that assignment."""
    if assignment_id is not None:
        query = query.where(attempt_t.c.assignment_id == assignment_id)
    if class_name is None:
        return query
    return query.where(attempt_t.c.student_id.in_(class_student_ids(class_name)))


def class_summary(engine: Engine, mode: str | None = None,
                  class_name: str | None = None,
                  assignment_id: int | None = None) -> list[SetRow]:
    """One row per student and set label: finished and unfinished attempts, and the best,
    last (most recently finished) and average percentage of the finished ones
    (``class_name``: only that class's students; ``assignment_id``: only the attempts made
    for that assignment)."""
    a = attempt_t
    done = a.c.finished_at.is_not(None)
    pct = case((done & (a.c.max_score > 0), 100.0 * a.c.score / a.c.max_score))
    ranked = select(
        a.c.student_id,
        a.c.sets,
        case((done, 1), else_=0).label("done"),
        pct.label("pct"),
        func.row_number()
        .over(
            partition_by=(a.c.student_id, a.c.sets, a.c.finished_at.is_(None)),
            order_by=(a.c.finished_at.desc(), a.c.id.desc()),
        )
        .label("rn"),
    )
    if mode is not None:
        ranked = ranked.where(a.c.mode == mode)
    r = in_class(ranked, class_name, assignment_id).subquery("r")
    label = student_label()
    query = (
        select(
            label,
            r.c.sets,
            func.sum(r.c.done),
            func.sum(1 - r.c.done),
            func.max(r.c.pct),
            func.max(case(((r.c.rn == 1) & (r.c.done == 1), r.c.pct))),
            func.avg(r.c.pct),
        )
        .join(student_t, student_t.c.id == r.c.student_id)
        .group_by(student_t.c.id, student_t.c.name, student_t.c.number, r.c.sets)
        .order_by(student_t.c.name, student_t.c.id, r.c.sets)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        SetRow(name, sets, int(fin), int(unf), _f(best), _f(last), _f(avg))
        for name, sets, fin, unf, best, last, avg in rows
    ]


def student_report(engine: Engine, name: StudentKey, missed_limit: int | None = 10,
                   assignment_id: int | None = None) -> StudentReport:
    """A student's attempts over time and the questions they miss most; raises
    :class:`StorageError` for an unknown student. ``name`` is a name (the first student of
    that name), a :func:`~quizapp.storage.students.student_label` or the student's id.
    ``assignment_id``: only the attempts made for that assignment (and their answers)."""
    if isinstance(name, str):
        name = name.strip()
    with engine.connect() as conn:  # one connection, one consistent snapshot
        sid = student_id_in(conn, name)
        if sid is None:
            raise UnknownStudent(str(name))
        history, missed_query = ((_HISTORY_BY_ID, _MISSED) if assignment_id is None
                                 else (_HISTORY_FOR_WORK, _MISSED_FOR_WORK))
        params = {"sid": sid, "work": assignment_id}
        attempts = [_attempt_summary(r) for r in conn.execute(history, params)]
        rows = conn.execute(missed_query,
                            {**params, "limit": missed_limit or 2**31 - 1}).all()
        shown = conn.execute(select(student_label()).where(student_t.c.id == sid)).scalar_one()
    missed = [MissedRow(q, int(n), int(w), utc.stored(last)) for q, n, w, last, _ in rows]
    return StudentReport(shown, attempts, missed, int(rows[0][4]) if rows else 0)


_HISTORY_BY_ID = (
    _summary_select()
    .where(attempt_t.c.student_id == bindparam("sid"))
    .order_by(attempt_t.c.started_at, attempt_t.c.id)
)
_HISTORY_FOR_WORK = _HISTORY_BY_ID.where(attempt_t.c.assignment_id == bindparam("work"))


def _missed_query():
    """A student's questions with at least one wrong answer, most missed first, each with how
    many there are in all (a window over the groups that pass ``HAVING``)."""
    r, a = response_t, attempt_t
    # literal numbers, not bound parameters: the sum repeated in HAVING and ORDER BY is then
    # the same expression, computed once
    one: ColumnElement[int] = literal_column("1")
    zero: ColumnElement[int] = literal_column("0")
    wrong = func.sum(case((r.c.correct.is_(False), one), else_=zero)).label("wrong")
    answered = func.count().label("answered")
    return (
        select(
            r.c.question_id,
            answered,
            wrong,
            func.max(case((r.c.correct.is_(False), r.c.answered_at))).label("last_wrong"),
            func.count().over().label("total"),
        )
        .join(a, a.c.id == r.c.attempt_id)
        .where(a.c.student_id == bindparam("sid"))
        .group_by(r.c.question_id)
        .having(wrong > zero)
        .order_by(wrong.desc(), (literal_column("1.0") * wrong / answered).desc(),
                  r.c.question_id)
        .limit(bindparam("limit"))
    )


_MISSED = _missed_query()
_MISSED_FOR_WORK = _MISSED.where(attempt_t.c.assignment_id == bindparam("work"))


def item_sums_query(mode: str | None = None, class_name: str | None = None,
                    assignment_id: int | None = None):
    """Per question: n, Σscore, Σmax, and the sums for the score/rest-of-test correlation,
    over finished attempts (``assignment_id``: those made for that assignment only)."""
    r, a = response_t, attempt_t
    x = r.c.score
    y = a.c.score - r.c.score
    query = (
        select(
            r.c.question_id,
            func.count(),
            func.sum(r.c.max_score),
            func.sum(x),
            func.sum(y),
            func.sum(x * y),
            func.sum(x * x),
            func.sum(y * y),
        )
        .join(a, a.c.id == r.c.attempt_id)
        .where(a.c.finished_at.is_not(None))
        .group_by(r.c.question_id)
        .order_by(r.c.question_id)
    )
    if mode is not None:
        query = query.where(a.c.mode == mode)
    return in_class(query, class_name, assignment_id)


def correlation(n: float, sx: float, sy: float, sxy: float, sxx: float, syy: float) -> float | None:
    """Pearson's r from sums; ``None`` when a variable never varies (or n < 2)."""
    if n < 2:
        return None
    vx = n * sxx - sx * sx
    vy = n * syy - sy * sy
    scale = max(abs(n * sxx), abs(n * syy), 1.0)
    if vx <= 1e-12 * scale or vy <= 1e-12 * scale:
        return None
    r = (n * sxy - sx * sy) / math.sqrt(vx * vy)
    return max(-1.0, min(1.0, r))


def item_report(engine: Engine, mode: str | None = None, class_name: str | None = None,
                assignment_id: int | None = None) -> list[ItemRow]:
    """Facility and discrimination per question, with flags (see the module docstring);
    ``assignment_id``: over that assignment's attempts only."""
    with engine.connect() as conn:
        rows = conn.execute(item_sums_query(mode, class_name, assignment_id)).all()
    items = []
    for qid, n, smax, sx, sy, sxy, sxx, syy in rows:
        n, smax = int(n), float(smax or 0)
        sx, sy, sxy, sxx, syy = (float(v or 0) for v in (sx, sy, sxy, sxx, syy))
        facility = sx / smax if smax else None
        disc = correlation(n, sx, sy, sxy, sxx, syy)
        flags = []
        if facility is not None and facility > TOO_EASY:
            flags.append("too easy")
        if facility is not None and facility < TOO_HARD:
            flags.append("too hard")
        if disc is not None and disc < 0:
            flags.append("negative")
        items.append(ItemRow(qid, n, facility, disc, tuple(flags)))
    return items


def _f(value) -> float | None:
    return None if value is None else float(value)
