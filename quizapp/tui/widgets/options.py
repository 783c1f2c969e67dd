"""A list of numbered options: the shared body of the choice, multi and true/false widgets."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Label, Static

from quizapp.tui.widgets.base import AnswerWidget

MAX_OPTIONS = 8


class OptionRow(Horizontal):
    """One option: a mark and its number, then the text (wrapped, with a hanging indent)."""

    DEFAULT_CSS = """
    OptionRow {
        height: auto;
        width: 1fr;
        padding: 0 1 0 0;
    }
    OptionRow > .option-mark {
        width: 8;
        color: $text-muted;
    }
    OptionRow > .option-text {
        width: 1fr;
    }
    OptionRow.-cursor {
        background: $boost;
    }
    OptionRow.-selected > .option-mark {
        color: $accent;
        text-style: bold;
    }
    OptionRow.-selected > .option-text {
        color: $text;
        text-style: bold;
    }
    """

    class Clicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, key: str, text: str, mark: str) -> None:
        super().__init__()
        self.index = index
        self.key = key
        self.text = text
        self.mark = mark

    def compose(self) -> ComposeResult:
        yield Label(self._mark_text(self.mark), classes="option-mark", markup=False)
        yield Static(self.text, classes="option-text", markup=False)

    def _mark_text(self, mark: str) -> str:
        return f" {mark} {self.key}. "

    def set_state(self, selected: bool, cursor: bool, mark: str) -> None:
        self.set_class(selected, "-selected")
        self.set_class(cursor, "-cursor")
        if mark != self.mark:
            self.mark = mark
            self.query_one(".option-mark", Label).update(self._mark_text(mark))

    def on_click(self) -> None:
        self.post_message(self.Clicked(self.index))


def _digit_bindings(description: str) -> list[Binding]:
    return [
        Binding(str(n), f"pick({n - 1})", description, key_display="1-8", show=n == 1)
        for n in range(1, MAX_OPTIONS + 1)
    ]


class OptionsWidget(AnswerWidget):
    """Numbered options; subclasses say whether one or several can be chosen."""

    DEFAULT_CSS = """
    OptionsWidget {
        height: auto;
        width: 1fr;
    }
    OptionsWidget:focus > OptionRow.-cursor {
        background: $accent 20%;
    }
    """

    can_focus = True
    MULTIPLE = False
    BINDINGS = [
        Binding("up", "move(-1)", "key.cursor_up", show=False),
        Binding("down", "move(1)", "key.cursor_down", show=False),
        Binding("space", "pick_cursor", "key.select", show=False),
    ]

    def __init__(self, shown, *, id: str | None = None) -> None:
        super().__init__(shown, id=id)
        self.labels: tuple[str, ...] = self.option_labels()
        self.selected: set[int] = set()
        self.cursor = 0

    def option_labels(self) -> tuple[str, ...]:
        return self.shown.options

    def compose(self) -> ComposeResult:
        for i, text in enumerate(self.labels):
            yield OptionRow(i, str(i + 1), text, self._mark(i))

    def on_mount(self) -> None:
        self._refresh_rows()

    def _mark(self, index: int) -> str:
        on = index in self.selected
        if self.MULTIPLE:
            return "[x]" if on else "[ ]"
        return "(*)" if on else "( )"

    def _refresh_rows(self) -> None:
        for row in self.query(OptionRow):
            row.set_state(row.index in self.selected, row.index == self.cursor,
                          self._mark(row.index))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick" and parameters and int(parameters[0]) >= len(self.labels):  # type: ignore[call-overload]
            return False
        return True

    def action_pick(self, index: int) -> None:
        if not 0 <= index < len(self.labels):
            return
        self.cursor = index
        if self.MULTIPLE:
            self.selected ^= {index}
        else:
            self.selected = {index}
        self._refresh_rows()

    def action_pick_cursor(self) -> None:
        self.action_pick(self.cursor)

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.labels)
        if not self.MULTIPLE:
            self.selected = {self.cursor}
        self._refresh_rows()

    def on_option_row_clicked(self, message: OptionRow.Clicked) -> None:
        message.stop()
        self.focus()
        self.action_pick(message.index)

    def chosen(self) -> list[str]:
        """The chosen options' texts, in display order."""
        return [self.labels[i] for i in sorted(self.selected)]
