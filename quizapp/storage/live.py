"""The live class in the score database: sessions, members and their answers.

Every change is one short transaction, committed before the method returns. On PostgreSQL
each change also sends a ``NOTIFY`` in the same transaction (delivered at commit):
:func:`session_channel` when the session moves (students listen), :func:`host_channel` when
a student joins or answers (the host listens). SQLite clients poll instead (see
:mod:`quizapp.storage.live_notify`).

Answers are ordinary :class:`~quizapp.storage.tables.Response` rows of each member's
attempt (mode ``live``); the unique ``(attempt_id, question_id)`` keeps one answer per
question, so a retried or repeated answer is never counted twice. Students take seats and
send raw answers through :mod:`quizapp.storage.seats` (the host marks them); this module
is the host's side.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Text, bindparam, func, select, text, update
from sqlalchemy.exc import IntegrityError

from quizapp.core import utc
from quizapp.core.messages import msg
from quizapp.storage.classes import ClassRoster, ClassStore
from quizapp.storage.engine import StorageError, write_tx
from quizapp.storage.live_notify import Reconnecting, watch
from quizapp.storage.live_tables import LiveMember, LiveSession
from quizapp.storage.seats import Marker, SeatQueries
from quizapp.storage.students import StudentStore
from quizapp.storage.students import guard as _guard
from quizapp.storage.tables import Attempt, Response, Student

session_t = LiveSession.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
member_t = LiveMember.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
attempt_t = Attempt.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
response_t = Response.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped
student_t = Student.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped

#: The attempts of live classes are stored in this mode (``quizapp report --mode live``).
LIVE_MODE = "live"


def session_channel(session_id: int) -> str:
    """The PostgreSQL channel that says "the session moved" (students listen)."""
    return f"quizapp_live_{int(session_id)}"


def host_channel(session_id: int) -> str:
    """The PostgreSQL channel that says "a student joined or answered" (the host listens)."""
    return f"quizapp_live_{int(session_id)}_host"


def notice(version: int, state: str, current: int, opened_at: datetime | None,
           code: str = "") -> str:
    """The payload of a session's ``NOTIFY``: its new state as JSON, so a listener can
    move on without reading the row (``v``: the version). ``code`` tells the session apart
    from a session of the same id in another schema of the database (channels are the
    database's, not a schema's)."""
    return json.dumps({"v": int(version), "state": state, "current": int(current),
                       "opened_at": opened_at.isoformat() if opened_at is not None else None,
                       "code": code})


@dataclass(frozen=True, slots=True)
class SessionRow:
    id: int
    code: str
    title: str
    spec: dict
    questions: list
    class_name: str | None
    seconds: float | None
    speed: bool
    leaderboard: bool
    state: str
    current: int
    opened_at: datetime | None
    version: int
    created_at: datetime
    ended_at: datetime | None
    #: The questions without their answers, as students receive them (version 6).
    shown: list = dataclasses.field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MemberRow:
    name: str
    student_id: int
    attempt_id: int
    joined_at: datetime


@dataclass(frozen=True, slots=True)
class AnswerRow:
    name: str
    attempt_id: int
    question_id: str
    response: Any
    score: float
    max_score: int
    correct: bool
    elapsed_s: float | None
    #: The response row (the host marks it by this id) and whether it is marked yet.
    id: int = 0
    marked: bool = True


class SessionMoved(StorageError):
    """The session has ended, or another host moved it since this one read it: the move
    was not made."""

    def __init__(self) -> None:
        super().__init__(msg("storage.live_moved"))


class CodeTaken(StorageError):
    """The class code asked for is another session's."""

    def __init__(self, code: str) -> None:
        super().__init__(msg("storage.live_code_taken", code=code))
        self.code = code


class NoFreeCode(StorageError):
    """No free class code was found (the codes are nearly all in use)."""

    def __init__(self) -> None:
        super().__init__(msg("storage.live_no_code"))


class NoSuchSession(StorageError):
    """No session has that id."""

    def __init__(self) -> None:
        super().__init__(msg("storage.live_no_session"))


def _json_list(value: Any) -> list:
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return []
    return data if isinstance(data, list) else []


