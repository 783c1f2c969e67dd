"""The question bank for the app's commands, with a cache of the parsed bank.

Importing the loader and PyYAML and validating every question costs about as much as the
rest of start-up before the first question (``python benchmarks/run.py tui_first_question``
shows the figure with and without the cache), so the bank of a successful load is kept in
the user's cache folder (:func:`quizapp.paths.cache_dir`) under a key made of every input
file's path, size and modification time and of the code that builds the bank.

The cache holds only data: JSON naming the model's own classes, rebuilt field by field (no
pickle: a cache file can never run code). A file is used only if it is a regular file owned
by this user, that no one else may write, in a folder no one else may write, whose content
matches the SHA-256 its header gives, for this key. Anything else (a missing, corrupt,
foreign, other-user-writable or unreadable file, an odd or unwritable folder) means the
files are parsed again; the cache is never an error. Problems are never cached: a bank with
problems is not a bank.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import stat
import sys
import types
import typing
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from quizapp import __version__, paths
from quizapp.core import model

if TYPE_CHECKING:
    from quizapp.core.loader import Problem

#: The modules whose code decides what a loaded bank contains.
CODE = ("model.py", "loader.py", "validate.py", "normalize.py")
FORMAT = 1
PREFIX = "bank-"
SUFFIX = ".json"

#: The only classes a cache file may name.
CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (model.Bank, model.QuestionSet, model.Blank, model.ChoiceQuestion,
                model.MultiQuestion, model.TrueFalseQuestion, model.FillQuestion,
                model.MatchQuestion, model.OrderQuestion, model.CardQuestion)
}


class ContentProblems(Exception):
    """The question files have problems (``problems``: the loader's, each ``path:line:col:
    message``). Raised instead of the loader's ``ContentError`` so that callers need not
    import the loader (and PyYAML) when the bank comes from the cache."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the question files")
        self.problems = problems


def load_bank_cached(paths_: Iterable[str | os.PathLike[str]], *,
                     builtin: bool = True) -> model.Bank:
    """Like :func:`quizapp.core.loader.load_bank`, from the cache when nothing changed.

    Raises :class:`ContentProblems` when a file has a problem.
    """
    extra = [Path(p) for p in paths_]
    targets = ([paths.builtin_content_dir()] if builtin else []) + extra
    try:
        key = _fingerprint(targets)
        folder = paths.cache_dir()
    except (OSError, ValueError):
        key, folder = "", None
    entry = folder / f"{PREFIX}{key}{SUFFIX}" if folder is not None and key else None
    if entry is not None:
        cached = read_entry(entry, key)
        if cached is not None:
            return cached
    from quizapp.core.loader import ContentError, load_bank

    try:
        bank = load_bank(extra, builtin=builtin)
    except ContentError as exc:
        raise ContentProblems(list(exc.problems)) from None
    if entry is not None:
        write_entry(entry, key, bank)
    return bank


# -- the key ------------------------------------------------------------------------------


