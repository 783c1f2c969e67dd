"""A class roster's names to pick from, under the name field (Home, the live class's join
form): the list holds the names that contain what is typed (any case, any width, Chinese
as typed), ``↑``/``↓`` in the field move in it, ``enter`` or a click picks a name.

Names come from the database: they are shown as plain text (never markup) with control
characters made visible; the name picked is the roster's own, unchanged.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quizapp.i18n import t
from quizapp.tui.display import literal
from quizapp.tui.widgets.base import TextInput
from quizapp.untrusted import visible


def folded(text: str) -> str:
    """``text`` as the filter compares it: full-width letters as half-width, any case, the
    spaces left out (``Ａｌｉｃｅ`` and ``ali ce`` both find ``Alice``)."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


class NamePicker(OptionList):
    """The roster's names that contain the text typed in the name field.

    :meth:`set_names` gives the roster (none: the list is hidden), :meth:`filter` the text
    typed. With nothing typed every name is listed and none is highlighted (``enter`` in an
    empty field picks nobody); once something is typed the first name that contains it is
    highlighted (the name itself when it is typed whole). When no name contains the text,
    the list says so. Picking a name posts :class:`NamePicker.Picked`.
    """

    DEFAULT_CSS = """
    NamePicker {
        height: auto;
        max-height: 8;
    }
    """

    class Picked(Message):
        """A name was picked from the list (``enter`` or a click)."""

        def __init__(self, picker: NamePicker, value: str) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> NamePicker:
            return self.picker

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, compact=True)
        self.names: list[str] = []
        self.typed = ""
        #: what the list shows: the names, or the text no name contains (after a NUL)
        self._shown: list[str] = []
        self.display = False

    @property
    def has_names(self) -> bool:
        return bool(self.names)

    def set_names(self, names: Iterable[str] | None) -> None:
        """The roster (``None`` or empty: no list); each name once, in roster order."""
        self.names = list(dict.fromkeys(n for n in names or () if n.strip()))
        self._fill()

    def filter(self, typed: str) -> None:
        """List the names that contain ``typed``."""
        self.typed = typed
        self._fill()

    def matching(self) -> list[str]:
        """The roster's names that contain the typed text, in roster order."""
        wanted = folded(self.typed)
        return [n for n in self.names if wanted in folded(n)]

    def _fill(self) -> None:
        matching = self.matching()
        shown: list[str] = matching if matching or not self.names else [f"\0{self.typed}"]
        if shown != self._shown:
            self._shown = shown
            self.clear_options()
            if matching:
                self.add_options(Option(literal(n, multiline=False), id=n) for n in matching)
            elif self.names:
                typed = visible(self.typed.strip(), multiline=False)
                self.add_option(Option(literal(t("home.roster_none", typed=typed)),
                                       disabled=True))
        self.highlighted = self._first_choice(matching)
        self.display = self.has_names

    def _first_choice(self, matching: list[str]) -> int | None:
        typed = self.typed.strip()
        if not typed or not matching:
            return None
        for test in (lambda n: n == typed, lambda n: folded(n) == folded(typed)):
            found = next((i for i, n in enumerate(matching) if test(n)), None)
            if found is not None:
                return found
        return 0

    def highlighted_name(self) -> str | None:
        if self.highlighted is None or not self.display:
            return None
        option = self.get_option_at_index(self.highlighted)
        return None if option.disabled or option.id is None else str(option.id)

    def resolve(self, typed: str) -> str | None:
        """The roster name the field's text stands for: the highlighted one (the name typed,
        until the arrows move the highlight), else the name typed exactly or in another case
        or width; ``None`` when there is none."""
        found = self.highlighted_name()
        if found is not None:
            return found
        typed = typed.strip()
        if typed in self.names:
            return typed
        same = [n for n in self.names if typed and folded(n) == folded(typed)]
        return same[0] if len(same) == 1 else None

    def move(self, step: int) -> None:
        """Move the highlight ``step`` names down (up when negative), staying in the list."""
        if self.highlighted is None:
            if step > 0:
                self.action_first()
            else:
                self.action_last()
            return
        if step > 0:
            self.action_cursor_down()
        else:
            self.action_cursor_up()

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and not event.option.disabled:
            self.post_message(self.Picked(self, str(event.option.id)))


class NameField(TextInput):
    """The name field above a :class:`NamePicker` (its id given): ``↑``/``↓`` move in the
    list while it shows; otherwise they do what they would have done."""

    BINDINGS = [
        Binding("down", "pick(1)", "key.name_list", key_display="↓", show=False),
        Binding("up", "pick(-1)", "key.name_list", key_display="↑", show=False),
    ]

    def __init__(self, value: str = "", *, picker: str, **kwargs) -> None:
        # focused, the name is not selected: a key typed by mistake adds to it rather than
        # replacing it
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value, **kwargs)
        self.picker_id = picker

    @property
    def picker(self) -> NamePicker | None:
        try:
            return self.screen.query_one(f"#{self.picker_id}", NamePicker)
        except Exception:  # noqa: BLE001 - no screen or no list: the keys pass on
            return None

    def _picking(self) -> bool:
        picker = self.picker
        return picker is not None and picker.display and bool(picker.matching())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # while the list shows, the help names the arrows; otherwise they are not ours
        return self._picking() if action == "pick" else True

    def action_pick(self, step: int) -> None:
        picker = self.picker
        if picker is None or not self._picking():
            raise SkipAction()
        picker.move(step)
