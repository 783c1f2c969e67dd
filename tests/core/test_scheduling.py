"""Flashcard scheduling: FSRS through the app's scheduler, the daily queue, cram, formatting.

Every test runs on a fixed clock that the test moves by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import fsrs
import pytest
from clocks import DateClock

from quizapp.core.scheduling import (
    RATINGS,
    FlashcardScheduler,
    FlashcardState,
    Rating,
    ReviewSession,
    SchedulerConfig,
    State,
    build_queue,
    cram_queue,
    day_start,
    deck_counts,
    format_interval,
    rating_for_answer,
    state_from_dict,
)
from quizapp.i18n import words

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def plain() -> FlashcardScheduler:
    """No fuzz: intervals are exactly FSRS's."""
    return FlashcardScheduler(SchedulerConfig(fuzz=False))


def reviewed(scheduler: FlashcardScheduler, qid: str, ratings, start: datetime = T0) -> FlashcardState:
    """A card after ``ratings``, each given when the card falls due."""
    card = scheduler.new_state(qid, start)
    now = start
    for rating in ratings:
        card, _ = scheduler.review(card, rating, now)
        now = card.due
    return card


# -- FSRS through the scheduler -------------------------------------------------------------


def test_new_card_moves_through_learning_to_review_as_fsrs_says():
    ours = plain()
    theirs = fsrs.Scheduler(enable_fuzzing=False)  # FSRS-6 defaults, retention 0.9
    card = ours.new_state("q1", T0)
    reference = fsrs.Card(card_id=card.card_id, due=T0)
    assert card.state is State.Learning and card.step == 0 and card.due == T0

    card, log = ours.review(card, Rating.Good, T0)
    reference, _ = theirs.review_card(reference, Rating.Good, T0)
    assert card.state is State.Learning and card.step == 1
    assert card.due == T0 + timedelta(minutes=10) == reference.due
    assert log.rating == Rating.Good and log.review_datetime == T0

    later = card.due
    card, _ = ours.review(card, Rating.Good, later)
    reference, _ = theirs.review_card(reference, Rating.Good, later)
    assert card.state is State.Review and card.step is None
    assert card.to_dict() == reference.to_dict()
    assert card.due - later == timedelta(days=2)  # FSRS-6 default parameters at 0.9
    assert card.last_review == later


def test_again_in_learning_restarts_the_steps():
    scheduler = plain()
    card = reviewed(scheduler, "q1", [Rating.Good])
    card, _ = scheduler.review(card, Rating.Again, card.due)
    assert card.state is State.Learning and card.step == 0
    assert card.due - card.last_review == timedelta(minutes=1)


def test_again_shortens_and_easy_lengthens_the_interval():
    scheduler = plain()
    card = reviewed(scheduler, "q1", [Rating.Good, Rating.Good])  # now in review
    now = card.due
    after = {r: scheduler.review(card, r, now)[0] for r in RATINGS}
    gaps = {r: after[r].due - now for r in RATINGS}
    assert gaps[Rating.Again] < gaps[Rating.Hard] < gaps[Rating.Good] < gaps[Rating.Easy]
    assert after[Rating.Again].state is State.Relearning
    assert gaps[Rating.Again] == timedelta(minutes=10)
    previous = card.due - card.last_review
    assert gaps[Rating.Again] < previous < gaps[Rating.Easy]
    assert after[Rating.Easy].stability > card.stability > after[Rating.Again].stability


def test_preview_is_what_each_rating_would_give():
    scheduler = plain()
    card = reviewed(scheduler, "q1", [Rating.Good, Rating.Good])
    now = card.due + timedelta(days=1)
    preview = scheduler.preview(card, now)
    assert list(preview) == list(RATINGS)
    for rating, gap in preview.items():
        assert scheduler.review(card, rating, now)[0].due - now == gap
    assert card.due == reviewed(scheduler, "q1", [Rating.Good, Rating.Good]).due  # unchanged


def test_preview_of_a_new_card_shows_the_learning_steps():
    preview = plain().preview(plain().new_state("q", T0), T0)
    shown = {r: format_interval(g, words("en")) for r, g in preview.items()}
    assert shown[Rating.Again] == "1m"
    assert shown[Rating.Hard] == "6m"
    assert shown[Rating.Good] == "10m"
    assert shown[Rating.Easy].endswith("d")


