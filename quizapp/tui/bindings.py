"""Bindings whose descriptions and tooltips are i18n keys, translated per instance.

Textual reads ``BINDINGS`` once per class, but the interface language is chosen when the
app starts, so classes write ``Binding("enter", "submit", "key.submit", tooltip="tip.submit")``
and :class:`Translated` replaces the keys with the strings of the current language in each
new instance's own copy of the bindings.
"""

from __future__ import annotations

from dataclasses import replace

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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)


def translate_bindings(node) -> None:
    """Translate ``node``'s own bindings (any widget's; translating twice changes nothing)."""
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [_translated(b) for b in bindings]


def _translated(binding):
    group = binding.group
    if group is not None:
        group = replace(group, description=_tr(group.description))
    return replace(binding, description=_tr(binding.description), tooltip=_tr(binding.tooltip),
                   group=group)
