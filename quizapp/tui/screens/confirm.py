"""A yes/no question over the current screen: ``y`` yes, ``n`` or ``escape`` no; ``enter``
presses the focused button, which is "no" at first, so a second ``enter`` by reflex never
confirms anything."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button

from quizapp.i18n import t
from quizapp.tui.bindings import Translated
from quizapp.tui.typed_app import AppModalScreen
from quizapp.tui.widgets.prose import Prose


class ConfirmScreen(Translated, AppModalScreen[bool]):
    CSS_PATH = "overlays.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "key.yes", priority=True),
        Binding("n,escape", "answer(False)", "key.no", key_display="n", priority=True),
    ]

    def __init__(self, prompt: str) -> None:
        super().__init__()
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Prose(self.prompt, id="confirm-prompt")
            with Horizontal(id="confirm-buttons"):
                yield Button(t("confirm.no"), id="confirm-no", compact=True)
                yield Button(t("confirm.yes"), id="confirm-yes", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
