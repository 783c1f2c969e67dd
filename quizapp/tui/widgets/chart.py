"""A small bar chart of scores over time: one bar per finished quiz, 0-100 % on a fixed
scale (a sparkline scales to its own minimum, so one score or equal scores would draw
nothing), with a y axis marked 100 % and 50 %, the x axis at 0 %, and the dates of the
first and the last quiz shown under it."""

from __future__ import annotations

from collections.abc import Sequence

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
