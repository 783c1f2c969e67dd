"""Which sentences and clauses of a source text the questions quote or teach.

A teacher writes questions from a text (the built-in article, or their own ``.md``/``.txt``).
:func:`coverage` splits the text into paragraphs, sentences and clauses (the pieces between
commas, semicolons, colons and enumeration commas) and, for every sentence, finds the
questions that

- **quote** it: the question's ``quote`` (or, when the quote is not copied exactly, one of
  its clauses) covers at least part of the sentence, and
- **teach** it: the question's answer (the right option, the words of a blank, the right
  side of a pair, an order item, a card's back, the words a true statement shares with the
  text) stands in the sentence.

A clause counts as taught only when an answer covers some of it: quoting a whole sentence
to ask one of its clauses teaches that clause, not the others. An answer is looked for only
in the sentences the question quotes, so ``“一座城”理念`` asked about the closing paragraph
does not also teach the title that happens to contain the same words. A question whose
quote is missing or not in the text is looked for everywhere, and then only its answer's
pieces of :data:`MIN_PIECE` characters or more count, so a word as common as ``长沙`` does
not make every sentence that names the city "taught".

Texts are compared after normalising them to their letters, digits and CJK characters
(Unicode NFKC, case-folded), so full-width and half-width punctuation, quotation marks and
spaces never matter.

Pure: no files, no YAML, no output; the CLI reads the files and prints the result.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from quizapp.core.model import (
    CLOZE_RE,
    AnyQuestion,
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    TrueFalseQuestion,
)

__all__ = ["MIN_PIECE", "Coverage", "ParagraphCoverage", "SentenceCoverage", "coverage",
           "paragraphs", "sentences"]

#: the shortest answer piece (in normalised characters) that counts as teaching a sentence
MIN_PIECE = 4

#: how much of an answer (normalised) is compared run by run with the quoted sentences: a
#: true statement is a sentence, and the work stays linear in the text however long it is
MAX_SHARED = 400

#: a sentence ends after one of these (a "." only before a space or the end)
_ENDS = "。！？!?…"
#: closing marks that stay with the sentence they end
_CLOSERS = "”’」』》）)\"'"
#: clauses of an answer or an inexact quote are split at these
_CLAUSE_SPLIT = re.compile(r"[，,；;：:。！？!?、\n]+|……|——")
_MARKDOWN_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")


def key(text: str) -> str:
    """``text`` reduced to its letters, digits and CJK characters, NFKC and case-folded."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: blocks separated by blank lines, lines of one block joined.

    Markdown heading, quote and list markers are dropped, so a ``# 标题`` line is the
    paragraph ``标题``; a block with nothing to read (a rule, an empty heading) is skipped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    found = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [_MARKDOWN_PREFIX.sub("", line).strip() for line in block.split("\n")]
        joined = _join_lines([line for line in lines if line])
        if key(joined):
            found.append(joined)
    return found


def _join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one text: Chinese lines join directly, others with a space."""
    out = ""
    for line in lines:
        if out and not (_wide(out[-1]) or _wide(line[0])):
            out += " "
        out += line
    return out


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences, each with its closing punctuation."""
    parts: list[str] = []
    start = i = 0
    size = len(paragraph)
    while i < size:
        ch = paragraph[i]
        i += 1
        if ch in _ENDS or (ch == "." and (i == size or paragraph[i].isspace())):
            while i < size and paragraph[i] in _ENDS:
                i += 1
            while i < size and paragraph[i] in _CLOSERS:
                i += 1
            parts.append(paragraph[start:i])
            start = i
    parts.append(paragraph[start:])
    return [p.strip() for p in parts if key(p)]


@dataclass(frozen=True)
class SentenceCoverage:
    """One sentence: the questions that quote it and those whose answer teaches it.

    ``covered`` is the share of the sentence's characters that some answer covers; ``gaps``
    are its clauses that no answer covers at all; ``clauses`` counts all its clauses.
    """

    text: str
    quoted_by: tuple[str, ...]
    taught_by: tuple[str, ...]
    covered: float
    gaps: tuple[str, ...] = ()
    clauses: int = 1

    @property
    def taught(self) -> bool:
        """Some answer teaches at least one clause of the sentence."""
        return bool(self.taught_by)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "taught": self.taught, "quoted_by": list(self.quoted_by),
                "taught_by": list(self.taught_by), "covered": round(self.covered, 3),
                "clauses": self.clauses, "gaps": list(self.gaps)}


