"""``match``: each left item with a drop-down of the right items (keyboard and mouse).

``tab`` moves between the drop-downs, ``space`` or ``down`` opens one, ``enter`` picks
inside an open drop-down and submits the answer otherwise.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Select

from quizapp.core.model import MatchQuestion
from quizapp.i18n import t
from quizapp.tui.display import literal
from quizapp.tui.widgets.base import AnswerWidget
from quizapp.tui.widgets.prose import Prose


class MatchRow(Horizontal):
    DEFAULT_CSS = """
    MatchRow {
        height: auto;
        width: 1fr;
        margin: 0 0 0 0;
    }
    MatchRow > .match-left {
        width: 1fr;
        padding: 0 1 0 0;
    }
    MatchRow > Select {
        width: 1fr;
    }
    MatchRow SelectOverlay {
        max-height: 8;
    }
    """


class MatchWidget(AnswerWidget):
    DEFAULT_CSS = """
    MatchWidget {
        height: auto;
        width: 1fr;
    }
    """
    HINT = "quiz.hint.match"
    HELP_KEYS = (
        ("Tab/⇧Tab", "key.next_pair"),
        ("space/↓", "key.list_open"),
        ("↑↓", "key.list_move"),
        ("enter", "key.list_pick"),
        ("esc", "key.list_close"),
    )

    def __init__(self, shown, *, id: str | None = None) -> None:
        super().__init__(shown, id=id)
        assert isinstance(self.question, MatchQuestion)
        self.lefts = self.question.lefts

    def compose(self) -> ComposeResult:
        # Teacher text: never markup ("[/]" crashed the drop-down, "[@click=...]" ran actions).
        options = [(literal(right, multiline=False), right) for right in self.shown.rights]
        for i, left in enumerate(self.lefts):
            with MatchRow():
                yield Prose(f"{i + 1}. {left}", classes="match-left", indent=3)
                yield Select(options, prompt=t("quiz.match_pick"), compact=True,
                             name=left, id=f"match-{i}")

    def selects(self) -> list[Select]:
        return list(self.query(Select))

    def focus_answer(self) -> None:
        selects = self.selects()
        if selects:
            selects[0].focus()

    def choose(self, left: str, right: str | None) -> None:
        """Pair ``left`` with ``right`` (``None`` clears it), as picking in the drop-down."""
        for box in self.selects():
            if box.name == left:
                box.value = Select.NULL if right is None else right

    @on(Select.Changed)
    def _one_row_per_item(self, event: Select.Changed) -> None:
        """A right-hand item pairs with one row: picking it again takes it from the row
        that had it (which is then empty, and asked about on submit), and says so."""
        if event.value is Select.NULL:
            return
        for row, box in enumerate(self.selects(), 1):
            if box is not event.select and box.value == event.value:
                box.value = Select.NULL
                self.notify(t("quiz.match_moved", right=str(event.value), row=row))

    def response(self) -> dict[str, str]:
        return {
            box.name: str(box.value)
            for box in self.selects()
            if box.value is not Select.NULL and box.name is not None
        }
