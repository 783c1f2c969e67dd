"""What the services need from the score database, as small protocols: one port per area,
each implemented by one repository of :class:`quizapp.storage.Store` (``store.attempts``,
``store.cards``, ``store.classes``, ``store.live``, ``store.reports``, ``store.assignments``, ``store.keys``; :class:`Repositories`
names them).

A service is typed against the one port it uses, so it can be tested with anything that
answers those few methods, and this module imports no SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

#: How a student is named to the store: a name, or a student record's id (names may repeat).
StudentRef = str | int


class StudentRecord(Protocol):
    """A student as the store returns it."""

    id: int | None
    name: str
    new_cards_per_day: int | None


class StoredCard(Protocol):
    """A stored flashcard (:class:`quizapp.storage.flashcards.FlashcardRecord`): ``data`` is
    its ``FlashcardState.to_dict()``."""

    question_id: str
    data: dict[str, Any]


class AttemptPort(Protocol):
    """Quiz attempts (``store.attempts``): recording them (the recorder's writes), reading
    one back to resume or show it, and the scores read from them
    (:mod:`quizapp.services.scores`)."""

    def start_attempt(self, student: Any, mode: str, set_keys: Iterable[str], spec: dict[str, Any],
                      seed: int | None, max_score: int) -> int: ...

    def record_response(self, attempt_id: int, question_id: str, content_hash: str,
                        response_json: Any, score: float, max_score: int, correct: bool,
                        elapsed_s: float | None, *, at: datetime | None = None) -> None: ...

    def finish_attempt(self, attempt_id: int, score: float, max_score: int, *,
                       unanswered: Iterable[tuple[str, str, int]] = (),
                       at: datetime | None = None) -> None: ...

    def attempt(self, attempt_id: int) -> Any: ...

    def unfinished_attempts(self, student: Any) -> list[Any]: ...

    def history(self, student: Any) -> list[Any]: ...

    def recent_wrong_ids(self, student: Any, limit: int = 50) -> list[str]: ...

    def scored_responses(self, student: Any) -> list[tuple[int, str, float, int]]: ...


class FlashcardPort(Protocol):
    """A student's flashcard states and reviews (``store.cards``; (:class:`quizapp.services.flashcards.Flashcards`)."""

    def find_student(self, name: StudentRef) -> StudentRecord | None: ...

    def flashcards(self, student: Any, question_ids: Sequence[str] | None = None
                   ) -> dict[str, StoredCard]: ...

    def new_cards_since(self, student: Any, since: datetime) -> int: ...

    def set_new_cards_per_day(self, student: Any, limit: int | None) -> None: ...

    def save_review(self, student: Any, question_id: str, state: Mapping[str, Any],
                    log: Mapping[str, Any], *,
                    content_hash: str = "", source: str = "cards",
                    attempt_id: int | None = None) -> None: ...


class DashboardPort(Protocol):
    """The teacher's dashboard's reads (``store.reports``; :mod:`quizapp.services.teacher`);
    ``class_name`` ``None`` means every student."""

    def dash_students(self, class_name: str | None = None) -> list[str]: ...

    def dash_set_results(self, class_name: str | None = None) -> list[Any]: ...
    def dash_set_parts(self, set_of: Mapping[str, str], class_name: str | None = None
                       ) -> list[tuple[str, int, bool, str, float, float]]: ...

    def dash_items(self, class_name: str | None = None) -> list[Any]: ...

    def dash_started(self, class_name: str | None = None) -> set[str]: ...

    def dash_sections(self, section_of: Mapping[str, str], class_name: str | None = None
                      ) -> list[tuple[str, int, float, float]]: ...

    def dash_answers(self, question_id: str, class_name: str | None = None
                     ) -> list[tuple[object, int]]: ...

    def dash_cards(self, class_name: str | None = None) -> list[tuple[str, str]]: ...

    def dash_overdue(self, now: datetime, class_name: str | None = None) -> int: ...

    def dash_last_reviews(self, class_name: str | None = None
                          ) -> list[tuple[str, datetime | None]]: ...

    def dash_percents(self, class_name: str | None = None) -> list[float]: ...


class ClassPort(Protocol):
    """A class's roster (``store.classes``; Home accepts only its names)."""

    def roster_names(self, class_name: str) -> list[str] | None: ...

    def roster(self, name: str) -> list[Any]: ...

    def class_exists(self, name: str) -> bool: ...


class AssignmentPort(Protocol):
    """Homework (``store.assignments``): assignments of a class and their attempts, every
    decision on the database's clock."""

    def now(self) -> datetime: ...

    def create(self, class_name: str, fields: Mapping[str, Any]) -> Any: ...

    def assignment(self, assignment_id: int) -> Any | None: ...

    def assignments(self, class_name: str | None = None, *,
                    withdrawn: bool = False) -> list[Any]: ...

    def for_student(self, student_id: int) -> tuple[datetime, list[Any]]: ...

    def attempted(self, assignment_id: int) -> bool: ...

    def change(self, assignment_id: int, fields: Mapping[str, Any]) -> Any: ...

    def withdraw(self, assignment_id: int) -> None: ...

    def start(self, assignment_id: int, student_id: int, *, spec: dict[str, Any], seed: int,
              set_keys: Sequence[str], max_score: int) -> tuple[int, bool]: ...

    def progress(self, assignment_id: int) -> list[Any]: ...

    def student_progress(self, assignment_ids: Sequence[int],
                         student_id: int) -> dict[int, Any]: ...

    def items(self, assignment_id: int) -> list[tuple[str, int, int, float, int]]: ...

    def unmarked(self, assignment_ids: Sequence[int] | None = None) -> list[Any]:
        """Answers sent for assignments that nobody has marked yet (``id attempt_id
        assignment_id question_id response``)."""
        ...

    def mark(self, marks: Sequence[Any], totals: Mapping[int, int]) -> None:
        """Store marks (``response_id score max_score correct content_hash``) and each
        attempt's score, with its maximum from ``totals``."""
        ...


class HomeworkKeyPort(Protocol):
    """Students' homework keys (``store.keys``): issued by the teacher's side; with one, a
    student's client on the shared student login does its own homework, every check made
    by the database."""

    def issue(self, class_name: str, *, replace: bool = False) -> list[Any]: ...

    def limited(self) -> bool:
        """Whether this login's homework goes through a key (it may not read assignments)."""
        ...

    def holder(self, key: str) -> Any | None: ...

    def assignments(self, key: str) -> tuple[datetime, Any, list[Any], dict[int, Any]]: ...

    def start(self, key: str, assignment_id: int, *, spec: Mapping[str, Any],
              set_keys: Sequence[str], max_score: int) -> tuple[int, bool]: ...

    def answer(self, key: str, attempt_id: int, question_id: str, response_json: Any,
               elapsed_s: float | None) -> None: ...

    def finish(self, key: str, attempt_id: int) -> None: ...

    def attempt(self, key: str, attempt_id: int) -> Any | None: ...


class RosterPort(Protocol):
    """A class's student names, when classes exist (``None``: no such class)."""

    def names(self, class_name: str) -> list[str] | None: ...


class Watcher(Protocol):
    """Being told that a live session may have changed (then its rows are read again)."""

    def wait(self, timeout: float) -> bool:
        """Block until something may have changed (``True``) or ``timeout`` passed."""
        ...

    def take(self) -> list[str]:
        """The notices received since the last call (the new state, where the database
        sends it along)."""
        ...

    def close(self) -> None: ...


class LivePort(Protocol):
    """What the live class needs from storage (``store.live``;
    :mod:`quizapp.services.live`).

    Rows are read by attribute: sessions have ``id code title spec questions shown
    class_name seconds speed leaderboard state current opened_at version``; members ``name
    attempt_id``; answers ``id name attempt_id question_id response score max_score correct
    elapsed_s marked``.

    The host's side reads and writes everything; a student's side (``public_session`` to
    ``rejoin_state``) is what a client with the least rights may do: it never reads an
    answer key before the reveal and never writes a score (the host marks the answers).
    """

    def create_session(self, *, title: str, spec: dict[str, Any], questions: list[Any],
                       seconds: float | None, speed: bool, leaderboard: bool,
                       class_name: str | None = None, shown: list[Any] | None = None) -> Any: ...

    def session(self, code: str) -> Any | None: ...

    def session_by_id(self, session_id: int) -> Any | None: ...

    def move(self, session_id: int, *, state: str, current: int,
             opened_at: Any = None) -> Any: ...

    def end(self, session_id: int, asked: Sequence[tuple[str, str, int]],
            marker: Callable[[list[Any]], Sequence[Any]] | None = None) -> Any: ...

    def reveal(self, session_id: int, index: int,
               marker: Callable[[list[Any]], Sequence[Any]]) -> Any:
        """Close question ``index`` and mark its answers with ``marker``, at once."""
        ...

    def members(self, session_id: int) -> list[Any]: ...

    def answers(self, session_id: int, question_ids: Iterable[str] | None = None
                ) -> list[Any]: ...

    def rejoins(self, session_id: int) -> list[Any]:
        """Requests to take a seat from another device (``id name student_id``)."""
        ...

    def decide_rejoin(self, request_id: int, allow: bool) -> bool: ...

    def public_session(self, code: str | None = None, session_id: int | None = None
                       ) -> Any | None:
        """The session without its answer key (``shown``: the questions without answers)."""
        ...

    def session_roster(self, session_id: int) -> list[Any]:
        """The students the session's class may join as (``name number student_id``)."""
        ...

    def revealed_question(self, session_id: int, index: int) -> dict[str, Any] | None: ...

    def take_seat(self, session_id: int, name: str, token: str,
                  student_id: int | None = None) -> tuple[str, Any]: ...

    def send_answer(self, session_id: int, token: str, index: int, response_json: Any
                    ) -> str: ...

    def seat_answers(self, session_id: int, token: str) -> dict[str, Any]: ...

    def ask_rejoin(self, session_id: int, name: str, token: str,
                   student_id: int | None = None) -> int | None: ...

    def rejoin_state(self, request_id: int, token: str) -> str | None: ...

    def cancel_rejoin(self, request_id: int, token: str) -> bool: ...

    def roster(self) -> RosterPort:
        """The class rosters in the same database."""
        ...

    def watch_session(self, session_id: int) -> Watcher:
        """Told when the session moves (what a student waits for)."""
        ...

    def watch_host(self, session_id: int) -> Watcher:
        """Told when a student joins or answers (what the host waits for)."""
        ...


class TeacherPasswordPort(Protocol):
    """The teacher password's hash (:mod:`quizapp.services.teacher_auth`)."""

    def teacher_password_hash(self) -> str | None: ...

    def set_teacher_password_hash(self, new: str, *, old: str | None) -> bool: ...


class Repositories(Protocol):
    """An open score database: one repository per area
    (:class:`quizapp.storage.Store`). What the recorder hands to reads and writes."""

    attempts: AttemptPort
    cards: FlashcardPort
    classes: ClassPort
    live: LivePort
    reports: DashboardPort
    teachers: TeacherPasswordPort
    assignments: AssignmentPort
    keys: HomeworkKeyPort

    def close(self) -> None: ...
