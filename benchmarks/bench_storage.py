"""Storage figures: reports over 1,000,000 responses, and the cost of recording one answer.

Data: 2,000 students x 10 attempts x 50 of 500 questions = 1,000,000 responses (5% of the
attempts left unfinished), generated once per run into a temporary SQLite file with bulk
inserts (``conn.execute(insert(table), rows)``). Scores follow a simple ability/difficulty
model, so the statistics are not flat noise.

Each report figure times our code (``quizapp.storage.reports``, through SQLAlchemy, results
turned into dataclasses) beside the same aggregate written by hand for the raw ``sqlite3``
module on the same file, in the same run. The answer figure times ``Store.record_response``
(one transaction, committed; WAL) beside a raw ``sqlite3`` INSERT + COMMIT with the same
pragmas.
"""

from __future__ import annotations

import atexit
import math
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from run import paired_median_times  # noqa: E402

STUDENTS = 2_000
ATTEMPTS_PER_STUDENT = 10
QUESTIONS = 500
PER_ATTEMPT = 50
UNFINISHED_SHARE = 0.05
CHUNK = 50_000

_state: dict = {}


def _workdir() -> Path:
    if "dir" not in _state:
        path = Path(tempfile.mkdtemp(prefix="quizapp-bench-"))
        atexit.register(shutil.rmtree, path, True)
        _state["dir"] = path
    return _state["dir"]


def big_db() -> Path:
    """The 1,000,000-response database (built once per run)."""
    if "big" in _state:
        return _state["big"]
    path = _workdir() / "big.db"
    started = time.perf_counter()
    generate(f"sqlite:///{path}")
    _state["generate_s"] = time.perf_counter() - started
    _state["big"] = path
    return path


def generate(url: str, students: int = STUDENTS, attempts: int = ATTEMPTS_PER_STUDENT,
             questions: int = QUESTIONS, per_attempt: int = PER_ATTEMPT) -> None:
    """Generate the data into the database at ``url``; the sizes default to the figures' (the
    tests compare our reports with the hand-written SQL below on a small one)."""
    from sqlalchemy import insert

    from quizapp.storage import Store
    from quizapp.storage.attempts import attempt_t, response_t
    from quizapp.storage.students import student_t

    store = Store.open(url)
    rng = random.Random(20250301)
    t0 = datetime(2025, 3, 1, tzinfo=UTC)
    difficulty = [rng.gauss(0, 1) for _ in range(questions)]
    points = [rng.choice((1, 1, 1, 2)) for _ in range(questions)]
    qids = [f"q{i:03d}" for i in range(questions)]
    with store.engine.begin() as conn:
        conn.execute(insert(student_t), [
            {"id": s + 1, "name": f"学生{s:04d}", "created_at": t0} for s in range(students)])
    attempt_rows, responses = [], []

    def flush() -> None:
        with store.engine.begin() as conn:  # one transaction per chunk keeps the WAL small
            conn.execute(insert(attempt_t), attempt_rows)
            conn.execute(insert(response_t), responses)
        attempt_rows.clear()
        responses.clear()

    aid = 0
    for s in range(students):
        ability = rng.gauss(0, 1)
        for k in range(attempts):
            aid += 1
            when = t0 + timedelta(days=k, minutes=s % 600)
            asked = rng.sample(range(questions), per_attempt)
            total = top = 0.0
            for n, q in enumerate(asked):
                p = 1 / (1 + math.exp(difficulty[q] - ability))
                score = float(points[q]) if rng.random() < p else 0.0
                total += score
                top += points[q]
                responses.append({
                    "attempt_id": aid, "question_id": qids[q], "content_hash": "h" * 16,
                    "response": '"x"', "score": score, "max_score": points[q],
                    "correct": score == points[q], "elapsed_s": 5.0,
                    "answered_at": when + timedelta(seconds=10 * n)})
            finished = rng.random() >= UNFINISHED_SHARE
            attempt_rows.append({
                "id": aid, "student_id": s + 1, "mode": "exam",
                "sets": f"set{k % 4}", "spec": "{}", "seed": str(aid), "started_at": when,
                "finished_at": when + timedelta(minutes=20) if finished else None,
                "score": total if finished else 0.0, "max_score": int(top)})
            if len(responses) >= CHUNK:
                flush()
    if attempt_rows:
        flush()
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    store.close()


def _raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


RAW_ITEMS = """
SELECT r.question_id, COUNT(*), SUM(r.max_score), SUM(r.score), SUM(a.score - r.score),
       SUM(r.score * (a.score - r.score)), SUM(r.score * r.score),
       SUM((a.score - r.score) * (a.score - r.score))
FROM response r JOIN attempt a ON a.id = r.attempt_id
WHERE a.finished_at IS NOT NULL
GROUP BY r.question_id ORDER BY r.question_id
"""

