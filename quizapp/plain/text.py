"""Questions, answers and scores as sentences, for the plain interface.

Pure functions over the content model, the engine's response shapes
(:mod:`quizapp.core.grading`) and the catalogue: what a screen reader says is what a
sighted student reads. Options, match items and order items are numbered from 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from quizapp.core.grading import correct_response, is_blank_response, parts
from quizapp.core.model import (
    AnyQuestion,
    Blank,
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    TrueFalseQuestion,
)
from quizapp.core.selection import Presented
from quizapp.i18n import STRINGS, language, t


def score_text(value: float) -> str:
    """``1.0`` -> ``1``, ``0.5`` -> ``0.5``, ``2/3`` -> ``0.67``."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def duration_text(seconds: float) -> str:
    total = max(0, int(round(seconds)))
    return t("fmt.minutes_seconds", m=total // 60, s=total % 60)


def left_text(seconds: float) -> str:
    """Time left in words: whole minutes from a minute on, else seconds."""
    seconds = max(0, int(seconds + 0.999))
    if seconds >= 60:
        minutes, rest = divmod(seconds, 60)
        if rest == 0:
            return t("plain.minutes", n=minutes)
        return t("plain.minutes_seconds", m=minutes, s=rest)
    return t("plain.seconds", n=seconds)


def blank_label(blank: Blank) -> str:
    if blank.hint:
        return t("plain.blank_hint", n=blank.number, hint=blank.hint)
    return t("plain.blank_mark", n=blank.number)


def fill_prompt(question: FillQuestion) -> str:
    """The prompt with each blank named (``（第 1 空）``) instead of underscores."""
    return "".join(blank_label(p) if isinstance(p, Blank) else p for p in question.segments())


def kind_sentence(shown: Presented) -> str:
    """The question's type in words: ``单选题，共 4 个选项。``"""
    q = shown.question
    match q:
        case ChoiceQuestion():
            return t("plain.kind.choice", n=len(shown.options))
        case MultiQuestion():
            return t("plain.kind.multi", n=len(shown.options))
        case TrueFalseQuestion():
            return t("plain.kind.truefalse")
        case FillQuestion():
            key = "plain.kind.fill_one" if len(q.blanks) == 1 else "plain.kind.fill"
            return t(key, n=len(q.blanks))
        case MatchQuestion():
            return t("plain.kind.match", n=len(q.pairs))
        case OrderQuestion():
            return t("plain.kind.order", n=len(shown.items))
    return t("plain.kind.card")


def how_sentence(shown: Presented) -> str:
    """How to answer this question, typed on one line (fill and match: guided)."""
    q = shown.question
    match q:
        case ChoiceQuestion():
            return t("plain.how.choice", n=len(shown.options))
        case MultiQuestion():
            return t("plain.how.multi")
        case TrueFalseQuestion():
            return t("plain.how.truefalse")
        case FillQuestion():
            return t("plain.how.fill_one") if len(q.blanks) == 1 else t("plain.how.fill")
        case MatchQuestion():
            return t("plain.how.match", n=len(shown.rights))
        case OrderQuestion():
            return t("plain.how.order", n=len(shown.items))
    return t("plain.how.card")


def question_lines(shown: Presented) -> list[str]:
    """The whole question: number and total, type, prompt, numbered options or items,
    and how to answer."""
    return [t("plain.number", n=shown.index + 1, total=shown.total) + kind_sentence(shown),
            *body_lines(shown), how_sentence(shown)]


def body_lines(shown: Presented) -> list[str]:
    """The prompt (blanks named) and the numbered options, left and right items or items."""
    q = shown.question
    lines: list[str] = []
    if isinstance(q, FillQuestion):
        lines.append(fill_prompt(q))
    elif isinstance(q, CardQuestion):
        lines.append(q.front or q.prompt)
    else:
        lines.append(q.prompt)
    if isinstance(q, (ChoiceQuestion, MultiQuestion)):
        lines += numbered(shown.options)
    elif isinstance(q, MatchQuestion):
        lines.append(t("plain.match_lefts"))
        lines += numbered(q.lefts)
        lines.append(t("plain.match_rights"))
        lines += numbered(shown.rights)
    elif isinstance(q, OrderQuestion):
        lines += numbered(shown.items)
    return lines


def interval_text(delta: object) -> str:
    """An interval said in words (``10 minutes``, ``8 days``), not as button labels."""
    from quizapp.core.scheduling import format_interval

    def word(key: str, /, **kw: object) -> str:
        one = f"plain.{key}.one"
        if str(kw.get("n")) == "1" and one in STRINGS[language()]:
            return t(one, **kw)
        return t(f"plain.{key}", **kw)

    return format_interval(delta, word)  # type: ignore[arg-type]


def numbered(items: Sequence[str]) -> list[str]:
    return [t("plain.item", n=n, text=" ".join(str(text).split()))
            for n, text in enumerate(items, 1)]


# -- reading an answer ---------------------------------------------------------------------

_NUMBER = re.compile(r"\d+")
_TRUE = {"1", "t", "y", "true", "yes", "对", "是", "正确", "√", "✓"}
_FALSE = {"2", "f", "n", "false", "no", "错", "否", "错误", "×", "✗"}


class BadAnswer(ValueError):
    """A typed answer that cannot be read; ``str()`` says why, in the interface language."""


def numbers(text: str, count: int) -> list[int]:
    """The numbers in ``text`` (``1 3``, ``1,3``, ``1，3``, ``13`` for two options below 10),
    each checked to be 1 to ``count``."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    found = _NUMBER.findall(text)
    if len(found) == 1 and count < 10 and len(found[0]) > 1 and text.strip() == found[0]:
        found = list(found[0])  # "13": options 1 and 3
    if not found:
        raise BadAnswer(t("plain.bad.no_number", n=count))
    values = [int(v) for v in found]
    for value in values:
        if not 1 <= value <= count:
            raise BadAnswer(t("plain.bad.range", given=value, n=count))
    return values


def choice_answer(shown: Presented, text: str) -> str:
    values = numbers(text, len(shown.options))
    if len(values) != 1:
        raise BadAnswer(t("plain.bad.one_number", n=len(shown.options)))
    return shown.options[values[0] - 1]


def multi_answer(shown: Presented, text: str) -> frozenset[str]:
    return frozenset(shown.options[v - 1] for v in numbers(text, len(shown.options)))


def truefalse_answer(text: str) -> bool:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise BadAnswer(t("plain.bad.truefalse"))


def order_answer(shown: Presented, text: str) -> tuple[str, ...]:
    n = len(shown.items)
    values = numbers(text, n)
    if sorted(values) != list(range(1, n + 1)):
        raise BadAnswer(t("plain.bad.order", n=n))
    return tuple(shown.items[v - 1] for v in values)


# -- saying an answer ----------------------------------------------------------------------

def answer_text(question: AnyQuestion, response: object, shown: Presented | None = None) -> str:
    """``response`` in words (options with their numbers as shown)."""
    if isinstance(question, CardQuestion):
        if response is None:
            return t("plain.no_answer")
        return t("fmt.knew") if response else t("fmt.forgot")
    if is_blank_response(response):
        return t("plain.no_answer")
    sep = t("fmt.sep")
    options = shown.options if shown is not None else ()
    match question:
        case ChoiceQuestion():
            return _option(str(response), options)
        case MultiQuestion():
            picked = [o for o in (options or question.options) if o in response]  # type: ignore[operator]
            return sep.join(_option(o, options) for o in picked)
        case TrueFalseQuestion():
            return t("fmt.true") if response else t("fmt.false")
        case FillQuestion():
            return sep.join(t("plain.blank_given", n=b.number, given=str(v).strip() or "—")
                            for b, v in zip(question.blanks, response, strict=False))  # type: ignore[call-overload]
        case MatchQuestion():
            assert isinstance(response, Mapping)
            return sep.join(t("plain.pair", left=left, right=response.get(left) or "—")
                            for left in question.lefts)
        case OrderQuestion():
            return sep.join(str(v) for v in response)  # type: ignore[attr-defined]
    return str(response)


def _option(option: str, options: Sequence[str]) -> str:
    if option in options:
        return t("plain.option_ref", n=options.index(option) + 1, text=option)
    return option


def correct_text(question: AnyQuestion, shown: Presented | None = None) -> str:
    if isinstance(question, CardQuestion):
        return question.back
    return answer_text(question, correct_response(question), shown)


def part_lines(question: AnyQuestion, response: object) -> list[str]:
    """Which parts of a multi, match, order or fill answer were right, one sentence each."""
    if not isinstance(question, (MultiQuestion, MatchQuestion, OrderQuestion, FillQuestion)):
        return []
    try:
        marked = parts(question, response)
    except TypeError:
        return []
    if len(marked) < 2 and not isinstance(question, MultiQuestion):
        return []  # one blank: the answer and the right one say it all
    lines = []
    for part in marked:
        given = part.given if part.given is not None else t("plain.nothing")
        match question:
            case MultiQuestion():
                key = ("plain.part.missed" if part.given is None else
                       "plain.part.picked" if part.ok else "plain.part.picked_wrong")
                lines.append(t(key, option=part.label))
                continue
            case MatchQuestion():
                text = t("plain.part.pair", left=part.label, given=given)
            case OrderQuestion():
                text = t("plain.part.position", n=part.label, given=given)
            case _:
                text = t("plain.part.blank", n=part.label, given=given)
        if part.ok:
            lines.append(t("plain.part.right", text=text))
        else:
            lines.append(t("plain.part.wrong", text=text, expected=part.expected or ""))
    return lines
