"""The teacher's dashboard, assembled: a class's results per set, mastery per section of the
article, item statistics with distractor analysis, and memory from the flashcard states.

The figures come from the store through :class:`~quizapp.services.ports.DashboardPort`; the
question bank says which section (the set's first tag, else its title) each question is in,
and what each question's options are. Nothing here draws anything.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from quizapp.core.grading import decode_response, is_blank_response
from quizapp.core.model import (
    AnyQuestion,
    Bank,
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    TrueFalseQuestion,
)
from quizapp.core.normalize import answers_match
from quizapp.services.ports import DashboardPort
from quizapp.services.reports import MIN_RESPONSES, item_flags

#: A student who has not reviewed flashcards for this long is listed.
IDLE = timedelta(days=7)
#: "Recall in a week": the predicted recall this long from now.
AHEAD = timedelta(days=7)
#: How many wrong answers (fill), pairings (match) are listed per question.
TOP_WRONG = 3


@dataclass(frozen=True, slots=True)
class Cell:
    """One student's results on one set label: best and last percentage (0-100)."""

    best: float | None
    last: float | None
    finished: int
    unfinished: int


@dataclass(frozen=True, slots=True)
class Overview:
    students: list[str]
    #: set keys, in the order of the bank's sets (a quiz on several sets counts toward each)
    sets: list[str]
    cells: dict[tuple[str, str], Cell]
    #: students with no answer at all
    not_started: list[str]


@dataclass(frozen=True, slots=True)
class SectionRow:
    section: str
    responses: int
    #: Σscore / Σmax over the section's answers in finished attempts (0..1)
    mastery: float | None


@dataclass(frozen=True, slots=True)
class QuestionRow:
    question_id: str
    type: str | None
    text: str
    section: str
    responses: int
    facility: float | None
    discrimination: float | None
    #: flags, only with enough responses (see :data:`MIN_RESPONSES`)
    flags: tuple[str, ...]

    @property
    def enough(self) -> bool:
        return self.responses >= MIN_RESPONSES


@dataclass(frozen=True, slots=True)
class MemoryRow:
    section: str
    cards: int
    #: mean predicted recall (0..1) of the section's cards now and in a week
    now: float
    week: float


@dataclass(frozen=True, slots=True)
class Memory:
    sections: list[MemoryRow]
    cards: int
    #: review cards past their due time: a student let them lapse
    overdue: int
    #: cards in their first (re)learning steps, due again within the day: as planned
    learning: int
    #: students who have not reviewed for a week (``None``: never)
    idle: list[tuple[str, datetime | None]]


@dataclass(frozen=True, slots=True)
class Dashboard:
    class_name: str | None
    overview: Overview
    sections: list[SectionRow]
    questions: list[QuestionRow]
    memory: Memory
    #: every finished attempt's percentage
    percents: list[float] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Choice:
    """One line of a distractor analysis: what was chosen, how often, and whether it is right.

    ``kind`` says how to read ``label``: ``option`` (an option's text), ``none`` (no
    answer), ``blank`` (blank ``part`` + 1: a wrong text), ``pair`` (``left → right``),
    ``position`` (``label`` put at place ``part`` + 1), ``unreadable`` (stored answers
    that are not an answer to this question: damaged, or from an earlier version)."""

    kind: str
    label: str
    count: int
    share: float
    correct: bool = False
    part: int = 0


def sections_of(bank: Bank) -> dict[str, str]:
    """Each question's section: its set's first tag, else the set's title."""
    return {q.id: (s.tags[0] if s.tags else s.title) for s in bank.sets for q in s.questions}


def section_order(bank: Bank) -> list[str]:
    """The sections in the order of the bank's sets (the article's order)."""
    seen: dict[str, None] = {}
    for s in bank.sets:
        seen.setdefault(s.tags[0] if s.tags else s.title, None)
    return list(seen)


def prompt_line(question: AnyQuestion | None) -> str:
    """A question's text on one line (a fill question's blanks masked)."""
    if question is None:
        return ""
    text = question.masked_prompt() if isinstance(question, FillQuestion) else question.prompt
    if isinstance(question, CardQuestion):
        text = question.front or text
    return " ".join(text.split())


def load_dashboard(store: DashboardPort, bank: Bank, class_name: str | None = None,
                   now: datetime | None = None) -> Dashboard:
    """Every figure of the dashboard (``class_name``: only that class's students)."""
    from quizapp.core import utc

    now = now or utc.now()
    section_of = sections_of(bank)
    order = section_order(bank)
    return Dashboard(
        class_name,
        _overview(store, bank, class_name),
        _sections(store, section_of, order, class_name),
        _questions(store, bank, section_of, class_name),
        memory(store, section_of, order, class_name, now),
        store.dash_percents(class_name),
    )


