"""The help overlay (``?`` or ``f1``): the keys of the screen underneath."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Label

from quizapp.i18n import t
from quizapp.tui.bindings import Translated, is_translated, key_names
from quizapp.tui.display import plain
from quizapp.tui.typed_app import AppModalScreen


def key_rows(active_bindings, get_key_display) -> list[tuple[str, str]]:
    """``(keys, description)`` for every described binding, one row per description."""
    rows: dict[str, list[str]] = {}
    for active in active_bindings.values():
        binding = active.binding
        if binding.system or not is_translated(binding.description):
            continue  # Textual's own scrolling and editing keys are left out
        shown = key_names(binding.key_display) if binding.key_display else \
            get_key_display(binding)
        keys = rows.setdefault(binding.description, [])
        if shown not in keys:
            keys.append(shown)
    return [(" ".join(keys), description) for description, keys in rows.items()]


@dataclass
class HelpRows:
    """The keys of what has the focus (a question type), shown first under ``title``:
    ``rows`` of (keys, i18n key) for keys Textual's widgets handle themselves, and the
    ``descriptions`` of the screen's bindings that belong with them."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    descriptions: set[str] = field(default_factory=set)


class HelpScreen(Translated, AppModalScreen[None]):
    CSS_PATH = "overlays.tcss"
    BINDINGS = [
        Binding("escape,question_mark,f1,q", "close", "key.back", key_display="esc",
                priority=True),
    ]

    def __init__(self, active_bindings, extra: HelpRows | None = None) -> None:
        super().__init__()
        self.active = active_bindings
        self.extra = extra

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(t("help.title"), id="help-title")
            with VerticalScroll(id="help-scroll"):
                if self.extra is not None:
                    yield Label(self.extra.title, classes="help-section", markup=False)
                    yield DataTable(id="help-type-table", cursor_type="none",
                                    show_cursor=False, classes="help-table")
                    yield Label(t("help.screen_title"), classes="help-section")
                yield DataTable(id="help-table", cursor_type="none", show_cursor=False,
                                classes="help-table")
            yield Label(t("help.close"), id="help-close")

    def on_mount(self) -> None:
        rows = key_rows(self.active, self.app.get_key_display)
        if self.extra is not None:
            type_rows = [(key_names(keys), t(key)) for keys, key in self.extra.rows]
            named = {description for _, description in type_rows}
            type_rows += [row for row in rows
                          if row[1] in self.extra.descriptions and row[1] not in named]
            self._fill(self.query_one("#help-type-table", DataTable), type_rows)
            rows = [row for row in rows if row[1] not in self.extra.descriptions]
        self._fill(self.query_one("#help-table", DataTable), rows)
        self.query_one("#help-scroll").can_focus = False

    @staticmethod
    def _fill(table: DataTable, rows: list[tuple[str, str]]) -> None:
        table.add_column(t("help.col_key"), key="key")
        table.add_column(t("help.col_action"), key="action")
        for keys, description in rows:
            table.add_row(plain(keys), plain(description))

    def action_close(self) -> None:
        self.dismiss()
