"""Any question as a plain-text flashcard (front and back).

Used by the ``card`` question's widget and the flashcard screen, so every place shows the
same card for a question.
"""

from __future__ import annotations

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

__all__ = ["back_parts", "front_back"]


def front_back(
    question: AnyQuestion, *, true_false: tuple[str, str]
) -> tuple[str, str]:
    """The card's ``(front, back)`` as plain text.

    Front: the prompt, with the options (choice/multi), the left items (match) or the items
    in a fixed order that is not the answer (order) listed below it; a fill question shows
    its masked cloze (with hints). Back: the answer, then ``explain`` and ``quote``, each
    separated by a blank line. ``true_false`` labels a true/false answer (the front end's
    words for true and false).
    """
    match question:
        case CardQuestion():
            front, answer = question.front, question.back
        case ChoiceQuestion():
            front = _listed(question.prompt, _lettered(question.options))
            answer = question.answer
        case MultiQuestion():
            front = _listed(question.prompt, _lettered(question.options))
            answer = "\n".join(o for o in question.options if o in question.answers)
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


def back_parts(question: AnyQuestion, *, true_false: tuple[str, str]) -> list[tuple[str, str]]:
    """The card's back as labelled parts, for a screen that names them: ``("answer",
    text)``, then ``("explain", text)`` and ``("quote", text)`` when there are any. A part
    that says what an earlier one already says (the quote repeating the answer, say) is
    left out."""
    bare = replace(question, explain="", quote="")
    _, answer = front_back(bare, true_false=true_false)
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


def _lettered(options: tuple[str, ...]) -> list[str]:
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
