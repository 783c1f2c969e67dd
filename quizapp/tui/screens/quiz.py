"""The quiz: one question at a time, an answer widget per type, a timer in exam mode."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input

from quizapp.core.grading import blank_count
from quizapp.core.selection import Presented
from quizapp.core.session import Mode, TimeUpError
from quizapp.i18n import t
from quizapp.services.quiz_run import QuizRun
from quizapp.services.recorder import StoreState
from quizapp.tui.bindings import Translated, own_bindings
from quizapp.tui.display import format_clock, whose
from quizapp.tui.typed_app import AppScreen
from quizapp.tui.widgets.base import AnswerWidget
from quizapp.tui.widgets.prose import Prose
from quizapp.tui.widgets.statusbar import StatusBar

if TYPE_CHECKING:
    from quizapp.tui.screens.help import HelpRows

#: The answer widget of each question type, as ``module:class``: a widget's module is
#: imported when a question of its type is first shown (each Textual widget class costs
#: time to define, and the first question needs one).
WIDGETS: dict[str, str] = {
    "choice": "quizapp.tui.widgets.choice:ChoiceWidget",
    "multi": "quizapp.tui.widgets.multi:MultiWidget",
    "truefalse": "quizapp.tui.widgets.truefalse:TrueFalseWidget",
    "fill": "quizapp.tui.widgets.fill:FillWidget",
    "match": "quizapp.tui.widgets.match:MatchWidget",
    "order": "quizapp.tui.widgets.order:OrderWidget",
    "card": "quizapp.tui.widgets.card:CardWidget",
}


def widget_class(kind: str) -> type[AnswerWidget]:
    """The answer widget class for the question type ``kind``."""
    module, name = WIDGETS[kind].split(":")
    return getattr(import_module(module), name)


def widget_for(shown: Presented) -> AnswerWidget:
    """The answer widget for a question, by its type."""
    return widget_class(shown.question.type)(shown)


class QuizScreen(Translated, AppScreen):
    """Shows the run's current question until the quiz is over, then the results."""
    CSS_PATH = "quiz.tcss"

    BINDINGS = [
        Binding("enter", "submit", "key.submit", tooltip="tip.submit", id="quiz.submit",
                priority=True),
        Binding("ctrl+n", "skip", "key.skip", key_display="^n", tooltip="tip.skip",
                id="quiz.skip"),
        Binding("escape", "leave", "key.leave", key_display="esc", tooltip="tip.leave",
                id="quiz.leave"),
    ]

    def __init__(self, run: QuizRun) -> None:
        super().__init__()
        self.run = run
        self.widget: AnswerWidget | None = None
        self._busy = False  # a dialog or the feedback screen is open for this question
        self._shown_at = run.clock()  # an exam without a time limit shows the time taken

    def compose(self) -> ComposeResult:
        # The first question is composed with the screen, so the first frame shows it.
        shown = self.run.session.current()
        self.widget = widget_for(shown) if shown is not None else None
        yield StatusBar(self._title(), self._status_text(), id="quiz-status")
        # the hint sits above the question, where an open drop-down never covers it and
        # the body's scrolling never hides it
        yield Prose(t(self.widget.hint) if self.widget else "", id="quiz-hint")
        with VerticalScroll(id="quiz-body"):
            prompt = Prose(shown.question.prompt if shown else "", id="quiz-prompt")
            prompt.display = self.widget is not None and not self.widget.SHOWS_PROMPT
            yield prompt
            if self.widget is not None:
                yield self.widget

    def help_rows(self) -> HelpRows | None:
        """For the help: the current question type's keys, first."""
        from quizapp.tui.screens.help import HelpRows

        widget = self.widget
        if widget is None:
            return None
        kind = t(f"quiz.type.{widget.question.type}")
        own = {b.description for node in (widget, *widget.query("*")) for b in own_bindings(node)}
        own.add(t("key.submit"))
        return HelpRows(t("help.type_title", type=kind), list(widget.HELP_KEYS), own)

    def _title(self) -> str:
        """Whose quiz it is (first: the rest may be cut short), the mode and the sets."""
        mode = t(f"mode.{self.run.mode.value}")
        title = f"{mode} · {self.run.title}" if self.run.title else mode
        return whose(self.run.student, title, self.app.student)

    def on_mount(self) -> None:
        self.query_one("#quiz-body").can_focus = False  # the keys belong to the answer
        if self.widget is None:
            left = self.run.session.time_left()
            if left is not None and left <= 0 and self.run.result is None:
                # an exam resumed after its deadline: handed in with the answers it has
                from datetime import datetime

                deadline = self.run.session.deadline
                assert deadline is not None
                self.notify(t("quiz.handed_in_expired", time=datetime.fromtimestamp(
                    deadline).strftime("%m-%d %H:%M")), severity="warning", timeout=12)
            self.show_current()  # nothing left to answer: straight to the results
        if self.run.mode is Mode.EXAM:
            self.set_interval(0.5, self._tick)
        self.watch(self.app, "store_state", self._store_state_changed)
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        """The question is on screen: now the footer, the focus and the database."""
        from quizapp.tui.widgets.footer import AppFooter

        self.mount(AppFooter())
        if self.widget is not None:
            self.widget.focus_answer()
        self.app.first_frame_shown()

    def on_screen_resume(self) -> None:
        if self.widget is not None and self.widget.is_mounted:
            self.call_after_refresh(self.widget.focus_answer)

    # -- showing -----------------------------------------------------------------------

    def show_current(self) -> None:
        """Show the session's current question (or the results when there is none)."""
        self._busy = True  # until the new widget is in place
        self.call_later(self._show_current)

    async def _show_current(self) -> None:
        shown = self.run.session.current()
        if shown is None:
            self.finish()
            return
        body = self.query_one("#quiz-body", VerticalScroll)
        if self.widget is not None:
            await self.widget.remove()
        self.widget = widget_for(shown)
        prompt = self.query_one("#quiz-prompt", Prose)
        prompt.update(shown.question.prompt)
        prompt.display = not self.widget.SHOWS_PROMPT
        hint = self.query_one("#quiz-hint", Prose)
        hint.update(t(self.widget.hint))
        await body.mount(self.widget)
        body.scroll_home(animate=False)
        self._update_status()
        self._busy = False
        if self.is_current:
            self.widget.focus_answer()

    def _update_status(self) -> None:
        self.query_one("#quiz-status", StatusBar).set_right(self._status_text())

    def _status_text(self) -> str:
        session = self.run.session
        n = min(session.answered + 1, session.total)
        shown = session.current()
        kind = t(f"quiz.type.{shown.question.type}") if shown is not None else ""
        parts = [kind, t("quiz.progress", n=n, total=session.total)]
        left = session.time_left()
        if left is not None:
            parts.append(t("quiz.timer", time=format_clock(left)))
        elif self.run.mode is Mode.EXAM:
            spent = self.run.clock() - self._shown_at + self.run.resumed_time
            parts.append(t("quiz.elapsed", time=format_clock(spent)))
        return "  ".join(p for p in parts if p)

    def _store_state_changed(self, state: StoreState) -> None:
        failed = state is StoreState.FAILED or self.app.recorder.failed
        self.query_one("#quiz-status", StatusBar).set_alert(
            t("app.store_failed_short") if failed else "")

    def _tick(self) -> None:
        if self.run.result is not None:
            return
        left = self.run.session.time_left()
        if left is not None and left <= 0:
            self.time_up()
        else:
            self._update_status()

    # -- actions -----------------------------------------------------------------------

    class SubmitInTurn(Message):
        """Submit once the focused input has handled the keys typed before ``enter``."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit" and type(self.focused).__name__ == "SelectOverlay":
            return False  # an open drop-down (a match Select) takes enter for itself
        return True

    def on_quiz_screen_submit_in_turn(self, message: SubmitInTurn) -> None:
        message.stop()
        self.action_submit(in_turn=True)

    def action_submit(self, in_turn: bool = False) -> None:
        widget = self.widget
        if widget is None or self._busy or self.run.result is not None:
            return
        if not in_turn and isinstance(self.focused, Input):
            # enter is a priority key and would overtake characters typed just before it,
            # still queued for the input: ask the input to pass the request on, in turn.
            self.focused.post_message(self.SubmitInTurn())
            return
        if not widget.before_submit():
            return
        question = None
        if widget.has_no_answer():
            if self.run.mode in (Mode.PRACTICE, Mode.REVIEW):
                question = t("quiz.empty_confirm")
        elif widget.unchanged():
            question = t("quiz.order_unchanged_confirm")
        elif missing := widget.missing():
            question = t("quiz.partial_confirm", missing=missing,
                         total=blank_count(widget.question))
        if question is None:
            self.submit(widget.response())
            return
        self._busy = True

        def answer(yes: bool | None) -> None:
            self._busy = False
            if yes:
                self.submit(widget.response())
            else:
                widget.focus_answer()

        from quizapp.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question), answer)

    def on_answer_widget_hint_changed(self, message: AnswerWidget.HintChanged) -> None:
        message.stop()
        if self.widget is not None:
            self.query_one("#quiz-hint", Prose).update(t(self.widget.hint))

    def on_answer_widget_submit(self, message: AnswerWidget.Submit) -> None:
        message.stop()
        if self.widget is not None and not self._busy:
            self.submit(self.widget.response())

    def submit(self, response: object) -> None:
        try:
            outcome = self.run.answer(response)
        except TimeUpError:
            self.time_up()
            return
        shows_card = self.widget is not None and self.widget.question.type == "card"
        if outcome.feedback and not shows_card and not self.run.hide_answers:
            from quizapp.tui.screens.feedback import FeedbackScreen

            self._busy = True
            self.app.push_screen(FeedbackScreen(self.run, outcome), self._after_feedback)
        else:
            self.show_current()

    def _after_feedback(self, leave: bool | None) -> None:
        self.show_current()
        if leave and self.run.session.current() is not None:
            self.call_later(self.action_leave)  # once the next question is in place

    def action_skip(self) -> None:
        if self._busy or self.run.session.total - self.run.session.answered < 2:
            return
        self.run.session.skip()
        self.show_current()

    def action_leave(self) -> None:
        if self._busy:
            return
        self._busy = True
        deadline = self.run.session.deadline
        if deadline is not None:  # the clock does not stop for an exam left open
            from datetime import datetime

            ask = t("quiz.leave_confirm_timed",
                    time=datetime.fromtimestamp(deadline).strftime("%H:%M:%S"))
        else:
            ask = t("quiz.leave_confirm")

        def leave(yes: bool | None) -> None:
            self._busy = False
            if yes:
                self.app.go_home()
            elif self.widget is not None:
                self.widget.focus_answer()

        from quizapp.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(ask), leave)

    def time_up(self) -> None:
        """The deadline passed: what is on screen (selected or typed, not yet submitted)
        is graded as the answer, then the results."""
        if self.run.result is not None:
            return
        self.notify(t("quiz.time_up"), severity="warning")
        from quizapp.tui.screens.confirm import ConfirmScreen

        if isinstance(self.app.screen, ConfirmScreen):
            self.app.pop_screen()
        pending = None
        if self.widget is not None and self.widget.is_mounted and not self.widget.has_no_answer():
            pending = self.widget.response()
        self.finish(pending)

    def finish(self, pending: object = None) -> None:
        result = self.run.finish(pending)
        self.app.show_results(self.run, result)
