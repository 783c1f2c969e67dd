"""Home in plain lines: a few questions, each with a default, then the quiz.

Enter, Enter, Enter, Enter (the remembered name, every set, practice, every question)
starts the usual quiz. An unfinished quiz is offered first; review asks the store for the
questions last answered wrong; flashcards go to :mod:`quizapp.plain.cards`.
"""

from __future__ import annotations

from typing import Any

from quizapp.core.session import EmptyQuizError, Mode, QuizSpec, build_session
from quizapp.i18n import describe, language, render, t
from quizapp.plain import text as words
from quizapp.plain.app import PlainApp, StoreProblem
from quizapp.plain.cards import PlainCards
from quizapp.plain.console import Interrupted
from quizapp.plain.quiz import PlainQuiz
from quizapp.services.quiz_run import QuizRun, stored_responses
from quizapp.settings import Settings

#: Review asks again at most this many of the questions last answered wrong.
REVIEW_LIMIT = 50
MODES = ("practice", "exam", "review", "cards", "live")


class PlainHome:
    """Home's choices asked one after another (see the module docstring)."""

    def __init__(self, app: PlainApp, *, remember: bool = True,
                 class_name: str | None = None) -> None:
        self.app = app
        self.con = app.console
        self.remember = remember
        self.settings = Settings.load() if remember else Settings()
        #: the class whose roster the name is picked from (``--class``, else remembered)
        self.class_name = class_name or self.settings.class_name or None
        self.roster: list[str] | None = None
        self.numbers: list[str] = []

    def run(self) -> None:
        """Ask, run the quiz, and offer another until the student says no."""
        con = self.con
        con.say(t("plain.welcome", title=t("app.title")), t("plain.home_how"))
        if self.class_name:
            try:
                exists, names = self.app.read("roster", self.class_name)
            except StoreProblem as exc:
                con.say(t("cli.store_error", error=str(exc)))
                exists, names = True, None
            if not exists:
                con.say(t("class.unknown", name=self.class_name))
            # a roster's entries (name, 学号) or bare names, depending on the store
            self.roster = [getattr(e, "name", e) for e in names] if names else None
            self.numbers = [getattr(e, "number", "") or "" for e in names or ()]
        while True:
            self.ask_name()
            if not self.offer_resume():
                self.choose_and_start()
            con.blank()
            if not self.app.ask_yes_no(t("plain.again"), default=True):
                con.say(t("plain.bye"))
                return

    # -- the questions -------------------------------------------------------------------

    def line(self) -> str:
        """A typed line; Ctrl+C here asks whether to leave the program."""
        while True:
            try:
                return self.con.read().strip()
            except Interrupted:
                if self.app.ask_yes_no(t("plain.quit_confirm"), default=True):
                    raise SystemExit(0) from None

    def ask_name(self) -> None:
        default = (self.app.student or self.settings.student).strip()
        con = self.con
        con.blank()
        if self.roster:
            self.app.student = self.pick_from_roster(self.roster, default)
            con.say(t("plain.hello", name=self.app.student))
            self._remember(self.app.student)
            return
        while True:
            if default:
                con.say(t("plain.ask_name_default", name=default))
            else:
                con.say(t("plain.ask_name"))
            name = " ".join(self.line().split()) or default
            if name:
                break
            con.say(t("home.student_required"))
        self.app.student = name
        con.say(t("plain.hello", name=name))
        self._remember(name)

    def pick_from_roster(self, roster: list[str], default: str) -> str:
        """A name on the class's roster, picked by its number or typed in full."""
        con = self.con
        default = default if default in roster else ""
        shown = [t("plain.roster_entry", name=name, number=number) if number else name
                 for name, number in zip(roster, self.numbers or [""] * len(roster),
                                         strict=False)]
        con.say(t("plain.roster", cls=self.class_name, n=len(roster)), *words.numbered(shown))
        con.say(t("plain.roster_how_default", name=default) if default
                else t("plain.roster_how"))
        while True:
            text = " ".join(self.line().split())
            if not text and default:
                return default
            if text in roster:
                return text
            try:
                values = words.numbers(text, len(roster)) if text else []
            except words.BadAnswer:
                values = []
            if len(values) == 1 and text.isdigit():
                return roster[values[0] - 1]
            con.say(t("plain.not_on_roster", name=text, cls=self.class_name) if text
                    else t("plain.roster_how"))

    def _remember(self, name: str) -> None:
        if self.remember and (name, language()) != (self.settings.student, self.settings.lang):
            self.settings.student, self.settings.lang = name, language()
            problem = self.settings.save()
            if problem is not None:
                self.con.say(t(problem[0], **problem[1]))

    def offer_resume(self) -> bool:
        """Offer the newest unfinished quiz; ``True`` when it was taken up."""
        try:
            unfinished = self.app.unfinished(self.app.student)
        except StoreProblem as exc:
            self.con.say(t("home.resume_failed", error=str(exc)))
            return False
        if not unfinished:
            return False
        latest = unfinished[0]
        when = latest.started_at.astimezone().strftime("%m-%d %H:%M")
        if not self.app.ask_yes_no(t("plain.offer_resume", mode=t(f"mode.{latest.mode}")
                                     if f"mode.{latest.mode}" in _MODE_KEYS else latest.mode,
                                     when=when, answered=latest.answered),
                                   default=True):
            return False
        try:
            detail = self.app.read("attempt", latest.id)
            if detail is None:
                raise KeyError(latest.id)
            run = QuizRun.resume(self.app.bank, self.app.recorder, self.app.student, latest.id,
                                 detail.spec, detail.summary.seed,
                                 stored_responses(detail.responses), clock=self.app.clock,
                                 started_at=detail.summary.started_at.timestamp())
        except (StoreProblem, EmptyQuizError, ValueError, KeyError, TypeError) as exc:
            self.con.say(t("home.resume_failed", error=describe(exc)))
            return False
        PlainQuiz(self.app, run).take()
        return True

    def ask_sets(self) -> tuple[str, ...]:
        sets = self.app.bank.sets
        con = self.con
        con.blank()
        con.say(t("plain.ask_sets", n=len(sets)))
        con.say(*(t("plain.set_item", n=n, title=s.title, count=len(s))
                  for n, s in enumerate(sets, 1)))
        con.say(t("plain.ask_sets_how"))
        while True:
            text = self.line()
            if not text:
                con.say(t("plain.chosen_all"))
                return ()
            try:
                picked = sorted(set(words.numbers(text, len(sets))))
            except words.BadAnswer as exc:
                con.say(str(exc))
                continue
            con.say(t("plain.chosen_sets", titles=t("fmt.sep").join(
                sets[n - 1].title for n in picked)))
            return tuple(sets[n - 1].key for n in picked)

    def ask_mode(self) -> str:
        con = self.con
        con.blank()
        con.say(t("plain.ask_mode"))
        con.say(*(t("plain.item", n=n, text=t(f"plain.mode.{m}")) for n, m in enumerate(MODES, 1)))
        con.say(t("plain.ask_mode_how"))
        while True:
            text = self.line()
            if not text:
                return "practice"
            try:
                values = words.numbers(text, len(MODES))
            except words.BadAnswer as exc:
                con.say(str(exc))
                continue
            if len(values) == 1:
                return MODES[values[0] - 1]
            con.say(t("plain.bad.one_number", n=len(MODES)))

    def ask_positive(self, question: str, invalid: str, *, whole: bool) -> float | None:
        """A positive number, or ``None`` for Enter alone."""
        con = self.con
        con.blank()
        con.say(question)
        while True:
            text = self.line().translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
            if not text:
                return None
            try:
                value = int(text) if whole else float(text)
            except ValueError:
                value = 0
            if value > 0 and value < 10_000:
                return value
            con.say(invalid)

    def choose_and_start(self) -> None:
        sets = self.ask_sets()
        mode = self.ask_mode()
        if mode == "cards":
            PlainCards(self.app, sets=sets).review()
            return
        if mode == "live":
            from quizapp.plain.live import PlainLive

            PlainLive(self.app).run()
            return
        available = self._available(sets)
        count = self.ask_positive(t("plain.ask_count", n=available), t("home.count_invalid"),
                                  whole=True)
        limit = None
        if mode == "exam":
            minutes = self.ask_positive(t("plain.ask_time"), t("home.time_invalid"),
                                        whole=False)
            limit = None if minutes is None else minutes * 60
        ids: tuple[str, ...] = ()
        if mode == "review":
            try:
                ids = tuple(self.app.read("recent_mistakes", self.app.student, REVIEW_LIMIT))
            except StoreProblem as exc:
                self.con.say(t("home.resume_failed", error=str(exc)))
                return
            if not ids:
                self.con.say(t("home.no_mistakes"))
                return
        spec = QuizSpec(sets=sets, ids=ids, count=None if count is None else int(count),
                        mode=Mode(mode), time_limit=limit)
        try:
            session = build_session(self.app.bank, spec, clock=self.app.clock)
        except EmptyQuizError as exc:
            self.con.say(t("home.empty_quiz", error=render(exc.message)))
            return
        run = QuizRun.start(session, self.app.bank, self.app.recorder, self.app.student,
                            clock=self.app.clock)
        PlainQuiz(self.app, run).take()

    def _available(self, sets: tuple[str, ...]) -> int:
        keys = set(sets)
        return sum(len(s) for s in self.app.bank.sets if not keys or s.key in keys)


_MODE_KEYS: Any = {f"mode.{m}" for m in ("practice", "exam", "review", "flashcards", "live")}
