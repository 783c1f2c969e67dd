"""Load question files into the content model, reporting every problem with its position.

The fast path parses a file once with PyYAML (its C loader when present), with every
plain scalar read as text, and validates the plain data. Only a file that has a problem
is parsed a second time, as a node tree, to turn each problem into a ``line:col``.

Reading every scalar as text is deliberate: the format decides what a value means, not
YAML's implicit typing, so ``answer: no`` is false under YAML 1.1 and 1.2 alike, and an
option such as ``1949`` or ``on`` stays the text the teacher wrote.

Public API: :func:`load_paths`, :func:`load_builtin`, :func:`load_bank`, :class:`Problem`,
:class:`LoadResult`, :class:`ContentError`.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizapp.core.layout import alias_overflow, curly_splits, explain_syntax_error
from quizapp.core.messages import Msg, Words, msg
from quizapp.core.model import QUESTION_TYPES, Bank, QuestionSet
from quizapp.core.validate import ALL_QUESTION_KEYS, SET_KEYS, Issue, Where, build_set
from quizapp.untrusted import (
    INVISIBLE_CLASS,
    MAX_FILE_BYTES,
    MAX_PROBLEMS,
    find_controls,
    find_invisible,
    read_limited,
)

try:  # the C loader is ~4x faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

SUFFIXES = (".yaml", ".yml")
#: every key of the format, for telling a key with a wrong colon from ordinary text
KNOWN_KEYS = frozenset(SET_KEYS + ALL_QUESTION_KEYS)


class TextLoader(_BaseLoader):
    """A safe loader that reads every untagged scalar as a string and notes duplicate keys."""

    yaml_implicit_resolvers: dict[str, Any] = {}

    def __init__(self, stream: str | bytes) -> None:
        super().__init__(stream)
        self.duplicate_keys = False

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):
            self.duplicate_keys = True
        return mapping


class _Unusual(Exception):
    """The file uses something :func:`read_data` leaves to PyYAML's own constructor."""


_TEXT_TAGS = frozenset({None, "!", "tag:yaml.org,2002:str"})
_MAP_TAGS = frozenset({None, "!", "tag:yaml.org,2002:map"})
_SEQ_TAGS = frozenset({None, "!", "tag:yaml.org,2002:seq"})
_MAX_DEPTH = 100  # deeper is no question file: PyYAML's path reports it (too deep)
_UNSET = object()


