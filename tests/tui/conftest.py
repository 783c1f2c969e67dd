"""Fixtures for the TUI tests: the language reset, a database file in ``tmp_path`` (also
``QUIZAPP_DB``), a frozen clock and the small bank of :mod:`tui_helpers`."""

from __future__ import annotations

import pytest
from clocks import MonotonicClock
from tui_helpers import BANK

from quizapp.core.model import Bank
from quizapp.i18n import set_language


@pytest.fixture(autouse=True)
def chinese_by_default():
    """Each test starts in the default language (the app sets it per run)."""
    set_language("zh")
    yield
    set_language("zh")


@pytest.fixture
def db_url(tmp_path, monkeypatch) -> str:
    """A SQLite file in ``tmp_path``, also set as ``QUIZAPP_DB``."""
    url = f"sqlite:///{tmp_path / 'scores.db'}"
    monkeypatch.setenv("QUIZAPP_DB", url)
    return url


@pytest.fixture
def clock() -> MonotonicClock:
    return MonotonicClock()


@pytest.fixture
def bank() -> Bank:
    return BANK