def test_fuzz_spreads_review_intervals_but_not_the_preview():
    fuzzy = FlashcardScheduler(SchedulerConfig(fuzz=True))
    card = reviewed(plain(), "q1", [Rating.Good, Rating.Good, Rating.Good, Rating.Good])
    now = card.due
    good = fuzzy.preview(card, now)[Rating.Good]
    assert good == plain().preview(card, now)[Rating.Good]
    gaps = {fuzzy.review(card, Rating.Good, now)[0].due - now for _ in range(40)}
    assert len(gaps) > 1
    assert all(abs(g - good) <= good * 0.25 for g in gaps)


def test_desired_retention_is_configurable():
    def interval(retention: float) -> timedelta:
        scheduler = FlashcardScheduler(SchedulerConfig(desired_retention=retention, fuzz=False))
        card = reviewed(scheduler, "q1", [Rating.Good, Rating.Good, Rating.Good])
        return card.due - card.last_review

    assert interval(0.95) < interval(0.9) < interval(0.8)
    with pytest.raises(ValueError, match="retention"):
        SchedulerConfig(desired_retention=1.5)


def test_card_data_round_trips_with_utc_datetimes():
    card = reviewed(plain(), "q1", [Rating.Good, Rating.Hard])
    back = state_from_dict(card.to_dict())
    assert back.to_dict() == card.to_dict()
    assert back.due.tzinfo is UTC and back.last_review.tzinfo is UTC
    # a stored card read back and reviewed again behaves exactly like the original
    assert plain().review(back, Rating.Good, card.due)[0].to_dict() == \
        plain().review(card, Rating.Good, card.due)[0].to_dict()


def test_times_must_be_timezone_aware():
    with pytest.raises(ValueError, match="naive"):
        plain().new_state("q", datetime(2026, 1, 1))
    # any aware time is taken as the same instant in UTC
    east = T0.astimezone(timezone(timedelta(hours=8)))
    card, log = plain().review(plain().new_state("q", T0), Rating.Good, east)
    assert log.review_datetime == T0 and log.review_datetime.tzinfo is UTC


def test_quiz_answers_map_to_ratings():
    assert rating_for_answer(True) is Rating.Good
    assert rating_for_answer(False) is Rating.Again


def test_card_ids_are_stable_per_question():
    a = plain().new_state("q1", T0)
    b = plain().new_state("q1", T0 + timedelta(days=3))
    c = plain().new_state("q2", T0)
    assert a.card_id == b.card_id != c.card_id


# -- the queue ------------------------------------------------------------------------------


def test_due_cards_first_most_overdue_first_then_new_cards():
    scheduler = plain()
    cards = {
        "a": reviewed(scheduler, "a", [Rating.Good, Rating.Good], T0 - timedelta(days=10)),
        "b": reviewed(scheduler, "b", [Rating.Good, Rating.Good], T0 - timedelta(days=30)),
        "c": reviewed(scheduler, "c", [Rating.Easy], T0),  # due in days: not today
    }
    ids = ["n1", "a", "n2", "b", "c", "n3"]
    queue = build_queue(ids, cards, now=T0, new_limit=20)
    assert [i.question_id for i in queue.due] == ["b", "a"]
    assert [i.question_id for i in queue.new] == ["n1", "n2", "n3"]
    assert all(i.new for i in queue.new) and not any(i.new for i in queue.due)
    session = ReviewSession(scheduler, queue, clock=DateClock())
    shown = []
    while (item := session.current()) is not None:
        shown.append(item.question_id)
        session.rate(Rating.Easy)
    assert shown == ["b", "a", "n1", "n2", "n3"]


