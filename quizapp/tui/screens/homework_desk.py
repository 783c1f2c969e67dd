"""The desk's homework: per assignment of the class, each student's state (finished,
started, not begun; late marked) and score, and the item analysis of that assignment
alone. Reached from the teacher's desk with ``w``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Label

from quizapp.i18n import t
from quizapp.services.assignments import local
from quizapp.tui.bindings import Translated
from quizapp.tui.display import format_score, plain
from quizapp.tui.messages import HomeworkDeskRead, ReadFailed
from quizapp.tui.reads import read
from quizapp.tui.widgets.footer import AppFooter
from quizapp.tui.widgets.statusbar import StatusBar


class HomeworkDeskScreen(Translated, Screen):
    """Every assignment of ``class_name`` (``None``: every class) and who has done it."""

    BINDINGS = [
        Binding("escape", "back", "key.back", key_display="esc", tooltip="tip.back",
                id="homework.back"),
    ]

    def __init__(self, class_name: str | None = None) -> None:
        super().__init__()
        self.class_name = class_name

    def compose(self) -> ComposeResult:
        yield StatusBar(t("assign.desk_title"), self.class_name or "", id="homework-status")
        with VerticalScroll(id="homework-body"):
            yield Label(t("teacher.loading"), id="homework-empty")
            yield DataTable(id="homework-table", cursor_type="row", zebra_stripes=True)
            yield Label("", id="homework-items-title")
            yield DataTable(id="homework-items", cursor_type="row", zebra_stripes=True)
            yield Label("", id="homework-memory-title")
            yield DataTable(id="homework-memory", cursor_type="row", zebra_stripes=True)
        yield AppFooter()

    def on_mount(self) -> None:
        class_name = self.class_name
        read(self, lambda reads: HomeworkDeskRead(reads.homework_desk(class_name)))

    def on_read_failed(self, message: ReadFailed) -> None:
        self.query_one("#homework-empty", Label).update(
            plain(t("app.read_failed", error=message.error)))

    def on_homework_desk_read(self, message: HomeworkDeskRead) -> None:
        empty = self.query_one("#homework-empty", Label)
        empty.update(t("assign.none"))
        empty.display = not message.desk
        table = self.query_one("#homework-table", DataTable)
        table.clear(columns=True)
        table.add_columns(t("assign.col_title"), t("assign.col_due"), t("assign.col_student"),
                          t("assign.col_state"), t("assign.col_score"))
        items = self.query_one("#homework-items", DataTable)
        items.clear(columns=True)
        items.add_columns(t("assign.col_title"), t("report.xlsx.question"),
                          t("report.xlsx.responses"), t("report.xlsx.wrong"),
                          t("report.xlsx.facility"))
        memory = self.query_one("#homework-memory", DataTable)
        memory.clear(columns=True)
        memory.add_columns(t("assign.col_title"), t("teacher.col.cards"),
                           t("assign.col_recall"), t("assign.col_overdue"))
        for work, lines, stats, remembered in message.desk:
            if remembered.cards:
                recall = (sum(r.now * r.cards for r in remembered.sections)
                          / max(1, sum(r.cards for r in remembered.sections)))
                memory.add_row(plain(work.title), str(remembered.cards),
                               f"{100 * recall:.0f}%", str(remembered.overdue))
            for i, line in enumerate(lines):
                score = (line.score_text() if line.reviewed is not None or line.score is None
                         else f"{format_score(line.score)}/{line.max_score}")
                table.add_row(plain(work.title if i == 0 else ""),
                              plain(local(work.due_at) if i == 0 else ""),
                              plain(line.student), t(f"assign.state.{line.state}"),
                              plain(score))
            for qid, responses, right, score_sum, top in stats:
                share = f"{100 * score_sum / top:.0f}%" if top else "-"
                items.add_row(plain(work.title), plain(qid), str(responses),
                              str(responses - right), share)
        self.query_one("#homework-items-title", Label).update(
            t("assign.sheet_items") if items.row_count else "")
        items.display = bool(items.row_count)
        self.query_one("#homework-memory-title", Label).update(
            t("assign.memory_title") if memory.row_count else "")
        memory.display = bool(memory.row_count)
        table.display = bool(message.desk)
        table.focus()

    def action_back(self) -> None:
        self.dismiss()


__all__ = ["HomeworkDeskScreen"]
