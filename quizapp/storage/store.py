"""The score store: the one object the UI, the CLI and the scheduler use to read and write scores.

>>> store = Store.open("sqlite:///scores.db")          # doctest: +SKIP
>>> alice = store.student("Alice")
>>> aid = store.start_attempt(alice, "exam", ["01-basics"], spec.to_dict(), seed=7, max_score=10)
>>> store.record_response(aid, "q1", q.content_hash(), encoded, 1.0, 1, True, 4.2)
>>> store.finish_attempt(aid, 8.0, 10)

Every write is one short transaction, committed before the method returns: an answer
recorded is an answer kept, even if the process is killed the next instant. Every datetime
going in must be timezone-aware; every datetime coming out is UTC-aware. Database failures
surface as :class:`StorageError` with a one-line message.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Engine, and_, bindparam, func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from quizapp.storage.engine import StorageError, first_line, make_engine, safe_url, write_tx
from quizapp.storage.migrations import ensure_schema
from quizapp.storage.tables import (
    Attempt,
    CardState,
    Response,
    ReviewLog,
    Student,
    utcnow,
)

P = ParamSpec("P")
R = TypeVar("R")

student_t = Student.__table__
attempt_t = Attempt.__table__
response_t = Response.__table__
card_t = CardState.__table__
review_t = ReviewLog.__table__


def set_label(set_keys: Iterable[str]) -> str:
    """The label an attempt's sets are stored and grouped under: sorted keys, comma-joined
    (``""`` means every set)."""
    return ",".join(sorted({k for k in set_keys if k}))


def _guard(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn driver errors into :class:`StorageError` (one line, no traceback for users)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except DBAPIError as exc:
            raise StorageError(f"database error in {fn.__name__}: {first_line(exc)}") from exc

    return wrapper


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    """One attempt as reports and the resume prompt show it."""

    id: int
    student: str
    mode: str
    set_keys: tuple[str, ...]
    seed: int | None
    started_at: datetime
    finished_at: datetime | None
    score: float
    max_score: int
    answered: int

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def percent(self) -> float | None:
        """Score as a percentage of the maximum (``None`` when the maximum is 0)."""
        return 100.0 * self.score / self.max_score if self.max_score else None


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    """One stored answer; ``response`` is the decoded JSON (``None``: no answer)."""

    question_id: str
    content_hash: str
    response: Any
    score: float
    max_score: int
    correct: bool
    elapsed_s: float | None
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class AttemptDetail:
    """An attempt with what is needed to resume it: the spec, the seed and the answers so far
    (in the order they were given)."""

    summary: AttemptSummary
    spec: dict
    responses: tuple[ResponseRecord, ...]

    @property
    def id(self) -> int:
        return self.summary.id


@dataclass(frozen=True, slots=True)
class CardRecord:
    """A student's FSRS card for one question: ``card`` is ``fsrs.Card.to_dict()`` data."""

    question_id: str
    card: dict
    state: int
    due: datetime
    last_review: datetime | None
    content_hash: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One review: ``log`` is ``fsrs.ReviewLog.to_dict()`` data."""

    question_id: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    source: str
    attempt_id: int | None
    log: dict


def _summary_select():
    """Attempts with their student's name and the number of questions answered."""
    answered = (
        select(func.count())
        .where(response_t.c.attempt_id == attempt_t.c.id, response_t.c.response.is_not(None))
        .scalar_subquery()
    )
    return select(
        attempt_t.c.id,
        student_t.c.name.label("student"),
        attempt_t.c.mode,
        attempt_t.c.sets,
        attempt_t.c.seed,
        attempt_t.c.started_at,
        attempt_t.c.finished_at,
        attempt_t.c.score,
        attempt_t.c.max_score,
        answered.label("answered"),
    ).join(student_t, student_t.c.id == attempt_t.c.student_id)


# Statements built once (SQLAlchemy then reuses their compiled form on every call).
_FIND_STUDENT = select(student_t).where(student_t.c.name == bindparam("name"))
_HISTORY = (
    _summary_select()
    .where(attempt_t.c.student_id == bindparam("sid"))
    .order_by(attempt_t.c.started_at, attempt_t.c.id)
)


