"""The footer of every screen: Textual's, with the help key kept on the right, where a
narrow terminal never cuts it off (the help lists every key the footer has no room for).

Every key the footer shows has its label: where the keys do not all fit, the last ones
(the most general: the screen's after the focused widget's) are left out whole, never
cut, except the help key and the quit key. Keys that run under the help key would also
lose characters of its label (Textual's compositor blanks a wide character cut by a
widget's edge), which leaving them out prevents too.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

#: Actions whose keys the footer always shows.
KEEP = frozenset({"help", "app.help", "quit", "app.quit"})


class AppFooter(Footer):
    DEFAULT_CSS = """
    AppFooter FooterKey.-help {
        dock: right;
        padding-right: 1;
        border-left: vkey $foreground 20%;
    }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._fitted_width = 0
        #: Whether the screen's bindings have reached the footer (it composes its keys then).
        self._keys_ready = False
        #: Whether the keys shown are fitted to the width (they are composed first).
        self.fitted = False

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action == "help":
                widget.add_class("-help")
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._keys_ready = True
        if screen is self.screen:
            self.fitted = False  # composed again, then fitted
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        self.fitted = False
        await super().recompose()
        self.call_after_refresh(self.fit_keys)

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._fitted_width and self._keys_ready:
            self.fitted = False
            self.call_after_refresh(self.recompose)  # every key again, then fitted

    def fit_keys(self, tries: int = 50) -> None:
        """Leave out whole keys, the last first, until the rest fit beside the help key."""
        if tries and any(w.display and not w.outer_size.width for w in self.children):
            # not laid out yet (a dialog opening over this screen delays its layout)
            self.call_after_refresh(self.fit_keys, tries - 1)
            return
        self._fitted_width = self.size.width
        self.fitted = True
        units = self._units()
        room = self.size.width - sum(_width(w) for w in self.children
                                     if w.has_class("-help") and w.display)
        used = sum(_width(w) for unit in units for w in unit)
        for unit in reversed(units):
            if used <= room:
                break
            if any(isinstance(w, FooterKey) and w.action in KEEP for w in unit):
                continue
            used -= sum(_width(w) for w in unit)
            for widget in unit:
                widget.display = False

    def _units(self) -> list[list[Widget]]:
        """The shown keys left of the help key, in order: a key alone, or a group of keys
        with its label."""
        units: list[list[Widget]] = []
        for widget in self.children:
            if not widget.display or widget.has_class("-help"):
                continue
            if isinstance(widget, FooterLabel) and units and isinstance(units[-1][0], KeyGroup):
                units[-1].append(widget)
            else:
                units.append([widget])
        return units


def _width(widget: Widget) -> int:
    margin = widget.styles.margin
    return widget.outer_size.width + margin.left + margin.right
