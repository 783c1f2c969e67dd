"""Flashcards for a student: the FSRS scheduler (:mod:`quizapp.core.scheduling`) joined to
the score store through :class:`~quizapp.services.ports.FlashcardPort`.

Everything here takes an open store and runs where the store runs (the TUI's recorder
thread, a CLI command, a test); nothing imports SQL, so importing this module is light.

>>> cards = Flashcards(store, bank)                                   # doctest: +SKIP
>>> deck = cards.load("张三", sets=("01-basics",))
>>> session = deck.session()             # due cards, then today's new ones
>>> review = session.rate(Rating.Good)
>>> cards.save("张三", review)           # card state + review log, one transaction

A question answered in a quiz counts as a review too (:meth:`Flashcards.record_quiz_answer`:
right -> Good, wrong -> Again), so practice in any mode moves the schedule forward.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Protocol

from quizapp.core import utc
from quizapp.core.model import AnyQuestion, Bank
from quizapp.core.scheduling import (
    DeckCounts,
    FlashcardScheduler,
    FlashcardState,
    Review,
    ReviewSession,
    SchedulerConfig,
    build_queue,
    cram_queue,
    day_start,
    deck_counts,
    rating_for_answer,
    state_from_dict,
)
from quizapp.core.selection import select_questions
from quizapp.core.utc import Clock
from quizapp.services.ports import FlashcardPort, StudentRef

__all__ = ["Deck", "Flashcards", "card_order", "due_count", "quiz_review"]


def card_order(questions: Sequence[AnyQuestion]) -> list[str]:
    """Question ids in the order new cards are introduced: ``card`` questions first (they
    are flashcards first), then the others, each in bank order."""
    cards = [q.id for q in questions if q.type == "card"]
    others = [q.id for q in questions if q.type != "card"]
    return cards + others


@dataclass(frozen=True)
class Deck:
    """A student's cards over the chosen questions, read at ``now``.

    ``states``: the student's flashcard states for these questions (by question id; no
    entry = never reviewed). ``new_limit``: the student's daily new-card limit; ``new_today``: new
    cards already introduced since the study day began (``day_start``).
    """

    student: StudentRef
    question_ids: tuple[str, ...]
    states: dict[str, FlashcardState]
    new_limit: int
    new_today: int
    now: datetime
    day_start: datetime
    config: SchedulerConfig
    clock: Clock = utc.now

    @property
    def day_end(self) -> datetime:
        return self.day_start + timedelta(days=1)

    def counts(self, states: dict[str, FlashcardState] | None = None, now: datetime | None = None
               ) -> DeckCounts:
        """Due now, due today, new available and the next due date (``states``/``now``
        override the loaded ones, e.g. after some reviews)."""
        reviewed = states if states is not None else self.states
        introduced = self.new_today + sum(1 for q in reviewed if q not in self.states)
        return deck_counts(self.question_ids, reviewed, now=now or self.now,
                           day_end=self.day_end, new_limit=self.new_limit,
                           new_today=introduced)

    def session(self, *, cram: bool = False, clock: Clock | None = None) -> ReviewSession:
        """A review session: today's queue, or (``cram``) every chosen card, which changes
        no card. ``clock`` defaults to the deck's."""
        clock = clock or self.clock
        if cram:
            queue = cram_queue(self.question_ids, self.states, now=self.now)
        else:
            queue = build_queue(self.question_ids, self.states, now=self.now,
                                new_limit=self.new_limit, new_today=self.new_today,
                                learn_ahead=self.config.learn_ahead)
        return ReviewSession(FlashcardScheduler(self.config), queue, clock=clock)


