"""Students' personal homework keys (``homework_key``), and homework done with one on the
shared student login.

The teacher's side (the teacher role, or a SQLite file) issues keys for a class's roster
(:meth:`HomeworkKeyStore.issue`): each key is shown once, on the slips, and only its SHA-256
is stored. A student's client on the student role, which reads no table of assignments or
attempts, does its homework through the key functions of
:mod:`quizapp.storage.homework_sql` (:meth:`~HomeworkKeyStore.assignments`,
:meth:`~HomeworkKeyStore.start`, :meth:`~HomeworkKeyStore.answer`...); the server checks
the key, the class, the times (its own clock) and the attempts, and stores the answers
unmarked for the teacher's side to mark. Those functions exist on PostgreSQL only: on a
SQLite file the student's client reads and writes the file itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, text

from quizapp.core import utc
from quizapp.core.homework_keys import key_hash, new_key
from quizapp.core.messages import msg
from quizapp.storage.assignment_tables import HomeworkKey
from quizapp.storage.assignments import (
    AssignmentClosed,
    AssignmentRow,
    Progress,
    UnknownAssignment,
    _one,
)
from quizapp.storage.attempts import AttemptDetail, AttemptSummary, ResponseRecord
from quizapp.storage.classes import UnknownClass
from quizapp.storage.engine import StorageError, db_now, write_tx
from quizapp.storage.students import StudentStore, class_t, guard, member_t, student_t

key_t = HomeworkKey.__table__  # type: ignore[attr-defined]  # SQLModel sets it, untyped


@dataclass(frozen=True, slots=True)
class KeySlip:
    """One student's slip: ``key`` is the new key (shown this once), ``None`` when the
    student already had one and it was kept."""

    student_id: int
    name: str
    number: str | None
    key: str | None


@dataclass(frozen=True, slots=True)
class KeyHolder:
    """The student a key belongs to."""

    student_id: int
    name: str
    number: str | None


class WrongKey(StorageError):
    """No student has this homework key."""

    #: A refusal, not a failure to reach the database: trying again changes nothing.
    final = True

    def __init__(self) -> None:
        super().__init__(msg("keys.wrong"))


class AnswerRefused(StorageError):
    """The server did not take an answer (``reason``: ``closed``, ``attempt``,
    ``duplicate``, ``full``, ``invalid``)."""

    #: A refusal, not a failure to reach the database: trying again changes nothing.
    final = True

    def __init__(self, reason: str) -> None:
        super().__init__(msg(f"keys.refused_{reason}"))
        self.reason = reason


def _json(value: Any) -> Any:
    try:
        return None if value is None else json.loads(value)
    except ValueError:
        return None


class HomeworkKeyStore(StudentStore):
    """Homework keys (``homework_key``; the teacher's side reads ``student``,
    ``school_class`` and ``class_member`` too) and the key functions (a student's side)."""

    # -- the teacher's side ------------------------------------------------------------

    @guard
    def issue(self, class_name: str, *, replace: bool = False) -> list[KeySlip]:
        """A key for every student on the class's roster who has none (``replace``: a new
        key for every one of them; their old keys stop working), in roster order. One
        transaction. Raises :class:`~quizapp.storage.classes.UnknownClass`."""
        with write_tx(self.engine) as conn:
            class_id = conn.execute(
                select(class_t.c.id).where(class_t.c.name == class_name)).scalar()
            if class_id is None:
                raise UnknownClass(class_name)
            rows = conn.execute(
                select(student_t.c.id, student_t.c.name, student_t.c.number,
                       key_t.c.student_id.label("has_key"))
                .join(member_t, member_t.c.student_id == student_t.c.id)
                .outerjoin(key_t, key_t.c.student_id == student_t.c.id)
                .where(member_t.c.class_id == class_id)
                .order_by(member_t.c.position, student_t.c.name)).all()
            now = db_now(conn)
            slips = []
            for sid, name, number, has_key in rows:
                if has_key is not None and not replace:
                    slips.append(KeySlip(sid, name, number, None))
                    continue
                key = new_key()
                conn.execute(delete(key_t).where(key_t.c.student_id == sid))
                conn.execute(key_t.insert(), {"student_id": sid, "key_hash": key_hash(key),
                                              "created_at": now})
                slips.append(KeySlip(sid, name, number, key))
            return slips

    @guard
    def limited(self) -> bool:
        """Whether this login may not read the assignments itself (the school database's
        student role): its homework goes through a student's key."""
        if self.engine.dialect.name != "postgresql":
            return False
        with self.engine.connect() as conn:
            return not conn.execute(
                text("SELECT has_table_privilege('assignment', 'SELECT')")).scalar_one()

    # -- a student's side, with a key (PostgreSQL) ----------------------------------------

    def _call(self, sql: str, params: Mapping[str, Any], *, write: bool = False) -> list[Any]:
        if self.engine.dialect.name != "postgresql":
            raise StorageError(msg("keys.postgresql_only"))
        if write:
            with write_tx(self.engine) as conn:
                return list(conn.execute(text(sql), dict(params)).all())
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), dict(params)).all())

    @guard
    def holder(self, key: str) -> KeyHolder | None:
        """The student whose key this is (``None``: nobody's)."""
        rows = self._call("SELECT * FROM quizapp_hw_whoami(:k)", {"k": key})
        return KeyHolder(rows[0][0], rows[0][1], rows[0][2]) if rows else None

    @guard
    def assignments(self, key: str) -> tuple[datetime, KeyHolder, list[AssignmentRow],
                                               dict[int, Progress]]:
        """The database's now, the key's holder, the assignments of their classes (opened,
        not withdrawn, by due time) and their own work on each. Raises :class:`WrongKey`."""
        holder = self.holder(key)
        if holder is None:
            raise WrongKey()
        rows = self._call("SELECT * FROM quizapp_hw_list(:k)", {"k": key})
        attempts = self._call("SELECT * FROM quizapp_hw_attempts(:k)", {"k": key})
        if rows:
            now = utc.stored(rows[0]._mapping["db_now"])
        else:
            with self.engine.connect() as conn:
                now = db_now(conn)
        assert now is not None
        works = []
        for r in rows:
            m = r._mapping
            works.append(AssignmentRow(
                id=m["id"], class_name=m["class_name"], title=m["title"],
                sets=tuple(json.loads(m["sets"] or "[]")),
                tags=tuple(json.loads(m["tags"] or "[]")), level=m["level"],
                count=m["count"], mode=m["mode"], time_limit=m["time_limit"],
                target=m["target"], opens_at=utc.stored(m["opens_at"]),  # type: ignore[arg-type]
                due_at=utc.stored(m["due_at"]),  # type: ignore[arg-type]
                attempts=m["attempts"], answers=m["answers"], late=bool(m["late"]),
                seed=int(m["seed"] or 0),
                created_at=utc.stored(m["created_at"]),  # type: ignore[arg-type]
                withdrawn_at=None))
        by: dict[int, list[Any]] = {}
        for a in attempts:
            by.setdefault(a[0], []).append(a[1:])
        me = (holder.student_id, holder.name, holder.number)
        return now, holder, works, {w.id: _one(me, by.get(w.id, [])) for w in works}

    @guard
    def start(self, key: str, assignment_id: int, *, spec: Mapping[str, Any],
              set_keys: Sequence[str], max_score: int) -> tuple[int, bool]:
        """The holder's unfinished attempt at the assignment, else a new one, decided by the
        server: ``(attempt id, late)``. Raises :class:`WrongKey`,
        :class:`~quizapp.storage.assignments.UnknownAssignment` (or another class's) or
        :class:`~quizapp.storage.assignments.AssignmentClosed`."""
        from quizapp.storage.attempts import set_label

        rows = self._call(
            "SELECT * FROM quizapp_hw_start(:k, :a, :spec, :sets, :top)",
            {"k": key, "a": assignment_id, "spec": json.dumps(dict(spec), ensure_ascii=False,
                                                              sort_keys=True),
             "sets": set_label(set_keys), "top": int(max_score)}, write=True)
        status, attempt_id, late = rows[0]
        if status == "ok":
            return int(attempt_id), bool(late)
        if status == "key":
            raise WrongKey()
        if status == "unknown":
            raise UnknownAssignment(assignment_id)
        raise AssignmentClosed("used" if status == "invalid" else status)

    @guard
    def answer(self, key: str, attempt_id: int, question_id: str, response_json: Any,
               elapsed_s: float | None) -> None:
        """Send one raw answer into the holder's own attempt (stored unmarked). Raises
        :class:`WrongKey` or :class:`AnswerRefused`."""
        status = self._call(
            "SELECT quizapp_hw_answer(:k, :a, :q, :r, :e)",
            {"k": key, "a": attempt_id, "q": question_id,
             "r": json.dumps(response_json, ensure_ascii=False),
             "e": None if elapsed_s is None else float(elapsed_s)}, write=True)[0][0]
        if status == "key":
            raise WrongKey()
        if status != "ok":
            raise AnswerRefused(status)

    @guard
    def finish(self, key: str, attempt_id: int) -> None:
        """Hand the holder's attempt in. Raises :class:`WrongKey` or
        :class:`AnswerRefused` (``attempt``: not theirs, or handed in already)."""
        status = self._call("SELECT quizapp_hw_finish(:k, :a)",
                            {"k": key, "a": attempt_id}, write=True)[0][0]
        if status == "key":
            raise WrongKey()
        if status != "ok":
            raise AnswerRefused(status)

    @guard
    def attempt(self, key: str, attempt_id: int) -> AttemptDetail | None:
        """The holder's own attempt with its answers so far, to resume it (``None``: not
        theirs)."""
        rows = self._call("SELECT * FROM quizapp_hw_attempt(:k, :a)",
                          {"k": key, "a": attempt_id})
        if not rows:
            return None
        m = rows[0]._mapping
        answers = self._call("SELECT * FROM quizapp_hw_responses(:k, :a)",
                             {"k": key, "a": attempt_id})
        responses = tuple(
            ResponseRecord(question_id=r[0], content_hash="", response=_json(r[1]), score=0.0,
                           max_score=0, correct=False, elapsed_s=r[2],
                           answered_at=utc.stored(r[3]))  # type: ignore[arg-type]
            for r in answers)
        summary = AttemptSummary(
            id=attempt_id, student="", mode=m["mode"],
            set_keys=tuple(k for k in (m["sets"] or "").split(",") if k),
            seed=int(m["seed"]) if m["seed"] not in (None, "") else None,
            started_at=utc.stored(m["started_at"]),  # type: ignore[arg-type]
            finished_at=utc.stored(m["finished_at"]), score=0.0,
            max_score=int(m["max_score"] or 0), answered=len(responses))
        return AttemptDetail(summary, _json(m["spec"]) or {}, responses)


__all__ = ["AnswerRefused", "HomeworkKeyStore", "KeyHolder", "KeySlip", "WrongKey"]
