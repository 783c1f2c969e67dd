"""Results: score, percentage and time, every question with the student's and the correct
answer (the highlighted one in full below the table), and the way to review the mistakes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.widgets import Button, DataTable, Label

from quizapp.cells import cell_len, truncate, truncate_middle
from quizapp.core.session import Mode, QuestionResult, QuizResult, QuizSpec
from quizapp.i18n import t, tn
from quizapp.services.quiz_run import QuizRun
from quizapp.services.recorder import StoreState
from quizapp.services.scores import PastAttempt
from quizapp.tui.bindings import Translated
from quizapp.tui.display import (
    format_correct,
    format_duration,
    format_percent,
    format_response,
    format_score,
    plain,
    question_text,
    whose,
)
from quizapp.tui.typed_app import AppScreen
from quizapp.tui.widgets.footer import AppFooter
from quizapp.tui.widgets.prose import Prose
from quizapp.tui.widgets.statusbar import StatusBar

MARK_STYLES = {"✔": "bold green", "~": "bold yellow", "✘": "bold red", "·": "dim"}


def mark(item: QuestionResult) -> str:
    if not item.scored:
        return "·"  # self-rated: shown, not scored
    if item.correct:
        return "✔"
    return "~" if item.score > 0 else "✘"


class ResultsScreen(Translated, AppScreen):
    CSS_PATH = "results.tcss"
    BINDINGS = [
        Binding("r", "review", "key.review", tooltip="tip.review", id="results.review"),
        Binding("escape,h", "home", "key.home", key_display="esc", tooltip="tip.home",
                id="results.home"),
    ]

    def __init__(self, run: QuizRun | PastAttempt, result: QuizResult) -> None:
        super().__init__()
        self.run = run
        self.result = result
        self._laid_width = 0

    def compose(self) -> ComposeResult:
        r = self.result
        finished = getattr(self.run, "finished", True)
        title = t("results.title" if finished else "results.title_unfinished")
        if self.run.title:
            title = f"{title} · {self.run.title}"
        yield StatusBar(whose(self.run.student, title, self.app.student), t(f"mode.{self.run.mode.value}"),
                        id="results-status")
        with Horizontal(id="results-summary"):
            if finished:
                score = t("results.score", score=format_score(r.score), max=r.max_score,
                          percent=format_percent(r.percent))
            else:  # left before the end: what was answered, and no score yet
                answered = sum(1 for item in r.items if item.answered)
                score = t("results.score_unfinished", answered=answered, total=len(r.items))
            yield Label(score, id="results-score")
            # left before any answer: no time to tell (not a time of nothing)
            spent = format_duration(r.elapsed) if finished or r.elapsed else "—"
            yield Label(t("results.time", time=spent), id="results-time")
        yield Label("", id="results-warning")
        if r.unscored:
            yield Label(tn("results.unscored", r.unscored, count=r.unscored),
                        id="results-unscored")
        yield DataTable(id="results-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="results-detail"):
            yield Prose("", id="results-detail-text")
        with Horizontal(id="results-buttons"):
            yield Button(t("results.review"), id="results-review", variant="primary",
                         compact=True)
            yield Button(t("results.home"), id="results-home", compact=True)
        yield AppFooter()

    def on_mount(self) -> None:
        table = self.query_one("#results-table", DataTable)
        self._fill_table()
        self.query_one("#results-detail").can_focus = False
        if not self._wrong_ids():
            self.query_one("#results-review", Button).disabled = True
        self._show_saved_state()
        self.watch(self.app, "store_state", lambda _: self._show_saved_state())
        table.focus()
        if self.result.items:
            self._show_detail(0)

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._laid_width:
            self._fill_table()

    def _fill_table(self) -> None:
        """The table, its columns as wide as the screen allows (again after a resize, the
        cursor kept): it never scrolls sideways. Where the answers' columns would be too
        narrow for their headings, the table shows the question and its mark only (the
        highlighted question's answers are in full below it)."""
        self._laid_width = self.app.size.width
        table = self.query_one("#results-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        q_w, a_w = self._widths()
        table.add_column(t("results.col_n"), key="n", width=3)
        table.add_column(t("results.col_question"), key="question", width=q_w)
        if a_w:
            table.add_column(t("results.col_yours"), key="yours", width=a_w)
            table.add_column(t("results.col_correct"), key="correct", width=a_w)
        table.add_column(t("results.col_mark"), key="mark", width=self._mark_width())
        questions = self._question_cells(q_w)
        hidden = self._hidden()
        for n, item in enumerate(self.result.items, 1):
            correct = t("assign.answers_later") if hidden else format_correct(item.question)
            answers = [plain(truncate(self._yours(item), a_w)),
                       plain(truncate(correct, a_w))] if a_w else []
            # an assignment's answers come after its due time: so does which were right
            shown = plain("—", "dim") if hidden else plain(mark(item), MARK_STYLES[mark(item)])
            table.add_row(
                plain(str(n)),
                plain(questions[n - 1]),
                *answers,
                shown,
                key=str(n - 1),
            )
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)

    def _question_cells(self, width: int) -> list[str]:
        """Each question as its cell shows it, cut in the middle; two that would read the
        same (a question and its card twin) are told apart by their type, first."""
        texts = [question_text(item.question) for item in self.result.items]
        cut = [truncate_middle(text, width) for text in texts]
        cells = list(cut)
        for n, cell in enumerate(cut):
            if any(other == cell and texts[i] != texts[n] for i, other in enumerate(cut)):
                kind = t(f"quiz.type.{self.result.items[n].question.type}")
                cells[n] = truncate_middle(t("results.typed_question", type=kind,
                                             text=texts[n]), width)
        return cells

    @staticmethod
    def _mark_width() -> int:
        return max(4, cell_len(t("results.col_mark")))

    def _widths(self) -> tuple[int, int]:
        """The question's column width and each answer's (0: no answer columns)."""
        # the margins, a scroll bar for the screen and one for the table (2 cells each),
        # the number and the mark, each column with a cell of padding per side
        room = self.app.size.width - 2 - 2 - 2 - 3 - self._mark_width() - 3 * 2
        answers = max(10, cell_len(t("results.col_yours")), cell_len(t("results.col_correct")))
        question = (room - 2 * 2) * 4 // 10  # question 40%, the answers 30% each
        answer = (room - 2 * 2 - question) // 2
        if answer >= answers and question >= 10:
            return question, answer
        return max(8, room), 0

    def _yours(self, item: QuestionResult) -> str:
        if not item.answered:
            return t("results.unanswered")
        return format_response(item.question, item.response)

    def _show_saved_state(self) -> None:
        app = self.app
        failed = app.store_state is StoreState.FAILED or app.recorder.failed
        warning = self.query_one("#results-warning", Label)
        warning.update(t("results.not_saved") if failed else "")
        warning.display = failed

    @on(DataTable.RowHighlighted, "#results-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show_detail(int(event.row_key.value))

    def _show_detail(self, index: int) -> None:
        item = self.result.items[index]
        q = item.question
        lines = [
            f"{index + 1}. {question_text(q)}",
            t("fmt.labelled", label=t("feedback.yours"), text=self._yours(item)),
        ]
        if self._hidden():  # an assignment's answers come after its due time
            lines.append(t("assign.answers_later"))
            self.query_one("#results-detail-text", Prose).update("\n".join(lines))
            return
        lines.append(t("fmt.labelled", label=t("feedback.correct"), text=format_correct(q)))
        if q.explain:
            lines.append(t("fmt.labelled", label=t("feedback.explain"), text=q.explain.strip()))
        if q.quote:
            lines.append(t("fmt.labelled", label=t("feedback.quote"), text=q.quote.strip()))
        self.query_one("#results-detail-text", Prose).update("\n".join(lines))

    def _hidden(self) -> bool:
        return bool(getattr(self.run, "hide_answers", False))

    def _wrong_ids(self) -> tuple[str, ...]:
        if self._hidden():  # reviewing them would show the answers before the due time
            return ()
        return tuple(i.question.id for i in self.result.items if not i.correct)

    @on(Button.Pressed, "#results-review")
    def _review_pressed(self) -> None:
        self.action_review()

    @on(Button.Pressed, "#results-home")
    def _home_pressed(self) -> None:
        self.action_home()

    def action_review(self) -> None:
        """The mistakes again, as a review of this quiz's sets (its title says which)."""
        ids = self._wrong_ids()
        if not ids:
            hidden = self._hidden() and any(not i.correct for i in self.result.items)
            self.notify(t("results.review_after_due") if hidden else t("results.no_mistakes"))
            return
        sets = tuple(sorted({i.question.set_key for i in self.result.items
                             if not i.correct and i.question.set_key}))
        self.app.start_quiz(QuizSpec(sets=sets, ids=ids, mode=Mode.REVIEW))

    def action_home(self) -> None:
        self.app.go_home()


class PastResultsScreen(ResultsScreen):
    """A past attempt opened from History: its questions, answers and marks; ``escape``
    goes back to History."""

    BINDINGS = [
        Binding("escape", "back", "key.back", key_display="esc", tooltip="tip.back",
                id="results.back"),
        Binding("h", "home", "key.home", tooltip="tip.home", id="results.past_home"),
    ]

    def action_back(self) -> None:
        self.dismiss()
