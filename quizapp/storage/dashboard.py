"""The teacher's dashboard's queries (``quizapp teacher``): one aggregate each, over a class's
students (``class_name``) or every student (``None``).

Per-section figures need to know which section each question belongs to; that lives in the
question files, not the database, so it comes in as a mapping and is joined as a
``VALUES`` list (portable to SQLite and PostgreSQL).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import Engine, String, bindparam, case, column, func, select, values

from quizapp.storage.attempts import attempt_t, response_t
from quizapp.storage.engine import single_statement_reads
from quizapp.storage.students import StudentStore, guard, student_t
from quizapp.storage.tables import StoredFlashcard, StoredReview, UTCDateTime

card_t = StoredFlashcard.__table__
review_t = StoredReview.__table__


def _class_ids():
    """A SELECT of the ids of the students of the class named by the ``class_name`` parameter."""
    from quizapp.storage.classes import class_t, member_t

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
        q = (select(student_t.c.name)
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
        q = select(func.count()).select_from(c).where(c.c.due < bindparam("now", type_=UTCDateTime))
        return _only(q, c.c.student_id, who)
    if name == "last_reviews":
        last = (select(review_t.c.student_id, func.max(review_t.c.reviewed_at).label("at"))
                .group_by(review_t.c.student_id).subquery("last"))
        q = (select(student_t.c.name, last.c.at)
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


class DashboardStore(StudentStore):
    """The dashboard's reads (``attempt``, ``response``, ``card_state``, ``review_log``).

    Each is one statement, run without a transaction around it
    (:func:`~quizapp.storage.engine.single_statement_reads`), its rows fetched at once
    (``.all()``: iterating a result fetches one row per driver call)."""

    @functools.cached_property
    def _reads(self) -> Engine:
        return single_statement_reads(self.engine)

    @guard
    def dash_students(self, class_name: str | None = None) -> list[str]:
        """The class's students in roster order (every student by name without a class)."""
        if class_name is None:
            query = select(student_t.c.name).order_by(student_t.c.name)
        else:
            from quizapp.storage.classes import class_t, member_t

            query = (select(student_t.c.name)
                     .join(member_t, member_t.c.student_id == student_t.c.id)
                     .join(class_t, class_t.c.id == member_t.c.class_id)
                     .where(class_t.c.name == class_name)
                     .order_by(member_t.c.position, student_t.c.name))
        with self._reads.connect() as conn:
            return conn.execute(query).scalars().all()

    def dash_set_results(self, class_name: str | None = None) -> list:
        """Each student's best and last percentage per set label (:func:`class_summary`)."""
        from quizapp.storage.reports import class_summary

        return class_summary(self, None, class_name)  # type: ignore[arg-type]

    def dash_items(self, class_name: str | None = None) -> list:
        """Facility and discrimination per question (:func:`item_report`)."""
        from quizapp.storage.reports import item_report

        return item_report(self, None, class_name)  # type: ignore[arg-type]

    @guard
    def dash_started(self, class_name: str | None = None) -> set[str]:
        """The names of the students who have answered at least one question."""
        with self._reads.connect() as conn:
            return set(conn.execute(_statement("started", class_name is not None),
                                    {"class_name": class_name}).scalars().all())

    @guard
    def dash_sections(self, section_of: Mapping[str, str],
                      class_name: str | None = None) -> list[tuple[str, int, float, float]]:
        """Per section: responses, Σscore and Σmax over finished attempts."""
        a, r = attempt_t, response_t
        sec = section_table(section_of)
        query = (select(sec.c.section, func.count(), func.sum(r.c.score), func.sum(r.c.max_score))
                 .select_from(r)
                 .join(a, a.c.id == r.c.attempt_id)
                 .join(sec, sec.c.question_id == r.c.question_id)
                 .where(a.c.finished_at.is_not(None))
                 .group_by(sec.c.section))
        query = _only(query, a.c.student_id, class_name)
        with self._reads.connect() as conn:
            rows = conn.execute(query, {"class_name": class_name}).all()
        return [(s, int(n), float(sx or 0), float(sm or 0)) for s, n, sx, sm in rows]

    @guard
    def dash_answers(self, question_id: str,
                     class_name: str | None = None) -> list[tuple[object, int]]:
        """The answers given to one question in finished attempts, each decoded from JSON
        with how many times it was given (most often first)."""
        with self._reads.connect() as conn:
            rows = conn.execute(_statement("answers", class_name is not None),
                                {"class_name": class_name, "qid": question_id}).all()
        return [(None if raw is None else _json(raw), int(n)) for raw, n in rows]

    @guard
    def dash_cards(self, class_name: str | None = None) -> Sequence[tuple[str, str]]:
        """Every flashcard state of the students: ``(question_id, FlashcardState JSON)``
        pairs (the result's rows as they come: tens of thousands of them, not copied)."""
        with self._reads.connect() as conn:
            return conn.execute(_statement("cards", class_name is not None),
                                {"class_name": class_name}).all()

    @guard
    def dash_overdue(self, now: datetime, class_name: str | None = None) -> int:
        """How many of the students' flashcards are past due at ``now``."""
        with self._reads.connect() as conn:
            return int(conn.execute(_statement("overdue", class_name is not None),
                                    {"class_name": class_name, "now": now}).scalar() or 0)

    @guard
    def dash_last_reviews(self, class_name: str | None = None
                          ) -> list[tuple[str, datetime | None]]:
        """Each student with the time of their last flashcard review (``None``: never)."""
        from quizapp.storage.reports import _aware

        with self._reads.connect() as conn:
            rows = conn.execute(_statement("last_reviews", class_name is not None),
                                {"class_name": class_name}).all()
        return [(name, _aware(at)) for name, at in rows]

    @guard
    def dash_percents(self, class_name: str | None = None) -> list[float]:
        """The percentage of every finished attempt (for the distribution of scores)."""
        with self._reads.connect() as conn:
            pcts = conn.execute(_statement("percents", class_name is not None),
                                {"class_name": class_name}).scalars().all()
        return [float(p) for p in pcts]


def _json(raw):
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return raw
