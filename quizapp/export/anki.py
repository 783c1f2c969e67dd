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

import hashlib
import html
import io
import json
import os
import random
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import genanki

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
FIXED_TIMESTAMP = 1_700_000_000  # package timestamp handed to genanki (only seeds ids we override)
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

_KINDS = {"choice": "单选题", "multi": "多选题(选出全部正确项)", "truefalse": "判断题"}
_TRUE, _FALSE = "对", "错"


class ExportError(Exception):
    """Something the user must fix before a deck can be written (message is user-facing)."""


# --- rendering ------------------------------------------------------------------------

def text(value: str) -> str:
    """Plain teacher text as safe field HTML: escaped, newlines as ``<br>``, braces inert."""
    out = html.escape(value, quote=False)
    if "{" in out or "}" in out:
        out = out.replace("{", "&#123;").replace("}", "&#125;")
    if "\n" in out or "\r" in out:
        out = out.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    return out


def safe_tag(tag: str) -> str:
    """An Anki tag: no whitespace (Anki splits tags on it)."""
    return re.sub(r"\s+", "_", tag.strip())


def _items(tag: str, css: str, values: Iterable[str], attrs: str = "") -> str:
    lis = "".join(f"<li>{text(v)}</li>" for v in values)
    return f'<{tag} class="{css}"{attrs}>{lis}</{tag}>'


def _marked(options: Iterable[str], correct: Iterable[str]) -> str:
    right = set(correct)
    lis = "".join(
        f'<li class="{"correct" if o in right else "wrong"}">{text(o)}</li>' for o in options
    )
    return f'<ol class="options" type="A">{lis}</ol>'


def _shuffled(question_id: str, values: tuple[str, ...]) -> list[str]:
    """A stable shuffle seeded by the question id, never the original order (2+ distinct items)."""
    out = list(values)
    seed = int(hashlib.sha256(question_id.encode("utf-8")).hexdigest()[:16], 16)
    random.Random(seed).shuffle(out)
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
    return ("也可答 / also accepted:<br>" + "<br>".join(lines)) if lines else ""


def render_fields(q: Question) -> tuple[int, list[str]]:
    """The note type id and field values (HTML) for one question."""
    explain, quote = text(q.explain), text(q.quote)
    if isinstance(q, ChoiceQuestion):
        return CHOICE_MODEL_ID, [text(q.prompt), _KINDS["choice"],
                                 _items("ol", "options", attrs=' type="A"', values=q.options),
                                 _marked(q.options, [q.answer]), explain, quote]
    if isinstance(q, MultiQuestion):
        return CHOICE_MODEL_ID, [text(q.prompt), _KINDS["multi"],
                                 _items("ol", "options", attrs=' type="A"', values=q.options),
                                 _marked(q.options, q.answers), explain, quote]
    if isinstance(q, TrueFalseQuestion):
        options = (_TRUE, _FALSE)
        return CHOICE_MODEL_ID, [text(q.prompt), _KINDS["truefalse"],
                                 _items("ol", "options", attrs=' type="A"', values=options),
                                 _marked(options, [_TRUE if q.answer else _FALSE]), explain, quote]
    if isinstance(q, FillQuestion):
        return CLOZE_MODEL_ID, [_cloze_text(q), _accept_html(q), explain, quote]
    if isinstance(q, MatchQuestion):
        front = (f'<div class="kind">连线题</div><div class="prompt">{text(q.prompt)}</div>'
                 '<div class="match-columns">'
                 f'<div>{_items("ol", "items", q.lefts)}</div>'
                 f'<div>{_items("ul", "items", _shuffled(q.id, q.rights))}</div></div>')
        back = '<ul class="pairs">' + "".join(
            f"<li>{text(a)} → {text(b)}</li>" for a, b in q.pairs) + "</ul>"
        return BASIC_MODEL_ID, [front, back, explain, quote]
    if isinstance(q, OrderQuestion):
        front = (f'<div class="kind">排序题</div><div class="prompt">{text(q.prompt)}</div>'
                 + _items("ul", "items", _shuffled(q.id, q.items)))
        return BASIC_MODEL_ID, [front, _items("ol", "sequence", q.items), explain, quote]
    if isinstance(q, CardQuestion):
        return BASIC_MODEL_ID, [text(q.front or q.prompt), text(q.back), explain, quote]
    raise ExportError(f"{q.id}: question type {q.type!r} cannot be exported to Anki")


def note_tags(q: Question, set_key: str) -> list[str]:
    """The set's and the question's tags made safe, plus the type and set tags; sorted, unique."""
    tags = {safe_tag(t) for t in q.tags} | {f"quizapp::type::{q.type}"}
    if set_key:
        tags.add(f"quizapp::set::{safe_tag(set_key)}")
    tags.discard("")
    return sorted(tags, key=lambda t: (t.casefold(), t))


