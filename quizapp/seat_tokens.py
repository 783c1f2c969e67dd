"""The live-class seats this computer holds: ``(class code, name) -> token``, kept in
:func:`quizapp.paths.seat_tokens_path` (readable by the user only), so a student who closes
the app and joins again on the same computer takes their own seat back without asking the
teacher. Only the newest :data:`KEEP` seats are kept; a missing or damaged file is an empty
one (the teacher can still let the student back in)."""

from __future__ import annotations

from pathlib import Path

from quizapp import paths
from quizapp.files import read_private_map, write_private_map

#: Seats remembered at most (the oldest are forgotten).
KEEP = 50
#: The largest file read (bytes); a bigger one is ignored.
MAX_BYTES = 64_000


def _key(code: str, name: str) -> str:
    return f"{code.strip()}\n{' '.join(name.split())}"


def load(path: Path | None = None) -> dict[str, str]:
    return read_private_map(path or paths.seat_tokens_path(), MAX_BYTES)


def token_for(code: str, name: str, path: Path | None = None) -> str | None:
    return load(path).get(_key(code, name))


def keep(code: str, name: str, token: str, path: Path | None = None) -> bool:
    """Remember the seat's token; ``False`` if it could not be written (never raises)."""
    path = path or paths.seat_tokens_path()
    seats = load(path)
    seats.pop(_key(code, name), None)
    seats[_key(code, name)] = token
    return write_private_map(path, seats, KEEP)