def read_data(loader: TextLoader) -> object:
    """The document as :meth:`TextLoader.get_single_data` builds it (every untagged scalar a
    string, aliases the same object, ``loader.duplicate_keys`` set), built straight from
    the parser's events.

    PyYAML first composes the whole node tree (each node with two position marks), about
    25 times the file's size in memory, then builds the data from it; here each event is
    dropped once used, so memory stays a few times the file's size and the time linear.
    Anything unusual (an explicit tag, a key that is a list or a mapping, an undefined or
    repeated anchor, a second document, deep nesting) raises :class:`_Unusual`, and the
    caller starts again with PyYAML's path, which treats or reports it as before.
    """
    get: Any = loader.get_event  # its events, told apart by class below
    if not isinstance(get(), yaml.StreamStartEvent):
        raise _Unusual
    event = get()
    if isinstance(event, yaml.StreamEndEvent):
        return None
    if not isinstance(event, yaml.DocumentStartEvent):
        raise _Unusual
    anchors: dict[str, object] = {}
    stack: list[list[Any]] = []  # [dict[str, Any], pending key] or [list[Any]]
    root = _UNSET
    scalar, mapping_start, sequence_start = (yaml.ScalarEvent, yaml.MappingStartEvent,
                                             yaml.SequenceStartEvent)
    while True:
        event = get()
        kind: Any = type(event)  # one of PyYAML's event classes
        if kind is scalar:
            if event.tag not in _TEXT_TAGS:
                raise _Unusual
            value: object = event.value
            container = False
        elif kind is mapping_start or kind is sequence_start:
            if event.tag not in (_MAP_TAGS if kind is mapping_start else _SEQ_TAGS):
                raise _Unusual
            value = {} if kind is mapping_start else []
            container = True
        elif kind is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise _Unusual
            value = anchors[event.anchor]
            container = False
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            if not stack:
                break
            continue
        else:
            raise _Unusual
        anchor = getattr(event, "anchor", None) if kind is not yaml.AliasEvent else None
        if anchor is not None:
            if anchor in anchors:
                raise _Unusual
            anchors[anchor] = value
        if stack:
            top = stack[-1]
            target = top[0]
            if type(target) is list:
                target.append(value)
            elif top[1] is _UNSET:
                if not isinstance(value, str):
                    raise _Unusual  # a list or mapping as a key
                top[1] = value
            else:
                if top[1] in target:
                    loader.duplicate_keys = True
                target[top[1]] = value
                top[1] = _UNSET
        else:
            root = value
        if container:
            if len(stack) >= _MAX_DEPTH:
                raise _Unusual
            stack.append([value, _UNSET] if type(value) is dict else [value])
        elif not stack:
            break
    if not isinstance(get(), yaml.DocumentEndEvent) or not isinstance(get(),
                                                                       yaml.StreamEndEvent):
        raise _Unusual  # e.g. a second document
    return root


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one file, at a 1-based line and column.

    ``message`` is a :class:`Msg`: the front end words it with the catalogue
    (:meth:`format`), in the interface language.
    """

    path: str
    line: int
    col: int
    message: Msg

    def text(self, words: Words) -> str:
        """The message alone, in words."""
        return self.message.render(words)

    def format(self, words: Words) -> str:
        """``path:line:col: message``, in words."""
        return f"{self.path}:{self.line}:{self.col}: {self.text(words)}"

    def __str__(self) -> str:  # logs and debugging; people read :meth:`format`
        return f"{self.path}:{self.line}:{self.col}: {self.message}"

    def to_dict(self, words: Words) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "col": self.col,
                "code": self.message.key, "message": self.text(words)}


@dataclass
class LoadResult:
    """What :func:`load_paths` found: the sets that loaded cleanly and every problem."""

    sets: list[QuestionSet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: things worth a look that do not stop a file from loading (e.g. two questions that
    #: read the same, which Anki takes for duplicates)
    warnings: list[Problem] = field(default_factory=list)
    files: int = 0
    #: valid questions by type, across every file (including files with problems)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(QUESTION_TYPES, 0))

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        """Every problem found, those a file's ``problem.more`` line counts included."""
        total = 0
        for p in self.problems:
            total += int(str(dict(p.message.params)["n"])) if p.message.key == "problem.more" else 1
        return total

    @property
    def bank(self) -> Bank:
        return Bank.of(self.sets)


class ContentError(Exception):
    """Raised by :func:`load_bank` when any question file has a problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = [str(p) for p in problems[:20]]
        if len(problems) > 20:
            lines.append(f"... and {len(problems) - 20} more")
        super().__init__("\n".join(lines))


# ---------------------------------------------------------------------------------------
# reading bytes


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset (column counted in bytes on that line)."""
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def decode(data: bytes, path: str) -> tuple[str | None, Problem | None]:
    """Bytes to text, or a one-line explanation of why the file is not a UTF-8 text file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(path, 1, 1, msg("problem.utf16"))
    if b"\x00" in data:
        return None, Problem(path, 1, 1, msg("problem.binary"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _position(data, err.start)
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            return None, Problem(path, line, col,
                                 msg("problem.not_utf8", byte=f"0x{data[err.start]:02x}"))
        return None, Problem(path, line, col, msg("problem.gbk"))
    if not text.strip():
        return None, Problem(path, 1, 1, msg("problem.empty_file"))
    return text, None


# ---------------------------------------------------------------------------------------
# YAML errors, in plain language


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _value_part(line: str) -> str:
    """What follows ``key:`` or ``- `` on a line, stripped."""
    s = line.strip()
    while s.startswith("- "):
        s = s[2:].lstrip()
    if ": " in s and not s.startswith(("'", '"')):
        s = s.split(": ", 1)[1].lstrip()
    elif s.endswith(":"):
        s = ""
    return s


def _hint(err: yaml.YAMLError, text: str, line_index: int) -> Msg:
    """The syntax error explained in a teacher's words (no parser jargon)."""
    problem = str(getattr(err, "problem", "") or "")
    context = str(getattr(err, "context", "") or "")
    here = _line(text, line_index)
    above = _line(text, line_index - 1)
    if "\t" in here[: len(here) - len(here.lstrip())] or "\t" in problem:
        return msg("syntax.tab")
    if "another document" in problem or "single document" in problem:
        return msg("syntax.second_document")
    if "undefined alias" in problem or "undefined alias" in context:
        return msg("syntax.star")
    if "quoted scalar" in context and "end of stream" in problem:
        return msg("syntax.unclosed_quote")
    if "could not determine a constructor" in problem:
        return msg("syntax.tag")
    for line in (here, above):
        value = _value_part(line)
        if value[:1] in ('"', "'"):
            closing = value.find(value[0], 1)
            if 0 < closing < len(value) - 1 and value[closing + 1:].strip()[:1] not in ("#", ""):
                return msg("syntax.partly_quoted")
        if value.startswith("{"):
            return msg("syntax.brace")
        if value.startswith("["):
            if "expected ',' or ']'" in problem or "flow sequence" in context:
                return msg("syntax.bracket_item")
            return msg("syntax.bracket")
    if "cannot start any token" in problem:
        return msg("syntax.reserved_start")
    if "mapping values are not allowed" in problem:
        return msg("syntax.colon_in_value")
    if "could not find expected ':'" in problem:
        return msg("syntax.missing_colon")
    return msg("syntax.generic")


