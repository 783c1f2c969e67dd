"""Homework: what a teacher sets for a class, checked before it is stored, and how a
student's work on it stands.

A teacher's input (:class:`Draft`) is validated here (times in the school's local time,
known sets, a due time after the opening); storage keeps it and decides, on the database's
clock, whether an attempt may start (:meth:`AssignmentPort.start`). Every try of one
assignment gets the same questions: its spec carries the assignment's fixed seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from quizapp.cells import cell_len, truncate
from quizapp.core import utc
from quizapp.core.messages import Msg, msg
from quizapp.core.model import Bank
from quizapp.core.session import Mode, QuizSpec

#: The modes an assignment may have: a quiz's three and the flashcards due for review.
MODES = ("practice", "exam", "review", "cards")
ANSWERS = ("after-each", "after-due")
LEVELS = ("recall", "understand", "apply")
#: The states of a student's work on an assignment.
STATES = ("not_begun", "started", "done", "late")
TITLE_MAX = 200
COUNT_MAX = 500
ATTEMPTS_MAX = 100

_TIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?")


class AssignmentInputError(ValueError):
    """A teacher's input that cannot be an assignment: ``message`` says what and why."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message


def parse_time(value: str, *, option: str, end_of_day: bool = False) -> datetime:
    """``YYYY-MM-DD HH:MM`` (or ``YYYY-MM-DD``: the day's start, or its end for a due time)
    in the school's local time, as UTC."""
    found = _TIME.fullmatch(value.strip())
    if found is None:
        raise AssignmentInputError(msg("assign.bad_time", option=option, value=value))
    year, month, day, hour, minute = (int(g) if g is not None else None for g in found.groups())
    assert year is not None and month is not None and day is not None
    try:
        if hour is None:
            moment = datetime(year, month, day, 23, 59) if end_of_day else datetime(
                year, month, day)
        else:
            moment = datetime(year, month, day, hour, minute or 0)
    except ValueError:
        raise AssignmentInputError(msg("assign.bad_time", option=option, value=value)) from None
    return utc.aware(moment.astimezone())


def local(moment: datetime) -> str:
    """A moment as the school reads it: local ``MM-DD HH:MM``."""
    return moment.astimezone().strftime("%m-%d %H:%M")


