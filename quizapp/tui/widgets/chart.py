"""The app's charts, drawn as text (terminal cells, so Chinese labels line up): the
dashboard's bars labelled by name and its scatter (:class:`BarChart`,
:class:`ScatterChart`), and a small bar chart of scores over time: one bar per finished quiz, 0-100 % on a fixed
scale (a sparkline scales to its own minimum, so one score or equal scores would draw
nothing), with a y axis marked 100 % and 50 %, the x axis at 0 %, and the dates of the
first and the last quiz shown under it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

BARS = " ▁▂▃▄▅▆▇█"


def bar_rows(values: Sequence[float], height: int, width: int, bar: int = 2,
             gap: int = 1) -> list[str]:
    """Rows (top first) of vertical bars for ``values`` (percentages), the latest on the
    right; as many as fit in ``width`` cells."""
    fits = max(1, (width + gap) // (bar + gap))
    shown = list(values)[-fits:]
    levels = height * 8
    rows = []
    for row in reversed(range(height)):
        cells = []
        for value in shown:
            filled = round(max(0.0, min(100.0, value)) / 100 * levels)
            part = min(8, max(0, filled - row * 8))
            if value > 0 and row == 0 and part == 0:
                part = 1  # a score above zero always shows
            cells.append(BARS[part] * bar)
        rows.append((" " * gap).join(cells))
    return rows


#: The y axis: its labels' width, then "┤"/"│".
AXIS = 5


def chart_rows(values: Sequence[float], labels: Sequence[str], height: int,
               width: int) -> list[str]:
    """The whole chart as text rows: ``height - 2`` rows of bars beside a y axis, the x
    axis, then the first and the last shown bar's label (dates) under their bars."""
    bars_height = max(1, height - 2)
    bars = bar_rows(values, bars_height, max(1, width - AXIS))
    shown = len(bars[0]) // 3 + 1 if bars and bars[0] else 0
    marks = {0: "100%"}
    if bars_height >= 3:
        marks[bars_height // 2] = "50%"
    rows = []
    for n, row in enumerate(bars):
        mark = marks.get(n)
        rows.append((f"{mark:>{AXIS - 1}}┤" if mark else " " * (AXIS - 1) + "│") + row)
    rows.append(f"{'0%':>{AXIS - 1}}└" + "─" * max(0, width - AXIS))
    rows.append(_label_row(list(labels)[-shown:] if shown else [], width))
    return rows[:height]


def _label_row(labels: list[str], width: int) -> str:
    """The first label under the first bar, the last one ending under the last bar."""
    if not labels:
        return ""
    first = " " * AXIS + labels[0]
    if len(labels) == 1:
        return first
    end = AXIS + (len(labels) - 1) * 3 + 2  # the last bar's right edge
    last = labels[-1]
    start = max(len(first) + 2, end - len(last))
    if start + len(last) > width:
        return first
    return first + " " * (start - len(first)) + last


class ScoreChart(Widget):
    DEFAULT_CSS = """
    ScoreChart {
        height: 6;
        width: 1fr;
        color: $accent;
    }
    """

    values: reactive[tuple[float, ...]] = reactive(tuple)
    #: One label (a short date) per value.
    labels: reactive[tuple[str, ...]] = reactive(tuple)

    def render(self) -> Text:
        rows = chart_rows(self.values, self.labels, self.size.height, self.size.width)
        text = Text(no_wrap=True, overflow="crop")
        for n, row in enumerate(rows):
            if n:
                text.append("\n")
            if n < len(rows) - 2:  # the axis in the text's colour, the bars in the accent
                text.append(row[:AXIS], style="dim")
                text.append(row[AXIS:])
            else:
                text.append(row, style="dim")
        return text


# -- the dashboard's charts: bars labelled by name, and a scatter --------------------------

#: Eighths of a cell, for a bar's end.
EIGHTHS = " ▏▎▍▌▋▊▉"


@dataclass(frozen=True, slots=True)
class Series:
    """One kind of bar in a chart: its colour, shown in the legend with its name."""

    name: str
    style: str


@dataclass(frozen=True, slots=True)
class Bar:
    """A row of the chart: its label (a section's name, an option) and one value per series
    (``None``: no figure), shown as ``text`` after the bar (a percentage, a count)."""

    label: str
    values: tuple[float | None, ...]
    texts: tuple[str, ...]


def bar_cells(value: float, top: float, width: int) -> str:
    """A horizontal bar of ``value`` out of ``top`` in ``width`` cells, in eighths."""
    if top <= 0 or width <= 0:
        return ""
    eighths = round(max(0.0, min(value, top)) / top * width * 8)
    if value > 0 and eighths == 0:
        eighths = 1  # a figure above zero always shows
    return "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")


