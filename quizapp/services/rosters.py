"""Linking a roster's lines to the students the database already has, never on a name alone.

A line is the student with its student number, or the student of that name already on the
class's roster (a roster read again). A line whose name another student has, with nothing
that proves or disproves they are the same person, is a question for the teacher
(:class:`Question`): the same student, or a new one. Lines with no namesake are new
students.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from quizapp.core.roster import RosterEntry, StudentInfo


class RosterStorePort(Protocol):
    def roster(self, name: str) -> list[RosterEntry]: ...

    def class_exists(self, name: str) -> bool: ...

    def student_infos(self, ids: Sequence[int] | None = None, *,
                      name: str | None = None) -> list[StudentInfo]: ...


@dataclass(frozen=True, slots=True)
class Question:
    """Roster line ``index`` has namesakes (``candidates``) it may or may not be."""

    index: int
    entry: RosterEntry
    candidates: tuple[StudentInfo, ...]


@dataclass
class Linked:
    """The roster with each line's student where known, and what is left to ask."""

    entries: list[RosterEntry]
    questions: list[Question]
    #: lines kept because their student number is a student's (same person), by index
    by_number: list[int]


def link_roster(store: RosterStorePort, class_name: str,
                entries: Sequence[RosterEntry]) -> Linked:
    """Which student each line of ``entries`` is (see the module)."""
    current = store.roster(class_name) if store.class_exists(class_name) else []
    out: list[RosterEntry] = []
    questions: list[Question] = []
    by_number: list[int] = []
    bound: set[int] = set()
    everyone: dict[str, list[StudentInfo]] = {}
    for index, entry in enumerate(entries):
        if entry.student_id is not None:
            out.append(entry)
            bound.add(entry.student_id)
            continue
        namesakes = everyone.setdefault(entry.name, store.student_infos(name=entry.name))
        numbered = _with_number(entry.number, store) if entry.number else None
        if numbered is not None:
            out.append(replace(entry, student_id=numbered.id))
            bound.add(numbered.id)
            by_number.append(index)
            continue
        mine = [m for m in current if m.name == entry.name and m.student_id not in bound
                and (not m.number or not entry.number or m.number == entry.number)]
        if mine and mine[0].student_id is not None:
            out.append(replace(entry, student_id=mine[0].student_id))
            bound.add(mine[0].student_id)
            continue
        # a namesake with another number is another person; one without may be this one
        open_ = tuple(s for s in namesakes if s.id not in bound
                      and not (entry.number and s.number and s.number != entry.number))
        if open_:
            questions.append(Question(index, entry, open_))
        out.append(entry)
    return Linked(out, questions, by_number)


def _with_number(number: str, store: RosterStorePort) -> StudentInfo | None:
    lookup = getattr(store, "student_by_number", None)
    if lookup is None:
        return None
    found = lookup(number)
    if found is None:
        return None
    infos = store.student_infos([found.id])
    return infos[0] if infos else None


class Unresolved(Exception):
    """``--same-as`` names a student who is not one of the line's namesakes."""

    def __init__(self, name: str, student_id: int | None) -> None:
        super().__init__(name)
        self.name = name
        self.student_id = student_id


def answer(linked: Linked, same_as: Mapping[str, int | None], new: set[str]
           ) -> list[Question]:
    """Apply the teacher's answers given up front: ``new`` (names that are new students)
    and ``same_as`` (name -> the namesake's id; ``None``: the only namesake). Returns the
    questions still open. Raises :class:`Unresolved` for an id that is not a namesake."""
    left: list[Question] = []
    for question in linked.questions:
        name = question.entry.name
        if name in new:
            continue
        if name in same_as:
            wanted = same_as[name]
            ids = [c.id for c in question.candidates]
            if wanted is None and len(ids) == 1:
                wanted = ids[0]
            if wanted not in ids:
                raise Unresolved(name, wanted)
            decide(linked, question, wanted)
            continue
        left.append(question)
    return left


def decide(linked: Linked, question: Question, student_id: int | None) -> None:
    """The teacher's answer: line ``question.index`` is ``student_id`` (``None``: new)."""
    entry = linked.entries[question.index]
    linked.entries[question.index] = replace(entry, student_id=student_id)


def describe(info: StudentInfo, word: Callable[..., str]) -> str:
    """What tells a student apart, worded: ``张伟（高一3班，学号 2023001）``. ``word`` is the
    catalogue's ``t``."""
    parts = list(info.classes)
    if info.number:
        parts.append(word("student.number_is", number=info.number))
    if not parts:
        parts.append(word("student.no_class"))
    return word("student.described", name=info.name,
                details=word("student.detail_sep").join(parts))
