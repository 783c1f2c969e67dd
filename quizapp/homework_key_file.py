"""The homework key a student typed on Home, kept for next time: ``database -> key`` in
:func:`quizapp.paths.homework_keys_path` (readable by the user only), the database named
by its URL without the password. A missing or damaged file is an empty one (Home asks for
the key again)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import IO

from quizapp import paths
from quizapp.files import write_atomic

#: Databases remembered at most (the oldest are forgotten).
KEEP = 20
#: The largest file read (bytes); a bigger one is ignored.
MAX_BYTES = 16_000

_PASSWORD = re.compile(r"^([a-z0-9+]+://[^:/@]*):[^@]*@", re.IGNORECASE)


def _which(db_url: str) -> str:
    """The database, named without the login's password."""
    return _PASSWORD.sub(r"\1@", db_url.strip())


def load(path: Path | None = None) -> dict[str, str]:
    path = path or paths.homework_keys_path()
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def key_for(db_url: str, path: Path | None = None) -> str | None:
    return load(path).get(_which(db_url))


def _save(keys: dict[str, str], path: Path) -> bool:
    data = json.dumps(dict(list(keys.items())[-KEEP:]), ensure_ascii=False).encode("utf-8")

    def write(fh: IO[bytes]) -> None:
        fh.write(data)

    try:
        write_atomic(path, write, mode=0o600)
    except OSError:
        return False
    return True


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