def _overview(store: DashboardPort, bank: Bank, class_name: str | None) -> Overview:
    rows = store.dash_set_results(class_name)
    students = store.dash_students(class_name)
    started = store.dash_started(class_name)
    single = [r for r in rows if r.sets and "," not in r.sets]
    cells = {(r.student, r.sets): Cell(r.best, r.last, r.finished, r.unfinished) for r in single}
    set_of = {q.id: s.key for s in bank.sets for q in s.questions}
    for (student, key), cell in _spread(store.dash_set_parts(set_of, class_name)).items():
        cells[(student, key)] = _combined(cells.get((student, key)), cell)
    rank = {s.key: i for i, s in enumerate(bank.sets)}

    def set_rank(label: str) -> tuple[Any, ...]:
        keys = label.split(",") if label else []
        return (len(keys) != 1, min((rank.get(k, len(rank)) for k in keys), default=-1), label)

    labels = sorted({key for _, key in cells}, key=set_rank)
    if class_name is None:  # everyone with results, and everyone known
        students = sorted(set(students) | {student for student, _ in cells})
    return Overview(students, labels, cells, [s for s in students if s not in started])


def _spread(parts: Sequence[tuple[str, int, bool, str, float, float]]
            ) -> dict[tuple[str, str], Cell]:
    """A quiz on several sets (every set, from Home) counted toward each set it asked:
    its percentage on that set's questions (``parts``: oldest attempt first)."""
    found: dict[tuple[str, str], tuple[list[float], set[int]]] = {}
    for student, attempt, done, key, score, most in parts:
        pcts, unfinished = found.setdefault((student, key), ([], set()))
        if not done:
            unfinished.add(attempt)
        elif most > 0:
            pcts.append(100 * score / most)
    return {k: Cell(max(p, default=None), p[-1] if p else None, len(p), len(u))
            for k, (p, u) in found.items()}


def _combined(alone: Cell | None, spread: Cell) -> Cell:
    """A set's own quizzes and its part of quizzes on several sets, together; the last is
    the set's own last quiz when it has one."""
    if alone is None:
        return spread
    bests = [b for b in (alone.best, spread.best) if b is not None]
    return Cell(max(bests, default=None), alone.last if alone.last is not None else spread.last,
                alone.finished + spread.finished, alone.unfinished + spread.unfinished)


def _sections(store: DashboardPort, section_of: Mapping[str, str], order: Sequence[str],
              class_name: str | None) -> list[SectionRow]:
    got = {s: (n, sx, sm) for s, n, sx, sm in store.dash_sections(section_of, class_name)}
    rows = []
    for section in order:
        n, sx, sm = got.get(section, (0, 0.0, 0.0))
        rows.append(SectionRow(section, n, sx / sm if sm else None))
    return rows


def _questions(store: DashboardPort, bank: Bank, section_of: Mapping[str, str],
               class_name: str | None) -> list[QuestionRow]:
    rows = []
    for item in store.dash_items(class_name):
        q = bank.get(item.question_id)
        rows.append(QuestionRow(
            item.question_id, q.type if q else None, prompt_line(q),
            section_of.get(item.question_id, ""), item.responses, item.facility,
            item.discrimination, item_flags(item.responses, item.flags)))
    order = {q.id: i for i, q in enumerate(bank.questions)}
    rows.sort(key=lambda r: (order.get(r.question_id, len(order)), r.question_id))
    return rows


def memory(store: DashboardPort, section_of: Mapping[str, str], order: Sequence[str],
           class_name: str | None, now: datetime,
           only: Collection[str] | None = None) -> Memory:
    """Mean predicted recall per section now and in :data:`AHEAD` (fsrs's retrievability of
    each stored card), review cards overdue apart from cards in their learning steps (due
    again minutes after a quiz: not late), and students idle for :data:`IDLE`. ``only``:
    the cards of these questions only (an assignment's)."""
    from fsrs import State

    from quizapp.core.scheduling import SchedulerConfig, state_from_dict

    scheduler = SchedulerConfig().fsrs(fuzz=False)
    sums: dict[str, list[float]] = {}
    total = overdue = learning = 0
    for qid, data in store.dash_cards(class_name):
        if only is not None and qid not in only:
            continue
        try:
            card = state_from_dict(json.loads(data))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # a damaged state is left out, not a crash
        total += 1
        if card.state in (State.Learning, State.Relearning):
            learning += 1
        elif card.due <= now:
            overdue += 1
        acc = sums.setdefault(section_of.get(qid, ""), [0, 0.0, 0.0])
        acc[0] += 1
        acc[1] += scheduler.get_card_retrievability(card, now)
        acc[2] += scheduler.get_card_retrievability(card, now + AHEAD)
    rows = [MemoryRow(s, int(sums[s][0]), sums[s][1] / sums[s][0], sums[s][2] / sums[s][0])
            for s in [*order, *(k for k in sums if k not in order)] if s in sums]
    idle = [(name, at) for name, at in store.dash_last_reviews(class_name)
            if at is None or now - at >= IDLE]
    return Memory(rows, total, overdue, learning, idle)


