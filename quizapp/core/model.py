"""The content model: question sets and the seven question types.

Everything here is immutable and plain Python: the loader builds these objects from
question files, and every other part of the app (engine, storage, exporters, UI)
reads them. Nothing here imports Textual, SQL or genanki.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from typing import Any, Literal

from quizapp.core.records import frozen

QuestionType = Literal["choice", "multi", "truefalse", "fill", "match", "order", "card"]
QUESTION_TYPES: tuple[QuestionType, ...] = (
    "choice",
    "multi",
    "truefalse",
    "fill",
    "match",
    "order",
    "card",
)

Level = Literal["recall", "understand", "apply"]
#: How deep a question goes: remembering the text, understanding it, applying it to a case.
LEVELS: tuple[Level, ...] = ("recall", "understand", "apply")

_CLOZE_HEAD = re.compile(r"\{\{c(\d+)::")


class ClozeMatch:
    """One ``{{cN::answer::hint}}`` marker found by :data:`CLOZE_RE` (``re.Match``'s
    ``start``/``end``/``span``/``group``)."""

    __slots__ = ("_groups", "_span", "_whole")

    def __init__(self, span: tuple[int, int], groups: tuple[str, str, str | None],
                 whole: str) -> None:
        self._span = span
        self._groups = groups
        self._whole = whole

    def start(self) -> int:
        return self._span[0]

    def end(self) -> int:
        return self._span[1]

    def span(self) -> tuple[int, int]:
        return self._span

    def group(self, index: int = 0) -> Any:
        """Group ``index`` (1: the number, 2: the answer, 3: the hint or ``None``); 0:
        the whole marker, as ``re.Match.group``."""
        return self._groups[index - 1] if index else self._whole

    def __repr__(self) -> str:
        return f"<ClozeMatch span={self._span!r} groups={self._groups!r}>"

    def groups(self) -> tuple[str, str, str | None]:
        return self._groups


class ClozePattern:
    """The cloze marker ``{{c1::answer}}`` or ``{{c1::answer::hint}}``, found in time
    linear in the text (the regular expression ``\\{\\{c(\\d+)::(.*?)(?:::(.*?))?\\}\\}``
    with ``re.DOTALL`` finds the same markers, but a text of many ``{{c1::`` without a
    closing ``}}`` makes it take cubic time). The answer ends at the first ``::``, the
    marker at the first ``}}``."""

    def finditer(self, text: str) -> Iterator[ClozeMatch]:
        pos = 0
        while True:
            head = _CLOZE_HEAD.search(text, pos)
            if head is None:
                return
            close = text.find("}}", head.end())
            if close < 0:  # no later marker can close either
                return
            sep = text.find("::", head.end(), close)
            groups: tuple[str, str, str | None]
            if sep < 0:
                groups = (head.group(1), text[head.end():close], None)
            else:
                groups = (head.group(1), text[head.end():sep], text[sep + 2:close])
            yield ClozeMatch((head.start(), close + 2), groups, text[head.start():close + 2])
            pos = close + 2

    def search(self, text: str) -> ClozeMatch | None:
        return next(self.finditer(text), None)

    def sub(self, repl: Callable[[ClozeMatch], str] | str, text: str) -> str:
        parts: list[str] = []
        pos = 0
        for m in self.finditer(text):
            parts.append(text[pos:m.start()])
            parts.append(repl(m) if callable(repl) else repl)
            pos = m.end()
        parts.append(text[pos:])
        return "".join(parts)

    def split(self, text: str) -> list[str | None]:
        parts: list[str | None] = []
        pos = 0
        for m in self.finditer(text):
            parts.append(text[pos:m.start()])
            parts.extend(m.groups())
            pos = m.end()
        parts.append(text[pos:])
        return parts


#: ``{{c1::answer}}`` or ``{{c1::answer::hint}}``
CLOZE_RE = ClozePattern()


@frozen(slots=True)
class Question:
    """Fields shared by every question type.

    ``tags`` are the effective tags: the set's tags followed by the question's own.
    ``set_key`` names the question set the question belongs to (see :class:`QuestionSet`).
    ``level`` is one of :data:`LEVELS` (``recall`` when the file does not say).
    """

    id: str
    prompt: str
    explain: str = ""
    quote: str = ""
    tags: tuple[str, ...] = ()
    points: int = 1
    set_key: str = ""
    level: Level = "recall"

    type: QuestionType = field(init=False, default="card")

    def content(self) -> dict[str, Any]:
        """The question's gradable and displayed content, as JSON-able data (no id, set or tags)."""
        data = {"type": self.type, "prompt": self.prompt, "explain": self.explain,
                "quote": self.quote, "points": self.points}
        data.update(self._specific())
        return data

    def _specific(self) -> dict[str, Any]:  # pragma: no cover - overridden
        return {}

    def content_hash(self) -> str:
        """A short, stable hash of :meth:`content`: changes whenever the question's text changes."""
        blob = json.dumps(self.content(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


@frozen(slots=True)
class ChoiceQuestion(Question):
    """One right option among 2 to 8."""

    options: tuple[str, ...] = ()
    answer: str = ""
    shuffle: bool = True
    type: QuestionType = field(init=False, default="choice")

    def _specific(self) -> dict[str, Any]:
        return {"options": list(self.options), "answer": self.answer, "shuffle": self.shuffle}


@frozen(slots=True)
class MultiQuestion(Question):
    """One or more right options among 2 to 8."""

    options: tuple[str, ...] = ()
    answers: frozenset[str] = frozenset()
    shuffle: bool = True
    type: QuestionType = field(init=False, default="multi")

    def _specific(self) -> dict[str, Any]:
        return {"options": list(self.options),
                "answer": [o for o in self.options if o in self.answers],
                "shuffle": self.shuffle}


@frozen(slots=True)
class TrueFalseQuestion(Question):
    answer: bool = True
    type: QuestionType = field(init=False, default="truefalse")

    def _specific(self) -> dict[str, Any]:
        return {"answer": self.answer}


@frozen(slots=True)
class Blank:
    """One cloze blank: ``{{c<number>::<answer>::<hint>}}`` plus extra accepted answers."""

    number: int
    answer: str
    hint: str = ""
    accept: tuple[str, ...] = ()

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every accepted answer: the cloze answer first, then ``accept``."""
        return (self.answer, *self.accept)


@frozen(slots=True)
class FillQuestion(Question):
    """A sentence with cloze blanks in ``prompt``. Several ``{{cN::...}}`` with the same N
    are one blank asked once (as in Anki); ``blanks`` has one entry per distinct number,
    in number order."""

    blanks: tuple[Blank, ...] = ()
    type: QuestionType = field(init=False, default="fill")

    def _specific(self) -> dict[str, Any]:
        return {"accept": {str(b.number): list(b.accept) for b in self.blanks if b.accept}}

    def segments(self) -> list[str | Blank]:
        """The prompt split into text and blanks, in reading order (for display)."""
        by_number = {b.number: b for b in self.blanks}
        parts: list[str | Blank] = []
        pos = 0
        for m in CLOZE_RE.finditer(self.prompt):
            if m.start() > pos:
                parts.append(self.prompt[pos:m.start()])
            parts.append(by_number[int(m.group(1))])
            pos = m.end()
        if pos < len(self.prompt):
            parts.append(self.prompt[pos:])
        return parts

    def masked_prompt(self, mask: str = "____") -> str:
        """The prompt with each blank replaced by ``mask`` (plus its hint, if any)."""
        def repl(m: ClozeMatch) -> str:
            hint = m.group(3)
            return f"{mask}({hint})" if hint else mask

        return CLOZE_RE.sub(repl, self.prompt)

    def filled_prompt(self) -> str:
        """The prompt with every blank filled with its answer."""
        return CLOZE_RE.sub(lambda m: m.group(2), self.prompt)


@frozen(slots=True)
class MatchQuestion(Question):
    """Pair each left item with its right item. ``pairs`` keeps the authored order;
    ``extra`` are right items that go with no left item (distractors)."""

    pairs: tuple[tuple[str, str], ...] = ()
    extra: tuple[str, ...] = ()
    type: QuestionType = field(init=False, default="match")

    @property
    def lefts(self) -> tuple[str, ...]:
        return tuple(a for a, _ in self.pairs)

    @property
    def rights(self) -> tuple[str, ...]:
        """Every right item a student picks from: the pairs' and the extra ones."""
        return tuple(b for _, b in self.pairs) + self.extra

    def _specific(self) -> dict[str, Any]:
        data: dict[str, Any] = {"pairs": [list(p) for p in self.pairs]}
        if self.extra:  # only then: a question without extras hashes as before
            data["extra"] = list(self.extra)
        return data


@frozen(slots=True)
class OrderQuestion(Question):
    """Put ``items`` (given here in the correct order) in order."""

    items: tuple[str, ...] = ()
    type: QuestionType = field(init=False, default="order")

    def _specific(self) -> dict[str, Any]:
        return {"items": list(self.items)}


@frozen(slots=True)
class CardQuestion(Question):
    """A plain front/back flashcard; ``prompt`` mirrors ``front``."""

    front: str = ""
    back: str = ""
    type: QuestionType = field(init=False, default="card")

    def _specific(self) -> dict[str, Any]:
        return {"front": self.front, "back": self.back}


AnyQuestion = (
    ChoiceQuestion
    | MultiQuestion
    | TrueFalseQuestion
    | FillQuestion
    | MatchQuestion
    | OrderQuestion
    | CardQuestion
)


@frozen(slots=True)
class QuestionSet:
    """One question file.

    ``key`` is the file's stem (``04-chess`` for ``content/04-chess.yaml``): short and
    stable, used to select a set on the command line and to record it with scores.
    ``deck`` is the Anki deck path (``::``-separated), defaulting to the title.
    """

    key: str
    title: str
    path: str
    questions: tuple[AnyQuestion, ...]
    deck: str = ""
    tags: tuple[str, ...] = ()
    source: str = ""

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self) -> Iterator[AnyQuestion]:
        return iter(self.questions)


@frozen
class Bank:
    """Every question set loaded together, with lookup by id and by set."""

    sets: tuple[QuestionSet, ...]
    #: the lookups, made from ``sets``
    _by_id: dict[str, AnyQuestion] = field(init=False, repr=False, compare=False)
    _by_key: dict[str, QuestionSet] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, AnyQuestion] = {}
        for s in self.sets:
            for q in s.questions:
                by_id.setdefault(q.id, q)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_key", {s.key: s for s in self.sets})

    @property
    def questions(self) -> tuple[AnyQuestion, ...]:
        return tuple(q for s in self.sets for q in s.questions)

    def __len__(self) -> int:
        return sum(len(s) for s in self.sets)

    def get(self, question_id: str) -> AnyQuestion | None:
        return self._by_id.get(question_id)

    def __getitem__(self, question_id: str) -> AnyQuestion:
        return self._by_id[question_id]

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def set_of(self, question: Question | str) -> QuestionSet:
        """The set a question (or question id) belongs to."""
        q = self[question] if isinstance(question, str) else question
        return self._by_key[q.set_key]

    def find_set(self, name: str) -> QuestionSet | None:
        """A set by key (file stem), title, or file path/name."""
        by_key = self._by_key
        if name in by_key:
            return by_key[name]
        for s in self.sets:
            if name == s.title or name == s.path or name == s.path.rsplit("/", 1)[-1]:
                return s
        return None

    def by_type(self) -> dict[str, int]:
        counts: dict[str, int] = {t: 0 for t in QUESTION_TYPES}
        for q in self.questions:
            counts[q.type] += 1
        return counts

    @classmethod
    def of(cls, sets: Iterable[QuestionSet]) -> Bank:
        return cls(tuple(sets))
