"""The question bank for the app's commands, with a cache of the parsed bank.

Parsing the YAML files is cheap, but importing the loader and PyYAML and validating every
question costs about as much as the rest of start-up before the first question, so the
bank of a successful load is pickled in :func:`quizapp.paths.cache_dir` under a key made of
every input file's path, size and modification time and of the code that builds the bank.
Any change to a question file or to that code makes a new key; an unreadable cache entry
is ignored and rebuilt. Problems are never cached: a bank with problems is not a bank.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from quizapp import __version__, paths

#: The modules whose code decides what a loaded bank contains.
CODE = ("model.py", "loader.py", "validate.py", "normalize.py")
_CORRUPT = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            TypeError, ValueError, IndexError)


class ContentProblems(Exception):
    """The question files have problems (``problems``: the loader's, each ``path:line:col:
    message``). Raised instead of the loader's ``ContentError`` so that callers need not
    import the loader (and PyYAML) when the bank comes from the cache."""

    def __init__(self, problems: list) -> None:
        super().__init__(f"{len(problems)} problem(s) in the question files")
        self.problems = problems


def _fingerprint(targets: Iterable[Path]) -> str:
    h = hashlib.sha256(f"{__version__}|{sys.version}".encode())
    core = Path(__file__).resolve().parents[1] / "core"
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


def load_bank_cached(paths_: Iterable[str | os.PathLike], *, builtin: bool = True):
    """Like :func:`quizapp.core.loader.load_bank`, from the cache when nothing changed.

    Raises :class:`ContentProblems` when a file has a problem.
    """
    extra = [Path(p) for p in paths_]
    targets = ([paths.builtin_content_dir()] if builtin else []) + extra
    try:
        key = _fingerprint(targets)
    except OSError:
        key = ""
    folder = paths.cache_dir()
    entry = folder / f"bank-{key}.pickle"
    cached = _read(entry) if key else None
    if cached is not None:
        return cached
    from quizapp.core.loader import ContentError, load_bank

    try:
        bank = load_bank(extra, builtin=builtin)
    except ContentError as exc:
        raise ContentProblems(list(exc.problems)) from None
    if key:
        _store(folder, entry, bank)
    return bank


def _read(entry: Path):
    """The cached bank, or ``None`` when there is none or it cannot be read (then it is
    rebuilt from the files)."""
    from quizapp.core.model import Bank

    try:
        with entry.open("rb") as fh:
            bank = pickle.load(fh)
    except FileNotFoundError:
        return None
    except _CORRUPT:
        entry.unlink(missing_ok=True)
        return None
    return bank if isinstance(bank, Bank) else None


def _store(folder: Path, entry: Path, bank) -> None:
    """Write ``entry`` atomically and drop older entries. A cache that cannot be written
    is not an error: the next start parses the files again."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".bank-", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(bank, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return
    for old in folder.glob("bank-*.pickle"):
        if old != entry:
            old.unlink(missing_ok=True)
