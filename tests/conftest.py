"""Shared fixtures: every test runs with its own data folder and database."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def hermetic_paths(tmp_path_factory, monkeypatch):
    """Point QUIZAPP_DATA_DIR, QUIZAPP_DB and QUIZAPP_DECKS_DIR at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("quizapp-home")
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("QUIZAPP_DECKS_DIR", str(home / "decks"))
    monkeypatch.delenv("QUIZAPP_DB", raising=False)
    return home
