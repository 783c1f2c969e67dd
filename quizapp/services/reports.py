"""The class reports as records (one dict per row, the same keys in every format): built
here from what the score database returns, so ``quizapp report`` only chooses, draws and
writes them (tables for the terminal; CSV and xlsx through :mod:`quizapp.export.report`).

A question's type, text and level come from the loaded questions (``bank``: question id ->
question); a question the database names but no file holds has ``None`` there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

Record = dict[str, Any]

#: A question is flagged (too easy, too hard, negative) only with at least this many
#: answers: on the desk and in ``report items`` alike.
MIN_RESPONSES = 10


def item_flags(responses: int, flags: Iterable[str]) -> tuple[str, ...]:
    """The flags a question shows: none below :data:`MIN_RESPONSES` answers (three
    answers, all right, do not make a question too easy)."""
    return tuple(flags) if responses >= MIN_RESPONSES else ()


def iso(when: datetime | None) -> str | None:
    """A stored time as ISO 8601 text (UTC), ``None`` kept."""
    return None if when is None else when.isoformat()


def rounded(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def question_text(question: Any) -> str:
    """A question's text on one line (a fill question's blanks masked); ``""`` for none."""
    if question is None:
        return ""
    text = question.masked_prompt() if question.type == "fill" else question.prompt
    return " ".join(text.split())


def _about(question_id: str, bank: Mapping[str, Any]) -> Record:
    question = bank.get(question_id)
    return {"question": question_id,
            "type": question.type if question is not None else None,
            "text": question_text(question) or None,
            "level": question.level if question is not None else None}


def summary_records(rows: Iterable[Any]) -> list[Record]:
    """The class summary: one record per student and set label."""
    return [{"student": r.student, "sets": r.sets, "finished": r.finished,
             "unfinished": r.unfinished, "best": r.best, "last": r.last, "average": r.average}
            for r in rows]


def attempt_records(attempts: Iterable[Any]) -> list[Record]:
    """A student's attempts, oldest first."""
    return [{"attempt": a.id, "started": iso(a.started_at), "finished": iso(a.finished_at),
             "mode": a.mode, "sets": ",".join(a.set_keys), "answered": a.answered,
             "score": a.score, "max_score": a.max_score, "percent": a.percent}
            for a in attempts]


def missed_records(missed: Iterable[Any], bank: Mapping[str, Any]) -> list[Record]:
    """A student's most-missed questions."""
    return [{**_about(m.question_id, bank), "answered": m.answered, "wrong": m.wrong,
             "last_wrong": iso(m.last_wrong)} for m in missed]


def item_records(rows: Iterable[Any], bank: Mapping[str, Any]) -> list[Record]:
    """Item statistics: one record per question (facility 0..1, discrimination -1..1)."""
    return [{**_about(r.question_id, bank), "responses": r.responses,
             "facility": r.facility, "discrimination": r.discrimination,
             "flags": list(item_flags(r.responses, r.flags))} for r in rows]


def level_records(summary: Iterable[Any]) -> list[Record]:
    """Facility per question level."""
    return [{"level": r.level, "questions": r.questions, "responses": r.responses,
             "facility": rounded(r.facility)} for r in summary]