@dataclass(frozen=True)
class ParagraphCoverage:
    number: int
    sentences: tuple[SentenceCoverage, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.sentences)

    @property
    def taught(self) -> int:
        """How many of the paragraph's sentences some answer teaches."""
        return sum(s.taught for s in self.sentences)

    @property
    def clauses(self) -> int:
        return sum(s.clauses for s in self.sentences)

    @property
    def clauses_taught(self) -> int:
        """How many of the paragraph's clauses some answer teaches."""
        return sum(s.clauses - len(s.gaps) for s in self.sentences)

    @property
    def questions(self) -> tuple[str, ...]:
        """Every question that quotes or teaches a sentence of the paragraph, first seen first."""
        ids: dict[str, None] = {}
        for s in self.sentences:
            ids.update(dict.fromkeys(s.quoted_by + s.taught_by))
        return tuple(ids)

    def to_dict(self) -> dict[str, Any]:
        return {"paragraph": self.number, "sentences_taught": self.taught,
                "clauses": self.clauses, "clauses_taught": self.clauses_taught,
                "sentences": [s.to_dict() for s in self.sentences],
                "questions": list(self.questions)}


@dataclass(frozen=True)
class Coverage:
    paragraphs: tuple[ParagraphCoverage, ...]
    questions: int
    #: questions whose quote is found nowhere in the source (not even one clause)
    unplaced: tuple[str, ...] = field(default=())

    @property
    def sentence_count(self) -> int:
        return sum(len(p.sentences) for p in self.paragraphs)

    @property
    def taught_count(self) -> int:
        return sum(p.taught for p in self.paragraphs)

    @property
    def clause_count(self) -> int:
        return sum(p.clauses for p in self.paragraphs)

    @property
    def clauses_taught(self) -> int:
        return sum(p.clauses_taught for p in self.paragraphs)

    @property
    def untaught_clauses(self) -> list[tuple[int, str]]:
        """Every clause no answer teaches, with its paragraph's number, in reading order."""
        return [(p.number, c) for p in self.paragraphs for s in p.sentences for c in s.gaps]

    @property
    def untaught(self) -> list[tuple[int, SentenceCoverage]]:
        """Every sentence no question's answer teaches, with its paragraph's number."""
        return [(p.number, s) for p in self.paragraphs for s in p.sentences if not s.taught]

    @property
    def untaught_paragraphs(self) -> list[int]:
        """Paragraphs where no answer teaches any sentence."""
        return [p.number for p in self.paragraphs if not p.taught]

    def to_dict(self) -> dict[str, Any]:
        return {
            "paragraphs": len(self.paragraphs),
            "paragraphs_taught": len(self.paragraphs) - len(self.untaught_paragraphs),
            "paragraphs_fully_taught": sum(p.taught == len(p.sentences) for p in self.paragraphs),
            "sentences": self.sentence_count,
            "sentences_taught": self.taught_count,
            "clauses": self.clause_count,
            "clauses_taught": self.clauses_taught,
            "questions": self.questions,
            "questions_not_in_source": list(self.unplaced),
            "untaught": [{"paragraph": n, "text": s.text} for n, s in self.untaught],
            "gaps": [{"paragraph": p.number, "sentence": s.text, "clauses": list(s.gaps)}
                     for p in self.paragraphs for s in p.sentences if s.gaps and s.taught],
            "untaught_clauses": [{"paragraph": n, "text": c} for n, c in self.untaught_clauses],
            "by_paragraph": [p.to_dict() for p in self.paragraphs],
        }


def answer_texts(question: AnyQuestion) -> list[str]:
    """What a question teaches as true: its right answers, in the author's words.

    A blank teaches its own words, not the sentence around it; a pair teaches its two
    sides; a true statement teaches what it says.
    """
    match question:
        case ChoiceQuestion():
            return [question.answer]
        case MultiQuestion():
            return [o for o in question.options if o in question.answers]
        case TrueFalseQuestion():
            return [question.prompt] if question.answer else []
        case FillQuestion():
            return [m.group(2) for m in CLOZE_RE.finditer(question.prompt)]
        case MatchQuestion():
            return [f"{a}{b}" for a, b in question.pairs] + [t for p in question.pairs for t in p]
        case OrderQuestion():
            return list(question.items)
        case CardQuestion():
            return [question.back]
    return []  # pragma: no cover - every type is handled above


def _pieces(text: str, shortest: int = MIN_PIECE) -> list[str]:
    """The clauses of ``text``, normalised, of at least ``shortest`` characters."""
    return [k for k in (key(c) for c in _CLAUSE_SPLIT.split(text)) if len(k) >= max(shortest, 1)]


