"""Seats in a live class, and the host's marks: the part of :class:`~quizapp.storage.live.
LiveStore` that a student's client may use with the least rights.

A seat is a session's member held by one client: the client makes a random token, the
database keeps its SHA-256, and every answer and read of the seat's own answers carries
the token. A student's client never writes a score: it sends its raw answer, the database
stamps its own time, and the host marks the answers (:meth:`SeatQueries.reveal` and
``end``) with the answer key only the host reads. A question's answer reaches students
only once it is revealed (:meth:`SeatQueries.revealed_question`).

On PostgreSQL the student's side runs in the ``SECURITY DEFINER`` functions of
:mod:`quizapp.storage.live_sql`, so a login with no rights on the tables can use it; on
SQLite (one machine, one file everyone can write) the same rules run here in Python.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, text, update

from quizapp.core import utc
from quizapp.storage.class_tables import ClassMember, SchoolClass
from quizapp.storage.engine import write_tx
from quizapp.storage.live_sql import (
    GRACE_SECONDS,
    MAX_RESPONSE_CHARS,
    MAX_SEATS,
    MAX_WAITING_REJOINS,
)
from quizapp.storage.live_tables import LiveMember, LiveRejoin, LiveSession
from quizapp.storage.students import guard
from quizapp.storage.tables import Attempt, Response, Student

session_t = LiveSession.__table__
member_t = LiveMember.__table__
rejoin_t = LiveRejoin.__table__
response_t = Response.__table__
attempt_t = Attempt.__table__
student_t = Student.__table__
class_t = SchoolClass.__table__
class_member_t = ClassMember.__table__

#: The session's columns a student may read: all but the answer key and the spec.
PUBLIC_COLUMNS = [c for c in session_t.c if c.name not in ("questions", "spec")]


def token_hash(token: str) -> str:
    """What the database keeps of a seat's token (the same as ``quizapp_token_hash``)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Mark:
    """The host's mark of one stored answer."""

    response_id: int
    score: float
    max_score: int
    correct: bool
    content_hash: str


@dataclass(frozen=True, slots=True)
class SeatAnswer:
    """One of the seat's own answers (``score`` and ``correct`` mean something once
    ``marked``)."""

    question_id: str
    response: Any
    score: float
    max_score: int
    correct: bool
    elapsed_s: float | None
    marked: bool


@dataclass(frozen=True, slots=True)
class RosterSeat:
    """A student the session's class may join as (``number``: only for namesakes)."""

    name: str
    number: str
    student_id: int


@dataclass(frozen=True, slots=True)
class RejoinRow:
    id: int
    name: str
    student_id: int
    requested_at: datetime


#: Called by the host's store with the unmarked answers; returns their marks.
Marker = Callable[[list[Any]], Sequence[Mark]]


def _decoded(value: str | None) -> Any:
    try:
        return None if value is None else json.loads(value)
    except ValueError:
        return None


