"""Live classes: a teacher-paced quiz for the whole room, through the score database.

The teacher's :class:`LiveHost` creates a session (a 6-digit code), opens the questions one
by one, reveals each answer and ends the class; every student's :class:`LiveStudent` joins
with the code and a name, reads the session to see which question is open, and answers it.
Nothing is held only in memory: the session, the current question and every answer are
rows, so a student who closes the app and joins again, or a host who crashes and resumes
(:meth:`LiveHost.resume`), carries on where the room is.

The questions are stored in the session as data (:func:`question_data`), shuffled once, so
every client shows the same text in the same order without the teacher's files.

Storage is reached through :class:`LivePort` (implemented by
:class:`quizapp.storage.live.LiveStore`); a class roster, when there is one, through
:class:`RosterPort`. Nothing here imports Textual, click or SQL.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from quizapp.core.grading import Grade, decode_response, encode_response, grade
from quizapp.core.messages import msg
from quizapp.core.model import (
    AnyQuestion,
    Bank,
    Blank,
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    TrueFalseQuestion,
)
from quizapp.core.selection import EmptyQuizError, Presented, select_questions
from quizapp.core.session import Mode, QuizSpec, build_session

#: Session states, in the order a class goes through them.
LOBBY, OPEN, REVEALED, ENDED = "lobby", "open", "revealed", "ended"
#: Speed points: a right answer is worth this much at once, half of it at the time limit.
SPEED_POINTS = 1000
#: The time speed points are measured against when questions have no time limit (seconds).
SPEED_DEFAULT_SECONDS = 30.0


class LiveError(Exception):
    """A live-class action that cannot be done; ``kind`` says why (for the UI's words):
    ``unknown`` (no session with that code), ``ended``, ``unreadable`` (session data this
    version cannot read), ``no_name``, ``not_on_roster``, ``long_name`` (over
    :data:`~quizapp.untrusted.MAX_NAME_CHARS`), ``odd_name`` (a control or invisible
    character, which would make it look like another student's), ``too_fast`` (more join
    attempts than :class:`JoinThrottle` allows; the detail is the seconds to wait)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail or kind)
        self.kind = kind


class LivePort(Protocol):
    """What the live class needs from storage (see :class:`quizapp.storage.live.LiveStore`).

    Rows are read by attribute: sessions have ``id code title spec questions class_name
    seconds speed leaderboard state current opened_at version``; members ``name
    attempt_id``; answers ``name attempt_id question_id response score max_score correct
    elapsed_s``.
    """

    def create_session(self, *, title: str, spec: dict[str, Any], questions: list[Any],
                       seconds: float | None, speed: bool, leaderboard: bool,
                       class_name: str | None = None) -> Any: ...

    def session(self, code: str) -> Any | None: ...

    def session_by_id(self, session_id: int) -> Any | None: ...

    def move(self, session_id: int, *, state: str, current: int,
             opened_at: Any = None) -> Any: ...

    def end(self, session_id: int, asked: Sequence[tuple[str, str, int]]) -> Any: ...

    def join(self, session_id: int, name: str, max_score: int) -> Any: ...

    def members(self, session_id: int) -> list[Any]: ...

    def answer(self, session_id: int, attempt_id: int, index: int, question_id: str,
               content_hash: str, response_json: Any, score: float, max_score: int,
               correct: bool, elapsed_s: float | None) -> str: ...

    def answers(self, session_id: int, question_ids: Iterable[str] | None = None
                ) -> list[Any]: ...

    def member_answers(self, attempt_id: int) -> dict[str, Any]: ...

    def roster(self) -> RosterPort:
        """The class rosters in the same database."""

    def watch_session(self, session_id: int) -> Watcher:
        """Told when the session moves (what a student waits for)."""

    def watch_host(self, session_id: int) -> Watcher:
        """Told when a student joins or answers (what the host waits for)."""


class RosterPort(Protocol):
    """A class's student names, when classes exist (``None``: no such class)."""

    def names(self, class_name: str) -> list[str] | None: ...


