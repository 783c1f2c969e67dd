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
    from quizapp.services.ports import AttemptPort, Repositories
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

        def read(store: Repositories) -> list[Any]:
            return store.attempts.history(student)

        self.recorder.query(read, then, failed)

    def attempt(self, attempt_id: int, then: Then, failed: Failed = None) -> None:
        """One attempt with its spec, seed and responses (``None``: no such attempt)."""

        def read(store: Repositories) -> Any:
            return store.attempts.attempt(attempt_id)

        self.recorder.query(read, then, failed)

    def past_result(self, attempt_id: int, then: Then, failed: Failed = None) -> None:
        """One attempt as ``(summary, QuizResult)`` to show again (``None``: no such
        attempt)."""
        bank = self.bank

        def read(store: Repositories) -> tuple[Any, QuizResult] | None:
            from quizapp.services.scores import past_result

            detail = store.attempts.attempt(attempt_id)
            return None if detail is None else (detail.summary, past_result(bank, detail))

        self.recorder.query(read, then, failed)

    def home(self, student: str, then: Then, failed: Failed = None) -> None:
        """Home's figures: ``(student, best percentage by set key, unfinished attempts
        this version can resume, newest first)``. Each set is scored from the answers to
        its questions, whatever quiz they were in."""
        bank = self.bank

        def read(store: Repositories) -> tuple[str, dict[str, float], list[Any]]:
            from quizapp.services.quiz_run import resumable_attempts
            from quizapp.services.scores import best_by_set

            attempts: AttemptPort = store.attempts
            return (student, best_by_set(attempts, bank, student),
                    resumable_attempts(attempts, student))

        self.recorder.query(read, then, failed)

    def recent_mistakes(self, student: str, limit: int, then: Then,
                        failed: Failed = None) -> None:
        """Question ids ``student`` last answered wrong (and not right since), most recent
        first, at most ``limit``."""

        def read(store: Repositories) -> list[str]:
            return store.attempts.recent_wrong_ids(student, limit)

        self.recorder.query(read, then, failed)

    def roster(self, class_name: str, then: Then, failed: Failed = None) -> None:
        """``(exists, entries)``: whether the class exists, and its roster's lines
        (:class:`~quizapp.core.roster.RosterEntry`, each with its student's id; ``None``: no
        such class, or an empty roster)."""

        def read(store: Repositories) -> tuple[bool, list[Any] | None]:
            if not store.classes.class_exists(class_name):
                return False, None
            return True, store.classes.roster(class_name) or None

        self.recorder.query(read, then, failed)

    # -- the teacher password ------------------------------------------------------------

    def teacher_gate(self, then: Then, failed: Failed = None) -> None:
        """How the teacher gets in: ``"given"`` (``QUIZAPP_TEACHER_PASSWORD`` is right),
        ``"set"`` (no password yet: choose one) or ``"ask"``."""

        def read(store: Repositories) -> str:
            from quizapp.services.teacher_auth import TeacherGate

            gate = TeacherGate(store.teachers)
            if gate.check_given():
                return "given"
            return "set" if gate.needs_setting() else "ask"

        self.recorder.query(read, then, failed)

    def check_teacher(self, password: str, then: Then, failed: Failed = None) -> None:
        """Whether ``password`` is the teacher password."""

        def read(store: Repositories) -> bool:
            from quizapp.services.teacher_auth import TeacherGate

            return TeacherGate(store.teachers).check(password)

        self.recorder.query(read, then, failed)

    def set_first_teacher_password(self, password: str, then: Then,
                                   failed: Failed = None) -> None:
        """Set the first teacher password: ``True``, or ``False`` when one was set
        meanwhile."""

        def write(store: Repositories) -> bool:
            from quizapp.services.teacher_auth import TeacherGate

            return TeacherGate(store.teachers).set_first(password)

        self.recorder.query(write, then, failed)

    # -- flashcards --------------------------------------------------------------------

    def cards_due(self, student: str, then: Then, failed: Failed = None) -> None:
        """``(student, DeckCounts)`` over the whole bank (Home's "cards due" figure)."""
        bank = self.bank

        def read(store: Repositories) -> tuple[str, DeckCounts]:
            from quizapp.services.flashcards import due_count

            return student, due_count(store.cards, bank, student)

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
            def remember(store: Repositories) -> None:
                store.cards.set_new_cards_per_day(student, new_limit)

            self.recorder.write(remember, f"card limit ({student})")

        def read(store: Repositories) -> Any:
            from quizapp.services.flashcards import Flashcards

            cards = Flashcards(store.cards, bank, config=config, clock=clock, tz=tz)
            return cards.load(student, sets=sets, tags=tags, levels=levels,
                              new_limit=new_limit)

        self.recorder.query(read, then, failed)

    def save_review(self, student: str, review: Review, *,
                    config: SchedulerConfig | None = None, clock: Clock = utc.now,
                    tz: tzinfo | None = None) -> None:
        """Store a rated card and its review log (a write: kept and retried if it fails)."""
        bank = self.bank

        def write(store: Repositories) -> None:
            from quizapp.services.flashcards import Flashcards

            Flashcards(store.cards, bank, config=config, clock=clock, tz=tz).save(student, review)

        self.recorder.write(write, f"card {review.question_id}")

    # -- the teacher's dashboard -------------------------------------------------------

    def dashboard(self, class_name: str | None, then: Then, failed: Failed = None) -> None:
        """The teacher's :class:`~quizapp.services.teacher.Dashboard` for the class
        (``None``: every student)."""
        bank = self.bank

        def read(store: Repositories) -> Any:
            from quizapp.services.teacher import load_dashboard

            return load_dashboard(store.reports, bank, class_name)

        self.recorder.query(read, then, failed)

    def answers(self, question: AnyQuestion, class_name: str | None, then: Then,
                failed: Failed = None) -> None:
        """How the class answered ``question``: its choices, each with a count
        (:func:`quizapp.services.teacher.distractors`)."""

        def read(store: Repositories) -> list[Any]:
            from quizapp.services.teacher import distractors

            return distractors(question, store.reports.dash_answers(question.id, class_name))

        self.recorder.query(read, then, failed)
