"""Live classes: a teacher-paced quiz for the whole room, through the score database.

The teacher's :class:`LiveHost` creates a session (a 6-digit code), opens the questions one
by one, reveals each answer and ends the class; every student's :class:`LiveStudent` joins
with the code and a name, reads the session to see which question is open, and answers it.
Nothing is held only in memory: the session, the current question and every answer are
rows, so a student who closes the app and joins again, or a host who crashes and resumes
(:meth:`LiveHost.resume`), carries on where the room is.

The questions are stored in the session as data (:func:`question_data`), shuffled once, so
every client shows the same text in the same order without the teacher's files.

Storage is reached through :class:`~quizapp.services.ports.LivePort` (implemented by
:class:`quizapp.storage.live.LiveStore`); a class roster, when there is one, through
:class:`~quizapp.services.ports.RosterPort`. Nothing here imports Textual, click or SQL.
"""

from __future__ import annotations

import dataclasses
import math
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from quizapp.core.grading import Grade, decode_response, encode_response, grade
from quizapp.core.messages import msg
from quizapp.core.model import (
    CLOZE_RE,
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
from quizapp.services.ports import LivePort, Repositories, RosterPort

if TYPE_CHECKING:  # the quiz engine loads when a host creates a class (not for a student)
    from quizapp.core.session import QuizSpec

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
    attempts than :class:`JoinThrottle` allows; the detail is the seconds to wait),
    ``taken`` (another device holds that seat: the teacher may move it,
    :meth:`LiveStudent.ask_rejoin`)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail or kind)
        self.kind = kind


def live_port(recorder: Any, cancelled: Callable[[], bool]) -> LivePort | None:
    """The live part of the recorder's store, once the recorder has opened it (``None`` if
    it could not, or ``cancelled()`` became true meanwhile). Blocks: call it on a worker
    thread."""
    store: Repositories | None = recorder.wait_open(cancelled)
    return None if store is None else store.live


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


def student_data(shown: Presented) -> dict[str, Any]:
    """:func:`question_data` without what gives the answer away (the answer, accepted
    answers, the right order or pairs, the card's back, the explanation and quote): what
    a student's client receives before the question is revealed. It still builds a
    question the answer widgets show as usual."""
    data = question_data(shown)
    fields = data["fields"]
    q = shown.question
    fields["explain"], fields["quote"] = "", ""
    if isinstance(q, ChoiceQuestion):
        fields["answer"] = ""
    elif isinstance(q, MultiQuestion):
        fields["answers"] = []
    elif isinstance(q, TrueFalseQuestion):
        fields["answer"] = True  # always the same: it says nothing
    elif isinstance(q, FillQuestion):
        fields["prompt"] = CLOZE_RE.sub(
            lambda m: "{{c" + m.group(1) + "::?" + (f"::{m.group(3)}" if m.group(3) else "") + "}}",
            q.prompt)
        fields["blanks"] = [{"number": b.number, "answer": "?", "hint": b.hint, "accept": []}
                            for b in q.blanks]
    elif isinstance(q, MatchQuestion):
        fields["pairs"] = [[left, ""] for left in q.lefts]
    elif isinstance(q, OrderQuestion):
        fields["items"] = list(shown.items)
    elif isinstance(q, CardQuestion):
        fields["back"] = ""
    data["rights"] = list(shown.rights)
    return data


@dataclass(frozen=True)
class Mark:
    """The host's mark of one stored answer (by its response id)."""

    response_id: int
    score: float
    max_score: int
    correct: bool
    content_hash: str


def mark_answer(question: AnyQuestion, response: Any) -> Grade:
    """The grade of a raw answer as a client sent it: anything that is not an answer to
    this question (the client is not trusted) is wrong, never an error."""
    try:
        return grade(question, decode_response(question, response))
    except (TypeError, ValueError, KeyError, AttributeError, IndexError):
        return Grade(0, question.points, False)


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

