"""What the screens read from the score database, and the flashcard reviews they write.

Writes go to the :class:`~quizapp.services.recorder.Recorder`, which runs them on its thread
in order. Reads block, so the front end makes them on threads of its own (each screen's
workers): :meth:`ScoreBook.reader` waits until the store is open and every write given
before has run, then answers with a :class:`Reads` over it. The calls reach the store only
through the protocols of :mod:`quizapp.services.ports`, so a front end never names a store
method.

>>> reads = book.reader(cancelled=lambda: worker.is_cancelled)   # doctest: +SKIP
>>> attempts = reads.history("张三")
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
    from quizapp.services.flashcards import Deck
    from quizapp.services.ports import Repositories, StudentRef
    from quizapp.services.recorder import Recorder
    from quizapp.services.teacher import Dashboard


class ScoreBook:
    """The front end's reads and flashcard writes over ``recorder``, for ``bank``."""

    def __init__(self, recorder: Recorder, bank: Bank) -> None:
        self.recorder = recorder
        self.bank = bank

    def reader(self, cancelled: Callable[[], bool] = lambda: False) -> Reads | None:
        """The reads over the open store, once every write given so far has run (``None``
        if ``cancelled()`` became true first). Raises
        :class:`~quizapp.services.recorder.StoreUnavailable` when the store did not open.
        Blocks: call it on a worker thread."""
        store = self.recorder.store_for_reads(cancelled)
        return None if store is None else Reads(store, self.bank)

    # -- writes ------------------------------------------------------------------------

    def remember_limit(self, student: StudentRef, new_limit: int | None) -> None:
        """Make ``new_limit`` the student's own daily new-card limit (a write: kept and
        retried if it fails; a read given after it sees it)."""

        def remember(store: Repositories) -> None:
            store.cards.set_new_cards_per_day(student, new_limit)

        self.recorder.write(remember, f"card limit ({student})")

    def save_review(self, student: StudentRef, review: Review, *,
                    config: SchedulerConfig | None = None, clock: Clock = utc.now,
                    tz: tzinfo | None = None) -> None:
        """Store a rated card and its review log (a write: kept and retried if it fails)."""
        bank = self.bank

        def write(store: Repositories) -> None:
            from quizapp.services.flashcards import Flashcards

            Flashcards(store.cards, bank, config=config, clock=clock, tz=tz).save(student, review)

        self.recorder.write(write, f"card {review.question_id}")