def _syntax_problem(err: yaml.YAMLError, text: str, path: str) -> Problem:
    """A YAML error as the authoring mistake behind it, when one is recognised."""
    mark = getattr(err, "problem_mark", None)
    if mark is not None:
        found = explain_syntax_error(text, mark.line + 1, KNOWN_KEYS)
        if found is not None:
            return Problem(path, *found)
    return _yaml_problem(err, text, path)


def _yaml_problem(err: yaml.YAMLError, text: str, path: str) -> Problem:
    mark = getattr(err, "problem_mark", None)
    context_mark = getattr(err, "context_mark", None)
    problem = str(getattr(err, "problem", "") or "")
    if "end of stream" in problem and context_mark is not None:
        mark = context_mark
    if mark is None and isinstance(err, yaml.reader.ReaderError):
        prefix = text[: err.position]
        line = prefix.count("\n")
        col = err.position - (prefix.rfind("\n") + 1)
        return Problem(path, line + 1, col + 1,
                       msg("problem.control_char", code=f"U+{err.character:04X}"))
    line, col = (mark.line, mark.column) if mark is not None else (0, 0)
    return Problem(path, line + 1, col + 1, _hint(err, text, line))


# ---------------------------------------------------------------------------------------
# locating problems in the node tree


class _AliasLoader(yaml.SafeLoader):
    """Composes the node tree with each ``*alias`` as a copy of its anchor's node that
    stands where the alias is written, so a problem in aliased content points at the alias
    (the place the question uses it), not at the anchor."""

    yaml_implicit_resolvers: dict[str, Any] = {}

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:  # noqa: D102
        if not self.check_event(yaml.AliasEvent):
            return super().compose_node(parent, index)
        peek: Any = self.peek_event  # untyped in PyYAML's stubs
        mark = peek()
        node = super().compose_node(parent, index)
        alias: Any = copy.copy(node)
        alias.start_mark, alias.end_mark = mark.start_mark, mark.end_mark
        alias.anchored = node
        return alias  # type: ignore[no-any-return]  # a copy of the node: a Node


#: an anchor (``&name``) where YAML reads one: only a file with one can have aliases, and only
#: then is the slower pure-Python composer needed
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s,\[\]{}]")


def _compose(text: str) -> yaml.Node | None:
    loader = _AliasLoader(text) if _ANCHOR.search(text) else TextLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _keys(node: yaml.MappingNode) -> dict[Any, tuple[yaml.Node, yaml.Node]]:
    """A mapping node's text keys: key -> (key node, value node); the last of duplicate
    keys wins, as in load."""
    return {key_node.value: (key_node, value_node) for key_node, value_node in node.value
            if isinstance(key_node, yaml.ScalarNode)}