def _load_questions(session: Any, *, public: bool = False) -> list[Presented]:
    """The session's questions: the host's (with answers), or ``public``: as a student's
    client receives them (without)."""
    data = session.shown if public else session.questions
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
    #: Students asking to take their seat from another device (the host allows or not).
    rejoins: list[Any] = dataclasses.field(default_factory=list)

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
        from quizapp.core.session import Mode, build_session

        quiz = build_session(bank, replace(spec, mode=Mode.EXAM, time_limit=None))
        shown = []
        while (current := quiz.current()) is not None:
            shown.append(current)
            quiz.answer(None)  # move on: only the presented questions are kept
        stored_spec = replace(quiz.spec, mode=Mode.PRACTICE, seed=quiz.seed).to_dict()
        session = port.create_session(
            title=title, spec=stored_spec, questions=[question_data(p) for p in shown],
            seconds=seconds, speed=speed, leaderboard=leaderboard, class_name=class_name,
            shown=[student_data(p) for p in shown])
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
        """Close the open question and mark its answers (one step: an answer on its way
        either is marked with the others or finds the question closed)."""
        if self.state == OPEN:
            self.session = self.port.reveal(self.session.id, self.session.current,
                                            self.marks)
        return self.session

    def end(self) -> Any:
        asked = [(p.question.id, p.question.content_hash(), p.question.points)
                 for p in self.shown[: max(0, self.session.current + 1)]]
        self.session = self.port.end(self.session.id, asked, self.marks)
        return self.session

    # -- marking ------------------------------------------------------------------------

    def _question(self, question_id: str) -> AnyQuestion | None:
        for p in self.shown:
            if p.question.id == question_id:
                return p.question
        return None

    def marks(self, answers: Sequence[Any]) -> list[Mark]:
        """The host's marks of the raw answers students sent (with the answer key only the
        host holds)."""
        out = []
        for a in answers:
            q = self._question(a.question_id)
            if q is None:
                continue
            result = mark_answer(q, a.response)
            out.append(Mark(a.id, result.score, result.max_score, result.correct,
                            q.content_hash()))
        return out

    def graded(self, answers: Sequence[Any]) -> list[Any]:
        """``answers`` with the unmarked ones graded here (for the host's screen only:
        they are stored marked at the reveal)."""
        out = []
        for a in answers:
            q = None if getattr(a, "marked", True) else self._question(a.question_id)
            if q is not None:
                result = mark_answer(q, a.response)
                a = replace(a, score=result.score, max_score=result.max_score,
                            correct=result.correct, marked=True)
            out.append(a)
        return out

    # -- seats ----------------------------------------------------------------------------

    def allow_rejoin(self, request_id: int) -> bool:
        """Move a seat to the device that asked for it (the old device stops answering)."""
        return self.port.decide_rejoin(request_id, True)

    def refuse_rejoin(self, request_id: int) -> bool:
        return self.port.decide_rejoin(request_id, False)

    # -- reading ------------------------------------------------------------------------

    def refresh(self) -> HostView:
        """Read the session, its members and the answers to the current question."""
        found = self.port.session_by_id(self.session.id)
        if found is not None:
            self.session = found
        members = self.port.members(self.session.id)
        shown = self.current
        answers = (self.graded(self.port.answers(self.session.id, [shown.question.id]))
                   if shown else [])
        bars = distribution(shown, answers) if shown else []
        rejoins = self.port.rejoins(self.session.id) if self.state != ENDED else []
        return HostView(self.session, members, answers, bars, rejoins)

    def refresh_answers(self, view: HostView) -> HostView:
        """``view`` with the answers to the current question read again (one read; the
        session, who joined and the requests to rejoin as ``view`` has them): what the
        follow-loop reads when the database says only that students answered."""
        shown = self.current
        answers = (self.graded(self.port.answers(self.session.id, [shown.question.id]))
                   if shown else [])
        bars = distribution(shown, answers) if shown else []
        return HostView(self.session, view.members, answers, bars, view.rejoins)

    def results(self) -> ClassResults:
        members = self.port.members(self.session.id)
        ids = [p.question.id for p in self.shown]
        return class_results(self.session, self.shown, members,
                             self.graded(self.port.answers(self.session.id, ids)))