def _shared(statement: str, sentence: str) -> list[str]:
    """The runs of at least :data:`MIN_PIECE` characters of ``statement`` (a key) that stand
    in ``sentence`` (a key), longest first from the left: what a true statement says of it.

    At most :data:`MAX_SHARED` characters of the statement are compared, each start once (a
    run, once found, is skipped): linear in the sentence's length."""
    statement = statement[:MAX_SHARED]
    runs = []
    i = 0
    while i + MIN_PIECE <= len(statement):
        j = i + MIN_PIECE
        if statement[i:j] not in sentence:
            i += 1
            continue
        while j < len(statement) and statement[i:j + 1] in sentence:
            j += 1
        runs.append(statement[i:j])
        i = j
    return runs


def _spans(haystack: str, needle: str) -> Iterable[tuple[int, int]]:
    start = haystack.find(needle)
    while start != -1:
        yield start, start + len(needle)
        start = haystack.find(needle, start + 1)


def _clauses(sentence: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_SPLIT.split(sentence) if key(c)]


def _gaps(sentence: str, covered: set[int]) -> tuple[str, ...]:
    """The clauses of ``sentence`` with no covered character (``covered``: key positions)."""
    gaps = []
    pos = 0
    for clause in _CLAUSE_SPLIT.split(sentence):
        size = len(key(clause))
        if size and not covered.intersection(range(pos, pos + size)):
            gaps.append(clause.strip())
        pos += size
    return tuple(gaps)


def coverage(source: str, questions: Iterable[AnyQuestion]) -> Coverage:
    """Which sentences and clauses of ``source`` the ``questions`` quote or teach (see the
    module doc)."""
    texts = [sentences(p) for p in paragraphs(source)]
    keys = [key(s) for para in texts for s in para]
    # One normalised string with a separator after each paragraph, so no match spans two;
    # offsets[i] is where sentence i starts in it.
    joined = ""
    offsets: list[int] = []
    for para in texts:
        for _ in para:
            offsets.append(len(joined))
            joined += keys[len(offsets) - 1]
        joined += "\x00"
    ends = [o + len(k) for o, k in zip(offsets, keys, strict=True)]

    quoted: list[dict[str, None]] = [{} for _ in keys]
    taught: list[dict[str, None]] = [{} for _ in keys]
    covered: list[set[int]] = [set() for _ in keys]
    unplaced: list[str] = []
    count = 0

    # Where each normalised piece falls in the whole text: the sentences it covers enough
    # of, and which characters of each. A piece is searched once, however many questions
    # share it.
    found_in: dict[str, tuple[tuple[int, range], ...]] = {}

    def place(piece: str) -> tuple[tuple[int, range], ...]:
        found = found_in.get(piece)
        if found is None:
            hits: list[tuple[int, range]] = []
            for a, b in _spans(joined, piece):
                i = max(bisect_right(offsets, a) - 1, 0)  # the sentence the match starts in
                while i < len(offsets) and offsets[i] < b:
                    lo, hi = offsets[i], ends[i]
                    overlap = min(b, hi) - max(a, lo)
                    if overlap > 0 and overlap >= min(MIN_PIECE, hi - lo, b - a):
                        hits.append((i, range(max(a, lo) - lo, min(b, hi) - lo)))
                    i += 1
            found = found_in[piece] = tuple(hits)
        return found

    def teach(qid: str, i: int, chars: range) -> None:
        taught[i][qid] = None
        covered[i].update(chars)

    for q in questions:
        count += 1
        quote = key(q.quote)
        scope: tuple[int, ...] = ()
        if quote:
            exact = quote in joined
            scope = tuple(dict.fromkeys(i for i, _ in place(quote))) if exact else tuple(
                dict.fromkeys(i for piece in _pieces(q.quote) for i, _ in place(piece)))
            for i in scope:
                quoted[i][q.id] = None
            if not scope and not exact:
                unplaced.append(q.id)
        statement = isinstance(q, TrueFalseQuestion)
        in_scope = set(scope)
        scope_text = "\x00".join(keys[i] for i in scope)
        for text in answer_texts(q):
            if not scope:
                for piece in _pieces(text):
                    for i, chars in place(piece):
                        teach(q.id, i, chars)
                continue
            # the runs it shares with the quoted sentences, and its own clauses however short
            # they are (a true statement's clauses are not answers of their own)
            pieces = _shared(key(text), scope_text)
            if not statement:
                pieces += _pieces(text, 1)
            for piece in pieces:
                for i, chars in place(piece):
                    if i in in_scope:
                        teach(q.id, i, chars)

    result = []
    flat = 0
    for number, para in enumerate(texts, 1):
        row = []
        for text in para:
            size = len(keys[flat]) or 1
            row.append(SentenceCoverage(text, tuple(quoted[flat]), tuple(taught[flat]),
                                        len(covered[flat]) / size, _gaps(text, covered[flat]),
                                        len(_clauses(text))))
            flat += 1
        result.append(ParagraphCoverage(number, tuple(row)))
    return Coverage(tuple(result), count, tuple(unplaced))
