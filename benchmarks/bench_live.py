"""Live-class figures: 60 simulated students on PostgreSQL and on SQLite.

Each student is the client code the student screen runs, without the drawing: a
:class:`~quizapp.services.live.LiveStudent` on its own thread with its own watcher
(:meth:`~quizapp.storage.live.LiveStore.watch_session`: its own PostgreSQL ``LISTEN``
connection, or its own SQLite ``data_version`` poller), reading the session when that
wakes it (on PostgreSQL the notice carries the new state), exactly as
:class:`LiveStudentScreen` does.
The host is a :class:`~quizapp.services.live.LiveHost` with the host screen's loop on
another thread.

- ``live_fanout_pg`` / ``live_fanout_sqlite``: from the host's "next" until all 60 students
  have read the new question; p50 and p99 over every question of 10 sessions
  (``QUIZAPP_BENCH_LIVE_SESSIONS``) of 6 questions. Before each "next" the room has the
  previous reveal and settles 50 ms, as the baseline's rounds do. Baseline on PostgreSQL:
  a bare psycopg ``NOTIFY`` until 60 plain ``LISTEN`` connections (one thread each, like
  the students) have it, as many rounds as there are questions, a session's worth after
  each session (goal: p99 within 2x); on SQLite: the polling interval (goal: p99 within
  2 intervals). ``p90_s`` and ``max_s`` (and the baseline's) are printed too.
- ``live_answer_pg`` / ``live_answer_sqlite``: from a student's answer call until the host's
  loop has read it (p50, p99; baseline as above).
- Every session also checks that no answer was lost or doubled: each student answers each
  question twice (the second is refused), and the database must hold exactly one answer per
  student and question. ``lost`` and ``doubled`` are printed with the figures.

PostgreSQL: ``QUIZAPP_TEST_PG`` (default the local test server), in a fresh schema.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

STUDENTS = 60
SESSIONS = int(os.environ.get("QUIZAPP_BENCH_LIVE_SESSIONS", "10"))
QUESTIONS = 6
PG_URL = os.environ.get("QUIZAPP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

_cache: dict = {}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class Client(threading.Thread):
    """One simulated student: the student screen's reading loop."""

    def __init__(self, student, seen: dict, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.student = student
        self.seen = seen  # (name, question index) -> when this client first read it open
        self.stop_event = stop
        self.started = threading.Event()  # listening, and has read the session once
        self.version = -1  # the version of the session this client last read

    def run(self) -> None:
        from quizapp.tui.screens.live import REREAD_EVERY, WATCH_SLICE

        student = self.student
        watcher = student.port.watch_session(student.session.id)
        last = None
        notices: list[str] = []
        woke, read_at = True, 0.0
        try:
            while not self.stop_event.is_set():
                if not woke and time.monotonic() - read_at < REREAD_EVERY:
                    woke = watcher.wait(WATCH_SLICE)
                    notices = watcher.take()
                    continue
                read_at = time.monotonic()
                session = (student.session if student.apply_notices(notices)
                           else student.refresh())
                if session.version != last:
                    last = session.version
                    if session.state == "open":
                        self.seen.setdefault((student.name, session.current),
                                             time.perf_counter())
                    self.version = last
                if session.state == "ended":
                    return
                self.started.set()
                woke = watcher.wait(WATCH_SLICE)
                notices = watcher.take()
        finally:
            watcher.close()


class HostLoop(threading.Thread):
    """The host screen's reading loop: who has answered the current question, and when."""

    def __init__(self, host, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.host = host
        self.stop_event = stop
        self.seen: dict = {}  # (name, question id) -> when the host first read the answer
        self.lock = threading.Lock()

    def run(self) -> None:
        from quizapp.tui.screens.live import WATCH_SLICE

        watcher = self.host.port.watch_host(self.host.session.id)
        try:
            while not self.stop_event.is_set():
                with self.lock:
                    view = self.host.refresh()
                now = time.perf_counter()
                for a in view.answers:
                    self.seen.setdefault((a.name, a.question_id), now)
                watcher.wait(WATCH_SLICE)
        finally:
            watcher.close()


def _session(port, bank, fanout: list, answer_lat: list, problems: dict) -> None:
    from quizapp.core.session import QuizSpec
    from quizapp.services.live import LiveHost, LiveStudent

    host = LiveHost.create(port, bank, QuizSpec(count=QUESTIONS, types=("choice",)))
    names = [f"s{i:02d}-{uuid.uuid4().hex[:4]}" for i in range(STUDENTS)]
    students = [LiveStudent.join(port, host.code, n) for n in names]
    stop = threading.Event()
    seen: dict = {}
    clients = [Client(s, seen, stop) for s in students]
    host_loop = HostLoop(host, stop)
    for c in clients:
        c.start()
    host_loop.start()
    for c in clients:  # the room is in: every student is waiting for the first question
        c.started.wait(30)
    time.sleep(0.2)
    for index in range(QUESTIONS):
        with host_loop.lock:  # the host screen's own reads and moves take turns too
            start = time.perf_counter()
            host.next()
        deadline = start + 10
        while time.perf_counter() < deadline and sum(
                (n, index) in seen for n in names) < STUDENTS:
            time.sleep(0.002)
        got = [seen[(n, index)] - start for n in names if (n, index) in seen]
        if len(got) < STUDENTS:
            problems["missed"] = problems.get("missed", 0) + STUDENTS - len(got)
        fanout.append(max(got) if got else 10.0)
        q = host.current.question
        sent: dict = {}
        for s in students:  # each answers (and presses enter twice)
            s.refresh()
            sent[s.name] = time.perf_counter()
            s.answer(q.answer)  # the host's key: a student's copy has none
            if s.answer(q.answer).status != "duplicate":
                problems["doubled"] = problems.get("doubled", 0) + 1
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and sum(
                (n, q.id) in host_loop.seen for n in names) < STUDENTS:
            time.sleep(0.002)
        answer_lat.extend(host_loop.seen[(n, q.id)] - sent[n] for n in names
                          if (n, q.id) in host_loop.seen)
        with host_loop.lock:
            host.reveal()
        # the room has the reveal and settles before the next question, as between the
        # baseline's rounds (a teacher reads the answer out before going on)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and any(
                c.version < host.session.version for c in clients):
            time.sleep(0.002)
        time.sleep(0.05)
    with host_loop.lock:
        host.end()
    stop.set()
    for c in clients:
        c.join(2)
    host_loop.join(2)
    # exactly one stored answer per student and question
    asked = {p.question.id for p in host.shown}
    rows = port.answers(host.session.id)
    per = {}
    for a in rows:
        per[(a.name, a.question_id)] = per.get((a.name, a.question_id), 0) + 1
    problems["lost"] = problems.get("lost", 0) + sum(
        (n, qid) not in per for n in names for qid in asked)
    problems["doubled"] = problems.get("doubled", 0) + sum(v - 1 for v in per.values())


def _run(url: str, between=None) -> dict:
    from quizapp.services.bank import load_bank_cached
    from quizapp.storage import Store

    bank = load_bank_cached([], builtin=True)
    store = Store.open(url)
    port = store.live
    fanout: list[float] = []
    answers: list[float] = []
    problems: dict = {}
    try:
        for _ in range(SESSIONS):
            _session(port, bank, fanout, answers, problems)
            if between is not None:
                between()
    finally:
        store.close()
    return {"fanout": fanout, "answers": answers, "lost": problems.get("lost", 0),
            "doubled": problems.get("doubled", 0), "missed": problems.get("missed", 0)}


def _pg_url() -> str:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    _cache.setdefault("schemas", []).append(schema)
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def _drop_schemas() -> None:
    import psycopg

    with psycopg.connect(PG_URL.replace("+psycopg", ""), autocommit=True) as conn:
        for schema in _cache.pop("schemas", []):
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _bare_notify(rounds: int) -> list[float]:
    """A bare psycopg NOTIFY until 60 LISTEN connections have it, per round."""
    import psycopg

    libpq = PG_URL.replace("+psycopg", "")
    channel = f"bench_{uuid.uuid4().hex[:8]}"
    got: dict = {}
    ready = threading.Barrier(STUDENTS + 1)
    stop = threading.Event()

    def listen(i: int) -> None:
        with psycopg.connect(libpq, autocommit=True) as conn:
            conn.execute(f"LISTEN {channel}")
            ready.wait()
            while not stop.is_set():
                for n in conn.notifies(timeout=0.5, stop_after=1):
                    got.setdefault((i, n.payload), time.perf_counter())

    threads = [threading.Thread(target=listen, args=(i,), daemon=True) for i in range(STUDENTS)]
    for th in threads:
        th.start()
    ready.wait()
    times = []
    with psycopg.connect(libpq, autocommit=True) as sender:
        for r in range(rounds):
            start = time.perf_counter()
            sender.execute("SELECT pg_notify(%s, %s)", (channel, str(r)))
            deadline = start + 10
            while time.perf_counter() < deadline and sum(
                    (i, str(r)) in got for i in range(STUDENTS)) < STUDENTS:
                time.sleep(0.002)
            times.append(max(got.get((i, str(r)), deadline) for i in range(STUDENTS)) - start)
            time.sleep(0.05)
    stop.set()
    for th in threads:
        th.join()  # every listener is gone before the next session
    return times


def _pg() -> dict:
    if "pg" not in _cache:
        try:
            # the baseline's rounds take turns with the sessions, so both meet the same
            # load on a shared machine
            bare: list[float] = []
            _cache["pg"] = _run(_pg_url(), lambda: bare.extend(_bare_notify(QUESTIONS)))
            _cache["pg_bare"] = bare
        finally:
            _drop_schemas()
    return _cache["pg"]


def _sqlite() -> dict:
    if "sqlite" not in _cache:
        folder = tempfile.mkdtemp(prefix="quizapp-live-")
        _cache["sqlite"] = _run(f"sqlite:///{folder}/live.db")
    return _cache["sqlite"]


def _row(values: list[float], baseline: str, base: float, goal: float, data: dict) -> dict:
    return {"ours_s": _pct(values, 0.99), "baseline": baseline, "baseline_s": base,
            "goal": goal, "p50_s": round(statistics.median(values), 6),
            "p99_s": round(_pct(values, 0.99), 6), "p90_s": round(_pct(values, 0.9), 6),
            "max_s": round(max(values), 6), "samples": len(values),
            "students": STUDENTS, "sessions": SESSIONS, "lost": data["lost"],
            "doubled": data["doubled"], "missed": data["missed"]}


def figure_fanout_pg() -> dict:
    data = _pg()
    bare = _cache["pg_bare"]
    row = _row(data["fanout"], "bare psycopg NOTIFY to 60 listeners (p99)", _pct(bare, 0.99),
               2.0, data)
    row["baseline_p50_s"] = round(statistics.median(bare), 6)
    row["baseline_p90_s"] = round(_pct(bare, 0.9), 6)
    row["baseline_max_s"] = round(max(bare), 6)
    return row


def figure_answer_pg() -> dict:
    data = _pg()
    return _row(data["answers"], "bare psycopg NOTIFY to 60 listeners (p99)",
                _pct(_cache["pg_bare"], 0.99), 2.0, data)


def figure_fanout_sqlite() -> dict:
    from quizapp.storage.live_notify import POLL_INTERVAL

    data = _sqlite()
    return _row(data["fanout"], "the SQLite polling interval", POLL_INTERVAL, 2.0, data)


def figure_answer_sqlite() -> dict:
    from quizapp.storage.live_notify import POLL_INTERVAL

    data = _sqlite()
    return _row(data["answers"], "the SQLite polling interval", POLL_INTERVAL, 2.0, data)


FIGURES = {
    "live_fanout_pg": figure_fanout_pg,
    "live_answer_pg": figure_answer_pg,
    "live_fanout_sqlite": figure_fanout_sqlite,
    "live_answer_sqlite": figure_answer_sqlite,
}
