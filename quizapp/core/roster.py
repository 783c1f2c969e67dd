"""A class roster's line: a student's name and (optional) student number.

Plain data shared by the roster reader (:mod:`quizapp.importers.roster`) and the class
store (:mod:`quizapp.storage.classes`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One line of a roster: a student's name and (optional) student number."""

    name: str
    number: str = ""