class Watcher(Protocol):
    """Being told that a session may have changed (then its rows are read again)."""

    def wait(self, timeout: float) -> bool:
        """Block until something may have changed (``True``) or ``timeout`` passed."""

    def take(self) -> list[str]:
        """The notices received since the last call (the new state, where the database
        sends it along)."""

    def close(self) -> None: ...


class LiveSource(Protocol):
    """An open score database that holds live classes."""

    def live(self) -> LivePort: ...


def live_port(recorder: Any, cancelled: Callable[[], bool]) -> LivePort | None:
    """The live part of the recorder's store, once the recorder has opened it (``None`` if
    it could not, or ``cancelled()`` became true meanwhile). Blocks: call it on a worker
    thread."""
    store: LiveSource | None = recorder.wait_open(cancelled)
    return None if store is None else store.live()


# -- the questions as data ---------------------------------------------------------------

_TYPES: dict[str, type] = {
    "choice": ChoiceQuestion, "multi": MultiQuestion, "truefalse": TrueFalseQuestion,
    "fill": FillQuestion, "match": MatchQuestion, "order": OrderQuestion,
    "card": CardQuestion,
}


def _plain(value: Any) -> Any:
    if isinstance(value, Blank):
        return {"number": value.number, "answer": value.answer, "hint": value.hint,
                "accept": list(value.accept)}
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def question_data(shown: Presented) -> dict[str, Any]:
    """A presented question as JSON-able data (:func:`presented_from` reverses it)."""
    q = shown.question
    fields = {f.name: _plain(getattr(q, f.name)) for f in dataclasses.fields(q) if f.init}
    return {"type": q.type, "fields": fields, "options": list(shown.options),
            "rights": list(shown.rights), "items": list(shown.items)}


def _strs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of texts")
    return tuple(value)


def presented_from(data: dict[str, Any], index: int, total: int) -> Presented:
    """The question stored by :func:`question_data`; ``LiveError("unreadable")`` for data
    this version cannot read (the database is not trusted to hold what we wrote)."""
    try:
        cls = _TYPES[data["type"]]
        raw = dict(data["fields"])
        names = {f.name for f in dataclasses.fields(cls) if f.init}
        kwargs: dict[str, Any] = {}
        for name, value in raw.items():
            if name not in names:
                continue
            if name in ("tags", "options", "items", "extra"):
                value = _strs(value)
            elif name == "answers":
                value = frozenset(_strs(value))
            elif name == "pairs":
                value = tuple((str(a), str(b)) for a, b in value)
            elif name == "blanks":
                value = tuple(Blank(int(b["number"]), str(b["answer"]), str(b.get("hint", "")),
                                    _strs(b.get("accept", []))) for b in value)
            elif name == "points":
                value = int(value)
            elif name == "answer" and cls is TrueFalseQuestion:
                value = bool(value)
            elif name in ("id", "prompt", "explain", "quote", "set_key", "answer", "front",
                          "back") and not isinstance(value, str):
                raise TypeError(f"{name} is not text")
            kwargs[name] = value
        question = cls(**kwargs)
        return Presented(question, index, total, options=_strs(data.get("options", [])),
                         rights=_strs(data.get("rights", [])),
                         items=_strs(data.get("items", [])))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise LiveError("unreadable", f"question {index + 1}: {exc}") from None


# -- scoring ------------------------------------------------------------------------------

def speed_points(answer: Any, seconds: float | None) -> int:
    """Points for one answer when speed counts: the share of marks times
    :data:`SPEED_POINTS`, falling linearly to half at the time limit."""
    if not answer.max_score:
        return 0
    limit = seconds or SPEED_DEFAULT_SECONDS
    taken = min(max(float(answer.elapsed_s or 0.0), 0.0), limit)
    share = float(answer.score) / answer.max_score
    return round(float(share * SPEED_POINTS * (1 - taken / limit / 2)))


