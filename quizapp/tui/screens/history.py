"""History: the student's attempts, newest first, under a chart of scores over time. Each
row says how many questions were answered and how many right; ``enter`` opens the attempt:
its questions, the answers given and their marks.

The table always fits the screen's width, never scrolling sideways: where its six columns
do not fit (below about 80 columns) each attempt takes two lines in three columns (when
over mode, the sets wrapped, the score over the answered/right count), and the chart is
lower on a short screen so that the table keeps room."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Label

from quizapp.cells import cell_len, one_line, truncate, truncate_middle
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
from quizapp.tui.widgets.prose import wrap_cells
from quizapp.tui.widgets.statusbar import StatusBar
from quizapp.untrusted import visible


def lines2(*lines: str) -> Text:
    """A two-line table cell: each line shown as it is (never markup, controls visible)."""
    return Text("\n".join(visible(line, multiline=False) for line in lines), no_wrap=True,
                overflow="ellipsis")


class HistoryScreen(Translated, Screen):
    BINDINGS = [
        Binding("escape,h", "back", "key.back", key_display="esc", tooltip="tip.back",
                id="history.back"),
    ]

    def __init__(self, student: str, *, key: str | int | None = None) -> None:
        super().__init__()
        self.student = student
        #: how the store finds the student (their id when known; else the name)
        self.key = student if key is None else key
        self.attempts: list[Any] | None = None
        self._laid_width = 0
        self._cursor = 0

    def compose(self) -> ComposeResult:
        yield StatusBar(t("history.title", student=self.student), id="history-status")
        yield Label(t("history.chart"), id="history-chart-label")
        yield ScoreChart(id="history-chart")
        yield Label(t("history.loading"), id="history-empty")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield AppFooter()

    #: The fixed columns' widths (the sets' column takes the rest).
    WHEN, MODE, SCORE, STATUS = 11, 8, 13, 10
    #: The narrowest the sets' column may be before the table takes two lines a row.
    MIN_SETS = 12
    #: Below this height the chart is lower.
    SHORT = 24

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.display = False
        self.set_class(self.app.size.height < self.SHORT, "-short")
        self._lay_out()
        app: Any = self.app
        app.scores.history(self.key, self.show_attempts, self._failed)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < self.SHORT, "-short")
        if event.size.width != self._laid_width:
            self._lay_out()
            if self.attempts is not None:
                self._fill()

    @staticmethod
    def _answered_width() -> int:
        return max(cell_len(t("history.col_answered")),
                   cell_len(t("history.answered", answered=999, correct=999)))

    def _room(self) -> int:
        """The cells the table's columns have: the screen less the table's margins and
        its scroll bar."""
        return self.app.size.width - 2 - 2

    @property
    def two_line(self) -> bool:
        """Whether the rows take two lines (the six columns do not fit)."""
        six = (self.WHEN + self.MODE + self._answered_width() + self.SCORE + self.STATUS
               + 6 * 2)
        return self._room() - six < self.MIN_SETS

    def _sets_width(self) -> int:
        if self.two_line:
            used = self.WHEN + self._result_width() + 3 * 2
        else:
            used = (self.WHEN + self.MODE + self._answered_width() + self.SCORE + self.STATUS
                    + 6 * 2)
        return max(6, self._room() - used)

    def _result_width(self) -> int:
        """Two lines: the score (or "unfinished") over the answered/right count."""
        return max(self.SCORE, self._answered_width(), cell_len(t("history.unfinished")),
                   cell_len(t("history.col_score")))

    def _lay_out(self) -> None:
        """The columns for the screen's width: six, or three of two lines each."""
        self._laid_width = self.app.size.width
        table = self.query_one("#history-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        if self.two_line:
            table.header_height = 2
            table.add_column(Text(f"{t('history.col_when')}\n{t('history.col_mode')}"),
                             key="when", width=self.WHEN)
            table.add_column(t("history.col_sets"), key="sets", width=self._sets_width())
            table.add_column(Text(f"{t('history.col_score')}\n{t('history.col_answered')}"),
                             key="score", width=self._result_width())
        else:
            table.header_height = 1
            table.add_column(t("history.col_when"), key="when", width=self.WHEN)
            table.add_column(t("history.col_mode"), key="mode", width=self.MODE)
            table.add_column(t("history.col_sets"), key="sets", width=self._sets_width())
            table.add_column(t("history.col_answered"), key="answered",
                             width=self._answered_width())
            table.add_column(t("history.col_score"), key="score", width=self.SCORE)
            table.add_column(t("history.col_status"), key="status", width=self.STATUS)
        self._cursor = cursor

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
        self._fill()
        if attempts:
            table.focus()

    def _fill(self) -> None:
        """The rows, newest first, for the columns laid out."""
        table = self.query_one("#history-table", DataTable)
        table.clear()
        width = self._sets_width()
        two = self.two_line
        for a in reversed(self.attempts or []):
            sets = sets_label(self.app.bank, a.set_keys)
            pct = a.percent
            score = "—"  # an unfinished attempt has no score yet
            if a.finished:
                score = f"{format_score(a.score)}/{a.max_score}"
                if pct is not None:
                    score += f" {format_percent(pct)}"
            answered = t("history.answered", answered=a.answered, correct=a.correct)
            when = format_when(a.started_at)
            if two:
                lines = wrap_cells(one_line(sets), width)
                if len(lines) > 2:  # the rest of it cut in the middle, its end kept
                    lines = [lines[0], truncate_middle("".join(lines[1:]), width)]
                result = score if a.finished else t("history.unfinished")
                table.add_row(
                    lines2(when, mode_name(a.mode)),
                    lines2(*lines),
                    lines2(result, answered),
                    key=str(a.id), height=2,
                )
            else:
                table.add_row(
                    plain(when),
                    plain(mode_name(a.mode)),
                    plain(truncate(sets, width)),
                    plain(answered),
                    plain(score),
                    plain(t("history.finished") if a.finished else t("history.unfinished")),
                    key=str(a.id),
                )
        if table.row_count:
            table.move_cursor(row=min(self._cursor, table.row_count - 1), animate=False)

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
