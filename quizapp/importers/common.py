"""What every importer shares: drafts, skipped questions, ids, checking and the YAML out.

An importer turns a file into :class:`Draft` questions (plain dicts shaped like the items
of a question file's ``questions``) and :class:`Skipped` entries for what it could not
read. :func:`finish` gives each draft an id, checks it with the validator that ``quizapp
validate`` uses (a draft it rejects is skipped, with the validator's reason) and writes
the question file, which therefore loads cleanly (ids are unique by construction).
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from quizapp.core.validate import ID_RE, build_set
from quizapp.i18n import t
from quizapp.importers.yamlout import dumps
from quizapp.untrusted import MAX_FILE_BYTES, read_limited

#: key order in the written file (the order a teacher reads a question in)
KEY_ORDER = ("id", "type", "prompt", "front", "back", "options", "answer", "shuffle",
             "accept", "pairs", "extra", "items", "explain", "quote", "tags", "points", "level")


class ReadError(Exception):
    """The whole file cannot be read (message is user-facing, already located)."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A question that was not taken: where it is in the source file, and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(slots=True)
class Draft:
    """One question read from a file, before it has an id and has been checked."""

    data: dict
    where: str
    #: an id or a name from the source (GIFT title, Excel id column), made into an id if it can
    id_hint: str = ""


@dataclass
class Imported:
    """What an importer read: the drafts, what it skipped, and what it knows of the set."""

    drafts: list[Draft] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    title: str = ""
    tags: list[str] = field(default_factory=list)
    #: notes for the user that are not a question left out (e.g. a partial-credit answer dropped)
    notes: list[Skipped] = field(default_factory=list)
    #: the set's deck and source, when the file says them (a GIFT file this app exported)
    deck: str = ""
    source: str = ""


@dataclass
class Result:
    """The finished import: the question file's text, its questions and everything left out."""

    text: str
    questions: int
    skipped: list[Skipped]
    notes: list[Skipped]
    by_type: dict[str, int]


def where_line(path: str, line: int, col: int = 1) -> str:
    return f"{path}:{line}:{col}"


def where_row(path: str, row: int, sheet: str = "") -> str:
    if sheet:
        return t("import.where_sheet_row", path=path, sheet=sheet, row=row)
    return t("import.where_row", path=path, row=row)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ReadError(t("import.not_text", path=name, offset=exc.start)) from None


def delimited(text: str, head: re.Pattern[str], close: re.Pattern[str] | str,
              ) -> Iterator[tuple[re.Match[str], int, int]]:
    """``(head match, start, end)`` for each ``head(.*?)close`` in ``text`` (``re.DOTALL``),
    in time linear in ``text``: the regular expression itself rescans the rest of the
    text from every ``head`` that has no ``close`` after it (quadratic time)."""
    pos = 0
    while True:
        opening = head.search(text, pos)
        if opening is None:
            return
        if isinstance(close, str):
            start = text.find(close, opening.end())
            end = start + len(close)
        else:
            found = close.search(text, opening.end())
            start, end = (found.start(), found.end()) if found else (-1, -1)
        if start < 0:  # no later head is closed either
            return
        yield opening, opening.end(), start
        pos = end


_TAG_BREAK = re.compile(r"<\s*(br|/p|/div|/li|/h\d|/tr)\b[^>]*>", re.IGNORECASE)


def _drop_tags(value: str) -> str:
    """``value`` without its tags and comments (``<!--.*?-->|<[^>]*>``), a paragraph or
    line-break tag becoming a line break; linear in ``value``."""
    parts: list[str] = []
    pos = 0
    comments_closed = True  # False once no "-->" is left
    while True:
        lt = value.find("<", pos)
        if lt < 0:
            break
        end = -1
        if comments_closed and value.startswith("<!--", lt):
            end = value.find("-->", lt + 4)
            comments_closed = end >= 0
            end = end + 3 if end >= 0 else -1
        if end < 0:  # not a closed comment: a tag up to the next ">"
            end = value.find(">", lt) + 1
            if end == 0:  # no ">" after here: no tag either
                break
        parts.append(value[pos:lt])
        if _TAG_BREAK.fullmatch(value, lt, end):
            parts.append("\n")
        pos = end
    parts.append(value[pos:])
    return "".join(parts)


def html_to_text(value: str, *, keep_space: bool = False) -> str:
    """HTML as plain text: line breaks at paragraphs and <br>, tags (and so images) dropped,
    entities decoded, spaces collapsed and lines trimmed (``keep_space``: a run of spaces
    stays one space, edges untrimmed, for a piece of a longer text)."""
    value = _drop_tags(value)
    value = html.unescape(value).replace("\xa0", " ")
    if keep_space:
        return re.sub(r"[ \t\r\f\v]+", " ", value)
    lines = [" ".join(line.split()) for line in value.split("\n")]
    return "\n".join(line for line in lines if line)


