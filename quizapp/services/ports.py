"""What the services need from the score database, as small protocols.

:class:`quizapp.storage.Store` satisfies all of them; a service is typed against the one it
uses, so it can be tested with anything that answers those few methods, and this module
imports no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol


class StudentRecord(Protocol):
    """A student as the store returns it."""

    name: str
    new_cards_per_day: int | None


class FlashcardRecord(Protocol):
    """A stored flashcard: ``data`` is its ``FlashcardState.to_dict()``."""

    question_id: str
    data: dict[str, Any]


class AttemptPort(Protocol):
    """Recording quiz attempts (the recorder's writes) and reading one back to resume it."""

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


class FlashcardPort(Protocol):
    """A student's flashcard states and reviews (:class:`quizapp.services.flashcards.Flashcards`)."""

    def find_student(self, name: str) -> StudentRecord | None: ...

    def flashcards(self, student: Any, question_ids: Sequence[str] | None = None
                   ) -> dict[str, FlashcardRecord]: ...

    def new_cards_since(self, student: Any, since: datetime) -> int: ...

    def set_new_cards_per_day(self, student: Any, limit: int | None) -> None: ...

    def save_review(self, student: Any, question_id: str, state: Mapping[str, Any],
                    log: Mapping[str, Any], *,
                    content_hash: str = "", source: str = "cards",
                    attempt_id: int | None = None) -> None: ...


class DashboardPort(Protocol):
    """The teacher's dashboard's reads (:mod:`quizapp.services.teacher`); ``class_name``
    ``None`` means every student."""

    def dash_students(self, class_name: str | None = None) -> list[str]: ...

    def dash_set_results(self, class_name: str | None = None) -> list[Any]: ...

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


class ScorePort(Protocol):
    """Reading scores back (:mod:`quizapp.services.scores`)."""

    def scored_responses(self, student: Any) -> list[tuple[int, str, float, int]]: ...

    def attempt(self, attempt_id: int) -> Any: ...

    def history(self, student: Any) -> list[Any]: ...

    def recent_wrong_ids(self, student: Any, limit: int = 50) -> list[str]: ...


class ClassPort(Protocol):
    """A class's roster (Home accepts only its names)."""

    def roster_names(self, class_name: str) -> list[str] | None: ...

    def class_exists(self, name: str) -> bool: ...