@pytest.mark.parametrize(
    ("limit", "today", "expected"), [(20, 0, 20), (20, 5, 15), (20, 20, 0), (20, 25, 0), (0, 0, 0)]
)
def test_the_daily_new_card_limit_holds(limit, today, expected):
    ids = [f"q{n:02d}" for n in range(30)]
    queue = build_queue(ids, {}, now=T0, new_limit=limit, new_today=today)
    assert [i.question_id for i in queue.new] == ids[:expected]
    clock = DateClock()
    session = ReviewSession(plain(), queue, clock=clock)
    introduced = set()
    while (item := session.current()) is not None:
        introduced.add(item.question_id)
        session.rate(Rating.Good)
        clock.advance(minutes=1)
    assert len(introduced) == expected


def test_learning_steps_come_back_in_the_same_session():
    clock = DateClock()
    queue = build_queue(["q1", "q2"], {}, now=T0, new_limit=20)
    session = ReviewSession(plain(), queue, clock=clock)
    assert session.current().question_id == "q1"
    first = session.rate(Rating.Again)  # learning step 1 minute
    assert first.state.due == T0 + timedelta(minutes=1)
    assert session.left == 2
    assert session.current().question_id == "q2"  # q1's step is not due yet
    session.rate(Rating.Good)  # 10 minutes
    # only learning cards left: "Again 1m" means a minute, the session waits for it
    assert session.current() is None
    assert session.waiting_until() == T0 + timedelta(minutes=1)
    clock.advance(seconds=59)
    assert session.current() is None
    clock.advance(seconds=1)
    assert session.current().question_id == "q1"
    session.rate(Rating.Good)  # q1: 10 minutes
    clock.advance(minutes=11)
    assert session.current().question_id == "q2"
    review = session.rate(Rating.Good)
    assert review.state.state is State.Review  # graduated: leaves the session
    assert session.current().question_id == "q1"
    session.rate(Rating.Good)
    assert session.current() is None and session.left == 0
    assert session.waiting_until() is None


def test_a_learning_step_beyond_the_learn_ahead_limit_waits():
    config = SchedulerConfig(fuzz=False, learning_steps=(timedelta(hours=1),))
    clock = DateClock()
    session = ReviewSession(FlashcardScheduler(config), build_queue(["q"], {}, now=T0, new_limit=5),
                            clock=clock)
    session.rate(Rating.Again)
    assert session.current() is None
    assert session.left == 1
    assert session.waiting_until() == T0 + timedelta(hours=1)
    clock.advance(hours=1)
    assert session.current().question_id == "q"


def test_a_learning_step_of_a_day_or_more_is_left_for_another_day():
    config = SchedulerConfig(fuzz=False, learning_steps=(timedelta(days=1),))
    session = ReviewSession(FlashcardScheduler(config), build_queue(["q"], {}, now=T0, new_limit=5),
                            clock=DateClock())
    review = session.rate(Rating.Again)
    assert review.state.state is State.Learning
    assert session.left == 0 and session.current() is None and session.waiting_until() is None


def test_cards_learning_from_an_earlier_session_are_picked_up():
    scheduler = plain()
    card = reviewed(scheduler, "q1", [Rating.Good])  # due T0 + 10 min
    queue = build_queue(["q1"], {"q1": card}, now=T0 + timedelta(minutes=5), new_limit=0)
    assert [i.question_id for i in queue.learning] == ["q1"] and not queue.due
    queue = build_queue(["q1"], {"q1": card}, now=T0 + timedelta(minutes=10), new_limit=0)
    assert [i.question_id for i in queue.due] == ["q1"]


def test_cards_of_other_questions_are_ignored():
    card = reviewed(plain(), "gone", [Rating.Good], T0 - timedelta(days=3))
    queue = build_queue(["q1"], {"gone": card}, now=T0, new_limit=20)
    assert [i.question_id for i in queue.due + queue.new] == ["q1"]


# -- cram -----------------------------------------------------------------------------------


