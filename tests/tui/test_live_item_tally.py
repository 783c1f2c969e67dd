"""The host's per-question line says how many did not answer, as the live report counts them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from quizapp.i18n import set_language
from quizapp.tui.screens.live import item_tally


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "2/3 答对 · 1 未答"), ("en", "2/3 right · 1 no answer")])
def test_tally_names_the_students_who_did_not_answer(lang: str, expected: str) -> None:
    set_language(lang)
    try:
        assert item_tally(SimpleNamespace(correct=2, answered=3), 4) == expected
        assert item_tally(SimpleNamespace(correct=0, answered=0), 2).startswith("0/0")
        assert "· 2 " in item_tally(SimpleNamespace(correct=0, answered=0), 2)
    finally:
        set_language("zh")
