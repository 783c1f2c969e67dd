"""The teacher's dashboard (``quizapp teacher``, 教师 on Home): four tabs (the class's
results per set, mastery per section, questions with their distractor analysis, memory from
the flashcard states) with charts, and a drill-down from a student to their quizzes to one
quiz's answers, marked.

The figures are assembled by :mod:`quizapp.services.teacher` on the recorder's thread;
every name and question text is shown as plain text (:func:`~quizapp.tui.display.plain`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static, TabbedContent, TabPane

from quizapp.core.numbers import percent
from quizapp.i18n import t
from quizapp.tui.bindings import Translated
from quizapp.tui.display import (
    format_correct,
    format_percent,
    format_response,
    format_score,
    format_when,
    literal,
    mode_name,
    plain,
    question_text,
    sets_label,
)
from quizapp.tui.messages import (
    AnswersRead,
    AttemptRead,
    DashboardRead,
    HistoryRead,
    ReadFailed,
)
from quizapp.tui.reads import read
from quizapp.tui.typed_app import AppScreen
from quizapp.tui.widgets.chart import Bar, BarChart, ScatterChart, bar_lines
from quizapp.tui.widgets.footer import AppFooter
from quizapp.tui.widgets.statusbar import StatusBar
from quizapp.untrusted import visible


def _pct(value: float | None) -> str:
    return "-" if value is None else percent(value)


def _fraction(value: float | None) -> str:
    return "-" if value is None else f"{percent(100 * value)}%"


#: The recall bars' colours: today, in a week (the legend is drawn in the same ones).
TODAY = "#3d8bfd"
WEEK = "#4caf50"


def score_style(value: float | None) -> str:
    """A percentage's colour: green from 80, yellow from 50, red below."""
    if value is None:
        return "dim"
    return "green" if value >= 80 else "yellow" if value >= 50 else "red"


def _names(names: list[str]) -> str:
    return t("fmt.sep").join(names)


