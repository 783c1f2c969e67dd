"""The application: holds the bank, the student, the recorder, and moves between screens.

Start-up is kept short on purpose: the content is loaded and the quiz session built
before the app starts (plain Python), the first screen is painted, and only then does the
recorder's thread import and open the score database (:mod:`quizapp.services.recorder`);
answers given meanwhile are held until then. Its events arrive as the messages of
:mod:`quizapp.tui.messages`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from quizapp import paths
from quizapp.i18n import describe, render, set_language, t
from quizapp.services.recorder import Opener, Recorder, StoreEvent, StoreState, open_store
from quizapp.services.scorebook import ScoreBook
from quizapp.settings import Settings
from quizapp.tui import messages
from quizapp.tui.bindings import Translated, key_names, translate_bindings
from quizapp.tui.reads import read
from quizapp.tui.start import HomeStart, Start
from quizapp.untrusted import visible

if TYPE_CHECKING:  # the quiz modules load when a quiz starts (never for a served student)
    from quizapp.core.model import Bank
    from quizapp.core.session import QuizResult, QuizSession, QuizSpec
    from quizapp.services.quiz_run import QuizRun


def roster_lines(entries: list[Any]) -> dict[str, tuple[str, int]]:
    """A roster's lines as Home lists them -> ``(name, student id)``: each name, or for
    namesakes on one roster, the name with their number (else their id)."""
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.name] = counts.get(entry.name, 0) + 1
    out: dict[str, tuple[str, int]] = {}
    for entry in entries:
        line = entry.name
        if counts[entry.name] > 1:
            detail = (t("student.number_is", number=entry.number) if entry.number
                      else f"#{entry.student_id}")
            line = t("student.described", name=entry.name, details=detail)
        out[line] = (entry.name, entry.student_id)
    return out


class QuizApp(Translated, App[int]):
    #: What every screen shares; each screen names its own style sheet (``CSS_PATH``), which
    #: Textual reads when the screen is first shown, so the first screen waits only for its own.
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        # "?" types a "?" into an input, F1 works everywhere: the footer names the one that
        # works where the focus is (see get_key_display)
        Binding("question_mark,f1", "help", "key.help", key_display="?/F1", tooltip="tip.help",
                id="app.help"),
        # not a priority binding, so Home's own ctrl+q (shown in its footer) is the one seen
        Binding("ctrl+q", "quit", "key.quit", key_display="^q", tooltip="tip.quit",
                id="app.quit", show=False),
        Binding("ctrl+t", "toggle_theme", "key.theme", key_display="^t", show=False,
                id="app.theme"),
    ]

    #: ``waiting`` until the store is open, then ``ready`` or ``failed``.
    store_state: reactive[StoreState] = reactive(StoreState.WAITING)
    #: the store's opening error last shown (not shown again when a new try fails alike)
    _store_failure_said = ""

    def __init__(
        self,
        bank: Bank,
        *,
        start: Start | None = None,
        student: str = "",
        db_url: str | None = None,
        lang: str | None = None,
        clock: Callable[[], float] = time.time,
        opener: Opener = open_store,
        settings_file: Path | None = None,
        remember: bool = True,
        cursor_blink: bool = True,
        class_name: str | None = None,
        teacher_trusted: bool = False,
        student_id: int | None = None,
    ) -> None:
        """``start``: where the app opens (:mod:`quizapp.tui.start`; default Home)."""
        self.lang = set_language(lang)
        super().__init__()
        #: Where the app opens: Home, a quiz, the dashboard, a live-class screen.
        self.start = start or HomeStart()
        from quizapp.tui import compositor, terminal_input
        from quizapp.tui.widgets import toast

        toast.install()  # toasts break their lines by the Chinese rules, like every other text
        compositor.install()  # a toast over another widget's edge keeps its Chinese whole
        terminal_input.install()  # a pasted byte that is not UTF-8 cannot stop the app
        self.bank = bank
        self.clock = clock
        self.settings_file = settings_file
        self.settings = Settings.load(settings_file) if remember else Settings()
        self.remember = remember
        self.student = student or self.settings.student
        self.cursor_blink = cursor_blink
        self.recorder = Recorder(paths.db_url(db_url), opener, self._from_recorder)
        #: every read of the score database (and the flashcard reviews) goes through it
        self.scores = ScoreBook(self.recorder, bank)
        #: Assignments' attempts whose answers are shown only after the due time.
        self.answers_hidden: set[int] = set()
        #: The student's homework key for this database (the school database's shared
        #: student login does the student's homework with it), as typed last time.
        from quizapp import homework_key_file

        self.homework_key: str | None = (homework_key_file.key_for(self.recorder.url)
                                         if remember else None)
        self.title = self.course_title()
        self.current_run: QuizRun | None = None
        self._settings_unsaved = False
        #: Served to a browser: only the live-class join and student screens, ever.
        self.live_only = self.start.served
        #: Served to a browser, the store opens when the student first types in the join
        #: form (or joins), not after the first frame: a lab's browsers open at once, and
        #: seats loading the database library slow down the ones still starting; a seat
        #: nobody types in never loads it (:meth:`store_wanted`).
        self.store_on_demand = self.start.served
        #: Opened on the teacher's dashboard (``quizapp teacher``) for ``class_name``
        #: (``None``: every student); leaving it quits.
        self.teacher_only = self.start.teacher
        teacher = self.teacher_only
        #: The teacher password has been given (``quizapp teacher`` asks before the app
        #: opens; Home's desk and hosting ask every time: :meth:`as_teacher`).
        self.teacher_trusted = teacher_trusted
        #: what to do once the teacher password is given (:meth:`as_teacher`)
        self._after_gate: Callable[[], None] | None = None
        #: the chosen class (``--class``, else the remembered one); its roster, once read
        #: (``None``: no class or no roster), is the list of names Home accepts
        self.class_name = class_name or (self.settings.class_name or None if not teacher
                                         else None)
        self.roster: list[str] | None = None
        #: what each line of :attr:`roster` stands for: ``(name, student id)``. A line is the
        #: name, or, for two students of one name on the roster, the name with what tells
        #: them apart (``张伟（学号 2023001）``).
        self.roster_ids: dict[str, tuple[str, int]] = {}
        #: the student's record, once known from the roster (``None``: by name)
        self.student_id: int | None = student_id

    def course_title(self) -> str:
        """The course's title with the built-in questions; else the loaded sets' titles."""
        builtin = paths.builtin_content_dir().resolve()
        sets = self.bank.sets
        if not sets or any(Path(s.path).resolve().is_relative_to(builtin) for s in sets):
            return t("app.title")
        if len(sets) == 1:
            return sets[0].title
        return t("app.title_sets", first=sets[0].title, n=len(sets))

    # -- start-up ----------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.settings.problem is not None:  # an odd settings file: said once, ignored
            key, params = self.settings.problem
            self.notify(t(key, **params), severity="warning", timeout=10)
        self._remember()
        self.start.show(self)
        if not self.store_on_demand:  # in case no screen reports its frame
            self.set_timer(1.0, self.first_frame_shown)

    def on_unmount(self) -> None:
        """Every screen is closed (their last writes are queued): close the database once
        the recorder has run them, without waiting here (``run_app`` waits and says what
        was not saved)."""
        self.recorder.close_when_done()

    def first_frame_shown(self) -> None:
        """Called once the first screen has painted: only now open the database (importing
        SQLModel in a thread would slow the first frame down); a served app waits for
        :meth:`store_wanted`."""
        if not self.store_on_demand:
            self.store_wanted()

    def store_wanted(self) -> None:
        """Open the database now (on the recorder's thread), if it is not open yet."""
        if not self.recorder.started:
            self.recorder.start()

    def _from_recorder(self, event: StoreEvent) -> None:
        self.post_message(messages.from_event(event))

    def on_store_opened(self, _: messages.StoreOpened) -> None:
        self.store_state = StoreState.READY
        self._store_failure_said = ""
        if self.class_name and not self.teacher_only and not self.live_only:
            class_name = self.class_name
            read(self, lambda reads: messages.RosterRead(class_name, reads.roster(class_name)))

    def on_roster_read(self, message: messages.RosterRead) -> None:
        """The chosen class's roster has been read: Home offers (and only accepts) its lines.
        A class the database does not have is said (any name is taken then)."""
        if not message.exists:
            self.notify(t("class.unknown", name=message.class_name), severity="warning",
                        timeout=10)
        self.roster_ids = roster_lines(message.entries or [])
        self.roster = list(self.roster_ids) or None
        if self.student in self.roster_ids:
            self.student_id = self.roster_ids[self.student][1]
        from quizapp.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.roster_changed()

    def on_store_failed(self, message: messages.StoreFailed) -> None:
        self.store_state = StoreState.FAILED
        if message.error == self._store_failure_said:
            return  # tried again (a live join), failed the same way: said once is enough
        self._store_failure_said = message.error
        self.notify(t("app.store_failed", error=message.error), severity="error", timeout=30)

    def on_write_failed(self, message: messages.WriteFailed) -> None:
        self.notify(t("app.write_failed", error=message.error), severity="error", timeout=30)
        self.mutate_reactive(QuizApp.store_state)

    def on_writes_recovered(self, _: messages.WritesRecovered) -> None:
        self.notify(t("app.write_recovered"), timeout=5)
        self.mutate_reactive(QuizApp.store_state)

    def unsaved_on_exit(self, timeout: float) -> str | None:
        """Once the app has ended: run what is still queued for the database (all of it if
        the app ended before its first frame), try failed writes once more and close it,
        waiting at most ``timeout`` seconds. ``None`` when every answer reached it, else
        what to say (how many did not, and why)."""
        recorder = self.recorder
        finished = recorder.stop(timeout=timeout)
        if recorder.failed or not finished:
            count = len(recorder.unsaved) or 1
            error = recorder.error or t("app.store_no_answer")
            return t("app.unsaved_on_exit", count=count, error=error)
        return None

    # -- the student -------------------------------------------------------------------

    def set_student(self, name: str) -> None:
        """The student is ``name``: a line of the class's roster (their record), else a name."""
        self.student = name.strip()
        found = self.roster_ids.get(self.student)
        self.student_id = found[1] if found is not None else None
        self._remember()

    @property
    def student_key(self) -> str | int:
        """How the store finds the student: their record's id when picked from a roster,
        else the name."""
        return self.student_id if self.student_id is not None else self.student

    @property
    def student_name(self) -> str:
        """The student's name (without what tells namesakes apart)."""
        found = self.roster_ids.get(self.student)
        return found[0] if found is not None else self.student

    def _remember(self) -> None:
        """Keep the student's name and the language for next time."""
        if not self.remember:
            return
        student = self.student or self.settings.student
        if self.roster and student not in self.roster:
            student = self.settings.student  # a name not on the class's roster is not kept
        if (student, self.lang) != (self.settings.student, self.settings.lang):
            self.settings.student, self.settings.lang = student, self.lang
            problem = self.settings.save(self.settings_file)
            if problem is not None and not self._settings_unsaved:
                self._settings_unsaved = True  # say it once, not at every name change
                self.notify(t(problem[0], **problem[1]), severity="warning", timeout=10)

    # -- moving between screens --------------------------------------------------------

    def go_home(self) -> None:
        """Back to Home: the one under the current screens, or a new one."""
        if self.live_only:  # a served student never sees more than the join form
            from quizapp.tui.screens.live import LiveJoinScreen

            while len(self.screen_stack) > 2:
                self.pop_screen()
            screen = LiveJoinScreen(name=self.student_name)
            if len(self.screen_stack) == 2:
                self.switch_screen(screen)
            else:
                self.push_screen(screen)
            return

        from quizapp.tui.screens.home import HomeScreen  # (never loaded when served)

        homes = [s for s in self.screen_stack if isinstance(s, HomeScreen)]
        if homes:
            while self.screen is not homes[0]:
                self.pop_screen()
            return
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(HomeScreen())
        else:
            self.push_screen(HomeScreen())

    def start_quiz(self, spec: QuizSpec) -> bool:
        """Build a quiz from ``spec`` and show it; ``False`` (with a notice) if empty."""
        from quizapp.core.session import EmptyQuizError, build_session

        try:
            session = build_session(self.bank, spec, clock=self.clock)
        except EmptyQuizError as exc:
            self.notify(t("home.empty_quiz", error=render(exc.message)), severity="warning")
            return False
        self.start_session(session)
        return True

    def start_session(self, session: QuizSession) -> None:
        from quizapp.services.quiz_run import QuizRun
        from quizapp.tui.screens.quiz import QuizScreen

        run = QuizRun.start(session, self.bank, self.recorder, self.student_key,
                            clock=self.clock)
        self._show_quiz(QuizScreen(run))

    def resume(self, attempt_id: int, key: str | None = None) -> None:
        """Rebuild an unfinished attempt from the store and continue it (``key``: homework
        done with the student's key, read and answered through it)."""
        if key is not None:
            read(self, lambda reads: messages.AttemptRead(
                attempt_id, reads.keyed_attempt(key, attempt_id), key),
                group="resume", exclusive=True)
            return
        read(self, lambda reads: messages.AttemptRead(attempt_id, reads.attempt(attempt_id)),
             group="resume", exclusive=True)

    def keep_homework_key(self, key: str) -> None:
        """The student's homework key, checked by the database: used, and kept for next
        time (in the user's data folder, readable by the user only)."""
        from quizapp import homework_key_file

        self.homework_key = key
        if not self.remember:
            self.notify(t("keys.accepted_once"))
        elif homework_key_file.keep(self.recorder.url, key):
            self.notify(t("keys.accepted"))
        else:
            self.notify(t("keys.not_kept"), severity="warning")

    def forget_homework_key(self) -> None:
        """The kept key is nobody's any more (the teacher gave new keys)."""
        from quizapp import homework_key_file

        self.homework_key = None
        if self.remember:
            homework_key_file.forget(self.recorder.url)

    def on_attempt_read(self, message: messages.AttemptRead) -> None:
        from quizapp.core.session import EmptyQuizError
        from quizapp.services.quiz_run import QuizRun, stored_responses
        from quizapp.tui.screens.quiz import QuizScreen

        attempt_id, detail = message.attempt_id, message.detail
        try:
            if detail is None:
                raise KeyError(attempt_id)
            run = QuizRun.resume(self.bank, self.recorder, self.student_key, attempt_id,
                                 detail.spec, detail.summary.seed,
                                 stored_responses(detail.responses), clock=self.clock,
                                 started_at=detail.summary.started_at.timestamp())
        except (EmptyQuizError, ValueError, KeyError, TypeError) as exc:
            self.notify(t("home.resume_failed", error=describe(exc)), severity="error")
            return
        run.hide_answers = attempt_id in self.answers_hidden
        run.homework_key = message.key
        self._show_quiz(QuizScreen(run))

    def on_read_failed(self, message: messages.ReadFailed) -> None:
        """A read of the app's own failed: an attempt to resume is said; without its
        roster, Home takes any name (as with no class)."""
        if message.group == "resume":
            self.notify(t("home.resume_failed", error=message.error), severity="error")
        elif message.group == "teacher-gate":
            self._after_gate = None
            self.notify(t("gate.failed", error=message.error), severity="error")

    def _show_quiz(self, screen) -> None:
        self.current_run = screen.run
        if len(self.screen_stack) == 1 or self._on_home():
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def _on_home(self) -> bool:
        """Whether Home is the current screen (its module, and the widgets it uses, load
        only once Home is first shown: a quiz started from the command line never loads
        them)."""
        home = sys.modules.get("quizapp.tui.screens.home")
        return home is not None and isinstance(self.screen, home.HomeScreen)

    def show_results(self, run: QuizRun, result: QuizResult) -> None:
        from quizapp.tui.screens.results import ResultsScreen

        self.switch_screen(ResultsScreen(run, result))

    def exit_live(self) -> None:
        """Leave a live-class screen: quit when the app was opened on it, else go Home."""
        if self.start.live:
            self.exit()
        else:
            self.go_home()

    def show_flashcards(self, **options: Any) -> None:
        """Open the flashcard screen (its options: student, sets, tags, cram, new_limit ...)."""
        from quizapp.tui.screens.flashcards import FlashcardScreen

        self.push_screen(FlashcardScreen(**options))

    def as_teacher(self, then: Callable[[], None]) -> None:
        """Run ``then`` once the teacher password is given (asked for every time over the
        current screen; ``quizapp teacher`` asked before the app opened)."""
        if self.teacher_trusted:
            then()
            return
        if self.store_state is StoreState.FAILED:
            self.notify(t("gate.not_ready"), severity="warning")
            return
        self._after_gate = then
        read(self, lambda reads: messages.TeacherGateRead(reads.teacher_gate()),
             group="teacher-gate", exclusive=True)

    def on_teacher_gate_read(self, message: messages.TeacherGateRead) -> None:
        then, self._after_gate = self._after_gate, None
        if then is None:
            return
        if message.how == "given":
            then()
            return
        from quizapp.tui.screens.teacher_gate import TeacherPasswordScreen

        self.push_screen(TeacherPasswordScreen(first=message.how == "set"),
                         lambda ok: then() if ok else None)

    def show_teacher(self) -> None:
        """Open the teacher's dashboard for the chosen class (every student without one)."""
        from quizapp.tui.screens.teacher import TeacherScreen

        self.push_screen(TeacherScreen(self.class_name))

    def show_history(self) -> None:
        from quizapp.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.student, key=self.student_key))

    # -- notifications -----------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification, from any screen, is plain text: messages carry paths, names
        and errors from the database, never read as markup, control characters shown. Its
        lines break by the Chinese rules (:mod:`quizapp.tui.widgets.toast`)."""
        super().notify(visible(message), title=visible(title), severity=severity,
                       timeout=timeout, markup=False)

    # -- app-wide actions --------------------------------------------------------------

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        screen: Any = self.screen
        extra = screen.help_rows() if hasattr(screen, "help_rows") else None
        self.push_screen(HelpScreen(screen.active_bindings, extra))

    def get_key_display(self, binding: Binding) -> str:
        """Keys as the footer and the help show them: names in the interface language
        ("空格", "回车"), and for help the key that works where the focus is."""
        from textual.widgets import Input

        if binding.id == "app.help" and isinstance(self.focused, Input):
            return "F1"
        return key_names(super().get_key_display(binding))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Textual's own widgets (a drop-down's list, say) carry English key descriptions:
        translate those of the focused widget and its parents before the footer shows
        them."""
        for node in event.widget.ancestors_with_self:
            translate_bindings(node)
        if self.screen_stack:  # a focus event can arrive while the app is closing
            self.screen.refresh_bindings()

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies); say how to, in the interface's language."""
        self.notify(t("app.how_to_quit"))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
