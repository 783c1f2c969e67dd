"""The reports' and the teacher's dashboard's repository (:class:`ReportStore`): class
reports (:mod:`quizapp.storage.reports`, ``quizapp report``) and the dashboard's queries
(``quizapp teacher``), one aggregate each, over a class's students (``class_name``) or every
student (``None``).

Per-section figures need to know which section each question belongs to; that lives in the
question files, not the database, so it comes in as a mapping and is joined as a
``VALUES`` list (portable to SQLite and PostgreSQL).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Engine, String, bindparam, case, column, func, select, values

from quizapp.core import utc
from quizapp.core.messages import msg
from quizapp.storage.attempts import attempt_t, response_t
from quizapp.storage.classes import class_t, member_t
from quizapp.storage.engine import StorageError, first_line, single_statement_reads
from quizapp.storage.reports import (
    ItemRow,
    SetRow,
    StudentReport,
    class_summary,
    item_report,
    student_report,
)
from quizapp.storage.students import StudentKey, StudentStore, guard, student_label, student_t
from quizapp.storage.tables import StoredFlashcard, StoredReview, UTCDateTime

card_t = StoredFlashcard.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
review_t = StoredReview.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped


def _class_ids():
    """A SELECT of the ids of the students of the class named by the ``class_name`` parameter."""
    return (select(member_t.c.student_id)
            .join(class_t, class_t.c.id == member_t.c.class_id)
            .where(class_t.c.name == bindparam("class_name")))


def _only(query, column, class_name: str | None):
    """``query`` limited to the class's students (``column``: the student id it filters on)."""
    return query if class_name is None else query.where(column.in_(_class_ids()))


@functools.cache
def _statement(name: str, in_class: bool):
    """The dashboard's statements, built once (each for every student, or for a class named
    by the ``class_name`` parameter): building a statement costs more than running the
    small ones."""
    a, r, c = attempt_t, response_t, card_t
    who = "x" if in_class else None
    if name == "started":
        q = (select(student_label())
             .where(select(r.c.id).join(a, a.c.id == r.c.attempt_id)
                    .where(a.c.student_id == student_t.c.id).exists()))
        return _only(q, student_t.c.id, who)
    if name == "answers":
        q = (select(r.c.response, func.count())
             .join(a, a.c.id == r.c.attempt_id)
             .where(r.c.question_id == bindparam("qid"), a.c.finished_at.is_not(None))
             .group_by(r.c.response)
             .order_by(func.count().desc(), r.c.response))
        return _only(q, a.c.student_id, who)
    if name == "cards":
        return _only(select(c.c.question_id, c.c.card), c.c.student_id, who)
    if name == "overdue":
        count = select(func.count()).select_from(c).where(c.c.due < bindparam("now", type_=UTCDateTime))
        return _only(count, c.c.student_id, who)
    if name == "last_reviews":
        last = (select(review_t.c.student_id, func.max(review_t.c.reviewed_at).label("at"))
                .group_by(review_t.c.student_id).subquery("last"))
        q = (select(student_label(), last.c.at)
             .select_from(student_t.outerjoin(last, last.c.student_id == student_t.c.id))
             .order_by(student_t.c.name))
        return _only(q, student_t.c.id, who)
    if name == "percents":
        pct = case((a.c.max_score > 0, 100.0 * a.c.score / a.c.max_score))
        q = select(pct).where(a.c.finished_at.is_not(None), a.c.max_score > 0).order_by(a.c.id)
        return _only(q, a.c.student_id, who)
    raise KeyError(name)


def section_table(section_of: Mapping[str, str]):
    """``(question_id, section)`` as a ``VALUES`` list in a CTE named ``sec`` (SQLite does
    not name a ``VALUES`` subquery's columns), written into the statement as literals
    (properly quoted): thousands of bound parameters cost more than the query."""
    return values(column("question_id", String), column("section", String), name="sec",
                  literal_binds=True).data(sorted(section_of.items()) or [("", "")]).cte("sec")


