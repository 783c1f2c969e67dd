"""The homework key a student typed on Home, kept for next time: ``database -> key`` in
:func:`quizapp.paths.homework_keys_path` (readable by the user only), the database named
by its URL without the password. A missing or damaged file is an empty one (Home asks for
the key again)."""

from __future__ import annotations

import re
from pathlib import Path

from quizapp import paths
from quizapp.files import read_private_map, write_private_map

#: Databases remembered at most (the oldest are forgotten).
KEEP = 20
#: The largest file read (bytes); a bigger one is ignored.
MAX_BYTES = 16_000

_PASSWORD = re.compile(r"^([a-z0-9+]+://[^:/@]*):[^@]*@", re.IGNORECASE)


def _which(db_url: str) -> str:
    """The database, named without the login's password."""
    return _PASSWORD.sub(r"\1@", db_url.strip())


def load(path: Path | None = None) -> dict[str, str]:
    return read_private_map(path or paths.homework_keys_path(), MAX_BYTES)


def key_for(db_url: str, path: Path | None = None) -> str | None:
    return load(path).get(_which(db_url))


def _save(keys: dict[str, str], path: Path) -> bool:
    return write_private_map(path, keys, KEEP)


def keep(db_url: str, key: str, path: Path | None = None) -> bool:
    """Remember the key for the database; ``False`` if it could not be written (never
    raises)."""
    path = path or paths.homework_keys_path()
    keys = load(path)
    keys.pop(_which(db_url), None)
    keys[_which(db_url)] = key
    return _save(keys, path)


def forget(db_url: str, path: Path | None = None) -> bool:
    """Forget the database's key (a key that no longer works)."""
    path = path or paths.homework_keys_path()
    keys = load(path)
    if keys.pop(_which(db_url), None) is None:
        return True
    return _save(keys, path)
