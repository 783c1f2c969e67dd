"""Flashcard scheduling with FSRS-6 (the ``fsrs`` package), and the daily review queue.

Pure: no UI, no SQL. Storage keeps each student's flashcard states (:data:`FlashcardState`,
fsrs's ``Card``) and reviews (fsrs's ``ReviewLog``) as their ``to_dict()`` data; this module
decides what to show and what a rating does. Typical use::

    scheduler = FlashcardScheduler(SchedulerConfig(desired_retention=0.9))
    queue = build_queue(question_ids, cards, now=now, new_limit=20, new_today=3)
    session = ReviewSession(scheduler, queue, clock=clock)
    while (item := session.current()) is not None:
        show(item.question_id, session.preview())      # Rating -> next interval
        review = session.rate(Rating.Good)              # store review.state and review.log

- Scheduling is FSRS's (:meth:`fsrs.Scheduler.review_card`, default FSRS-6 parameters,
  desired retention 0.9 unless configured); nothing here computes an interval itself.
- The queue: cards due now first (most overdue first), then new cards up to the daily
  limit (minus the new cards already introduced today); a card FSRS keeps in (re)learning
  with a short step comes back in the same session when its step is due, never earlier:
  "Again 1m" means a minute, and with nothing else left the session waits for it
  (:meth:`ReviewSession.waiting_until`).
- :func:`deck_counts` is the one count of a student's cards (due now, new available, due
  today): Home and the card screen both show its answer, and it agrees with the queue a
  session would build at the same moment.
- Cram (:func:`cram_queue`): chosen cards regardless of due dates; ratings never change a
  card (``Again`` shows it again at the end of the session).
- :func:`format_interval` writes an interval as Anki's answer buttons do: ``10m``, ``3d``,
  ``2mo`` / ``10分钟``, ``3天``, ``2个月``.

Every datetime is timezone-aware UTC; time comes from an injectable clock.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from fsrs import Card, Rating, ReviewLog, Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS

from quizapp.core import utc
from quizapp.core.messages import Words
from quizapp.core.utc import Clock, aware

#: One student's FSRS memory state for one question's flashcard (fsrs calls it a ``Card``;
#: here "card" is only the question type).
FlashcardState = Card

__all__ = [
    "FlashcardState",
    "Rating",
    "ReviewLog",
    "State",
    "RATINGS",
    "SchedulerConfig",
    "FlashcardScheduler",
    "Flashcard",
    "ReviewQueue",
    "Review",
    "ReviewSession",
    "DeckCounts",
    "build_queue",
    "cram_queue",
    "deck_counts",
    "day_start",
    "rating_for_answer",
    "state_from_dict",
    "format_interval",
]

#: The four answer buttons, in order (keys 1-4).
RATINGS: tuple[Rating, ...] = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)

#: A (re)learning step shorter than this comes back in the same session.
INTRADAY = timedelta(days=1)


@dataclass(frozen=True)
class SchedulerConfig:
    """How cards are scheduled.

    ``desired_retention``: the recall probability FSRS aims for at each due date.
    ``new_per_day``: new cards introduced per day (a student's own limit overrides it).
    ``learn_ahead``: when only (re)learning cards are left, one due within this long is
    shown now rather than making the student wait (Anki's "learn ahead limit"). 0 by
    default, so a step's interval on the answer button is the truth.
    ``rollover_hour``: the local hour a new day starts for the new-card limit and the
    "due today" count (Anki's default, 4 a.m.). ``fuzz``: FSRS's small random spread of
    review intervals (the answer buttons always show the unfuzzed interval, as Anki does).
    """

    desired_retention: float = 0.9
    new_per_day: int = 20
    learn_ahead: timedelta = timedelta(0)
    rollover_hour: int = 4
    fuzz: bool = True
    maximum_interval: int = 36500
    parameters: tuple[float, ...] = tuple(DEFAULT_PARAMETERS)
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)

    def __post_init__(self) -> None:
        if not 0 < self.desired_retention < 1:
            raise ValueError(
                f"desired retention must be between 0 and 1, not {self.desired_retention}"
            )
        if self.new_per_day < 0:
            raise ValueError(f"the new-card limit cannot be negative ({self.new_per_day})")
        if not 0 <= self.rollover_hour < 24:
            raise ValueError(f"rollover_hour must be 0-23, not {self.rollover_hour}")

    def fsrs(self, *, fuzz: bool | None = None) -> Scheduler:
        """The ``fsrs.Scheduler`` for this configuration."""
        return Scheduler(
            parameters=self.parameters,
            desired_retention=self.desired_retention,
            learning_steps=self.learning_steps,
            relearning_steps=self.relearning_steps,
            maximum_interval=self.maximum_interval,
            enable_fuzzing=self.fuzz if fuzz is None else fuzz,
        )


def fsrs_card_id(question_id: str) -> int:
    """A stable card id for a question (fsrs logs carry it; the same for every student)."""
    digest = hashlib.blake2b(question_id.encode("utf-8"), digest_size=6).digest()
    return int.from_bytes(digest, "big")


def state_from_dict(data: Mapping[str, Any]) -> FlashcardState:
    """A :data:`FlashcardState` from its stored ``to_dict()`` data, with UTC datetimes."""
    card = FlashcardState.from_dict(dict(data))  # type: ignore[arg-type]
    card.due = aware(card.due)
    if card.last_review is not None:
        card.last_review = aware(card.last_review)
    return card


class FlashcardScheduler:
    """FSRS behind the app's vocabulary: new cards, reviews and the answer-button preview."""

    def __init__(self, config: SchedulerConfig | None = None) -> None:
        self.config = config or SchedulerConfig()
        self.fsrs = self.config.fsrs()
        self._preview = self.config.fsrs(fuzz=False)

    def new_state(self, question_id: str, now: datetime) -> FlashcardState:
        """The state of a card never reviewed, due ``now``."""
        return FlashcardState(card_id=fsrs_card_id(question_id), due=aware(now))

    def review(
        self, card: FlashcardState, rating: Rating, now: datetime, duration_ms: int | None = None
    ) -> tuple[FlashcardState, ReviewLog]:
        """The card after ``rating`` at ``now``, and its review log (``card`` is unchanged)."""
        return self.fsrs.review_card(card, Rating(rating), aware(now), duration_ms)

    def preview(self, card: FlashcardState, now: datetime) -> dict[Rating, timedelta]:
        """For each rating, how long until the card would be due again (no fuzz)."""
        now = aware(now)
        out = {}
        for rating in RATINGS:
            after, _ = self._preview.review_card(card, rating, now)
            out[rating] = after.due - now
        return out


def rating_for_answer(correct: bool) -> Rating:
    """A quiz answer as a review: right -> ``Good``, wrong -> ``Again``."""
    return Rating.Good if correct else Rating.Again


# -- days ---------------------------------------------------------------------------------


def day_start(now: datetime, *, rollover_hour: int = 4, tz: tzinfo | None = None) -> datetime:
    """The start (UTC) of the study day containing ``now``: ``rollover_hour`` o'clock in
    ``tz`` (default: the machine's local time zone)."""
    local = aware(now).astimezone(tz) if tz is not None else aware(now).astimezone()
    start = local.replace(hour=rollover_hour, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


# -- the queue ------------------------------------------------------------------------------


@dataclass
class Flashcard:
    """One card in a session: the question it shows and its FSRS state now.

    ``new``: the student has never reviewed it. ``state`` is replaced after each rating.
    """

    question_id: str
    state: FlashcardState
    new: bool = False


@dataclass
class ReviewQueue:
    """What a session shows, in order; see :meth:`next`.

    ``due``: cards due at the start, most overdue first. ``new``: new cards, in the order
    to introduce them. ``learning``: cards in a (re)learning step, shown when due.
    """

    due: list[Flashcard] = field(default_factory=list)
    new: list[Flashcard] = field(default_factory=list)
    learning: list[Flashcard] = field(default_factory=list)
    learn_ahead: timedelta = timedelta(0)
    cram: bool = False

    def next(self, now: datetime) -> Flashcard | None:
        """The card to show at ``now``: a learning card whose step is due, else the next due
        card, else the next new card, else a learning card due within ``learn_ahead``;
        ``None`` when there is none (see :meth:`waiting_until`)."""
        now = aware(now)
        self.learning.sort(key=lambda item: item.state.due)
        if self.learning and self.learning[0].state.due <= now:
            return self.learning[0]
        if self.due:
            return self.due[0]
        if self.new:
            return self.new[0]
        if self.learning and self.learning[0].state.due <= now + self.learn_ahead:
            return self.learning[0]
        return None

    def done(self, item: Flashcard, card: FlashcardState | None, now: datetime) -> None:
        """Take ``item`` out of the queue after its rating. ``card`` (the card after the
        rating) comes back in the learning list when FSRS keeps it in a (re)learning step
        shorter than a day (an intraday step, as Anki has it); a longer one is left for a
        later day. In cram mode ``card`` is the unchanged card to ask again
        at the end of the queue, and ``None`` drops the item."""
        for bucket in (self.learning, self.due, self.new):
            if any(entry is item for entry in bucket):
                bucket[:] = [entry for entry in bucket if entry is not item]
                break
        if card is None:
            return
        if self.cram:
            self.due.append(item)  # unchanged card, asked again at the end
            return
        item.state = card
        item.new = False
        if (card.state in (State.Learning, State.Relearning)
                and card.due - aware(now) < INTRADAY):
            self.learning.append(item)

    def waiting_until(self) -> datetime | None:
        """When the next learning card of the session falls due (``None``: none left)."""
        return min((item.state.due for item in self.learning), default=None)

    @property
    def left(self) -> int:
        """Cards still to show in this session (each counted once)."""
        return len(self.due) + len(self.new) + len(self.learning)

    def counts(self) -> tuple[int, int, int]:
        """``(new, learning, due)`` left, as Anki's three numbers."""
        return len(self.new), len(self.learning), len(self.due)


def build_queue(
    question_ids: Sequence[str],
    cards: Mapping[str, FlashcardState],
    *,
    now: datetime,
    new_limit: int,
    new_today: int = 0,
    learn_ahead: timedelta = timedelta(0),
) -> ReviewQueue:
    """The day's queue over ``question_ids`` (the chosen questions, in the order to
    introduce new ones).

    ``cards`` holds the student's existing cards by question id (others are ignored).
    Due: cards due at ``now``, most overdue first. Learning: cards in an intraday
    (re)learning step not due yet, shown when it is (or within ``learn_ahead``). New:
    questions with no card, at most ``new_limit - new_today`` of them.
    """
    now = aware(now)
    order = {qid: n for n, qid in enumerate(dict.fromkeys(question_ids))}
    due, learning, new = [], [], []
    for qid in order:
        card = cards.get(qid)
        if card is None:
            new.append(qid)
        elif card.due <= now:
            due.append(Flashcard(qid, card))
        elif (card.state in (State.Learning, State.Relearning)
              and card.due < now + max(learn_ahead, INTRADAY)):
            learning.append(Flashcard(qid, card))  # shown when its step is due
    due.sort(key=lambda item: (item.state.due, order[item.question_id]))
    room = max(0, new_limit - max(0, new_today))
    fresh = [Flashcard(qid, FlashcardState(card_id=fsrs_card_id(qid), due=now), new=True)
             for qid in new[:room]]
    return ReviewQueue(due=due, new=fresh, learning=learning, learn_ahead=learn_ahead)


def cram_queue(
    question_ids: Sequence[str], cards: Mapping[str, FlashcardState], *, now: datetime
) -> ReviewQueue:
    """Every chosen question, in the given order, regardless of due dates. Ratings in a
    cram session change no card; ``Again`` shows the card again later in the session."""
    now = aware(now)
    items = []
    for qid in dict.fromkeys(question_ids):
        card = cards.get(qid)
        if card is None:
            items.append(Flashcard(qid, FlashcardState(card_id=fsrs_card_id(qid), due=now), new=True))
        else:
            items.append(Flashcard(qid, card))
    return ReviewQueue(due=items, cram=True)


@dataclass(frozen=True)
class DeckCounts:
    """A student's cards over some questions, for Home and the empty state.

    ``due_now``: due at the moment. ``due_today``: due before the study day ends
    (including those). ``new_available``: new cards the daily limit still lets in.
    ``next_due``: the earliest due date among cards not due now (``None``: none).
    """

    due_now: int
    due_today: int
    new_available: int
    next_due: datetime | None

    @property
    def to_study(self) -> int:
        """Cards a session would show now: due ones and the new ones allowed."""
        return self.due_now + self.new_available


def deck_counts(
    question_ids: Iterable[str],
    cards: Mapping[str, FlashcardState],
    *,
    now: datetime,
    day_end: datetime,
    new_limit: int,
    new_today: int = 0,
) -> DeckCounts:
    """Count the due, due-today and available new cards among ``question_ids``."""
    now, day_end = aware(now), aware(day_end)
    due_now = due_today = fresh = 0
    later: datetime | None = None
    for qid in dict.fromkeys(question_ids):
        card = cards.get(qid)
        if card is None:
            fresh += 1
            continue
        if card.due <= now:
            due_now += 1
        elif later is None or card.due < later:
            later = card.due
        if card.due < day_end:
            due_today += 1
    room = max(0, new_limit - max(0, new_today))
    return DeckCounts(due_now, due_today, min(fresh, room), later)


# -- a session ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """One rating in a session: what to store. ``state``/``log`` are ``None`` in cram mode
    (nothing changes)."""

    question_id: str
    rating: Rating
    state: FlashcardState | None
    log: ReviewLog | None
    new: bool

    @property
    def scheduled(self) -> bool:
        return self.state is not None


class ReviewSession:
    """A flashcard session over a :class:`ReviewQueue`, rated with a :class:`FlashcardScheduler`.

    Cards in an intraday (re)learning step come back in the session when the step is due.
    """

    def __init__(
        self,
        scheduler: FlashcardScheduler,
        queue: ReviewQueue,
        *,
        clock: Clock = utc.now,
    ) -> None:
        self.scheduler = scheduler
        self.queue = queue
        self.clock = clock
        self.reviews: list[Review] = []
        self._current: Flashcard | None = None

    @property
    def cram(self) -> bool:
        return self.queue.cram

    def current(self) -> Flashcard | None:
        """The card to show now (the same one until it is rated); ``None``: nothing now."""
        if self._current is None:
            self._current = self.queue.next(self.clock())
        return self._current

    def preview(self) -> dict[Rating, timedelta]:
        """The next interval each rating would give the current card (``{}`` in cram mode
        or with no current card)."""
        item = self.current()
        if item is None or self.cram:
            return {}
        return self.scheduler.preview(item.state, self.clock())

    def rate(self, rating: Rating, duration_ms: int | None = None) -> Review:
        """Rate the current card and move on. Raises ``LookupError`` with no current card."""
        item = self.current()
        if item is None:
            raise LookupError("no card to rate")
        rating = Rating(rating)
        was_new = item.new
        if self.cram:
            review = Review(item.question_id, rating, None, None, was_new)
            self.queue.done(item, item.state if rating == Rating.Again else None,
                            self.clock())
        else:
            card, log = self.scheduler.review(item.state, rating, self.clock(), duration_ms)
            review = Review(item.question_id, rating, card, log, was_new)
            self.queue.done(item, card, self.clock())
        self._current = None
        self.reviews.append(review)
        return review

    @property
    def left(self) -> int:
        return self.queue.left

    def waiting_until(self) -> datetime | None:
        """When the next card of this session falls due, when :meth:`current` is ``None``
        because the remaining (re)learning steps are not due yet."""
        return self.queue.waiting_until()


# -- formatting -----------------------------------------------------------------------------

_MINUTE = 60.0
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_MONTH = 30.417 * _DAY
_YEAR = 365 * _DAY

def format_interval(delta: timedelta | float, words: Words) -> str:
    """An interval the way Anki's answer buttons show it, worded by ``words``
    (e.g. :func:`quizapp.i18n.t`; keys ``interval.s`` … ``interval.y`` with ``{n}``).

    The unit is the largest that fits (seconds, minutes, hours, days, months of 30.417
    days, years); seconds, minutes and days are whole, hours, months and years keep one
    decimal when needed (halves round up): ``10m``, ``6m`` (5.5 minutes), ``1.5h``, ``3d``,
    ``2mo``, ``1.1y`` (en) / ``10分钟``, ``3天``, ``2个月`` (zh).
    """
    seconds = delta.total_seconds() if isinstance(delta, timedelta) else float(delta)
    seconds = max(0.0, seconds)
    if seconds < _MINUTE:
        unit, amount = "s", _round(seconds, 0)
    elif seconds < _HOUR:
        unit, amount = "m", _round(seconds / _MINUTE, 0)
    elif seconds < _DAY:
        unit, amount = "h", _round(seconds / _HOUR, 1)
    elif seconds < _MONTH:
        unit, amount = "d", _round(seconds / _DAY, 0)
    elif seconds < _YEAR:
        unit, amount = "mo", _round(seconds / _MONTH, 1)
    else:
        unit, amount = "y", _round(seconds / _YEAR, 1)
    return words(f"interval.{unit}", n=f"{amount:g}")


def _round(value: float, digits: int) -> float:
    """Round half away from zero (``5.5`` -> ``6``), as Anki does; ``round`` rounds to even."""
    scale = 10**digits
    return float(math.floor(value * scale + 0.5) / scale)
