"""A flashcard's back, labelled: 答案 (the answer), 解析 (explanation), 原文 (the article's
words), each shown once (see :func:`quizapp.core.faces.back_parts`)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import Vertical
from textual.widgets import Label

from quizapp.core.faces import back_parts
from quizapp.core.model import AnyQuestion
from quizapp.i18n import t
from quizapp.tui.widgets.prose import Prose

LABELS = {"answer": "quiz.card_answer", "explain": "feedback.explain", "quote": "feedback.quote"}


class CardBack(Vertical):
    DEFAULT_CSS = """
    CardBack {
        height: auto;
    }
    CardBack > .field-label {
        color: $text-accent;
        text-style: bold;
    }
    CardBack > .field-text {
        margin: 0 0 1 2;
    }
    CardBack > .back-answer {
        color: $text-success;
        text-style: bold;
    }
    CardBack > .back-quote {
        text-style: italic;
        color: $text-muted;
    }
    """

    def __init__(self, question: AnyQuestion | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._question = question
        self._options: Sequence[str] | None = None

    def compose(self):
        if self._question is not None:
            yield from self._parts(self._question, self._options)

    @staticmethod
    def _parts(question: AnyQuestion, options: Sequence[str] | None):
        labels = (t("fmt.true"), t("fmt.false"))
        for name, text in back_parts(question, true_false=labels, options=options):
            yield Label(t(LABELS[name]), classes=f"field-label back-{name}-label")
            yield Prose(text, classes=f"field-text back-{name}")

    def show(self, question: AnyQuestion, options: Sequence[str] | None = None) -> None:
        """Show ``question``'s back instead (the old parts go, the new ones come);
        ``options`` in the order the front lists them."""
        self._question, self._options = question, options
        self.remove_children()
        self.mount_all(list(self._parts(question, options)))