class SeatQueries:
    """Seats, raw answers and marks (mixed into :class:`~quizapp.storage.live.LiveStore`,
    which provides ``engine``, ``backend``, ``_single``, ``_notify``)."""

    engine: Any
    backend: str

    def _single(self) -> Connection:  # pragma: no cover - provided by LiveStore
        raise NotImplementedError

    def _notify(self, conn: Connection, channel: str, payload: str = "") -> None:
        raise NotImplementedError  # pragma: no cover - provided by LiveStore

    @property
    def _pg(self) -> bool:
        return self.backend == "postgresql"

    # -- what a student reads --------------------------------------------------------------

    @guard
    def public_session(self, code: str | None = None, session_id: int | None = None) -> Any:
        """The session (by ``code`` or ``session_id``) as a student sees it: no answer key
        (``questions`` empty, ``shown`` the questions without their answers)."""
        from quizapp.storage.live import _session_row

        query = select(*PUBLIC_COLUMNS)
        query = (query.where(session_t.c.code == code) if code is not None
                 else query.where(session_t.c.id == session_id))
        with self._single() as conn:
            row = conn.execute(query).first()
        return _session_row(row) if row is not None else None

    @guard
    def revealed_question(self, session_id: int, index: int) -> dict | None:
        """Question ``index`` with its answer, once it is revealed (else ``None``)."""
        with self._single() as conn:
            if self._pg:
                raw = conn.execute(text("SELECT quizapp_live_key(:s, :i)"),
                                   {"s": session_id, "i": index}).scalar()
            else:
                row = conn.execute(select(session_t.c.questions, session_t.c.state,
                                          session_t.c.current)
                                   .where(session_t.c.id == session_id)).first()
                revealed = row is not None and 0 <= index and (
                    index < row.current
                    or (index == row.current and row.state in ("revealed", "ended")))
                raw = None
                if revealed and row is not None:
                    questions = _decoded(row.questions)
                    if isinstance(questions, list) and index < len(questions):
                        raw = json.dumps(questions[index], ensure_ascii=False)
        data = _decoded(raw)
        return data if isinstance(data, dict) else None

    @guard
    def session_roster(self, session_id: int) -> list[RosterSeat]:
        """The students the session's class may join as, in roster order (empty: no class,
        or it ended); the student number only of namesakes (what tells them apart)."""
        with self._single() as conn:
            if self._pg:
                rows = conn.execute(text("SELECT * FROM quizapp_live_roster(:s)"),
                                    {"s": session_id}).all()
                return [RosterSeat(r.name, r.number or "", r.student_id) for r in rows]
            rows = conn.execute(
                select(student_t.c.id, student_t.c.name, student_t.c.number)
                .select_from(session_t)
                .join(class_t, class_t.c.name == session_t.c.class_name)
                .join(class_member_t, class_member_t.c.class_id == class_t.c.id)
                .join(student_t, student_t.c.id == class_member_t.c.student_id)
                .where(session_t.c.id == session_id, session_t.c.state != "ended")
                .order_by(class_member_t.c.position, student_t.c.name)).all()
        counts: dict[str, int] = {}
        for r in rows:
            counts[r.name] = counts.get(r.name, 0) + 1
        return [RosterSeat(r.name, (r.number or "") if counts[r.name] > 1 else "", r.id)
                for r in rows]

    # -- a seat ---------------------------------------------------------------------------

    @guard
    def take_seat(self, session_id: int, name: str, token: str,
                  student_id: int | None = None) -> tuple[str, Any]:
        """Take (or take back, with the same token) the seat of ``name`` (on a class's
        roster: the student ``student_id`` when given, the one picked from it): ``("ok",
        member)``; or a refusal: ``taken`` (another client holds it), ``not_on_roster``,
        ``full`` (:data:`~quizapp.storage.live_sql.MAX_SEATS`), ``ended``, ``unknown``,
        ``no_name``."""
        from quizapp.storage.live import MemberRow

        name = " ".join(name.split())
        if self._pg:
            with self._single() as conn:
                row = conn.execute(text("SELECT * FROM quizapp_live_join(:s, :n, :t, :i)"),
                                   {"s": session_id, "n": name, "t": token,
                                    "i": student_id}).first()
            status = row.status if row is not None else "unknown"
            member = (MemberRow(row.name, row.student_id, row.attempt_id, row.joined_at)
                      if row is not None and status == "ok" else None)
            return status, member
        return self._sqlite_take_seat(session_id, name, token, student_id)

    def _sqlite_student(self, conn: Connection, session: Any, name: str,
                        student_id: int | None) -> int | None:
        if session.class_name is not None:
            query = (select(student_t.c.id).select_from(class_t)
                     .join(class_member_t, class_member_t.c.class_id == class_t.c.id)
                     .join(student_t, student_t.c.id == class_member_t.c.student_id)
                     .where(class_t.c.name == session.class_name, student_t.c.name == name))
            if student_id is not None:
                query = query.where(student_t.c.id == student_id)
            return conn.execute(query.order_by(class_member_t.c.position).limit(1)).scalar()
        # a name alone means the first student of that name (as everywhere)
        found = conn.execute(select(student_t.c.id).where(student_t.c.name == name)
                             .order_by(student_t.c.id).limit(1)).scalar()
        if found is None:
            found = conn.execute(student_t.insert().returning(student_t.c.id),
                                 {"name": name, "created_at": utc.now()}).scalar_one()
        return found

    def _sqlite_take_seat(self, session_id: int, name: str, token: str,
                          student_id: int | None) -> tuple[str, Any]:
        from quizapp.storage.live import MemberRow

        if not name or len(name) > 200 or not 16 <= len(token) <= 200:
            return "no_name", None
        hashed = token_hash(token)
        with write_tx(self.engine) as conn:
            session = conn.execute(select(session_t).where(session_t.c.id == session_id)).first()
            if session is None:
                return "unknown", None
            if session.state == "ended":
                return "ended", None
            who = self._sqlite_student(conn, session, name, student_id)
            if who is None:
                return "not_on_roster", None
            seat = conn.execute(select(member_t).where(member_t.c.session_id == session_id,
                                                       member_t.c.student_id == who)).first()
            if seat is None and conn.execute(
                    select(func.count()).select_from(member_t)
                    .where(member_t.c.session_id == session_id)).scalar_one() >= MAX_SEATS:
                return "full", None
            if seat is None:
                spec = _decoded(session.spec)
                spec = spec if isinstance(spec, dict) else {}
                questions = _decoded(session.questions)
                points = sum(int(q.get("fields", {}).get("points", 1))
                             for q in questions if isinstance(q, dict)) if isinstance(
                                 questions, list) else 0
                attempt_id = conn.execute(
                    attempt_t.insert().returning(attempt_t.c.id),
                    {"student_id": who, "mode": "live",
                     "sets": ",".join(sorted(set(spec.get("sets") or ()))),
                     "spec": json.dumps({"live": session.code, **spec}, ensure_ascii=False,
                                        sort_keys=True),
                     "seed": str(spec.get("seed") or ""), "started_at": utc.now(),
                     "finished_at": None, "score": 0.0, "max_score": points}).scalar_one()
                conn.execute(member_t.insert(), {"session_id": session_id, "student_id": who,
                                                 "attempt_id": attempt_id,
                                                 "joined_at": utc.now(),
                                                 "token_hash": hashed})
                seat = conn.execute(select(member_t).where(
                    member_t.c.session_id == session_id, member_t.c.student_id == who)).first()
            if seat is None or seat.token_hash != hashed:
                return "taken", None
            shown_name = conn.execute(select(student_t.c.name)
                                      .where(student_t.c.id == who)).scalar_one()
            return "ok", MemberRow(shown_name, who, seat.attempt_id, seat.joined_at)

    @guard
    def send_answer(self, session_id: int, token: str, index: int, response_json: Any) -> str:
        """The seat's raw answer to question ``index``: ``ok``, ``closed`` (not open, or its
        time ran out by the database's clock), ``duplicate`` (the first answer stands),
        ``seat`` (the token holds no seat: taken over from another device) or
        ``invalid``. Unmarked until the host marks it."""
        raw = json.dumps(response_json, ensure_ascii=False)
        if self._pg:
            with self._single() as conn:
                return str(conn.execute(text("SELECT quizapp_live_answer(:s, :t, :i, :r)"),
                                        {"s": session_id, "t": token, "i": int(index),
                                         "r": raw}).scalar())
        if len(raw) > MAX_RESPONSE_CHARS:
            return "invalid"
        from quizapp.storage.live import host_channel

        with write_tx(self.engine) as conn:
            seat = conn.execute(select(member_t.c.attempt_id).where(
                member_t.c.session_id == session_id,
                member_t.c.token_hash == token_hash(token))).first()
            if seat is None:
                return "seat"
            s = conn.execute(select(session_t).where(session_t.c.id == session_id)).first()
            now = utc.now()
            opened = s.opened_at if s is not None else None
            late = (s is not None and s.seconds is not None and opened is not None
                    and (now - utc.aware(opened)).total_seconds() > s.seconds + GRACE_SECONDS)
            if s is None or s.state != "open" or s.current != index or late:
                return "closed"
            questions = _decoded(s.questions)
            try:
                fields = questions[index]["fields"]
                question_id, points = str(fields["id"]), int(fields.get("points", 1))
            except (TypeError, KeyError, IndexError, ValueError):
                return "closed"
            if conn.execute(select(response_t.c.id).where(
                    response_t.c.attempt_id == seat.attempt_id,
                    response_t.c.question_id == question_id)).first() is not None:
                return "duplicate"
            elapsed = max(0.0, (now - utc.aware(opened)).total_seconds()) if opened else 0.0
            conn.execute(response_t.insert(), {
                "attempt_id": seat.attempt_id, "question_id": question_id, "content_hash": "",
                "response": raw, "score": 0.0, "max_score": points, "correct": False,
                "elapsed_s": elapsed, "answered_at": now, "marked": False})
            self._notify(conn, host_channel(session_id), "answer")
        return "ok"

    @guard
    def seat_answers(self, session_id: int, token: str) -> dict[str, SeatAnswer]:
        """The seat's own answers by question id."""
        with self._single() as conn:
            if self._pg:
                rows = conn.execute(text("SELECT * FROM quizapp_live_mine(:s, :t)"),
                                    {"s": session_id, "t": token}).all()
            else:
                rows = conn.execute(
                    select(response_t.c.question_id, response_t.c.response,
                           response_t.c.score, response_t.c.max_score, response_t.c.correct,
                           response_t.c.elapsed_s, response_t.c.marked)
                    .select_from(member_t)
                    .join(response_t, response_t.c.attempt_id == member_t.c.attempt_id)
                    .where(member_t.c.session_id == session_id,
                           member_t.c.token_hash == token_hash(token),
                           response_t.c.response.is_not(None))).all()
        return {r.question_id: SeatAnswer(r.question_id, _decoded(r.response), float(r.score),
                                          int(r.max_score), bool(r.correct), r.elapsed_s,
                                          bool(r.marked)) for r in rows}

    # -- taking a seat from another device --------------------------------------------

    @guard
    def ask_rejoin(self, session_id: int, name: str, token: str,
                   student_id: int | None = None) -> int | None:
        """Ask the host to give the seat of ``name`` (``student_id``: the one picked from
        the roster) to the client holding ``token``: the request's id (``None``: no such
        seat, the session ended, or too many wait)."""
        name = " ".join(name.split())
        if self._pg:
            with self._single() as conn:
                return conn.execute(text("SELECT quizapp_live_rejoin(:s, :n, :t, :i)"),
                                    {"s": session_id, "n": name, "t": token,
                                     "i": student_id}).scalar()
        from quizapp.storage.live import host_channel

        if not 16 <= len(token) <= 200:
            return None
        with write_tx(self.engine) as conn:
            live = conn.execute(select(session_t.c.id).where(
                session_t.c.id == session_id, session_t.c.state != "ended")).first()
            query = (select(member_t.c.student_id)
                     .join(student_t, student_t.c.id == member_t.c.student_id)
                     .where(member_t.c.session_id == session_id, student_t.c.name == name))
            if student_id is not None:
                query = query.where(member_t.c.student_id == student_id)
            who = conn.execute(query.order_by(member_t.c.id).limit(1)).scalar()
            waiting = conn.execute(select(func.count()).select_from(rejoin_t).where(
                rejoin_t.c.session_id == session_id, rejoin_t.c.state == "waiting")
            ).scalar_one()
            if live is None or who is None or waiting >= MAX_WAITING_REJOINS:
                return None
            request = conn.execute(rejoin_t.insert().returning(rejoin_t.c.id), {
                "session_id": session_id, "student_id": who, "token_hash": token_hash(token),
                "state": "waiting", "requested_at": utc.now()}).scalar_one()
            self._notify(conn, host_channel(session_id), "rejoin")
        return int(request)

    @guard
    def rejoin_state(self, request_id: int, token: str) -> str | None:
        """``waiting``, ``allowed``, ``refused`` or ``cancelled`` (``None``: not this
        client's request)."""
        with self._single() as conn:
            if self._pg:
                return conn.execute(text("SELECT quizapp_live_rejoin_state(:r, :t)"),
                                    {"r": request_id, "t": token}).scalar()
            return conn.execute(select(rejoin_t.c.state).where(
                rejoin_t.c.id == request_id,
                rejoin_t.c.token_hash == token_hash(token))).scalar()

    @guard
    def cancel_rejoin(self, request_id: int, token: str) -> bool:
        """Take back this client's waiting request (``False``: decided already)."""
        if self._pg:
            with self._single() as conn:
                return bool(conn.execute(text("SELECT quizapp_live_rejoin_cancel(:r, :t)"),
                                         {"r": request_id, "t": token}).scalar())
        with write_tx(self.engine) as conn:
            row = conn.execute(
                update(rejoin_t).where(rejoin_t.c.id == request_id,
                                       rejoin_t.c.token_hash == token_hash(token),
                                       rejoin_t.c.state == "waiting")
                .values(state="cancelled", decided_at=utc.now())
                .returning(rejoin_t.c.id)).first()
        return row is not None

    # -- the host ---------------------------------------------------------------------------

    @guard
    def rejoins(self, session_id: int) -> list[RejoinRow]:
        """The requests waiting for the host, oldest first."""
        with self._single() as conn:
            rows = conn.execute(
                select(rejoin_t.c.id, student_t.c.name, rejoin_t.c.student_id,
                       rejoin_t.c.requested_at)
                .join(student_t, student_t.c.id == rejoin_t.c.student_id)
                .where(rejoin_t.c.session_id == session_id, rejoin_t.c.state == "waiting")
                .order_by(rejoin_t.c.requested_at, rejoin_t.c.id)).all()
        return [RejoinRow(*r) for r in rows]

    @guard
    def decide_rejoin(self, request_id: int, allow: bool) -> bool:
        """Allow (the seat moves to the asking client; the old one stops answering) or
        refuse a waiting request; ``False`` if it was decided already."""
        with write_tx(self.engine) as conn:
            row = conn.execute(
                update(rejoin_t).where(rejoin_t.c.id == request_id,
                                       rejoin_t.c.state == "waiting")
                .values(state="allowed" if allow else "refused", decided_at=utc.now())
                .returning(rejoin_t.c.session_id, rejoin_t.c.student_id,
                           rejoin_t.c.token_hash)).first()
            if row is None:
                return False
            if allow:
                conn.execute(update(member_t).where(member_t.c.session_id == row.session_id,
                                                    member_t.c.student_id == row.student_id)
                             .values(token_hash=row.token_hash))
                # any other request for the same seat is answered too: only one device sits
                conn.execute(update(rejoin_t).where(
                    rejoin_t.c.session_id == row.session_id,
                    rejoin_t.c.student_id == row.student_id, rejoin_t.c.state == "waiting")
                    .values(state="refused", decided_at=utc.now()))
        return True

    def mark_in(self, conn: Connection, session_id: int, question_ids: Iterable[str] | None,
                marker: Marker) -> None:
        """Mark, on ``conn`` (in the caller's transaction), the session's unmarked answers
        (to ``question_ids`` only, when given) with ``marker``."""
        from quizapp.storage.live import _ANSWERS, _answer_row

        query = _ANSWERS.where(member_t.c.session_id == session_id,
                               response_t.c.marked.is_(False))
        if question_ids is not None:
            query = query.where(response_t.c.question_id.in_(list(question_ids)))
        rows = [_answer_row(r) for r in conn.execute(query)]
        if not rows:
            return
        for mark in marker(rows):
            conn.execute(update(response_t).where(response_t.c.id == mark.response_id)
                         .values(score=float(mark.score), max_score=int(mark.max_score),
                                 correct=bool(mark.correct), content_hash=mark.content_hash,
                                 marked=True))

    @guard
    def reveal(self, session_id: int, index: int, marker: Marker) -> Any:
        """Close question ``index`` and show its answer: in one transaction the session
        moves to ``revealed`` (answers on their way wait for it, then find the question
        closed) and every answer to it is marked. Returns the new session row."""
        from quizapp.storage.live import SessionMoved, _session_row, notice, session_channel

        with write_tx(self.engine) as conn:
            row = conn.execute(
                update(session_t)
                .where(session_t.c.id == session_id, session_t.c.state == "open",
                       session_t.c.current == index)
                .values(state="revealed", version=session_t.c.version + 1)
                .returning(*session_t.c)).first()
            if row is None:
                raise SessionMoved()
            questions = _decoded(row.questions)
            try:
                ids = [str(questions[index]["fields"]["id"])]
            except (TypeError, KeyError, IndexError):
                ids = []
            self.mark_in(conn, session_id, ids, marker)
            self._notify(conn, session_channel(session_id),
                         notice(row.version, row.state, row.current, row.opened_at,
                                row.code))
        return _session_row(row)
