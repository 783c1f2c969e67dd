"""The screens' reads go through the score book: each runs on the recorder's thread and
answers the callback; a daily-limit change it makes is a write, kept if it fails."""

from __future__ import annotations

from quizapp.core.model import Bank, ChoiceQuestion, QuestionSet
from quizapp.services.recorder import QueryAnswered, Recorder, WriteFailed
from quizapp.services.scorebook import ScoreBook
from quizapp.storage import Store

CITY = QuestionSet(key="01-city", title="一座城", path="01-city.yaml", questions=(
    ChoiceQuestion(id="q1", prompt="哪条江?", options=("湘江", "资江"), answer="湘江",
                   set_key="01-city"),
    ChoiceQuestion(id="q2", prompt="几座城?", options=("一", "三"), answer="一",
                   set_key="01-city"),
))
BANK = Bank.of([CITY])


def answers(events) -> list:
    return [e.result for e in events if isinstance(e, QueryAnswered)]


def run(opener, calls) -> list:
    events: list = []
    rec = Recorder("sqlite://", opener, events.append)
    calls(ScoreBook(rec, BANK))
    rec.start()
    assert rec.stop(10)
    for event in events:  # what the app does with an answer: hand it to the callback
        if isinstance(event, QueryAnswered):
            event.callback(event.result)
    return events


def test_reads_answer_with_what_the_store_holds(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'scores.db'}")
    aid = store.attempts.start_attempt("张三", "practice", ["01-city"], {"seed": 1}, 1, 2)
    store.attempts.record_response(aid, "q1", "h", "资江", 0.0, 1, False, 1.0)
    store.attempts.finish_attempt(aid, 0.0, 2)
    got: dict = {}
    run(lambda url: store, lambda book: (
        book.history("张三", lambda v: got.setdefault("history", v)),
        book.recent_mistakes("张三", 10, lambda v: got.setdefault("wrong", v)),
        book.home("张三", lambda v: got.setdefault("home", v)),
        book.past_result(aid, lambda v: got.setdefault("past", v)),
        book.roster("高一3班", lambda v: got.setdefault("roster", v)),
    ))
    assert [a.id for a in got["history"]] == [aid]
    assert got["wrong"] == ["q1"]
    assert got["home"] == ("张三", {"01-city": 0.0}, [])
    summary, result = got["past"]
    assert summary.id == aid
    by_id = {i.question.id: i for i in result.items}  # every question of the quiz
    assert set(by_id) == {"q1", "q2"}
    assert by_id["q1"].response == "资江" and not by_id["q2"].answered
    assert got["roster"] == (False, None)  # no such class


def test_a_remembered_card_limit_is_a_write_kept_when_it_fails(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'scores.db'}")

    class RefusingCards:
        """The store's flashcards, except that they cannot change a student's limit."""

        def __getattr__(self, name):
            return getattr(store.cards, name)

        def set_new_cards_per_day(self, student, limit):
            raise RuntimeError("read-only")

    class Refusing:
        """The store, with those flashcards."""

        cards = RefusingCards()

        def __getattr__(self, name):
            return getattr(store, name)

    decks: list = []
    events = run(lambda url: Refusing(), lambda book: book.deck(
        "张三", decks.append, new_limit=1, remember_limit=True))
    assert any(isinstance(e, WriteFailed) for e in events)
    assert len(decks) == 1 and decks[0].new_limit == 1  # the deck is read all the same

    kept: list = []
    rec_events = run(lambda url: store, lambda book: book.deck(
        "张三", kept.append, new_limit=1, remember_limit=True))
    assert not any(isinstance(e, WriteFailed) for e in rec_events)
    assert store.students.find_student("张三").new_cards_per_day == 1