# -- distractor analysis ----------------------------------------------------------------------


def distractors(question: AnyQuestion, answers: Sequence[tuple[object, int]]) -> list[Choice]:
    """What the class answered to ``question``: ``answers`` are stored (JSON) responses with
    their counts (:meth:`DashboardPort.dash_answers`)."""
    decoded: list[tuple[object, int]] = []
    for data, n in answers:
        try:
            decoded.append((decode_response(question, data), n))
        except (TypeError, ValueError):
            decoded.append((None, n))
    total = sum(n for _, n in decoded)
    if not total:
        return []
    blank = sum(n for r, n in decoded if is_blank_response(r))

    def line(kind: str, label: str, count: int, correct: bool = False, part: int = 0) -> Choice:
        return Choice(kind, label, count, count / total, correct, part)

    out: list[Choice] = []
    match question:
        case ChoiceQuestion() | MultiQuestion():
            right = {question.answer} if isinstance(question, ChoiceQuestion) else question.answers
            for option in question.options:
                picked = sum(n for r, n in decoded if _picked(r, option))
                out.append(line("option", option, picked, option in right))
        case TrueFalseQuestion():
            for value in (True, False):
                picked = sum(n for r, n in decoded if r is value)
                out.append(line("bool", "true" if value else "false", picked,
                                value == question.answer))
        case CardQuestion():
            for value in (True, False):
                picked = sum(n for r, n in decoded if r is value)
                out.append(line("card", "knew" if value else "forgot", picked, value))
        case FillQuestion():
            for i, b in enumerate(question.blanks):
                wrong: Counter[str] = Counter()
                for r, n in decoded:
                    texts = (r,) if isinstance(r, str) else r
                    if not isinstance(texts, tuple) or is_blank_response(r):
                        continue
                    text = str(texts[i]).strip() if i < len(texts) else ""
                    if text and not any(answers_match(text, ok) for ok in b.accepted):
                        wrong[text] += n
                for text, n in wrong.most_common(TOP_WRONG):
                    out.append(line("blank", text, n, part=i))
        case MatchQuestion():
            wrong_pairs: Counter[tuple[str, str]] = Counter()
            for r, n in decoded:
                if not isinstance(r, Mapping):
                    continue
                for left, want in question.pairs:
                    got = r.get(left)
                    if got and got != want:
                        wrong_pairs[(left, str(got))] += n
            for (left, got), n in wrong_pairs.most_common(TOP_WRONG):
                out.append(line("pair", f"{left} → {got}", n))
        case OrderQuestion():
            for i, item in enumerate(question.items):
                places: Counter[int] = Counter()
                for r, n in decoded:
                    if isinstance(r, tuple) and item in r:
                        places[r.index(item)] += n
                for place, n in sorted(places.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_WRONG]:
                    out.append(line("position", item, n, place == i, part=place))
    if blank and not isinstance(question, CardQuestion):
        out.append(line("none", "", blank))
    unreadable = sum(n for r, n in decoded if not is_blank_response(r)
                     and not _readable(question, r))
    if unreadable:  # a damaged answer is counted, so that the shares make up every answer
        out.append(line("unreadable", "", unreadable))
    return out


def _readable(question: AnyQuestion, response: object) -> bool:
    """Whether a stored answer has the shape ``question``'s answers have (an option of a
    choice question, a truth value, texts for blanks, pairs, items)."""
    match question:
        case ChoiceQuestion():
            return isinstance(response, str) and response in question.options
        case MultiQuestion():
            return (isinstance(response, frozenset | set | tuple | list)
                    and all(isinstance(r, str) and r in question.options for r in response))
        case TrueFalseQuestion() | CardQuestion():
            return isinstance(response, bool)
        case FillQuestion():
            return isinstance(response, str) or (
                isinstance(response, tuple) and all(isinstance(r, str) for r in response))
        case MatchQuestion():
            return isinstance(response, Mapping)
        case OrderQuestion():
            return isinstance(response, tuple)
    return True


def _picked(response: object, option: str) -> bool:
    if isinstance(response, str):
        return response == option
    if isinstance(response, frozenset | set | tuple | list):
        return option in response
    return False


__all__ = [
    "MIN_RESPONSES", "Cell", "Choice", "Dashboard", "Memory", "MemoryRow", "Overview", "QuestionRow",
    "SectionRow", "distractors", "load_dashboard", "memory",
    "section_order", "sections_of",
]