def local_full(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass
class Draft:
    """An assignment as a teacher typed it (any field ``None``: not given)."""

    title: str | None = None
    sets: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    level: str | None = None
    count: int | None = None
    mode: str | None = None
    time_limit: int | None = None
    target: int | None = None
    opens_at: datetime | None = None
    due_at: datetime | None = None
    attempts: int | None = None
    answers: str | None = None
    late: bool | None = None
    seed: int | None = None
    unlimited_attempts: bool = field(default=False)

    def fields(self) -> dict[str, Any]:
        """The fields given, as the store takes them."""
        out: dict[str, Any] = {}
        for name in ("title", "sets", "tags", "level", "count", "mode", "time_limit", "target",
                     "opens_at", "due_at", "attempts", "answers", "late", "seed"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.unlimited_attempts:
            out["attempts"] = None
        return out


def check(draft: Draft, bank: Bank, *, new: bool, current: Any | None = None) -> dict[str, Any]:
    """The draft's fields, checked (a new one gets its defaults and a seed); raises
    :class:`AssignmentInputError`. ``current``: the stored assignment a change applies to
    (its times are checked together with the new ones)."""
    fields = draft.fields()
    if new:
        if not (draft.title or "").strip():
            raise AssignmentInputError(msg("assign.no_title"))
        if draft.due_at is None:
            raise AssignmentInputError(msg("assign.no_due"))
        fields.setdefault("mode", "practice")
        fields.setdefault("answers", "after-due" if fields["mode"] == "exam" else "after-each")
        fields.setdefault("late", False)
        if "attempts" not in fields and not draft.unlimited_attempts:
            fields["attempts"] = 1
        fields.setdefault("seed", random.SystemRandom().randrange(1, 2**31))
    if "title" in fields:
        title = fields["title"].strip()
        if not title:
            raise AssignmentInputError(msg("assign.no_title"))
        if len(title) > TITLE_MAX:
            raise AssignmentInputError(msg("assign.title_long", max=TITLE_MAX))
        fields["title"] = title
    if fields.get("mode") is not None and fields["mode"] not in MODES:
        raise AssignmentInputError(msg("assign.bad_mode", value=fields["mode"],
                                       choices=", ".join(MODES)))
    if fields.get("answers") is not None and fields["answers"] not in ANSWERS:
        raise AssignmentInputError(msg("assign.bad_answers", value=fields["answers"]))
    if fields.get("level") is not None and fields["level"] not in LEVELS:
        raise AssignmentInputError(msg("assign.bad_level", value=fields["level"],
                                       choices=", ".join(LEVELS)))
    for name, top in (("count", COUNT_MAX), ("attempts", ATTEMPTS_MAX), ("time_limit", 24 * 60),
                      ("target", COUNT_MAX)):
        value = fields.get(name)
        if value is not None and not 1 <= value <= top:
            raise AssignmentInputError(msg("assign.bad_number", option=name.replace("_", "-"),
                                           value=value, max=top))
    for key in fields.get("sets") or ():
        if bank.find_set(key) is None:
            raise AssignmentInputError(msg("assign.unknown_set", key=key))
    opens = fields.get("opens_at", getattr(current, "opens_at", None))
    due = fields.get("due_at", getattr(current, "due_at", None))
    if opens is not None and due is not None and due <= opens:
        raise AssignmentInputError(msg("assign.due_before_opens", due=local_full(due),
                                       opens=local_full(opens)))
    mode = fields.get("mode", getattr(current, "mode", "practice"))
    if mode != "exam" and fields.get("time_limit") is not None:
        raise AssignmentInputError(msg("assign.time_limit_exam"))
    if mode != "cards" and fields.get("target") is not None:
        raise AssignmentInputError(msg("assign.target_cards"))
    return fields


def spec_of(work: Any) -> QuizSpec:
    """The quiz an assignment runs: the same questions on every try (its fixed seed)."""
    mode = Mode.PRACTICE if work.mode == "cards" else Mode(work.mode)
    return QuizSpec(sets=tuple(work.sets), tags=tuple(work.tags),
                    levels=(work.level,) if work.level else (), count=work.count or work.target,
                    mode=mode, seed=int(work.seed),
                    time_limit=None if work.time_limit is None or mode is not Mode.EXAM
                    else float(work.time_limit * 60))


def state(work: Any, progress: Any | None) -> str:
    """``not_begun``, ``started``, ``done`` (finished by the due time) or ``late``."""
    if progress is None or not progress.started:
        return "not_begun"
    if not progress.finished:
        return "started"
    first = progress.first_finished_at
    return "late" if first is not None and first > work.due_at else "done"


def closed(work: Any, now: datetime) -> bool:
    """Past its due time with no late work accepted (or withdrawn)."""
    return work.withdrawn_at is not None or (now > work.due_at and not work.late)


def used_up(work: Any, progress: Any | None) -> bool:
    return bool(work.attempts is not None and progress is not None
                and progress.started >= work.attempts and progress.open_attempt is None)


def answers_now(work: Any, now: datetime) -> bool:
    """Whether the answers may be shown now (after each question, or after the due time)."""
    return bool(work.answers == "after-each" or now > work.due_at)


@dataclass(frozen=True)
class StudentLine:
    """One student's row for an assignment (the CLI's list, the desk, the gradebook)."""

    assignment_id: int
    title: str
    class_name: str
    student: str
    number: str | None
    state: str
    score: float | None
    max_score: int | None
    attempts: int
    finished_at: datetime | None
    #: A card review's cards reviewed so far (``None`` for any other mode).
    reviewed: int | None = None
    target: int | None = None

    def score_text(self) -> str:
        """``12/20`` (a card review: cards reviewed of its target, under way too),
        ``1.5/2``, or ``-`` before a finish."""
        if self.reviewed is not None:
            return f"{self.reviewed}/{self.target}" if self.target else str(self.reviewed)
        if self.score is None:
            return "-"
        return f"{self.score:g}/{self.max_score}"


def lines(work: Any, progress: Iterable[Any]) -> list[StudentLine]:
    cards = work.mode == "cards"
    return [StudentLine(work.id, work.title, work.class_name, p.student, p.number,
                        state(work, p), p.score, p.max_score, p.started, p.first_finished_at,
                        reviewed=cards_reviewed(p) if cards else None,
                        target=work.target if cards else None)
            for p in progress]


def question_ids(work: Any, bank: Bank) -> set[str]:
    """The questions an assignment covers: those its quiz asks (its fixed seed), or every
    question its sets, tags and level choose (a card review, a mistake review)."""
    from quizapp.core.selection import select_questions
    from quizapp.core.session import EmptyQuizError, build_session

    try:
        if work.mode not in ("cards", "review"):
            return set(build_session(bank, spec_of(work)).question_ids)
        chosen, _ = select_questions(bank, sets=tuple(work.sets), tags=tuple(work.tags),
                                     levels=(work.level,) if work.level else ())
    except EmptyQuizError:  # its sets removed since
        return set()
    return {q.id for q in chosen}


#: :func:`question_count`'s answers by bank and assignment (a class's Home asks for the
#: same few again and again): ``key -> (bank, count)``.
_COUNTS: dict[tuple[Any, ...], tuple[Bank, int]] = {}


def question_count(work: Any, bank: Bank) -> int:
    """How many questions the assignment asks (its count, or every question it picks);
    for a card review, the cards its target asks for (0: no target, every card due)."""
    from quizapp.core.session import EmptyQuizError, build_session

    if work.mode == "cards":
        return int(work.target or 0)
    key = (id(bank), tuple(work.sets), tuple(work.tags), work.level, work.count,
           work.mode, work.seed)
    known = _COUNTS.get(key)
    if known is not None and known[0] is bank:
        return known[1]
    try:
        count = len(build_session(bank, spec_of(work)).question_ids)
    except EmptyQuizError:  # its sets removed since: nothing to ask
        count = 0
    if len(_COUNTS) >= 4096:
        _COUNTS.clear()
    _COUNTS[key] = (bank, count)
    return count



@dataclass(frozen=True)
class Homework:
    """One assignment as a student's Home shows it."""

    work: Any
    progress: Any | None
    questions: int
    state: str
    #: Past due with no late work accepted, or every attempt used: cannot be started.
    closed: bool
    used_up: bool
    #: Starting it now would be late (accepted, marked).
    late_now: bool

    def line(self, words: Any, width: int | None = None) -> str:
        """``作业：三盘棋练习 20 题，12-10 18:00 截止，已完成 12/20`` in ``words`` (the
        catalogue's ``t``); with ``width`` (terminal cells), the title is shortened first,
        so that what is done, and a late or closed mark, stay in sight."""
        text = self._line(words, self.work.title)
        if width is None or cell_len(text) <= width:
            return text
        title = self.work.title
        room = max(2, cell_len(title) - (cell_len(text) - width))
        return truncate(self._line(words, truncate(title, room)), width)

    def _line(self, words: Any, title: str) -> str:
        p = self.progress
        if self.work.mode == "cards":
            text = self._cards_line(words, title)
        else:
            done = self.questions if p is not None and p.finished else (
                p.answered if p else 0)
            text = str(words("assign.home_line", title=title,
                             mode=self._mode_words(words), n=self.questions,
                             due=local(self.work.due_at), done=min(done, self.questions)))
        if self.state == "late" or (self.late_now and self.state != "done"):
            text += str(words("assign.home_late"))
        if self.closed and self.state not in ("done", "late"):
            text += str(words("assign.home_closed"))
        elif self.used_up and self.state not in ("done", "late"):
            text += str(words("assign.home_used"))
        return text

    def _mode_words(self, words: Any) -> str:
        """``（考试，限时 5 分钟）``, ``（考试）``, ``（错题复习）``; nothing for practice."""
        work = self.work
        if work.mode == "exam" and work.time_limit:
            return str(words("assign.home_exam_limit", minutes=work.time_limit))
        if work.mode in ("exam", "review"):
            return str(words(f"assign.home_{work.mode}"))
        return ""

    def _cards_line(self, words: Any, title: str) -> str:
        """``作业：三盘棋闪卡 复习 20 张，12-10 18:00 截止，已复习 12/20``."""
        done = cards_reviewed(self.progress)
        due = local(self.work.due_at)
        if not self.questions:
            return str(words("assign.home_line_cards_all", title=title, due=due,
                             done=done))
        text = str(words("assign.home_line_cards", title=title, n=self.questions,
                         due=due, done=done))
        if self.progress is not None and self.progress.finished and done < self.questions:
            text += str(words("assign.home_cards_none_left"))
        return text


def homework(port: Any, bank: Bank, student_id: int) -> list[Homework]:
    """The student's assignments (their classes' only, opened, not withdrawn), by due time,
    with their work on each, on the database's clock."""
    now, rows = port.for_student(student_id)
    progress = port.student_progress([r.id for r in rows], student_id)
    return _lines(rows, progress, now, bank)


def _lines(rows: Any, progress: Any, now: datetime, bank: Bank) -> list[Homework]:
    """Each assignment with the student's work on it, as Home shows it."""
    return [Homework(work, progress.get(work.id), question_count(work, bank),
                     state(work, progress.get(work.id)), closed=closed(work, now),
                     used_up=used_up(work, progress.get(work.id)), late_now=now > work.due_at)
            for work in rows]


def cards_reviewed(progress: Any | None) -> int:
    """The cards a student has reviewed for a card-review assignment: those of the
    finished attempt (its score), else of the one under way."""
    if progress is None:
        return 0
    if progress.finished and progress.score is not None:
        return int(progress.score)
    return int(progress.answered)


@dataclass(frozen=True)
class CardsWork:
    """A card-review assignment under way on the card screen: the attempt its reviews
    count toward, its target (0: every card due) and the cards reviewed for it so far."""

    attempt_id: int
    title: str
    target: int
    #: The cards (question ids) reviewed for it so far.
    reviewed_ids: frozenset[str]
    sets: tuple[str, ...]
    tags: tuple[str, ...]
    levels: tuple[str, ...]

    @property
    def reviewed(self) -> int:
        return len(self.reviewed_ids)


def cards_spec(work: Any) -> dict[str, Any]:
    """What a card-review attempt stores as its spec: the cards it reviews and the target."""
    return {"mode": "cards", "sets": list(work.sets), "tags": list(work.tags),
            "levels": [work.level] if work.level else [], "target": work.target}


def begin(port: Any, bank: Bank, work: Any, student_id: int) -> int:
    """The attempt to run for the student: their unfinished one (leaving and coming back
    keeps it), else a new one, started by storage on the database's clock (which refuses
    a closed assignment or one whose attempts are used:
    :class:`~quizapp.storage.assignments.AssignmentClosed`)."""
    from quizapp.core.session import build_session
    from quizapp.services.quiz_run import set_keys

    mine = port.student_progress([work.id], student_id).get(work.id)
    if mine is not None and mine.open_attempt is not None:
        return int(mine.open_attempt)
    if work.mode == "cards":
        from quizapp.services.quiz_run import set_keys

        keys = set_keys(bank, QuizSpec(sets=tuple(work.sets)))
        attempt_id, _late = port.start(work.id, student_id, spec=cards_spec(work),
                                       seed=int(work.seed), set_keys=keys,
                                       max_score=int(work.target or 0))
        return int(attempt_id)
    spec = spec_of(work)
    session = build_session(bank, spec)
    stored = spec.to_dict()
    attempt_id, _late = port.start(work.id, student_id, spec=stored, seed=int(work.seed),
                                   set_keys=set_keys(bank, spec), max_score=session.max_score)
    return int(attempt_id)


def begin_cards(port: Any, bank: Bank, work: Any, student_id: int) -> CardsWork:
    """Start (or go back to) a card-review assignment: its attempt, which the card
    screen's reviews count toward (:func:`begin`), and what it has done so far."""
    attempt_id = begin(port, bank, work, student_id)
    return CardsWork(attempt_id, work.title, int(work.target or 0),
                     frozenset(port.cards_reviewed(attempt_id)), tuple(work.sets),
                     tuple(work.tags), (work.level,) if work.level else ())


def gradebook(port: Any, bank: Bank, work: Any,
              words: Any) -> list[tuple[str, list[dict[str, Any]]]]:
    """An assignment's gradebook as report sheets: each student's state (in ``words``),
    score and first finish (late marked), then the item analysis of this assignment
    alone (facility: the share of the marks earned). Answers sent through keys are marked
    first."""
    mark_homework(port, bank, [work.id])
    progress = port.progress(work.id)
    students: list[dict[str, Any]] = []
    for line in lines(work, progress):
        if line.reviewed is not None:  # a card review: the cards reviewed of its target
            line = replace(line, score=float(line.reviewed), max_score=line.target)
        percent = (100.0 * line.score / line.max_score
                   if line.score is not None and line.max_score else None)
        students.append({
            "student": line.student, "number": line.number or "",
            "state": str(words(f"assign.state.{line.state}")),
            "late": line.state == "late", "score": line.score, "max_score": line.max_score,
            "percent": percent, "attempts": line.attempts,
            "finished_at": None if line.finished_at is None else line.finished_at.isoformat()})
    items: list[dict[str, Any]] = []
    for qid, responses, right, score, top in port.items(work.id):
        question = bank.get(qid)
        items.append({"question": qid, "type": "" if question is None else question.type,
                      "text": "" if question is None else question.prompt,
                      "responses": responses, "wrong": responses - right,
                      "facility": score / top if top else None})
    return [(str(words("assign.sheet_students")), students),
            (str(words("assign.sheet_items")), items)]


# -- homework on the shared student login, and its marking ---------------------------------


def mark_homework(port: Any, bank: Bank, assignment_ids: Iterable[int] | None = None) -> int:
    """Mark the answers students sent for assignments through their keys (stored raw, as
    a live class's are), with the answer key of ``bank``; each attempt touched gets the sum
    of its marks and the assignment's maximum. Returns how many answers were marked. The
    teacher's side calls it whenever it reads homework (the desk, ``quizapp assignments``,
    the gradebook), so scores are the marked ones.

    An answer to a question of ``bank`` that the assignment does not ask, or one that is
    not an answer, scores nothing. What ``bank`` cannot judge stays unmarked for a later
    read with the right questions: an assignment whose sets it lacks, or a question it
    does not hold (another teacher's files, not given this time)."""
    from quizapp.core.session import EmptyQuizError, build_session
    from quizapp.services.live import Mark, mark_answer

    answers = port.unmarked(None if assignment_ids is None else list(assignment_ids))
    if not answers:
        return 0
    asked: dict[int, tuple[frozenset[str], int] | None] = {}
    for assignment_id in {a.assignment_id for a in answers}:
        work = port.assignment(assignment_id)
        if work is None or any(bank.find_set(key) is None for key in work.sets):
            asked[assignment_id] = None
            continue
        try:
            session = build_session(bank, spec_of(work))
        except EmptyQuizError:
            asked[assignment_id] = None
            continue
        asked[assignment_id] = (frozenset(session.question_ids), session.max_score)
    marks = []
    totals: dict[int, int] = {}
    for answer in answers:
        known = asked[answer.assignment_id]
        question = bank.get(answer.question_id)
        if known is None or question is None:
            continue  # not for these questions to judge
        ids, top = known
        totals[answer.attempt_id] = top
        if question.id not in ids:
            marks.append(Mark(answer.id, 0.0, 0, False, question.content_hash()))
            continue
        result = mark_answer(question, answer.response)
        marks.append(Mark(answer.id, float(result.score), int(result.max_score),
                          bool(result.correct), question.content_hash()))
    if marks:
        port.mark(marks, totals)
    return len(marks)


@dataclass(frozen=True)
class KeyedHomework:
    """A key holder's homework: who the key is (``holder``: ``student_id name number``)
    and their assignments as Home shows them."""

    holder: Any
    items: list[Homework]


def keyed_homework(keys: Any, bank: Bank, key: str) -> KeyedHomework:
    """The key holder's assignments (their classes' only, opened, not withdrawn), read
    through the key functions, on the database's clock. Raises the store's ``WrongKey``."""
    now, holder, rows, progress = keys.assignments(key)
    return KeyedHomework(holder, _lines(rows, progress, now, bank))


def begin_keyed(keys: Any, bank: Bank, work: Any, key: str) -> int:
    """The attempt to run for the key holder: their unfinished one, else a new one; the
    database decides (window, attempts, late) and refuses a closed one."""
    from quizapp.core.session import build_session
    from quizapp.services.quiz_run import set_keys

    spec = spec_of(work)
    session = build_session(bank, spec)
    attempt_id, _late = keys.start(key, work.id, spec=spec.to_dict(),
                                   set_keys=set_keys(bank, spec), max_score=session.max_score)
    return int(attempt_id)