# -- a student ---------------------------------------------------------------------------

def find_session(port: LivePort, code: str) -> Any:
    """The session with ``code`` that can still be joined, as a student sees it (no
    answer key; else :class:`LiveError`)."""
    code = code.strip()
    session = port.public_session(code) if code.isdigit() and len(code) == 6 else None
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


def roster_names(session: Any, roster: RosterPort | None, port: LivePort | None = None
                 ) -> list[str] | None:
    """The names the session's class may join under (``None``: any name), from ``roster``
    or else the session's own roster in the database."""
    if not session.class_name:
        return None
    if roster is not None:
        return roster.names(session.class_name) or None
    names = [e.name for e in port.session_roster(session.id)] if port is not None else []
    return names or None  # a class without a roster takes any name


def join_names(port: LivePort, code: str, roster: RosterPort | None = None,
               throttle: JoinThrottle | None = None) -> list[str] | None:
    """The names the session ``code`` may be joined under, from ``roster`` or the
    database's own class rosters (``None``: any name; :class:`LiveError` for a code that
    cannot be joined). With ``throttle``, the look-up counts as a join attempt."""
    if throttle is not None:
        throttle.attempt()
    return roster_names(find_session(port, code), roster, port)


def join_roster(port: LivePort, code: str) -> list[Any] | None:
    """The students the session ``code`` may be joined as (``name number student_id``;
    the number only for namesakes), from the database (``None``: any name)."""
    session = find_session(port, code)
    return port.session_roster(session.id) if session.class_name else None


def new_token() -> str:
    """A seat's token: whoever holds it answers for the seat (keep it to come back)."""
    return secrets.token_urlsafe(32)


@dataclass
class StudentAnswer:
    """What became of an answer: ``status`` is ``ok``, ``closed``, ``duplicate`` (the first
    answer stands), ``seat`` (the seat moved to another device) or ``invalid``; the host
    marks it (:attr:`LiveStudent.mine` has the mark once the answer is revealed)."""

    status: str
    response: Any


@dataclass
class Rejoin:
    """A request to take a seat from this device, waiting for the teacher's OK."""

    session: Any
    name: str
    token: str
    request_id: int
    student_id: int | None = None


