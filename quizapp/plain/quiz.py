"""A quiz in plain lines: each question said once, answered with a typed line.

The quiz runs through :class:`~quizapp.services.quiz_run.QuizRun` exactly as the TUI's
does: every answer is graded by the engine and committed by the recorder when it is given;
leaving keeps the attempt unfinished (Home offers to go on with it). An exam's time limit is
said at the start and at fixed points (:data:`CHECKPOINTS`) from a thread of its own, never
as a ticking clock.
"""

from __future__ import annotations

import threading
from datetime import datetime

from quizapp.core.model import FillQuestion
from quizapp.core.selection import Presented
from quizapp.core.session import Mode, Outcome, QuizResult, TimeUpError
from quizapp.i18n import t
from quizapp.plain import text as words
from quizapp.plain.answers import answer_steps
from quizapp.plain.app import PlainApp
from quizapp.plain.console import Interrupted
from quizapp.services.quiz_run import QuizRun

#: Minutes left at which an exam's time is said (those shorter than the limit).
CHECKPOINTS = (30, 15, 10, 5, 2, 1)


class _Leave(Exception):
    """The student chose to leave the quiz."""


class _Skip(Exception):
    """The student chose to answer this question later."""


class _TimeUp(Exception):
    """The exam's time ran out while the student was answering."""


def checkpoints(limit: float) -> list[float]:
    """The moments (seconds left) at which an exam of ``limit`` seconds says its time."""
    return [m * 60.0 for m in CHECKPOINTS if m * 60.0 < limit - 1]


def crossed(points: list[float], before: float, now: float) -> list[float]:
    """The checkpoints passed between ``before`` and ``now`` seconds left (``before`` >
    ``now``), the last one passed last."""
    return [p for p in points if now <= p < before]


class TimeKeeper:
    """Says an exam's time left at its checkpoints and when it runs out (a daemon thread
    polling the session's clock); :meth:`stop` ends it."""

    def __init__(self, quiz: PlainQuiz, poll: float = 0.25) -> None:
        self.quiz = quiz
        self.poll = poll
        session = quiz.run.session
        self.points = checkpoints(session.spec.time_limit or 0)
        left = session.time_left()
        self.last = left if left is not None else 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="plain-time", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        session = self.quiz.run.session
        while not self._stop.wait(self.poll):
            left = session.time_left()
            if left is None or session.finished:
                return
            if left <= 0:
                self.quiz.say_time_up()
                return
            passed = crossed(self.points, self.last, left)
            if passed:
                self.quiz.app.console.announce(
                    t("plain.time_left", time=words.left_text(passed[-1])))
            self.last = left


