"""The student's homework key, asked for over Home on the school database's shared student
login (the first time, or when the kept key no longer works). The key is checked by the
database; a key that is nobody's is said in the box and nothing else happens; ``escape``
goes back (Home then shows no homework)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from quizapp.i18n import t
from quizapp.tui.bindings import Translated
from quizapp.tui.messages import KeyChecked, ReadFailed
from quizapp.tui.reads import read
from quizapp.tui.widgets.prose import Prose


class HomeworkKeyScreen(Translated, ModalScreen[str | None]):
    """Dismissed with the key (normalised) once the database knows it, else ``None``."""

    #: CSS, not DEFAULT_CSS: the app's own "Screen { background }" would win over a
    #: default and hide Home behind the box
    CSS = """
    HomeworkKeyScreen {
        align: center middle;
        background: $background 60%;
    }
    #key-box {
        width: 60;
        max-width: 100%;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 1 2 0 2;
    }
    #key-box Input {
        margin: 1 0 0 0;
    }
    #key-error {
        color: $error;
        width: 100%;
        height: auto;
    }
    #key-buttons {
        height: 1;
        margin: 1 0 0 0;
        align: right middle;
    }
    #key-buttons Button {
        margin: 0 0 0 2;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "key.back", priority=True)]

    def __init__(self, again: bool = False, typed: str = "") -> None:
        super().__init__()
        #: what was typed before the box opened (the start of the key), put in its field
        self.typed = typed
        #: the kept key no longer works (replaced by the teacher)
        self.again = again
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="key-box"):
            yield Prose(t("keys.prompt_again" if self.again else "keys.prompt"),
                        id="key-prompt")
            yield Input(id="key-input", compact=True, max_length=40,
                        placeholder=t("keys.placeholder"))
            yield Label("", id="key-error", markup=False)
            with Horizontal(id="key-buttons"):
                yield Button(t("keys.cancel"), id="key-cancel", compact=True)
                yield Button(t("keys.ok"), id="key-ok", variant="primary", compact=True)

    def on_mount(self) -> None:
        field = self.query_one("#key-input", Input)
        if self.typed:
            field.value = self.typed
            field.cursor_position = len(self.typed)
        field.focus()

    def _error(self, text: str) -> None:
        self.query_one("#key-error", Label).update(text)

    @on(Input.Submitted, "#key-input")
    @on(Button.Pressed, "#key-ok")
    def _submit(self) -> None:
        from quizapp.core.homework_keys import normalize

        if self.busy:
            return
        typed = self.query_one("#key-input", Input).value
        if not typed.strip():
            self._error(t("keys.empty"))
            return
        key = normalize(typed)
        if key is None:
            self._error(t("keys.bad_form"))
            return
        self.busy = True
        self._error(t("keys.checking"))
        read(self, lambda reads: KeyChecked(key, reads.key_holder(key)), group="key",
             exclusive=True)

    def on_key_checked(self, message: KeyChecked) -> None:
        self.busy = False
        if message.holder is not None:
            self.dismiss(message.key)
            return
        field = self.query_one("#key-input", Input)
        field.focus()
        self._error(t("keys.wrong"))

    def on_read_failed(self, message: ReadFailed) -> None:
        self.busy = False
        self._error(t("keys.failed", error=message.error))

    @on(Button.Pressed, "#key-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