def note_guid(question_id: str) -> str:
    return genanki.guid_for("quizapp", question_id)


# --- manifest ---------------------------------------------------------------------------

@dataclass
class Manifest:
    """question id -> {"hash", "mod"}; note type name -> {"hash", "mod"}."""

    notes: dict[str, dict] = field(default_factory=dict)
    notetypes: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """The manifest at ``path`` (empty when the file does not exist)."""
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            raise ExportError(f"{path}: cannot read the deck manifest: {exc.strerror}") from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ExportError(
                f"{path}:{exc.lineno}:{exc.colno}: the deck manifest is not valid JSON "
                f"({exc.msg}); restore it from version control, or delete it to re-stamp "
                "every note") from None
        ok = (isinstance(data, dict) and isinstance(data.get("notes", {}), dict)
              and isinstance(data.get("notetypes", {}), dict))
        entries = [*data.get("notes", {}).values(), *data.get("notetypes", {}).values()] if ok else []
        if not ok or not all(isinstance(e, dict) and isinstance(e.get("hash"), str)
                             and isinstance(e.get("mod"), int) for e in entries):
            raise ExportError(f"{path}: the deck manifest has an unexpected shape; restore it "
                              "from version control, or delete it to re-stamp every note")
        return cls(notes=dict(data.get("notes", {})), notetypes=dict(data.get("notetypes", {})))

    def dumps(self) -> str:
        data = {"format": MANIFEST_FORMAT, "notes": self.notes, "notetypes": self.notetypes}
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


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


# --- genanki with every clock-dependent value under our control -----------------------

