"""Homework figures: a class of 60 opening Home, with and without the assignment panel,
over a database of 1,000,000 responses.

The database (SQLite, one file): 60 students on one class roster; 20 assignments of that
class (20 questions each, on the built-in sets); every student has done 10 of them (one
finished attempt, 20 answers each) and has 824 other attempts of 20 answers: 60 x (10 +
824) x 20 = 1,000,800 responses (``QUIZAPP_BENCH_RESPONSES=N`` for about N). It is written
with the driver's ``executemany`` in large batches, the item-statistics index built once
at the end, which takes well under a minute here.

- ``assign_home_60x20``: what Home reads for each of the 60 students with the panel (its
  figures and ``Reads.homework``), all 60 at once (a thread each, as a class opening Home
  together), beside the same screen's reads without it (``Reads.home``), also at once.
  Goal: at most 2x.
- ``assign_home_screen``: one student's Home in the app (Pilot, 80x24), from the app's
  start: until the assignment panel is on screen, beside until the same screen's own
  figures (the best scores) are. Goal: at most 2x.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_storage import _workdir  # noqa: E402
from run import paired_median_times  # noqa: E402

STUDENTS = 60
ASSIGNMENTS = 20
DONE = 10
PER = 20
RESPONSES = int(os.environ.get("QUIZAPP_BENCH_RESPONSES", "1000000"))
#: Each student's attempts not made for an assignment.
OTHER = max(0, -(-RESPONSES // (STUDENTS * PER)) - DONE)
T0 = datetime(2026, 9, 1, tzinfo=UTC)
BATCH = 100_000
_state: dict[str, object] = {}


def _stamp(when: datetime) -> str:
    """A time as the score database keeps it on SQLite (naive UTC text)."""
    return when.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _fill(url: str) -> float:
    """The database at ``url``; returns the seconds it took to write."""
    from sqlalchemy import text

    from quizapp.core.roster import RosterEntry
    from quizapp.services.bank import load_bank_cached
    from quizapp.storage import Store
    from quizapp.storage.tables import Response

    started = time.perf_counter()
    bank = load_bank_cached([], builtin=True)
    qids = [q.id for q in bank.questions]
    rng = random.Random(30)
    store = Store.open(url)
    store.classes.create_class("高一3班")
    ids = store.classes.set_roster("高一3班", [RosterEntry(f"学生{i:02d}")
                                              for i in range(STUDENTS)])
    now = store.assignments.now()
    works = [store.assignments.create("高一3班", {
        "title": f"作业{k}", "sets": [], "tags": [], "count": PER, "mode": "practice",
        "opens_at": now - timedelta(days=30), "due_at": now + timedelta(days=k + 1),
        "attempts": 2, "answers": "after-each", "late": False, "seed": k + 1})
        for k in range(ASSIGNMENTS)]
    stats_index = next(i for i in Response.__table__.indexes  # type: ignore[attr-defined]
                       if i.name == "ix_response_item_stats")
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA synchronous = OFF")
        cur.execute("DROP INDEX ix_response_item_stats")  # built once, after the rows
        attempts: list[tuple] = []
        responses: list[tuple] = []

        def flush() -> None:
            cur.executemany(
                "INSERT INTO attempt (id, student_id, mode, sets, spec, seed, started_at, "
                "finished_at, score, max_score, assignment_id) "
                "VALUES (?, ?, 'practice', '', '{}', '1', ?, ?, ?, ?, ?)", attempts)
            cur.executemany(
                "INSERT INTO response (attempt_id, question_id, content_hash, response, "
                "score, max_score, correct, elapsed_s, answered_at, marked) "
                "VALUES (?, ?, 'h', '\"A\"', ?, 1, ?, 3.0, ?, 1)", responses)
            raw.commit()
            attempts.clear()
            responses.clear()

        # every student's k-th attempt is at the same time: its times written once
        starts = [_stamp(T0 + timedelta(hours=k)) for k in range(DONE + OTHER)]
        ends = [_stamp(T0 + timedelta(hours=k, minutes=10)) for k in range(DONE + OTHER)]
        answered = [[_stamp(T0 + timedelta(hours=k, seconds=n)) for n in range(PER)]
                    for k in range(DONE + OTHER)]
        aid = 0
        for sid in ids:
            for k in range(DONE + OTHER):
                aid += 1
                total = 0
                times = answered[k]
                for n, q in enumerate(rng.sample(qids, PER)):
                    right = rng.random() < 0.6
                    total += right
                    responses.append((aid, q, float(right), int(right), times[n]))
                attempts.append((aid, sid, starts[k], ends[k], float(total), PER,
                                 works[k].id if k < DONE else None))
                if len(responses) >= BATCH:
                    flush()
        if attempts:
            flush()
        cur.execute("PRAGMA synchronous = NORMAL")
        raw.commit()
    finally:
        raw.close()
    with store.engine.begin() as conn:
        stats_index.create(conn)
    with store.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
        count = conn.execute(text("SELECT count(*) FROM response")).scalar_one()
    store.close()
    _state["responses"] = int(count)
    return time.perf_counter() - started


def _database() -> str:
    """The database, built once per run."""
    if "url" not in _state:
        url = f"sqlite:///{_workdir() / 'assign.db'}"
        _state["fill_s"] = _fill(url)
        _state["url"] = url
    return str(_state["url"])


def _about() -> dict:
    return {"students": STUDENTS, "assignments": ASSIGNMENTS,
            "responses": _state["responses"], "fill_s": round(float(_state["fill_s"]), 2)}  # type: ignore[arg-type]


def _reads_figure() -> dict:
    from quizapp.services.bank import load_bank_cached
    from quizapp.services.scorebook import Reads
    from quizapp.storage import Store

    url = _database()
    bank = load_bank_cached([], builtin=True)
    store = Store.open(url)
    reads = Reads(store, bank)  # type: ignore[arg-type]
    students = [r.student_id for r in store.classes.roster("高一3班")]
    assert len(reads.homework(students[0])) == ASSIGNMENTS

    def at_once(read) -> None:
        # the class opening Home at once: every student's reads in flight together
        with ThreadPoolExecutor(max_workers=len(students)) as pool:
            for done in [pool.submit(read, sid) for sid in students]:
                done.result()

    def one_home(sid: int) -> None:
        reads.home(sid)

    def home_with_panel(sid: int) -> None:
        reads.home(sid)
        reads.homework(sid)

    def without() -> None:
        at_once(one_home)

    def with_panel() -> None:
        at_once(home_with_panel)

    # (no warm-up round: the database was just written and read, and 60 Homes each way
    # take a while over 1,000,000 responses)
    ours, base = paired_median_times(with_panel, without, runs=2, warmup=0)
    store.close()
    return {"ours_s": ours, "baseline": "Home's reads without the panel", "baseline_s": base,
            "goal": 2.0, **_about()}


async def _home_times(url: str, bank) -> tuple[float, float]:
    """From the app's start to Home's own figures on screen, and to the assignment
    panel's: seconds."""
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.home import HomeScreen

    shown: dict[str, float] = {}
    best, homework = HomeScreen.on_home_read, HomeScreen.on_homework_read

    def on_home_read(self, message) -> None:
        best(self, message)
        shown.setdefault("home", time.perf_counter())

    def on_homework_read(self, message) -> None:
        homework(self, message)
        if self.query_one("#home-homework-box").display:
            shown.setdefault("panel", time.perf_counter())

    HomeScreen.on_home_read = on_home_read  # type: ignore[method-assign]
    HomeScreen.on_homework_read = on_homework_read  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        app = QuizApp(bank, db_url=url, student="学生07", class_name="高一3班", lang="zh",
                      remember=False, cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            while len(shown) < 2 and time.perf_counter() - start < 60:
                await pilot.pause(0.005)
    finally:
        HomeScreen.on_home_read = best  # type: ignore[method-assign]
        HomeScreen.on_homework_read = homework  # type: ignore[method-assign]
    if len(shown) < 2:
        raise RuntimeError(f"Home did not show both in 60 s: {sorted(shown)}")
    return shown["panel"] - start, shown["home"] - start


def _screen_figure() -> dict:
    from quizapp.services.bank import load_bank_cached

    url = _database()
    bank = load_bank_cached([], builtin=True)
    asyncio.run(_home_times(url, bank))  # warm-up
    rounds = [asyncio.run(_home_times(url, bank)) for _ in range(3)]
    ours = statistics.median(r[0] for r in rounds)
    base = statistics.median(r[1] for r in rounds)
    return {"ours_s": ours, "baseline": "the same Home's own figures on screen",
            "baseline_s": base, "goal": 2.0,
            "ratio": statistics.median(p / h for p, h in rounds), **_about()}


FIGURES = {"assign_home_60x20": _reads_figure, "assign_home_screen": _screen_figure}
