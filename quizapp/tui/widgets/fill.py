"""``fill``: the sentence with one input per blank, inline, wrapped to the screen's width.

Textual has no inline flow layout, so the widget breaks the sentence into lines itself
(terminal cells, CJK counting two) and lays each line out as text pieces and inputs; it
lays the lines out again when its width changes, keeping what was typed.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import Resize
from textual.widgets import Input, Static

from quizapp.core.linebreak import break_pieces
from quizapp.core.model import Blank, FillQuestion
from quizapp.i18n import t
from quizapp.tui.display import literal
from quizapp.tui.widgets.base import AnswerWidget, TextInput
from quizapp.tui.widgets.prose import Wrapped

MIN_BLANK = 12


def blank_width(blank: Blank) -> int:
    """Wide enough for the longest accepted answer (and the hint, and a cell to spare)."""
    longest = max((cell_len(a) for a in blank.accepted), default=0)
    return max(MIN_BLANK, cell_len(blank.hint) + 4, longest + 2)


def layout_lines(segments: list, width: int) -> list[list[str | Blank]]:
    """Break ``segments`` (text and blanks) into lines no wider than ``width`` cells, by
    the Chinese line-breaking rules (:mod:`quizapp.core.linebreak`): a blank is one
    unbreakable piece, as wide as its answer (at most the line), and a "。" after it stays
    on its line. Each line is a list of text pieces and blanks."""
    width = max(width, MIN_BLANK)
    lines = break_pieces(segments, width, cell_len,
                         piece_width=lambda blank: min(blank_width(blank), width))
    return [line for line in lines if line] or [[]]


class FillLine(Horizontal):
    DEFAULT_CSS = """
    FillLine {
        height: 1;
        width: 1fr;
    }
    FillLine > Static {
        width: auto;
    }
    """


class FillWidget(AnswerWidget):
    DEFAULT_CSS = """
    FillWidget {
        height: auto;
        width: 1fr;
        margin: 0 0 1 0;
    }
    FillWidget Input.fill-blank {
        height: 1;
        border: none;
        padding: 0;
        background: $primary 15%;
        text-style: underline;
    }
    FillWidget Input.fill-blank:focus {
        background: $primary 35%;
    }
    """
    SHOWS_PROMPT = True
    HINT = "quiz.hint.fill"
    # Priority bindings run before the keys typed after them are handed to a widget, so
    # "ab<tab>cd" typed fast puts "cd" in the next blank, not the first.
    BINDINGS = [
        Binding("tab", "move(1)", "key.next_field", show=False, priority=True),
        Binding("shift+tab", "move(-1)", "key.prev_field", show=False, priority=True),
    ]

    def __init__(self, shown, *, id: str | None = None) -> None:
        super().__init__(shown, id=id)
        assert isinstance(self.question, FillQuestion)
        self.fill: FillQuestion = self.question
        self.segments = self.question.segments()
        self.values: dict[int, str] = {b.number: "" for b in self.question.blanks}
        self._laid_width = 0
        self._focus_index: int | None = None

    def compose(self) -> ComposeResult:
        return iter(())

    def render(self) -> RenderResult:
        """Until its width is known and the blanks are laid out, the sentence with each
        blank drawn as a line (never an empty space or a name)."""
        if self.children:
            return ""
        text = "".join("＿" * 3 if isinstance(part, Blank) else part for part in self.segments)
        return Wrapped(text)

    def on_resize(self, event: Resize) -> None:
        if event.size.width and event.size.width != self._laid_width:
            self._layout(event.size.width)

    def _inputs(self) -> list[Input]:
        return list(self.query(Input))

    def _layout(self, width: int) -> None:
        inputs = self._inputs()
        for box in inputs:
            self.values[int(box.name or 0)] = box.value
        focused = next((i for i, box in enumerate(inputs) if box.has_focus), None)
        if focused is not None:
            self._focus_index = focused
        self._laid_width = width
        self.remove_children()
        seen: set[int] = set()
        rows = []
        for line in layout_lines(self.segments, width):
            pieces: list[Static | Input] = []
            for piece in line:
                if isinstance(piece, Blank):
                    if piece.number in seen:
                        pieces.append(Static("_" * 4, markup=False))
                        continue
                    seen.add(piece.number)
                    box = TextInput(
                        self.values.get(piece.number, ""),
                        placeholder=piece.hint or t("quiz.blank", n=piece.number),
                        name=str(piece.number),
                        classes="fill-blank",
                        compact=True,
                        select_on_focus=False,
                    )
                    box.styles.width = min(blank_width(piece), width)
                    pieces.append(box)
                else:
                    pieces.append(Static(literal(piece), markup=False))
            rows.append(FillLine(*pieces))
        self.mount_all(rows)
        if self._focus_index is not None:
            self.call_after_refresh(self._refocus)

    def _refocus(self) -> None:
        inputs = self._inputs()
        if inputs and self._focus_index is not None:
            inputs[min(self._focus_index, len(inputs) - 1)].focus()

    def action_move(self, step: int) -> None:
        inputs = self._inputs()
        if not inputs:
            return
        focused = self.screen.focused  # set at once by set_focus, unlike has_focus
        current = next((i for i, box in enumerate(inputs) if box is focused), -step)
        self.screen.set_focus(inputs[(current + step) % len(inputs)])

    def focus_answer(self) -> None:
        if self._focus_index is None:
            self._focus_index = 0
        self._refocus()

    def response(self) -> tuple[str, ...]:
        for box in self._inputs():
            self.values[int(box.name or 0)] = box.value
        return tuple(self.values[b.number] for b in self.fill.blanks)
