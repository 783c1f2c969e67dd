"""Anki export: a question bank -> a deterministic ``.apkg`` that re-imports cleanly.

What makes a re-import clean:

- Each note's GUID comes from its question id, so an edited question stays the same note.
- Our own note types with fixed ids (never genanki's built-in ones, which every genanki
  deck shares), and frozen field and template names: renaming either makes Anki import a
  renamed copy of the note type and skip every update.
- Anki updates a known note only when the package's modification time (whole seconds) is
  strictly newer. A manifest kept beside the deck (question id -> hash of the rendered
  note -> modification time) keeps the time of unchanged notes and stamps changed or new
  ones with the current time, so a re-import updates exactly the changed notes and never
  overwrites a student's own edits of the others. Note types are stamped the same way, so a
  CSS or template change reaches collections too.
- Unchanged content gives a byte-identical file: ids derive from question ids, every time
  inside the collection comes from the manifest or a constant, and the zip entries carry a
  fixed date.

Teacher text is plain text: ``&``, ``<`` and ``>`` are escaped, newlines become ``<br>``
and braces become entities, so ``{{`` in a field can never be read as template syntax
(in the cloze field, only our own ``{{cN::...}}`` markers stay live).
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import re
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import genanki

from quizapp.core.messages import Msg, msg
from quizapp.core.model import (
    CLOZE_RE,
    Bank,
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
)
from quizapp.core.selection import stable_option_order, stable_shuffle
from quizapp.files import check_output, write_together
from quizapp.i18n import words
from quizapp.untrusted import visible

MANIFEST_FORMAT = 1

# ---------------------------------------------------------------------------------------
# Note types. FROZEN: once a deck is published, never change a model id, a note type's
# name, its field names or order, or its template names. Anki matches note types by id
# and schema; any of those changes makes it import a renamed copy and skip every update.
# Template bodies and CSS may change (the manifest re-stamps the note type so it updates).
# A real schema change needs a new note type (".v2", new id) instead.
#
# Ids were derived once as 1_000_000_000 + int(sha256(name).hexdigest()[:12], 16) % 10**12
# and are hard-coded so they never move.
# ---------------------------------------------------------------------------------------
BASIC_MODEL_ID = 244473327047  # "quizapp.basic.v1"
CHOICE_MODEL_ID = 4323734579  # "quizapp.choice.v1"
CLOZE_MODEL_ID = 361691153838  # "quizapp.cloze.v1"

BASIC_FIELDS = ("Front", "Back", "Explain", "Quote")
CHOICE_FIELDS = ("Prompt", "Kind", "Options", "Answer", "Explain", "Quote")
CLOZE_FIELDS = ("Text", "Accept", "Explain", "Quote")

#: Fixed values where genanki or SQLite would otherwise use the clock.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)
#: Note and card ids look like creation times in milliseconds, as Anki's own do:
#: a stable hash of the question id placed in [ID_BASE, ID_BASE + ID_SPAN).
ID_BASE = 1_600_000_000_000
ID_SPAN = 100_000_000_000

CSS = """\
.card {
  font-family: "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC",
    "Microsoft YaHei", system-ui, sans-serif;
  font-size: 20px;
  line-height: 1.6;
  text-align: left;
  color: #1f2328;
  background-color: #ffffff;
  max-width: 36em;
  margin: 0 auto;
  padding: 0.5em 0.8em;
  overflow-wrap: anywhere;
}
.kind { font-size: 0.75em; color: #57606a; margin-bottom: 0.3em; }
.prompt { font-weight: 600; }
ol.options, ol.items, ul.pairs, ol.sequence { padding-left: 1.8em; margin: 0.5em 0; }
ol.options li, ol.items li, ul.pairs li, ol.sequence li { margin: 0.25em 0; }
.correct { color: #1a7f37; font-weight: 700; }
.correct::after { content: " \\2713"; }
.wrong { color: #8c959f; }
.match-columns { display: flex; flex-wrap: wrap; gap: 0 1.5em; }
.match-columns > div { flex: 1 1 10em; }
.back { margin-top: 0.4em; }
.accept { font-size: 0.85em; color: #57606a; margin-top: 0.5em; }
.explain { margin-top: 0.8em; padding-top: 0.5em; border-top: 1px solid #d0d7de; }
.quote {
  margin: 0.8em 0 0; padding: 0.3em 0.8em; font-size: 0.85em; color: #57606a;
  border-left: 3px solid #d0d7de;
}
.cloze { font-weight: 700; color: #0969da; }
@media (max-width: 480px) {
  .card { font-size: 18px; padding: 0.3em 0.4em; }
}
.nightMode .card, .night_mode .card, .card.nightMode, .card.night_mode {
  color: #e6edf3; background-color: #1e1e1e;
}
.nightMode .kind, .night_mode .kind, .nightMode .accept, .night_mode .accept,
.nightMode .quote, .night_mode .quote { color: #9da7b3; }
.nightMode .correct, .night_mode .correct { color: #56d364; }
.nightMode .wrong, .night_mode .wrong { color: #6e7681; }
.nightMode .cloze, .night_mode .cloze { color: #79c0ff; }
.nightMode .explain, .night_mode .explain { border-top-color: #30363d; }
.nightMode .quote, .night_mode .quote { border-left-color: #30363d; }
"""

_EXTRAS = (
    '{{#Explain}}<div class="explain">{{Explain}}</div>{{/Explain}}'
    '{{#Quote}}<blockquote class="quote">{{Quote}}</blockquote>{{/Quote}}'
)

BASIC_TEMPLATES = (
    {
        "name": "Card",
        "qfmt": '<div class="front">{{Front}}</div>',
        "afmt": '{{FrontSide}}<hr id="answer"><div class="back">{{Back}}</div>' + _EXTRAS,
    },
)
CHOICE_TEMPLATES = (
    {
        "name": "Choice",
        "qfmt": ('{{#Kind}}<div class="kind">{{Kind}}</div>{{/Kind}}'
                 '<div class="prompt">{{Prompt}}</div>{{Options}}'),
        "afmt": ('{{#Kind}}<div class="kind">{{Kind}}</div>{{/Kind}}'
                 '<div class="prompt">{{Prompt}}</div><hr id="answer">{{Answer}}' + _EXTRAS),
    },
)
CLOZE_TEMPLATES = (
    {
        "name": "Cloze",
        "qfmt": "{{cloze:Text}}",
        "afmt": ('{{cloze:Text}}<hr id="answer">'
                 '{{#Accept}}<div class="accept">{{Accept}}</div>{{/Accept}}' + _EXTRAS),
    },
)

#: A deck's own words come from the catalogue in Chinese, the course's language, whatever
#: the interface language: a note's text must not change with the exporting teacher's
#: language, or every re-import would rewrite it.
_DECK = words("zh")
_KINDS = {kind: _DECK(f"deck.kind.{kind}") for kind in ("choice", "multi", "truefalse")}
_TRUE, _FALSE = _DECK("deck.true"), _DECK("deck.false")


class ExportError(Exception):
    """Something the user must fix before a deck can be written: ``where`` (a path, maybe
    with ``:line:col``) and ``message``, a :class:`~quizapp.core.messages.Msg` the front end
    words with the catalogue."""

    def __init__(self, where: str, message: Msg) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if where else str(message))


# --- rendering ------------------------------------------------------------------------

_PLAIN = re.compile(r"[&<>{}\[\]\r\n\x1f]")
_SPACE = re.compile(r"\s")


def text(value: str) -> str:
    """Plain teacher text as safe field HTML: escaped, newlines as ``<br>``, braces inert,
    square brackets as entities (Anki plays ``[sound:../../etc/passwd]`` and speaks
    ``[anki:tts]``: neither is ever live), control and invisible characters shown
    visibly as everywhere else (ESC as ``␛``)."""
    value = visible(value)
    if not _PLAIN.search(value):
        return value
    out = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = out.replace("{", "&#123;").replace("}", "&#125;").replace("\x1f", " ")  # field separator
    out = out.replace("[", "&#91;").replace("]", "&#93;")
    return out.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def safe_tag(tag: str) -> str:
    """An Anki tag: no whitespace (Anki splits tags on it), control characters shown."""
    tag = visible(tag)
    if not _SPACE.search(tag):
        return tag
    return re.sub(r"\s+", "_", tag.strip())


def _items(tag: str, css: str, values: Iterable[str], attrs: str = "") -> str:
    lis = "".join(f"<li>{text(v)}</li>" for v in values)
    return f'<{tag} class="{css}"{attrs}>{lis}</{tag}>'


def _choice_lists(options: tuple[str, ...], correct: Iterable[str]) -> tuple[str, str]:
    """The options as a lettered list (front), and again with the right ones marked (back)."""
    right = set(correct)
    shown = [text(o) for o in options]
    front = "".join(f"<li>{o}</li>" for o in shown)
    back = "".join(f'<li class="{"correct" if o in right else "wrong"}">{h}</li>'
                   for o, h in zip(options, shown, strict=True))
    return (f'<ol class="options" type="A">{front}</ol>',
            f'<ol class="options" type="A">{back}</ol>')


def _shuffled(question_id: str, values: tuple[str, ...]) -> list[str]:
    """A stable shuffle seeded by the question id, never the original order (2+ distinct items)."""
    out = stable_shuffle(f"shuffle:{question_id}", values)
    if len(out) > 1 and out == list(values):
        out = out[1:] + out[:1]
    return out


def _cloze_text(q: FillQuestion) -> str:
    """The prompt with our cloze markers kept live and everything else made inert."""
    parts: list[str] = []
    pos = 0
    for m in CLOZE_RE.finditer(q.prompt):
        parts.append(text(q.prompt[pos:m.start()]))
        marker = f"{{{{c{int(m.group(1))}::{text(m.group(2))}"
        if m.group(3):
            marker += f"::{text(m.group(3))}"
        parts.append(marker + "}}")
        pos = m.end()
    parts.append(text(q.prompt[pos:]))
    return "".join(parts)


def _accept_html(q: FillQuestion) -> str:
    lines = [
        f"c{b.number}: " + " / ".join(text(a) for a in b.accepted)
        for b in q.blanks
        if b.accept
    ]
    return (_DECK("deck.also_accepted") + "<br>" + "<br>".join(lines)) if lines else ""


_TF_LISTS = {answer: _choice_lists((_TRUE, _FALSE), (_TRUE if answer else _FALSE,))
             for answer in (True, False)}


def render_fields(q: Question) -> tuple[int, list[str]]:
    """The note type id and field values (HTML) for one question."""
    explain, quote = text(q.explain), text(q.quote)
    if isinstance(q, ChoiceQuestion):
        front, back = _choice_lists(stable_option_order(q), (q.answer,))
        return CHOICE_MODEL_ID, [text(q.prompt), _KINDS["choice"], front, back, explain, quote]
    if isinstance(q, MultiQuestion):
        front, back = _choice_lists(stable_option_order(q), q.answers)
        return CHOICE_MODEL_ID, [text(q.prompt), _KINDS["multi"], front, back, explain, quote]
    if isinstance(q, TrueFalseQuestion):
        front, back = _TF_LISTS[q.answer]
        return CHOICE_MODEL_ID, [text(q.prompt), _KINDS["truefalse"], front, back, explain, quote]
    if isinstance(q, FillQuestion):
        return CLOZE_MODEL_ID, [_cloze_text(q), _accept_html(q), explain, quote]
    if isinstance(q, MatchQuestion):
        front = (f'<div class="kind">{_DECK("deck.kind.match")}</div><div class="prompt">{text(q.prompt)}</div>'
                 '<div class="match-columns">'
                 f'<div>{_items("ol", "items", q.lefts)}</div>'
                 f'<div>{_items("ul", "items", _shuffled(q.id, q.rights))}</div></div>')
        back = '<ul class="pairs">' + "".join(
            f"<li>{text(a)} → {text(b)}</li>" for a, b in q.pairs) + "".join(
            f'<li class="extra">{text(b)}</li>' for b in q.extra) + "</ul>"
        return BASIC_MODEL_ID, [front, back, explain, quote]
    if isinstance(q, OrderQuestion):
        front = (f'<div class="kind">{_DECK("deck.kind.order")}</div><div class="prompt">{text(q.prompt)}</div>'
                 + _items("ul", "items", _shuffled(q.id, q.items)))
        return BASIC_MODEL_ID, [front, _items("ol", "sequence", q.items), explain, quote]
    if isinstance(q, CardQuestion):
        return BASIC_MODEL_ID, [text(q.front or q.prompt), text(q.back), explain, quote]
    raise ExportError(q.id, msg("export.err.type", type=q.type))


#: every note carries the tag ``quizapp::id::<question id>`` (ids never contain spaces)
ID_TAG = "quizapp::id::"


def extra_tags(q: Question) -> str:
    """The tags by which ``quizapp import`` gives the note back as the same question: its id,
    and what the fields do not show (points, no shuffling, level) when not the default."""
    tags = [f"{ID_TAG}{q.id}"]
    if q.points != 1:
        tags.append(f"quizapp::points::{q.points}")
    if getattr(q, "shuffle", True) is False:
        tags.append("quizapp::shuffle::no")
    if q.level != "recall":
        tags.append(f"quizapp::level::{q.level}")
    return " ".join(tags)


def note_tags(q: Question, set_key: str) -> list[str]:
    """The set's and the question's tags made safe, plus the type and set tags; sorted, unique."""
    tags = {safe_tag(t) for t in q.tags} | {f"quizapp::type::{q.type}"}
    if set_key:
        tags.add(f"quizapp::set::{safe_tag(set_key)}")
    tags.discard("")
    return sorted(tags)


# genanki.guid_for hashes the id and base-91 encodes it one digit at a time; doing both
# once here, two digits per step with genanki's own table (an internal, hence the pin),
# keeps the export within its goal: benchmarks/run.py anki_export_10k measured 1.19x bare
# genanki with this and 1.33-1.41x with guid_for (tests check the GUIDs are the same).
_BASE91 = "".join(genanki.util.BASE91_TABLE)
_BASE91_PAIRS = [a + b for a in _BASE91 for b in _BASE91]  # two digits per step


def _guid_and_number(question_id: str) -> tuple[str, int]:
    """The note's GUID, ``genanki.guid_for("quizapp", question_id)`` computed the same way,
    and the 64-bit number it encodes (which also seeds the note's id)."""
    number = int.from_bytes(hashlib.sha256(f"quizapp__{question_id}".encode()).digest()[:8], "big")
    n, out = number, []
    while n >= 8281:
        n, r = divmod(n, 8281)
        out.append(_BASE91_PAIRS[r])
    head = _BASE91_PAIRS[n] if n >= 91 else _BASE91[n] if n else ""
    return head + "".join(reversed(out)), number


def note_guid(question_id: str) -> str:
    return _guid_and_number(question_id)[0]


# --- manifest ---------------------------------------------------------------------------

@dataclass
class Manifest:
    """question id -> {"hash", "mod", "model"}; note type name -> {"hash", "mod"}.

    ``hash`` covers everything Anki shows of the note, ``mod`` is the note's modification
    time in whole seconds, ``model`` the note type id (to notice a changed question type).
    """

    notes: dict[str, dict] = field(default_factory=dict)
    notetypes: dict[str, dict] = field(default_factory=dict)
    #: questions an export left out that earlier ones had (their last entry), listed on
    #: every export until the teacher says they are dealt with (``--removed-done``)
    removed: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """The manifest at ``path`` (empty when the file does not exist)."""
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            raise ExportError(str(path), msg("export.err.manifest_unreadable",
                                             error=exc.strerror or str(exc))) from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ExportError(f"{path}:{exc.lineno}:{exc.colno}",
                              msg("export.err.manifest_json", error=exc.msg)) from None
        ok = (isinstance(data, dict) and isinstance(data.get("notes", {}), dict)
              and isinstance(data.get("notetypes", {}), dict)
              and isinstance(data.get("removed", {}), dict))
        entries = [*data.get("notes", {}).values(), *data.get("notetypes", {}).values(),
                   *data.get("removed", {}).values()] if ok else []
        if not ok or not all(isinstance(e, dict) and isinstance(e.get("hash"), str)
                             and isinstance(e.get("mod"), int)
                             and isinstance(e.get("model", 0), int) for e in entries):
            raise ExportError(str(path), msg("export.err.manifest_shape"))
        return cls(notes=dict(data.get("notes", {})), notetypes=dict(data.get("notetypes", {})),
                   removed=dict(data.get("removed", {})))

    def dumps(self) -> str:
        """Sorted keys, one value per line (small diffs); the same text as
        ``json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)``, only faster."""
        def entry(key: str, e: dict) -> str:
            if len(e) == 3 and "model" in e and _JSON_SAFE.fullmatch(key):  # the usual note
                return (f' "{key}": {{\n   "hash": "{e["hash"]}",\n   "mod": {int(e["mod"])},'
                        f'\n   "model": {int(e["model"])}\n  }}')
            values = ",\n   ".join(f'"{k}": {_json(v) if isinstance(v, str) else int(v)}'
                                   for k, v in sorted(e.items()))
            return f" {_json(key)}: {{\n   {values}\n  }}"

        def block(entries: dict[str, dict]) -> str:
            if not entries:
                return "{}"
            return "{\n " + ",\n ".join(entry(k, entries[k]) for k in sorted(entries)) + "\n }"

        removed = f',\n "removed": {block(self.removed)}' if self.removed else ""
        return (f'{{\n "format": {MANIFEST_FORMAT},\n "notes": {block(self.notes)},\n'
                f' "notetypes": {block(self.notetypes)}{removed}\n}}\n')


_JSON_SAFE = re.compile(r"[A-Za-z0-9_.:() -]*")


def _json(value: str) -> str:
    if _JSON_SAFE.fullmatch(value):
        return f'"{value}"'
    return json.dumps(value, ensure_ascii=False)


def _stamp(previous: dict | None, digest: str, now: int) -> int:
    """Keep the time of unchanged content; otherwise now, strictly after the previous time."""
    if previous is None:
        return now
    if previous["hash"] == digest:
        return previous["mod"]
    return max(now, previous["mod"] + 1)


def _digest(*parts: object) -> str:
    blob = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def _note_digest(model_id: int, fields: list[str], tags: str, deck: str) -> str:
    """Hash of everything Anki shows of a note (fields never contain \x1f; tags are
    space-separated)."""
    blob = "\x1e".join((str(model_id), "\x1f".join(fields), tags, deck))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


# --- the collection: genanki writes the schema, decks and note types; rows go in bulk ---

_MODEL_SPECS = {
    BASIC_MODEL_ID: ("quizapp 问答 (basic v1)", BASIC_FIELDS, BASIC_TEMPLATES, genanki.Model.FRONT_BACK),
    CHOICE_MODEL_ID: ("quizapp 选择 (choice v1)", CHOICE_FIELDS, CHOICE_TEMPLATES, genanki.Model.FRONT_BACK),
    CLOZE_MODEL_ID: ("quizapp 填空 (cloze v1)", CLOZE_FIELDS, CLOZE_TEMPLATES, genanki.Model.CLOZE),
}


def _model_digest(model_id: int) -> str:
    name, fields, templates, kind = _MODEL_SPECS[model_id]
    return _digest(model_id, name, fields, templates, kind, CSS)


class _Ids:
    """Note and card ids from a stable hash of the question id, probing past collisions
    (deterministically, in export order). A note's cards take the ids just after its own."""

    def __init__(self) -> None:
        self.notes: set[int] = set()
        self.cards: set[int] = set()

    @staticmethod
    def _free(used: set[int], value: int) -> int:
        while value in used:
            value = ID_BASE + (value - ID_BASE + 1) % ID_SPAN
        used.add(value)
        return value

    def take(self, number: int, ords: Iterable[int]) -> list[int]:
        note_id = self._free(self.notes, ID_BASE + number % ID_SPAN)
        return [note_id] + [self._free(self.cards, note_id + o) for o in ords]


def deck_id_for(name: str) -> int:
    h = int.from_bytes(hashlib.sha256(f"quizapp.deck:{name}".encode()).digest()[:8], "big")
    return ID_BASE + h % ID_SPAN


def _deck_name(qset) -> str:
    name = visible(qset.deck or qset.title or qset.key, multiline=False).strip()
    # Anki deck parts cannot be empty: "a::::b" or a trailing "::" would make one.
    parts = [p.strip() for p in name.split("::")]
    return "::".join(p for p in parts if p) or qset.key


def _card_ords(q: Question, model_id: int, fields: list[str]) -> list[int]:
    """The cards Anki makes for a note: one per distinct cloze number, else one if the
    front has text (as genanki and Anki decide)."""
    if model_id == CLOZE_MODEL_ID:
        return sorted({int(n) - 1 for n in re.findall(r"\{\{c(\d+)::", fields[0]) if int(n) > 0})
    front = fields[0] if model_id == BASIC_MODEL_ID else "".join(fields[:3])
    return [0] if front.strip() else []


@dataclass
class ExportResult:
    path: Path
    manifest_path: Path
    notes: int = 0
    cards: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    decks: int = 0
    #: questions whose Anki note type changed (say, choice -> card): Anki will not update
    #: those notes in a collection that has them, since it cannot change a note's type on
    #: import (it reports them as conflicting)
    retyped: list[str] = field(default_factory=list)
    #: ids of questions the previous export (its manifest) had and this one does not: Anki
    #: never deletes a note on import, so they stay in every collection that has them
    removed: list[str] = field(default_factory=list)


@dataclass
class Built:
    """Everything that goes into the collection: genanki decks and note types, and rows."""

    package: genanki.Package
    notes: list[tuple]
    cards: list[tuple]
    manifest: Manifest
    counts: dict
    #: note type id -> its modification time (whole seconds) from the manifest
    model_mods: dict[int, int] = field(default_factory=dict)


def build_package(
    bank: Bank,
    previous: Manifest,
    now: int,
    on_note: Callable[[], None] | None = None,
    removed_done: bool = False,
) -> Built:
    """Render every question into note and card rows and stamp them from the manifest."""
    manifest = Manifest()
    decks: dict[str, genanki.Deck] = {}
    deck_models: dict[str, set[int]] = {}
    ids = _Ids()
    counts: dict[str, Any] = {"notes": 0, "cards": 0, "new": 0, "changed": 0, "unchanged": 0}
    notes: list[tuple] = []
    cards: list[tuple] = []
    entries = manifest.notes
    old = previous.notes
    tag_cache: dict[tuple, str] = {}
    retyped: list[str] = []

    position = 0
    for qset in bank.sets:
        deck_name = _deck_name(qset)
        if deck_name not in decks:
            decks[deck_name] = genanki.Deck(deck_id_for(deck_name), deck_name)
            deck_models[deck_name] = set()
        deck_id = decks[deck_name].deck_id
        used = deck_models[deck_name]
        for q in qset.questions:
            qid = q.id
            if qid in entries:
                raise ExportError(qset.path, msg("export.err.id_twice", id=qid))
            model_id, fields = render_fields(q)
            ords = _card_ords(q, model_id, fields)
            if not ords:
                raise ExportError(qset.path, msg("export.err.no_card", id=qid))
            tag_key = (q.tags, q.type, qset.key or q.set_key)
            tags = tag_cache.get(tag_key)
            if tags is None:
                tags = tag_cache[tag_key] = " ".join(note_tags(q, tag_key[2]))
            # the digest leaves out the machine tags (id, points, …): a points change alone
            # is nothing a student sees, so it never makes Anki overwrite a note
            digest = _note_digest(model_id, fields, tags, deck_name)
            tags = f"{tags} {extra_tags(q)}"
            prev = old.get(qid)
            if prev is None:
                mod = now
                counts["new"] += 1
            elif prev["hash"] == digest:
                mod = prev["mod"]
                counts["unchanged"] += 1
            else:
                mod = max(now, prev["mod"] + 1)
                counts["changed"] += 1
            entries[qid] = {"hash": digest, "mod": mod, "model": model_id}
            if prev is not None and prev.get("model", model_id) != model_id:
                retyped.append(qid)
            used.add(model_id)
            position += 1
            guid, number = _guid_and_number(qid)
            note_id, *card_ids = ids.take(number, ords)
            # genanki's row layout (genanki.Note / genanki.Card .write_to_db)
            notes.append((note_id, guid, model_id, mod, -1, f" {tags} ",
                          "\x1f".join(fields), fields[0], 0, 0, ""))
            for card_id, ord_ in zip(card_ids, ords, strict=True):
                cards.append((card_id, note_id, deck_id, ord_, mod, -1, 0, 0, position,
                              0, 0, 0, 0, 0, 0, 0, 0, ""))
            if on_note is not None:
                on_note()

    models = {}
    model_mods: dict[int, int] = {}
    for model_id in sorted(set().union(*deck_models.values())):
        name, field_names, templates, kind = _MODEL_SPECS[model_id]
        digest = _model_digest(model_id)
        mod = _stamp(previous.notetypes.get(name), digest, now)
        manifest.notetypes[name] = {"hash": digest, "mod": mod}
        models[model_id] = genanki.Model(
            model_id, name, fields=[{"name": f} for f in field_names],
            templates=[dict(t) for t in templates], css=CSS, model_type=kind)
        model_mods[model_id] = mod
    for name, deck in decks.items():
        for model_id in sorted(deck_models[name]):
            deck.add_model(models[model_id])

    # a question left out stays listed on later exports too, until the teacher says it is
    # dealt with: Anki keeps its note in every collection that imported it
    removed = sorted((set(old) | set(previous.removed)) - set(entries))
    if not removed_done:
        manifest.removed = {qid: old.get(qid) or previous.removed[qid] for qid in removed}
    counts.update(notes=len(notes), cards=len(cards), decks=len(decks), retyped=retyped,
                  removed=removed)
    return Built(genanki.Package(list(decks.values())), notes, cards, manifest, counts,
                 model_mods)


# --- writing ----------------------------------------------------------------------------

def _zip_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_STORED  # as genanki; also keeps bytes zlib-independent
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


# Why the collection is written here and not by genanki's public ``Package.write_to_file``
# (the genanki internals that remain, and why pyproject.toml holds genanki to 0.13): that
# call stamps every note with the one time it is given, so a note's manifest time is lost
# (a re-import would overwrite every note or none); counts note and card ids up from that
# time, so they move when a question is added; zips a temporary file under its own date,
# so unchanged content never gives the same bytes; and rewrites the deck list once per deck
# (quadratic: the ``anki_export_5000_sets`` figure). What the public route would cost in
# time besides is the ``anki_export_10k_public_api`` figure
# (benchmarks/bench_anki.py), beside this writer's ``anki_export_10k``.

def _write_collection(cursor: sqlite3.Cursor, built: Built) -> None:
    """genanki's schema and collection row (fixed times), then the deck list and the note
    types, each written once.

    genanki's own ``Package.write_to_db`` reads, extends and rewrites the whole deck list
    once per deck, which is quadratic (5,000 sets did not finish in two minutes). The
    JSON written here is what it would mean: every deck, and each note type once, bound
    to the last deck that uses it. Notes and cards are inserted by the caller.
    """
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    cursor.executescript(APKG_SCHEMA)
    cursor.executescript(APKG_COL)
    (decks_text, models_text), = cursor.execute("SELECT decks, models FROM col").fetchall()
    decks, models = json.loads(decks_text), json.loads(models_text)
    for deck in built.package.decks:
        decks[str(deck.deck_id)] = deck.to_json()
        for model in deck.models.values():
            # genanki stamps a note type with the timestamp it is given: the manifest's
            models[str(model.model_id)] = model.to_json(built.model_mods[model.model_id],
                                                        deck.deck_id)
    cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(decks),
                                                            json.dumps(models)))


def collection_bytes(built: Built) -> bytes:
    """The SQLite collection inside the package: the same content gives the same bytes."""
    conn = sqlite3.connect(":memory:")
    try:
        cursor = conn.cursor()
        _write_collection(cursor, built)
        # Bulk load: drop genanki's indexes, insert in id order (appending to the b-trees),
        # then build the same indexes again.
        indexes = cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                 "AND sql IS NOT NULL ORDER BY name").fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                           sorted(built.notes))
        cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           sorted(built.cards))
        for _, sql in indexes:
            cursor.execute(sql)
        conn.commit()
        db = bytearray(conn.serialize())
    finally:
        conn.close()
    # Bytes 96-99 of the SQLite header record the library version that wrote the file;
    # fix them so the deck does not change with the SQLite build.
    db[96:100] = (3_040_000).to_bytes(4, "big")
    return bytes(db)


def write_package(built: Built, fh) -> None:
    """Write the ``.apkg`` (a zip: the collection and an empty media map) to ``fh``."""
    with zipfile.ZipFile(fh, "w") as out:
        out.writestr(_zip_entry("collection.anki2"), collection_bytes(built))
        out.writestr(_zip_entry("media"), "{}")


def package_bytes(built: Built) -> bytes:
    buf = io.BytesIO()
    write_package(built, buf)
    return buf.getvalue()


def manifest_path_for(deck_path: Path) -> Path:
    from quizapp import paths

    return paths.manifest_path(deck_path)


def export_anki(
    bank: Bank,
    path: Path,
    manifest_path: Path | None = None,
    *,
    now: int | None = None,
    on_note: Callable[[], None] | None = None,
    removed_done: bool = False,
) -> ExportResult:
    """Write ``bank`` as an Anki deck to ``path`` and update the manifest beside it.

    ``now`` (whole seconds) stamps changed and new notes; it defaults to the clock.
    ``on_note`` is called once per note rendered (for a progress bar).
    Questions earlier exports had and this one does not are listed (``removed``) on this
    and every later export, until one with ``removed_done`` (they are still listed on it).
    Raises :class:`ExportError` on content that cannot be exported, and
    :class:`quizapp.files.RefusedOutput` when ``path`` is not a ``.apkg`` that is a regular
    file or absent (or its manifest is not a regular file or absent); nothing is written
    then. The deck and its manifest are written together: a full disk leaves both as
    they were.
    """
    path = check_output(path, ".apkg")
    manifest_path = check_output(
        Path(manifest_path) if manifest_path else manifest_path_for(path), ".json")
    if not bank.questions:
        raise ExportError("", msg("export.err.no_questions"))
    previous = Manifest.load(manifest_path)
    stamp = int(time.time()) if now is None else int(now)
    # Rendering allocates a few small objects per question and frees none: pausing the
    # cyclic garbage collector meanwhile saves it rescanning a growing heap.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        built = build_package(bank, previous, stamp, on_note, removed_done)
        manifest_text = built.manifest.dumps().encode("utf-8")
        write_together([(path, lambda fh: write_package(built, fh)),
                        (manifest_path, lambda fh: fh.write(manifest_text))])
    finally:
        if gc_was_enabled:
            gc.enable()
    return ExportResult(path=path, manifest_path=manifest_path, **built.counts)
