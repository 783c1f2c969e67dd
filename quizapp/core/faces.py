"""Any question as a plain-text flashcard (front and back).

Used by the ``card`` question's widget and the flashcard screen, so every place shows the
same card for a question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from quizapp.core.model import (
    AnyQuestion,
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    TrueFalseQuestion,
)
from quizapp.core.selection import stable_option_order

__all__ = ["back_parts", "front_back"]


def front_back(
    question: AnyQuestion, *, true_false: tuple[str, str],
    options: Sequence[str] | None = None,
) -> tuple[str, str]:
    """The card's ``(front, back)`` as plain text.

    Front: the prompt, with the options (choice/multi), the left items (match) or the items
    in a fixed order that is not the answer (order) listed below it; a fill question shows
    its masked cloze (with hints). Back: the answer, then ``explain`` and ``quote``, each
    separated by a blank line. ``true_false`` labels a true/false answer (the front end's
    words for true and false).

    ``options``: the choice/multi options in the order to show them (a quiz's shuffled
    order); by default :func:`~quizapp.core.selection.stable_option_order`, never the
    order the author wrote them in (unless the question says ``shuffle: false``). The back
    names the right options with the letters of the front.
    """
    match question:
        case CardQuestion():
            front, answer = question.front, question.back
        case ChoiceQuestion():
            shown = _shown(question, options)
            front = _listed(question.prompt, _lettered(shown))
            answer = _lettered(shown)[shown.index(question.answer)]
        case MultiQuestion():
            shown = _shown(question, options)
            lettered = _lettered(shown)
            front = _listed(question.prompt, lettered)
            answer = "\n".join(lettered[n] for n, o in enumerate(shown) if o in question.answers)
        case TrueFalseQuestion():
            front = _listed(question.prompt, [" / ".join(true_false)])
            answer = true_false[0] if question.answer else true_false[1]
        case FillQuestion():
            front, answer = question.masked_prompt(), question.filled_prompt()
        case MatchQuestion():
            front = _listed(question.prompt, [f"- {left}" for left in question.lefts])
            answer = "\n".join(f"{left} → {right}" for left, right in question.pairs)
        case OrderQuestion():
            front = _listed(question.prompt, [f"- {item}" for item in _scrambled(question.items)])
            answer = "\n".join(f"{n}. {item}" for n, item in enumerate(question.items, 1))
        case _:
            raise TypeError(f"no card for a question of type {question.type!r}")
    back = "\n\n".join(part for part in (answer, question.explain, question.quote) if part)
    return front, back


def back_parts(question: AnyQuestion, *, true_false: tuple[str, str],
               options: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """The card's back as labelled parts, for a screen that names them: ``("answer",
    text)``, then ``("explain", text)`` and ``("quote", text)`` when there are any. A part
    that says what an earlier one already says (the quote repeating the answer, say) is
    left out. ``options``: as for :func:`front_back`."""
    bare = replace(question, explain="", quote="")
    _, answer = front_back(bare, true_false=true_false, options=options)
    parts: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, text in (("answer", answer), ("explain", question.explain),
                       ("quote", question.quote)):
        text = text.strip()
        key = "".join(text.split())
        if text and key not in seen:
            parts.append((name, text))
            seen.add(key)
    return parts


def _shown(question: ChoiceQuestion | MultiQuestion,
           options: Sequence[str] | None) -> tuple[str, ...]:
    if options is None or sorted(options) != sorted(question.options):
        return stable_option_order(question)
    return tuple(options)


def _lettered(options: Sequence[str]) -> list[str]:
    return [f"{chr(ord('A') + i)}. {option}" for i, option in enumerate(options)]


def _listed(prompt: str, lines: list[str]) -> str:
    return prompt + "\n\n" + "\n".join(lines) if lines else prompt


def _scrambled(items: tuple[str, ...]) -> tuple[str, ...]:
    """A stable order of ``items`` that is not the correct one (when another exists)."""
    scrambled = tuple(sorted(items))
    if scrambled == items:
        scrambled = items[::-1]
    if scrambled == items:  # a palindrome of sorted items means they are all equal
        return items
    return scrambled
