"""``order``: a list to put in order; ``up``/``down`` move the cursor and
``shift+up``/``shift+down`` (or ``[``/``]``) move the item under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message

from quizapp.tui.widgets.base import AnswerWidget
from quizapp.tui.widgets.prose import Prose

MOVE = Binding.Group("key.move_item")


class OrderItem(Prose):
    DEFAULT_CSS = """
    OrderItem {
        height: auto;
        width: 1fr;
        padding: 0 1;
    }
    OrderItem.-cursor {
        background: $boost;
        text-style: bold;
    }
    """

    class Clicked(Message):
        def __init__(self, item: OrderItem) -> None:
            super().__init__()
            self.item = item

    def on_click(self) -> None:
        self.post_message(self.Clicked(self))


class OrderWidget(AnswerWidget):
    DEFAULT_CSS = """
    OrderWidget {
        height: auto;
        width: 1fr;
    }
    OrderWidget:focus > OrderItem.-cursor {
        background: $accent 30%;
    }
    """
    HINT = "quiz.hint.order"
    can_focus = True
    BINDINGS = [
        Binding("up", "cursor(-1)", "key.cursor_up", key_display="↑", show=False,
                priority=True),
        Binding("down", "cursor(1)", "key.cursor_down", key_display="↓", show=False,
                priority=True),
        Binding("shift+up,left_square_bracket", "shift(-1)", "key.item_up",
                key_display="⇧↑/[", group=MOVE, priority=True),
        Binding("shift+down,right_square_bracket", "shift(1)", "key.item_down",
                key_display="⇧↓/]", group=MOVE, priority=True),
    ]

    def __init__(self, shown, *, id: str | None = None) -> None:
        super().__init__(shown, id=id)
        self.order: list[str] = list(shown.items)
        self.cursor = 0

    def compose(self) -> ComposeResult:
        for i in range(len(self.order)):
            yield OrderItem(self._text(i), indent=5)

    def on_mount(self) -> None:
        self._refresh_items()

    def _text(self, i: int) -> str:
        mark = "›" if i == self.cursor else " "
        return f"{mark} {i + 1}. {self.order[i]}"

    def _refresh_items(self) -> None:
        for i, item in enumerate(self.query(OrderItem)):
            item.update(self._text(i))
            item.set_class(i == self.cursor, "-cursor")

    def action_cursor(self, step: int) -> None:
        self.cursor = max(0, min(len(self.order) - 1, self.cursor + step))
        self._refresh_items()

    def action_shift(self, step: int) -> None:
        target = self.cursor + step
        if not 0 <= target < len(self.order):
            return
        self.order[self.cursor], self.order[target] = self.order[target], self.order[self.cursor]
        self.cursor = target
        self._refresh_items()

    def on_order_item_clicked(self, message: OrderItem.Clicked) -> None:
        message.stop()
        self.focus()
        self.cursor = list(self.query(OrderItem)).index(message.item)
        self._refresh_items()

    def response(self) -> tuple[str, ...]:
        return tuple(self.order)

    def unchanged(self) -> bool:
        return tuple(self.order) == tuple(self.shown.items)
