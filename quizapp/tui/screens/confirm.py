"""A yes/no question over the current screen (``y``/``enter`` yes, ``n``/``escape`` no)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quizapp.i18n import t
from quizapp.tui.bindings import Translated


class ConfirmScreen(Translated, ModalScreen[bool]):
    BINDINGS = [
        Binding("y,enter", "answer(True)", "key.yes", key_display="y", priority=True),
        Binding("n,escape", "answer(False)", "key.no", key_display="n", priority=True),
    ]

    def __init__(self, prompt: str) -> None:
        super().__init__()
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.prompt, id="confirm-prompt", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(t("confirm.no"), id="confirm-no", compact=True)
                yield Button(t("confirm.yes"), id="confirm-yes", variant="primary", compact=True)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
