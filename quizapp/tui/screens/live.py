"""The live class on screen: the teacher's desk for a session, and a student's join form
and question screen.

Each screen runs its session's follow-loop (:class:`~quizapp.services.live.HostFollow`,
:class:`~quizapp.services.live.StudentFollow`: they wait for the database to say something
changed) on a thread worker of its own, cancelled with the screen, and is posted what it
read; actions (next, reveal, an answer) run on thread workers too, in turn with the loop's
reads, so the interface never waits for the database. Errors are shown in the catalogue's
words (:func:`error_text`).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Button, Digits, Input, Label, OptionList, Static
from textual.worker import get_current_worker

from quizapp.cells import truncate
from quizapp.i18n import describe, t
from quizapp.tui.bindings import Translated
from quizapp.tui.display import (
    format_clock,
    format_correct,
    format_response,
    format_score,
    question_text,
)
from quizapp.tui.typed_app import AppScreen
from quizapp.tui.widgets.base import AnswerWidget, TextInput
from quizapp.tui.widgets.chart import Bar, bar_lines
from quizapp.tui.widgets.footer import AppFooter
from quizapp.tui.widgets.names import NameField, NamePicker
from quizapp.tui.widgets.prose import kinsoku
from quizapp.tui.widgets.statusbar import StatusBar
from quizapp.untrusted import MAX_NAME_CHARS, visible


def shown(text: Any, *, multiline: bool = True) -> str:
    """Untrusted text (names, question text from the database) for the screen, control
    characters made visible (:func:`quizapp.untrusted.visible`); the callers put it in
    ``Text`` or a ``markup=False`` widget, so it is never read as markup."""
    return visible(text, multiline=multiline)


def error_text(exc: Exception) -> str:
    """An error of the live class in the interface language: a refusal of the class by its
    kind, a database error by its catalogue message, anything else in the catalogue's
    words with its first line."""
    from quizapp.services.live import LiveError

    if isinstance(exc, LiveError):
        key = f"live.join_{exc.kind}"
        if key in _ERROR_KEYS:
            return t(key, detail=shown(str(exc), multiline=False))
    if hasattr(getattr(exc, "message", None), "render"):  # a catalogue message
        return shown(describe(exc).strip().splitlines()[0], multiline=False)
    text = (str(exc).strip() or type(exc).__name__).splitlines()[0]
    return t("live.error", error=shown(text, multiline=False))


def item_tally(item: Any, students: int) -> str:
    """One question's line on the host's final table: right out of those who answered, and
    how many did not answer (the report counts those as answers worth 0)."""
    return t("live.item_tally", right=item.correct, answered=item.answered,
             missing=max(0, students - item.answered))


def lost_text(exc: Exception) -> str:
    """Why the database cannot be reached: the error's first line (shown visibly)."""
    return (str(exc).strip() or type(exc).__name__).splitlines()[0]


def live_store(app: Any, cancelled) -> Any:
    """The app's store as a live port, once the recorder has opened it (``None`` if it
    failed, after one more try, or the worker was cancelled). Called on a worker thread."""
    from quizapp.services.live import live_port

    app.call_from_thread(app.store_wanted)  # the recorder opens the store (if not yet)
    port = live_port(app.recorder, cancelled)
    if port is None and not cancelled():  # it could not: the database may be back since
        app.recorder.retry_open()
        port = live_port(app.recorder, cancelled)
    return port


def _bar_label(bar: Any) -> str:
    if bar.kind == "truefalse":
        return t("fmt.true") if bar.label else t("fmt.false")
    if bar.kind == "grade":
        return t(f"live.grade.{bar.label}")
    return shown(bar.label, multiline=False)


def bars_text(bars: list[Any], width: int, *, reveal: bool) -> Text:
    """The answer distribution as horizontal bars (:func:`quizapp.tui.widgets.chart.bar_lines`);
    on reveal the right ones are marked."""
    if not bars:
        return Text()
    shown_bars = [Bar(_bar_label(b), b.count, str(b.count),
                      style="green" if reveal and b.correct else ("red" if reveal else "cyan"),
                      mark="✓ " if reveal and b.correct else "  ",
                      mark_style="bold green" if reveal and b.correct else "")
                  for b in bars]
    return bar_lines(shown_bars, width, most=max(1, max(b.count for b in bars)))


def _field(key: str, value: str) -> Text:
    out = Text()
    out.append(t(key) + "\n", style="bold")
    out.append(shown(value).strip() + "\n\n")
    return out


class Failed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


# -- the teacher --------------------------------------------------------------------------

class Connection(Message):
    """The database cannot be reached (``error``), or (``error`` None) it is back."""

    def __init__(self, error: str | None) -> None:
        super().__init__()
        self.error = error


class ConnectionNotice:
    """What a live screen says while its database cannot be reached: one warning when the
    connection is lost (its line stays in the status bar), one note when it is back."""

    def __init__(self) -> None:
        self.lost = False

    def apply(self, screen: Any, message: Connection, status: StatusBar) -> bool:
        """Show ``message`` on ``screen``; ``True`` when the connection just came back."""
        if message.error is not None:
            if not self.lost:
                self.lost = True
                text = (t("live.connection_lost_plain")
                        if message.error == t("storage.unreachable")  # nothing more to say
                        else t("live.connection_lost", error=shown(message.error)))
                screen.notify(text, severity="error", timeout=8)
            status.set_left(t("live.connection_retrying"))
            return False
        if not self.lost:
            return False
        self.lost = False
        screen.notify(t("live.connection_back"), timeout=4)
        return True