def _find(node: Any, path: tuple[Any, ...], where: Where, into_aliases: bool = False,
          index: dict[int, dict[Any, tuple[yaml.Node, yaml.Node]]] | None = None) -> Any:
    """The node a validation path points at, or the nearest node above it: an alias on the
    way, unless ``into_aliases`` (then the anchored content it repeats). ``index`` keeps
    each mapping's keys once looked up (a mapping of k keys with k problems is located in
    linear time, not quadratic)."""
    if index is None:
        index = {}
    for i, step in enumerate(path):
        last = i == len(path) - 1
        anchored = getattr(node, "anchored", None)
        if anchored is not None:
            if not into_aliases:
                return node
            node = anchored
        if isinstance(node, yaml.MappingNode):
            keys = index.get(id(node))
            if keys is None:
                keys = index[id(node)] = _keys(node)
            match = keys.get(step) if isinstance(step, str) else None
            if match is None:
                return node
            if last and where == "key":
                return match[0]
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                return node
            node = node.value[step]
        else:
            return node
    return node


def _duplicate_keys(node: Any, out: list[Any]) -> None:
    """Every repeated key in the node tree, as (second key node, first key node)."""
    stack = [node]
    seen_nodes: set[int] = set()
    while stack:
        n = stack.pop()
        if id(n) in seen_nodes:
            continue
        seen_nodes.add(id(n))
        if isinstance(n, yaml.MappingNode):
            first: dict[str, Any] = {}
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in first:
                        out.append((k, first[k.value]))
                    else:
                        first[k.value] = k
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


class _File:
    """One file's text and, only when needed, its node tree for positions."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self._root: yaml.Node | None = None
        self._index: dict[int, dict[Any, tuple[yaml.Node, yaml.Node]]] = {}

    @property
    def root(self) -> yaml.Node | None:
        if self._root is None:
            self._root = _compose(self.text)
        return self._root

    def locate(self, path: tuple[Any, ...], where: Where,
               into_aliases: bool = False) -> tuple[int, int]:
        node = _find(self.root, path, where, into_aliases, self._index)
        node = getattr(node, "anchored", node) if into_aliases else node
        mark = node.start_mark
        return mark.line + 1, mark.column + 1

    def problem(self, issue: Issue) -> Problem:
        line, col = self.locate(issue.path, issue.where)
        return Problem(self.path, line, col, issue.message)


# ---------------------------------------------------------------------------------------
# loading


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders (recursively, ``*.yaml``/``*.yml``) in a stable order."""
    found: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files = sorted(q for q in p.rglob("*") if q.suffix.lower() in SUFFIXES and q.is_file())
            if not files:
                problems.append(Problem(str(p), 1, 1, msg("problem.empty_folder")))
            found.extend(files)
        elif p.is_file():
            found.append(p)
        else:
            problems.append(Problem(str(p), 1, 1, msg("problem.no_such_path")))
    return found, problems


def _set_key(path: Path, taken: set[str]) -> str:
    for key in (path.stem, f"{path.parent.name}/{path.stem}", str(path.with_suffix(""))):
        if key not in taken:
            return key
    return str(path)  # pragma: no cover - two identical paths


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading allocates millions of small objects and frees few: the cyclic garbage
    collector would rescan the growing heap again and again (100,000 questions loaded
    twice as fast without it). It runs again, as before, afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_paths(paths: Iterable[str | os.PathLike[str]]) -> LoadResult:
    """Load every question file in ``paths`` (files or folders).

    Returns the sets of files without problems, and every problem of every file, located.
    Ids must be unique across everything loaded together: a repeated id is reported at its
    second occurrence, naming the first.
    """
    with _gc_paused():
        return _load_paths(paths)


