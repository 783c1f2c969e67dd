"""Moodle GIFT files -> drafts.

Taken: multiple choice (one right answer -> ``choice``; several, or answers with positive
``%weights%`` -> ``multi``), true/false, short answer and missing word (-> ``fill``, the
full-credit answers accepted), matching, categories (one category -> the set's title,
several -> a tag per question), titles and ``// [id:...]`` (-> id), ``// [tag:...]``
(-> tags), feedback (-> explain), the escapes ``\\~ \\= \\# \\{ \\} \\: \\\\ \\n`` and the
``[html]`` / ``[markdown]`` / ``[plain]`` / ``[moodle]`` formats (HTML becomes plain text).
Numerical, essay and description questions are listed as not taken.

:func:`parse` gives each question in the reference parser's shape (the conformance cases
in ``tests/fixtures`` compare against it); :func:`read` turns them into drafts.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.i18n import t
from quizapp.importers.common import (
    Draft,
    Imported,
    Skipped,
    delimited,
    html_to_text,
    media_names,
    read_text_file,
    where_line,
)

FORMATS = ("html", "moodle", "plain", "markdown")
_FORMAT_RE = re.compile(r"\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
# ``\[(id|tag|quizapp|quizapp-set):(.*?)\](?=\s*(?:\[|$))``, found by ``delimited`` (linear)
_META_HEAD = re.compile(r"\[(id|tag|quizapp|quizapp-set):")
_META_CLOSE = re.compile(r"\](?=\s*(?:\[|$))")
_WEIGHT_RE = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
_BLANK_RUN = re.compile(r"_{3,}")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_ESCAPABLE = "~=#{}:\\"


@dataclass
class Choice:
    text: str
    correct: bool
    weight: float | None = None
    feedback: str = ""


@dataclass
class GiftQuestion:
    """One question as the reference GIFT parser sees it."""

    type: str  # MC, TF, Short, Matching, Numerical, Essay, Description
    stem: str
    line: int
    col: int
    title: str = ""
    format: str = "moodle"
    embedded: bool = False
    #: the stem's text before and after the answer block (for missing-word questions)
    before: str = ""
    after: str = ""
    choices: list[Choice] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    is_true: bool | None = None
    feedback: str = ""
    id: str = ""
    tags: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    category: str = ""
    #: what the ``// [quizapp-set:{...}]`` comment before its category says of its set
    set_meta: dict = field(default_factory=dict)
    #: the images and sounds in its HTML, which plain text cannot keep
    media: list[str] = field(default_factory=list)


class GiftError(ValueError):
    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line, self.col = line, col


# --- text ---------------------------------------------------------------------------------


def find(text: str, token: str, start: int = 0) -> int:
    """The index of the first ``token`` at or after ``start`` that is not escaped, or -1."""
    i, n = start, len(text)
    while i < n:
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(token, i):
            return i
        i += 1
    return -1


def split(text: str, token: str) -> list[str]:
    parts, start = [], 0
    while (i := find(text, token, start)) >= 0:
        parts.append(text[start:i])
        start = i + len(token)
    parts.append(text[start:])
    return parts


def unescape(text: str) -> str:
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            nxt = text[i + 1]
            if nxt in _ESCAPABLE:
                out.append(nxt)
                i += 2
                continue
            if nxt == "n":
                out.append("\n")
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def plain(raw: str, fmt: str) -> str:
    """A piece of GIFT text (still escaped) as our plain text, given its format."""
    match = _FORMAT_RE.match(raw)
    if match:
        fmt, raw = match.group(1).lower(), raw[match.end():]
    if fmt == "markdown":
        return "\n".join(line.rstrip() for line in unescape(raw).strip().split("\n"))
    if fmt == "html":
        return html_to_text(unescape(raw))
    # line breaks in the file are spaces; an escaped \n is a line break
    return "\n".join(" ".join(line.split()) for line in unescape(" ".join(raw.split())).split("\n"))


def _format_of(raw: str, default: str) -> tuple[str, str]:
    match = _FORMAT_RE.match(raw)
    if match:
        return match.group(1).lower(), raw[match.end():]
    return default, raw


# --- blocks ---------------------------------------------------------------------------------


def _blocks(text: str):
    """(first line number, lines, comment metadata) for each block; as in Moodle, a blank
    line ends a question."""
    lines: list[str] = []
    first = 0
    meta: list[str] = []
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            meta.extend(f"[{m.group(1)}:{stripped[start:end]}]"
                        for m, start, end in delimited(stripped, _META_HEAD, _META_CLOSE))
            continue
        if not stripped:
            if lines:
                yield first, lines, meta
                lines, meta = [], []
            continue
        if not lines:
            first = number
        lines.append(line)
    if lines:
        yield first, lines, meta


def _category(line: str) -> str:
    path = line.split(":", 1)[1].strip()
    parts = [p for p in path.split("/") if p and p not in ("$course$", "$module$", "$system$",
                                                              "$cat1$", "$cat2$", "$cat3$",
                                                              "$cat4$", "top")]
    return parts[-1].strip() if parts else path


def parse(text: str) -> tuple[list[GiftQuestion], list[GiftError]]:
    """Every question of a GIFT text, and a located error for each block that is not GIFT."""
    questions: list[GiftQuestion] = []
    errors: list[GiftError] = []
    category = ""
    set_meta: dict = {}
    for first, lines, meta in _blocks(text):
        while lines and lines[0].lstrip().startswith("$CATEGORY:"):
            category = _category(lines[0])
            set_meta = _json_meta(meta, "quizapp-set")
            meta = [m for m in meta if not m.startswith("[quizapp-set:")]
            lines = lines[1:]
            first += 1
        if not lines:
            continue
        col = len(lines[0]) - len(lines[0].lstrip()) + 1
        try:
            q = _question("\n".join(lines), first, col)
        except GiftError as exc:
            errors.append(exc)
            continue
        for item in meta:
            key, _, value = item[1:-1].partition(":")
            if key == "id":
                q.id = value.strip()
            elif key == "tag":
                q.tags.append(value.strip())
        q.meta = _json_meta(meta, "quizapp")
        q.category, q.set_meta = category, set_meta
        q.media = media_names("\n".join(lines)) if "<" in "".join(lines) else []
        questions.append(q)
    return questions, errors


def _json_meta(meta: list[str], name: str) -> dict:
    """The JSON object of the last ``[name:{...}]`` comment, or {} (an unreadable one too)."""
    found: dict = {}
    for item in meta:
        key, _, value = item[1:-1].partition(":")
        if key == name:
            try:
                data = json.loads(value)
            except json.JSONDecodeError:
                data = None
            found = data if isinstance(data, dict) else found
    return found


def _position(block: str, index: int, line: int, col: int) -> tuple[int, int]:
    before = block[:index]
    newlines = before.count("\n")
    if not newlines:
        return line, col + index
    return line + newlines, index - before.rfind("\n")


def _question(block: str, line: int, col: int) -> GiftQuestion:
    body = block.lstrip()
    offset = len(block) - len(body)
    title = ""
    if body.startswith("::"):
        end = find(body, "::", 2)
        if end < 0:
            raise GiftError(line, col, t("import.gift.title_unclosed"))
        title = " ".join(unescape(body[2:end]).split())
        offset += end + 2
        body = body[end + 2:]
    fmt, _ = _format_of(body, "moodle")
    open_at = find(body, "{")
    if open_at < 0:
        q = GiftQuestion("Description", plain(body, "moodle"), line, col, title, fmt)
        return q
    close_at = find(body, "}", open_at + 1)
    if close_at < 0:
        where = _position(block, offset + open_at, line, col)
        raise GiftError(*where, t("import.gift.unclosed", open="{", close="}"))
    before, answers, after = body[:open_at], body[open_at + 1:close_at], body[close_at + 1:]
    if find(after, "{") >= 0:
        where = _position(block, offset + close_at + 1 + find(after, "{"), line, col)
        raise GiftError(*where, t("import.gift.two_blocks", open="{", close="}"))
    fmt, before_raw = _format_of(before, "moodle")
    embedded = bool(after.strip())
    stem_raw = before_raw + ("_____" + after if embedded else "")
    q = GiftQuestion("", plain(stem_raw, fmt), line, col, title, fmt, embedded)
    if embedded:  # the text around the blank, with the spaces next to it kept
        q.before = plain(before_raw, fmt)
        if q.before and before_raw[-1:].isspace():
            q.before += " "
        q.after = plain(after, fmt)
        if q.after and after[:1].isspace():
            q.after = " " + q.after
    _answers(q, answers, fmt, _position(block, offset + open_at + 1, line, col))
    return q


def _answers(q: GiftQuestion, raw: str, fmt: str, where: tuple[int, int]) -> None:
    text = raw.strip()
    if not text:
        q.type = "Essay"
        return
    if text.startswith("#"):
        q.type = "Numerical"
        return
    parts = split(text, "####")
    if len(parts) > 1:
        q.feedback = plain(parts[1], fmt)
        text = parts[0].strip()
    head, *feedbacks = split(text, "#")
    if head.strip().upper() in _TF:
        q.type = "TF"
        q.is_true = _TF[head.strip().upper()]
        if not q.feedback and feedbacks:
            q.feedback = plain(feedbacks[-1] if len(feedbacks) > 1 else feedbacks[0], fmt)
        return
    markers = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in "=~":
            markers.append(i)
        i += 1
    if not markers:  # {One}: as in Moodle, a short answer with this one right answer
        body, *fb = split(text, "#")
        q.type = "Short"
        q.choices.append(Choice(plain(body, fmt), True, None,
                                plain(fb[0], fmt) if fb and fb[0].strip() else ""))
        return
    if text[:markers[0]].strip():
        raise GiftError(*where, t("import.gift.bad_answers"))
    bounds = [*markers, len(text)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        marker, chunk = text[start], text[start + 1:end]
        weight = None
        match = _WEIGHT_RE.match(chunk)
        if match:
            weight = float(match.group(1))
            chunk = chunk[match.end():]
        body, *fb = split(chunk, "#")
        q.choices.append(Choice(body, marker == "=", weight,
                                plain(fb[0], fmt) if fb and fb[0].strip() else ""))
    if all(c.correct for c in q.choices) and all(find(c.text, "->") >= 0 for c in q.choices):
        q.type = "Matching"
        for c in q.choices:
            left, right = c.text.split("->", 1)
            q.pairs.append((plain(left, fmt), plain(right, fmt)))
        q.choices = []
        return
    q.type = "MC" if any(not c.correct for c in q.choices) else "Short"
    for c in q.choices:
        c.text = plain(c.text, fmt)


# --- to drafts --------------------------------------------------------------------------------


def right_answers(q: GiftQuestion) -> list[str]:
    """The right answers of a choice or short-answer question (as the app grades them)."""
    if q.type == "Short":
        return [c.text for c in q.choices if c.weight is None or c.weight >= 100]
    marked = [c.text for c in q.choices if c.correct]
    return marked or [c.text for c in q.choices if c.weight is not None and c.weight > 0]


def _draft(q: GiftQuestion, name: str, notes: list[Skipped]) -> dict:
    where = where_line(name, q.line, q.col)
    explain = q.feedback
    data: dict[str, Any]
    if q.type == "TF":
        data = {"type": "truefalse", "prompt": q.stem, "answer": q.is_true}
    elif q.type == "MC":
        right = right_answers(q)
        if not right:
            raise ValueError(t("import.gift.no_right"))
        prompt = q.stem.replace("_____", "____") if q.embedded else q.stem
        options = [c.text for c in q.choices]
        if len(right) == 1:
            data = {"type": "choice", "prompt": prompt, "options": options, "answer": right[0]}
            partial = [c.text for c in q.choices if not c.correct and (c.weight or 0) > 0]
            if partial and any(c.correct for c in q.choices):
                notes.append(Skipped(where, t("import.gift.partial_dropped",
                                              answers=" / ".join(partial))))
        else:
            data = {"type": "multi", "prompt": prompt, "options": options, "answer": right}
        explain = _with_answer_feedback(explain, q.choices)
    elif q.type == "Short":
        right = [a for a in right_answers(q) if a != "*"]
        if not right:
            raise ValueError(t("import.gift.no_right"))
        dropped = [c.text for c in q.choices if c.text not in right and c.text != "*"]
        if dropped:
            notes.append(Skipped(where, t("import.gift.partial_dropped",
                                          answers=" / ".join(dropped))))
        hint = q.meta.get("hint") if isinstance(q.meta.get("hint"), str) else ""
        cloze = "{{c1::" + right[0] + (f"::{hint}" if hint else "") + "}}"
        if q.embedded:
            prompt = q.before + cloze + q.after
        elif len(_BLANK_RUN.findall(q.stem)) == 1:
            prompt = _BLANK_RUN.sub(lambda _m: cloze, q.stem)
        else:  # the blank after the question (no space after Chinese text)
            wide = q.stem[-1:] and unicodedata.east_asian_width(q.stem[-1]) in ("W", "F")
            prompt = f"{q.stem}{'' if wide else ' '}{cloze}"
        data = {"type": "fill", "prompt": prompt}
        if right[1:]:
            data["accept"] = {1: right[1:]}
        explain = _with_answer_feedback(explain, q.choices)
    elif q.type == "Matching":
        pairs = [(left, right) for left, right in q.pairs if left.strip()]
        extra = [right for left, right in q.pairs if not left.strip()]
        data = {"type": "match", "prompt": q.stem, "pairs": dict(pairs)}
        if len(dict(pairs)) != len(pairs):
            raise ValueError(t("import.gift.repeated_left"))
        if len(pairs) < 2:
            raise ValueError(t("import.gift.few_pairs", n=len(pairs)))
        if extra:  # right items no left item goes with (Moodle's distractors)
            data["extra"] = extra
    else:
        raise ValueError(t("import.gift.unsupported", type=t(f"import.gift.type.{q.type}")))
    if explain:
        data["explain"] = explain
    for key in ("quote", "points", "shuffle", "level"):
        if key in q.meta:
            data[key] = q.meta[key]
    if q.tags:
        data["tags"] = list(q.tags)
    return data


def _with_answer_feedback(general: str, choices: list[Choice]) -> str:
    """The general feedback, then each answer's own feedback under the answer it belongs to
    (the app has one explanation per question, shown after any answer)."""
    lines = [general] if general else []
    lines.extend(t("import.gift.answer_feedback", answer=c.text, feedback=c.feedback)
                 for c in choices if c.feedback)
    return "\n".join(lines)


def read_text(text: str, name: str) -> Imported:
    questions, errors = parse(text)
    out = Imported()
    out.skipped.extend(Skipped(where_line(name, e.line, e.col), str(e)) for e in errors)
    categories = list(dict.fromkeys(q.category for q in questions if q.category))
    for q in questions:
        where = where_line(name, q.line, q.col)
        try:
            data = _draft(q, name, out.notes)
        except ValueError as exc:
            out.skipped.append(Skipped(where, str(exc)))
            continue
        if len(categories) > 1 and q.category:
            data["tags"] = [*data.get("tags", []), q.category]
        if q.media:
            out.notes.append(Skipped(where, t("import.media_dropped",
                                              names=t("validate.list_sep").join(q.media))))
        out.drafts.append(Draft(data, where, q.id or q.title))
    if len(categories) == 1:
        out.title = categories[0]
        set_meta = next((q.set_meta for q in questions if q.set_meta), {})
        for key in ("deck", "source"):
            if isinstance(set_meta.get(key), str):
                setattr(out, key, set_meta[key])
    return out


def read(path: Path, name: str) -> Imported:
    return read_text(read_text_file(path, name), name)
