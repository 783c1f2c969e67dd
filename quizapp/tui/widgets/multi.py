"""``multi``: several options; a digit (or ``space`` on the cursor) toggles one."""

from __future__ import annotations

from quizapp.tui.widgets.options import OptionsWidget, _digit_bindings


class MultiWidget(OptionsWidget):
    DEFAULT_CSS = """
    MultiWidget {
        height: auto;
    }
    """
    HINT = "quiz.hint.multi"
    MULTIPLE = True
    BINDINGS = _digit_bindings("key.toggle")

    def response(self) -> frozenset[str]:
        return frozenset(self.chosen())
