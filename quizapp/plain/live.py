"""A live class in plain lines: join with the code and a name, then each question as the
teacher opens it, the answer typed, the mark once the teacher reveals it.

The student's seat is the services' :class:`~quizapp.services.live.LiveStudent`, as in
the TUI: the host marks the answers, a name already seated elsewhere is refused and the
teacher's OK moves the seat here, and the seat's token is kept for coming back. A thread
follows the session (woken by the database's notices where it sends them) and hands each
change to the main thread, which also waits for the student's lines: whichever comes first
is said at once, on lines of its own.
"""

from __future__ import annotations

import queue
import threading
import time
from datetime import UTC, datetime
from typing import Any

from quizapp import seat_tokens
from quizapp.core.grading import decode_response
from quizapp.core.selection import Presented
from quizapp.i18n import STRINGS, t
from quizapp.plain import text as words
from quizapp.plain.answers import Ask, Steps, answer_steps
from quizapp.plain.app import YES, PlainApp
from quizapp.plain.console import Interrupted
from quizapp.services.live import (
    LiveError,
    LiveStudent,
    StudentFollow,
    join_names,
    live_port,
)

#: How often a device waiting for the teacher's OK asks again (seconds).
REJOIN_POLL = 0.5
#: How often the main thread looks at the clock while waiting for a line (seconds).
TICK = 0.25