class LiveStudent:
    """One student's side of a session: a seat held by this client's ``token``. It never
    sees an answer before the reveal and never marks itself: it sends the raw answer,
    the host marks it."""

    def __init__(self, port: LivePort, session: Any, member: Any, token: str) -> None:
        self.port = port
        self.session = session
        self.member = member
        self.token = token
        self.shown = _load_questions(session, public=True)
        #: This student's stored answers by question id (kept across a rejoin).
        self.mine: dict[str, Any] = port.seat_answers(session.id, token)
        self._keyed: set[int] = set()

    @classmethod
    def join(cls, port: LivePort, code: str, name: str,
             roster: RosterPort | None = None, token: str | None = None,
             student_id: int | None = None,
             throttle: JoinThrottle | None = None) -> LiveStudent:
        """Take the seat of ``name`` in the session ``code`` (a session of a class: a name
        on its roster; ``student_id``: the student picked from it, when two share the
        name). With the ``token`` this device took it with before, the same seat and
        answers; a seat another device holds is refused (``LiveError("taken")``). The name
        must do for one (:func:`join_name`); with ``throttle``, each call counts as a join
        attempt."""
        if throttle is not None:
            throttle.attempt()
        name = join_name(name)
        session = find_session(port, code)
        allowed = roster_names(session, roster, port)
        if allowed is not None and name not in allowed:
            raise LiveError("not_on_roster", name)
        _load_questions(session, public=True)
        token = token or new_token()
        status, member = port.take_seat(session.id, name, token, student_id)
        if status != "ok" or member is None:
            raise LiveError(status, name)
        return cls(port, session, member, token)

    @staticmethod
    def ask_rejoin(port: LivePort, code: str, name: str,
                   student_id: int | None = None) -> Rejoin:
        """Ask the teacher to move the seat of ``name`` (``student_id``: the one picked
        from the roster) to this device (a new token): :meth:`rejoin_answer` tells when
        they decided."""
        name = " ".join(name.split())
        session = find_session(port, code)
        token = new_token()
        request = port.ask_rejoin(session.id, name, token, student_id)
        if request is None:
            raise LiveError("no_rejoin", name)
        return Rejoin(session, name, token, request, student_id)

    @classmethod
    def rejoin_answer(cls, port: LivePort, rejoin: Rejoin) -> LiveStudent | None:
        """The seat once the teacher allowed it (``None``: still waiting;
        ``LiveError("refused")`` when refused)."""
        state = port.rejoin_state(rejoin.request_id, rejoin.token)
        if state == "waiting":
            return None
        if state != "allowed":
            raise LiveError("refused", rejoin.name)
        session = port.public_session(session_id=rejoin.session.id) or rejoin.session
        status, member = port.take_seat(session.id, rejoin.name, rejoin.token,
                                        rejoin.student_id)
        if status != "ok" or member is None:
            raise LiveError(status, rejoin.name)
        return cls(port, session, member, rejoin.token)

    @staticmethod
    def cancel_rejoin(port: LivePort, rejoin: Rejoin) -> bool:
        """Take back a request the teacher has not decided (``False``: decided already)."""
        return port.cancel_rejoin(rejoin.request_id, rejoin.token)

    @property
    def name(self) -> str:
        return str(self.member.name)

    @property
    def current(self) -> Presented | None:
        index = self.session.current
        return self.shown[index] if 0 <= index < len(self.shown) else None

    def refresh(self) -> Any:
        """Read the session again; returns it."""
        found = self.port.public_session(session_id=self.session.id)
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
                if data.get("code") not in (None, "", self.session.code):
                    continue  # another schema's session of the same id
                version, state, current = int(data["v"]), str(data["state"]), int(data["current"])
                opened = data.get("opened_at")
                opened_at = datetime.fromisoformat(opened) if opened else None
            except (ValueError, TypeError, KeyError, AttributeError):
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

    def reveal_current(self) -> Presented | None:
        """Once the current question is revealed (or the class ended): the question with
        its answer and explanation, and this student's marked answers. Reads the database
        once per question."""
        index = self.session.current
        if self.session.state not in (REVEALED, ENDED) or not 0 <= index < len(self.shown):
            return self.current
        if index not in self._keyed:
            data = self.port.revealed_question(self.session.id, index)
            if data is not None:
                self.shown[index] = presented_from(data, index, len(self.shown))
                self._keyed.add(index)
            self.mine = self.port.seat_answers(self.session.id, self.token)
        shown: Presented | None = self.shown[index]
        return shown

    def answered(self, shown: Presented | None = None) -> Any | None:
        """The stored answer to ``shown`` (default: the current question), or ``None``."""
        shown = shown or self.current
        return self.mine.get(shown.question.id) if shown is not None else None

    def answer(self, response: object, index: int | None = None) -> StudentAnswer:
        """Send the raw answer to the open question (the first answer stands; the host
        marks it, the database times it). ``index``: the question it answers (an answer
        kept while the database could not be reached): ``closed`` once another is open."""
        if index is not None and index != self.session.current:
            return StudentAnswer("closed", response)
        shown = self.current
        if shown is None or self.session.state != OPEN:
            return StudentAnswer("closed", response)
        q = shown.question
        status = self.port.send_answer(self.session.id, self.token, shown.index,
                                       encode_response(q, response))
        if status in ("ok", "duplicate"):
            self.mine = self.port.seat_answers(self.session.id, self.token)
        if status == "duplicate":
            stored = self.mine.get(q.id)
            if stored is not None:
                return StudentAnswer(status, decode_response(q, stored.response))
        return StudentAnswer(status, response)

    def my_total(self) -> tuple[float, int]:
        """This student's marked score over the questions asked so far, and its maximum."""
        asked = self.shown[: max(0, self.session.current + 1)]
        score = sum(float(self.mine[p.question.id].score) for p in asked
                    if p.question.id in self.mine and self.mine[p.question.id].marked)
        return score, sum(p.question.points for p in asked)


