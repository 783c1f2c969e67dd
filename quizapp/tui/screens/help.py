"""The help overlay (``?`` or ``f1``): the keys of the screen underneath."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from quizapp.i18n import t
from quizapp.tui.bindings import Translated, is_translated
from quizapp.tui.display import plain


def key_rows(active_bindings, get_key_display) -> list[tuple[str, str]]:
    """``(keys, description)`` for every described binding, one row per description."""
    rows: dict[str, list[str]] = {}
    for active in active_bindings.values():
        binding = active.binding
        if binding.system or not is_translated(binding.description):
            continue  # Textual's own scrolling and editing keys are left out
        shown = binding.key_display or get_key_display(binding)
        keys = rows.setdefault(binding.description, [])
        if shown not in keys:
            keys.append(shown)
    return [(" ".join(keys), description) for description, keys in rows.items()]


class HelpScreen(Translated, ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,f1,q", "close", "key.back", key_display="esc",
                priority=True),
    ]

    def __init__(self, active_bindings) -> None:
        super().__init__()
        self.active = active_bindings

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(t("help.title"), id="help-title")
            yield DataTable(id="help-table", cursor_type="none", show_cursor=False)
            yield Label(t("help.close"), id="help-close")

    def on_mount(self) -> None:
        table = self.query_one("#help-table", DataTable)
        table.add_column(t("help.col_key"), key="key")
        table.add_column(t("help.col_action"), key="action")
        for keys, description in key_rows(self.active, self.app.get_key_display):
            table.add_row(plain(keys), plain(description))

    def action_close(self) -> None:
        self.dismiss()