class _Model(genanki.Model):
    """A genanki model whose ``mod`` comes from the manifest, not the build time."""

    def __init__(self, *args, mod: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.mod = mod

    def to_json(self, timestamp: float, deck_id):
        data = super().to_json(timestamp, deck_id)
        data["mod"] = self.mod
        return data


class _Note(genanki.Note):
    """A genanki note with its own modification time and ids fixed in advance."""

    def __init__(self, *, mod: int, ids: list[int], on_write: Callable[[], None] | None,
                 **kwargs):
        super().__init__(**kwargs)
        self.mod = mod
        self.ids = ids
        self.on_write = on_write

    def write_to_db(self, cursor, timestamp: float, deck_id, id_gen):
        # genanki stamps the note and its cards with ``timestamp`` and takes ids from
        # ``id_gen``; hand it ours instead.
        super().write_to_db(cursor, self.mod, deck_id, iter(self.ids))
        if self.on_write is not None:
            self.on_write()


_MODEL_SPECS = {
    BASIC_MODEL_ID: ("quizapp 问答 (basic v1)", BASIC_FIELDS, BASIC_TEMPLATES, genanki.Model.FRONT_BACK),
    CHOICE_MODEL_ID: ("quizapp 选择 (choice v1)", CHOICE_FIELDS, CHOICE_TEMPLATES, genanki.Model.FRONT_BACK),
    CLOZE_MODEL_ID: ("quizapp 填空 (cloze v1)", CLOZE_FIELDS, CLOZE_TEMPLATES, genanki.Model.CLOZE),
}


def _model_digest(model_id: int) -> str:
    name, fields, templates, kind = _MODEL_SPECS[model_id]
    return _digest(model_id, name, fields, templates, kind, CSS)


class _Ids:
    """Note and card ids from stable hashes, probing past collisions (deterministically)."""

    def __init__(self) -> None:
        self.used: set[int] = set()

    def take(self, key: str) -> int:
        h = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
        value = ID_BASE + h % ID_SPAN
        while value in self.used:
            value = ID_BASE + (value - ID_BASE + 1) % ID_SPAN
        self.used.add(value)
        return value


def deck_id_for(name: str) -> int:
    h = int.from_bytes(hashlib.sha256(f"quizapp.deck:{name}".encode()).digest()[:8], "big")
    return ID_BASE + h % ID_SPAN


def _deck_name(qset) -> str:
    name = (qset.deck or qset.title or qset.key).strip()
    # Anki deck parts cannot be empty: "a::::b" or a trailing "::" would make one.
    parts = [p.strip() for p in name.split("::")]
    return "::".join(p for p in parts if p) or qset.key


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


def build_package(
    bank: Bank,
    previous: Manifest,
    now: int,
    on_write: Callable[[], None] | None = None,
) -> tuple[genanki.Package, Manifest, dict]:
    """The genanki package for ``bank``, the manifest to write next, and counts."""
    manifest = Manifest()
    used_models: set[int] = set()
    decks: dict[str, genanki.Deck] = {}
    ids = _Ids()
    counts = {"notes": 0, "cards": 0, "new": 0, "changed": 0, "unchanged": 0}
    seen: set[str] = set()
    pending: list[tuple[str, int, list[str], list[str], str, int]] = []

    position = 0
    for qset in bank.sets:
        deck_name = _deck_name(qset)
        if deck_name not in decks:
            decks[deck_name] = genanki.Deck(deck_id_for(deck_name), deck_name)
        for q in qset.questions:
            if q.id in seen:
                raise ExportError(f"{qset.path}: question id {q.id!r} is used twice; "
                                  "every question needs its own id")
            seen.add(q.id)
            position += 1
            model_id, fields = render_fields(q)
            tags = note_tags(q, qset.key or q.set_key)
            digest = _digest(model_id, fields, tags, deck_name)
            prev = previous.notes.get(q.id)
            mod = _stamp(prev, digest, now)
            counts["new" if prev is None else "unchanged" if prev["hash"] == digest
                   else "changed"] += 1
            manifest.notes[q.id] = {"hash": digest, "mod": mod}
            used_models.add(model_id)
            pending.append((q.id, model_id, fields, tags, deck_name, mod))

    models = {}
    for model_id in sorted(used_models):
        name, fields, templates, kind = _MODEL_SPECS[model_id]
        digest = _model_digest(model_id)
        mod = _stamp(previous.notetypes.get(name), digest, now)
        manifest.notetypes[name] = {"hash": digest, "mod": mod}
        models[model_id] = _Model(
            model_id, name, fields=[{"name": f} for f in fields],
            templates=[dict(t) for t in templates], css=CSS, model_type=kind, mod=mod)

    for position, (qid, model_id, fields, tags, deck_name, mod) in enumerate(pending, 1):
        note = _Note(model=models[model_id], fields=fields, tags=tags, guid=note_guid(qid),
                     due=position, mod=mod, ids=[], on_write=on_write)
        cards = note.cards
        if not cards:
            raise ExportError(f"{qid}: the question renders no Anki card (is its text empty?)")
        note.ids = [ids.take(f"note:{qid}")] + [ids.take(f"card:{qid}:{c.ord}") for c in cards]
        decks[deck_name].add_note(note)
        counts["notes"] += 1
        counts["cards"] += len(cards)

    counts["decks"] = len(decks)
    return genanki.Package(list(decks.values())), manifest, counts


# --- writing ----------------------------------------------------------------------------

def _zip_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_STORED  # as genanki; also keeps bytes zlib-independent
    info.create_system = 3
    info.external_attr = 0o644 << 16
    return info


def package_bytes(package: genanki.Package) -> bytes:
    """The ``.apkg`` bytes: the same package always gives the same bytes."""
    conn = sqlite3.connect(":memory:")
    try:
        cursor = conn.cursor()
        # genanki only uses the timestamp for ids and mod times, which we override; the
        # id generator is never consulted but must exist.
        package.write_to_db(cursor, FIXED_TIMESTAMP, iter(()))
        conn.commit()
        db = bytearray(conn.serialize())
    finally:
        conn.close()
    # Bytes 96-99 of the SQLite header record the library version that wrote the file;
    # fix them so the deck does not change with the SQLite build.
    db[96:100] = (3_040_000).to_bytes(4, "big")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        out.writestr(_zip_entry("collection.anki2"), bytes(db))
        out.writestr(_zip_entry("media"), "{}")
    return buf.getvalue()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def manifest_path_for(deck_path: Path) -> Path:
    from quizapp import paths

    return paths.manifest_path(deck_path)


def export_anki(
    bank: Bank,
    path: Path,
    manifest_path: Path | None = None,
    *,
    now: int | None = None,
    on_write: Callable[[], None] | None = None,
) -> ExportResult:
    """Write ``bank`` as an Anki deck to ``path`` and update the manifest beside it.

    ``now`` (whole seconds) stamps changed and new notes; it defaults to the clock.
    ``on_write`` is called once per note written (for a progress bar).
    Raises :class:`ExportError` on content that cannot be exported; nothing is written then.
    """
    path = Path(path)
    manifest_path = Path(manifest_path) if manifest_path else manifest_path_for(path)
    if not bank.questions:
        raise ExportError("no questions to export")
    previous = Manifest.load(manifest_path)
    stamp = int(time.time()) if now is None else int(now)
    package, manifest, counts = build_package(bank, previous, stamp, on_write)
    data = package_bytes(package)
    write_atomic(path, data)
    write_atomic(manifest_path, manifest.dumps().encode("utf-8"))
    return ExportResult(path=path, manifest_path=manifest_path, **counts)