def _fingerprint(targets: Iterable[Path]) -> str:
    h = hashlib.sha256(f"{__version__}|{sys.version}|{FORMAT}".encode())
    core = Path(model.__file__).resolve().parent
    for name in CODE:
        st = (core / name).stat()
        h.update(f"|{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    for target in targets:
        target = Path(target).resolve()
        h.update(f"|{target}".encode())
        files = [target] if target.is_file() else sorted(p for p in target.rglob("*") if p.is_file())
        for f in files:
            st = f.stat()
            h.update(f"|{f}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:32]


# -- reading and writing an entry -----------------------------------------------------------


def _private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_entry(entry: Path, key: str) -> model.Bank | None:
    """The bank cached in ``entry`` for ``key``, or ``None`` when the file is missing or may
    not be trusted or read (the caller then parses the files again)."""
    try:
        if not _private(os.stat(entry.parent)):
            return None
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _private(st):
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            header_line = fh.readline(4096)
            payload = fh.read()
        header = json.loads(header_line)
        if (not isinstance(header, dict) or header.get("format") != FORMAT
                or header.get("key") != key
                or header.get("sha256") != hashlib.sha256(payload).hexdigest()):
            return None
        bank = _decode(json.loads(payload))
        if not isinstance(bank, model.Bank) or not _conforms(bank, model.Bank):
            return None  # rewritten by hand with a hash to match: not ours, rebuilt
    except Exception:  # noqa: BLE001 - any problem with a cache file means "rebuild"
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    return bank


def write_entry(entry: Path, key: str, bank: model.Bank) -> None:
    """Write ``entry`` (readable and writable by this user only) and drop older entries. A
    cache that cannot be written is not an error: the next start parses the files again."""
    from quizapp.files import write_atomic

    payload = json.dumps(_encode(bank), ensure_ascii=False, separators=(",", ":")).encode()
    header = json.dumps({"format": FORMAT, "key": key,
                         "sha256": hashlib.sha256(payload).hexdigest()}).encode()
    folder = entry.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(folder)):
            return
        def write(fh: IO[bytes]) -> None:
            fh.write(header + b"\n" + payload)

        write_atomic(entry, write, mode=0o600)
        for old in folder.glob(f"{PREFIX}*{SUFFIX}"):
            if old != entry:
                old.unlink(missing_ok=True)
    except OSError:
        return


# -- the model as JSON ----------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"@": type(value).__name__}
        for f in dataclasses.fields(value):
            if f.init:
                out[f.name] = _encode(getattr(value, f.name))
        return out
    if isinstance(value, frozenset):
        return {"@set": sorted(_encode(v) for v in value)}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _conforms(value: Any, hint: Any) -> bool:
    """Whether ``value`` (decoded from a cache file) is of the type ``hint`` the model
    declares, all the way down, and each question holds together (its answer among its
    options, each blank of its prompt known): a file rewritten with the right hash but
    ``"points": "x"`` or ``"options": 5`` must not reach a quiz."""
    return _checker(hint)(value)


@functools.cache
def _checker(hint: Any) -> Callable[[Any], bool]:
    """A function checking a value against ``hint`` (made once per type)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Literal:
        return lambda v: v in args
    if origin in (types.UnionType, typing.Union):
        alternatives = [_checker(arg) for arg in args]
        return lambda v: any(check(v) for check in alternatives)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _checker(args[0])
        return lambda v: type(v) is tuple and all(map(item, v))
    if origin is tuple:
        items = [_checker(arg) for arg in args]
        return lambda v: (type(v) is tuple and len(v) == len(items)
                          and all(check(x) for check, x in zip(items, v, strict=True)))
    if origin is frozenset:
        item = _checker(args[0])
        return lambda v: type(v) is frozenset and all(map(item, v))
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        fields = [(f.name, hints[f.name]) for f in dataclasses.fields(hint) if f.init]

        def check(v: Any) -> bool:
            return (type(v) is hint
                    and all(_checker(h)(getattr(v, name)) for name, h in fields)
                    and _holds_together(v))
        return check
    return lambda v: type(v) is hint  # str, int (a bool is no number of points), bool


def _holds_together(value: Any) -> bool:
    if isinstance(value, model.ChoiceQuestion):
        return value.answer in value.options
    if isinstance(value, model.MultiQuestion):
        return value.answers <= set(value.options)
    if isinstance(value, model.FillQuestion):
        numbers = {b.number for b in value.blanks}
        return bool(numbers) and {int(m.group(1)) for m in model.CLOZE_RE.finditer(
            value.prompt)} == numbers
    return True


def _decode(data: Any) -> Any:
    if isinstance(data, list):
        return tuple(_decode(v) for v in data)
    if isinstance(data, dict):
        if set(data) == {"@set"}:
            return frozenset(_decode(v) for v in data["@set"])
        cls = CLASSES[data["@"]]  # KeyError: not one of ours
        names = {f.name for f in dataclasses.fields(cls) if f.init}
        kwargs = {k: _decode(v) for k, v in data.items() if k != "@"}
        if not set(kwargs) <= names:
            raise ValueError(f"unknown fields for {cls.__name__}")
        return cls(**kwargs)
    if data is None or isinstance(data, (str, int, float, bool)):
        return data
    raise TypeError(f"unexpected {type(data).__name__} in a cache file")
