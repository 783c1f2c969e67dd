"""A small bar chart of scores over time: one bar per finished quiz, 0-100 % on a fixed
scale (a sparkline scales to its own minimum, so one score or equal scores would draw
nothing)."""

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


class ScoreChart(Widget):
    DEFAULT_CSS = """
    ScoreChart {
        height: 4;
        width: 1fr;
        color: $accent;
    }
    """

    values: reactive[tuple[float, ...]] = reactive(tuple)

    def render(self) -> Text:
        rows = bar_rows(self.values, self.size.height, self.size.width)
        return Text("\n".join(rows), no_wrap=True, overflow="crop")
