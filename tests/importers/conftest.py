"""Importer tests run in Chinese unless marked ``pytest.mark.lang("en")`` (QUIZAPP_LANG too,
so the command follows the same language)."""

from __future__ import annotations

import pytest

from quizapp import i18n


@pytest.fixture(autouse=True)
def interface_language(request, monkeypatch):
    marker = request.node.get_closest_marker("lang")
    lang = marker.args[0] if marker else "zh"
    before = i18n.language()
    i18n.set_language(lang)
    monkeypatch.setenv("QUIZAPP_LANG", lang)
    yield
    i18n.set_language(before)
