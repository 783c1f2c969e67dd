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

:func:`parts` says which part of a response earned its share (each pair, each option,
each position, each blank) and :func:`char_diff` shows a near miss in a blank character
by character, so feedback can say what was wrong, not only how much.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher
from fractions import Fraction
from typing import Any

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
from quizapp.core.normalize import answers_match, normalize
from quizapp.core.records import frozen

__all__ = [
    "Grade",
    "grade",
    "share",
    "correct_response",
    "encode_response",
    "decode_response",
    "is_blank_response",
    "Part",
    "parts",
    "char_diff",
    "blank_count",
    "missing_parts",
]


@frozen
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
            return Fraction(int(response is True))
        case MultiQuestion():
            picks = _str_set(question, response)
            right = len(picks & question.answers)
            wrong = len(picks - question.answers)
            return max(Fraction(0), Fraction(right - wrong, len(question.answers)))
        case MatchQuestion():
            given_map = _mapping(question, response)
            hits = sum(given_map.get(left) == right for left, right in question.pairs)
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


@frozen
class Part:
    """One marked part of a response (see :func:`parts`).

    ``label``: the match row's left item, the option's text (multi), the position (order,
    ``"1"``...) or the blank's number (fill). ``given``/``expected``: what the student put
    there and what earns the mark (``None``: nothing; for multi, ``given`` is the option
    when picked and ``expected`` the option when it is right, and ``ok`` says it was
    picked exactly when it is right). ``ok``: the part is right.
    """

    label: str
    given: str | None
    expected: str | None
    ok: bool


def parts(question: AnyQuestion, response: object) -> tuple[Part, ...]:
    """The response marked part by part: each match row, each option of a multi question
    that was picked or should have been, each order position, each fill blank. ``()`` for
    the types graded as a whole (choice, true/false, card)."""
    blank = is_blank_response(response)
    match question:
        case MultiQuestion():
            picks = frozenset() if blank else _str_set(question, response)
            return tuple(
                Part(o, o if o in picks else None, o if o in question.answers else None,
                     (o in picks) == (o in question.answers))
                for o in question.options
                if o in picks or o in question.answers
            )
        case MatchQuestion():
            given_map = {} if blank else _mapping(question, response)
            return tuple(
                Part(left, given_map.get(left) or None, right, given_map.get(left) == right)
                for left, right in question.pairs
            )
        case OrderQuestion():
            given = () if blank else _str_tuple(question, response)
            return tuple(
                Part(str(n), given[n - 1] if n <= len(given) else None, want,
                     n <= len(given) and given[n - 1] == want)
                for n, want in enumerate(question.items, 1)
            )
        case FillQuestion():
            given = (() if blank
                     else _str_tuple(question, response, one_string_ok=len(question.blanks) == 1))
            out = []
            for n, b in enumerate(question.blanks):
                text = given[n] if n < len(given) else ""
                ok = any(answers_match(text, a) for a in b.accepted)
                out.append(Part(str(b.number), text.strip() or None,
                                _closest(text, b.accepted), ok))
            return tuple(out)
    return ()


def _closest(text: str, accepted: tuple[str, ...]) -> str:
    """The accepted answer nearest to ``text`` (the first on a tie, or with no text)."""
    if not text.strip():
        return accepted[0]
    typed = normalize(text)
    return max(accepted, key=lambda a: SequenceMatcher(None, typed, normalize(a)).ratio())


def char_diff(given: str, expected: str) -> tuple[tuple[str, str], ...]:
    """``given`` against ``expected`` character by character: runs of ``("same", text)``,
    ``("wrong", text)`` (typed but not in the answer) and ``("missing", text)`` (in the
    answer but not typed), in reading order. ``湘潭智造`` for ``湘潭制造`` gives
    ``same 湘潭, wrong 智, missing 制, same 造``."""
    given, expected = given.strip(), expected.strip()
    out: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, given, expected, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("same", given[a1:a2]))
            continue
        if a2 > a1:
            out.append(("wrong", given[a1:a2]))
        if b2 > b1:
            out.append(("missing", expected[b1:b2]))
    return tuple(out)


def blank_count(question: AnyQuestion) -> int:
    """How many separate parts a full answer fills in: blanks (fill) or rows (match); 1
    for the types answered in one go."""
    match question:
        case FillQuestion():
            return len(question.blanks)
        case MatchQuestion():
            return len(question.pairs)
    return 1


def missing_parts(question: AnyQuestion, response: object) -> int:
    """How many blanks (fill) or rows (match) ``response`` leaves empty (all of them for no
    answer; 0 or 1 for the types answered in one go)."""
    if is_blank_response(response):
        return blank_count(question)
    match question:
        case FillQuestion():
            given = _str_tuple(question, response, one_string_ok=len(question.blanks) == 1)
            given = given + ("",) * (len(question.blanks) - len(given))
            return sum(not str(v).strip() for v in given[: len(question.blanks)])
        case MatchQuestion():
            return sum(not _mapping(question, response).get(left) for left in question.lefts)
    return 0


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


def _mapping(question: Question, response: object) -> Mapping[Any, Any]:
    _expect(question, response, Mapping)
    return response  # type: ignore[return-value]  # checked just above


def _str_set(question: Question, response: object) -> frozenset[str]:
    if isinstance(response, str) or not isinstance(response, Iterable):
        raise TypeError(f"a {question.type} answer is a set of option texts, not {response!r}")
    return frozenset(response)


def _str_tuple(question: Question, response: object, *, one_string_ok: bool = False) -> tuple[Any, ...]:
    if isinstance(response, str):
        if one_string_ok:
            return (response,)
        raise TypeError(f"a {question.type} answer is a sequence of strings, not one string")
    if isinstance(response, (set, frozenset, Mapping)) or not isinstance(response, Iterable):
        raise TypeError(f"a {question.type} answer is a sequence of strings, not {response!r}")
    return tuple(response)