# -- following a session ------------------------------------------------------------------

#: The longest a follow-loop waits on the database before looking again (seconds).
WATCH_SLICE = 0.5
#: A student's loop reads the session when its watcher wakes it (a notice, or a change seen
#: by polling); with no wake-up it still reads this often (seconds), in case one was
#: missed. (The host's loop reads every slice: its own moves send it no notice.)
REREAD_EVERY = 5.0
#: Pauses between reads of a database that cannot be reached (seconds; the last repeats).
RETRY_BACKOFF = (0.5, 1.0, 2.0, 4.0)

Cancelled = Callable[[], bool]


def retry_pause(failures: int) -> float:
    """How long to wait before the ``failures``-th try again (1: the first retry)."""
    return RETRY_BACKOFF[min(max(failures, 1), len(RETRY_BACKOFF)) - 1]


def _pause(seconds: float, cancelled: Cancelled, step: float = 0.05) -> None:
    """Wait ``seconds``, or less if ``cancelled()`` becomes true."""
    deadline = time.monotonic() + seconds
    while not cancelled() and (left := deadline - time.monotonic()) > 0:
        time.sleep(min(step, left))


class HostFollow:
    """The host's side of a session as it goes: the follow-loop (:meth:`run`) reads the
    session, who joined and the answers whenever the database says something changed (and
    at least every :data:`WATCH_SLICE`), and the moves (:meth:`move`) take turns with those
    reads (:attr:`lock`). The front end runs :meth:`run` on a thread of its own."""

    def __init__(self, host: LiveHost) -> None:
        self.host = host
        self.lock = threading.Lock()
        #: Whether the leaderboard is read (from the first question on) with each view.
        self.board = bool(host.session.leaderboard)

    def run(self, cancelled: Cancelled,
            on_view: Callable[[HostView, ClassResults | None], object],
            on_error: Callable[[Exception], object],
            on_back: Callable[[], object] | None = None) -> None:
        """Until ``cancelled()`` or the session ends: each view that differs from the last
        (a move, someone joining or answering, the leaderboard shown or hidden) goes to
        ``on_view`` with the results when they are shown (the end, or the leaderboard); a
        failed read (the database cannot be reached) goes to ``on_error`` and is tried
        again after a growing pause (:func:`retry_pause`); the first read that works again
        calls ``on_back``.

        Woken only by answers (PostgreSQL's notices say what happened), with no move since
        the last whole read and that read less than :data:`REREAD_EVERY` ago, it reads the
        answers alone (:meth:`LiveHost.refresh_answers`): one read instead of four, so a
        class answering at once is counted sooner."""
        host = self.host
        watcher = host.port.watch_host(host.session.id)
        last = None
        view: HostView | None = None
        failures = 0
        notices: list[str] = []
        read_at = 0.0
        try:
            while not cancelled():
                board = self.board
                try:
                    with self.lock:
                        if (view is not None and notices and not failures
                                and all(n == "answer" for n in notices)
                                and view.session is host.session  # no move since
                                and time.monotonic() - read_at < REREAD_EVERY):
                            view = host.refresh_answers(view)
                        else:
                            view = host.refresh()
                            read_at = time.monotonic()
                        state = view.session.state
                        results = (host.results() if state == ENDED
                                   or (board and state != LOBBY) else None)
                except Exception as exc:  # the database went away: say so, keep trying
                    failures += 1
                    on_error(exc)
                    _pause(retry_pause(failures), cancelled)
                    continue
                if failures:
                    failures = 0
                    if on_back is not None:
                        on_back()
                key = (view.session.version, tuple(m.name for m in view.members),
                       view.answered, board, tuple(r.id for r in view.rejoins))
                if key != last:
                    last = key
                    on_view(view, results)
                if view.session.state == ENDED:
                    return
                watcher.wait(WATCH_SLICE)
                notices = watcher.take()
        finally:
            watcher.close()

    def move(self, name: str) -> Any:
        """One of the host's moves (``next``, ``reveal``, ``end``), in turn with the
        loop's reads; returns the session."""
        if name not in ("next", "reveal", "end"):
            raise ValueError(f"not a move: {name}")
        with self.lock:
            return getattr(self.host, name)()

    def decide(self, request_id: int, allow: bool) -> bool:
        """Allow or refuse a student's request to rejoin from another device, in turn with
        the loop's reads; ``False`` if it was decided already."""
        with self.lock:
            return (self.host.allow_rejoin(request_id) if allow
                    else self.host.refuse_rejoin(request_id))