@dataclass(frozen=True)
class Bar:
    """One bar of an answer distribution. ``kind``: ``option`` (``label`` is an option's
    text), ``truefalse`` (``label`` is ``True``/``False``) or ``grade`` (``label`` is
    ``right``/``partly``/``wrong``, for answers that are not a pick)."""

    label: Any
    count: int
    correct: bool
    kind: str = "option"


def distribution(shown: Presented, answers: Iterable[Any]) -> list[Bar]:
    """How the answers to ``shown`` spread over its options (or over right/partly/wrong)."""
    q = shown.question
    rows = [a for a in answers if a.question_id == q.id and a.response is not None]
    if isinstance(q, ChoiceQuestion):
        return [Bar(o, sum(a.response == o for a in rows), o == q.answer)
                for o in shown.options]
    if isinstance(q, MultiQuestion):
        return [Bar(o, sum(isinstance(a.response, list) and o in a.response for a in rows),
                    o in q.answers) for o in shown.options]
    if isinstance(q, TrueFalseQuestion):
        return [Bar(v, sum(a.response is v for a in rows), v is q.answer, "truefalse")
                for v in (True, False)]
    right = sum(bool(a.correct) for a in rows)
    partly = sum(not a.correct and a.score > 0 for a in rows)
    return [Bar("right", right, True, "grade"), Bar("partly", partly, False, "grade"),
            Bar("wrong", len(rows) - right - partly, False, "grade")]


@dataclass(frozen=True)
class StudentResult:
    name: str
    answered: int
    correct: int
    score: float
    points: int


@dataclass(frozen=True)
class QuestionSummary:
    index: int
    question: AnyQuestion
    answered: int
    correct: int


@dataclass(frozen=True)
class ClassResults:
    """The class at the end (or so far): one row per student, best first, and one per
    question asked. ``points`` are speed points when speed counts, else the score."""

    students: tuple[StudentResult, ...]
    questions: tuple[QuestionSummary, ...]
    max_score: int
    speed: bool


def class_results(session: Any, shown: Sequence[Presented], members: Sequence[Any],
                  answers: Sequence[Any]) -> ClassResults:
    """The results of the questions asked so far (up to the current one)."""
    asked = shown[: max(0, session.current + 1)]
    asked_ids = {p.question.id for p in asked}
    mine: dict[int, list[Any]] = {m.attempt_id: [] for m in members}
    for a in answers:
        if a.question_id in asked_ids and a.attempt_id in mine:
            mine[a.attempt_id].append(a)
    students = []
    for m in members:
        given = mine[m.attempt_id]
        score = sum(float(a.score) for a in given)
        points = (sum(speed_points(a, session.seconds) for a in given) if session.speed
                  else round(score))
        students.append(StudentResult(m.name, len(given), sum(bool(a.correct) for a in given),
                                      score, points))
    students.sort(key=lambda s: (-s.points, -s.score, s.name))
    questions = tuple(
        QuestionSummary(p.index, p.question,
                        sum(a.question_id == p.question.id for a in answers),
                        sum(a.question_id == p.question.id and bool(a.correct)
                            for a in answers))
        for p in asked)
    return ClassResults(tuple(students), questions,
                        sum(p.question.points for p in asked), bool(session.speed))


# -- the teacher -------------------------------------------------------------------------

def _load_questions(session: Any) -> list[Presented]:
    data = session.questions
    if not isinstance(data, list) or not data:
        raise LiveError("unreadable", "the session has no questions")
    return [presented_from(d, i, len(data)) for i, d in enumerate(data)]


@dataclass
class HostView:
    """What the host shows: the session row, who joined, and the answers to the current
    question with their distribution."""

    session: Any
    members: list[Any]
    answers: list[Any]
    bars: list[Bar]

    @property
    def answered(self) -> int:
        return len(self.answers)


