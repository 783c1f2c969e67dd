"""The one-line bar at the top of every screen: a title on the left, state on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from quizapp.tui.display import literal


class StatusBar(Horizontal):
    DEFAULT_CSS = """
    StatusBar {
        dock: top;  /* stays in view when the screen scrolls (whose quiz it is) */
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
    }
    StatusBar > #status-left {
        width: 1fr;
        padding: 0 1;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    StatusBar > #status-right {
        width: auto;
        padding: 0 1;
    }
    StatusBar > #status-alert {
        width: auto;
        padding: 0 1;
        background: $error;
        color: $text;
        display: none;
    }
    StatusBar > #status-alert.-on {
        display: block;
    }
    """

    def __init__(self, left: str = "", right: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._left = left
        self._right = right

    def compose(self) -> ComposeResult:
        yield Label(literal(self._left, multiline=False), id="status-left", markup=False)
        yield Label(literal(self._right, multiline=False), id="status-right", markup=False)
        yield Label("", id="status-alert", markup=False)

    def set_left(self, text: str) -> None:
        self.query_one("#status-left", Label).update(literal(text, multiline=False))

    def set_right(self, text: str) -> None:
        self.query_one("#status-right", Label).update(literal(text, multiline=False))

    def set_alert(self, text: str) -> None:
        alert = self.query_one("#status-alert", Label)
        alert.update(literal(text, multiline=False))
        alert.set_class(bool(text), "-on")