class PlainQuiz:
    """One quiz being taken in plain lines (see the module docstring)."""

    def __init__(self, app: PlainApp, run: QuizRun) -> None:
        self.app = app
        self.con = app.console
        self.run = run
        self._up_lock = threading.Lock()
        self._pending: object = None  # the open question's answer so far (blanks, pairs)
        self._up_said = False

    # -- the whole quiz ------------------------------------------------------------------

    def take(self) -> QuizResult | None:
        """Ask every question, then say the result; ``None`` when the student left first
        (the answers given are kept and the attempt stays unfinished)."""
        session = self.run.session
        self.intro()
        keeper = TimeKeeper(self) if session.deadline is not None else None
        if keeper is not None:
            keeper.start()
        try:
            while (shown := session.current()) is not None:
                self.con.blank()
                self.con.say(*words.question_lines(shown))
                self._pending = None
                try:
                    response = self.answer_for(shown)
                    outcome = self.run.answer(response)
                    if outcome.feedback:
                        self.feedback(outcome, shown)
                except _Skip:
                    session.skip()
                    self.con.say(t("plain.skipped"))
                except (_TimeUp, TimeUpError):
                    break
                except _Leave:
                    self.con.say(t("plain.left_quiz"))
                    return None
        finally:
            if keeper is not None:
                keeper.stop()
        if self._time_up():
            self.say_time_up()
        # what was given of the open question when time ran out is graded, as in the TUI
        result = self.run.finish(self._pending if self._time_up() else None)
        self.results(result)
        return result

    def intro(self) -> None:
        session = self.run.session
        self.con.blank()
        title = self.run.title
        mode = t(f"mode.{session.mode.value}")
        if title:
            self.con.say(t("plain.quiz_title", title=title, mode=mode, n=session.total))
        else:
            self.con.say(t("plain.quiz_start", mode=mode, n=session.total))
        if session.answered:
            self.con.say(t("plain.resumed", answered=session.answered, total=session.total))
        left = session.time_left()
        if left is not None:
            self.con.say(t("plain.time_limit", time=words.left_text(left),
                           at=self._deadline_text()))
        if session.mode is Mode.EXAM:
            self.con.say(t("plain.exam_no_feedback"))
        self.con.say(t("plain.commands"))

    def _deadline_text(self) -> str:
        deadline = self.run.session.deadline
        if deadline is None:
            return ""
        return datetime.fromtimestamp(deadline).strftime("%H:%M")

    def _time_up(self) -> bool:
        left = self.run.session.time_left()
        return left is not None and left <= 0

    def say_time_up(self) -> None:
        """Say once (from whichever thread notices first) that the exam's time is up."""
        with self._up_lock:
            if self._up_said:
                return
            self._up_said = True
        self.con.announce(t("plain.time_up"))

    # -- one question --------------------------------------------------------------------

    def read(self, shown: Presented, *, enter: bool = False) -> str:
        """One line for ``shown``; the commands (help, leave, repeat, skip) are handled here
        and the line is asked again. ``enter``: wait for Enter alone (after the feedback,
        before a card's back). Raises :class:`_TimeUp` when the time ran out before the line
        was given."""
        while True:
            try:
                line = self.con.read()
            except Interrupted:
                line = "q"
            if self._time_up():
                raise _TimeUp
            command = line.strip().lower()
            if command in ("?", "？", "h", "help", "帮助"):
                self.help(shown)
            elif command in ("q", "quit", "退出"):
                if self.confirm_leave():
                    raise _Leave
                self.con.say(t("plain.go_on"))
            elif command in ("r", "重读"):
                self.con.say(*words.question_lines(shown))
            elif command in ("s", "skip", "跳过") and not enter:
                if self.run.session.total - self.run.session.answered > 1:
                    raise _Skip
                self.con.say(t("plain.cannot_skip"))
            elif enter:
                if not command:
                    return line
                self.con.say(t("plain.press_enter"))
            elif not command:
                self.con.say(t("plain.bad.empty"))
            else:
                return line

    def answer_for(self, shown: Presented) -> object:
        steps = answer_steps(shown)
        ask = next(steps)
        while True:
            self._pending = ask.partial
            self.con.say(*ask.say)
            line = self.read(shown, enter=ask.enter)
            try:
                ask = steps.send(line)
            except StopIteration as done:
                return done.value

    def help(self, shown: Presented) -> None:
        self.con.say(t("plain.help_title"), words.how_sentence(shown), t("plain.help_commands"))
        left = self.run.session.time_left()
        if left is not None:
            self.con.say(t("plain.time_left", time=words.left_text(left)))
        self.con.say(t("plain.progress", answered=self.run.session.answered,
                       total=self.run.session.total))

    def confirm_leave(self) -> bool:
        if self.run.session.deadline is not None:
            question = t("quiz.leave_confirm_timed", time=self._deadline_text())
        else:
            question = t("quiz.leave_confirm")
        return self.app.ask_yes_no(question, default=False)

    # -- what the student hears back ---------------------------------------------------

    def feedback(self, outcome: Outcome, shown: Presented) -> None:
        q, grade = outcome.question, outcome.grade
        lines: list[str] = []
        if not outcome.scored:
            lines.append(t("plain.rated", answer=words.answer_text(q, outcome.response)))
        elif grade.correct:
            lines.append(t("plain.right"))
        else:
            if grade.score > 0:
                lines.append(t("plain.partly", score=words.score_text(grade.score),
                               max=grade.max_score))
            else:
                lines.append(t("plain.wrong"))
            lines.append(t("plain.yours", answer=words.answer_text(q, outcome.response, shown)))
            lines.append(t("plain.correct", answer=words.correct_text(q, shown)))
            lines += words.part_lines(q, outcome.response)
        if outcome.scored and q.explain.strip():
            lines.append(t("plain.explain", text=q.explain.strip()))
        if outcome.scored and q.quote.strip():
            lines.append(t("plain.quote", text=q.quote.strip()))
        self.con.say(*lines)
        if self.run.session.current() is not None:
            self.con.say(t("plain.enter_next"))
            self.read(shown, enter=True)

    def results(self, result: QuizResult) -> None:
        con = self.con
        con.blank()
        exam = self.run.session.mode is Mode.EXAM
        con.say(t("plain.exam_over" if exam else "plain.quiz_over"))
        con.say(t("plain.score", score=words.score_text(result.score), max=result.max_score,
                  percent=f"{result.percent:.0f}"))
        scored = [item for item in result.items if item.scored]
        con.say(t("plain.counts", right=result.correct_count, total=len(scored),
                  time=words.duration_text(result.elapsed)))
        if result.unscored:
            con.say(t("plain.unscored", count=result.unscored))
        wrong = [(n, item) for n, item in enumerate(result.items, 1)
                 if item.scored and not item.correct]
        if not wrong:
            con.say(t("plain.all_right"))
        elif exam:
            for n, item in wrong:
                q = item.question
                prompt = words.fill_prompt(q) if isinstance(q, FillQuestion) else q.prompt
                con.say(t("plain.result_item", n=n, prompt=" ".join(prompt.split())),
                        t("plain.yours", answer=words.answer_text(q, item.response)),
                        t("plain.correct", answer=words.correct_text(q)))
        else:
            con.say(t("plain.wrong_list",
                      numbers=t("plain.list_sep").join(str(n) for n, _ in wrong)))
        if self.app.recorder.failed:
            con.say(t("results.not_saved"))