class LiveHost:
    """The teacher's side of one session. Every method commits before it returns."""

    def __init__(self, port: LivePort, session: Any, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.port = port
        self.session = session
        self.shown = _load_questions(session)
        self.clock = clock
        #: When the current question opened (this host's clock), for its time limit.
        self.opened_clock: float | None = None
        #: Flashcards the filters matched but the class leaves out (set by :meth:`create`).
        self.cards_left_out = 0

    @classmethod
    def create(cls, port: LivePort, bank: Bank, spec: QuizSpec, *,
               seconds: float | None = None, speed: bool = False,
               leaderboard: bool = False, class_name: str | None = None,
               title: str = "", clock: Callable[[], float] = time.monotonic) -> LiveHost:
        """A new session in the lobby on the questions ``spec`` picks from ``bank`` (raises
        the engine's ``EmptyQuizError`` when none match).

        Flashcards are left out (counted in :attr:`cards_left_out`): a card is rated by
        the one who studies it, so a class has nothing to mark and no answer to hide
        before the reveal; they stay for practice and flashcards."""
        if seconds is not None and not seconds > 0:
            raise ValueError("the time per question must be positive")
        matched, _ = select_questions(bank, sets=spec.sets, tags=spec.tags, types=spec.types,
                                      ids=spec.ids, levels=spec.levels)
        cards = sum(isinstance(q, CardQuestion) for q in matched)
        if matched and cards == len(matched):
            raise EmptyQuizError(msg("quiz_empty.only_cards_live"))
        # an exam's selection leaves the cards out; the class itself is not an exam
        quiz = build_session(bank, replace(spec, mode=Mode.EXAM, time_limit=None))
        shown = []
        while (current := quiz.current()) is not None:
            shown.append(current)
            quiz.answer(None)  # move on: only the presented questions are kept
        stored_spec = replace(quiz.spec, mode=Mode.PRACTICE, seed=quiz.seed).to_dict()
        session = port.create_session(
            title=title, spec=stored_spec, questions=[question_data(p) for p in shown],
            seconds=seconds, speed=speed, leaderboard=leaderboard, class_name=class_name)
        host = cls(port, session, clock=clock)
        host.cards_left_out = cards
        return host

    @classmethod
    def resume(cls, port: LivePort, code: str, *,
               clock: Callable[[], float] = time.monotonic) -> LiveHost:
        """Take over the session ``code`` again (after a crash): same question, same answers."""
        session = port.session(code.strip())
        if session is None:
            raise LiveError("unknown", code)
        if session.state == ENDED:
            raise LiveError("ended", code)
        host = cls(port, session, clock=clock)
        if session.state == OPEN:
            host.opened_clock = clock() - host._open_for()
        return host

    def _open_for(self) -> float:
        """Seconds the current question has been open (by the database's clock)."""
        from datetime import UTC, datetime

        opened = self.session.opened_at
        if opened is None:
            return 0.0
        return max(0.0, float((datetime.now(UTC) - opened).total_seconds()))

    @property
    def code(self) -> str:
        return str(self.session.code)

    @property
    def state(self) -> str:
        return str(self.session.state)

    @property
    def total(self) -> int:
        return len(self.shown)

    @property
    def current(self) -> Presented | None:
        index = self.session.current
        return self.shown[index] if 0 <= index < len(self.shown) else None

    @property
    def is_last(self) -> bool:
        return bool(self.session.current >= len(self.shown) - 1)

    def time_left(self) -> float | None:
        """Seconds left on the open question's timer (``None``: no timer or not open)."""
        if self.session.seconds is None or self.state != OPEN or self.opened_clock is None:
            return None
        return float(self.session.seconds - (self.clock() - self.opened_clock))

    # -- moving the class ---------------------------------------------------------------

    def next(self) -> Any:
        """Open the next question (from the lobby: the first). After the last one: end."""
        if self.state == ENDED:
            return self.session
        if self.state == OPEN:
            return self.reveal()
        if self.is_last and self.state == REVEALED:
            return self.end()
        from datetime import UTC, datetime

        self.session = self.port.move(self.session.id, state=OPEN,
                                      current=self.session.current + 1,
                                      opened_at=datetime.now(UTC))
        self.opened_clock = self.clock()
        return self.session

    def reveal(self) -> Any:
        if self.state == OPEN:
            self.session = self.port.move(self.session.id, state=REVEALED,
                                          current=self.session.current)
        return self.session

    def end(self) -> Any:
        asked = [(p.question.id, p.question.content_hash(), p.question.points)
                 for p in self.shown[: max(0, self.session.current + 1)]]
        self.session = self.port.end(self.session.id, asked)
        return self.session

    # -- reading ------------------------------------------------------------------------

    def refresh(self) -> HostView:
        """Read the session, its members and the answers to the current question."""
        found = self.port.session_by_id(self.session.id)
        if found is not None:
            self.session = found
        members = self.port.members(self.session.id)
        shown = self.current
        answers = self.port.answers(self.session.id, [shown.question.id]) if shown else []
        bars = distribution(shown, answers) if shown else []
        return HostView(self.session, members, answers, bars)

    def results(self) -> ClassResults:
        members = self.port.members(self.session.id)
        ids = [p.question.id for p in self.shown]
        return class_results(self.session, self.shown, members,
                             self.port.answers(self.session.id, ids))


# -- a student ---------------------------------------------------------------------------

def find_session(port: LivePort, code: str) -> Any:
    """The session with ``code`` that can still be joined (else :class:`LiveError`)."""
    code = code.strip()
    session = port.session(code) if code.isdigit() and len(code) == 6 else None
    if session is None:
        raise LiveError("unknown", code)
    if session.state == ENDED:
        raise LiveError("ended", code)
    return session


#: join attempts (a code tried, a name tried) one client may make per window: enough for
#: a student's typing mistakes, far too few to try codes until one is a class
JOIN_ATTEMPTS = 6
JOIN_WINDOW = 60.0


class JoinThrottle:
    """The join attempts of one client (one app: a terminal, or a browser tab under
    ``quizapp serve``): at most ``attempts`` in any ``window`` seconds. Each try of a code
    or a name counts, so a script can neither confirm codes nor read rosters quickly."""

    def __init__(self, attempts: int = JOIN_ATTEMPTS, window: float = JOIN_WINDOW,
                 clock: Callable[[], float] | None = None) -> None:
        self.attempts = attempts
        self.window = window
        self.clock = clock or time.monotonic
        self._times: list[float] = []

    def attempt(self) -> None:
        """Count one attempt, or raise ``LiveError("too_fast", seconds to wait)``."""
        now = self.clock()
        self._times = [t for t in self._times if now - t < self.window]
        if len(self._times) >= self.attempts:
            wait = self.window - (now - self._times[0])
            raise LiveError("too_fast", str(max(1, math.ceil(wait))))
        self._times.append(now)


def join_name(name: str) -> str:
    """``name`` as a student joins under it: spaces collapsed; refused (:class:`LiveError`)
    when empty, longer than a name can be (the database does not hold SQLite to a
    length), or holding a control or invisible character (``Alice\u200b`` would show as
    ``Alice``)."""
    from quizapp.untrusted import MAX_NAME_CHARS, find_controls, find_invisible

    name = " ".join(name.split())
    if not name:
        raise LiveError("no_name")
    if len(name) > MAX_NAME_CHARS:
        raise LiveError("long_name", str(MAX_NAME_CHARS))
    odd = find_controls(name) or find_invisible(name)
    if odd is not None:
        raise LiveError("odd_name", odd)
    return name


def roster_names(session: Any, roster: RosterPort) -> list[str] | None:
    """The names the session's class may join under (``None``: any name)."""
    if not session.class_name:
        return None
    return roster.names(session.class_name)


def join_names(port: LivePort, code: str, roster: RosterPort | None = None,
               throttle: JoinThrottle | None = None) -> list[str] | None:
    """The names the session ``code`` may be joined under, from ``roster`` or the
    database's own class rosters (``None``: any name; :class:`LiveError` for a code that
    cannot be joined). With ``throttle``, the look-up counts as a join attempt."""
    if throttle is not None:
        throttle.attempt()
    return roster_names(find_session(port, code), roster or port.roster())


@dataclass
class StudentAnswer:
    """The answer a student gave (or the stored one after a rejoin)."""

    status: str  # "ok", "closed", "duplicate"
    grade: Grade | None
    response: Any


class LiveStudent:
    """One student's side of a session."""

    def __init__(self, port: LivePort, session: Any, member: Any) -> None:
        self.port = port
        self.session = session
        self.member = member
        self.shown = _load_questions(session)
        #: This student's stored answers by question id (kept across a rejoin).
        self.mine: dict[str, Any] = port.member_answers(member.attempt_id)

    @classmethod
    def join(cls, port: LivePort, code: str, name: str,
             roster: RosterPort | None = None,
             throttle: JoinThrottle | None = None) -> LiveStudent:
        """Join (or rejoin: same attempt, earlier answers kept) the session ``code``; a
        session of a class takes only the names on ``roster`` (default: the database's own
        class rosters). The name must do for one (:func:`join_name`); with ``throttle``,
        each call counts as a join attempt."""
        if throttle is not None:
            throttle.attempt()
        name = join_name(name)
        session = find_session(port, code)
        allowed = roster_names(session, roster or port.roster())
        if allowed is not None and name not in allowed:
            raise LiveError("not_on_roster", name)
        shown = _load_questions(session)
        member = port.join(session.id, name, sum(p.question.points for p in shown))
        return cls(port, session, member)

    @property
    def name(self) -> str:
        return str(self.member.name)

    @property
    def current(self) -> Presented | None:
        index = self.session.current
        return self.shown[index] if 0 <= index < len(self.shown) else None

    def refresh(self) -> Any:
        """Read the session again; returns it."""
        found = self.port.session_by_id(self.session.id)
        if found is not None:
            self.session = found
        return self.session

    def apply_notices(self, notices: Sequence[str]) -> bool:
        """Move to the newest state the session's notices carry (PostgreSQL sends the new
        state with each change), without reading the database. ``False`` when there is
        none or one cannot be read: then :meth:`refresh`."""
        import json
        from datetime import datetime

        newest = None
        for text in notices:
            try:
                data = json.loads(text)
                version, state, current = int(data["v"]), str(data["state"]), int(data["current"])
                opened = data.get("opened_at")
                opened_at = datetime.fromisoformat(opened) if opened else None
            except (ValueError, TypeError, KeyError):
                return False
            if state not in (LOBBY, OPEN, REVEALED, ENDED):
                return False
            if newest is None or version > newest[0]:
                newest = (version, state, current, opened_at)
        if newest is None:
            return False
        version, state, current, opened_at = newest
        if version > self.session.version:
            self.session = replace(self.session, version=version, state=state,
                                   current=current, opened_at=opened_at)
        return True

    def answered(self, shown: Presented | None = None) -> Any | None:
        """The stored answer to ``shown`` (default: the current question), or ``None``."""
        shown = shown or self.current
        return self.mine.get(shown.question.id) if shown is not None else None

    def answer(self, response: object, elapsed: float | None) -> StudentAnswer:
        """Grade and record the answer to the open question (the first answer stands)."""
        shown = self.current
        if shown is None or self.session.state != OPEN:
            return StudentAnswer("closed", None, response)
        q = shown.question
        result = grade(q, response)
        encoded = encode_response(q, response)
        status = self.port.answer(self.session.id, self.member.attempt_id, shown.index, q.id,
                                  q.content_hash(), encoded, result.score, result.max_score,
                                  result.correct, elapsed)
        if status in ("ok", "duplicate"):
            self.mine = self.port.member_answers(self.member.attempt_id)
        if status == "duplicate":
            stored = self.mine.get(q.id)
            if stored is not None:
                return StudentAnswer(status, Grade(stored.score, stored.max_score,
                                                   stored.correct),
                                     decode_response(q, stored.response))
        return StudentAnswer(status, result if status == "ok" else None, response)

    def my_total(self) -> tuple[float, int]:
        """This student's score over the questions asked so far, and its maximum."""
        asked = self.shown[: max(0, self.session.current + 1)]
        score = sum(float(self.mine[p.question.id].score) for p in asked
                    if p.question.id in self.mine)
        return score, sum(p.question.points for p in asked)
