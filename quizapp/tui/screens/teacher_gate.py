"""The teacher password, asked for over Home before the teacher's desk or a live class is
opened (:meth:`quizapp.tui.app.QuizApp.as_teacher`). The input is masked; a wrong
password opens nothing; ``escape`` goes back. A database without a teacher password yet
has the teacher choose one (typed twice): from then on it is asked for.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from quizapp.i18n import t
from quizapp.tui.bindings import Translated
from quizapp.tui.widgets.prose import Prose


class TeacherPasswordScreen(Translated, ModalScreen[bool]):
    """Dismissed with ``True`` once the right password is typed (or the first one set)."""

    DEFAULT_CSS = """
    TeacherPasswordScreen {
        align: center middle;
        background: $background 60%;
    }
    #gate-box {
        width: 60;
        max-width: 100%;
        height: auto;
        border: round $warning;
        background: $surface;
        padding: 1 2 0 2;
    }
    #gate-box Input {
        margin: 1 0 0 0;
    }
    #gate-error {
        color: $error;
        height: auto;
    }
    #gate-buttons {
        height: 1;
        margin: 1 0 0 0;
        align: right middle;
    }
    #gate-buttons Button {
        margin: 0 0 0 2;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "key.back", priority=True)]

    def __init__(self, first: bool) -> None:
        super().__init__()
        #: no teacher password yet: this one is chosen (typed twice)
        self.first = first
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="gate-box"):
            yield Prose(t("gate.first" if self.first else "gate.prompt"), id="gate-prompt")
            yield Input(password=True, id="gate-password", compact=True, max_length=200,
                        placeholder=t("gate.placeholder_new" if self.first
                                      else "gate.placeholder"))
            if self.first:
                yield Input(password=True, id="gate-again", compact=True, max_length=200,
                            placeholder=t("gate.placeholder_again"))
            yield Label("", id="gate-error", markup=False)
            with Horizontal(id="gate-buttons"):
                yield Button(t("gate.cancel"), id="gate-cancel", compact=True)
                yield Button(t("gate.ok"), id="gate-ok", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#gate-password", Input).focus()

    def _error(self, key: str) -> None:
        self.query_one("#gate-error", Label).update(t(key))

    @on(Input.Submitted, "#gate-password")
    def _password_typed(self) -> None:
        if self.first:
            self.query_one("#gate-again", Input).focus()
        else:
            self._submit()

    @on(Input.Submitted, "#gate-again")
    @on(Button.Pressed, "#gate-ok")
    def _submit(self) -> None:
        if self.busy:
            return
        app: Any = self.app
        password = self.query_one("#gate-password", Input).value
        if self.first:
            from quizapp.services.teacher_auth import problem_with

            problem = problem_with(password)
            if problem is not None:
                self._error(problem)
                return
            if self.query_one("#gate-again", Input).value != password:
                self._error("teacher.password_mismatch")
                self.query_one("#gate-again", Input).value = ""
                return
            self.busy = True
            app.scores.set_first_teacher_password(password, self._set, self._failed)
            return
        if not password:
            self._error("gate.empty")
            return
        self.busy = True
        app.scores.check_teacher(password, self._checked, self._failed)

    def _set(self, done: bool) -> None:
        self.busy = False
        if done:
            self.app.notify(t("teacher.password_set"))
            self.dismiss(True)
        else:
            self._error("teacher.password_raced")

    def _checked(self, right: bool) -> None:
        self.busy = False
        if right:
            self.dismiss(True)
            return
        field = self.query_one("#gate-password", Input)
        field.value = ""
        field.focus()
        self._error("gate.wrong")

    def _failed(self, error: str) -> None:
        self.busy = False
        self.query_one("#gate-error", Label).update(t("gate.failed", error=error))

    @on(Button.Pressed, "#gate-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