def bar_chart(bars: Sequence[Bar], series: Sequence[Series], width: int,
              top: float = 100.0) -> Text:
    """Horizontal bars, one line per bar and series, each labelled by name (cut to fit, in
    terminal cells: a Chinese name takes two per character); the legend first when there
    is more than one series. Every bar has the width left after the longest label and the
    longest figure, so none overlaps another at any width."""
    from quizapp.cells import cell_len, truncate

    out = Text(no_wrap=True, overflow="crop")
    if len(series) > 1:
        for n, s in enumerate(series):
            out.append("  " if n else "")
            out.append("██", style=s.style)
            out.append(f" {s.name}")
        out.append("\n")
    if not bars:
        return out
    label_w = min(max(cell_len(b.label) for b in bars), max(6, width // 3))
    text_w = max(cell_len(x) for b in bars for x in b.texts)
    room = max(1, width - label_w - text_w - 3)
    for i, b in enumerate(bars):
        for j, s in enumerate(series):
            label = truncate(b.label, label_w) if j == 0 else ""
            out.append(label + " " * (label_w - cell_len(label)) + " ")
            value = b.values[j] if j < len(b.values) else None
            cells = "" if value is None else bar_cells(value, top, room)
            out.append(cells, style=s.style)
            text = b.texts[j] if j < len(b.texts) else ""
            pad = room - cell_len(cells) + 1 + text_w - cell_len(text)
            out.append(" " * pad + text)
            if i < len(bars) - 1 or j < len(series) - 1:
                out.append("\n")
    return out


def scatter_chart(points: Sequence[tuple[float, float]], width: int, height: int,
                  x_name: str, y_name: str, style: str = "") -> Text:
    """Points of (x 0-100, y -100-100) on a grid of ``width`` x ``height`` cells, with the
    y axis marked 100, 0 and -100 and the x axis 0, 50 and 100 under it."""
    axis = 5
    cols = max(10, width - axis - 1)
    rows = max(3, height - 3)
    grid = [[" "] * cols for _ in range(rows)]
    for x, y in points:
        col = round(max(0.0, min(100.0, x)) / 100 * (cols - 1))
        row = round((100 - max(-100.0, min(100.0, y))) / 200 * (rows - 1))
        grid[row][col] = "●"
    marks = {0: "100", (rows - 1) // 2: "0", rows - 1: "-100"}
    out = Text(no_wrap=True, overflow="crop")
    out.append(f"{y_name}\n", style="dim")
    for r, cells in enumerate(grid):
        out.append(f"{marks.get(r, ''):>{axis - 1}}" + ("┤" if r in marks else "│"), style="dim")
        out.append("".join(cells), style=style)
        out.append("\n")
    out.append(" " * (axis - 1) + "└" + "─" * cols + "\n", style="dim")
    under = [" "] * (cols + 1)
    for value, mark in ((0, "0"), (50, "50"), (100, "100")):
        at = min(cols + 1 - len(mark), round(value / 100 * (cols - 1)))
        under[at:at + len(mark)] = list(mark)
    out.append(" " * axis + "".join(under).rstrip() + "  " + x_name, style="dim")
    return out


class BarChart(Widget):
    """:func:`bar_chart` at the widget's width, laid out again when it is resized."""

    DEFAULT_CSS = """
    BarChart {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.title = ""
        self.bars: list[Bar] = []
        self.series: list[Series] = [Series("", "")]
        self.top = 100.0

    def plot(self, title: str, bars: Sequence[Bar], series: Sequence[Series],
             top: float = 100.0) -> None:
        self.title, self.bars, self.series, self.top = title, list(bars), list(series), top
        self.refresh(layout=True)

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        legend = 1 if len(self.series) > 1 else 0
        return 1 + legend + max(1, len(self.bars) * len(self.series))

    def render(self) -> Text:
        out = Text(self.title, style="bold", no_wrap=True, overflow="ellipsis")
        out.append("\n")
        out.append_text(bar_chart(self.bars, self.series, self.size.width, self.top))
        return out


class ScatterChart(Widget):
    """:func:`scatter_chart` filling the widget."""

    DEFAULT_CSS = """
    ScatterChart {
        height: 1fr;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.title = ""
        self.points: list[tuple[float, float]] = []
        self.names = ("", "")

    def plot(self, title: str, points: Sequence[tuple[float, float]], x_name: str,
             y_name: str) -> None:
        self.title, self.points, self.names = title, list(points), (x_name, y_name)
        self.refresh()

    def render(self) -> Text:
        out = Text(self.title, style="bold", no_wrap=True, overflow="ellipsis")
        out.append("\n")
        out.append_text(scatter_chart(self.points, self.size.width, self.size.height - 1,
                                      *self.names, style="bold #3b82f6"))
        return out
