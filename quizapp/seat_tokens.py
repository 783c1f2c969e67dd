"""The live-class seats this computer holds: ``(class code, name) -> token``, kept in
:func:`quizapp.paths.seat_tokens_path` (readable by the user only), so a student who closes
the app and joins again on the same computer takes their own seat back without asking the
teacher. Only the newest :data:`KEEP` seats are kept; a missing or damaged file is an empty
one (the teacher can still let the student back in)."""

from __future__ import annotations

import json
from pathlib import Path

from quizapp import paths
from quizapp.files import write_atomic

#: Seats remembered at most (the oldest are forgotten).
KEEP = 50
#: The largest file read (bytes); a bigger one is ignored.
MAX_BYTES = 64_000


def _key(code: str, name: str) -> str:
    return f"{code.strip()}\n{' '.join(name.split())}"


def load(path: Path | None = None) -> dict[str, str]:
    path = path or paths.seat_tokens_path()
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def token_for(code: str, name: str, path: Path | None = None) -> str | None:
    return load(path).get(_key(code, name))


def keep(code: str, name: str, token: str, path: Path | None = None) -> bool:
    """Remember the seat's token; ``False`` if it could not be written (never raises)."""
    path = path or paths.seat_tokens_path()
    seats = load(path)
    seats.pop(_key(code, name), None)
    seats[_key(code, name)] = token
    newest = dict(list(seats.items())[-KEEP:])
    data = json.dumps(newest, ensure_ascii=False).encode("utf-8")
    try:
        write_atomic(path, lambda fh: fh.write(data), mode=0o600)
    except OSError:
        return False
    return True
