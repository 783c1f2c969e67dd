"""Text that wraps by the Chinese line-breaking rules (:mod:`quizapp.core.linebreak`).

Rich and Textual break lines anywhere between CJK characters, so a line may start with
"。" or end with "“". :class:`Wrapped` is a renderable that breaks its text with the
kinsoku rules at the width it is given; :class:`Prose` is a ``Static`` showing one (its
text is never read as markup). Every screen shows wrapping text through them.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from quizapp.core.linebreak import break_lines
from quizapp.untrusted import visible


def wrap_cells(text: str, width: int, hanging: int = 0) -> list[str]:
    """``text`` broken into lines of at most ``width`` terminal cells, by the rules; a
    paragraph's later lines ``hanging`` cells narrower."""
    return break_lines(text, max(1, width), cell_len, hanging=hanging)


class Wrapped:
    """``text`` (plain, never markup, control characters shown) in ``style``, broken by the rules at the render
    width; continuation lines of a paragraph are indented by ``indent`` cells."""

    def __init__(self, text: str, style: Style | str = "", indent: int = 0) -> None:
        self.text = visible(text)  # untrusted: control characters shown, never sent raw
        self.style = style
        self.indent = indent

    def lines(self, width: int) -> list[str]:
        """The lines at ``width``, continuation lines indented."""
        if not self.indent:
            return wrap_cells(self.text, width)
        out: list[str] = []
        pad = " " * self.indent
        for paragraph in self.text.split("\n"):
            first, *rest = wrap_cells(paragraph, width, self.indent)
            out.append(first)
            out.extend(pad + line for line in rest)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        style = console.get_style(self.style) if isinstance(self.style, str) else self.style
        for line in self.lines(options.max_width):
            yield Segment(line, style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((cell_len(line) for line in self.text.split("\n")), default=0)
        return Measurement(min(longest, 2 + self.indent), min(longest, options.max_width))


class WrappedText:
    """A styled :class:`~rich.text.Text` (its styles kept) broken by the rules at the
    render width; continuation lines of a paragraph are indented by ``indent`` cells.
    The caller has made its untrusted parts visible (:func:`quizapp.untrusted.visible`)."""

    def __init__(self, text: Text, indent: int = 0) -> None:
        self.text = text
        self.indent = indent

    def __str__(self) -> str:
        return self.text.plain

    def lines(self, width: int) -> list[Text]:
        plain = self.text.plain
        out: list[Text] = []
        pos = 0
        for n, line in enumerate(wrap_cells(plain, width, self.indent)):
            start = pos
            while pos < len(plain) and not plain.startswith(line, pos):
                pos += 1  # the spaces dropped at a break, or the end of a paragraph
            piece = self.text[pos:pos + len(line)]
            pos += len(line)
            if n and self.indent and "\n" not in plain[start:pos - len(line)]:
                piece = Text(" " * self.indent) + piece  # a paragraph's next line
            out.append(piece)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((cell_len(line) for line in self.text.plain.split("\n")), default=0)
        return Measurement(min(longest, 2 + self.indent), min(longest, options.max_width))


def kinsoku(renderable: Any) -> Any:
    """``renderable`` with every ``Text`` in it (alone or in a ``Group``) broken by the
    rules; a plain string becomes :class:`Wrapped` (never markup); tables and the rest
    as they are."""
    if isinstance(renderable, str):
        return Wrapped(renderable)
    if isinstance(renderable, Text):
        return WrappedText(renderable)
    if isinstance(renderable, Group):
        return Group(*(kinsoku(part) for part in renderable.renderables))
    return renderable


class Prose(Static):
    """A ``Static`` for wrapping text: the kinsoku rules, never markup."""

    DEFAULT_CSS = """
    Prose {
        height: auto;
    }
    """

    def __init__(self, text: str = "", *, indent: int = 0, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(text, id=id, classes=classes, markup=False)
        self._indent = indent

    @property
    def text(self) -> str:
        return str(self.content)

    def render(self) -> Wrapped:
        return Wrapped(self.text, indent=self._indent)