def _session_row(row: Any) -> SessionRow:
    m = row._mapping
    try:
        spec = json.loads(m["spec"]) if "spec" in m else {}
        questions = json.loads(m["questions"]) if "questions" in m else []
    except (TypeError, ValueError):
        spec, questions = {}, []
    return SessionRow(
        id=m["id"], code=m["code"], title=m["title"], spec=spec if isinstance(spec, dict) else {},
        questions=questions if isinstance(questions, list) else [],
        class_name=m["class_name"], seconds=m["seconds"], speed=bool(m["speed"]),
        leaderboard=bool(m["leaderboard"]), state=m["state"], current=int(m["current"]),
        opened_at=m["opened_at"], version=int(m["version"]), created_at=m["created_at"],
        ended_at=m["ended_at"], shown=_json_list(m["shown"]) if "shown" in m else [])


def _answer_row(row: Any) -> AnswerRow:
    try:
        data = None if row.response is None else json.loads(row.response)
    except ValueError:
        data = None
    return AnswerRow(name=row.name, attempt_id=row.attempt_id, question_id=row.question_id,
                     response=data, score=float(row.score), max_score=int(row.max_score),
                     correct=bool(row.correct), elapsed_s=row.elapsed_s, id=int(row.id),
                     marked=bool(row.marked))


_ANSWERS = (
    select(student_t.c.name, response_t.c.attempt_id, response_t.c.question_id,
           response_t.c.response, response_t.c.score, response_t.c.max_score,
           response_t.c.correct, response_t.c.elapsed_s, response_t.c.id,
           response_t.c.marked)
    .select_from(member_t)
    .join(response_t, response_t.c.attempt_id == member_t.c.attempt_id)
    .join(student_t, student_t.c.id == member_t.c.student_id)
)