class PlainLive:
    """Joining a live class and taking part in it (see the module docstring)."""

    def __init__(self, app: PlainApp, code: str = "", *, default_name: str = "") -> None:
        self.app = app
        self.default_name = default_name
        self.con = app.console
        self.code = code.strip()
        self.student: LiveStudent | None = None
        self.lock = threading.Lock()
        self.events: queue.Queue[Any] = queue.Queue()
        self._stop = threading.Event()
        self.phase = "joined"
        self.index = -1
        self.steps: Steps | None = None
        self.ask: Ask | None = None
        self.deadline: float | None = None
        self.confirming: str | None = None  # the phase a "leave?" question interrupted
        self.pending_mark = False

    # -- joining -------------------------------------------------------------------------

    def run(self) -> None:
        con = self.con
        con.say(t("plain.live_title"))
        port = live_port(self.app.recorder, lambda: False)
        if port is None:
            con.say(t("live.join_no_store"))
            return
        while not (self.code.isdigit() and len(self.code) == 6):
            if self.code:
                con.say(t("live.bad_code"))
            con.say(t("plain.live_ask_code"))
            self.code = con.read().strip()
        name = self.app.student
        while not name:
            if self.default_name:
                con.say(t("plain.ask_name_default", name=self.default_name))
            else:
                con.say(t("plain.ask_name"))
            name = " ".join(con.read().split()) or self.default_name
        student = self.join(port, name)
        if student is None:
            return
        self.student = student
        #: the session's follow-loop (the same as the TUI's); its lock is this one
        self.follower = StudentFollow(student)
        self.lock = self.follower.lock
        self.app.student = student.name
        con.say(t("plain.live_joined", code=self.code, name=student.name),
                t("plain.live_how"))
        self.follow()

    def join(self, port: Any, name: str) -> LiveStudent | None:
        con = self.con
        while True:
            try:
                student = LiveStudent.join(port, self.code, name,
                                           token=seat_tokens.token_for(self.code, name))
            except LiveError as exc:
                if exc.kind == "taken":
                    return self.rejoin(port, name)
                if exc.kind == "not_on_roster":
                    picked = self.pick_name(port, name)
                    if picked is None:
                        return None
                    name = picked
                    continue
                con.say(self.error(exc.kind, str(exc)))
                return None
            except Exception as exc:  # a database error: said, never a traceback
                con.say(t("live.join_error", detail=str(exc).splitlines()[0]))
                return None
            seat_tokens.keep(self.code, student.name, student.token)
            return student

    def rejoin(self, port: Any, name: str) -> LiveStudent | None:
        con = self.con
        con.say(t("plain.live_taken", name=name))
        if not self.app.ask_yes_no(t("plain.live_ask_rejoin"), default=True):
            return None
        try:
            request = LiveStudent.ask_rejoin(port, self.code, name)
            con.say(t("plain.live_rejoin_waiting", name=request.name))
            while True:
                student = LiveStudent.rejoin_answer(port, request)
                if student is not None:
                    seat_tokens.keep(self.code, student.name, student.token)
                    con.say(t("plain.live_rejoin_allowed"))
                    return student
                time.sleep(REJOIN_POLL)
        except LiveError as exc:
            con.say(self.error(exc.kind, str(exc)))
        except KeyboardInterrupt:
            con.say("", t("plain.live_rejoin_cancelled"))
        return None

    def pick_name(self, port: Any, name: str) -> str | None:
        """The roster's name the student picks by its number (``None``: none)."""
        con = self.con
        names = join_names(port, self.code) or []
        con.say(t("live.join_not_on_roster", detail=name))
        if not names:
            return None
        con.say(*words.numbered(names), t("plain.live_pick_name", n=len(names)))
        while True:
            line = con.read()
            try:
                values = words.numbers(line, len(names))
            except words.BadAnswer as exc:
                con.say(str(exc))
                continue
            if len(values) == 1:
                return names[values[0] - 1]
            con.say(t("plain.bad.one_number", n=len(names)))

    @staticmethod
    def error(kind: str, detail: str) -> str:
        key = f"live.join_{kind}"
        if key in STRINGS["en"]:
            return t(key, detail=detail)
        return t("live.join_error", detail=detail)

    # -- following the class -------------------------------------------------------------

    def follow(self) -> None:
        watcher = threading.Thread(target=self._watch, name="plain-live", daemon=True)
        watcher.start()
        try:
            while not self._stop.is_set():
                self._handle_events()
                if self._stop.is_set():
                    break
                try:
                    line = self.con.poll(TICK)
                except Interrupted:
                    line = "q"
                if line is not None:
                    self.on_line(line)
                self.tick()
        finally:
            self._stop.set()

    def _watch(self) -> None:
        """The follower thread: each new version of the session goes to the main thread."""
        self.follower.run(self._stop.is_set,
                          lambda session: self.events.put(("session", session)),
                          lambda exc: self.events.put(("failed", str(exc).splitlines()[0])))

    def _handle_events(self) -> None:
        while True:
            try:
                kind, value = self.events.get_nowait()
            except queue.Empty:
                return
            if kind == "failed":
                self.con.say(t("plain.live_failed", error=value))
            elif self.phase != "moved":
                self.show(value)

    # -- what the student hears ----------------------------------------------------------

    def show(self, session: Any) -> None:
        student = self.student
        assert student is not None
        state = session.state
        current = student.current
        if state == "open" and current is not None:
            if student.answered(current) is not None:
                if self.phase != "sent":
                    self.phase = "sent"
                    self.con.say(t("live.submitted"))
            elif self.phase not in ("question", "closed") or self.index != session.current:
                self.question(current, session)
        elif state == "revealed" and current is not None:
            if self.phase != "reveal" or self.index != session.current:
                self.index = session.current
                self.reveal(current)
        elif state == "ended":
            self.end()
        elif self.phase != "wait":
            self.phase = "wait"
            self.con.say(t("live.waiting"))

    def question(self, current: Presented, session: Any) -> None:
        self.phase = "question"
        self.index = session.current
        self.confirming = None
        self.steps = answer_steps(current)
        self.ask = next(self.steps)
        lines = ["", *words.question_lines(current)]
        self.deadline = None
        if session.seconds:
            age = 0.0
            if session.opened_at is not None:
                age = (datetime.now(UTC) - session.opened_at).total_seconds()
            left = min(session.seconds, max(0.0, session.seconds - max(0.0, age)))
            self.deadline = time.monotonic() + left
            # after the question, before how to answer it
            lines.insert(len(lines) - 1, t("plain.live_time", time=words.left_text(left)))
        self.con.say(*lines, *self.ask.say)

    def reveal(self, current: Presented) -> None:
        self.phase = "reveal"
        self.steps = self.ask = None
        student = self.student
        assert student is not None
        mine = student.answered(current)
        con = self.con
        con.blank()
        con.say(t("plain.live_revealed", n=current.index + 1))
        self.pending_mark = False
        if mine is None:
            con.say(t("live.no_answer"))
        elif not mine.marked:
            con.say(t("live.marking"))
            self.pending_mark = True
            return
        else:
            self.say_mark(current, mine)
        self.say_key(current)

    def say_mark(self, current: Presented, mine: Any) -> None:
        q = current.question
        if mine.correct:
            self.con.say(t("plain.right"))
        elif mine.score > 0:
            self.con.say(t("plain.partly", score=words.score_text(mine.score),
                           max=mine.max_score))
        else:
            self.con.say(t("plain.wrong"))
        self.con.say(t("plain.yours", answer=words.answer_text(
            q, decode_response(q, mine.response), current)))

    def say_key(self, current: Presented) -> None:
        q = current.question
        lines = [t("plain.correct", answer=words.correct_text(q, current))]
        if q.explain.strip():
            lines.append(t("plain.explain", text=q.explain.strip()))
        if q.quote.strip():
            lines.append(t("plain.quote", text=q.quote.strip()))
        lines.append(t("live.wait_next"))
        self.con.say(*lines)

    def end(self) -> None:
        student = self.student
        assert student is not None
        self.phase = "end"
        score, most = student.my_total()
        self.con.blank()
        self.con.say(t("live.ended"), t("plain.live_total", score=words.score_text(score),
                                        max=most))
        self._stop.set()

    def tick(self) -> None:
        if self.phase == "question" and self.deadline is not None \
                and time.monotonic() >= self.deadline:
            self.phase = "closed"
            self.con.say(t("live.time_up"))
        if self.pending_mark and self.student is not None:
            student = self.student
            current = student.current
            with self.lock:
                mine = student.answered(current) if current is not None else None
                if mine is not None and not mine.marked:
                    student.mine = student.port.seat_answers(student.session.id, student.token)
                    mine = student.answered(current)
            if current is not None and mine is not None and mine.marked:
                self.pending_mark = False
                self.say_mark(current, mine)
                self.say_key(current)

    # -- what the student types ----------------------------------------------------------

    def on_line(self, line: str) -> None:
        con = self.con
        command = line.strip().lower()
        if self.confirming is not None:
            back, self.confirming = self.confirming, None
            if command in YES:
                con.say(t("plain.live_left"))
                self._stop.set()
                return
            con.say(t("plain.go_on"))
            self.phase = back
            return
        if command in ("?", "？", "h", "help", "帮助"):
            current = self.student.current if self.student is not None else None
            if self.phase == "question" and current is not None:
                con.say(words.how_sentence(current))
            con.say(t("plain.live_help"))
            return
        if command in ("q", "quit", "退出"):
            self.confirming = self.phase
            con.say(t("live.leave_student_confirm"), t("plain.yes_no_default_no"))
            return
        if command in ("r", "重读") and self.phase == "question" and self.student is not None:
            current = self.student.current
            if current is not None:
                con.say(*words.question_lines(current))
            return
        if self.phase == "closed":
            con.say(t("live.time_up"))
            return
        if self.phase != "question" or self.steps is None or self.ask is None:
            con.say(t("plain.live_nothing_open"))
            return
        if self.ask.enter and command:
            con.say(t("plain.press_enter"))
            return
        if not self.ask.enter and not command:
            con.say(t("live.empty_answer"))
            return
        try:
            self.ask = self.steps.send(line)
        except StopIteration as done:
            self.send(done.value)
            return
        con.say(*self.ask.say)

    def send(self, response: object) -> None:
        student = self.student
        assert student is not None
        try:
            with self.lock:
                result = student.answer(response)
        except Exception as exc:  # not saved: the student may answer again
            self.con.say(t("live.answer_failed", error=str(exc).splitlines()[0]))
            self._restart()
            return
        if result.status in ("ok", "duplicate"):
            self.phase = "sent"
            self.con.say(t("live.submitted"))
        elif result.status == "closed":
            self.phase = "closed"
            self.con.say(t("live.answer_closed"))
        elif result.status == "seat":
            self.phase = "moved"
            self.con.say(t("live.answer_seat"), t("plain.live_left"))
            self._stop.set()
        else:
            self.con.say(t("live.join_error", detail=result.status))
            self._restart()

    def _restart(self) -> None:
        current = self.student.current if self.student is not None else None
        if current is not None:
            self.steps = answer_steps(current)
            self.ask = next(self.steps)
            self.con.say(*self.ask.say, words.how_sentence(current))
