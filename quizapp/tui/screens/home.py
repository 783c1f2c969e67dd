"""Home: who is taking the quiz, on which sets, in which mode, how many questions; and the
unfinished quizzes to resume. The store's figures (best scores, unfinished attempts) are
filled in by the recorder's thread when the database is ready."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.validation import Function
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    RadioButton,
    RadioSet,
)

from quizapp.cells import cell_len, truncate
from quizapp.core.session import Mode, QuizSpec
from quizapp.i18n import t
from quizapp.services.recorder import StoreState
from quizapp.tui.bindings import Translated
from quizapp.tui.display import (
    format_percent,
    format_score,
    format_when,
    mode_name,
    plain,
    sets_label,
)
from quizapp.tui.messages import (
    CardsDueRead,
    ExamsHandedIn,
    HomeRead,
    HomeworkBegun,
    HomeworkCardsBegun,
    HomeworkRead,
    KeyedHomeworkRead,
    MistakesRead,
    ReadFailed,
)
from quizapp.tui.reads import read
from quizapp.tui.typed_app import AppScreen
from quizapp.tui.widgets.base import TextInput
from quizapp.tui.widgets.footer import AppFooter
from quizapp.tui.widgets.names import NameField, NamePicker
from quizapp.tui.widgets.statusbar import StatusBar

#: Home's choices: the quiz modes, then the flashcards (the FSRS card screen).
CARDS = "flashcards"
MODES = (Mode.PRACTICE.value, Mode.EXAM.value, Mode.REVIEW.value, CARDS)
REVIEW_LIMIT = 20
#: What a homework key's start looks like (typed before its box opened at start-up).
KEY_START = re.compile(r"[A-Za-z0-9][A-Za-z0-9 -]{0,39}")
#: Below this width the mode buttons take two rows.
NARROW = 64


class SetTable(Translated, DataTable):
    """The question sets: ``space`` and ``enter`` both tick or untick the row."""

    BINDINGS = [
        Binding("space", "select_cursor", "key.toggle", key_display="space/enter",
                id="home.toggle"),
    ]


class ModeButton(RadioButton):
    """A mode: the chosen one shows a dot, the others an empty box (not only a colour)."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "●" if self.value else " "


def _positive_int(text: str) -> bool:
    text = text.strip()
    if not text:
        return True  # empty: every question
    try:
        return int(text) >= 1
    except ValueError:
        return False


def _positive_number(text: str) -> bool:
    text = text.strip()
    if not text:
        return True  # empty: no limit
    try:
        return float(text) > 0
    except ValueError:
        return False