class ReportStore(StudentStore):
    """Class reports and the dashboard's reads (``attempt``, ``response``, ``card_state``,
    ``review_log``, over a class's roster); the implementation of
    :class:`quizapp.services.ports.DashboardPort`.

    Each dashboard read is one statement, run without a transaction around it
    (:func:`~quizapp.storage.engine.single_statement_reads`), its rows fetched at once
    (``.all()``: iterating a result fetches one row per driver call); those with only text
    and numbers come back as the driver's own tuples (:meth:`_plain_rows`)."""

    @functools.cached_property
    def _reads(self) -> Engine:
        return single_statement_reads(self.engine)

    @functools.cached_property
    def _compiled(self) -> dict:
        return {}

    def _plain_rows(self, name: str, class_name: str | None, *, variant: object = None,
                    build=None, **params) -> list[tuple]:
        """The rows of the dashboard statement ``name`` as the driver returns them: plain
        tuples of text and numbers (these statements have no column whose type converts
        anything; ``params`` are given as the database takes them), compiled once for this
        database. SQLAlchemy's Row objects would double the
        work of a few thousand rows (their making, and the garbage collections it sets off),
        and executing through it costs as much as the small queries themselves."""
        key = (name, class_name is not None, variant)
        compiled = self._compiled.get(key)
        if compiled is None:
            statement = build(class_name) if build else _statement(name, class_name is not None)
            for old in [k for k in self._compiled if k[:2] == key[:2]]:
                del self._compiled[old]  # one variant kept per statement
            compiled = statement.compile(dialect=self.engine.dialect)
            self._compiled[key] = compiled
        values = compiled.construct_params({"class_name": class_name, **params})
        args = (values if compiled.positiontup is None
                else tuple(values[k] for k in compiled.positiontup))
        with self._reads.connect() as conn:
            cursor = conn.connection.cursor()
            try:
                cursor.execute(compiled.string, args)
                return list(cursor.fetchall())
            except conn.dialect.loaded_dbapi.Error as exc:
                raise StorageError(msg("storage.error_in", where=f"dash_{name}",
                                       error=first_line(exc))) from exc
            finally:
                cursor.close()

    @guard
    def dash_students(self, class_name: str | None = None) -> list[str]:
        """The class's students in roster order (every student by name without a class)."""
        if class_name is None:
            query = select(student_label()).order_by(student_t.c.name, student_t.c.id)
        else:
            query = (select(student_label())
                     .join(member_t, member_t.c.student_id == student_t.c.id)
                     .join(class_t, class_t.c.id == member_t.c.class_id)
                     .where(class_t.c.name == class_name)
                     .order_by(member_t.c.position, student_t.c.name))
        with self._reads.connect() as conn:
            return [name for (name,) in conn.execute(query).all()]

    @guard
    def class_summary(self, mode: str | None = None, class_name: str | None = None,
                      assignment_id: int | None = None) -> list[SetRow]:
        """One row per student and set label (:func:`~quizapp.storage.reports.class_summary`)."""
        return class_summary(self.engine, mode, class_name, assignment_id)

    @guard
    def student_report(self, name: StudentKey, missed_limit: int | None = 10,
                       assignment_id: int | None = None) -> StudentReport:
        """A student's attempts and most-missed questions
        (:func:`~quizapp.storage.reports.student_report`)."""
        return student_report(self.engine, name, missed_limit, assignment_id)

    @guard
    def item_report(self, mode: str | None = None, class_name: str | None = None,
                    assignment_id: int | None = None) -> list[ItemRow]:
        """Facility and discrimination per question
        (:func:`~quizapp.storage.reports.item_report`)."""
        return item_report(self.engine, mode, class_name, assignment_id)

    def dash_set_results(self, class_name: str | None = None) -> list[SetRow]:
        """Each student's best and last percentage per set label (:meth:`class_summary`)."""
        return self.class_summary(None, class_name)

    def dash_items(self, class_name: str | None = None) -> list[ItemRow]:
        """Facility and discrimination per question (:meth:`item_report`)."""
        return self.item_report(None, class_name)

    @guard
    def dash_started(self, class_name: str | None = None) -> set[str]:
        """The names of the students who have answered at least one question."""
        return {name for (name,) in self._plain_rows("started", class_name)}

    @guard
    def dash_sections(self, section_of: Mapping[str, str],
                      class_name: str | None = None) -> list[tuple[str, int, float, float]]:
        """Per section: responses, Σscore and Σmax over finished attempts.

        The statement carries the sections as literals, which SQLAlchemy cannot cache: it is
        compiled here once per mapping (compiling thousands of literals costs as much as
        the query)."""
        pairs = tuple(sorted(section_of.items()))

        def build(class_name: str | None):
            a, r = attempt_t, response_t
            sec = section_table(dict(pairs))
            query = (select(sec.c.section, func.count(), func.sum(r.c.score),
                            func.sum(r.c.max_score))
                     .select_from(r)
                     .join(a, a.c.id == r.c.attempt_id)
                     .join(sec, sec.c.question_id == r.c.question_id)
                     .where(a.c.finished_at.is_not(None))
                     .group_by(sec.c.section))
            return _only(query, a.c.student_id, class_name)

        rows = self._plain_rows("sections", class_name, variant=pairs, build=build)
        return [(s, int(n), float(sx or 0), float(sm or 0)) for s, n, sx, sm in rows]

    @guard
    def dash_set_parts(self, set_of: Mapping[str, str], class_name: str | None = None
                       ) -> list[tuple[str, int, bool, str, float, float]]:
        """The quizzes on more than one set (every set, from Home): per student, attempt
        and set of its questions, ``(student, attempt id, finished, set key, Σscore,
        Σmax)``, oldest attempt first, so that each counts toward every set it asked."""
        pairs = tuple(sorted(set_of.items()))

        def build(class_name: str | None):
            a, r = attempt_t, response_t
            sec = section_table(dict(pairs))
            query = (select(student_label(), a.c.id, a.c.finished_at.is_not(None),
                            sec.c.section, func.sum(r.c.score), func.sum(r.c.max_score))
                     .select_from(r)
                     .join(a, a.c.id == r.c.attempt_id)
                     .join(student_t, student_t.c.id == a.c.student_id)
                     .join(sec, sec.c.question_id == r.c.question_id)
                     .where((a.c.sets == "") | a.c.sets.contains(","))
                     .group_by(student_t.c.id, student_t.c.name, student_t.c.number, a.c.id,
                               a.c.finished_at, sec.c.section)
                     .order_by(a.c.finished_at.is_(None), a.c.finished_at, a.c.id))
            return _only(query, a.c.student_id, class_name)

        rows = self._plain_rows("set_parts", class_name, variant=pairs, build=build)
        return [(name, int(aid), bool(done), key, float(sx or 0), float(sm or 0))
                for name, aid, done, key, sx, sm in rows]

    @guard
    def dash_answers(self, question_id: str,
                     class_name: str | None = None) -> list[tuple[object, int]]:
        """The answers given to one question in finished attempts, each decoded from JSON
        with how many times it was given (most often first)."""
        rows = self._plain_rows("answers", class_name, qid=question_id)
        return [(None if raw is None else _json(raw), int(n)) for raw, n in rows]

    @guard
    def dash_cards(self, class_name: str | None = None) -> list[tuple[str, str]]:
        """Every flashcard state of the students: ``(question_id, FlashcardState JSON)``."""
        return self._plain_rows("cards", class_name)

    @guard
    def dash_overdue(self, now: datetime, class_name: str | None = None) -> int:
        """How many of the students' flashcards are past due at ``now``."""
        to_db = UTCDateTime().bind_processor(self.engine.dialect)
        ((count,),) = self._plain_rows("overdue", class_name, now=to_db(now) if to_db else now)
        return int(count or 0)

    @guard
    def dash_last_reviews(self, class_name: str | None = None
                          ) -> list[tuple[str, datetime | None]]:
        """Each student with the time of their last flashcard review (``None``: never)."""
        return [(name, utc.stored(at)) for name, at in self._plain_rows("last_reviews", class_name)]

    @guard
    def dash_percents(self, class_name: str | None = None) -> list[float]:
        """The percentage of every finished attempt (for the distribution of scores)."""
        return [float(p) for (p,) in self._plain_rows("percents", class_name)]


def _json(raw):
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return raw
