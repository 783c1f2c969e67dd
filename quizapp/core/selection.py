"""Choosing a quiz's questions from a bank and shuffling what each one shows.

Used by :func:`quizapp.core.session.build_session`; everything here is a pure function of
the bank, the filters and a seeded :class:`random.Random`, so the same seed always gives
the same quiz.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

from quizapp.core.messages import Msg, msg
from quizapp.core.model import (
    AnyQuestion,
    Bank,
    ChoiceQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
)
from quizapp.core.records import frozen

__all__ = [
    "EmptyQuizError",
    "Presented",
    "select_questions",
    "present",
    "shuffled_order_items",
    "shuffled_options",
    "stable_shuffle",
    "stable_option_order",
]


class EmptyQuizError(ValueError):
    """No question matches the quiz's filters. ``message`` (a
    :class:`~quizapp.core.messages.Msg`) says which filter failed; the front end words it."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message


@frozen
class Presented:
    """What a UI shows for one question of a quiz.

    ``options`` (choice/multi) are in display order: shuffled unless the question says
    ``shuffle: false``. ``rights`` (match) are the right-hand items, shuffled. ``items``
    (order) are shuffled and never already in the correct order. Fields that do not
    apply to the question's type are ``()``.
    """

    question: AnyQuestion
    index: int
    total: int
    options: tuple[str, ...] = ()
    rights: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


def select_questions(
    bank: Bank,
    *,
    sets: Sequence[str] = (),
    tags: Sequence[str] = (),
    types: Sequence[str] = (),
    ids: Sequence[str] = (),
    levels: Sequence[str] = (),
) -> tuple[list[AnyQuestion], tuple[str, ...]]:
    """The bank's questions that pass every filter, and the requested ids not in the bank.

    ``sets`` (key, title or file name), ``tags``, ``types`` and ``levels`` (recall,
    understand, apply) are any-of filters; an empty
    filter lets everything through. With ``ids`` the questions come in that order (duplicates
    dropped), else in bank order. Raises :class:`EmptyQuizError` for an unknown set name or
    when nothing is left.
    """
    set_keys: set[str] | None = None
    if sets:
        set_keys = set()
        for name in sets:
            found = bank.find_set(name)
            if found is None:
                known = ", ".join(s.key for s in bank.sets) or "none"
                raise EmptyQuizError(msg("quiz_empty.no_set", name=repr(name), known=known))
            set_keys.add(found.key)

    missing: list[str] = []
    if ids:
        pool: list[AnyQuestion] = []
        seen: set[str] = set()
        for qid in ids:
            if qid in seen:
                continue
            seen.add(qid)
            q = bank.get(qid)
            if q is None:
                missing.append(qid)
            else:
                pool.append(q)
    else:
        pool = list(bank.questions)

    tag_set, type_set, level_set = set(tags), set(types), set(levels)
    chosen = [
        q
        for q in pool
        if (set_keys is None or q.set_key in set_keys)
        and (not tag_set or tag_set.intersection(q.tags))
        and (not type_set or q.type in type_set)
        and (not level_set or q.level in level_set)
    ]
    if not chosen:
        raise EmptyQuizError(_empty_message(bank, sets, tags, types, ids, missing, levels))
    return chosen, tuple(missing)


def _empty_message(bank: Bank, sets: Sequence[str], tags: Sequence[str], types: Sequence[str],
                   ids: Sequence[str], missing: Sequence[str] | set[str],
                   levels: Sequence[str] = ()) -> Msg:
    if not len(bank):
        return msg("quiz_empty.nothing_loaded")
    if ids and len(missing) == len(set(ids)):
        return msg("quiz_empty.no_ids")
    parts = [msg(f"quiz_empty.{kind}", names=" / ".join(names))
             for kind, names in (("sets", sets), ("tags", tags), ("types", types),
                                 ("levels", levels)) if names]
    if ids:
        parts.append(msg("quiz_empty.ids", n=len(set(ids))))
    filters = parts[-1]
    for part in reversed(parts[:-1]):
        filters = msg("quiz_empty.and", first=part, rest=filters)
    return msg("quiz_empty.no_match", filters=filters)


def present(question: AnyQuestion, index: int, total: int, rng: random.Random) -> Presented:
    """The display for ``question`` with its options, right-hand items or items shuffled."""
    match question:
        case ChoiceQuestion() | MultiQuestion():
            return Presented(question, index, total, options=shuffled_options(question, rng))
        case MatchQuestion():
            rights = question.rights
            return Presented(question, index, total, rights=tuple(rng.sample(rights, len(rights))))
        case OrderQuestion():
            return Presented(question, index, total, items=shuffled_order_items(question, rng))
    return Presented(question, index, total)


def shuffled_order_items(question: OrderQuestion, rng: random.Random) -> tuple[str, ...]:
    """``question.items`` shuffled, never in the correct order (when another order exists)."""
    items = question.items
    if len(set(items)) < 2:
        return items
    shuffled = tuple(rng.sample(items, len(items)))
    if shuffled == items:
        # Rotating by one moves at least one item, since two of them differ.
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


def shuffled_options(question: ChoiceQuestion | MultiQuestion,
                     rng: random.Random) -> tuple[str, ...]:
    """A choice/multi question's options in a random order (as written with ``shuffle: false``).

    Every screen that lists options (the quiz, the flashcards) shows them in this order, so
    nothing a student sees depends on the order the author wrote them in."""
    options = question.options
    if not question.shuffle:
        return options
    return tuple(rng.sample(options, len(options)))


def stable_shuffle(key: str, values: Sequence[str]) -> list[str]:
    """A permutation of ``values`` that depends only on ``key`` (and the values' count).

    Fisher-Yates drawing from the digits of a 256-bit hash of ``key`` in mixed radix: exact
    for the few items a question has, and the same on every run and machine."""
    out = list(values)
    seed = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest(), "big")
    for i in range(len(out) - 1, 0, -1):
        seed, j = divmod(seed, i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def stable_option_order(question: ChoiceQuestion | MultiQuestion) -> tuple[str, ...]:
    """The options in an order derived from the question id alone (written order with
    ``shuffle: false``): stable, so an exported deck is the same on every export, and over
    many questions the right option lands on each letter about equally often."""
    if not question.shuffle:
        return question.options
    return tuple(stable_shuffle(f"options:{question.id}", question.options))