class Reads:
    """The screens' reads over an open store (see :meth:`ScoreBook.reader`)."""

    def __init__(self, store: Repositories, bank: Bank) -> None:
        self.store = store
        self.bank = bank

    # -- a student ---------------------------------------------------------------------

    def history(self, student: StudentRef) -> list[Any]:
        """Every attempt of ``student``, oldest first (``percent`` on each)."""
        return self.store.attempts.history(student)

    def attempt(self, attempt_id: int) -> Any:
        """One attempt with its spec, seed and responses (``None``: no such attempt)."""
        return self.store.attempts.attempt(attempt_id)

    def past_result(self, attempt_id: int) -> tuple[Any, QuizResult] | None:
        """One attempt as ``(summary, QuizResult)`` to show again (``None``: no such
        attempt)."""
        from quizapp.services.scores import past_result

        detail = self.store.attempts.attempt(attempt_id)
        return None if detail is None else (detail.summary, past_result(self.bank, detail))

    def home(self, student: StudentRef, *, now: float | None = None
             ) -> tuple[dict[str, float], list[Any]]:
        """Home's figures: ``(best percentage by set key, unfinished attempts this version
        can resume, newest first)``. Each set is scored from the answers to its questions,
        whatever quiz they were in. An exam whose time ran out (by ``now``, the app's
        clock) is finished first."""
        from quizapp.services.quiz_run import resumable_attempts
        from quizapp.services.scores import best_by_set

        attempts = self.store.attempts
        return (best_by_set(attempts, self.bank, student),
                resumable_attempts(attempts, student, self.bank, now))

    def recent_mistakes(self, student: StudentRef, limit: int) -> list[str]:
        """Question ids ``student`` last answered wrong (and not right since), most recent
        first, at most ``limit``."""
        return self.store.attempts.recent_wrong_ids(student, limit)

    def roster(self, class_name: str) -> tuple[bool, list[Any] | None]:
        """``(exists, entries)``: whether the class exists, and its roster's lines
        (:class:`~quizapp.core.roster.RosterEntry`, each with its student's id; ``None``: no
        such class, or an empty roster)."""
        classes = self.store.classes
        if not classes.class_exists(class_name):
            return False, None
        return True, classes.roster(class_name) or None

    # -- homework ----------------------------------------------------------------------

    def _student_id(self, student: str | int) -> int | None:
        if isinstance(student, int):
            return student
        found = self.store.cards.find_student(student)
        return None if found is None or found.id is None else int(found.id)

    def homework(self, student: str | int) -> list[Any]:
        """The student's assignments for Home (:func:`quizapp.services.assignments.homework`);
        none for a student not in the database yet."""
        from quizapp.services.assignments import homework

        sid = self._student_id(student)
        return [] if sid is None else homework(self.store.assignments, self.bank, sid)

    def begin_homework(self, work: Any, student: str | int) -> int:
        """Start (or go back to) the student's attempt at an assignment: its id. Storage
        decides on the database's clock and refuses a closed one (a ``StorageError``)."""
        from quizapp.services.assignments import begin

        sid = self._student_id(student)
        if sid is None:
            raise KeyError(student)
        return begin(self.store.assignments, self.bank, work, sid)

    def homework_keyed(self) -> bool:
        """Whether this login's homework goes through a student's key (the school
        database's shared student login, which reads no assignment itself)."""
        return self.store.keys.limited()

    def keyed_homework(self, key: str) -> Any | None:
        """The key holder and their assignments for Home
        (:func:`quizapp.services.assignments.keyed_homework`); ``None`` for a key that is
        nobody's (any more)."""
        from quizapp.services.assignments import keyed_homework

        if self.store.keys.holder(key) is None:
            return None
        return keyed_homework(self.store.keys, self.bank, key)

    def key_holder(self, key: str) -> Any | None:
        """Whose key this is (``None``: nobody's)."""
        return self.store.keys.holder(key)

    def begin_keyed_homework(self, work: Any, key: str) -> int:
        """Start (or go back to) the key holder's attempt at an assignment; the database
        decides and refuses a closed one."""
        from quizapp.services.assignments import begin_keyed

        return begin_keyed(self.store.keys, self.bank, work, key)

    def keyed_attempt(self, key: str, attempt_id: int) -> Any:
        """The key holder's own attempt with its answers, to resume it (``None``: not
        theirs)."""
        return self.store.keys.attempt(key, attempt_id)

    def homework_answers_due(self, work: Any) -> bool:
        """Whether the assignment's answers may be shown now (database time)."""
        from quizapp.services.assignments import answers_now

        return answers_now(work, self.store.assignments.now())

    def homework_desk(self, class_name: str | None) -> list[Any]:
        """Every assignment of the class (``None``: all) with each student's line and the
        item statistics of that assignment alone."""
        from quizapp.services.assignments import lines, mark_homework

        port = self.store.assignments
        works = port.assignments(class_name)
        mark_homework(port, self.bank, [w.id for w in works])
        return [(work, lines(work, port.progress(work.id)), port.items(work.id))
                for work in works]

    # -- the teacher password ----------------------------------------------------------

    def teacher_gate(self) -> str:
        """How the teacher gets in: ``"given"`` (``QUIZAPP_TEACHER_PASSWORD`` is right),
        ``"set"`` (no password yet: choose one) or ``"ask"``."""
        from quizapp.services.teacher_auth import TeacherGate

        gate = TeacherGate(self.store.teachers)
        if gate.check_given():
            return "given"
        return "set" if gate.needs_setting() else "ask"

    def check_teacher(self, password: str) -> bool:
        """Whether ``password`` is the teacher password."""
        from quizapp.services.teacher_auth import TeacherGate

        return TeacherGate(self.store.teachers).check(password)

    def set_first_teacher_password(self, password: str) -> bool:
        """Set the first teacher password (one compare-and-set row, not an answer: it needs
        no place among the recorder's ordered writes): ``False`` when one was set
        meanwhile."""
        from quizapp.services.teacher_auth import TeacherGate

        return TeacherGate(self.store.teachers).set_first(password)

    # -- flashcards --------------------------------------------------------------------

    def cards_due(self, student: StudentRef, *, sets: Sequence[str] = ()) -> DeckCounts:
        """The student's card counts over the chosen sets (none: the whole bank), as the
        card screen counts them (Home's "cards due" figure)."""
        from quizapp.services.flashcards import due_count

        return due_count(self.store.cards, self.bank, student, sets=sets)

    def deck(self, student: StudentRef, *, sets: Sequence[str] = (), tags: Sequence[str] = (),
             levels: Sequence[str] = (), new_limit: int | None = None,
             config: SchedulerConfig | None = None, clock: Clock = utc.now,
             tz: tzinfo | None = None) -> Deck:
        """The student's :class:`~quizapp.services.flashcards.Deck` over the chosen
        questions."""
        from quizapp.services.flashcards import Flashcards

        cards = Flashcards(self.store.cards, self.bank, config=config, clock=clock, tz=tz)
        return cards.load(student, sets=sets, tags=tags, levels=levels, new_limit=new_limit)

    # -- the teacher's dashboard -------------------------------------------------------

    def dashboard(self, class_name: str | None) -> Dashboard:
        """The teacher's :class:`~quizapp.services.teacher.Dashboard` for the class
        (``None``: every student)."""
        from quizapp.services.assignments import mark_homework
        from quizapp.services.teacher import load_dashboard

        mark_homework(self.store.assignments, self.bank)  # homework sent with keys, first
        return load_dashboard(self.store.reports, self.bank, class_name)

    def answers(self, question: AnyQuestion, class_name: str | None) -> list[Any]:
        """How the class answered ``question``: its choices, each with a count
        (:func:`quizapp.services.teacher.distractors`)."""
        from quizapp.services.teacher import distractors

        return distractors(question, self.store.reports.dash_answers(question.id, class_name))
