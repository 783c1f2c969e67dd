"""``truefalse``: ``1``/``t`` for true (对), ``2``/``f`` for false (错)."""

from __future__ import annotations

from textual.binding import Binding

from quizapp.i18n import t
from quizapp.tui.widgets.options import OptionsWidget


class TrueFalseWidget(OptionsWidget):
    DEFAULT_CSS = """
    TrueFalseWidget {
        height: auto;
    }
    """
    HINT = "quiz.hint.truefalse"
    BINDINGS = [
        Binding("1,t", "pick(0)", "key.true", key_display="1/t", priority=True),
        Binding("2,f", "pick(1)", "key.false", key_display="2/f", priority=True),
    ]

    def option_labels(self) -> tuple[str, ...]:
        return (t("quiz.true"), t("quiz.false"))

    def response(self) -> bool | None:
        if not self.selected:
            return None
        return 0 in self.selected
