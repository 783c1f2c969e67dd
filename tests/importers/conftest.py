"""Importer tests run in Chinese unless marked ``pytest.mark.lang("en")``."""

from __future__ import annotations

import pytest

from quizapp import i18n


@pytest.fixture(autouse=True)
def interface_language(request):
    marker = request.node.get_closest_marker("lang")
    before = i18n.language()
    i18n.set_language(marker.args[0] if marker else "zh")
    yield
    i18n.set_language(before)
