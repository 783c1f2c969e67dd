"""The help overlay (``?`` or ``f1``): the keys of the screen underneath."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Label

from quizapp.i18n import t
from quizapp.tui.bindings import TEXTUAL_KEYS, Translated, is_translated, key_names
from quizapp.tui.display import plain
from quizapp.tui.typed_app import AppModalScreen


def key_rows(active_bindings, get_key_display) -> list[tuple[str, str]]:
    """``(keys, description)`` for every described binding, one row per description."""
    rows: dict[str, list[str]] = {}
    for active in active_bindings.values():
        binding = active.binding
        if (binding.system or not is_translated(binding.description)
                or _textual_own(active.node, binding)):
            continue  # Textual's own scrolling and editing keys are left out
        shown = key_names(binding.key_display) if binding.key_display else \
            get_key_display(binding)
        keys = rows.setdefault(binding.description, [])
        if shown not in keys:
            keys.append(shown)
    return [(" ".join(keys), description) for description, keys in rows.items()]


def _textual_own(node: object, binding: Binding) -> bool:
    """Whether ``binding`` is one a Textual widget class brings (a table's cursor keys)
    and not one we name (Tab, a list's keys): in English its description ("Home", "End")
    can read like one of ours."""
    if binding.description in {t(key) for key in TEXTUAL_KEYS.values()}:
        return False
    for cls in type(node).__mro__:  # the class nearest the node's that names it decides
        for own in cls.__dict__.get("BINDINGS", ()):
            key, action = (own.key, own.action) if isinstance(own, Binding) else own[:2]
            if action == binding.action and binding.key in key.split(","):
                return cls.__module__.startswith("textual.")
    return False


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
        # the keys scroll the list when it is taller than the screen (50x16)
        Binding("down", "scroll('down')", show=False, priority=True),
        Binding("up", "scroll('up')", show=False, priority=True),
        Binding("pagedown,space", "scroll('page_down')", show=False, priority=True),
        Binding("pageup", "scroll('page_up')", show=False, priority=True),
        Binding("end", "scroll('end')", show=False, priority=True),
        Binding("home", "scroll('home')", show=False, priority=True),
    ]
    #: The help box's border, title and closing line around the scrolled list.
    AROUND = 4

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
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The list is never taller than the screen leaves it: the box's title and closing
        line stay in view and the list scrolls (a fixed height cut it off at 50x16)."""
        scroll = self.query_one("#help-scroll", VerticalScroll)
        scroll.styles.max_height = max(3, min(20, self.app.size.height - self.AROUND))
        for table in self.query(DataTable):
            # all its rows and the heading: the list around it scrolls, not the table
            table.styles.max_height = table.row_count + 1
        self.call_after_refresh(self._say_how_to_scroll)

    def _say_how_to_scroll(self) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        key = "help.close_scroll" if scroll.max_scroll_y > 0 else "help.close"
        self.query_one("#help-close", Label).update(t(key))

    def action_scroll(self, where: str) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        moves = {"down": scroll.scroll_down, "up": scroll.scroll_up,
                 "page_down": scroll.scroll_page_down, "page_up": scroll.scroll_page_up,
                 "end": scroll.scroll_end, "home": scroll.scroll_home}
        moves[where](animate=False)

    @staticmethod
    def _fill(table: DataTable, rows: list[tuple[str, str]]) -> None:
        table.add_column(t("help.col_key"), key="key")
        table.add_column(t("help.col_action"), key="action")
        for keys, description in rows:
            table.add_row(plain(keys), plain(description))

    def action_close(self) -> None:
        self.dismiss()
