"""Flashcards in a live class: left out of its questions (a card is self-rated: nothing to
mark, no answer to hide before the reveal), counted for the host's screen; a choice of
cards only is refused with its own message."""

from __future__ import annotations

import pytest

from quizapp.core.loader import load_bank
from quizapp.core.selection import EmptyQuizError
from quizapp.core.session import QuizSpec
from quizapp.services.live import LiveHost
from quizapp.storage import Store


@pytest.fixture
def port(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'live.db'}")
    yield store.live
    store.close()


def _bank():
    return load_bank()  # the built-in questions


def test_cards_are_left_out_and_counted(port) -> None:
    bank = _bank()
    cards = [q for q in bank.questions if q.type == "card"]
    assert cards  # the built-in bank has cards
    host = LiveHost.create(port, bank, QuizSpec(seed=7))
    assert host.total == len(bank.questions) - len(cards)
    assert all(p.question.type != "card" for p in host.shown)
    assert host.cards_left_out == len(cards)
    # with a count, the count is of questions a class can answer
    small = LiveHost.create(port, bank, QuizSpec(count=6, seed=7))
    assert small.total == 6 and all(p.question.type != "card" for p in small.shown)
    # every other type still comes
    assert {p.question.type for p in host.shown} == {q.type for q in bank.questions} - {"card"}


def test_only_cards_is_refused_with_a_live_message(port) -> None:
    bank = _bank()
    with pytest.raises(EmptyQuizError) as caught:
        LiveHost.create(port, bank, QuizSpec(types=("card",), seed=1))
    assert caught.value.message.key == "quiz_empty.only_cards_live"


def test_no_cards_no_note(port) -> None:
    host = LiveHost.create(port, _bank(), QuizSpec(types=("choice",), seed=1))
    assert host.cards_left_out == 0
