"""GIFT export: our questions as a Moodle GIFT file, readable again by ``quizapp import``.

choice, multi (weights that grade as we do: each right option 100/k %, each wrong one
-100/k %), truefalse, fill with one blank (a missing-word short answer, every accepted
answer full credit) and match have a GIFT form; order, card and fill with several blanks
do not and are listed. Each set is a ``$CATEGORY``, each question's id its title, its
explanation the general feedback. What GIFT has no place for (quote, points, no
shuffling, level, a blank's hint) goes in a ``// [quizapp:{...}]`` comment, and a set's deck and
source in a ``// [quizapp-set:{...}]`` comment before its category: Moodle ignores them and
``quizapp import`` reads them, so an export then import gives back the same questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.core.model import (
    CLOZE_RE,
    Bank,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    Question,
    TrueFalseQuestion,
)
from quizapp.untrusted import json_text, visible

_SPECIAL = str.maketrans({c: "\\" + c for c in "~=#{}:"})


def escape(text: str) -> str:
    """Plain text as GIFT text: GIFT's special characters escaped, line breaks as
    ``\\n``, terminal controls and invisible characters shown visibly (``␛``, ``\\u200b``)
    as on every screen: a GIFT file is read by people and by Moodle, neither of which
    should meet a raw ESC or BEL."""
    out = visible(text).replace("\\", "\\\\").translate(_SPECIAL)
    return out.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


@dataclass
class GiftExport:
    text: str
    written: int = 0
    #: (question id, reason key) for each question without a GIFT form
    left_out: list[tuple[str, str]] = field(default_factory=list)


def _weight(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _answers(q: Question) -> tuple[str, str, str] | str:
    """(text before the answers, the answers, text after them), or the reason key when
    the question has no GIFT form."""
    prompt = escape(q.prompt)
    if isinstance(q, ChoiceQuestion):
        marks = " ".join(("=" if o == q.answer else "~") + escape(o) for o in q.options)
        return prompt, marks, ""
    if isinstance(q, MultiQuestion):
        right, wrong = 100 / len(q.answers), -100 / len(q.answers)
        marks = " ".join(f"~%{_weight(right if o in q.answers else wrong)}%{escape(o)}"
                         for o in q.options)
        return prompt, marks, ""
    if isinstance(q, TrueFalseQuestion):
        return prompt, "TRUE" if q.answer else "FALSE", ""
    if isinstance(q, MatchQuestion):
        if any("->" in side for pair in q.pairs for side in pair) or any(
                "->" in b for b in q.extra):
            return "export.gift.arrow"
        pairs = [f"={escape(a)} -> {escape(b)}" for a, b in q.pairs]
        pairs += [f"= -> {escape(b)}" for b in q.extra]  # Moodle's distractor: no left item
        return prompt, " ".join(pairs), ""
    if isinstance(q, FillQuestion):
        markers = list(CLOZE_RE.finditer(q.prompt))
        if len(q.blanks) != 1 or len(markers) != 1:
            return "export.gift.blanks"
        m = markers[0]
        answers = " ".join("=" + escape(a) for a in q.blanks[0].accepted)
        return escape(q.prompt[:m.start()]), answers, escape(q.prompt[m.end():])
    return f"export.gift.type.{q.type}"


def _meta(q: Question) -> dict:
    meta: dict = {}
    if q.quote:
        meta["quote"] = q.quote
    if q.points != 1:
        meta["points"] = q.points
    if isinstance(q, ChoiceQuestion | MultiQuestion) and not q.shuffle:
        meta["shuffle"] = False
    if q.level != "recall":
        meta["level"] = q.level
    if isinstance(q, FillQuestion) and q.blanks and q.blanks[0].hint:
        meta["hint"] = q.blanks[0].hint
    return meta


def question_gift(q: Question) -> str | None:
    """One question as a GIFT block, or None when it has no GIFT form."""
    parts = _answers(q)
    if isinstance(parts, str):
        return None
    before, answers, after = parts
    lines = []
    meta = _meta(q)
    if meta:
        lines.append(f"// [quizapp:{json_text(meta)}]")
    if q.tags:
        lines.append("// " + " ".join(f"[tag:{visible(tag, multiline=False)}]"
                                      for tag in q.tags if "]" not in tag))
    start = "[plain]" if before.startswith("[") else ""
    feedback = f"####{escape(q.explain)}" if q.explain else ""
    lines.append(f"::{escape(q.id)}::{start}{before}{{{answers}{feedback}}}{after}")
    return "\n".join(lines)


def left_out_reason(q: Question) -> str | None:
    parts = _answers(q)
    return parts if isinstance(parts, str) else None


def export_gift(bank: Bank) -> GiftExport:
    blocks: list[str] = []
    out = GiftExport("")
    for qset in bank.sets:
        written = []
        for q in qset.questions:
            block = question_gift(q)
            if block is None:
                out.left_out.append((q.id, left_out_reason(q) or ""))
            else:
                written.append(block)
        if written:
            title = visible(qset.title, multiline=False)  # one line, no raw control
            category = f"$CATEGORY: $course$/top/{title}"
            kept = {key: value for key, value in (("deck", qset.deck), ("source", qset.source))
                    if value and not (key == "deck" and value == qset.title)}
            if kept:  # Moodle ignores the comment; quizapp import gives the set them back
                category = (f"// [quizapp-set:{json_text(kept)}]\n"
                            + category)
            blocks.append(category)
            blocks.extend(written)
            out.written += len(written)
    out.text = "\n\n".join(blocks) + "\n" if blocks else ""
    return out