@functools.cache
def _move_statement(postgres: bool, opened: bool, ended: bool, expect: bool) -> Any:
    """:meth:`LiveStore.move`'s statement (built once per shape): the update returning the
    new row; on PostgreSQL with the session's notice (its new state as JSON, the same as
    :func:`notice`) and ``synchronous_commit`` off for its transaction."""
    values: dict[str, Any] = {"state": bindparam("to_state"), "current": bindparam("to_current"),
                              "version": session_t.c.version + 1}
    if opened:
        # the database's clock, where there is a server: every client's time is measured
        # against it (a SQLite file has no server: the host's clock)
        values["opened_at"] = (func.now() if postgres else
                               bindparam("to_opened_at", type_=session_t.c.opened_at.type))
    if ended:
        values["ended_at"] = bindparam("to_ended_at", type_=session_t.c.ended_at.type)
    query = update(session_t).where(session_t.c.id == bindparam("session_id"),
                                    session_t.c.state != "ended")
    if expect:
        query = query.where(session_t.c.version == bindparam("expect_version"))
    query = query.values(**values).returning(*session_t.c)
    if not postgres:
        return query
    moved = query.cte("moved")
    opened_text = func.to_char(func.timezone("UTC", moved.c.opened_at),
                               'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
    payload = func.json_build_object("v", moved.c.version, "state", moved.c.state,
                                     "current", moved.c.current, "opened_at", opened_text,
                                     "code", moved.c.code)
    return select(
        *moved.c,
        func.set_config("synchronous_commit", "off", True).label("durable_later"),
        func.pg_notify(bindparam("channel", type_=Text), payload.cast(Text)).label("notified"))


class LiveStore(SeatQueries, StudentStore):
    """The live-class queries on one engine (share it between threads freely)."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.backend = engine.dialect.name

    def _single(self) -> Connection:
        """A connection for one statement that stands alone: on PostgreSQL each statement is
        its own transaction (one statement reads one snapshot, and commits as a whole),
        so it is one round trip to the server, not three (``BEGIN``, it, ``COMMIT`` or
        ``ROLLBACK``). SQLite is unchanged."""
        conn = self.engine.connect()
        if self.backend == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT")
        return conn

    def roster(self) -> ClassRoster:
        """The class rosters in the same database
        (:class:`quizapp.services.ports.RosterPort`)."""
        return ClassRoster(ClassStore(self.engine))

    def watch_session(self, session_id: int) -> Reconnecting:
        """A watcher told when the session moves (students wait on it)."""
        return watch(self.engine, session_channel(session_id))

    def watch_host(self, session_id: int) -> Reconnecting:
        """A watcher told when a student joins or answers (the host waits on it)."""
        return watch(self.engine, host_channel(session_id))

    def _notify(self, conn, channel: str, payload: str = "") -> None:
        if self.backend == "postgresql":
            conn.execute(text("SELECT pg_notify(:c, :p)"), {"c": channel, "p": payload})

    # -- sessions -------------------------------------------------------------------------

    @_guard
    def create_session(self, *, title: str, spec: dict, questions: list, seconds: float | None,
                       speed: bool, leaderboard: bool, class_name: str | None = None,
                       code: str | None = None, shown: list | None = None) -> SessionRow:
        """A new session in the lobby with a fresh 6-digit code (``code`` to choose it).
        ``questions`` holds the answers (the host's); ``shown`` the same questions without
        them (what students receive)."""
        for _ in range(50):
            chosen = code or f"{secrets.randbelow(10**6):06d}"
            values = {
                "code": chosen, "title": title[:200],
                "spec": json.dumps(spec, ensure_ascii=False, sort_keys=True),
                "questions": json.dumps(questions, ensure_ascii=False),
                "shown": json.dumps(shown if shown is not None else [], ensure_ascii=False),
                "class_name": class_name, "seconds": seconds, "speed": bool(speed),
                "leaderboard": bool(leaderboard), "state": "lobby", "current": -1,
                "opened_at": None, "version": 0, "created_at": utc.now(), "ended_at": None,
            }
            try:
                with write_tx(self.engine) as conn:
                    conn.execute(session_t.insert(), values)
            except IntegrityError:
                if code is not None:
                    raise CodeTaken(code) from None
                continue
            found = self.session(chosen)
            assert found is not None
            return found
        raise NoFreeCode()

    @_guard
    def session(self, code: str) -> SessionRow | None:
        with self._single() as conn:
            row = conn.execute(select(session_t).where(session_t.c.code == code)).first()
        return _session_row(row) if row is not None else None

    @_guard
    def session_by_id(self, session_id: int) -> SessionRow | None:
        with self._single() as conn:
            row = conn.execute(select(session_t).where(session_t.c.id == session_id)).first()
        return _session_row(row) if row is not None else None

    @_guard
    def move(self, session_id: int, *, state: str, current: int,
             opened_at: datetime | None = None, expect_version: int | None = None,
             ) -> SessionRow:
        """Set the session's state and current question (bumping its version) and tell
        every student. With ``expect_version`` the move happens only if nobody moved the
        session since (else :class:`SessionMoved`).

        On PostgreSQL the move is one statement in a transaction of its own: the update,
        its notice (sent at commit) and a commit that does not wait for the WAL flush,
        in a single round trip, so the question leaves as soon as the server has it. A
        move is the host's to repeat: a server crash can lose only the moves made since
        the last durable commit (the WAL is written in order, so the next answer makes
        them durable too), never a torn session; answers and the end (which scores the
        attempts) stay fully durable."""
        params: dict[str, Any] = {"session_id": session_id, "to_state": state,
                                  "to_current": int(current)}
        opened = opened_at is not None
        if opened_at is not None and self.backend != "postgresql":
            params["to_opened_at"] = utc.aware(opened_at)
        if state == "ended":
            params["to_ended_at"] = utc.now()
        if expect_version is not None:
            params["expect_version"] = expect_version
        statement = _move_statement(self.backend == "postgresql", opened,
                                    "to_ended_at" in params, "expect_version" in params)
        if self.backend == "postgresql":
            params["channel"] = session_channel(session_id)
            with self._single() as conn:
                row = conn.execute(statement, params).first()
        else:
            with write_tx(self.engine) as conn:
                row = conn.execute(statement, params).first()
        if row is None:
            raise SessionMoved()
        return _session_row(row)

    @_guard
    def end(self, session_id: int, asked: Sequence[tuple[str, str, int]],
            marker: Marker | None = None) -> SessionRow:
        """End the session: the answers still unmarked are marked with ``marker`` and
        every member's attempt is finished with the score of its answers to the ``asked``
        questions (``(question_id, content_hash, points)``, the questions that were
        opened); those left unanswered are stored as no answer. One transaction."""
        now = utc.now()
        asked = list(asked)
        max_score = sum(int(p) for _, _, p in asked)
        with write_tx(self.engine) as conn:
            moved = conn.execute(
                update(session_t)
                .where(session_t.c.id == session_id, session_t.c.state != "ended")
                .values(state="ended", ended_at=now, version=session_t.c.version + 1)
                .returning(session_t.c.version, session_t.c.current, session_t.c.opened_at,
                           session_t.c.code)
            ).first()
            if moved is not None:
                if marker is not None:
                    self.mark_in(conn, session_id, None, marker)
                attempts = list(conn.execute(
                    select(member_t.c.attempt_id).where(member_t.c.session_id == session_id)
                ).scalars())
                self._finish_attempts(conn, attempts, asked, max_score, now)
                self._notify(conn, session_channel(session_id),
                             notice(moved.version, "ended", moved.current, moved.opened_at,
                                    moved.code))
        found = self.session_by_id(session_id)
        assert found is not None
        return found

    def _finish_attempts(self, conn, attempts: list[int], asked, max_score: int,
                         now: datetime) -> None:
        if not attempts:
            return
        have: dict[int, set[str]] = {a: set() for a in attempts}
        scores: dict[int, float] = dict.fromkeys(attempts, 0.0)
        asked_ids = {qid for qid, _, _ in asked}
        rows = conn.execute(
            select(response_t.c.attempt_id, response_t.c.question_id, response_t.c.score)
            .where(response_t.c.attempt_id.in_(attempts)))
        for attempt_id, qid, score in rows:
            have[attempt_id].add(qid)
            if qid in asked_ids:
                scores[attempt_id] += float(score)
        missing = [
            {"attempt_id": a, "question_id": qid, "content_hash": h, "response": None,
             "score": 0.0, "max_score": int(p), "correct": False, "elapsed_s": None,
             "answered_at": now}
            for a in attempts for qid, h, p in asked if qid not in have[a]
        ]
        if missing:
            conn.execute(response_t.insert(), missing)
        for a in attempts:
            conn.execute(
                update(attempt_t).where(attempt_t.c.id == a, attempt_t.c.finished_at.is_(None))
                .values(finished_at=now, score=scores[a], max_score=max_score))

    # -- members --------------------------------------------------------------------------

    @_guard
    def members(self, session_id: int) -> list[MemberRow]:
        """Everyone who joined, in the order they came."""
        with self._single() as conn:
            rows = conn.execute(
                select(student_t.c.name, member_t.c.student_id, member_t.c.attempt_id,
                       member_t.c.joined_at)
                .join(student_t, student_t.c.id == member_t.c.student_id)
                .where(member_t.c.session_id == session_id)
                .order_by(member_t.c.joined_at, member_t.c.id)).all()
        return [MemberRow(*r) for r in rows]

    # -- answers --------------------------------------------------------------------------

    @_guard
    def answers(self, session_id: int, question_ids: Iterable[str] | None = None,
                ) -> list[AnswerRow]:
        """The members' answers (to ``question_ids`` only, when given), in answer order."""
        query = _ANSWERS.where(member_t.c.session_id == session_id,
                               response_t.c.response.is_not(None))
        if question_ids is not None:
            query = query.where(response_t.c.question_id.in_(list(question_ids)))
        query = query.order_by(response_t.c.answered_at, response_t.c.id)
        with self._single() as conn:
            return [_answer_row(r) for r in conn.execute(query)]

    @_guard
    def answer_count(self, session_id: int, question_id: str) -> int:
        with self._single() as conn:
            return int(conn.execute(
                select(func.count()).select_from(member_t)
                .join(response_t, response_t.c.attempt_id == member_t.c.attempt_id)
                .where(member_t.c.session_id == session_id,
                       response_t.c.question_id == question_id,
                       response_t.c.response.is_not(None))).scalar_one())
