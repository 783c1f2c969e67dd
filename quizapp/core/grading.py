"""Grading: how many of a question's points a response earns.

Responses have one shape per question type (``None`` or an empty value means "no answer"
and scores 0):

=============  ==============================================================
``choice``     ``str | None``: the chosen option's text
``multi``      ``frozenset[str]``: the chosen options' texts
``truefalse``  ``bool | None``
``fill``       ``tuple[str, ...]``: one string per blank, in blank-number order
``match``      ``dict[str, str]``: left item -> chosen right item
``order``      ``tuple[str, ...]``: the items in the student's order
``card``       ``bool``: ``True`` = "I knew it" (self-graded)
=============  ==============================================================

Rules (the score is always ``share x points`` with ``0 <= share <= 1``):

- ``choice``, ``truefalse``, ``card``: all or nothing.
- ``multi``: ``max(0, (right picks - wrong picks) / number of right answers)``; only the
  exact set earns full marks.
- ``match``: the share of left items paired with their right item.
- ``order``: the share of items at their correct position.
- ``fill``: the share of blanks right; a blank is right when the typed text matches its
  answer or one of its ``accept`` alternatives after :func:`~quizapp.core.normalize.normalize`.
  The cloze hint is never part of the answer.

A response counts as correct (for statistics) only with full marks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from quizapp.core.model import (
    AnyQuestion,
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
)
from quizapp.core.normalize import answers_match

__all__ = [
    "Grade",
    "grade",
    "share",
    "correct_response",
    "encode_response",
    "decode_response",
    "is_blank_response",
]


@dataclass(frozen=True)
class Grade:
    """A graded response: ``score`` out of ``max_score`` (the question's points).

    ``correct`` is True only with full marks.
    """

    score: float
    max_score: int
    correct: bool

    @classmethod
    def of(cls, question: Question, fraction: Fraction) -> Grade:
        fraction = min(max(fraction, Fraction(0)), Fraction(1))
        return cls(float(fraction * question.points), question.points, fraction == 1)


def grade(question: AnyQuestion, response: object) -> Grade:
    """Grade ``response`` (shaped as in the module docstring) to ``question``.

    Raises ``TypeError`` when the response has the wrong shape for the question's type.
    """
    return Grade.of(question, share(question, response))


def share(question: AnyQuestion, response: object) -> Fraction:
    """The exact share (0 to 1) of the question's points that ``response`` earns."""
    if is_blank_response(response):
        return Fraction(0)
    match question:
        case ChoiceQuestion():
            _expect(question, response, str)
            return Fraction(int(response == question.answer))
        case TrueFalseQuestion():
            _expect(question, response, bool)
            return Fraction(int(response is question.answer))
        case CardQuestion():
            _expect(question, response, bool)
            return Fraction(int(response))
        case MultiQuestion():
            picks = _str_set(question, response)
            right = len(picks & question.answers)
            wrong = len(picks - question.answers)
            return max(Fraction(0), Fraction(right - wrong, len(question.answers)))
        case MatchQuestion():
            _expect(question, response, Mapping)
            hits = sum(response.get(left) == right for left, right in question.pairs)
            return Fraction(hits, len(question.pairs))
        case OrderQuestion():
            given = _str_tuple(question, response)
            hits = sum(g == want for g, want in zip(given, question.items, strict=False))
            return Fraction(hits, len(question.items))
        case FillQuestion():
            given = _str_tuple(question, response, one_string_ok=len(question.blanks) == 1)
            hits = sum(
                any(answers_match(text, ok) for ok in blank.accepted)
                for text, blank in zip(given, question.blanks, strict=False)
            )
            return Fraction(hits, len(question.blanks))
    raise TypeError(f"cannot grade a question of type {question.type!r}")


def correct_response(question: AnyQuestion) -> object:
    """The response that earns full marks, shaped like a student's response."""
    match question:
        case ChoiceQuestion():
            return question.answer
        case MultiQuestion():
            return question.answers
        case TrueFalseQuestion():
            return question.answer
        case FillQuestion():
            return tuple(b.answer for b in question.blanks)
        case MatchQuestion():
            return dict(question.pairs)
        case OrderQuestion():
            return question.items
        case CardQuestion():
            return True
    raise TypeError(f"no correct response for a question of type {question.type!r}")


def is_blank_response(response: object) -> bool:
    """True for "no answer": ``None``, an empty string or collection, or only empty strings."""
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, Mapping):
        return not any(v for v in response.values())
    if isinstance(response, (tuple, list, set, frozenset)):
        return all(isinstance(v, str) and not v.strip() for v in response)
    return False


def encode_response(question: AnyQuestion, response: object) -> object:
    """``response`` as JSON-able data (for storage); :func:`decode_response` reverses it.

    Sets become lists in the question's option order; tuples become lists; a bool (true/false,
    a ``card`` question's self-grade) stays a bool.
    """
    if response is None or isinstance(response, (bool, str)):
        return response
    if isinstance(response, Mapping):
        return {str(k): v for k, v in response.items()}
    if isinstance(response, (set, frozenset)):
        options = getattr(question, "options", ())
        ordered = [o for o in options if o in response]
        return ordered + sorted(str(r) for r in response if r not in options)
    if isinstance(response, (tuple, list)):
        return [str(v) for v in response]
    raise TypeError(f"cannot store a response of type {type(response).__name__}")


def decode_response(question: AnyQuestion, data: object) -> object:
    """The response stored by :func:`encode_response`, in its in-memory shape."""
    if data is None or isinstance(data, bool):
        return data
    if isinstance(question, MultiQuestion) and isinstance(data, list):
        return frozenset(data)
    if isinstance(data, list):
        return tuple(data)
    if isinstance(data, dict):
        return dict(data)
    return data


def _expect(question: Question, response: object, kind: type) -> None:
    if not isinstance(response, kind):
        raise TypeError(
            f"a {question.type} answer must be {kind.__name__}, not {type(response).__name__}"
        )


def _str_set(question: Question, response: object) -> frozenset[str]:
    if isinstance(response, str) or not isinstance(response, Iterable):
        raise TypeError(f"a {question.type} answer is a set of option texts, not {response!r}")
    return frozenset(response)


def _str_tuple(question: Question, response: object, *, one_string_ok: bool = False) -> tuple:
    if isinstance(response, str):
        if one_string_ok:
            return (response,)
        raise TypeError(f"a {question.type} answer is a sequence of strings, not one string")
    if isinstance(response, (set, frozenset, Mapping)) or not isinstance(response, Iterable):
        raise TypeError(f"a {question.type} answer is a sequence of strings, not {response!r}")
    return tuple(response)
