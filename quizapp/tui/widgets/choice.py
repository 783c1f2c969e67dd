"""``choice``: one option among 2 to 8; a digit picks, ``enter`` submits."""

from __future__ import annotations

from quizapp.tui.widgets.options import OptionsWidget, _digit_bindings


class ChoiceWidget(OptionsWidget):
    DEFAULT_CSS = """
    ChoiceWidget {
        height: auto;
    }
    """
    HINT = "quiz.hint.choice"
    BINDINGS = _digit_bindings("key.select")

    def response(self) -> str | None:
        chosen = self.chosen()
        return chosen[0] if chosen else None
