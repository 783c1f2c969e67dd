"""Reading one answer from typed lines, step by step, whoever supplies the lines.

:func:`answer_steps` is a generator: it yields an :class:`Ask` (what to say, then read one
line), is sent the line, and returns the response (shaped as in
:mod:`quizapp.core.grading`). A quiz feeds it from the console directly; a live class from
its queue of events, between the teacher's moves. A line that cannot be read is answered
with a sentence and asked again.
"""

from __future__ import annotations

from collections.abc import Generator

from quizapp.core.faces import back_parts
from quizapp.core.model import CardQuestion, FillQuestion, MatchQuestion
from quizapp.core.records import frozen
from quizapp.core.selection import Presented
from quizapp.i18n import t
from quizapp.plain import text as words
from quizapp.plain.text import BadAnswer


@frozen
class Ask:
    """Say ``say``, then read a line; ``enter``: only Enter alone is wanted.
    ``partial``: the answer given so far (blanks filled, pairs chosen), graded if an exam's
    time runs out before the rest, as the TUI grades what is on the screen then."""

    say: tuple[str, ...] = ()
    enter: bool = False
    partial: object = None


Steps = Generator[Ask, str, object]


def answer_steps(shown: Presented) -> Steps:
    q = shown.question
    if isinstance(q, CardQuestion):
        return (yield from _card(q))
    if isinstance(q, FillQuestion):
        return (yield from _fill(q))
    if isinstance(q, MatchQuestion):
        return (yield from _match(shown, q))
    say: tuple[str, ...] = ()
    while True:
        line = yield Ask(say)
        try:
            match q.type:
                case "choice":
                    return words.choice_answer(shown, line)
                case "multi":
                    return words.multi_answer(shown, line)
                case "truefalse":
                    return words.truefalse_answer(line)
                case _:
                    return words.order_answer(shown, line)
        except BadAnswer as exc:
            say = (str(exc),)


def _fill(q: FillQuestion) -> Steps:
    if len(q.blanks) == 1:
        return ((yield Ask()).strip(),)
    given: list[str] = []
    for blank in q.blanks:
        so_far = tuple(given) + ("",) * (len(q.blanks) - len(given))
        given.append((yield Ask((t("plain.ask_blank", blank=words.blank_label(blank)),),
                                partial=so_far if given else None)).strip())
    return tuple(given)


def _match(shown: Presented, q: MatchQuestion) -> Steps:
    rights, lefts = shown.rights, q.lefts
    chosen: dict[str, str] = {}
    problem: tuple[str, ...] = ()
    while len(chosen) < len(lefts):
        i = len(chosen)
        line = yield Ask((*problem, t("plain.ask_pair", n=i + 1, left=" ".join(lefts[i].split()))),
                         partial=dict(chosen) if chosen else None)
        try:
            values = words.numbers(line, len(rights))
        except BadAnswer as exc:
            problem = (str(exc),)
            continue
        if i == 0 and len(values) == len(lefts):  # every pair on one line
            return {left: rights[v - 1] for left, v in zip(lefts, values, strict=True)}
        if len(values) != 1:
            problem = (t("plain.bad.one_number", n=len(rights)),)
            continue
        problem = ()
        chosen[lefts[i]] = rights[values[0] - 1]
    return chosen


def _card(q: CardQuestion) -> Steps:
    yield Ask(enter=True)
    back = [t(f"plain.back.{name}", text=text)
            for name, text in back_parts(q, true_false=(t("fmt.true"), t("fmt.false")))]
    say: tuple[str, ...] = (*back, t("plain.how.card_rate"))
    while True:
        line = (yield Ask(say)).strip()
        if line in ("1", "2"):
            return line == "2"
        say = (t("plain.bad.card_rate"),)
