"""``card`` (and every question in flashcards mode): ``space`` flips, then the student
grades themself: ``1`` forgot, ``2`` knew it."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Rule

from quizapp.core.faces import front_back
from quizapp.i18n import t
from quizapp.tui.widgets.back import CardBack
from quizapp.tui.widgets.base import AnswerWidget
from quizapp.tui.widgets.prose import Prose


class CardWidget(AnswerWidget):
    DEFAULT_CSS = """
    CardWidget {
        height: auto;
        width: 1fr;
    }
    CardWidget > #card-front {
        text-style: bold;
    }
    CardWidget #card-back {
        height: auto;
    }
    CardWidget > #card-back, CardWidget > Rule, CardWidget > #card-grade {
        display: none;
    }
    CardWidget.-flipped > #card-back, CardWidget.-flipped > Rule {
        display: block;
    }
    CardWidget.-flipped > #card-grade {
        display: block;
    }
    CardWidget.-flipped > #card-flip {
        display: none;
    }
    CardWidget > Rule.-horizontal {
        margin: 1 0 0 0;
        color: $text-muted;
    }
    CardWidget > #card-grade, CardWidget > #card-flip {
        height: 1;
        margin: 1 0 0 0;
    }
    CardWidget Button {
        margin: 0 2 0 0;
    }
    """
    SHOWS_PROMPT = True
    HINT = "quiz.hint.card"
    can_focus = True
    BINDINGS = [
        Binding("space", "flip", "key.flip", key_display="space", priority=True),
        Binding("1", "grade(False)", "key.forgot", priority=True),
        Binding("2", "grade(True)", "key.knew", priority=True),
    ]

    def __init__(self, shown, *, id: str | None = None) -> None:
        super().__init__(shown, id=id)
        labels = (t("fmt.true"), t("fmt.false"))
        bare = replace(self.question, explain="", quote="")
        self.front, self.answer = front_back(bare, true_false=labels,
                                             options=shown.options or None)
        self.flipped = False
        self.knew: bool | None = None

    def compose(self) -> ComposeResult:
        yield Prose(self.front, id="card-front")
        with Horizontal(id="card-flip"):
            yield Button(t("quiz.flip"), id="card-flip-button", compact=True)
        yield Rule(line_style="dashed")
        yield CardBack(self.question, id="card-back")
        with Horizontal(id="card-grade"):
            yield Button(t("quiz.forgot"), id="card-forgot", compact=True, variant="error")
            yield Button(t("quiz.knew"), id="card-knew", compact=True, variant="success")

    @property
    def hint(self) -> str:
        return "quiz.hint.card_back" if self.flipped else self.HINT

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False  # the keys act on the card; the buttons are for the mouse

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "grade":
            return self.flipped
        if action == "flip":
            return not self.flipped
        return True

    def action_flip(self) -> None:
        if not self.flipped:
            self.flipped = True
            self.add_class("-flipped")
            self.refresh_bindings()
            self.post_message(self.HintChanged())

    def action_grade(self, knew: bool) -> None:
        if not self.flipped or self.knew is not None:
            return
        self.knew = knew
        self.post_message(self.Submit())

    @on(Button.Pressed, "#card-flip-button")
    def _flip_pressed(self) -> None:
        self.action_flip()
        self.focus()

    @on(Button.Pressed, "#card-forgot")
    def _forgot_pressed(self) -> None:
        self.action_grade(False)

    @on(Button.Pressed, "#card-knew")
    def _knew_pressed(self) -> None:
        self.action_grade(True)

    def before_submit(self) -> bool:
        self.action_flip()
        return False

    def has_no_answer(self) -> bool:
        return self.knew is None

    def response(self) -> bool | None:
        return self.knew
