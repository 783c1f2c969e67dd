"""What the screens read from the score database, and the flashcard reviews they write.

Each method hands one call to the :class:`~quizapp.services.recorder.Recorder`, which runs
it on its thread in order with every other call; the answer comes back to ``then`` on the
front end's side (``failed`` gets a one-line error). The calls reach the store only through
the protocols of :mod:`quizapp.services.ports`, so a front end never names a store method
and never waits for the database.

>>> book = ScoreBook(recorder, bank)                          # doctest: +SKIP
>>> book.history("张三", then=screen.show_attempts, failed=screen.failed)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from quizapp.core import utc
from quizapp.core.utc import Clock

if TYPE_CHECKING:  # the scheduler (fsrs) loads only when flashcards are used
    from quizapp.core.model import AnyQuestion, Bank
    from quizapp.core.scheduling import DeckCounts, Review, SchedulerConfig
    from quizapp.core.session import QuizResult
    from quizapp.services.ports import (
        AttemptPort,
        ClassPort,
        DashboardPort,
        FlashcardPort,
        ScorePort,
    )
    from quizapp.services.recorder import Recorder

Then = Callable[[Any], None]
Failed = Callable[[str], None] | None


class ScoreBook:
    """The front end's reads (and flashcard writes) over ``recorder``, for ``bank``."""

    def __init__(self, recorder: Recorder, bank: Bank) -> None:
        self.recorder = recorder
        self.bank = bank

    # -- a student ---------------------------------------------------------------------

    def history(self, student: str, then: Then, failed: Failed = None) -> None:
        """Every attempt of ``student``, oldest first (``percent`` on each)."""

        def read(store: ScorePort) -> list[Any]:
            return store.history(student)

        self.recorder.query(read, then, failed)

    def attempt(self, attempt_id: int, then: Then, failed: Failed = None) -> None:
        """One attempt with its spec, seed and responses (``None``: no such attempt)."""

        def read(store: ScorePort) -> Any:
            return store.attempt(attempt_id)

        self.recorder.query(read, then, failed)

    def past_result(self, attempt_id: int, then: Then, failed: Failed = None) -> None:
        """One attempt as ``(summary, QuizResult)`` to show again (``None``: no such
        attempt)."""
        bank = self.bank

        def read(store: ScorePort) -> tuple[Any, QuizResult] | None:
            from quizapp.services.scores import past_result

            detail = store.attempt(attempt_id)
            return None if detail is None else (detail.summary, past_result(bank, detail))

        self.recorder.query(read, then, failed)

    def home(self, student: str, then: Then, failed: Failed = None, *,
             now: float | None = None) -> None:
        """Home's figures: ``(student, best percentage by set key, unfinished attempts
        this version can resume, newest first)``. Each set is scored from the answers to
        its questions, whatever quiz they were in. An exam whose time ran out (by ``now``,
        the app's clock) is finished first."""
        bank = self.bank

        def read(store: Any) -> tuple[str, dict[str, float], list[Any]]:
            from quizapp.services.quiz_run import resumable_attempts
            from quizapp.services.scores import best_by_set

            scores: ScorePort = store
            attempts: AttemptPort = store
            return (student, best_by_set(scores, bank, student),
                    resumable_attempts(attempts, student, bank, now))

        self.recorder.query(read, then, failed)

    def recent_mistakes(self, student: str, limit: int, then: Then,
                        failed: Failed = None) -> None:
        """Question ids ``student`` last answered wrong (and not right since), most recent
        first, at most ``limit``."""

        def read(store: ScorePort) -> list[str]:
            return store.recent_wrong_ids(student, limit)

        self.recorder.query(read, then, failed)

    def roster(self, class_name: str, then: Then, failed: Failed = None) -> None:
        """``(exists, names)``: whether the class exists, and the names on its roster
        (``None``: no such class, or an empty roster)."""

        def read(store: ClassPort) -> tuple[bool, list[str] | None]:
            return store.class_exists(class_name), store.roster_names(class_name)

        self.recorder.query(read, then, failed)

    # -- flashcards --------------------------------------------------------------------

    def cards_due(self, student: str, then: Then, failed: Failed = None, *,
                  sets: Sequence[str] = ()) -> None:
        """``(student, DeckCounts)`` over the chosen sets (none: the whole bank), as the
        card screen counts them (Home's "cards due" figure)."""
        bank = self.bank

        def read(store: FlashcardPort) -> tuple[str, DeckCounts]:
            from quizapp.services.flashcards import due_count

            return student, due_count(store, bank, student, sets=sets)

        self.recorder.query(read, then, failed)

    def deck(self, student: str, then: Then, failed: Failed = None, *,
             sets: Sequence[str] = (), tags: Sequence[str] = (), levels: Sequence[str] = (),
             new_limit: int | None = None, remember_limit: bool = False,
             config: SchedulerConfig | None = None, clock: Clock = utc.now,
             tz: tzinfo | None = None) -> None:
        """The student's :class:`~quizapp.services.flashcards.Deck` over the chosen
        questions. With ``remember_limit``, ``new_limit`` becomes the student's own daily
        limit first (a write: kept and retried if it fails)."""
        bank = self.bank
        if remember_limit:
            def remember(store: FlashcardPort) -> None:
                store.set_new_cards_per_day(student, new_limit)

            self.recorder.write(remember, f"card limit ({student})")

        def read(store: FlashcardPort) -> Any:
            from quizapp.services.flashcards import Flashcards

            cards = Flashcards(store, bank, config=config, clock=clock, tz=tz)
            return cards.load(student, sets=sets, tags=tags, levels=levels,
                              new_limit=new_limit)

        self.recorder.query(read, then, failed)

    def save_review(self, student: str, review: Review, *,
                    config: SchedulerConfig | None = None, clock: Clock = utc.now,
                    tz: tzinfo | None = None) -> None:
        """Store a rated card and its review log (a write: kept and retried if it fails)."""
        bank = self.bank

        def write(store: FlashcardPort) -> None:
            from quizapp.services.flashcards import Flashcards

            Flashcards(store, bank, config=config, clock=clock, tz=tz).save(student, review)

        self.recorder.write(write, f"card {review.question_id}")

    # -- the teacher's dashboard -------------------------------------------------------

    def dashboard(self, class_name: str | None, then: Then, failed: Failed = None) -> None:
        """The teacher's :class:`~quizapp.services.teacher.Dashboard` for the class
        (``None``: every student)."""
        bank = self.bank

        def read(store: DashboardPort) -> Any:
            from quizapp.services.teacher import load_dashboard

            return load_dashboard(store, bank, class_name)

        self.recorder.query(read, then, failed)

    def answers(self, question: AnyQuestion, class_name: str | None, then: Then,
                failed: Failed = None) -> None:
        """How the class answered ``question``: its choices, each with a count
        (:func:`quizapp.services.teacher.distractors`)."""

        def read(store: DashboardPort) -> list[Any]:
            from quizapp.services.teacher import distractors

            return distractors(question, store.dash_answers(question.id, class_name))

        self.recorder.query(read, then, failed)
