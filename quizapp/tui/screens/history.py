"""History: the student's attempts, newest first, under a chart of scores over time."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Label

from quizapp.cells import truncate
from quizapp.i18n import t
from quizapp.tui.bindings import Translated
from quizapp.tui.display import (
    format_percent,
    format_score,
    format_when,
    literal,
    mode_name,
    plain,
    sets_label,
)
from quizapp.tui.widgets.chart import ScoreChart
from quizapp.tui.widgets.footer import AppFooter
from quizapp.tui.widgets.statusbar import StatusBar


class HistoryScreen(Translated, Screen):
    BINDINGS = [
        Binding("escape,h", "back", "key.back", key_display="esc", tooltip="tip.back",
                id="history.back"),
    ]

    def __init__(self, student: str) -> None:
        super().__init__()
        self.student = student
        self.attempts: list[Any] | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(t("history.title", student=self.student), id="history-status")
        yield Label(t("history.chart"), id="history-chart-label")
        yield ScoreChart(id="history-chart")
        yield Label(t("history.loading"), id="history-empty")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield AppFooter()

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.add_column(t("history.col_when"), key="when", width=11)
        table.add_column(t("history.col_mode"), key="mode", width=8)
        table.add_column(t("history.col_sets"), key="sets", width=self._sets_width())
        table.add_column(t("history.col_score"), key="score", width=13)
        table.add_column(t("history.col_status"), key="status", width=10)
        table.display = False
        app: Any = self.app
        student = self.student
        app.recorder.query(lambda store: store.history(student), self.show_attempts,
                           self._failed)

    def _sets_width(self) -> int:
        return max(10, self.app.size.width - 2 - 11 - 8 - 13 - 10 - 10 - 1)

    def _failed(self, error: str) -> None:
        self.query_one("#history-empty", Label).update(literal(error))

    def show_attempts(self, attempts: list[Any]) -> None:
        if not self.is_mounted:
            return
        self.attempts = attempts
        finished = [a for a in attempts if a.finished and a.percent is not None]
        chart = self.query_one("#history-chart", ScoreChart)
        chart.values = tuple(a.percent for a in finished)
        chart.labels = tuple(format_when(a.started_at)[:5] for a in finished)  # "03-02"
        chart.display = bool(finished)
        self.query_one("#history-chart-label").display = chart.display
        empty = self.query_one("#history-empty", Label)
        empty.update(t("history.empty"))
        empty.display = not attempts
        table = self.query_one("#history-table", DataTable)
        table.display = bool(attempts)
        table.clear()
        width = self._sets_width()
        for a in reversed(attempts):
            sets = sets_label(self.app.bank, a.set_keys)
            pct = a.percent
            score = f"{format_score(a.score)}/{a.max_score}"
            if a.finished and pct is not None:
                score += f" {format_percent(pct)}"
            table.add_row(
                plain(format_when(a.started_at)),
                plain(mode_name(a.mode)),
                plain(truncate(sets, width)),
                plain(score),
                plain(t("history.finished") if a.finished else t("history.unfinished")),
                key=str(a.id),
            )
        if attempts:
            table.focus()

    def action_back(self) -> None:
        self.dismiss()