def read_file(path: str | os.PathLike[str], name: str) -> bytes:
    """A file's bytes; one over :data:`MAX_FILE_BYTES` is refused before it is read whole."""
    data = read_limited(path, MAX_FILE_BYTES)
    if data is None:
        raise ReadError(t("import.too_big", path=name, limit=MAX_FILE_BYTES // 2**20))
    return data


def check_zip(path: str | os.PathLike[str], name: str, total: int = MAX_FILE_BYTES * 4) -> None:
    """Refuse a zip file (a workbook, a package) whose parts would unpack to more than
    :data:`MAX_FILE_BYTES` each or ``total`` together, before anything is unpacked: a
    3 MB workbook can hold a 3 GB cell. The sizes are the zip's own: reading more than a
    part's stated size fails its check. A file that is not a zip is left to its reader."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return
    whole = 0
    for part in parts:
        whole += part.file_size
        if part.file_size > MAX_FILE_BYTES or whole > total:
            raise ReadError(t("import.unpacks_too_big", path=name, part=part.filename,
                              limit=(MAX_FILE_BYTES if part.file_size > MAX_FILE_BYTES
                                     else total) // 2**20))


def read_text_file(path, name: str) -> str:
    """A text question file: decoded, line ends as \\n; an empty file is refused."""
    text = decode_text(read_file(path, name), name).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(t("import.empty", path=name))
    return text


#: an image (``<img src=…>``), a sound or a video in HTML, or an Anki sound tag; bounded, so
#: a file of unclosed tags is read in linear time
_MEDIA_TAG = re.compile(r"<(?:img|audio|video|source)\b[^<>]{0,2000}>", re.IGNORECASE)
_MEDIA_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SOUND = re.compile(r"\[sound:([^\[\]\n]{0,500})\]")


def media_names(value: str) -> list[str]:
    """The images, sounds and videos a piece of HTML (or an Anki field) shows, by file name
    (an image without a name as ``<img>``), in order, each once."""
    names = []
    for m in _MEDIA_TAG.finditer(value):
        src = _MEDIA_SRC.search(m.group())
        name = next((g for g in src.groups() if g), "") if src else ""
        names.append(html.unescape(name).rsplit("/", 1)[-1] or m.group().split()[0] + ">")
    names.extend(m.group(1) for m in _SOUND.finditer(value))
    return list(dict.fromkeys(names))


def drop_sounds(value: str) -> str:
    """An Anki field without its ``[sound:…]`` tags (a sound is not text)."""
    return _SOUND.sub("", value)


def note_media(notes: list[Skipped], where: str, *values: str) -> None:
    """Say, for one question, which images and sounds its text had and the import drops."""
    names = media_names("\n".join(values))
    if names:
        notes.append(Skipped(where, t("import.media_dropped",
                                      names=t("validate.list_sep").join(names))))


_NON_ID = re.compile(r"[^A-Za-z0-9_-]+")


def slug(text: str, limit: int = 60) -> str:
    """An id made of ``text``'s ASCII letters and digits ('' when it has none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = _NON_ID.sub("-", ascii_text).strip("-_")[:limit].strip("-_")
    return out if out and ID_RE.match(out) else ""


def _assign_ids(drafts: list[Draft], prefix: str) -> None:
    """Give every draft a unique id: its own (made ASCII) where it has one, else prefix-N."""
    taken: set[str] = set()
    wanted = [slug(d.id_hint) for d in drafts]
    counts: dict[str, int] = {}
    for w in wanted:
        if w:
            counts[w] = counts.get(w, 0) + 1
    number = 0
    for draft, want in zip(drafts, wanted, strict=True):
        if want and want not in taken and (counts[want] == 1 or want == draft.id_hint):
            qid = want
        else:
            base = want or prefix
            while True:
                number += 1
                qid = f"{base}-{number:03d}" if not want else f"{base}-{number}"
                if qid not in taken:
                    break
        taken.add(qid)
        draft.data = {"id": qid, **{k: v for k, v in draft.data.items() if k != "id"}}


def _ordered(data: dict) -> dict:
    out = {k: data[k] for k in KEY_ORDER if k in data}
    out.update((k, v) for k, v in data.items() if k not in out)
    return out


def _check(draft: Draft) -> str:
    """'' when the draft is a valid question, else the validator's first reason."""
    from quizapp.i18n import render

    _, issues, _ = build_set({"title": "x", "questions": [draft.data]}, key="x", path="x")
    return render(issues[0].message) if issues else ""


def dump(title: str, questions: list[dict], *, tags: list[str] | None = None,
         source: str = "", deck: str = "") -> str:
    doc: dict = {"title": title}
    if deck and deck != title:
        doc["deck"] = deck
    if tags:
        doc["tags"] = list(tags)
    if source:
        doc["source"] = source
    doc["questions"] = questions
    return dumps(doc)


def prefix_of(name: str) -> str:
    """The start of the ids of imported questions that bring none, from a file name: its
    ASCII letters and digits, and for a name with other characters (第一单元) a short hash
    of the whole name too, so two banks never share ids and a re-import gives the same."""
    base = slug(name)
    if name.isascii() and base:
        return base
    digest = hashlib.sha256(unicodedata.normalize("NFC", name).encode("utf-8")).hexdigest()[:6]
    return f"{base or 'q'}-{digest}"


def finish(imported: Imported, *, title: str, id_prefix: str, source: str = "") -> Result:
    """Ids, a check of every draft, and the question file's text."""
    drafts = imported.drafts
    _assign_ids(drafts, slug(id_prefix) or "q")
    skipped = list(imported.skipped)
    taken: list[dict] = []
    for draft in drafts:
        reason = _check(draft)
        if reason:
            skipped.append(Skipped(draft.where, reason))
        else:
            taken.append(_ordered(draft.data))
    skipped.sort(key=_where_key)
    text = dump(title, taken, tags=imported.tags, source=source or imported.source,
                deck=imported.deck)
    by_type: dict[str, int] = {}
    for q in taken:
        by_type[q["type"]] = by_type.get(q["type"], 0) + 1
    return Result(text=text, questions=len(taken), skipped=skipped, notes=imported.notes,
                  by_type=by_type)


def _where_key(s: Skipped) -> list:
    """Sort locations by their numbers (row 10 after row 9)."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", s.where)]
