"""The screens' reads go through the score book: a reader waits for the writes given before
it and reads the store; a daily-limit change is a write, kept if it fails."""

from __future__ import annotations

from quizapp.core.model import Bank, ChoiceQuestion, QuestionSet
from quizapp.services.recorder import Recorder, WriteFailed
from quizapp.services.scorebook import ScoreBook
from quizapp.storage import Store

CITY = QuestionSet(key="01-city", title="一座城", path="01-city.yaml", questions=(
    ChoiceQuestion(id="q1", prompt="哪条江?", options=("湘江", "资江"), answer="湘江",
                   set_key="01-city"),
    ChoiceQuestion(id="q2", prompt="几座城?", options=("一", "三"), answer="一",
                   set_key="01-city"),
))
BANK = Bank.of([CITY])


def test_reads_answer_with_what_the_store_holds(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'scores.db'}")
    rec = Recorder("sqlite://", lambda url: store)
    book = ScoreBook(rec, BANK)
    ref = rec.start_attempt("张三", "practice", ("01-city",), {"seed": 1}, 1, 2)
    rec.record(ref, "q1", "h", "资江", 0.0, 1, False, 1.0)
    rec.finish(ref, 0.0, 2)
    rec.start()
    reads = book.reader()  # after the writes above: it sees them
    assert reads is not None
    [attempt] = reads.history("张三")
    assert attempt.id == ref.id
    assert reads.recent_mistakes("张三", 10) == ["q1"]
    assert reads.home("张三") == ({"01-city": 0.0}, [])
    summary, result = reads.past_result(ref.id)
    assert summary.id == ref.id
    by_id = {i.question.id: i for i in result.items}  # every question of the quiz
    assert set(by_id) == {"q1", "q2"}
    assert by_id["q1"].response == "资江" and not by_id["q2"].answered
    assert reads.roster("高一3班") == (False, None)  # no such class
    assert rec.stop(10)


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

    events: list = []
    rec = Recorder("sqlite://", lambda url: Refusing(), events.append)
    book = ScoreBook(rec, BANK)
    rec.start()
    book.remember_limit("张三", 1)
    deck = book.reader().deck("张三", new_limit=1)
    assert any(isinstance(e, WriteFailed) for e in events)
    assert deck.new_limit == 1  # the deck is read all the same
    assert rec.stop(10)

    rec = Recorder("sqlite://", lambda url: store)
    book = ScoreBook(rec, BANK)
    rec.start()
    book.remember_limit("张三", 1)
    book.reader()  # waits for the write
    assert store.students.find_student("张三").new_cards_per_day == 1
    assert rec.stop(10)
