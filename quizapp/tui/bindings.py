"""Bindings whose descriptions and tooltips are i18n keys, translated per instance.

Textual reads ``BINDINGS`` once per class, but the interface language is chosen when the
app starts, so classes write ``Binding("enter", "submit", "key.submit", tooltip="tip.submit")``
and :class:`Translated` replaces the keys with the strings of the current language in each
new instance's own copy of the bindings.
"""

from __future__ import annotations

from dataclasses import replace

from quizapp.i18n import STRINGS, t


def _tr(text: str) -> str:
    return t(text) if text in STRINGS["en"] else text


class Translated:
    """Mixin for screens, widgets and the app: translate this instance's bindings."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)


def translate_bindings(node) -> None:
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [_translated(b) for b in bindings]


def _translated(binding):
    group = binding.group
    if group is not None:
        group = replace(group, description=_tr(group.description))
    return replace(binding, description=_tr(binding.description), tooltip=_tr(binding.tooltip),
                   group=group)
