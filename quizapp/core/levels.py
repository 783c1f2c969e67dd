"""Results grouped by a question's level (recall, understand, apply)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from quizapp.core.model import LEVELS

__all__ = ["LevelRow", "by_level"]


@dataclass(frozen=True)
class LevelRow:
    """One level: how many questions were answered, how often, and their facility (the
    mean score as a share of the maximum, over every response; ``None`` without any)."""

    level: str
    questions: int
    responses: int
    facility: float | None


def by_level(items: Iterable[tuple[str, int, float | None]],
             level_of: Mapping[str, str]) -> tuple[list[LevelRow], list[str]]:
    """Item figures ``(question id, responses, facility)`` summed per level, in
    :data:`LEVELS` order, and the ids whose level is unknown (not in ``level_of``)."""
    questions = dict.fromkeys(LEVELS, 0)
    responses = dict.fromkeys(LEVELS, 0)
    scored = dict.fromkeys(LEVELS, 0.0)
    unknown: list[str] = []
    for qid, n, facility in items:
        level = level_of.get(qid)
        if level not in questions:
            unknown.append(qid)
            continue
        questions[level] += 1
        if facility is not None and n:
            responses[level] += n
            scored[level] += facility * n
    rows = [LevelRow(lv, questions[lv], responses[lv],
                     scored[lv] / responses[lv] if responses[lv] else None) for lv in LEVELS]
    return rows, unknown
