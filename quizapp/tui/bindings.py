"""Bindings whose descriptions and tooltips are i18n keys, translated per instance.

Textual reads ``BINDINGS`` once per class, but the interface language is chosen when the
app starts, so classes write ``Binding("enter", "submit", "key.submit", tooltip="tip.submit")``
and :class:`Translated` replaces the keys with the strings of the current language in each
new instance's own copy of the bindings.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode

from quizapp.i18n import STRINGS, language, t

#: Textual's own binding descriptions that the students see, by i18n key.
TEXTUAL_KEYS = {
    "Focus Next": "key.focus_next",
    "Focus Previous": "key.focus_previous",
    "Dismiss menu": "key.list_close",
    "Show menu": "key.list_open",
}
#: Key names shown in the footer and the help, by i18n key.
KEY_NAMES = {"space": "keyname.space", "enter": "keyname.enter", "⏎": "keyname.enter",
             "esc": "keyname.esc", "escape": "keyname.esc", "tab": "keyname.tab",
             "shift+tab": "keyname.shift_tab"}


def key_names(display: str) -> str:
    """A key display ("space/enter") with the key names in the interface language."""
    return "/".join(t(KEY_NAMES[part.lower()]) if part.lower() in KEY_NAMES else part
                    for part in display.split("/"))


def _tr(text: str) -> str:
    if text in STRINGS["en"]:
        return t(text)
    if text in TEXTUAL_KEYS:
        return t(TEXTUAL_KEYS[text])
    return text


def is_translated(description: str) -> bool:
    """True if ``description`` is one of the interface's strings (in the current language)."""
    return description in STRINGS[language()].values()


class Translated:
    """Mixin for screens, widgets and the app: translate this instance's bindings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)  # type: ignore[arg-type]  # mixed into DOMNode classes


def own_bindings(node: DOMNode) -> list[Binding]:
    """``node``'s own bindings as it holds them (translated), its parents' left out."""
    return [b for bindings in node._bindings.key_to_bindings.values() for b in bindings]


def translate_bindings(node: DOMNode) -> None:
    """Translate ``node``'s own bindings (any widget's; translating twice changes nothing).

    Textual keeps each node's bindings in a private map (``_bindings``) made from the class's
    ``BINDINGS`` and offers no public way to change them per instance; the name is checked
    by tests/test_private_api.py."""
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [_translated(b) for b in bindings]


def _translated(binding: Binding) -> Binding:
    group = binding.group
    if group is not None:
        group = replace(group, description=_tr(group.description))
    return replace(binding, description=_tr(binding.description), tooltip=_tr(binding.tooltip),
                   group=group)
