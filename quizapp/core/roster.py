"""A class roster's line: a student's name and (optional) student number.

Plain data shared by the roster reader (:mod:`quizapp.importers.roster`) and the class
store (:mod:`quizapp.storage.classes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One line of a roster: a student's name and (optional) student number; read back
    from a class, also the student's record (``student_id``)."""

    name: str
    number: str = ""
    student_id: int | None = None


@dataclass(frozen=True, slots=True)
class StudentInfo:
    """A student as the teacher tells them apart: name, student number and classes."""

    id: int
    name: str
    number: str = ""
    classes: tuple[str, ...] = ()


def close_names(name: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """The names in ``names`` that ``name`` is most likely a typo of, best first: the same
    name in another case or spacing, then the ones difflib finds close (at most ``limit``)."""
    wanted = _folded(name)
    if not wanted:
        return []
    known = list(dict.fromkeys(n for n in names if n))
    same = [n for n in known if _folded(n) == wanted]
    folded = {_folded(n): n for n in reversed(known)}
    near = [folded[f] for f in get_close_matches(wanted, list(folded), n=limit, cutoff=0.5)]
    found = list(dict.fromkeys([*same, *near]))
    return found[:limit]


def _folded(name: str) -> str:
    return "".join(name.split()).casefold()