class Flashcards:
    """A student's flashcards in ``store`` over the questions of ``bank``.

    ``clock`` gives the current time (UTC-aware); ``tz`` is the time zone whose
    ``config.rollover_hour`` starts a study day (default: the machine's).
    """

    def __init__(
        self,
        store: FlashcardPort,
        bank: Bank,
        *,
        config: SchedulerConfig | None = None,
        clock: Clock = utc.now,
        tz: tzinfo | None = None,
    ) -> None:
        self.store = store
        self.bank = bank
        self.config = config or SchedulerConfig()
        self.clock = clock
        self.tz = tz
        self.scheduler = FlashcardScheduler(self.config)

    # -- reading -----------------------------------------------------------------------

    def question_ids(self, sets: Sequence[str] = (), tags: Sequence[str] = (),
                     levels: Sequence[str] = ()) -> list[str]:
        """The chosen questions in new-card order (``EmptyQuizError`` if none match)."""
        questions, _ = select_questions(self.bank, sets=sets, tags=tags, levels=levels)
        return card_order(questions)

    def new_limit(self, student: StudentRef) -> int:
        """The student's daily new-card limit (their own, else the configured default)."""
        found = self.store.find_student(student)
        own = getattr(found, "new_cards_per_day", None)
        return self.config.new_per_day if own is None else int(own)

    def load(
        self,
        student: StudentRef,
        *,
        sets: Sequence[str] = (),
        tags: Sequence[str] = (),
        new_limit: int | None = None,
        levels: Sequence[str] = (),
    ) -> Deck:
        """The student's deck over the chosen sets/tags/levels (``new_limit`` overrides the
        student's limit for this deck only)."""
        ids = tuple(self.question_ids(sets, tags, levels))
        now = self.clock()
        start = day_start(now, rollover_hour=self.config.rollover_hour, tz=self.tz)
        stored = self.store.flashcards(student, ids)
        states = {qid: state_from_dict(record.data) for qid, record in stored.items()}
        return Deck(
            student=student,
            question_ids=ids,
            states=states,
            new_limit=self.new_limit(student) if new_limit is None else new_limit,
            new_today=self.store.new_cards_since(student, start),
            now=now,
            day_start=start,
            config=self.config,
            clock=self.clock,
        )

    # -- writing -----------------------------------------------------------------------

    def save(
        self, student: StudentRef, review: Review, *, source: str = "cards",
        attempt_id: int | None = None,
    ) -> bool:
        """Store a rated card and its review log in one transaction. A cram review
        (nothing scheduled) stores nothing and returns ``False``."""
        if review.state is None or review.log is None:
            return False
        question = self.bank.get(review.question_id)
        self.store.save_review(
            student,
            review.question_id,
            review.state.to_dict(),
            review.log.to_dict(),
            content_hash=question.content_hash() if question is not None else "",
            source=source,
            attempt_id=attempt_id,
        )
        return True

    def record_quiz_answer(
        self,
        student: StudentRef,
        question_id: str,
        correct: bool,
        *,
        at: datetime | None = None,
        attempt_id: int | None = None,
        content_hash: str | None = None,
    ) -> FlashcardState:
        """Count a quiz answer as a review (right -> Good, wrong -> Again) and store it;
        returns the card after the review."""
        now = at or self.clock()
        record = self.store.flashcards(student, [question_id]).get(question_id)
        card = (state_from_dict(record.data) if record is not None
                else self.scheduler.new_state(question_id, now))
        after, log = self.scheduler.review(card, rating_for_answer(correct), now)
        if content_hash is None:
            question = self.bank.get(question_id)
            content_hash = question.content_hash() if question is not None else ""
        self.store.save_review(student, question_id, after.to_dict(), log.to_dict(),
                               content_hash=content_hash, source="quiz",
                               attempt_id=attempt_id)
        return after


def due_count(store: FlashcardPort, bank: Bank, student: StudentRef, *, clock: Clock = utc.now,
              config: SchedulerConfig | None = None, sets: Sequence[str] = ()) -> DeckCounts:
    """The student's counts over the chosen sets (none: the whole bank): Home's "cards
    due" figure, the same count as the card screen's over the same sets."""
    return Flashcards(store, bank, config=config, clock=clock).load(student,
                                                                    sets=sets).counts()


class HasId(Protocol):
    """What carries an attempt's id once it is known (the recorder's ``AttemptRef``)."""

    @property
    def id(self) -> int | None: ...


def quiz_review(
    bank: Bank, student: StudentRef, question_id: str, correct: bool,
    attempt: int | HasId | None = None,
    *, config: SchedulerConfig | None = None, clock: Clock = utc.now,
) -> Callable[[FlashcardPort], FlashcardState]:
    """A store call counting one quiz answer as a review, for the TUI's recorder to run
    right after it stores the answer. ``attempt`` is the attempt id, or an object whose
    ``id`` is read when the call runs (the recorder's ``AttemptRef``)."""

    def run(store: FlashcardPort) -> FlashcardState:
        attempt_id = attempt if attempt is None or isinstance(attempt, int) else attempt.id
        return Flashcards(store, bank, config=config, clock=clock).record_quiz_answer(
            student, question_id, correct, attempt_id=attempt_id)

    return run