def test_cram_changes_nothing():
    scheduler = plain()
    cards = {
        "a": reviewed(scheduler, "a", [Rating.Good, Rating.Good]),  # due in days
        "b": reviewed(scheduler, "b", [Rating.Good]),
    }
    before = {qid: card.to_dict() for qid, card in cards.items()}
    session = ReviewSession(scheduler, cram_queue(["a", "b", "c"], cards, now=T0),
                            clock=DateClock())
    assert session.cram and session.left == 3
    assert session.preview() == {}
    shown, reviews = [], []
    ratings = iter([Rating.Easy, Rating.Again, Rating.Hard, Rating.Good])
    while (item := session.current()) is not None:
        shown.append(item.question_id)
        reviews.append(session.rate(next(ratings)))
    assert shown == ["a", "b", "c", "b"]  # "Again" asks a card again at the end
    assert all(r.state is None and r.log is None and not r.scheduled for r in reviews)
    assert {qid: card.to_dict() for qid, card in cards.items()} == before


# -- counts and days ------------------------------------------------------------------------


def test_deck_counts():
    scheduler = plain()
    cards = {
        "due": reviewed(scheduler, "due", [Rating.Good, Rating.Good], T0 - timedelta(days=5)),
        "soon": reviewed(scheduler, "soon", [Rating.Good], T0 - timedelta(minutes=5)),
        "later": reviewed(scheduler, "later", [Rating.Good, Rating.Good], T0),
    }
    ids = ["due", "soon", "later", "n1", "n2", "n3"]
    counts = deck_counts(ids, cards, now=T0, day_end=T0 + timedelta(hours=12), new_limit=2)
    assert counts.due_now == 1
    assert counts.due_today == 2
    assert counts.new_available == 2
    assert counts.next_due == cards["soon"].due
    assert counts.to_study == 3
    assert deck_counts(ids, cards, now=T0, day_end=T0, new_limit=20, new_today=19).new_available == 1


def test_day_start_uses_the_rollover_hour_in_the_given_zone():
    shanghai = timezone(timedelta(hours=8))
    # 08:00 UTC = 16:00 in Shanghai: the day began at 04:00 Shanghai = 20:00 UTC the day before
    assert day_start(T0, tz=shanghai) == datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
    # 02:00 Shanghai is still the previous study day
    early = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
    assert day_start(early, tz=shanghai) == datetime(2026, 2, 28, 20, 0, tzinfo=UTC)
    assert day_start(T0, rollover_hour=0, tz=UTC) == datetime(2026, 3, 2, tzinfo=UTC)
    assert day_start(T0, tz=UTC).tzinfo is UTC


# -- formatting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "en", "zh"),
    [
        (30, "30s", "30秒"),
        (60, "1m", "1分钟"),
        (330, "6m", "6分钟"),
        (600, "10m", "10分钟"),
        (5400, "1.5h", "1.5小时"),
        (3 * 86400, "3d", "3天"),
        (29 * 86400, "29d", "29天"),
        (61 * 86400, "2mo", "2个月"),
        (45 * 86400, "1.5mo", "1.5个月"),
        (400 * 86400, "1.1y", "1.1年"),
        (730 * 86400, "2y", "2年"),
    ],
)
def test_intervals_are_formatted_like_anki(seconds, en, zh):
    assert format_interval(timedelta(seconds=seconds), words("en")) == en
    assert format_interval(timedelta(seconds=seconds), words("zh")) == zh
    assert format_interval(seconds, words("zh")) == zh  # seconds as a number too


def test_the_counts_agree_with_the_queue_a_session_would_show():
    """Home and the card screen show deck_counts; it must match what a session shows."""
    scheduler = plain()
    cards = {
        "again": reviewed(scheduler, "again", [Rating.Again]),  # learning: due in a minute
        "good": reviewed(scheduler, "good", [Rating.Good]),  # learning: due in 10 minutes
        "old": reviewed(scheduler, "old", [Rating.Good, Rating.Good]),
    }
    ids = ["again", "good", "old", "n1", "n2"]
    for minutes in (0, 1, 10, 60 * 24 * 3):
        now = T0 + timedelta(minutes=minutes)
        counts = deck_counts(ids, cards, now=now, day_end=now + timedelta(hours=8),
                             new_limit=1)
        queue = build_queue(ids, cards, now=now, new_limit=1)
        session = ReviewSession(scheduler, queue, clock=lambda now=now: now)
        shown = []
        while (item := session.current()) is not None:
            shown.append(item.question_id)
            session.rate(Rating.Easy)
        assert len(shown) == counts.to_study, minutes