RAW_CLASS = """
WITH r AS (
  SELECT student_id, sets,
         CASE WHEN finished_at IS NOT NULL THEN 1 ELSE 0 END AS done,
         CASE WHEN finished_at IS NOT NULL AND max_score > 0
              THEN 100.0 * score / max_score END AS pct,
         ROW_NUMBER() OVER (PARTITION BY student_id, sets, finished_at IS NULL
                            ORDER BY finished_at DESC, id DESC) AS rn
  FROM attempt)
SELECT s.name, r.sets, SUM(done), SUM(1 - done), MAX(pct),
       MAX(CASE WHEN rn = 1 AND done = 1 THEN pct END), AVG(pct)
FROM r JOIN student s ON s.id = r.student_id
GROUP BY s.name, r.sets ORDER BY s.name, r.sets
"""

#: The student report: the student's id, their attempts with the questions answered and
#: answered right in each, and their ten most missed questions with how many they missed
#: in all (the report's "+N more"): what :func:`~quizapp.storage.reports.student_report`
#: returns.
RAW_STUDENT = [
    "SELECT id FROM student WHERE name = ?",
    """SELECT a.id, a.mode, a.sets, a.seed, a.started_at, a.finished_at, a.score, a.max_score,
              (SELECT COUNT(*) FROM response r WHERE r.attempt_id = a.id
               AND r.response IS NOT NULL),
              (SELECT COUNT(*) FROM response r WHERE r.attempt_id = a.id
               AND r.correct AND r.max_score > 0)
       FROM attempt a WHERE a.student_id = ? ORDER BY a.started_at, a.id""",
    """SELECT r.question_id, COUNT(*), SUM(CASE WHEN NOT r.correct THEN 1 ELSE 0 END) AS w,
              MAX(CASE WHEN NOT r.correct THEN r.answered_at END), COUNT(*) OVER ()
       FROM response r JOIN attempt a ON a.id = r.attempt_id
       WHERE a.student_id = ? GROUP BY r.question_id HAVING w > 0
       ORDER BY w DESC, 1.0 * w / COUNT(*) DESC, r.question_id LIMIT 10""",
]


def _report_figure(ours, raw, runs: int = 5, goal: float = 2.0) -> dict:
    from quizapp.storage import Store

    path = big_db()
    store = Store.open(f"sqlite:///{path}")
    conn = _raw(path)
    try:
        ours_s, base_s = paired_median_times(lambda: ours(store), lambda: raw(conn), runs=runs)
    finally:
        conn.close()
        store.close()
    return {"ours_s": ours_s, "baseline_s": base_s, "goal": goal,
            "responses": STUDENTS * ATTEMPTS_PER_STUDENT * PER_ATTEMPT,
            "generate_s": round(_state["generate_s"], 2)}


def figure_items() -> dict:
    row = _report_figure(lambda s: s.reports.item_report(), lambda c: c.execute(RAW_ITEMS).fetchall())
    row["baseline"] = "raw sqlite3: the same per-question sums"
    return row


def figure_class() -> dict:
    row = _report_figure(lambda s: s.reports.class_summary(), lambda c: c.execute(RAW_CLASS).fetchall())
    row["baseline"] = "raw sqlite3: the same per-student, per-set aggregate"
    return row


def figure_student() -> dict:
    name = "学生1234"

    def raw(conn: sqlite3.Connection) -> None:
        (sid,) = conn.execute(RAW_STUDENT[0], (name,)).fetchone()
        conn.execute(RAW_STUDENT[1], (sid,)).fetchall()
        conn.execute(RAW_STUDENT[2], (sid,)).fetchall()

    row = _report_figure(lambda s: s.reports.student_report(name), raw, runs=200)
    row["baseline"] = "raw sqlite3: the same attempts and most-missed queries"
    return row


def figure_record() -> dict:
    """Median time to record one answer, committed, on a WAL SQLite file."""
    from quizapp.storage import Store

    n = 2_000
    path = _workdir() / "answers.db"
    store = Store.open(f"sqlite:///{path}")
    aid = store.attempts.start_attempt("学生", "exam", ["s1"], {}, 1, n)
    ours = []
    for i in range(n):
        start = time.perf_counter()
        store.attempts.record_response(aid, f"q{i}", "h" * 16, {"a": "长沙"}, 1, 1, True, 3.2)
        ours.append(time.perf_counter() - start)
    store.close()

    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("busy_timeout = 30000", "journal_mode = WAL", "synchronous = NORMAL",
                   "foreign_keys = ON"):
        conn.execute(f"PRAGMA {pragma}")
    base = []
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    for i in range(n):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO response (attempt_id, question_id, content_hash, response, score, "
            "max_score, correct, elapsed_s, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (aid, f"r{i}", "h" * 16, '{"a": "长沙"}', 1.0, 1, 1, 3.2, now))
        conn.execute("COMMIT")
        base.append(time.perf_counter() - start)
    conn.close()
    return {"ours_s": statistics.median(ours), "baseline": "raw sqlite3 INSERT + COMMIT (WAL)",
            "baseline_s": statistics.median(base), "goal": None,
            "target_s": 0.0004,
            "answers": n}


FIGURES = {
    "storage_record_answer": figure_record,
    "storage_report_items": figure_items,
    "storage_report_class": figure_class,
    "storage_report_student": figure_student,
}
