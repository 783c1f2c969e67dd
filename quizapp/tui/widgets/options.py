"""A list of numbered options: the shared body of the choice, multi and true/false widgets."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from quizapp.tui.widgets.base import AnswerWidget
from quizapp.tui.widgets.prose import wrap_cells
from quizapp.untrusted import visible

MAX_OPTIONS = 8


class Hanging:
    """``head`` then ``body`` wrapped to the width, continuation lines indented by
    ``indent`` cells, every line filled to the width with ``style`` (the row's background).
    Lighter than a two-column table, which matters: it is drawn on every key press."""

    def __init__(self, head: Text, body: Text, indent: int, style: Style) -> None:
        self.head, self.body, self.indent, self.style = head, body, indent, style

    def __rich_console__(self, console: Console, options: ConsoleOptions):
        width = options.max_width
        lines = [Text(line, style=self.body.style)
                 for line in wrap_cells(self.body.plain, max(1, width - self.indent))]
        for n, line in enumerate(lines):
            row = Text(style=self.style, end="")
            row.append_text(self.head if n == 0 else Text(" " * self.indent))
            row.append_text(line)
            row.pad_right(max(0, width - row.cell_len))
            yield from row.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.indent + 1, options.max_width)


class OptionRow(Widget):
    """One option: a mark and its number, then the text, wrapped with a hanging indent.

    The row draws itself (no child widgets, no CSS classes to switch), so choosing an
    option repaints the two rows that changed and nothing else.
    """

    COMPONENT_CLASSES = {
        "option-row--mark",
        "option-row--selected",
        "option-row--cursor",
        "option-row--cursor-focus",
    }
    DEFAULT_CSS = """
    OptionRow {
        height: auto;
        width: 1fr;
        padding: 0 1 0 0;
    }
    OptionRow > .option-row--mark {
        color: $text-muted;
    }
    OptionRow > .option-row--selected {
        color: $text-accent;
        text-style: bold;
    }
    OptionRow > .option-row--cursor {
        background: $boost;
    }
    OptionRow > .option-row--cursor-focus {
        background: $accent 20%;
    }
    """
    MARK_WIDTH = 8

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
        self.selected = False
        self.cursor = False
        self.focused_parent = False

    def set_state(self, selected: bool, cursor: bool, mark: str, focused: bool) -> None:
        state = (selected, cursor, mark, focused)
        if state != (self.selected, self.cursor, self.mark, self.focused_parent):
            self.selected, self.cursor, self.mark, self.focused_parent = state
            self.refresh()

    def render(self) -> Hanging:
        style = self.get_component_rich_style
        mark_style = _foreground(style("option-row--mark"))
        text_style = Style()
        if self.selected:
            mark_style = text_style = _foreground(style("option-row--selected"))
        row_style = Style()
        if self.cursor:
            row_style = style("option-row--cursor-focus" if self.focused_parent
                              else "option-row--cursor")
        return Hanging(Text(f" {self.mark} {self.key}. ", style=mark_style),
                       Text(visible(self.text), style=text_style), self.MARK_WIDTH, row_style)

    def on_click(self) -> None:
        self.post_message(self.Clicked(self.index))


def _foreground(style: Style) -> Style:
    """``style`` without its background (the row's background shows through)."""
    return Style(color=style.color, bold=style.bold, italic=style.italic)


#: The digit keys' name until a widget knows how many options it has.
DIGITS = f"1-{MAX_OPTIONS}"


def _digit_bindings(description: str) -> list[BindingType]:
    return [
        Binding(str(n), f"pick({n - 1})", description, key_display=DIGITS, show=n == 1,
                priority=True)
        for n in range(1, MAX_OPTIONS + 1)
    ]


class OptionsWidget(AnswerWidget):
    """Numbered options; subclasses say whether one or several can be chosen."""

    DEFAULT_CSS = """
    OptionsWidget {
        height: auto;
        width: 1fr;
    }
    """

    can_focus = True
    MULTIPLE = False
    BINDINGS = [
        Binding("up", "move(-1)", "key.cursor_up", show=False, priority=True),
        Binding("down", "move(1)", "key.cursor_down", show=False, priority=True),
        Binding("space", "pick_cursor", "key.select", show=False, priority=True),
    ]

    def __init__(self, shown, *, id: str | None = None) -> None:
        super().__init__(shown, id=id)
        self.labels: tuple[str, ...] = self.option_labels()
        self.selected: set[int] = set()
        self.cursor = 0
        self._name_digits()

    def _name_digits(self) -> None:
        """The footer and the help name the digits this question has (``1-4`` for four
        options), not every digit a question could have."""
        shown = f"1-{len(self.labels)}"
        table = self._bindings.key_to_bindings
        for key, bindings in table.items():
            table[key] = [replace(b, key_display=shown) if b.key_display == DIGITS else b
                          for b in bindings]

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
        focused = self.has_focus
        for row in self.query(OptionRow):
            row.set_state(row.index in self.selected, row.index == self.cursor,
                          self._mark(row.index), focused)

    def on_focus(self) -> None:
        self._refresh_rows()

    def on_blur(self) -> None:
        self._refresh_rows()

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