class StudentFollow:
    """A student's side of a session as it goes: the follow-loop (:meth:`run`) reads the
    session when the database says it moved (on PostgreSQL the notice carries the new
    state, so nothing is read), and answers (:meth:`answer`) take turns with those reads
    (:attr:`lock`). The front end runs :meth:`run` on a thread of its own."""

    def __init__(self, student: LiveStudent) -> None:
        self.student = student
        self.lock = threading.Lock()

    def run(self, cancelled: Cancelled, on_session: Callable[[Any], object],
            on_error: Callable[[Exception], object],
            on_back: Callable[[], object] | None = None) -> None:
        """Until ``cancelled()`` or the session ends: each new version of the session goes
        to ``on_session``; a failed read (the database cannot be reached) goes to
        ``on_error`` and is tried again after a growing pause (:func:`retry_pause`); the
        first read that works again calls ``on_back`` and hands on the session as it is
        then (notices sent meanwhile were missed)."""
        student = self.student
        watcher = student.port.watch_session(student.session.id)
        last = None
        failures = 0
        notices: list[str] = []
        woke, read_at = True, 0.0
        try:
            while not cancelled():
                if not woke and time.monotonic() - read_at < REREAD_EVERY:
                    woke = watcher.wait(WATCH_SLICE)
                    notices = watcher.take()
                    continue
                read_at = time.monotonic()
                try:
                    with self.lock:
                        # the notices carry the new state; without them (or after the
                        # connection was lost: notices were missed), read the row
                        session = (student.session if not failures
                                   and student.apply_notices(notices) else student.refresh())
                        # revealed: the answer and this student's mark, read once
                        student.reveal_current()
                except Exception as exc:  # the database went away: say so, keep trying
                    failures += 1
                    on_error(exc)
                    _pause(retry_pause(failures), cancelled)
                    woke = True
                    continue
                if failures:
                    failures = 0
                    last = None  # hand on the session as it is now, whatever it was
                    if on_back is not None:
                        on_back()
                if session.version != last:
                    last = session.version
                    on_session(session)
                if session.state == ENDED:
                    return
                woke = watcher.wait(WATCH_SLICE)
                notices = watcher.take()
        finally:
            watcher.close()

    def answer(self, response: object, index: int | None = None) -> StudentAnswer:
        """Send the raw answer to the open question (the host marks it), in turn with the
        loop's reads; ``index``: the question it answers (an answer sent again after the
        database was back is ``closed`` once another question is open)."""
        with self.lock:
            return self.student.answer(response, index)
