"""What the services need from the score database, as small protocols.

:class:`quizapp.storage.Store` satisfies all of them; a service is typed against the one it
uses, so it can be tested with anything that answers those few methods, and this module
imports no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol


class StudentRecord(Protocol):
    """A student as the store returns it."""

    name: str
    new_cards_per_day: int | None


class FlashcardRecord(Protocol):
    """A stored flashcard: ``data`` is its ``FlashcardState.to_dict()``."""

    question_id: str
    data: dict


class AttemptPort(Protocol):
    """Recording quiz attempts (the recorder's writes) and reading one back to resume it."""

    def start_attempt(self, student: Any, mode: str, set_keys: Iterable[str], spec: dict,
                      seed: int | None, max_score: int) -> int: ...

    def record_response(self, attempt_id: int, question_id: str, content_hash: str,
                        response_json: Any, score: float, max_score: int, correct: bool,
                        elapsed_s: float | None, *, at: datetime | None = None) -> None: ...

    def finish_attempt(self, attempt_id: int, score: float, max_score: int, *,
                       unanswered: Iterable[tuple[str, str, int]] = ()) -> None: ...

    def attempt(self, attempt_id: int) -> Any: ...

    def unfinished_attempts(self, student: Any) -> list[Any]: ...


class FlashcardPort(Protocol):
    """A student's flashcard states and reviews (:class:`quizapp.services.flashcards.Flashcards`)."""

    def find_student(self, name: str) -> StudentRecord | None: ...

    def flashcards(self, student: Any, question_ids: Sequence[str] | None = None
                   ) -> dict[str, FlashcardRecord]: ...

    def new_cards_since(self, student: Any, since: datetime) -> int: ...

    def save_review(self, student: Any, question_id: str, state: dict, log: dict, *,
                    content_hash: str = "", source: str = "cards",
                    attempt_id: int | None = None) -> None: ...


class ScorePort(Protocol):
    """Reading scores back (:mod:`quizapp.services.scores`)."""

    def scored_responses(self, student: Any) -> list[tuple[int, str, float, int]]: ...

    def attempt(self, attempt_id: int) -> Any: ...
