"""The app's one chart module: every chart is text drawn here, measured in terminal cells
(so Chinese labels line up), never markup.

- :class:`ScoreChart`: scores over time, one vertical bar per finished quiz, 0-100 % on a
  fixed scale (a sparkline scales to its own minimum, so one score or equal scores would
  draw nothing), a y axis marked 100 % and 50 %, the x axis at 0 %, and the dates of the
  first and the last quiz under it (the history screen).
- :func:`bar_lines` / :class:`BarChart`: labelled horizontal bars, each with its figure
  (the live class's answers, the teacher's distributions, sections and recall).
- :func:`scatter_rows` / :class:`ScatterChart`: points on two axes (the teacher's facility
  against discrimination).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from quizapp.cells import cell_len, truncate

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


# -- horizontal bars ---------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    """One labelled bar: ``value`` on a scale of the chart's largest (or ``most``),
    ``figure`` written after it, ``mark`` (two cells) before the label."""

    label: str
    value: float
    figure: str
    style: str = "cyan"
    mark: str = "  "
    mark_style: str = ""


def bar_lines(bars: Sequence[Bar], width: int, *, most: float | None = None) -> Text:
    """The bars, one line each: the mark, the label (cut to at most a third of the width),
    the bar and its figure, fitted to ``width`` cells."""
    out = Text()
    if not bars:
        return out
    label_w = min(max(cell_len(b.label) for b in bars) + 2, max(8, width // 3))
    top = max(max(b.value for b in bars) if most is None else most, 1e-9)
    room = max(4, width - label_w - 8)
    for bar in bars:
        text = truncate(bar.label, label_w - 2)
        out.append(bar.mark, style=bar.mark_style)
        out.append(text + " " * (label_w - 2 - cell_len(text)) + " ")
        out.append("█" * round(room * max(0.0, bar.value) / top), style=bar.style)
        out.append(f" {bar.figure}\n")
    return out


class BarChart(Widget):
    """A title over :func:`bar_lines` (``most``: the scale's top; ``None``: the largest)."""

    DEFAULT_CSS = """
    BarChart {
        height: auto;
        width: 1fr;
    }
    """

    title: reactive[str] = reactive("", layout=True)
    bars: reactive[tuple[Bar, ...]] = reactive(tuple, layout=True)
    most: reactive[float | None] = reactive(None)
    #: Said instead of the bars when there are none.
    empty: reactive[str] = reactive("")

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="crop")
        if self.title:
            out.append(self.title + "\n", style="bold")
        if not self.bars:
            out.append(self.empty, style="dim")
            return out
        out.append_text(bar_lines(self.bars, max(20, self.size.width), most=self.most))
        out.rstrip()
        return out


# -- points on two axes ------------------------------------------------------------------

def scatter_rows(points: Sequence[tuple[float, float]], x_range: tuple[float, float],
                 y_range: tuple[float, float], width: int, height: int) -> list[str]:
    """``points`` as ``●`` on a grid of ``height`` rows (top: the largest y) beside a y axis
    labelled with its ends and middle, over an x axis labelled with its ends."""
    (x0, x1), (y0, y1) = x_range, y_range
    labels = [f"{y1:g}", f"{(y0 + y1) / 2:g}", f"{y0:g}"]
    axis = max(len(lab) for lab in labels) + 1
    cols, rows = max(2, width - axis - 1), max(3, height - 2)
    grid = [[" "] * cols for _ in range(rows)]
    for x, y in points:
        col = round((min(max(x, x0), x1) - x0) / ((x1 - x0) or 1) * (cols - 1))
        row = round((y1 - min(max(y, y0), y1)) / ((y1 - y0) or 1) * (rows - 1))
        grid[row][col] = "●"
    marks = {0: labels[0], (rows - 1) // 2: labels[1], rows - 1: labels[2]}
    out = [f"{marks.get(n, ''):>{axis - 1}} │" + "".join(line) for n, line in enumerate(grid)]
    out.append(" " * axis + "└" + "─" * cols)
    left, right = f"{x0:g}", f"{x1:g}"
    out.append(" " * (axis + 1) + left + " " * max(1, cols - len(left) - len(right)) + right)
    return out


class ScatterChart(Widget):
    """A title, :func:`scatter_rows` and the axes' names under them."""

    DEFAULT_CSS = """
    ScatterChart {
        height: 1fr;
        width: 1fr;
    }
    """

    title: reactive[str] = reactive("")
    points: reactive[tuple[tuple[float, float], ...]] = reactive(tuple)
    x_name: reactive[str] = reactive("")
    y_name: reactive[str] = reactive("")
    x_range: tuple[float, float] = (0.0, 100.0)
    y_range: tuple[float, float] = (-100.0, 100.0)

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="crop")
        out.append(self.title + "\n", style="bold")
        height = max(5, self.size.height - 2)
        for row in scatter_rows(self.points, self.x_range, self.y_range, self.size.width,
                                height):
            line = Text(row + "\n", style="dim")
            line.highlight_regex("●", "bold cyan")
            out.append_text(line)
        out.append(f"→ {self.x_name}   ↑ {self.y_name}", style="dim")
        return out
