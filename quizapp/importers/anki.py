"""Anki packages (.apkg, .colpkg) -> drafts, read with Anki's own library.

The package is opened by the ``anki`` package (Anki's maintained Python library, the
same code the desktop app imports with), into a throwaway collection in a temporary
folder: every package version Anki writes (the old ``collection.anki2``, ``anki21``, the
compressed ``anki21b``) is read the way Anki reads it, never by hand.

- Our own notes (exported by ``quizapp export anki``; tagged ``quizapp::type::…`` and
  ``quizapp::id::…``) come back as the questions they came from, with their ids.
- Cloze notes -> ``fill`` with the same blanks (numbers closed up if they skip one).
- Other notes (Basic, Basic and reversed, type-in, …) -> ``card``: the first field is the
  front, the second the back. HTML becomes plain text; images and sounds are dropped, and
  each note that had some is named.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from pathlib import Path

from quizapp.core.model import CLOZE_RE
from quizapp.i18n import t
from quizapp.importers.common import (
    Draft,
    Imported,
    ReadError,
    Skipped,
    check_zip,
    delimited,
    drop_sounds,
    html_to_text,
    note_media,
)

#: a package unpacks to at most this much (its notes, and media it may carry)
MAX_PACKAGE_BYTES = 1024 * 2**20
TYPE_TAG, ID_TAG, SET_TAG = "quizapp::type::", "quizapp::id::", "quizapp::set::"
_CLOZE = CLOZE_RE
# each found by ``delimited`` (linear), never as ``head(.*?)close`` (quadratic)
_LI = re.compile(r"<li(?: class=\"(\w+)\")?>")
_PROMPT_DIV = re.compile(r'<div class="prompt">')
_ITEMS_OL = re.compile(r'<ol class="items">')


def _inside(fragment: str, head: re.Pattern[str], close: str) -> str:
    """What the first ``head ... close`` in ``fragment`` holds."""
    for _, start, end in delimited(fragment, head, close):
        return fragment[start:end]
    raise ValueError(close)


def plain(field: str) -> str:
    """One of our own fields (escaped teacher text, ``<br>`` for line breaks) as text."""
    return html.unescape(field.replace("<br>", "\n"))


def _lis(fragment: str) -> list[tuple[str, str]]:
    return [(m.group(1) or "", plain(fragment[start:end]))
            for m, start, end in delimited(fragment, _LI, "</li>")]


def _our_note(qtype: str, fields: list[str]) -> dict:
    """A note written by ``quizapp export anki`` back into the question it came from."""
    if qtype in ("choice", "multi", "truefalse"):
        prompt, _kind, _options, answer, explain, quote = fields
        marked = _lis(answer)
        options = [text for _, text in marked]
        right = [text for css, text in marked if css == "correct"]
        data: dict = {"type": qtype, "prompt": plain(prompt)}
        if qtype == "truefalse":
            data["answer"] = right == [options[0]]
        else:
            data["options"] = options
            data["answer"] = right[0] if qtype == "choice" and right else right
    elif qtype == "fill":
        text, accept_html, explain, quote = fields
        data = {"type": "fill", "prompt": plain(text)}
        answers = {int(m.group(1)): plain(m.group(2)) for m in _CLOZE.finditer(text)}
        accept: dict[int, list[str]] = {}
        for line in accept_html.split("<br>")[1:]:  # "c1: answer / other / other"
            number, _, rest = line.partition(": ")
            if not number.startswith("c") or not number[1:].isdigit():
                continue
            n, rest = int(number[1:]), plain(rest)
            first = answers.get(n, "") + " / "
            accept[n] = (rest[len(first):] if rest.startswith(first) else rest).split(" / ")
        if accept:
            data["accept"] = accept
    else:
        front, back, explain, quote = fields
        if qtype == "match":
            prompt = _inside(front, _PROMPT_DIV, "</div>")
            lefts = [text for _, text in _lis(_inside(front, _ITEMS_OL, "</ol>"))]
            pairs = {}
            lines = _lis(back)
            paired = [line for css, line in lines if css != "extra"]
            for left, line in zip(lefts, paired, strict=True):
                pairs[left] = line[len(left) + 3:]
            data = {"type": "match", "prompt": plain(prompt), "pairs": pairs}
            extra = [line for css, line in lines if css == "extra"]
            if extra:
                data["extra"] = extra
        elif qtype == "order":
            prompt = _inside(front, _PROMPT_DIV, "</div>")
            data = {"type": "order", "prompt": plain(prompt),
                    "items": [text for _, text in _lis(back)]}
        else:
            data = {"type": "card", "front": plain(front), "back": plain(back)}
    if plain(explain):
        data["explain"] = plain(explain)
    if plain(quote):
        data["quote"] = plain(quote)
    return data


class _NotTaken(ValueError):
    """A note this importer does not take (the message says why)."""


def _cloze_note(text: str, extra: str) -> dict:
    """A foreign Cloze note: its blanks kept, numbered c1, c2, … in their order."""
    if "image-occlusion:" in text:
        raise _NotTaken(t("import.anki.occlusion"))
    numbers = sorted({int(m.group(1)) for m in _CLOZE.finditer(text)})
    if not numbers:
        raise _NotTaken(t("import.anki.no_cloze"))
    renumber = {old: new for new, old in enumerate(numbers, 1)}
    parts, pos = [], 0
    for m in _CLOZE.finditer(text):  # the markers stay; the HTML around and in them goes
        parts.append(html_to_text(text[pos:m.start()], keep_space=True))
        answer = html_to_text(m.group(2))
        hint = f"::{html_to_text(m.group(3))}" if m.group(3) else ""
        parts.append(f"{{{{c{renumber[int(m.group(1))]}::{answer}{hint}}}}}")
        pos = m.end()
    parts.append(html_to_text(text[pos:], keep_space=True))
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    data = {"type": "fill", "prompt": "\n".join(line for line in lines if line)}
    if html_to_text(extra):
        data["explain"] = html_to_text(extra)
    return data


def _basic_note(fields: list[str]) -> dict:
    if len(fields) < 2:
        raise _NotTaken(t("import.anki.one_field"))
    front, back = html_to_text(fields[0]), html_to_text(fields[1])
    if not front or not back:
        raise _NotTaken(t("import.anki.empty_side"))
    return {"type": "card", "front": front, "back": back}


def _open(path: Path, folder: Path):
    """A collection in ``folder`` holding the package's notes (Anki's own import)."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col_path = folder / "collection.anki2"
    if path.suffix.lower() == ".colpkg":
        from anki._backend import RustBackend

        RustBackend().import_collection_package(
            col_path=str(col_path), backup_path=str(path), media_folder=str(folder / "media"),
            media_db=str(folder / "media.db"))
        return Collection(str(col_path))
    col = Collection(str(col_path))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=False)))
    except BaseException:
        col.close()
        raise
    return col


