"""History: the student's attempts, newest first, under a chart of scores over time. Each
row says how many questions were answered and how many right; ``enter`` opens the attempt:
its questions, the answers given and their marks."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Label

from quizapp.cells import cell_len, truncate
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
        table.add_column(t("history.col_answered"), key="answered", width=self._answered_width())
        table.add_column(t("history.col_score"), key="score", width=13)
        table.add_column(t("history.col_status"), key="status", width=10)
        table.display = False
        app: Any = self.app
        app.scores.history(self.student, self.show_attempts, self._failed)

    @staticmethod
    def _answered_width() -> int:
        return max(cell_len(t("history.col_answered")),
                   cell_len(t("history.answered", answered=999, correct=999)))

    def _sets_width(self) -> int:
        used = 11 + 8 + self._answered_width() + 13 + 10 + 12
        return max(10, self.app.size.width - 2 - used - 1)

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
            score = "—"  # an unfinished attempt has no score yet
            if a.finished:
                score = f"{format_score(a.score)}/{a.max_score}"
                if pct is not None:
                    score += f" {format_percent(pct)}"
            table.add_row(
                plain(format_when(a.started_at)),
                plain(mode_name(a.mode)),
                plain(truncate(sets, width)),
                plain(t("history.answered", answered=a.answered, correct=a.correct)),
                plain(score),
                plain(t("history.finished") if a.finished else t("history.unfinished")),
                key=str(a.id),
            )
        if attempts:
            table.focus()

    @on(DataTable.RowSelected, "#history-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_attempt(int(event.row_key.value))

    def open_attempt(self, attempt_id: int) -> None:
        """Show one attempt: every question it asked, the answer given and its marks."""
        app: Any = self.app
        app.scores.past_result(attempt_id, self._show_attempt, self._failed)

    def _show_attempt(self, found: tuple[Any, Any] | None) -> None:
        from quizapp.core.session import Mode
        from quizapp.services.scores import PastAttempt
        from quizapp.tui.screens.results import PastResultsScreen

        if found is None or not self.is_current:
            return
        summary, result = found
        try:
            mode = Mode(summary.mode)
        except ValueError:
            mode = Mode.PRACTICE
        title = f"{format_when(summary.started_at)} {sets_label(self.app.bank, summary.set_keys)}"
        self.app.push_screen(PastResultsScreen(PastAttempt(summary.id, mode, title), result))

    def action_back(self) -> None:
        self.dismiss()
