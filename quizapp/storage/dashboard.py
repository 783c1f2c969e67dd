"""The teacher's dashboard's queries (``quizapp teacher``): one aggregate each, over a class's
students (``class_name``) or every student (``None``).

Per-section figures need to know which section each question belongs to; that lives in the
question files, not the database, so it comes in as a mapping and is joined as a
``VALUES`` list (portable to SQLite and PostgreSQL).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import String, case, column, func, select, values

from quizapp.storage.attempts import attempt_t, response_t
from quizapp.storage.classes import class_student_ids
from quizapp.storage.students import StudentStore, guard, student_t
from quizapp.storage.tables import StoredFlashcard, StoredReview

card_t = StoredFlashcard.__table__
review_t = StoredReview.__table__


def _students(class_name: str | None):
    """A SELECT of the students' ids (the class's, or everyone's)."""
    if class_name is None:
        return select(student_t.c.id)
    return class_student_ids(class_name)


def section_table(section_of: Mapping[str, str]):
    """``(question_id, section)`` as a ``VALUES`` list in a CTE named ``sec`` (SQLite does
    not name a ``VALUES`` subquery's columns)."""
    return values(column("question_id", String), column("section", String), name="sec").data(
        sorted(section_of.items()) or [("", "")]).cte("sec")


class DashboardStore(StudentStore):
    """The dashboard's reads (``attempt``, ``response``, ``card_state``, ``review_log``)."""

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
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

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
        a, r = attempt_t, response_t
        query = (select(student_t.c.name)
                 .where(student_t.c.id.in_(_students(class_name)))
                 .where(select(r.c.id).join(a, a.c.id == r.c.attempt_id)
                        .where(a.c.student_id == student_t.c.id).exists()))
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

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
        if class_name is not None:
            query = query.where(a.c.student_id.in_(class_student_ids(class_name)))
        with self.engine.connect() as conn:
            return [(s, int(n), float(sx or 0), float(sm or 0))
                    for s, n, sx, sm in conn.execute(query)]

    @guard
    def dash_answers(self, question_id: str,
                     class_name: str | None = None) -> list[tuple[object, int]]:
        """The answers given to one question in finished attempts, each decoded from JSON
        with how many times it was given (most often first)."""
        a, r = attempt_t, response_t
        query = (select(r.c.response, func.count())
                 .join(a, a.c.id == r.c.attempt_id)
                 .where(r.c.question_id == question_id, a.c.finished_at.is_not(None))
                 .group_by(r.c.response)
                 .order_by(func.count().desc(), r.c.response))
        if class_name is not None:
            query = query.where(a.c.student_id.in_(class_student_ids(class_name)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [(None if raw is None else _json(raw), int(n)) for raw, n in rows]

    @guard
    def dash_cards(self, class_name: str | None = None) -> list[tuple[str, str]]:
        """Every flashcard state of the students: ``(question_id, FlashcardState JSON)``."""
        query = (select(card_t.c.question_id, card_t.c.card)
                 .where(card_t.c.student_id.in_(_students(class_name))))
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query)]

    @guard
    def dash_overdue(self, now: datetime, class_name: str | None = None) -> int:
        """How many of the students' flashcards are past due at ``now``."""
        query = (select(func.count()).select_from(card_t)
                 .where(card_t.c.student_id.in_(_students(class_name)), card_t.c.due < now))
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    @guard
    def dash_last_reviews(self, class_name: str | None = None
                          ) -> list[tuple[str, datetime | None]]:
        """Each student with the time of their last flashcard review (``None``: never)."""
        from quizapp.storage.reports import _aware

        last = (select(review_t.c.student_id, func.max(review_t.c.reviewed_at).label("at"))
                .group_by(review_t.c.student_id).subquery("last"))
        query = (select(student_t.c.name, last.c.at)
                 .select_from(student_t.outerjoin(last, last.c.student_id == student_t.c.id))
                 .where(student_t.c.id.in_(_students(class_name)))
                 .order_by(student_t.c.name))
        with self.engine.connect() as conn:
            return [(name, _aware(at)) for name, at in conn.execute(query)]

    @guard
    def dash_percents(self, class_name: str | None = None) -> list[float]:
        """The percentage of every finished attempt (for the distribution of scores)."""
        a = attempt_t
        pct = case((a.c.max_score > 0, 100.0 * a.c.score / a.c.max_score))
        query = (select(pct).where(a.c.finished_at.is_not(None), a.c.max_score > 0)
                 .where(a.c.student_id.in_(_students(class_name))).order_by(a.c.id))
        with self.engine.connect() as conn:
            return [float(p) for p in conn.execute(query).scalars()]


def _json(raw):
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return raw