def read(path: Path, name: str) -> Imported:
    try:
        import anki.collection  # noqa: F401
    except ImportError:
        raise ReadError(t("import.anki.no_library", path=name)) from None
    check_zip(path, name, total=MAX_PACKAGE_BYTES)
    out = Imported()
    with tempfile.TemporaryDirectory(prefix="quizapp-anki-") as tmp:
        try:
            col = _open(path.resolve(), Path(tmp))
        except Exception as exc:  # Anki's errors: not a package, too new, damaged
            raise ReadError(t("import.anki.unreadable", path=name, error=exc)) from None
        try:
            _read_notes(col, name, out)
        finally:
            col.close()
    return out


def _read_notes(col, name: str, out: Imported) -> None:
    # authored order: a new card's due is its position; then the note's creation time
    order = {nid: (due, nid) for nid, due in col.db.all(
        "select nid, min(due) from cards group by nid")}
    decks: set[str] = set()
    for number, nid in enumerate(sorted(col.find_notes(""), key=lambda n: order.get(n, (0, n))),
                                 1):
        note = col.get_note(nid)
        notetype = note.note_type() or {}
        deck = col.decks.name(col.get_card(note.card_ids()[0]).did) if note.card_ids() else ""
        if deck:
            decks.add(deck)
            where = t("import.where_note", path=name, number=number, deck=deck)
        else:  # a note without cards (a cloze note without blanks, say)
            where = t("import.where_note_plain", path=name, number=number)
        tags = [tag for tag in note.tags if not tag.startswith("quizapp::")]
        ours = next((tag[len(TYPE_TAG):] for tag in note.tags if tag.startswith(TYPE_TAG)), "")
        qid = next((tag[len(ID_TAG):] for tag in note.tags if tag.startswith(ID_TAG)), "")
        raw = list(note.fields)
        # images and sounds cannot come in: a [sound:…] tag is no text, and each question
        # taken that had some says so
        fields = raw if ours else [drop_sounds(field) for field in raw]
        try:
            if ours:
                data = _our_note(ours, fields)
            elif notetype.get("type") == 1:  # Anki's cloze kind of note type
                data = _cloze_note(fields[0], fields[1] if len(fields) > 1 else "")
            else:
                data = _basic_note(fields)
        except _NotTaken as exc:
            out.skipped.append(Skipped(where, str(exc)))
            continue
        except (ValueError, AttributeError, IndexError, KeyError):  # one of ours, edited
            out.skipped.append(Skipped(where, t("import.anki.unexpected",
                                                notetype=notetype.get("name", ""))))
            continue
        if tags:
            data["tags"] = tags
        for tag in note.tags:
            key, _, value = tag.removeprefix("quizapp::").partition("::")
            if tag.startswith("quizapp::") and key == "points" and value.isdigit():
                data["points"] = int(value)
            elif tag.startswith("quizapp::") and key == "level" and value:
                data["level"] = value
            elif tag == "quizapp::shuffle::no" and data["type"] in ("choice", "multi"):
                data["shuffle"] = False
        if not ours:
            note_media(out.notes, where, *raw)
        out.drafts.append(Draft(data, where, qid))
    # the deck, or the deck that holds all of them (长株潭一体化 for 长株潭一体化::总览, …)
    common = os.path.commonprefix([deck.split("::") for deck in decks]) if decks else []
    if common:
        out.title = common[-1]