def _dt(value: Any) -> datetime | None:
    """An ISO string or datetime from fsrs data, as an aware datetime (``None`` stays ``None``)."""
    if value is None:
        return None
    return _when(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))


def _when(value: datetime | None) -> datetime:
    """``value`` (default: now) checked to be timezone-aware; raises ``ValueError`` if naive."""
    if value is None:
        return utcnow()
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()}: pass a timezone-aware one")
    return value


def _attempt_summary(row: Any) -> AttemptSummary:
    m = row._mapping
    return AttemptSummary(
        id=m["id"],
        student=m["student"],
        mode=m["mode"],
        set_keys=tuple(k for k in m["sets"].split(",") if k),
        seed=int(m["seed"]) if m["seed"] not in (None, "") else None,
        started_at=m["started_at"],
        finished_at=m["finished_at"],
        score=float(m["score"]),
        max_score=int(m["max_score"]),
        answered=int(m["answered"]),
    )


class Store:
    """Typed access to the score database. Build one with :meth:`open`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        #: The database URL with its password masked.
        self.url = safe_url(engine.url)

    # -- lifecycle ----------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True) -> Store:
        """Open (creating or upgrading the schema) the database at ``url``.

        ``None`` means :func:`quizapp.paths.db_url` (``QUIZAPP_DB`` or the default SQLite
        file, whose folder is created). With ``create=False`` a missing SQLite file is an
        error. Raises :class:`StorageError` for a file that is not a database or is corrupt
        (the file is left untouched), a newer schema version, or an unreachable server.
        """
        from quizapp import paths

        if url is None:
            url = paths.db_url()
            if url == f"sqlite:///{paths.default_db_path()}" and create:
                paths.data_dir(create=True)
        engine = make_engine(url, create=create)
        try:
            ensure_schema(engine)
        except DBAPIError as exc:
            engine.dispose()
            raise StorageError(f"cannot prepare database {safe_url(url)}: {first_line(exc)}") from None
        except StorageError:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- students -----------------------------------------------------------------------

    def find_student_in(self, conn, name: str) -> Student | None:
        """:meth:`find_student` on an open connection."""
        return self._find_student(conn, name.strip())

    def _find_student(self, conn, name: str) -> Student | None:
        row = conn.execute(_FIND_STUDENT, {"name": name}).first()
        return Student(**row._mapping) if row is not None else None

    @_guard
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
                conn.execute(student_t.insert(), {"name": name, "created_at": utcnow()})
        except IntegrityError:
            pass  # another process created it first
        with self.engine.connect() as conn:
            found = self._find_student(conn, name)
        assert found is not None
        return found

    @_guard
    def find_student(self, name: str) -> Student | None:
        """The student called ``name``, or ``None`` (never creates one)."""
        with self.engine.connect() as conn:
            return self._find_student(conn, name.strip())

    @_guard
    def students(self) -> list[Student]:
        """Every student, by name."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(student_t).order_by(student_t.c.name)).all()
        return [Student(**r._mapping) for r in rows]

    def _student_id(self, student: Student | str, *, create: bool) -> int | None:
        if isinstance(student, Student):
            return student.id
        if create:
            return self.student(student).id
        found = self.find_student(student)
        return found.id if found is not None else None

    @_guard
    def set_new_cards_per_day(self, student: Student | str, limit: int | None) -> None:
        """Set a student's daily new-card limit (``None``: the app's default)."""
        if limit is not None and limit < 0:
            raise ValueError("the new-card limit cannot be negative")
        sid = self._student_id(student, create=True)
        with write_tx(self.engine) as conn:
            conn.execute(
                update(student_t).where(student_t.c.id == sid).values(new_cards_per_day=limit)
            )

    # -- attempts -----------------------------------------------------------------------

    @_guard
    def start_attempt(
        self,
        student: Student | str,
        mode: str,
        set_keys: Iterable[str],
        spec: dict,
        seed: int | None,
        max_score: int,
        *,
        at: datetime | None = None,
    ) -> int:
        """Record the start of a quiz; returns the attempt id.

        ``spec`` is ``QuizSpec.to_dict()`` and ``seed`` the session's seed: with them the
        quiz can be rebuilt exactly (see :meth:`attempt`).
        """
        sid = self._student_id(student, create=True)
        values = {
            "student_id": sid,
            "mode": str(mode),
            "sets": set_label(set_keys),
            "spec": json.dumps(spec, ensure_ascii=False, sort_keys=True),
            "seed": "" if seed is None else str(int(seed)),
            "started_at": _when(at),
            "finished_at": None,
            "score": 0.0,
            "max_score": int(max_score),
        }
        with write_tx(self.engine) as conn:
            result = conn.execute(attempt_t.insert().returning(attempt_t.c.id), values)
            return int(result.scalar_one())

    @_guard
    def record_response(
        self,
        attempt_id: int,
        question_id: str,
        content_hash: str,
        response_json: Any,
        score: float,
        max_score: int,
        correct: bool,
        elapsed_s: float | None,
        *,
        at: datetime | None = None,
    ) -> None:
        """Store one answer and commit it before returning.

        ``response_json`` is JSON-able data (the engine's ``encode_response`` output;
        ``None`` = no answer). A second answer to the same question in the same attempt,
        or an unknown attempt, raises :class:`StorageError`.
        """
        values = {
            "attempt_id": attempt_id,
            "question_id": question_id,
            "content_hash": content_hash,
            "response": None
            if response_json is None
            else json.dumps(response_json, ensure_ascii=False),
            "score": float(score),
            "max_score": int(max_score),
            "correct": bool(correct),
            "elapsed_s": None if elapsed_s is None else float(elapsed_s),
            "answered_at": _when(at),
        }
        try:
            with write_tx(self.engine) as conn:
                conn.execute(response_t.insert(), values)
        except IntegrityError as exc:
            raise StorageError(
                f"cannot record {question_id!r} in attempt {attempt_id}: "
                "already answered there, or no such attempt"
            ) from exc

    @_guard
    def finish_attempt(
        self,
        attempt_id: int,
        score: float,
        max_score: int,
        *,
        unanswered: Iterable[tuple[str, str, int]] = (),
        at: datetime | None = None,
    ) -> None:
        """Mark an attempt finished with its final score (idempotent: a finished attempt
        keeps its first finish time and score).

        ``unanswered`` lists ``(question_id, content_hash, max_score)`` for questions the
        quiz asked but got no answer to; they are stored as zero-score responses (with no
        answer) so item statistics count them, as a finished quiz does.
        """
        when = _when(at)
        with write_tx(self.engine) as conn:
            result = conn.execute(
                update(attempt_t)
                .where(attempt_t.c.id == attempt_id, attempt_t.c.finished_at.is_(None))
                .values(finished_at=when, score=float(score), max_score=int(max_score))
            )
            if result.rowcount == 0:
                exists = conn.execute(
                    select(attempt_t.c.id).where(attempt_t.c.id == attempt_id)
                ).first()
                if exists is None:
                    raise StorageError(f"no attempt {attempt_id}")
                return
            missing = list(unanswered)
            if missing:
                have = set(
                    conn.execute(
                        select(response_t.c.question_id).where(
                            response_t.c.attempt_id == attempt_id
                        )
                    ).scalars()
                )
                rows = [
                    {"attempt_id": attempt_id, "question_id": qid, "content_hash": h,
                     "response": None, "score": 0.0, "max_score": int(m), "correct": False,
                     "elapsed_s": None, "answered_at": when}
                    for qid, h, m in missing
                    if qid not in have
                ]
                if rows:
                    conn.execute(response_t.insert(), rows)

    @_guard
    def unfinished_attempts(self, student: Student | str) -> list[AttemptSummary]:
        """The student's unfinished attempts, newest first (to offer resuming them)."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return []
        query = (
            _summary_select()
            .where(attempt_t.c.student_id == sid, attempt_t.c.finished_at.is_(None))
            .order_by(attempt_t.c.started_at.desc(), attempt_t.c.id.desc())
        )
        with self.engine.connect() as conn:
            return [_attempt_summary(r) for r in conn.execute(query)]

    @_guard
    def history(self, student: Student | str) -> list[AttemptSummary]:
        """Every attempt of the student, oldest first (``percent`` on each)."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return []
        with self.engine.connect() as conn:
            return self.history_in(conn, sid)

    def history_in(self, conn, student_id: int) -> list[AttemptSummary]:
        """:meth:`history` on an open connection (reports run several queries on one)."""
        return [_attempt_summary(r) for r in conn.execute(_HISTORY, {"sid": student_id})]

    @_guard
    def attempt(self, attempt_id: int) -> AttemptDetail | None:
        """An attempt with its spec, seed and responses (in answer order), or ``None``.

        To resume: ``QuizSpec.from_dict(detail.spec)`` with ``seed=detail.summary.seed``,
        ``build_session``, then ``session.replay(r.question_id, decode_response(q, r.response),
        r.elapsed_s)`` for each response.
        """
        with self.engine.connect() as conn:
            row = conn.execute(
                _summary_select()
                .add_columns(attempt_t.c.spec)
                .where(attempt_t.c.id == attempt_id)
            ).first()
            if row is None:
                return None
            rows = conn.execute(
                select(response_t)
                .where(response_t.c.attempt_id == attempt_id)
                .order_by(response_t.c.answered_at, response_t.c.id)
            ).all()
        responses = tuple(
            ResponseRecord(
                question_id=r.question_id,
                content_hash=r.content_hash,
                response=None if r.response is None else json.loads(r.response),
                score=float(r.score),
                max_score=int(r.max_score),
                correct=bool(r.correct),
                elapsed_s=r.elapsed_s,
                answered_at=r.answered_at,
            )
            for r in rows
        )
        return AttemptDetail(_attempt_summary(row), json.loads(row.spec), responses)

    @_guard
    def recent_wrong_ids(self, student: Student | str, limit: int = 50) -> list[str]:
        """Question ids the student last answered wrong (and not right since), most recent
        first: the questions review mode asks again."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return []
        ranked = (
            select(
                response_t.c.question_id,
                response_t.c.correct,
                response_t.c.answered_at,
                func.row_number()
                .over(
                    partition_by=response_t.c.question_id,
                    order_by=(response_t.c.answered_at.desc(), response_t.c.id.desc()),
                )
                .label("rn"),
            )
            .join(attempt_t, attempt_t.c.id == response_t.c.attempt_id)
            .where(attempt_t.c.student_id == sid)
            .subquery()
        )
        query = (
            select(ranked.c.question_id)
            .where(ranked.c.rn == 1, ranked.c.correct.is_(False))
            .order_by(ranked.c.answered_at.desc(), ranked.c.question_id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    @_guard
    def best_by_set(self, student: Student | str) -> dict[str, float]:
        """The best percentage per set label (see :func:`set_label`) over finished attempts."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return {}
        pct = 100.0 * attempt_t.c.score / attempt_t.c.max_score
        query = (
            select(attempt_t.c.sets, func.max(pct))
            .where(
                attempt_t.c.student_id == sid,
                attempt_t.c.finished_at.is_not(None),
                attempt_t.c.max_score > 0,
            )
            .group_by(attempt_t.c.sets)
        )
        with self.engine.connect() as conn:
            return {label: float(best) for label, best in conn.execute(query)}

    # -- flashcard state (FSRS) ---------------------------------------------------------

    @staticmethod
    def _card_record(row: Any) -> CardRecord:
        return CardRecord(
            question_id=row.question_id,
            card=json.loads(row.card),
            state=int(row.state),
            due=row.due,
            last_review=row.last_review,
            content_hash=row.content_hash,
            created_at=row.created_at,
        )

    @_guard
    def cards(
        self, student: Student | str, question_ids: Sequence[str] | None = None
    ) -> dict[str, CardRecord]:
        """The student's cards by question id (only ``question_ids`` when given)."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return {}
        query = select(card_t).where(card_t.c.student_id == sid)
        if question_ids is not None:
            query = query.where(card_t.c.question_id.in_(list(question_ids)))
        with self.engine.connect() as conn:
            return {r.question_id: self._card_record(r) for r in conn.execute(query)}

    @_guard
    def due_cards(
        self, student: Student | str, now: datetime | None = None, limit: int | None = None
    ) -> list[CardRecord]:
        """The student's cards due at ``now`` (default: now), earliest due first."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return []
        query = (
            select(card_t)
            .where(card_t.c.student_id == sid, card_t.c.due <= _when(now))
            .order_by(card_t.c.due, card_t.c.question_id)
        )
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [self._card_record(r) for r in conn.execute(query)]

    @_guard
    def next_due(self, student: Student | str) -> datetime | None:
        """When the student's next card falls due (``None``: no cards yet)."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return None
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.min(card_t.c.due)).where(card_t.c.student_id == sid)
            ).scalar_one()

    @_guard
    def new_cards_since(self, student: Student | str, since: datetime) -> int:
        """How many cards the student saw for the first time at or after ``since`` (the
        daily new-card limit counts these from the start of the day)."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return 0
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).where(
                        card_t.c.student_id == sid, card_t.c.created_at >= _when(since)
                    )
                ).scalar_one()
            )

    @_guard
    def save_review(
        self,
        student: Student | str,
        question_id: str,
        card: dict,
        log: dict,
        *,
        content_hash: str = "",
        source: str = "cards",
        attempt_id: int | None = None,
    ) -> None:
        """Save a card's new state and its review log row in ONE transaction.

        ``card`` is ``fsrs.Card.to_dict()`` after the review and ``log`` the matching
        ``fsrs.ReviewLog.to_dict()``; ``due``, ``state``, ``last_review``, ``rating``,
        ``review_datetime`` and ``review_duration`` are read from them.
        """
        sid = self._student_id(student, create=True)
        due = _dt(card["due"])
        reviewed_at = _dt(log["review_datetime"])
        if due is None or reviewed_at is None:
            raise ValueError("card 'due' and log 'review_datetime' are required")
        state = {
            "student_id": sid,
            "question_id": question_id,
            "card": json.dumps(card, ensure_ascii=False, sort_keys=True),
            "state": int(card["state"]),
            "due": due,
            "last_review": _dt(card.get("last_review")),
            "content_hash": content_hash,
            "updated_at": utcnow(),
        }
        review = {
            "student_id": sid,
            "question_id": question_id,
            "rating": int(log["rating"]),
            "reviewed_at": reviewed_at,
            "duration_ms": log.get("review_duration"),
            "source": source,
            "attempt_id": attempt_id,
            "log": json.dumps(log, ensure_ascii=False, sort_keys=True),
        }
        with write_tx(self.engine) as conn:
            self._upsert_card(conn, state, created_at=reviewed_at)
            conn.execute(review_t.insert(), review)

    def _upsert_card(self, conn, values: dict, *, created_at: datetime) -> None:
        changing = {k: v for k, v in values.items() if k not in ("student_id", "question_id")}
        name = conn.dialect.name
        if name in ("sqlite", "postgresql"):
            if name == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:
                from sqlalchemy.dialects.postgresql import insert
            stmt = insert(card_t).values(**values, created_at=created_at)
            stmt = stmt.on_conflict_do_update(
                index_elements=[card_t.c.student_id, card_t.c.question_id], set_=changing
            )
            conn.execute(stmt)
            return
        result = conn.execute(
            update(card_t)
            .where(and_(card_t.c.student_id == values["student_id"],
                        card_t.c.question_id == values["question_id"]))
            .values(**changing)
        )
        if result.rowcount == 0:
            conn.execute(card_t.insert(), {**values, "created_at": created_at})

    @_guard
    def review_logs(
        self, student: Student | str, question_id: str | None = None
    ) -> list[ReviewRecord]:
        """The student's reviews (of one question when given), oldest first."""
        sid = self._student_id(student, create=False)
        if sid is None:
            return []
        query = select(review_t).where(review_t.c.student_id == sid)
        if question_id is not None:
            query = query.where(review_t.c.question_id == question_id)
        query = query.order_by(review_t.c.reviewed_at, review_t.c.id)
        with self.engine.connect() as conn:
            return [
                ReviewRecord(
                    question_id=r.question_id,
                    rating=int(r.rating),
                    reviewed_at=r.reviewed_at,
                    duration_ms=r.duration_ms,
                    source=r.source,
                    attempt_id=r.attempt_id,
                    log=json.loads(r.log),
                )
                for r in conn.execute(query)
            ]
