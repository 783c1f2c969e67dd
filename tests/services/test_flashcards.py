"""Flashcards joined to the store, on SQLite and PostgreSQL: state survives a restart, quiz
answers move the schedule, the daily new-card limit holds across sessions, cram writes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from clocks import DateClock

from quizapp.core.model import Bank, CardQuestion, ChoiceQuestion, QuestionSet, TrueFalseQuestion
from quizapp.core.scheduling import Rating, SchedulerConfig, State
from quizapp.services.flashcards import Flashcards, card_order, due_count
from quizapp.storage import Store

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
CONFIG = SchedulerConfig(fuzz=False)


def make_bank() -> Bank:
    city = QuestionSet(
        key="city", title="一座城", path="content/city.yaml",
        questions=tuple(
            ChoiceQuestion(id=f"c{n}", prompt=f"问题 {n}", options=("甲", "乙"), answer="甲",
                           set_key="city", tags=("city",))
            for n in range(4)
        ) + (TrueFalseQuestion(id="tf", prompt="长株潭是一座城。", answer=True,
                               set_key="city", tags=("city", "tf")),),
    )
    deck = QuestionSet(
        key="deck", title="卡片", path="content/deck.yaml",
        questions=(CardQuestion(id="k1", prompt="融城", front="融城", back="三市合一",
                                set_key="deck", tags=("card",)),),
    )
    return Bank.of([city, deck])


BANK = make_bank()


def service(store: Store, clock: DateClock) -> Flashcards:
    return Flashcards(store.cards, BANK, config=CONFIG, clock=clock, tz=UTC)


def test_card_questions_come_first_among_new_cards():
    assert card_order(BANK.questions) == ["k1", "c0", "c1", "c2", "c3", "tf"]


def test_state_survives_a_restart(db_url):
    clock = DateClock()
    with Store.open(db_url) as store:
        cards = service(store, clock)
        session = cards.load("张三").session()
        item = session.current()
        assert item.question_id == "k1" and item.new
        review = session.rate(Rating.Good)
        assert cards.save("张三", review)
        saved = review.state.to_dict()

    clock.advance(minutes=11)
    with Store.open(db_url) as store:  # a new process would do exactly this
        cards = service(store, clock)
        deck = cards.load("张三")
        assert deck.states["k1"].to_dict() == saved
        assert deck.states["k1"].state is State.Learning and deck.states["k1"].step == 1
        assert deck.new_today == 1
        session = deck.session()
        first = session.current()
        assert first.question_id == "k1" and not first.new  # its learning step is due
        graduated = session.rate(Rating.Good)
        cards.save("张三", graduated)
        logs = store.cards.review_logs("张三", "k1")
        assert [(log.rating, log.source) for log in logs] == [(3, "cards"), (3, "cards")]
        assert logs[1].reviewed_at == T0 + timedelta(minutes=11)
        stored = store.cards.flashcards("张三", ["k1"])["k1"]
        assert stored.state == State.Review
        assert stored.due == graduated.state.due
        assert stored.content_hash == BANK["k1"].content_hash()


def test_quiz_answers_update_the_schedule(db_url):
    clock = DateClock()
    with Store.open(db_url) as store:
        attempt = store.attempts.start_attempt("李四", "practice", ["city"], {}, seed=1, max_score=2)
        store.attempts.record_response(attempt, "c0", BANK["c0"].content_hash(), "乙", 0.0, 1, False, 3.0)
        cards = service(store, clock)
        wrong = cards.record_quiz_answer("李四", "c0", False, attempt_id=attempt)
        assert wrong.state is State.Learning and wrong.due == T0 + timedelta(minutes=1)
        clock.advance(minutes=2)
        right = cards.record_quiz_answer("李四", "c1", True, attempt_id=attempt)
        assert right.due == clock.now + timedelta(minutes=10)

        logs = store.cards.review_logs("李四")
        assert [(r.question_id, r.rating, r.source, r.attempt_id) for r in logs] == [
            ("c0", int(Rating.Again), "quiz", attempt),
            ("c1", int(Rating.Good), "quiz", attempt),
        ]
        # the wrong answer is due for review now, ahead of the new cards
        deck = cards.load("李四")
        assert deck.new_today == 2
        session = deck.session()
        assert session.current().question_id == "c0"
        # answering it right in a later quiz moves it on from the first learning step
        before = deck.states["c0"]
        after = cards.record_quiz_answer("李四", "c0", True)
        assert after.step == 1 and after.due > before.due
        assert store.cards.flashcards("李四", ["c0"])["c0"].data == after.to_dict()


def test_the_daily_new_card_limit_holds_across_sessions(db_url):
    clock = DateClock()
    with Store.open(db_url) as store:
        store.students.set_new_cards_per_day("王五", 2)
        cards = service(store, clock)
        session = cards.load("王五").session()
        introduced = []
        while (item := session.current()) is not None:
            introduced.append(item.question_id)
            cards.save("王五", session.rate(Rating.Easy))
        assert introduced == ["k1", "c0"]

    clock.advance(hours=2)
    with Store.open(db_url) as store:
        cards = service(store, clock)
        deck = cards.load("王五")
        assert deck.new_limit == 2 and deck.new_today == 2
        assert deck.session().current() is None
        counts = deck.counts()
        assert counts.new_available == 0 and counts.due_now == 0
        assert counts.next_due is not None and counts.next_due > clock.now
        # a larger limit for this deck only lets more in
        assert cards.load("王五", new_limit=3).session().current().question_id == "c1"
        clock.advance(days=1)  # a new study day: two more
        session = cards.load("王五").session()
        assert [session.current().question_id] == ["c1"]
        assert session.left == 2


def test_sets_and_tags_choose_the_cards(store):
    cards = service(store, DateClock())
    assert cards.load("赵六", sets=("deck",)).question_ids == ("k1",)
    assert cards.load("赵六", tags=("tf",)).question_ids == ("tf",)
    assert cards.load("赵六", sets=("卡片", "city"), tags=("card", "tf")).question_ids == (
        "k1", "tf")


def test_cram_changes_nothing(db_url):
    clock = DateClock()
    with Store.open(db_url) as store:
        cards = service(store, clock)
        session = cards.load("钱七").session()
        cards.save("钱七", session.rate(Rating.Good))
        before = store.cards.flashcards("钱七")
        logs_before = store.cards.review_logs("钱七")

        clock.advance(minutes=3)
        cram = cards.load("钱七", sets=("city", "deck")).session(cram=True)
        seen = 0
        while (item := cram.current()) is not None:
            seen += 1
            review = cram.rate(Rating.Easy)
            assert review.question_id == item.question_id
            assert not cards.save("钱七", review)
        assert seen == len(BANK)
        assert store.cards.flashcards("钱七") == before
        assert store.cards.review_logs("钱七") == logs_before


def test_due_count_for_home(store):
    clock = DateClock(T0 - timedelta(days=10))
    cards = service(store, clock)
    cards.record_quiz_answer("孙八", "c0", True)
    cards.record_quiz_answer("孙八", "c1", True, at=clock.now + timedelta(minutes=10))
    counts = due_count(store.cards, BANK, "孙八", clock=lambda: T0, config=CONFIG)
    assert counts.due_now == 2
    assert counts.new_available == 4
    assert due_count(store.cards, BANK, "nobody", clock=lambda: T0).due_now == 0


def test_a_deleted_question_keeps_its_card_but_is_not_shown(store):
    cards = service(store, DateClock())
    cards.record_quiz_answer("周九", "gone", False, content_hash="abc")
    assert store.cards.flashcards("周九")["gone"].content_hash == "abc"
    assert "gone" not in cards.load("周九").states