class HomeScreen(Translated, AppScreen):
    CSS_PATH = "home.tcss"
    #: With nothing focused (the unfinished quizzes' table hidden while it had the focus),
    #: the sets take it: never the name field, where a key meant for Home would rename the
    #: student.
    AUTO_FOCUS = "#home-sets"

    BINDINGS = [
        Binding("s", "start", "key.start", tooltip="tip.start", id="home.start"),
        Binding("m", "next_mode", "home.mode", id="home.mode"),
        Binding("a", "toggle_all", "home.all_sets", show=False, id="home.all"),
        Binding("h", "history", "key.history", tooltip="tip.history", id="home.history"),
        Binding("c", "resume_latest", "key.resume", tooltip="tip.resume", id="home.resume"),
        Binding("w", "homework", "key.homework", id="home.homework"),
        # shown on the school database's shared student login only (check_action)
        Binding("k", "homework_key", "key.homework_key", id="home.homework_key"),
        # the live class (课堂): join one, or run one on the chosen sets
        Binding("j", "live_join", "key.live_join", id="home.live_join"),
        Binding("t", "live_host", "key.live_host", id="home.live_host"),
        Binding("n", "edit_student", "key.student", show=False, id="home.student"),
        Binding("d", "teacher", "key.teacher", tooltip="tip.teacher", show=False,
                id="home.teacher"),
        Binding("ctrl+q", "app.quit", "key.quit", key_display="^q", tooltip="tip.quit",
                id="home.quit"),
        # Esc does not quit from Home (a reflex Esc too many would close the app): it says how
        # in a text field, Esc leaves it for the sets (where Home's keys work again)
        Binding("escape", "escape", "key.how_to_quit", show=False, id="home.escape"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.chosen: set[str] = set()
        self.best: dict[str, float] | None = None
        self.unfinished: list[Any] = []
        #: The student's assignments (:class:`quizapp.services.assignments.Homework`).
        self.homework: list[Any] = []
        #: On the school database's shared student login: the key holder (their homework
        #: goes through their key); ``None`` otherwise.
        self.keyed: Any | None = None
        #: The key has been asked for on this Home already (asked once; ``k`` asks again).
        self._key_asked = False
        self._key_focused = False
        #: This login is the school database's shared student login: only homework (with a
        #: key) and live classes; Home reads nothing else and says so instead of failing.
        self.limited = False
        #: The modes ``m`` has chosen that the mode buttons have not yet reported.
        self._modes_pending: list[int] = []
        #: What had the focus last: it gets it back when Home is shown again.
        self._focus_was: Widget | None = None

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.app
        yield StatusBar(app.course_title(), "", id="home-status")
        with VerticalScroll(id="home-body"):
            with Horizontal(id="home-student-row", classes="home-row"):
                yield Label(t("home.student"), classes="home-label")
                yield NameField(app.student, picker="home-roster",
                                placeholder=t("home.student_placeholder"),
                                id="home-student", compact=True, max_length=60)
            yield NamePicker(id="home-roster")
            with Vertical(id="home-homework-box"):
                yield Label(t("assign.home_title"), id="home-homework-title")
                yield DataTable(id="home-homework", cursor_type="row", zebra_stripes=False,
                                show_header=False)
            yield SetTable(id="home-sets", cursor_type="row", zebra_stripes=False)
            with Horizontal(id="home-mode-row", classes="home-row"):
                yield Label(t("home.mode_label"), classes="home-label")
                with RadioSet(id="home-mode", compact=True):
                    for i, mode in enumerate(MODES):
                        yield ModeButton(t(f"mode.{mode}"), value=i == 0, name=mode,
                                         compact=True)
            with Horizontal(id="home-count-row", classes="home-row"):
                yield Label(t("home.count"), classes="home-label")
                yield TextInput(placeholder=t("home.count_all"), id="home-count",
                                compact=True, max_length=4,
                                validators=[Function(_positive_int, t("home.count_invalid"))])
                yield Label(t("home.time_limit"), classes="home-label", id="home-time-label")
                yield TextInput(placeholder=t("home.time_unlimited"), id="home-time",
                                compact=True, max_length=5,
                                validators=[Function(_positive_number,
                                                     t("home.time_invalid"))])
            yield Label("", id="home-input-error")
            with Horizontal(id="home-start-row", classes="home-row"):
                yield Button(t("home.start"), id="home-start", variant="primary",
                             compact=True)
                yield Button(t("home.history"), id="home-history", compact=True)
                yield Button(t("home.teacher"), id="home-teacher", compact=True)
            with Vertical(id="home-unfinished-box"):
                yield Label(t("home.unfinished"), id="home-unfinished-title")
                yield DataTable(id="home-unfinished", cursor_type="row", zebra_stripes=False)
        yield AppFooter()

    def on_mount(self) -> None:
        app = self.app
        self.chosen = {s.key for s in app.bank.sets}
        if getattr(app, "roster", None):
            self.roster_changed()
        self._laid_width = 0
        self._fill_sets()
        self.query_one("#home-body").can_focus = False
        self.query_one("#home-unfinished-box").display = False
        self.query_one("#home-homework-box").display = False
        self.query_one("#home-input-error").display = False
        self._mode_changed()
        if app.student:
            self.query_one("#home-sets", DataTable).focus()
        else:
            self.query_one("#home-student", Input).focus()
        self.watch(app, "store_state", self._store_state_changed)
        self.watch(self, "focused", self._show_roster, init=False)
        self.watch(self, "focused", self._focus_moved, init=False)
        self.call_after_refresh(app.first_frame_shown)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")
        if event.size.width != self._laid_width:
            self._fill_sets()
            self._show_unfinished()
            self._show_homework()

    def _fill_sets(self) -> None:
        """The set table, its title column as wide as the screen allows (again after a
        resize: the table keeps its cursor)."""
        app = self.app
        self._laid_width = app.size.width
        table = self.query_one("#home-sets", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        table.add_column(" ", key="mark", width=3)
        table.add_column(t("home.col_set"), key="set", width=self._title_width())
        table.add_column(t("home.col_count"), key="count", width=self._count_width())
        table.add_column(t("home.col_best"), key="best", width=self._best_width())
        for qset in app.bank.sets:
            table.add_row(self._mark(qset.key), plain(truncate(qset.title, self._title_width())),
                          plain(str(len(qset))), plain(self._best_text(qset.key)), key=qset.key)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)

    @staticmethod
    def _count_width() -> int:
        return max(4, cell_len(t("home.col_count")))

    @staticmethod
    def _best_width() -> int:
        return max(5, cell_len(t("home.col_best")))

    def _title_width(self) -> int:
        # the marks (3), the count and the best, each column with a cell of padding per
        # side, the margins and the scroll bar
        used = 3 + self._count_width() + self._best_width() + 8 + 4
        return max(8, self.app.size.width - used)

    def on_screen_resume(self) -> None:
        self._restore_focus()
        self.load_from_store()

    def _focus_moved(self, focused: Widget | None) -> None:
        if focused is not None:
            self._focus_was = focused

    def _restore_focus(self) -> None:
        """Back on Home: the focus where it was; when that is hidden now, on the sets."""
        target = self._focus_was
        if target is None or not target.is_mounted or not target.focusable:
            target = self.query_one("#home-sets", DataTable)
        if self.focused is not target:
            target.focus(scroll_visible=False)

    # -- the store's figures -----------------------------------------------------------

    def _store_state_changed(self, state: StoreState) -> None:
        if state is StoreState.READY:
            self.load_from_store()
        elif state is StoreState.FAILED:
            self.best = {}
            self._show_best()

    def load_from_store(self) -> None:
        app = self.app
        if app.store_state is not StoreState.READY:
            return
        self._load_homework()
        if not app.student:
            return
        student = app.student_key

        now = app.clock()
        def home(reads: Any) -> HomeRead:
            if reads.homework_keyed():  # the student login: no scores of its own to read
                return HomeRead(student, ({}, []), limited=True)
            handed_in: list[Any] = []
            figures = reads.home(student, now=now, handed_in=handed_in)
            if handed_in:  # said even if a newer read overtakes this one
                self.post_message(ExamsHandedIn(student, handed_in))
            return HomeRead(student, figures)

        read(self, home, group="home", exclusive=True)
        self._load_cards_due()

    def _load_homework(self) -> None:
        """The student's assignments: by name (or record) on a database this login reads,
        through the student's key on the school database's shared student login."""
        app: Any = self.app
        student, key = app.student_key, app.homework_key

        def reader(reads: Any) -> Any:
            if reads.homework_keyed():
                if key is None:
                    return KeyedHomeworkRead(None, None)
                found = reads.keyed_homework(key)
                return KeyedHomeworkRead(key, found, wrong=found is None)
            return HomeworkRead(student, reads.homework(student) if student else [])

        read(self, reader, group="homework", exclusive=True)

    def on_keyed_homework_read(self, message: KeyedHomeworkRead) -> None:
        app: Any = self.app
        if not self.limited:
            self.limited = True
            self.refresh_bindings()
        if message.key != app.homework_key:
            return
        if message.homework is None:
            self.keyed, self.homework = None, []
            self._show_homework()
            if message.wrong:  # replaced by the teacher: forgotten, asked for again
                app.forget_homework_key()
                self._ask_key(again=True)
            elif not self._key_asked:
                self._ask_key()
            return
        self.keyed = message.homework.holder
        self.homework = message.homework.items
        self._show_homework()
        if self.homework and not getattr(self.app, "student", "") and not self._key_focused:
            # the key says who the student is: their homework first, not the name field
            self._key_focused = True
            self.query_one("#home-homework", DataTable).focus()

    def _ask_key(self, again: bool = False) -> None:
        from quizapp.tui.screens.homework_key import HomeworkKeyScreen

        typed = ""
        if not self._key_asked and not getattr(self.app, "student", ""):
            # at start-up, what was typed into the name field before the box opened is
            # the start of the key (a key's letters, not a name): it goes into the box
            field = self.query_one("#home-student", Input)
            if KEY_START.fullmatch(field.value):
                typed, field.value = field.value, ""
        self._key_asked = True

        def given(key: str | None) -> None:
            if key:
                app: Any = self.app
                app.keep_homework_key(key)
                self._load_homework()

        self.app.push_screen(HomeworkKeyScreen(again=again, typed=typed), given)

    def action_homework_key(self) -> None:
        """``k``: type a homework key (another one, or again)."""
        self._ask_key()

    def _load_cards_due(self) -> None:
        """The cards due in the ticked sets, counted as the card screen counts them (none
        ticked: no figure)."""
        app = self.app
        sets = self.chosen_sets()
        status = self.query_one("#home-status", StatusBar)
        if not self.chosen:
            status.set_right("")
            return
        if app.store_state is not StoreState.READY or not app.student or self.limited:
            return
        student = app.student_key

        def due(reads: Any) -> CardsDueRead:
            if reads.homework_keyed():  # the student login keeps no cards of its own
                return CardsDueRead(student, None, sets)
            return CardsDueRead(student, reads.cards_due(student, sets=sets), sets)

        read(self, due, group="cards", exclusive=True)

    def on_homework_read(self, message: HomeworkRead) -> None:
        if message.student != getattr(self.app, "student_key", None):
            return
        self.homework = message.items
        self._show_homework()

    def _show_homework(self) -> None:
        """作业: one line per assignment, above the sets; enter starts (or resumes) one."""
        table = next(self.query("#home-homework").results(DataTable), None)
        if table is None:
            return
        cursor = table.cursor_row
        table.clear(columns=True)
        width = max(20, self.app.size.width - 6)
        table.add_column("", key="line", width=width)
        for item in self.homework:
            table.add_row(plain(item.line(t, width)), key=str(item.work.id))
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)
        self.query_one("#home-homework-box").display = bool(self.homework)
        title = (t("keys.home_title", name=self.keyed.name) if self.keyed is not None
                 else t("assign.home_title"))
        self.query_one("#home-homework-title", Label).update(plain(title))
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#home-homework")
    def _homework_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None or (self.keyed is None and not self._has_student()):
            return
        item = next((h for h in self.homework if str(h.work.id) == event.row_key.value), None)
        if item is None:
            return
        if item.closed and item.progress is not None and (
                item.progress.open_attempt is None or item.work.mode == "cards"):
            # (cards reviewed after the due time would count for nothing)
            self.notify(t("assign.refused_due"), severity="warning")
            return
        app: Any = self.app
        student, work = app.student_key, item.work
        if work.mode == "cards" and self.keyed is None:
            # the card screen, over its cards, toward its target (through a student's key,
            # the database's functions run it as a practice quiz of its cards)
            read(self, lambda reads: HomeworkCardsBegun(
                reads.begin_homework_cards(work, student)),
                group="homework-begin", exclusive=True)
            return
        hide = work.answers == "after-due"  # the database's clock says when, at the start
        if self.keyed is not None and app.homework_key is not None:
            key = app.homework_key
            read(self, lambda reads: HomeworkBegun(
                reads.begin_keyed_homework(work, key),
                hide and not reads.homework_answers_due(work), key=key),
                group="homework-begin", exclusive=True)
            return
        read(self, lambda reads: HomeworkBegun(reads.begin_homework(work, student),
                                               hide and not reads.homework_answers_due(work)),
             group="homework-begin", exclusive=True)

    def on_homework_cards_begun(self, message: HomeworkCardsBegun) -> None:
        self.app.show_flashcards(homework=message.work)

    def on_homework_begun(self, message: HomeworkBegun) -> None:
        app: Any = self.app
        if message.hide_answers:
            app.answers_hidden.add(message.attempt_id)
        app.resume(message.attempt_id, key=message.key)

    def on_cards_due_read(self, message: CardsDueRead) -> None:
        """The student's flashcards due, on the right of the status bar."""
        from quizapp.tui.screens.flashcards import due_text

        if message.counts is None:
            self.query_one("#home-status", StatusBar).set_right("")
            return
        if (message.student == getattr(self.app, "student_key", None)
                and message.sets == self.chosen_sets() and self.chosen):
            self.query_one("#home-status", StatusBar).set_right(due_text(message.counts))

    def chosen_sets(self) -> tuple[str, ...]:
        """The ticked sets' keys (``()``: every set is ticked)."""
        every = {s.key for s in self.app.bank.sets}
        return () if self.chosen == every else tuple(sorted(self.chosen))

    def on_read_failed(self, message: ReadFailed) -> None:
        if message.group == "homework-begin":  # closed, used up, not open: said as it is
            self.notify(message.error, severity="warning")
            return
        if self.limited and message.group in ("home", "cards"):
            return  # the student login: these are not its to read (said on s, h)
        if message.group != "cards":  # without the cards' figure Home works all the same
            self.notify(t("app.read_failed", error=message.error), severity="error")

    def on_home_read(self, message: HomeRead) -> None:
        if message.limited and not self.limited:
            self.limited = True
            self.refresh_bindings()
        if message.student != getattr(self.app, "student_key", None):
            return
        self.best = message.best
        self.unfinished = message.unfinished

        self._show_best()
        self._show_unfinished()

    def on_exams_handed_in(self, message: ExamsHandedIn) -> None:
        """Exams whose time ran out while the student was away, handed in: said."""
        for summary in message.summaries:
            self.notify(t("home.exam_handed_in",
                          sets=sets_label(self.app.bank, summary.set_keys),
                          score=format_score(summary.score), max=summary.max_score),
                        severity="warning", timeout=12)

    def _best_text(self, key: str) -> str:
        if self.best is None and not getattr(self.app, "student", ""):
            return t("home.best_none")  # nobody to look up yet
        if self.best is None:
            return t("home.best_unknown")
        value = self.best.get(key)
        return t("home.best_none") if value is None else format_percent(value)

    def _show_best(self) -> None:
        tables = self.query("#home-sets").results(DataTable)
        table = next(tables, None)
        if table is None:  # the screen is being taken down (the app is closing)
            return
        for qset in self.app.bank.sets:
            table.update_cell(qset.key, "best", plain(self._best_text(qset.key)))

    def _show_unfinished(self) -> None:
        """The unfinished quizzes, newest first, as a table: a row is chosen like any
        other (arrows, then enter)."""
        table = next(self.query("#home-unfinished").results(DataTable), None)
        if table is None:  # the screen is being taken down (the app is closing)
            return
        box = self.query_one("#home-unfinished-box")
        cursor = table.cursor_row
        table.clear(columns=True)
        # a quiz left before its first answer is not kept to resume, but an exam is: its
        # clock runs on, and what it asked has been seen; homework goes on from 作业 (which
        # knows whether its answers wait for the due time), not from here
        self.unfinished = [a for a in self.unfinished
                           if (a.answered or a.mode == Mode.EXAM.value)
                           and getattr(a, "assignment_id", None) is None]
        when_w, mode_w = 11, max(cell_len(mode_name(m)) for m in MODES)
        answered_w = max(cell_len(t("home.col_answered")), 4)
        # the margins, the padding of four columns and the scroll bar
        sets_w = max(6, self.app.size.width - when_w - mode_w - answered_w - 8 - 4 - 2)
        table.add_column(t("home.col_started"), key="when", width=when_w)
        table.add_column(t("home.col_mode"), key="mode", width=mode_w)
        table.add_column(t("home.col_set"), key="sets", width=sets_w)
        table.add_column(t("home.col_answered"), key="answered", width=answered_w)
        for attempt in self.unfinished:
            sets = truncate(sets_label(self.app.bank, attempt.set_keys), sets_w)
            table.add_row(plain(format_when(attempt.started_at)),
                          plain(mode_name(attempt.mode)), plain(sets),
                          plain(str(attempt.answered)), key=str(attempt.id))
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)
        if not self.unfinished and (self.focused is table or self._focus_was is table):
            sets_table = self.query_one("#home-sets", DataTable)
            self._focus_was = sets_table
            if self.focused is table:
                sets_table.focus(scroll_visible=False)
        box.display = bool(self.unfinished)
        self.refresh_bindings()

    # -- choosing ----------------------------------------------------------------------

    @on(DataTable.RowSelected, "#home-sets")
    def _toggle_row(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is None:
            return
        self.chosen ^= {key}
        self._show_marks()

    def _mark(self, key: str):
        return plain("[x]" if key in self.chosen else "[ ]")

    def _show_marks(self) -> None:
        table = self.query_one("#home-sets", DataTable)
        for qset in self.app.bank.sets:
            table.update_cell(qset.key, "mark", self._mark(qset.key))
        self._load_cards_due()

    def action_toggle_all(self) -> None:
        keys = {s.key for s in self.app.bank.sets}
        self.chosen = set() if self.chosen == keys else keys
        self._show_marks()

    def action_next_mode(self) -> None:
        """The next mode. Counted from the last one chosen, not from the buttons: quick
        presses come before the buttons have taken the previous one."""
        radios = list(self.query_one("#home-mode", RadioSet).query(RadioButton))
        if self._modes_pending:
            current = self._modes_pending[-1]
        else:
            current = next((i for i, r in enumerate(radios) if r.value), 0)
        self._modes_pending.append((current + 1) % len(radios))
        radios[self._modes_pending[-1]].value = True

    def mode(self) -> Mode | None:
        """The chosen quiz mode (``None``: the flashcards)."""
        radio = self.query_one("#home-mode", RadioSet).pressed_button
        if radio is None or not radio.name:
            return Mode.PRACTICE
        return None if radio.name == CARDS else Mode(radio.name)

    def action_escape(self) -> None:
        """Esc: out of a text field to the sets (a name typed is kept, as on leaving the
        field any other way); elsewhere, how to quit."""
        if isinstance(self.focused, Input):
            self.query_one("#home-sets", DataTable).focus()
        else:
            self.app.action_help_quit()

    def action_edit_student(self) -> None:
        self.query_one("#home-student", Input).focus()

    @on(Input.Submitted, "#home-student")
    def _student_submitted(self) -> None:
        field = self.query_one("#home-student", Input)
        picker = self.query_one("#home-roster", NamePicker)
        if picker.has_names:
            name = picker.resolve(field.value)
            if name is not None:
                field.value = name
            elif field.value.strip():  # not on the roster: said now, the field keeps the focus
                self._save_student()
                self._refuse_name()
                return
        self._save_student()
        self.query_one("#home-sets", DataTable).focus()

    @on(NamePicker.Picked, "#home-roster")
    def _name_picked(self, event: NamePicker.Picked) -> None:
        self.query_one("#home-student", Input).value = event.value
        self._save_student()
        self.query_one("#home-sets", DataTable).focus()

    @on(Input.Changed, "#home-student")
    def _student_typed(self, event: Input.Changed) -> None:
        self.query_one("#home-roster", NamePicker).filter(event.value)
        self._show_roster()

    def _show_roster(self, _focused: object = None) -> None:
        """The roster's list shows while the name is being chosen (the field or the list
        has the focus) and while the name in the field is not on it."""
        picker = self.query_one("#home-roster", NamePicker)
        field = self.query_one("#home-student", Input)
        choosing = self.focused in (field, picker)
        picker.display = picker.has_names and (choosing or
                                               field.value.strip() not in picker.names)

    @on(Input.Blurred, "#home-student")
    def _student_blurred(self) -> None:
        self._save_student()

    def _save_student(self) -> None:
        """The name in the field is the student, even an empty one: answers always go to
        the name on screen, and with none no quiz starts."""
        app = self.app
        name = self.query_one("#home-student", Input).value.strip()
        if name == app.student:
            return
        app.set_student(name)
        # the previous student's figures are not this one's
        self.best = None
        self.unfinished = []
        self._show_best()
        self._show_unfinished()
        self.query_one("#home-status", StatusBar).set_right("")
        if name:
            self.load_from_store()

    @on(Input.Submitted, "#home-count")
    def _count_submitted(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#home-start")
    def _start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#home-teacher")
    def _teacher_pressed(self) -> None:
        self.action_teacher()

    @on(Button.Pressed, "#home-history")
    def _history_pressed(self) -> None:
        self.action_history()

    @on(DataTable.RowSelected, "#home-unfinished")
    def _resume_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None and self._has_student():
            self.app.resume(int(event.row_key.value))

    @on(Input.Changed, "#home-count, #home-time")
    def _number_changed(self, event: Input.Changed) -> None:
        self._show_input_error()

    def _show_input_error(self) -> None:
        """Under the fields, what is wrong with them (nothing for an empty field)."""
        errors = []
        for field in ("#home-count", "#home-time"):
            box = self.query_one(field, Input)
            if box.display and box.value.strip():
                result = box.validate(box.value)
                if result is not None and not result.is_valid:
                    errors.extend(result.failure_descriptions)
        label = self.query_one("#home-input-error", Label)
        label.update(" ".join(errors))
        label.display = bool(errors)

    # -- starting ----------------------------------------------------------------------

    def _has_student(self) -> bool:
        self._save_student()
        app = self.app
        if not getattr(app, "student", ""):
            self.notify(t("home.student_required"), severity="warning")
            self.query_one("#home-student", Input).focus()
            return False
        roster = getattr(app, "roster", None)
        if roster and app.student not in roster:
            self._refuse_name()
            return False
        return True

    def _refuse_name(self) -> None:
        """The name in the field is not on the class's roster: said, and back to the field
        with the list of names under it."""
        app = self.app
        self.notify(t("home.not_on_roster", name=app.student, cls=app.class_name),
                    severity="warning")
        self.query_one("#home-student", Input).focus()
        self._show_roster()

    def roster_changed(self) -> None:
        """The class's roster is known: its names are listed under the name field, filtered
        by what is typed (only its names are accepted)."""
        app = self.app
        field = self.query_one("#home-student", Input)
        picker = self.query_one("#home-roster", NamePicker)
        picker.set_names(app.roster)
        picker.filter(field.value)
        if app.roster:
            field.placeholder = t("home.roster_placeholder", cls=app.class_name)
        else:
            field.placeholder = t("home.student_placeholder")
        self._show_roster()
        # the student may be a roster record now (its id): what was read for the name is
        # dropped as another student's, so it is read again
        self.load_from_store()

    def _time_limit(self) -> float | None | bool:
        """The exam's time limit in seconds (``None``: no limit; ``False``: invalid)."""
        text = self.query_one("#home-time", Input).value.strip()
        if not text or self.mode() is not Mode.EXAM:
            return None
        try:
            minutes = float(text)
        except ValueError:
            minutes = 0.0
        if not minutes > 0:
            self.notify(t("home.time_invalid"), severity="warning")
            self.query_one("#home-time", Input).focus()
            return False
        return minutes * 60

    @on(RadioSet.Changed, "#home-mode")
    def _mode_changed(self, event: RadioSet.Changed | None = None) -> None:
        if event is not None:
            if self._modes_pending and event.index == self._modes_pending[0]:
                self._modes_pending.pop(0)  # one of m's, taken
            else:
                self._modes_pending.clear()  # chosen otherwise (a click, the arrows)
        exam = self.mode() is Mode.EXAM
        self.query_one("#home-time").display = exam
        self.query_one("#home-time-label").display = exam
        self._show_input_error()

    def _count(self) -> int | None | bool:
        text = self.query_one("#home-count", Input).value.strip()
        if not text:
            return None
        try:
            count = int(text)
        except ValueError:
            count = 0
        if count < 1:
            self.notify(t("home.count_invalid"), severity="warning")
            self.query_one("#home-count", Input).focus()
            return False
        return count

    def _say_limited(self) -> bool:
        """On the student login: says in one line what it may do (homework, live classes)
        and answers ``True``: what was asked for is not done."""
        if self.limited:
            self.notify(t("home.limited_login"), severity="warning")
        return self.limited

    def action_start(self) -> None:
        app = self.app
        if self._say_limited() or not self._has_student():
            return
        if not self.chosen:
            self.notify(t("home.no_sets_chosen"), severity="warning")
            return
        count = self._count()
        limit = self._time_limit()
        if count is False or limit is False:
            return
        sets = self.chosen_sets()
        mode = self.mode()
        if mode is None:  # the FSRS card screen (today's due and new cards)
            app.show_flashcards(sets=sets)
            return
        if mode is not Mode.REVIEW:
            app.start_quiz(QuizSpec(sets=sets, count=count, mode=mode, time_limit=limit))
            return
        student = app.student_key
        if app.store_state is StoreState.WAITING:
            self.notify(t("home.store_not_ready"))
        spec = QuizSpec(sets=sets, count=count, mode=mode)
        read(self, lambda reads: MistakesRead(spec, reads.recent_mistakes(student, REVIEW_LIMIT)),
             group="mistakes", exclusive=True)

    def on_mistakes_read(self, message: MistakesRead) -> None:
        if not message.ids:
            self.notify(t("home.no_mistakes"), severity="information")
            return
        app: Any = self.app
        app.start_quiz(replace(message.spec, ids=tuple(message.ids)))

    def action_live_join(self) -> None:
        from quizapp.tui.screens.live import LiveJoinScreen

        app = self.app
        app.push_screen(LiveJoinScreen(name=app.student_name))

    def action_live_host(self) -> None:
        """Run a live class on the chosen sets and count (a new session, its code shown)."""
        app = self.app
        if not self.chosen:
            self.notify(t("home.no_sets_chosen"), severity="warning")
            return
        count = self._count()
        if count is False:
            return
        sets = self.chosen_sets()
        bank = app.bank
        only = bank.find_set(sets[0]) if len(sets) == 1 else None
        title = only.title if only is not None else ""

        def create(port):
            from quizapp.services.live import LiveHost

            return LiveHost.create(port, bank, QuizSpec(sets=sets, count=count), title=title)

        def host() -> None:
            from quizapp.tui.screens.live import LiveHostScreen

            app.push_screen(LiveHostScreen(create=create))

        app.as_teacher(host)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume_latest":
            return bool(self.unfinished)  # shown in the footer only when there is one
        if action == "homework":
            return bool(self.homework)
        if action in ("start", "history", "next_mode") and self.limited:
            # not this login's (its buttons say so): the footer keeps room for w, k, j
            return False
        if action == "homework_key":  # in the footer on the student login only
            return self.limited and (self.keyed is not None or self._key_asked)
        return True

    def action_homework(self) -> None:
        """``w``: to the student's assignments; ``enter`` starts (or goes back to) one."""
        if self.homework:
            table = self.query_one("#home-homework", DataTable)
            table.focus()
            table.scroll_visible(animate=False)

    def action_resume_latest(self) -> None:
        """``c``: to the unfinished quizzes (the newest first); ``enter`` resumes one."""
        if self.unfinished:
            table = self.query_one("#home-unfinished", DataTable)
            table.focus()
            table.scroll_visible(animate=False)

    def action_teacher(self) -> None:
        app: Any = self.app
        app.as_teacher(app.show_teacher)

    def action_history(self) -> None:
        if not self._say_limited() and self._has_student():
            self.app.show_history()