class HostUpdate(Message):
    def __init__(self, view: Any, results: Any = None) -> None:
        super().__init__()
        self.view = view
        self.results = results


class LiveHostScreen(Translated, AppScreen):
    """The teacher's desk for one session: the code, who joined, and the class's answers."""
    CSS_PATH = "live.tcss"

    BINDINGS = [
        Binding("s", "start", "live.key.start", id="live.start"),
        Binding("n,space", "next", "live.key.next", key_display="n", id="live.next"),
        Binding("r", "reveal", "live.key.reveal", id="live.reveal"),
        Binding("e", "end", "live.key.end", id="live.end"),
        Binding("b", "toggle_board", "live.key.board", id="live.board"),
        Binding("a", "allow", "live.key.allow", id="live.allow"),
        Binding("x", "refuse", "live.key.refuse", id="live.refuse"),
        Binding("escape", "leave", "key.leave", key_display="esc", id="live.leave"),
    ]

    def __init__(self, host: Any = None, *, create: Any = None) -> None:
        """``host``: a :class:`~quizapp.services.live.LiveHost` (new or resumed); or
        ``create(port)`` that makes one once the store is open (from Home)."""
        super().__init__()
        from quizapp.services.live import HostFollow

        self.host = host
        self.create = create
        #: The session's follow-loop and moves (once there is a host).
        self.follow: HostFollow | None = HostFollow(host) if host is not None else None
        self.view: Any = None
        self.results: Any = None
        self.board = bool(host.session.leaderboard) if host is not None else False
        self._moving = False
        self.connection = ConnectionNotice()

    def compose(self) -> ComposeResult:
        yield StatusBar(t("live.host_title"), "", id="live-status")
        with Vertical(id="live-lobby"):
            yield Label(t("live.code_label"), id="live-code-label")
            yield Digits("", id="live-code")
            yield Static("", id="live-join-hint", markup=False)
        with VerticalScroll(id="live-body"):
            yield Static("", id="live-main")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#live-body").can_focus = False
        self.set_interval(0.25, self._tick)
        self._watch()

    # -- reading --------------------------------------------------------------------------

    @work(thread=True, group="live-watch", exclusive=True)
    def _watch(self) -> None:
        from quizapp.services.live import HostFollow

        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        if self.follow is None:
            port = live_store(self.app, cancelled)
            if port is None:
                if not cancelled():
                    self.post_message(Failed(t("live.no_store")))
                return
            try:
                follow = HostFollow(self.create(port))
            except Exception as exc:  # said; the desk stays empty
                self.post_message(Failed(error_text(exc)))
                return
            self.board = follow.board
            self.follow, self.host = follow, follow.host
        self.follow.board = self.board
        self.follow.run(cancelled,
                        lambda view, results: self.post_message(HostUpdate(view, results)),
                        lambda exc: self.post_message(Connection(lost_text(exc))),
                        lambda: self.post_message(Connection(None)))

    def on_failed(self, message: Failed) -> None:
        self.notify(message.error, severity="error", timeout=10)

    def on_connection(self, message: Connection) -> None:
        if self.connection.apply(self, message, self.query_one("#live-status", StatusBar)):
            self._show()

    def on_host_update(self, message: HostUpdate) -> None:
        self.view, self.results = message.view, message.results
        self._show()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys that do something now (the footer lists those)."""
        if action in ("allow", "refuse"):  # only while a student asks
            return bool(self.view is not None and self.view.rejoins)
        state = self.host.state if self.host is not None and self.view is not None else None
        if action == "start":
            return state == "lobby"
        if action == "next":
            return state in ("open", "revealed")
        if action == "reveal":
            return state == "open"
        if action == "end":
            return state in ("lobby", "open", "revealed")
        if action == "toggle_board":
            return state in ("open", "revealed", "ended")
        return True

    def _rejoin_text(self, view: Any) -> Text | None:
        """The oldest request to rejoin from another device, for the host to decide."""
        if not view.rejoins:
            return None
        first = view.rejoins[0]
        out = Text(t("live.rejoin_asks", name=shown(first.name, multiline=False)),
                   style="bold yellow")
        if len(view.rejoins) > 1:
            out.append(" " + t("live.rejoin_more", n=len(view.rejoins) - 1), style="yellow")
        out.append("\n\n")
        return out

    def action_allow(self) -> None:
        self._decide(True)

    def action_refuse(self) -> None:
        self._decide(False)

    def _decide(self, allow: bool) -> None:
        if self.follow is None or self.view is None or not self.view.rejoins:
            return
        self._run_decide(self.follow, self.view.rejoins[0], allow)

    @work(thread=True, group="live-move")
    def _run_decide(self, follow: Any, request: Any, allow: bool) -> None:
        try:
            done = follow.decide(request.id, allow)
        except Exception as exc:  # shown; the request stays
            self.post_message(Failed(error_text(exc)))
            return
        if done:
            key = "live.rejoin_allowed" if allow else "live.rejoin_refused"
            self.app.call_from_thread(
                self.notify, t(key, name=shown(request.name, multiline=False)))
        self._watch()  # read again at once

    # -- showing --------------------------------------------------------------------------

    def _show(self) -> None:
        view, host = self.view, self.host
        if view is None or host is None:
            return
        session = view.session
        state = session.state
        lobby = state == "lobby"
        self.query_one("#live-lobby").display = lobby
        self.query_one("#live-code", Digits).update(session.code)
        self.query_one("#live-join-hint", Static).update(
            kinsoku(t("live.join_hint", code=session.code)))
        status = self.query_one("#live-status", StatusBar)
        title = t("live.host_title")
        if session.title:
            title += " · " + shown(session.title)
        status.set_left(t("live.connection_retrying") if self.connection.lost else title)
        right = [t("live.code_short", code=session.code),
                 t("live.joined", n=len(view.members))]
        if host.current is not None and state != "ended":
            right.insert(0, t("quiz.progress", n=session.current + 1, total=host.total))
        left = host.time_left()
        if left is not None:
            right.append(t("quiz.timer", time=format_clock(left)))
        status.set_right("  ".join(right))
        width = max(30, self.size.width - 4)
        main = self.query_one("#live-main", Static)
        asks = self._rejoin_text(view)
        if asks is not None:
            main.update(kinsoku(Group(asks, self._body(view, lobby, state, width))))
        else:
            main.update(kinsoku(self._body(view, lobby, state, width)))

    def _body(self, view: Any, lobby: bool, state: str, width: int) -> Any:
        if lobby:
            names = t("class.name_sep").join(shown(m.name, multiline=False)
                                             for m in view.members) or t("live.nobody_yet")
            return Group(Text(t("live.joined_list", n=len(view.members)) + "\n",
                              style="bold"),
                         Text(names + "\n\n"), *self._cards_note(),
                         Text(t("live.lobby_keys"), style="dim"))
        if state in ("open", "revealed"):
            return self._question(view, width)
        return self._final(width)

    def _cards_note(self) -> list[Text]:
        """Says how many flashcards the class leaves out (none: nothing)."""
        n = getattr(self.host, "cards_left_out", 0)
        return [Text(t("live.cards_left_out", n=n) + "\n\n", style="yellow")] if n else []

    def _question(self, view: Any, width: int) -> Group:
        shown_q = self.host.current
        q = shown_q.question
        reveal = view.session.state == "revealed"
        parts: list[Any] = []
        head = Text()
        head.append(shown(question_text(q)) + "\n\n", style="bold")
        parts.append(head)
        count = Text(t("live.answered", n=view.answered, total=len(view.members)) + "\n",
                     style="bold cyan")
        parts.append(count)
        parts.append(bars_text(view.bars, width, reveal=reveal))
        if reveal:
            parts.append(Text("\n"))
            parts.append(_field("feedback.correct", format_correct(q)))
            if q.explain:
                parts.append(_field("feedback.explain", q.explain))
            if q.quote:
                parts.append(_field("feedback.quote", q.quote))
            if self.board and self.results is not None:
                parts.append(self._board(self.results, 5))
            key = "live.keys_last" if self.host.is_last else "live.keys_revealed"
            parts.append(Text(t(key), style="dim"))
        else:
            parts.append(Text("\n" + t("live.keys_open"), style="dim"))
        return Group(*parts)

    def _board(self, results: Any, top: int | None = None) -> Table:
        table = Table(title=t("live.board_title"), expand=False, title_justify="left")
        table.add_column("#", justify="right")
        table.add_column(t("live.col_name"))
        table.add_column(t("live.col_points") if results.speed else t("live.col_score"),
                         justify="right")
        for i, row in enumerate(results.students[:top], 1):
            value = str(row.points) if results.speed else format_score(row.score)
            table.add_row(Text(str(i)), Text(truncate(shown(row.name, multiline=False), 24)), Text(value))
        return table

    def _final(self, width: int) -> Group:
        results = self.results
        if results is None:
            return Group(Text(t("live.ended")))
        table = Table(title=t("live.results_title"), title_justify="left", expand=False)
        table.add_column(t("live.col_name"))
        table.add_column(t("live.col_correct"), justify="right")
        table.add_column(t("live.col_score"), justify="right")
        if results.speed:
            table.add_column(t("live.col_points"), justify="right")
        ranked = results.students if (self.board or results.speed) else sorted(
            results.students, key=lambda s: s.name)
        for row in ranked:
            cells = [Text(truncate(shown(row.name, multiline=False), 24)),
                     Text(f"{row.correct}/{len(results.questions)}"),
                     Text(f"{format_score(row.score)}/{results.max_score}")]
            if results.speed:
                cells.append(Text(str(row.points)))
            table.add_row(*cells)
        items = Table(title=t("live.items_title"), title_justify="left", expand=False)
        items.add_column("#", justify="right")
        items.add_column(t("live.col_question"))
        items.add_column(t("live.col_right"), justify="right")
        for item in results.questions:
            items.add_row(Text(str(item.index + 1)),
                          Text(truncate(shown(question_text(item.question)), width - 30)),
                          Text(item_tally(item, len(results.students))))
        return Group(Text(t("live.ended") + "\n", style="bold"), table, Text(""), items,
                     Text("\n" + t("live.report_hint"), style="dim"))

    def _tick(self) -> None:
        host = self.host
        if host is None or self.view is None:
            return
        left = host.time_left()
        if left is not None:
            if left <= 0 and not self._moving:
                self.action_reveal()
            else:
                self._show()

    # -- acting ---------------------------------------------------------------------------

    def _move(self, name: str) -> None:
        if self.follow is None or self._moving:
            return
        self._moving = True
        self._run_move(self.follow, name)

    @work(thread=True, group="live-move")
    def _run_move(self, follow: Any, name: str) -> None:
        try:
            follow.move(name)
        except Exception as exc:  # shown; the session stays where the database has it
            self.post_message(Failed(error_text(exc)))
        finally:
            self._moving = False

    def action_start(self) -> None:
        if self.host is not None and self.host.state == "lobby":
            self._move("next")

    def action_next(self) -> None:
        if self.host is not None and self.host.state != "ended":
            self._move("next")

    def action_reveal(self) -> None:
        if self.host is not None and self.host.state == "open":
            self._move("reveal")

    def action_end(self) -> None:
        if self.host is None or self.host.state == "ended":
            return
        from quizapp.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self._move("end")

        self.app.push_screen(ConfirmScreen(t("live.end_confirm")), answer)

    def action_toggle_board(self) -> None:
        self.board = not self.board
        self._show()
        self._watch()  # read again (with or without the leaderboard)

    def action_leave(self) -> None:
        if self.host is None or self.host.state == "ended":
            self.app.exit_live()
            return
        from quizapp.tui.screens.confirm import ConfirmScreen

        code = self.host.code

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.exit_live()

        self.app.push_screen(ConfirmScreen(t("live.leave_host_confirm", code=code)), answer)


# -- a student ----------------------------------------------------------------------------

class Joined(Message):
    def __init__(self, student: Any) -> None:
        super().__init__()
        self.student = student


class JoinFailed(Message):
    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.detail = detail


class RejoinWaiting(Message):
    def __init__(self, request: Any) -> None:
        super().__init__()
        self.request = request


class RosterNames(Message):
    def __init__(self, names: list[str] | None, code: str, *, pick: bool = False,
                 ids: dict[str, tuple[str, int]] | None = None) -> None:
        super().__init__()
        self.names = names
        self.code = code
        self.pick = pick  # a name was refused: move to the list
        #: each line of the list -> (the student's name, their record's id)
        self.ids = ids or {}


class LiveJoinScreen(Translated, AppScreen):
    """The code and the student's name (picked from the class roster when there is one)."""
    CSS_PATH = "live.tcss"

    BINDINGS = [
        # a priority key, so the keys typed after it go to the field it moves the focus to
        Binding("enter", "enter", "live.join_button", key_display="⏎", priority=True,
                id="join.go"),
        Binding("escape", "leave", "key.back", key_display="esc", id="join.back"),
    ]

    class JoinInTurn(Message):
        """Join once the focused field has taken the keys typed before ``enter``."""

    def __init__(self, code: str = "", name: str = "", *, roster: Any = None,
                 join_now: bool = False) -> None:
        """``roster``: the names to join under (a :class:`~quizapp.services.live.RosterPort`;
        default: the database's own class rosters). ``join_now``: join with ``code`` and
        ``name`` as soon as the form is up (both given on the command line); the form stays
        for a correction if that fails."""
        from quizapp.services.live import JoinThrottle

        super().__init__()
        self.code = code
        self.given_name = name[:MAX_NAME_CHARS]  # the field's limit, for a given name too
        self.roster = roster
        self.join_now = join_now
        self._joining = False
        #: this client's join attempts (a code looked up, a name tried): a script cannot
        #: try codes until one is a class, nor read a class's roster without its code
        self.throttle = JoinThrottle()
        self._waiting = False  # for the teacher's OK to rejoin from this device
        self._request: Any = None  # the request waiting for the teacher
        #: each line of the roster's list -> (the student's name, their record's id)
        self._roster_ids: dict[str, tuple[str, int]] = {}
        #: (code, name) of the last join refused because another device has the seat
        self._taken: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(t("live.join_title"), "", id="join-status")
        with VerticalScroll(id="join-form"):
            with Horizontal(classes="home-row"):
                yield Label(t("live.code_field"), classes="home-label")
                yield TextInput(self.code, placeholder="123456", id="join-code", compact=True,
                                max_length=6, restrict=r"[0-9]*")
            with Horizontal(classes="home-row"):
                yield Label(t("home.student"), classes="home-label")
                yield NameField(self.given_name, picker="join-roster",
                                placeholder=t("home.student_placeholder"),
                                id="join-name", compact=True, max_length=MAX_NAME_CHARS)
            yield NamePicker(id="join-roster")
            yield Button(t("live.join_button"), id="join-go", variant="primary", compact=True)
            yield Static(kinsoku(t("live.join_help")), id="join-help", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#join-form").can_focus = False  # it scrolls to what has the focus
        target = "#join-name" if self.code else "#join-code"
        self.query_one(target, Input).focus()
        self.call_after_refresh(self.app.first_frame_shown)
        if self.join_now and self.code and self.given_name.strip():
            self.join()
        else:
            self._code_changed(self.code)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value:  # the student is joining: a served app opens the store now
            self.app.store_wanted()
        if event.input.id == "join-code":
            self._show_names(None)  # a roster only for the code that was accepted
        elif event.input.id == "join-name":
            self.query_one("#join-roster", NamePicker).filter(event.value)

    def _code_changed(self, code: str) -> None:
        """Look the session up, for its class roster: when the student enters the code
        (never as digits are typed: six digits that happen to match must not show a
        class's names), counted as a join attempt."""
        code = code.strip()
        self._show_names(None)
        if code.isdigit() and len(code) == 6:
            self._lookup(code)

    @work(thread=True, group="live-roster", exclusive=True)
    def _lookup(self, code: str) -> None:
        from quizapp.services.live import LiveError

        worker = get_current_worker()
        port = live_store(self.app, lambda: worker.is_cancelled)
        if port is None or worker.is_cancelled:
            return
        try:
            self.throttle.attempt()
            names, ids = self._roster_lines(port, code)
        except LiveError as exc:
            if exc.kind == "too_fast":
                self.post_message(JoinFailed(exc.kind, str(exc)))
            return  # an unknown or ended code is reported when the student joins
        except Exception:  # noqa: BLE001 - a database error shows when joining
            return
        self.post_message(RosterNames(names, code, ids=ids))

    def _roster_lines(self, port: Any, code: str
                      ) -> tuple[list[str] | None, dict[str, tuple[str, int]]]:
        """The roster's lines for the list (namesakes with their numbers), and what each
        stands for (called on a worker)."""
        from quizapp.services.live import join_names, join_roster

        if self.roster is not None:
            return join_names(port, code, self.roster), {}
        entries = join_roster(port, code)
        if entries is None:
            return None, {}
        from quizapp.tui.app import roster_lines

        ids = roster_lines(entries)
        return list(ids), ids

    def action_enter(self) -> None:
        focused = self.focused
        name = self.query_one("#join-name", Input)
        if isinstance(focused, OptionList):
            focused.action_select()
        elif isinstance(focused, Input):
            if focused.id == "join-code" and not name.value.strip():
                self.set_focus(name)  # at once: the name typed next lands in it
                self._code_changed(focused.value)  # the code entered: its roster
            else:
                focused.post_message(self.JoinInTurn())
        else:
            self.join()

    def on_live_join_screen_join_in_turn(self, message: JoinInTurn) -> None:
        message.stop()
        self.join()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.join()

    def on_name_picker_picked(self, event: NamePicker.Picked) -> None:
        event.stop()
        self.query_one("#join-name", Input).value = event.value
        self.join()

    def join(self) -> None:
        if self._joining:
            return
        code = self.query_one("#join-code", Input).value.strip()
        field = self.query_one("#join-name", Input)
        picker = self.query_one("#join-roster", NamePicker)
        if picker.has_names:
            # the roster's name the text stands for (highlighted, or typed in another case)
            field.value = picker.resolve(field.value) or field.value
        name = field.value
        if not (code.isdigit() and len(code) == 6):
            self.notify(t("live.bad_code"), severity="warning")
            self.query_one("#join-code", Input).focus()
            return
        if not name.strip():
            self.notify(t("live.need_name"), severity="warning")
            self.query_one("#join-name", Input).focus()
            return
        self._joining = True
        name, student_id = self._roster_ids.get(name, (name, None))
        if self._taken == (code, " ".join(name.split())):
            self._rejoin(code, name, student_id)  # asked twice: them, on a new device
        else:
            self._join(code, name, student_id)

    @work(thread=True, group="live-join", exclusive=True)
    def _join(self, code: str, name: str, student_id: int | None = None) -> None:
        from quizapp.services.live import LiveError, LiveStudent

        worker = get_current_worker()
        port = live_store(self.app, lambda: worker.is_cancelled)
        if port is None:
            self.post_message(JoinFailed("no_store"))
            return
        try:
            student = LiveStudent.join(port, code, name, self.roster,
                                       token=_kept_token(self.app, code, name),
                                       student_id=student_id, throttle=self.throttle)
        except LiveError as exc:
            if exc.kind == "not_on_roster":  # the code was right: its roster to pick from
                names, ids = self._roster_lines(port, code)
                self.post_message(RosterNames(names, code, pick=True, ids=ids))
            self.post_message(JoinFailed(exc.kind, str(exc)))
            return
        except Exception as exc:  # a database error: shown, the form stays
            self.post_message(JoinFailed("error", error_text(exc)))
            return
        _keep_token(self.app, student)
        self.post_message(Joined(student))

    @work(thread=True, group="live-join", exclusive=True)
    def _rejoin(self, code: str, name: str, student_id: int | None = None) -> None:
        """Ask the teacher to move the seat here, then wait for the answer."""
        from quizapp.services.live import LiveError, LiveStudent

        worker = get_current_worker()
        port = live_store(self.app, lambda: worker.is_cancelled)
        if port is None:
            self.post_message(JoinFailed("no_store"))
            return
        try:
            request = LiveStudent.ask_rejoin(port, code, name, student_id)
            self.post_message(RejoinWaiting(request))
            while not worker.is_cancelled:
                student = LiveStudent.rejoin_answer(port, request)
                if student is not None:
                    _keep_token(self.app, student)
                    self.post_message(Joined(student))
                    return
                time.sleep(REJOIN_POLL)
        except LiveError as exc:
            self.post_message(JoinFailed(exc.kind, str(exc)))
        except Exception as exc:  # a database error: shown, the form stays
            self.post_message(JoinFailed("error", error_text(exc)))

    def on_rejoin_waiting(self, message: RejoinWaiting) -> None:
        self._waiting = True
        self._request = message.request
        self.query_one("#join-help", Static).update(
            t("live.rejoin_waiting", name=shown(message.request.name, multiline=False)))

    @work(thread=True, group="live-cancel")
    def _cancel_rejoin(self, request: Any) -> None:
        """Take the request back, so it leaves the teacher's screen."""
        from quizapp.services.live import LiveStudent

        port = live_store(self.app, lambda: False)
        if port is not None:
            try:
                LiveStudent.cancel_rejoin(port, request)
            except Exception as exc:  # said; the teacher can still refuse it
                self.post_message(JoinFailed("error", error_text(exc)))

    def on_roster_names(self, message: RosterNames) -> None:
        if message.code != self.query_one("#join-code", Input).value.strip():
            return  # the code changed meanwhile
        self._roster_ids = message.ids
        self._show_names(message.names)
        if message.pick:  # a name refused: typed again in its field, the roster under it
            field = self.query_one("#join-name", Input)
            field.focus()
            field.select_all()

    def _show_names(self, names: list[str] | None) -> None:
        """The session's class roster under the name field (none: no list)."""
        box = self.query_one("#join-roster", NamePicker)
        box.set_names(names)
        box.filter(self.query_one("#join-name", Input).value)

    def on_join_failed(self, message: JoinFailed) -> None:
        self._joining = False
        self._end_wait()
        self._taken = None
        if message.kind == "taken":  # Enter again asks the teacher
            self._taken = (self.query_one("#join-code", Input).value.strip(),
                           " ".join(message.detail.split()))
        key = f"live.join_{message.kind}"
        text = t(key, detail=shown(message.detail)) if key in _ERROR_KEYS else t(
            "live.join_error", detail=shown(message.detail))
        self.notify(text, severity="error", timeout=8)

    def _end_wait(self) -> None:
        self._request = None
        if self._waiting:
            self._waiting = False
            self.query_one("#join-help", Static).update(t("live.join_help"))

    def on_joined(self, message: Joined) -> None:
        app = self.app
        if hasattr(app, "set_student"):
            app.set_student(message.student.name)
        app.switch_screen(LiveStudentScreen(message.student))

    def action_leave(self) -> None:
        if self._waiting:  # stop waiting for the teacher; the form stays
            self.workers.cancel_group(self, "live-join")
            if self._request is not None:
                self._cancel_rejoin(self._request)
                self._request = None
            self._joining = False
            self._end_wait()
            return
        self.app.exit_live()


_ERROR_KEYS = {f"live.join_{k}" for k in ("unknown", "ended", "unreadable", "no_name",
                                          "not_on_roster", "no_store", "long_name",
                                          "odd_name", "too_fast", "taken", "no_rejoin",
                                          "refused", "seat", "full")}
#: How often a device waiting for the teacher's OK asks again (seconds).
REJOIN_POLL = 0.5


def seat_tokens(app: Any) -> dict[tuple[str, str], str]:
    """The tokens of the seats this app took, by (class code, name): with its token a
    device takes its own seat back without asking the teacher."""
    tokens = getattr(app, "live_seat_tokens", None)
    if tokens is None:
        tokens = {}
        app.live_seat_tokens = tokens
    return tokens


def _on_disk(app: Any) -> bool:
    """Whether this app keeps seat tokens in the user's data folder: a terminal app that
    remembers things, not the app ``quizapp serve`` runs for every browser (those all
    share the server's folder: they are not one device)."""
    return bool(getattr(app, "remember", False)) and not getattr(app, "live_only", False)


def _kept_token(app: Any, code: str, name: str) -> str | None:
    """This device's token for the seat, if it took it before (called on a worker)."""
    name = " ".join(name.split())
    token = seat_tokens(app).get((code, name))
    if token is None and _on_disk(app):
        from quizapp import seat_tokens as kept

        token = kept.token_for(code, name)
    return token


def _keep_token(app: Any, student: Any) -> None:
    """Remember the seat's token (called on a worker: it may write a file)."""
    code, name = student.session.code, student.name
    seat_tokens(app)[(code, name)] = student.token
    if _on_disk(app):
        from quizapp import seat_tokens as kept

        kept.keep(code, name, student.token)


class StudentUpdate(Message):
    def __init__(self, session: Any) -> None:
        super().__init__()
        self.session = session


class AnswerDone(Message):
    """An answer stored (``result``), or not sent (``pending``: the answer kept, ``error``
    why)."""

    def __init__(self, result: Any, pending: tuple[int, object] | None = None,
                 error: str = "") -> None:
        super().__init__()
        self.result = result
        self.pending = pending
        self.error = error


class LiveStudentScreen(Translated, AppScreen):
    """A student in a class: waiting, the open question, "submitted", the reveal, the end."""
    CSS_PATH = "live.tcss"

    BINDINGS = [
        Binding("enter", "submit", "key.submit", tooltip="tip.submit", id="live.submit",
                priority=True),
        Binding("escape", "leave", "key.leave", key_display="esc", id="live.student_leave"),
    ]

    def __init__(self, student: Any) -> None:
        super().__init__()
        from quizapp.services.live import StudentFollow

        self.student = student
        #: The session's follow-loop and this student's answers.
        self.follow = StudentFollow(student)
        self.widget: AnswerWidget | None = None
        self.session: Any = student.session
        self.phase = ""  # what is on screen: wait, question, closed, sent, reveal, end
        self._index = -2  # the question shown (session.current when it was shown)
        self._shown_at = time.monotonic()
        self._deadline: float | None = None
        self._sending = False
        self.connection = ConnectionNotice()
        #: an answer given while the database could not be reached: (question index,
        #: response), sent again as soon as it is back
        self.pending: tuple[int, object] | None = None
        self._pending_tries = 0

    def compose(self) -> ComposeResult:
        yield StatusBar(self._title(), "", id="live-student-status")
        with VerticalScroll(id="live-student-body"):
            yield Static("", id="live-student-prompt", markup=False)
            yield Vertical(id="live-student-answer")
            yield Static("", id="live-student-hint", markup=False)
            yield Static("", id="live-student-note")
        yield AppFooter()

    def _title(self) -> str:
        return t("live.student_title", code=self.student.session.code,
                 name=shown(self.student.name, multiline=False))

    def on_mount(self) -> None:
        try:
            self.query_one("#live-student-body").can_focus = False
            self._show(self.session)
        except NoMatches:  # the app closed as the screen was opening: nothing to show
            return
        self.set_interval(0.25, self._tick)
        self._watch()

    @work(thread=True, group="live-watch", exclusive=True)
    def _watch(self) -> None:
        worker = get_current_worker()
        self.follow.run(lambda: worker.is_cancelled,
                        lambda session: self.post_message(StudentUpdate(session)),
                        lambda exc: self.post_message(Connection(lost_text(exc))),
                        lambda: self.post_message(Connection(None)))

    def on_failed(self, message: Failed) -> None:
        self.notify(message.error, severity="error", timeout=10)

    def on_connection(self, message: Connection) -> None:
        try:
            status = self.query_one("#live-student-status", StatusBar)
        except NoMatches:  # the screen is being taken down
            return
        if self.connection.apply(self, message, status):
            status.set_left(self._title())
            self._resend()

    def on_student_update(self, message: StudentUpdate) -> None:
        try:
            self._show(message.session)
        except NoMatches:  # a read that came in as the screen was being taken down
            return
        self._resend()

    def _resend(self) -> None:
        """Send again the answer given while the database could not be reached."""
        if self.pending is None or self._sending:
            return
        index, response = self.pending
        self._sending = True
        self._send(response, index)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit":  # only a question being answered has something to submit
            return self.phase == "question" and type(self.focused).__name__ != "SelectOverlay"
        return True

    # -- showing --------------------------------------------------------------------------

    def _show(self, session: Any) -> None:
        self.session = session
        if self.phase == "moved":  # this device no longer holds the seat
            self._status()
            return
        state = session.state
        current = self.student.current
        if state == "open" and current is not None:
            stored = self.student.answered(current)
            if stored is not None:
                self._phase_sent()
            elif self.phase == "pending" and self.pending is not None \
                    and self.pending[0] == session.current:
                pass  # the answer given is on its way: not asked again
            elif self.phase not in ("question", "closed") or self._index != session.current:
                self._phase_question(current, session)
        elif state == "revealed" and current is not None:
            self._phase_reveal(current)
        elif state == "ended":
            self._phase_end()
        else:
            self._phase_wait()
        self._status()
        self.refresh_bindings()

    def _status(self) -> None:
        parts = []
        current = self.student.current
        if current is not None and self.session.state != "ended":
            parts.append(t("quiz.progress", n=current.index + 1, total=current.total))
        if self._deadline is not None and self.phase == "question":
            parts.append(t("quiz.timer", time=format_clock(self._deadline - time.monotonic())))
        self.query_one("#live-student-status", StatusBar).set_right("  ".join(parts))

    def _clear_widget(self) -> None:
        self._replace_widget(None)

    def _replace_widget(self, widget: AnswerWidget | None) -> None:
        """Show ``widget`` (or none) in place of the current one, in the order asked."""
        if widget is None and self.widget is None:
            return
        self.widget = widget
        self.call_later(self._do_replace, widget)

    async def _do_replace(self, widget: AnswerWidget | None) -> None:
        box = self.query_one("#live-student-answer", Vertical)
        await box.remove_children()
        if widget is not None and widget is self.widget:
            await box.mount(widget)
            if self.is_current:
                widget.focus_answer()

    def _set(self, prompt: str = "", hint: str = "", note: Any = "") -> None:
        """Show these, broken into lines by the Chinese rules (no line starts with "，")."""
        self.query_one("#live-student-prompt", Static).update(kinsoku(prompt))
        self.query_one("#live-student-hint", Static).update(kinsoku(hint))
        self.query_one("#live-student-note", Static).update(kinsoku(note))

    def _phase_wait(self) -> None:
        self.phase = "wait"
        self._clear_widget()
        self._set(note=Text(t("live.waiting"), style="bold"))

    def _phase_question(self, current: Any, session: Any) -> None:
        from quizapp.tui.screens.quiz import widget_for

        self.phase = "question"
        self._index = session.current
        self._shown_at = time.monotonic()
        self._deadline = None
        if session.seconds:
            age = 0.0
            if session.opened_at is not None:
                age = (datetime.now(UTC) - session.opened_at).total_seconds()
            left = min(session.seconds, max(0.0, session.seconds - max(0.0, age)))
            self._deadline = self._shown_at + left
        widget = widget_for(current)
        prompt = "" if widget.SHOWS_PROMPT else current.question.prompt
        self._set(prompt=shown(prompt), hint=t(widget.hint))
        self._replace_widget(widget)

    def on_screen_resume(self) -> None:
        if self.widget is not None and self.widget.is_mounted:
            self.call_after_refresh(self.widget.focus_answer)

    def _phase_sent(self) -> None:
        if self.phase == "sent":
            return
        self.phase = "sent"
        self._clear_widget()
        self._set(note=Text(t("live.submitted"), style="bold green"))

    def _phase_reveal(self, current: Any) -> None:
        self.phase = "reveal"
        self._clear_widget()
        q = current.question
        mine = self.student.answered(current)
        out = Text()
        if mine is None:
            out.append(t("live.no_answer") + "\n\n", style="bold yellow")
        elif not mine.marked:
            out.append(t("live.marking") + "\n\n", style="bold")
        else:
            from quizapp.core.grading import decode_response

            if mine.correct:
                verdict, style = t("feedback.right"), "bold green"
            elif mine.score > 0:
                verdict, style = t("feedback.partial"), "bold yellow"
            else:
                verdict, style = t("feedback.wrong"), "bold red"
            out.append(verdict + "   " + t("feedback.score", score=format_score(mine.score),
                                             max=mine.max_score) + "\n\n", style=style)
            out.append_text(_field("feedback.yours", format_response(
                q, decode_response(q, mine.response))))
        out.append_text(_field("feedback.correct", format_correct(q)))
        if q.explain:
            out.append_text(_field("feedback.explain", q.explain))
        if q.quote:
            out.append_text(_field("feedback.quote", q.quote))
        out.append(t("live.wait_next"), style="dim")
        self._set(prompt=shown(question_text(q)), note=out)

    def _phase_end(self) -> None:
        if self.phase == "end":
            return
        self.phase = "end"
        self._clear_widget()
        score, most = self.student.my_total()
        note = Text()
        note.append(t("live.ended") + "\n\n", style="bold")
        note.append(t("live.your_total", score=format_score(score), max=most) + "\n\n")
        note.append(t("live.leave_hint"), style="dim")
        self._set(note=note)

    def _tick(self) -> None:
        if not self.is_mounted:
            return
        if self.phase == "question" and self._deadline is not None:
            if time.monotonic() >= self._deadline:
                self._clear_widget()
                self.phase = "closed"
                self._set(note=Text(t("live.time_up"), style="bold yellow"))
            self._status()

    # -- answering ------------------------------------------------------------------------

    class SubmitInTurn(Message):
        """Submit once the focused input has handled the keys typed before ``enter``."""

    def on_live_student_screen_submit_in_turn(self, message: SubmitInTurn) -> None:
        message.stop()
        self.action_submit(in_turn=True)

    def on_answer_widget_hint_changed(self, message: AnswerWidget.HintChanged) -> None:
        message.stop()
        if self.widget is not None:
            self.query_one("#live-student-hint", Static).update(kinsoku(t(self.widget.hint)))

    def on_answer_widget_submit(self, message: AnswerWidget.Submit) -> None:
        message.stop()
        self.action_submit(in_turn=True)

    def action_submit(self, in_turn: bool = False) -> None:
        widget = self.widget
        if widget is None or self.phase != "question" or self._sending:
            return
        if not in_turn and isinstance(self.focused, Input):
            self.focused.post_message(self.SubmitInTurn())
            return
        if not widget.before_submit():
            return
        if widget.has_no_answer():
            self.notify(t("live.empty_answer"), severity="warning")
            return
        self._sending = True
        self._send(widget.response(), self._index)  # the database times it

    @work(thread=True, group="live-answer")
    def _send(self, response: object, index: int) -> None:
        """Send the raw answer to question ``index`` (the host marks it). Sent again after
        a lost connection it is stored once (the first answer stands), and ``closed`` once
        another question is open."""
        try:
            result = self.follow.answer(response, index)
        except Exception as exc:  # not saved yet: kept, and sent when the database is back
            self.post_message(AnswerDone(None, (index, response), lost_text(exc)))
            return
        self.post_message(AnswerDone(result))

    def on_answer_done(self, message: AnswerDone) -> None:
        self._sending = False
        if message.pending is not None:
            first = self.pending is None
            self.pending = message.pending
            self._pending_tries += 1
            if self.phase == "question":
                self._clear_widget()
                self.phase = "pending"
                self._set(note=Text(t("live.answer_pending"), style="bold yellow"))
                self.refresh_bindings()
            if first:
                self.post_message(Connection(message.error or ""))
            # tried again after a pause even if reading works (a SQLite file locked for
            # writing still reads), and at once when the reader sees the database back
            from quizapp.services.live import retry_pause

            self.set_timer(retry_pause(self._pending_tries), self._resend)
            return
        result = message.result
        was_pending = self.pending is not None
        self.pending = None
        self._pending_tries = 0
        if was_pending and self.connection.lost:
            self.post_message(Connection(None))
        if result is None:
            return
        if result.status == "closed":
            self.notify(t("live.answer_not_sent") if was_pending else t("live.answer_closed"),
                        severity="warning", timeout=10 if was_pending else 5)
        elif result.status == "seat":  # the teacher gave the seat to another device
            self.notify(t("live.answer_seat"), severity="error", timeout=10)
            self.phase = "moved"
            self._clear_widget()
            note = Text(t("live.join_seat") + "\n\n", style="bold yellow")
            note.append(t("live.leave_hint"), style="dim")
            self._set(note=note)
            return
        elif was_pending:
            self.notify(t("live.answer_resent"), timeout=4)
        if self.phase == "pending":
            self.phase = "closed"  # shown again from the session below
            self._index = -2
        self._show(self.student.session)

    def action_leave(self) -> None:
        if self.phase in ("end", "moved"):
            self.app.exit_live()
            return
        from quizapp.tui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.exit_live()

        self.app.push_screen(ConfirmScreen(t("live.leave_student_confirm")), answer)
