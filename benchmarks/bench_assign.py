"""Homework figure: a class of 60 opening Home, with and without the assignment panel.

``assign_home_60x20``: SQLite; 60 students on one class roster; 20 assignments of that
class (20 questions each, on the built-in sets); every student has done 10 of them (one
finished attempt, 20 answers each) and has 100 other attempts of 20 answers: 60 x (10 x 20
+ 100 x 20) = 132,000 responses (``QUIZAPP_BENCH_SCALE=N`` multiplies the other attempts;
the issue's 1,000,000 is about ``N=8``, too slow to build on a shared 2-core machine).
Ours: what Home reads for each of the 60 students with the panel (its figures and
``Reads.homework``); baseline: the same screen's reads without it (``Reads.home``). Goal:
at most 2x.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_storage import _workdir  # noqa: E402
from run import paired_median_times  # noqa: E402

STUDENTS = 60
ASSIGNMENTS = 20
DONE = 10
PER = 20
OTHER = 100 * int(os.environ.get("QUIZAPP_BENCH_SCALE", "1"))
T0 = datetime(2026, 9, 1, tzinfo=UTC)


def _fill(url: str) -> None:
    from sqlalchemy import insert

    from quizapp.core.roster import RosterEntry
    from quizapp.services.bank import load_bank_cached
    from quizapp.storage import Store
    from quizapp.storage.attempts import attempt_t, response_t

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
    attempts, responses = [], []
    aid = 0
    for sid in ids:
        for k in range(DONE + OTHER):
            aid += 1
            when = T0 + timedelta(hours=k)
            attempts.append({"id": aid, "student_id": sid, "mode": "practice", "sets": "",
                             "spec": "{}", "seed": "1", "started_at": when,
                             "finished_at": when + timedelta(minutes=10), "score": 10.0,
                             "max_score": PER,
                             "assignment_id": works[k].id if k < DONE else None})
            for n, q in enumerate(rng.sample(qids, PER)):
                right = rng.random() < 0.6
                responses.append({"attempt_id": aid, "question_id": q, "content_hash": "h",
                                  "response": '"A"', "score": float(right), "max_score": 1,
                                  "correct": right, "elapsed_s": 3.0,
                                  "answered_at": when + timedelta(seconds=n)})
        with store.engine.begin() as conn:
            conn.execute(insert(attempt_t), attempts)
            conn.execute(insert(response_t), responses)
        attempts.clear()
        responses.clear()
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    store.close()


def _figure() -> dict:
    from quizapp.services.bank import load_bank_cached
    from quizapp.services.scorebook import Reads
    from quizapp.storage import Store

    url = f"sqlite:///{_workdir() / 'assign.db'}"
    _fill(url)
    bank = load_bank_cached([], builtin=True)
    store = Store.open(url)
    reads = Reads(store, bank)  # type: ignore[arg-type]
    students = [r.student_id for r in store.classes.roster("高一3班")]
    assert len(reads.homework(students[0])) == ASSIGNMENTS

    def without() -> None:
        for sid in students:
            reads.home(sid)

    def with_panel() -> None:
        for sid in students:
            reads.home(sid)
            reads.homework(sid)

    ours, base = paired_median_times(with_panel, without, runs=3, warmup=1)
    store.close()
    return {"ours_s": ours, "baseline": "Home's reads without the panel", "baseline_s": base,
            "goal": 2.0, "students": STUDENTS, "assignments": ASSIGNMENTS,
            "responses": STUDENTS * (DONE + OTHER) * PER}


FIGURES = {"assign_home_60x20": _figure}
