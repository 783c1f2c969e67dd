"""After each answer in practice and review: right or wrong, the correct answer, the
explanation and the article's words; ``enter`` or ``space`` goes on, ``esc`` leaves the quiz
(asking first, as on a question)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from quizapp.core.session import Outcome
from quizapp.i18n import t
from quizapp.services.quiz_run import QuizRun
from quizapp.tui.bindings import Translated
from quizapp.tui.display import (
    format_correct,
    format_response,
    format_score,
    part_lines,
    question_text,
    whose,
)
from quizapp.tui.typed_app import AppScreen
from quizapp.tui.widgets.footer import AppFooter
from quizapp.tui.widgets.prose import Prose, WrappedText
from quizapp.tui.widgets.statusbar import StatusBar


class FeedbackScreen(Translated, AppScreen[bool]):
    """Dismissed with ``True`` when the student asked to leave the quiz."""
    CSS_PATH = "feedback.tcss"

    BINDINGS = [
        Binding("enter,space", "next", "key.next", key_display="enter", tooltip="tip.next",
                id="feedback.next", priority=True),
        Binding("escape", "leave", "key.leave", key_display="esc", tooltip="tip.leave",
                id="feedback.leave"),
    ]

    def __init__(self, run: QuizRun, outcome: Outcome) -> None:
        super().__init__()
        self.run = run
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        o = self.outcome
        q = o.question
        session = self.run.session
        if o.grade.correct:
            verdict, cls = t("feedback.right"), "-right"
        elif o.grade.score > 0:
            verdict, cls = t("feedback.partial"), "-partial"
        else:
            verdict, cls = t("feedback.wrong"), "-wrong"
        progress = t("quiz.progress", n=session.answered, total=session.total)
        yield StatusBar(whose(self.run.student, t(f"mode.{self.run.mode.value}"), self.app.student), progress,
                        id="feedback-status")
        with VerticalScroll(id="feedback-body"):
            score = t("feedback.score", score=format_score(o.grade.score), max=o.grade.max_score)
            yield Label(f"{verdict}   {score}", id="feedback-verdict", classes=cls)
            yield Prose(question_text(q), id="feedback-prompt")
            yield from _field("feedback.yours", format_response(q, o.response), "feedback-yours")
            marks = part_lines(q, o.response)
            if marks:
                yield Label(t("feedback.parts"), classes="field-label")
                # broken by the Chinese rules, each part's next lines under its text
                yield Static(WrappedText(Text("\n").join(marks), indent=2),
                             id="feedback-parts", classes="field-text")
            yield from _field("feedback.correct", format_correct(q), "feedback-correct")
            if q.explain:
                yield from _field("feedback.explain", q.explain, "feedback-explain")
            if q.quote:
                yield from _field("feedback.quote", q.quote, "feedback-quote")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#feedback-body").can_focus = False

    def action_next(self) -> None:
        self.dismiss(False)

    def action_leave(self) -> None:
        self.dismiss(True)


def _field(key: str, text: str, id: str):
    yield Label(t(key), classes="field-label")
    yield Prose(text.strip(), id=id, classes="field-text")