def _load_paths(paths: Iterable[str | os.PathLike[str]]) -> LoadResult:
    result = LoadResult()
    files, result.problems = iter_files(paths)
    first_ids: dict[str, tuple[_File, tuple[Any, ...]]] = {}
    first_texts: dict[str, tuple[_File, tuple[Any, ...], str]] = {}
    taken_keys: set[str] = set()
    for path in files:
        result.files += 1
        name = str(path)
        try:
            data = read_limited(path, MAX_FILE_BYTES)
        except OSError as err:
            result.problems.append(Problem(name, 1, 1, msg("problem.unreadable",
                                                           error=err.strerror or str(err))))
            continue
        if data is None:
            result.problems.append(Problem(name, 1, 1, msg(
                "problem.file_too_big", limit=MAX_FILE_BYTES // (1024 * 1024))))
            continue
        key = _set_key(path, taken_keys)
        taken_keys.add(key)
        _add_file(result, *_load_one(data, name, key), first_ids, first_texts)
    return result


def _visible(text: str) -> str:
    return " ".join(text.split()).casefold()


def _same_texts(result: LoadResult, qset: QuestionSet, file: _File, ids: list[tuple[str, tuple[Any, ...]]],
                first_texts: dict[str, tuple[_File, tuple[Any, ...], str]]) -> None:
    """Warn about a question whose visible text (prompt, or a card's front) repeats another's:
    Anki takes notes with the same first field for duplicates."""
    where_of = dict(ids)
    for question in qset.questions:
        where = where_of.get(question.id)
        if where is None:
            continue
        key = "front" if question.type == "card" else "prompt"
        place = (*where[:-1], key)
        seen = first_texts.setdefault(_visible(question.prompt), (file, place, question.id))
        if seen[2] == question.id:
            continue
        other, other_place, other_id = seen
        line, col = other.locate(other_place, "value")
        result.warnings.append(file.problem(Issue(place, msg(
            "problem.same_text", id=question.id, other=other_id,
            where=f"{other.path}:{line}:{col}"))))


#: a file can only hold a control character as a YAML escape ("\e", "\x1b", "\u202e")
#: or a raw bidi control: files with neither are not walked
_MAYBE_CONTROL = re.compile("[\\\\\u202a-\u202e\u2066-\u2069\x85]|" + INVISIBLE_CLASS)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from _strings(v)


def _control_chars(result: LoadResult, qset: QuestionSet, file: _File,
                   ids: list[tuple[str, tuple[Any, ...]]]) -> None:
    """Warn about control characters (terminal escapes such as ESC, bidi overrides) in a
    set's text: they are shown visibly everywhere, but were hardly meant. One warning per
    field, at the field."""
    if _MAYBE_CONTROL.search(file.text) is None:
        return
    fields: list[tuple[tuple[Any, ...], object]] = [
        ((key,), getattr(qset, key)) for key in ("title", "deck", "source", "tags")]
    where_of = dict(ids)
    for question in qset.questions:
        where = where_of.get(question.id)
        if where is None:
            continue
        content = question.content()
        content["tags"] = [tag for tag in question.tags if tag not in qset.tags]  # its own
        keys = {"prompt": "front"} if question.type == "card" else {}
        fields.extend(((*where[:-1], keys.get(key, key)), value)
                      for key, value in content.items())
    found = []
    for place, value in fields:
        for text in _strings(value):
            shown = find_controls(text)
            if shown is not None:
                found.append(file.problem(Issue(place, msg("problem.control_text",
                                                           char=shown))))
                break
            shown = find_invisible(text)
            if shown is not None:
                found.append(file.problem(Issue(place, msg("problem.invisible_text",
                                                           char=shown))))
                break
    # a card's front is its prompt too: one warning for the one field
    result.warnings.extend(sorted(dict.fromkeys(found), key=lambda p: (p.line, p.col)))


def _capped(problems: list[Problem]) -> list[Problem]:
    """A file's problems in reading order, at most :data:`MAX_PROBLEMS` of them, then one
    saying how many more there are (the validator counts those it stopped listing)."""
    listed: list[Problem] = []
    more: list[Problem] = []
    for problem in dict.fromkeys(problems):
        (more if problem.message.key == "problem.more" else listed).append(problem)
    listed.sort(key=lambda p: (p.line, p.col))
    extra = sum(int(dict(p.message.params)["n"]) for p in more)  # type: ignore[call-overload]
    if len(listed) + extra <= MAX_PROBLEMS:
        return listed
    at = listed[MAX_PROBLEMS] if len(listed) > MAX_PROBLEMS else more[0]
    extra += max(0, len(listed) - MAX_PROBLEMS)
    return [*listed[:MAX_PROBLEMS], Problem(at.path, at.line, at.col, msg(
        "problem.more", n=extra, limit=MAX_PROBLEMS))]


def _add_file(result: LoadResult, qset: QuestionSet | None, problems: list[Problem],
              file: _File, ids: list[tuple[str, tuple[Any, ...]]],
              first_ids: dict[str, tuple[_File, tuple[Any, ...]]],
              first_texts: dict[str, tuple[_File, tuple[Any, ...], str]] | None = None) -> None:
    """Add one loaded file to ``result``, checking its ids against those seen before."""
    for qid, where in ids:
        if qid in first_ids:
            other, other_where = first_ids[qid]
            line, col = other.locate(other_where, "value")
            if other is file and (other.locate(other_where, "value", True)
                                  == file.locate(where, "value", True)):
                issue = Issue(where, msg("problem.alias_repeats", id=qid))  # one node, aliased
            else:
                issue = Issue(where, msg("problem.duplicate_id", id=qid,
                                         where=f"{other.path}:{line}:{col}"))
            problems.append(file.problem(issue))
        else:
            first_ids[qid] = (file, where)
    result.problems.extend(_capped(problems))
    for question in qset.questions if qset is not None else ():
        result.counts[question.type] += 1
    if qset is not None and not problems:
        result.sets.append(qset)
        _same_texts(result, qset, file, ids, {} if first_texts is None else first_texts)
        _control_chars(result, qset, file, ids)


def _load_one(data: bytes, name: str, key: str
              ) -> tuple[QuestionSet | None, list[Problem], _File, list[tuple[str, tuple[Any, ...]]]]:
    """One file: its set, its problems, the file (for positions) and its question ids."""
    text, problem = decode(data, name)
    if problem is not None:
        return None, [problem], _File(name, ""), []
    assert text is not None  # decode gives the text or a problem
    file = _File(name, text)
    overflow = alias_overflow(text)
    if overflow is not None:
        return None, [Problem(name, *overflow)], file, []
    loader = TextLoader(text)
    try:
        try:
            doc = read_data(loader)
        except _Unusual:
            loader.dispose()
            loader = TextLoader(text)
            doc = loader.get_single_data()
    except yaml.YAMLError as err:
        return None, [_syntax_problem(err, text, name)], file, []
    except RecursionError:
        return None, [Problem(name, 1, 1, msg("problem.too_deep"))], file, []
    finally:
        loader.dispose()
    if doc is None:
        return None, [Problem(name, 1, 1, msg("problem.no_content"))], file, []
    qset, issues, ids = build_set(doc, key=key, path=name)
    problems = []
    if loader.duplicate_keys:
        dups: list[Any] = []
        _duplicate_keys(file.root, dups)
        for second, first in dups:
            problems.append(Problem(
                name, second.start_mark.line + 1, second.start_mark.column + 1,
                msg("problem.duplicate_key", key=second.value, line=first.start_mark.line + 1),
            ))
    problems.extend(Problem(name, *found) for found in curly_splits(text))
    problems.extend(file.problem(issue) for issue in issues)
    # a question repeated through an alias repeats its problems at the same place: say it once
    return qset, list(dict.fromkeys(problems)), file, ids


def load_bytes(data: bytes, path: str = "<input>") -> LoadResult:
    """Load one question file from memory (``path`` names it in problems)."""
    result = LoadResult(files=1)
    _add_file(result, *_load_one(data, path, Path(path).stem or "input"), {})
    return result


def load_builtin() -> LoadResult:
    """The built-in question sets shipped with the app."""
    from quizapp.paths import builtin_content_dir

    return load_paths([builtin_content_dir()])


def load_bank(paths: Iterable[str | os.PathLike[str]] | None = None, *, builtin: bool = True) -> Bank:
    """The built-in sets (unless ``builtin=False``) plus ``paths``, as one :class:`Bank`.

    Raises :class:`ContentError` listing every problem when any file has one.
    """
    from quizapp.paths import builtin_content_dir

    targets: list[str | os.PathLike[str]] = [builtin_content_dir()] if builtin else []
    targets.extend(paths or ())
    result = load_paths(targets)
    if result.problems:
        raise ContentError(result.problems)
    return result.bank
