"""Messages from other threads: the recorder's events to the app (see
:mod:`quizapp.services.recorder`), one class per event, and the answers of the reads a
screen makes on its workers (:mod:`quizapp.tui.reads`), one class per read. A read's answer
goes to the screen that asked only (it does not bubble)."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from quizapp.services import recorder as rec
from quizapp.services.ports import StudentRef


class StoreOpened(Message):
    """The score database is open."""


class StoreFailed(Message):
    """The score database did not open; answers are kept in memory."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class WriteFailed(Message):
    """A write failed on the open database; it is kept and tried again."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class WritesRecovered(Message):
    """Every write that had failed is now saved."""


class ReadFailed(Message, bubble=False):
    """A read failed (the store did not open, or the database refused): ``error`` in one
    line; ``group`` names the read (:func:`quizapp.tui.reads.read`)."""

    def __init__(self, error: str, group: str = "read") -> None:
        super().__init__()
        self.error = error
        self.group = group


class RosterRead(Message, bubble=False):
    """Whether the class exists, and its roster's lines (``RosterEntry``, each with its
    student's id; ``None``: none)."""

    def __init__(self, class_name: str, found: tuple[bool, list[Any] | None]) -> None:
        super().__init__()
        self.class_name = class_name
        self.exists, self.entries = found


class AttemptRead(Message, bubble=False):
    """One stored attempt (``None``: no such attempt)."""

    def __init__(self, attempt_id: int, detail: Any, key: str | None = None) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.detail = detail
        #: Homework on the shared student login: the student's key (answers go through it).
        self.key = key


class HistoryRead(Message, bubble=False):
    """Every attempt of ``student``, oldest first."""

    def __init__(self, student: StudentRef, attempts: list[Any]) -> None:
        super().__init__()
        self.student = student
        self.attempts = attempts


class PastResultRead(Message, bubble=False):
    """One attempt as ``(summary, QuizResult)`` to show again (``None``: none)."""

    def __init__(self, found: tuple[Any, Any] | None) -> None:
        super().__init__()
        self.found = found


class HomeRead(Message, bubble=False):
    """Home's figures for ``student``: best percentage by set, resumable attempts."""

    def __init__(self, student: StudentRef, figures: tuple[dict[str, float], list[Any]],
                 limited: bool = False) -> None:
        super().__init__()
        self.student = student
        self.best, self.unfinished = figures
        #: read on the school database's shared student login, which keeps no figures
        self.limited = limited


class ExamsHandedIn(Message, bubble=False):
    """Exams Home's read handed in at their deadline (their time ran out while the student
    was away): their summaries, finished, with their scores. Posted even when the read
    itself was overtaken by a newer one, so the student is told once."""

    def __init__(self, student: StudentRef, summaries: list[Any]) -> None:
        super().__init__()
        self.student = student
        self.summaries = summaries


class CardsDueRead(Message, bubble=False):
    """The student's flashcard counts (Home's "cards due"; ``None`` on the shared student
    login, which keeps no cards)."""

    def __init__(self, student: StudentRef, counts: Any, sets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.student = student
        self.counts = counts
        #: the ticked sets the counts are over (``()``: every set)
        self.sets = sets


class MistakesRead(Message, bubble=False):
    """The questions the student last answered wrong, for the review quiz ``spec``."""

    def __init__(self, spec: Any, ids: list[str]) -> None:
        super().__init__()
        self.spec = spec
        self.ids = ids


class DeckRead(Message, bubble=False):
    """The student's flashcard deck."""

    def __init__(self, deck: Any) -> None:
        super().__init__()
        self.deck = deck


class DashboardRead(Message, bubble=False):
    """The teacher's dashboard."""

    def __init__(self, dashboard: Any) -> None:
        super().__init__()
        self.dashboard = dashboard


class AnswersRead(Message, bubble=False):
    """How the class answered ``question``."""

    def __init__(self, question: Any, lines: list[Any]) -> None:
        super().__init__()
        self.question = question
        self.lines = lines


def from_event(event: rec.StoreEvent) -> Message:
    """The message for a recorder event."""
    match event:
        case rec.StoreOpened():
            return StoreOpened()
        case rec.StoreFailed(error=error):
            return StoreFailed(error)
        case rec.WriteFailed(error=error):
            return WriteFailed(error)
        case rec.WritesRecovered():
            return WritesRecovered()
    raise TypeError(f"not a recorder event: {event!r}")


class TeacherGateRead(Message, bubble=False):
    """How the teacher gets in: ``"given"``, ``"set"`` (no password yet) or ``"ask"``."""

    def __init__(self, how: str) -> None:
        super().__init__()
        self.how = how


class TeacherChecked(Message, bubble=False):
    """Whether the typed teacher password is the right one (``done``: the first one was
    set; ``False``: another was set meanwhile)."""

    def __init__(self, right: bool) -> None:
        super().__init__()
        self.right = right


class HomeworkRead(Message, bubble=False):
    """The student's assignments for Home (:class:`quizapp.services.assignments.Homework`)."""

    def __init__(self, student: str | int, items: list[Any]) -> None:
        super().__init__()
        self.student = student
        self.items = items


class HomeworkBegun(Message, bubble=False):
    """The attempt to run for an assignment (started or gone back to); ``hide_answers``:
    its answers are shown only after the due time; ``key``: done with a student's key."""

    def __init__(self, attempt_id: int, hide_answers: bool = False,
                 key: str | None = None) -> None:
        super().__init__()
        self.attempt_id = attempt_id
        self.hide_answers = hide_answers
        self.key = key


class KeyedHomeworkRead(Message, bubble=False):
    """Homework on the shared student login: ``key`` (``None``: none typed yet),
    ``homework`` (:class:`quizapp.services.assignments.KeyedHomework`, ``None`` without a
    key or with a key that is nobody's: ``wrong``)."""

    def __init__(self, key: str | None, homework: Any, wrong: bool = False) -> None:
        super().__init__()
        self.key = key
        self.homework = homework
        self.wrong = wrong


class KeyChecked(Message, bubble=False):
    """A key typed on the key screen: whose it is (``None``: nobody's)."""

    def __init__(self, key: str, holder: Any) -> None:
        super().__init__()
        self.key = key
        self.holder = holder


class HomeworkCardsBegun(Message, bubble=False):
    """A card-review assignment started or gone back to: its
    :class:`~quizapp.services.assignments.CardsWork`."""

    def __init__(self, work: Any) -> None:
        super().__init__()
        self.work = work


class HomeworkDeskRead(Message, bubble=False):
    """The desk's homework: ``(assignment, student lines, item statistics)`` each."""

    def __init__(self, desk: list[Any]) -> None:
        super().__init__()
        self.desk = desk