class TeacherScreen(Translated, AppScreen):
    """The dashboard for ``class_name`` (``None``: every student)."""
    CSS_PATH = "teacher.tcss"

    BINDINGS = [
        Binding("escape", "back", "key.back", key_display="esc", tooltip="tip.back",
                id="teacher.back"),
        Binding("1", "tab('overview')", "teacher.tab.overview", show=False, id="teacher.tab1"),
        Binding("2", "tab('sections')", "teacher.tab.sections", show=False, id="teacher.tab2"),
        Binding("3", "tab('questions')", "teacher.tab.questions", show=False, id="teacher.tab3"),
        Binding("4", "tab('memory')", "teacher.tab.memory", show=False, id="teacher.tab4"),
        Binding("w", "homework", "key.homework", show=False, id="teacher.homework"),
    ]

    def __init__(self, class_name: str | None = None) -> None:
        super().__init__()
        self.class_name = class_name
        self.dashboard: Any = None

    def compose(self) -> ComposeResult:
        title = (t("teacher.title_class", name=self.class_name) if self.class_name
                 else t("teacher.title"))
        yield StatusBar(title, t("teacher.everyone") if not self.class_name else "",
                        id="teacher-status")
        yield Label(t("teacher.loading"), id="teacher-loading")
        with TabbedContent(id="teacher-tabs", initial="overview"):
            with TabPane(t("teacher.tab.overview"), id="overview"):
                with VerticalScroll():
                    yield Label(t("teacher.cell_note"), id="overview-note")
                    yield DataTable(id="overview-table", cursor_type="row", zebra_stripes=True)
                    yield Label("", id="overview-missing")
                    yield BarChart(id="overview-chart", classes="dash-chart")
            with TabPane(t("teacher.tab.sections"), id="sections"):
                with VerticalScroll():
                    yield BarChart(id="sections-chart", classes="dash-chart")
                    yield DataTable(id="sections-table", cursor_type="row", zebra_stripes=True)
            with TabPane(t("teacher.tab.questions"), id="questions"):
                yield DataTable(id="questions-table", cursor_type="row", zebra_stripes=True)
                with Horizontal(id="questions-side"):
                    with VerticalScroll(id="questions-answers-box"):
                        yield Static(t("teacher.pick_question"), id="questions-answers")
                    yield ScatterChart(id="questions-chart")
            with TabPane(t("teacher.tab.memory"), id="memory"):
                with VerticalScroll():
                    yield Label("", id="memory-summary")
                    yield Static("", id="memory-legend")
                    yield BarChart(id="memory-chart", classes="dash-chart")
                    yield DataTable(id="memory-table", cursor_type="row", zebra_stripes=True)
                    yield Label("", id="memory-idle")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#teacher-tabs").display = False
        class_name = self.class_name
        read(self, lambda reads: DashboardRead(reads.dashboard(class_name)))

    def on_read_failed(self, message: ReadFailed) -> None:
        self.query_one("#teacher-loading", Label).update(literal(t("teacher.failed",
                                                                     error=message.error)))

    def on_dashboard_read(self, message: DashboardRead) -> None:
        self.show_dashboard(message.dashboard)

    # -- filling the tabs --------------------------------------------------------------

    def show_dashboard(self, dash: Any) -> None:
        self.dashboard = dash
        self.query_one("#teacher-loading").display = False
        self.query_one("#teacher-tabs").display = True
        self._overview(dash)
        self._sections(dash)
        self._questions(dash)
        self._memory(dash)
        self.query_one("#overview-table", DataTable).focus()

    def _overview(self, dash: Any) -> None:
        ov = dash.overview
        bank = self.app.bank
        table = self.query_one("#overview-table", DataTable)
        table.clear(columns=True)
        table.add_column(t("teacher.col.student"), key="student")
        for label in ov.sets:
            keys = label.split(",") if label else []
            table.add_column(plain(sets_label(bank, keys)), key=f"set:{label}")
        for name in ov.students:
            cells: list[Any] = [plain(name)]
            for label in ov.sets:
                cell = ov.cells.get((name, label))
                if cell is None or (cell.best is None and cell.last is None
                                    and not cell.unfinished):
                    cells.append(Text("·", style="dim"))  # never started
                    continue
                if cell.best is None and cell.last is None:  # only unfinished attempts
                    cells.append(Text(t("teacher.cell_open"), style="italic yellow"))
                    continue
                cells.append(Text(t("teacher.cell", best=_pct(cell.best), last=_pct(cell.last)),
                                  style=score_style(cell.best)))
            table.add_row(*cells, key=name)
        missing = self.query_one("#overview-missing", Label)
        if not ov.students:
            missing.update(t("teacher.no_students"))
        elif ov.not_started:
            missing.update(literal(t("teacher.not_started", names=_names(ov.not_started)),
                                   multiline=False))
        else:
            missing.update(t("teacher.all_started"))
        chart = self.query_one("#overview-chart", BarChart)
        bins = [0] * 10
        for p in dash.percents:
            bins[min(9, int(max(0.0, p) // 10))] += 1
        chart.title = t("teacher.chart.distribution")
        chart.most = None
        chart.bars = tuple(Bar(f"{10 * i}-{10 * i + 9 if i < 9 else 100}", n, str(n))
                           for i, n in enumerate(bins)) if dash.percents else ()

    def _sections(self, dash: Any) -> None:
        rows = dash.sections
        chart = self.query_one("#sections-chart", BarChart)
        chart.title = t("teacher.chart.mastery")
        chart.most = 100.0
        chart.bars = tuple(
            Bar(f"{i} {visible(r.section, multiline=False)}", 0 if r.mastery is None else 100 * r.mastery,
                _fraction(r.mastery), style=score_style(
                    None if r.mastery is None else 100 * r.mastery))
            for i, r in enumerate(rows, 1))
        table = self.query_one("#sections-table", DataTable)
        table.clear(columns=True)
        table.add_columns("#", t("teacher.col.section"), t("teacher.col.mastery"),
                          t("teacher.col.responses"))
        for i, r in enumerate(rows, 1):
            value = None if r.mastery is None else 100 * r.mastery
            table.add_row(str(i), plain(r.section),
                          Text(_fraction(r.mastery), style=score_style(value)),
                          str(r.responses), key=r.section)

    def _questions(self, dash: Any) -> None:
        from quizapp.services.teacher import MIN_RESPONSES

        table = self.query_one("#questions-table", DataTable)
        table.clear(columns=True)
        width = max(16, self.app.size.width - 58)
        table.add_column(t("teacher.col.question"), key="q", width=width)
        table.add_column(t("teacher.col.type"), key="type")
        table.add_column(t("teacher.col.n"), key="n")
        table.add_column(t("teacher.col.facility"), key="fac")
        table.add_column(t("teacher.col.discrimination"), key="disc")
        table.add_column(t("teacher.col.flags"), key="flags")
        for r in dash.questions:
            if r.enough:
                flags = t("report.flag_sep").join(
                    t(f"report.flag.{f.replace(' ', '_')}") for f in r.flags)
            else:
                flags = t("teacher.too_few", n=MIN_RESPONSES)
            table.add_row(plain(r.text or r.question_id),
                          t(f"report.type.{r.type}") if r.type else "-",
                          str(r.responses), _fraction(r.facility), _fraction(r.discrimination),
                          Text(flags, style="dim" if not r.enough else "bold"),
                          key=r.question_id)
        if not dash.questions:
            self.query_one("#questions-answers", Static).update(t("teacher.no_questions"))
        chart = self.query_one("#questions-chart", ScatterChart)
        chart.title = t("teacher.chart.scatter")
        chart.x_name = t("teacher.chart.facility")
        chart.y_name = t("teacher.chart.discrimination")
        chart.points = tuple((100 * r.facility, 100 * r.discrimination) for r in dash.questions
                             if r.facility is not None and r.discrimination is not None)

    def _memory(self, dash: Any) -> None:
        mem = dash.memory
        summary = (t("teacher.memory_summary", cards=mem.cards, overdue=mem.overdue,
                     learning=mem.learning)
                   if mem.cards else t("teacher.no_cards"))
        self.query_one("#memory-summary", Label).update(summary)
        chart = self.query_one("#memory-chart", BarChart)
        legend = Text(no_wrap=True, overflow="crop")  # drawn in the bars' own colours
        for n, (style, key) in enumerate(((TODAY, "today"), (WEEK, "week"))):
            legend.append("   " if n else "")
            legend.append("██", style=style)
            legend.append(" " + t(f"teacher.chart.{key}"))
        self.query_one("#memory-legend", Static).update(legend)
        self.query_one("#memory-legend").display = bool(mem.sections)
        chart.title = t("teacher.chart.recall")
        chart.most = 100.0
        chart.bars = tuple(
            bar for i, r in enumerate(mem.sections, 1) for bar in (
                Bar(f"{i} {visible(r.section, multiline=False)}", 100 * r.now, _fraction(r.now), style=TODAY),
                Bar("", 100 * r.week, _fraction(r.week), style=WEEK)))
        table = self.query_one("#memory-table", DataTable)
        table.clear(columns=True)
        table.add_columns("#", t("teacher.col.section"), t("teacher.col.cards"),
                          t("teacher.col.recall_now"), t("teacher.col.recall_week"))
        for i, r in enumerate(mem.sections, 1):
            table.add_row(str(i), plain(r.section), str(r.cards),
                          Text(_fraction(r.now), style=score_style(100 * r.now)),
                          Text(_fraction(r.week), style=score_style(100 * r.week)),
                          key=r.section)
        idle = self.query_one("#memory-idle", Label)
        if mem.idle:
            names = [name if at is not None else t("teacher.never", name=name)
                     for name, at in mem.idle]
            idle.update(literal(t("teacher.idle", names=_names(names)), multiline=False))
        else:
            idle.update(t("teacher.idle_none"))

    # -- the question's answers --------------------------------------------------------

    @on(DataTable.RowHighlighted, "#questions-table")
    def _question_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None or event.row_key.value is None:
            return
        self.show_answers_for(event.row_key.value)

    def show_answers_for(self, question_id: str) -> None:
        app = self.app
        question = app.bank.get(question_id)
        box = self.query_one("#questions-answers", Static)
        if question is None:
            box.update(literal(f"{question_id} {t('teacher.unknown_question')}"))
            return
        class_name = self.class_name
        read(self, lambda reads: AnswersRead(question, reads.answers(question, class_name)),
             group="answers", exclusive=True)

    def on_answers_read(self, message: AnswersRead) -> None:
        question, lines = message.question, message.lines
        box = self.query_one("#questions-answers", Static)
        if not lines:
            box.update(t("teacher.answers_none"))
            return
        first = lines[0]
        total = round(first.count / first.share) if first.share else 0
        text = Text(t("teacher.answers_title", question=question.id, n=total),
                    no_wrap=True, overflow="crop")
        bars: list[Bar] = []  # options, true/false, knew/forgot: the shared chart's bars
        rest: list[str] = []
        for c in lines:
            mark = "✓" if c.correct else "·"
            share = format_percent(100 * c.share)
            if c.kind in ("option", "bool", "card"):
                label = t(f"teacher.answer.{c.label}") if c.kind != "option" else c.label
                bars.append(Bar(visible(label, multiline=False), 100 * c.share,
                                t("teacher.answer.share", share=share, count=c.count),
                                mark=f"{mark} ", mark_style="green" if c.correct else "dim"))
            elif c.kind in ("none", "unreadable"):
                rest.append(t(f"teacher.answer.{c.kind}", share=share, count=c.count))
            elif c.kind == "blank":
                rest.append(t("teacher.answer.blank", n=c.part + 1, label=c.label,
                              count=c.count))
            elif c.kind == "pair":
                rest.append(t("teacher.answer.pair", label=c.label, count=c.count))
            elif c.kind == "position":
                rest.append(t("teacher.answer.position", mark=mark, label=c.label, n=c.part + 1,
                              share=share))
        if bars:
            text.append("\n")
            text.append_text(bar_lines(bars, max(24, (box.size.width
                                                      or self.size.width // 2) - 1), most=100.0))
            text.rstrip()
        for line in rest:
            text.append("\n" + visible(line))
        box.update(text)

    # -- drill-down ----------------------------------------------------------------------

    @on(DataTable.RowSelected, "#overview-table")
    def _student_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.push_screen(TeacherStudentScreen(event.row_key.value))

    def action_homework(self) -> None:
        """``w``: the class's homework and who has done it."""
        from quizapp.tui.screens.homework_desk import HomeworkDeskScreen

        self.app.push_screen(HomeworkDeskScreen(self.class_name))

    def action_tab(self, tab: str) -> None:
        """Show ``tab`` and put the focus in its table: Down moves the table in view,
        Enter opens the row under the cursor."""
        self.query_one("#teacher-tabs", TabbedContent).active = tab
        if self.dashboard is not None:
            table = self.query_one(f"#{tab}-table", DataTable)
            table.focus()
            if tab == "questions" and table.row_count:
                key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
                if key is not None:  # the answers panel shows the row under the cursor
                    self.show_answers_for(key)

    def on_resize(self) -> None:
        """Lay the question table out again for the new width (the question column gives
        way, so N and the facility stay on screen)."""
        if self.dashboard is None:
            return
        table = self.query_one("#questions-table", DataTable)
        row = table.cursor_row
        self._questions(self.dashboard)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def action_back(self) -> None:
        app = self.app
        if len(app.screen_stack) <= 2 and getattr(app, "teacher_only", False):
            app.exit()
        else:
            self.dismiss()


class TeacherStudentScreen(Translated, AppScreen):
    """One student's quizzes, newest first; Enter opens one."""
    CSS_PATH = "teacher.tcss"

    BINDINGS = [
        Binding("escape", "back", "key.back", key_display="esc", tooltip="tip.back",
                id="teacher.student.back"),
    ]

    def __init__(self, student: str) -> None:
        super().__init__()
        self.student = student

    def compose(self) -> ComposeResult:
        yield StatusBar(t("teacher.student_title", student=self.student), id="teacher-status")
        yield Label(t("history.loading"), id="student-empty")
        yield DataTable(id="student-table", cursor_type="row", zebra_stripes=True)
        yield AppFooter()

    def on_mount(self) -> None:
        table = self.query_one("#student-table", DataTable)
        table.add_columns(t("history.col_when"), t("history.col_mode"), t("history.col_sets"),
                          t("history.col_score"), t("history.col_status"))
        student = self.student
        read(self, lambda reads: HistoryRead(student, reads.history(student)))

    def on_history_read(self, message: HistoryRead) -> None:
        self.show_attempts(message.attempts)

    def on_read_failed(self, message: ReadFailed) -> None:
        self.query_one("#student-empty", Label).update(
            literal(t("app.read_failed", error=message.error)))

    def show_attempts(self, attempts: list[Any]) -> None:
        empty = self.query_one("#student-empty", Label)
        empty.update(t("history.empty"))
        empty.display = not attempts
        table = self.query_one("#student-table", DataTable)
        bank = self.app.bank
        for a in reversed(attempts):
            score = f"{format_score(a.score)}/{a.max_score}"
            if a.finished and a.percent is not None:
                score += f" {format_percent(a.percent)}"
            table.add_row(plain(format_when(a.started_at)), plain(mode_name(a.mode)),
                          plain(sets_label(bank, a.set_keys)), Text(score, style=score_style(
                              a.percent if a.finished else None)),
                          t("history.finished") if a.finished else t("history.unfinished"),
                          key=str(a.id))
        table.focus()

    @on(DataTable.RowSelected, "#student-table")
    def _attempt_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.push_screen(TeacherAttemptScreen(self.student, int(event.row_key.value)))

    def action_back(self) -> None:
        self.dismiss()


class TeacherAttemptScreen(Translated, AppScreen):
    """One quiz's answers, each marked right, partly right or wrong."""
    CSS_PATH = "teacher.tcss"

    BINDINGS = [
        Binding("escape", "back", "key.back", key_display="esc", tooltip="tip.back",
                id="teacher.attempt.back"),
    ]

    def __init__(self, student: str, attempt_id: int) -> None:
        super().__init__()
        self.student = student
        self.attempt_id = attempt_id

    def compose(self) -> ComposeResult:
        yield StatusBar(t("teacher.student_title", student=self.student), id="teacher-status")
        with Vertical():
            yield DataTable(id="attempt-table", cursor_type="row", zebra_stripes=True)
        yield AppFooter()

    def on_mount(self) -> None:
        table = self.query_one("#attempt-table", DataTable)
        rest = max(30, self.app.size.width - 14)
        table.add_column(t("teacher.col.mark"), width=8)
        table.add_column(t("teacher.col.question"), width=rest * 2 // 5)
        table.add_column(t("teacher.col.answer"), width=rest * 3 // 10 - 2)
        table.add_column(t("teacher.col.correct_answer"), width=rest * 3 // 10 - 2)
        attempt_id = self.attempt_id
        read(self, lambda reads: AttemptRead(attempt_id, reads.attempt(attempt_id)))

    def on_attempt_read(self, message: AttemptRead) -> None:
        self.show_attempt(message.detail)

    def on_read_failed(self, message: ReadFailed) -> None:
        self.notify(t("app.read_failed", error=message.error), severity="error")

    def show_attempt(self, detail: Any) -> None:
        if detail is None:
            return
        from quizapp.core.grading import decode_response

        s = detail.summary
        score = f"{format_score(s.score)}/{s.max_score}"
        self.query_one(StatusBar).set_left(t("teacher.attempt_title", student=self.student,
                                             n=s.id, score=score))
        bank = self.app.bank
        table = self.query_one("#attempt-table", DataTable)
        for i, r in enumerate(detail.responses):
            q = bank.get(r.question_id)
            mark = ("✓", "green") if r.correct else ("½", "yellow") if r.score > 0 else ("✗", "red")
            if q is None:
                table.add_row(Text(mark[0], style=mark[1]), plain(r.question_id),
                              plain(str(r.response)), t("teacher.unknown_question"), key=str(i))
                continue
            try:
                answer = format_response(q, decode_response(q, r.response))
            except (TypeError, ValueError, AttributeError):
                answer = str(r.response)
            table.add_row(Text(f"{mark[0]} {format_score(r.score)}/{r.max_score}",
                               style=mark[1]),
                          plain(" ".join(question_text(q).split())), plain(answer),
                          plain(format_correct(q)), key=str(i))
        table.focus()

    def action_back(self) -> None:
        self.dismiss()
