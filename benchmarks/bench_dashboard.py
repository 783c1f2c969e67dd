"""Dashboard figures: each query of the teacher's dashboard (:mod:`quizapp.storage.dashboard`)
over 1,000,000 responses, on SQLite and on PostgreSQL, beside the same aggregate written by
hand for the raw driver (``sqlite3`` / ``psycopg``) on the same database, in the same run.

Data: 200 students x 50 attempts x 100 of 5,000 questions = 1,000,000 responses (5% of the
attempts unfinished), 200 flashcards and 20 reviews per student; the class asked about has
the first 100 students. Sections: 5,000 questions in 8 sections. PostgreSQL is
``QUIZAPP_BENCH_PG`` (default: the test server); its figures are left out, with a note on
stderr, when it does not answer.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import random
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_storage import _workdir  # noqa: E402
from run import paired_median_times  # noqa: E402

STUDENTS = 200
ATTEMPTS = 50
QUESTIONS = 5_000
PER_ATTEMPT = 100
CARDS = 200
REVIEWS = 20
SECTIONS = ["总览", "三个藩篱", "三个凡是", "三盘棋", "产业", "三道题", "结语", "贯通全文"]
CLASS = "高一3班"
CHUNK = 50_000
T0 = datetime(2026, 9, 1, tzinfo=UTC)
NOW = T0 + timedelta(days=60)
PG_URL = os.environ.get("QUIZAPP_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

_state: dict = {}

QIDS = [f"q{i:04d}" for i in range(QUESTIONS)]
SECTION_OF = {q: SECTIONS[i * len(SECTIONS) // QUESTIONS] for i, q in enumerate(QIDS)}


def _fill(url: str, students: int = STUDENTS, attempts: int = ATTEMPTS,
          questions: int = QUESTIONS, per_attempt: int = PER_ATTEMPT, cards: int = CARDS,
          reviews: int = REVIEWS) -> None:
    """Generate the data into the database at ``url`` (schema made by ``Store.open``); the
    sizes default to the figures' (the tests compare our queries with :data:`RAW` on a
    small one)."""
    from sqlalchemy import insert

    from quizapp.storage import Store
    from quizapp.storage.attempts import attempt_t, response_t
    from quizapp.storage.class_tables import ClassMember, SchoolClass
    from quizapp.storage.dashboard import card_t, review_t
    from quizapp.storage.students import student_t

    store = Store.open(url)
    rng = random.Random(20260901)
    difficulty = [rng.gauss(0, 1) for _ in range(questions)]
    with store.engine.begin() as conn:
        conn.execute(insert(student_t), [
            {"id": s + 1, "name": f"学生{s:03d}", "created_at": T0} for s in range(students)])
        conn.execute(insert(SchoolClass.__table__), [{"id": 1, "name": CLASS, "created_at": T0}])
        conn.execute(insert(ClassMember.__table__), [
            {"class_id": 1, "student_id": s + 1, "number": str(s), "position": s}
            for s in range(students // 2)])
        card_rows, review_rows = [], []
        for s in range(students):
            for k in range(cards):
                last = T0 + timedelta(days=rng.randrange(60))
                due = last + timedelta(days=rng.randrange(1, 30))
                state = {"card_id": k, "state": 2, "step": None,
                         "stability": rng.uniform(1, 30), "difficulty": rng.uniform(2, 8),
                         "due": due.isoformat(), "last_review": last.isoformat()}
                card_rows.append({"student_id": s + 1, "question_id": QIDS[k * 7 % questions],
                              "card": json.dumps(state), "state": 2, "due": due,
                              "last_review": last, "content_hash": "h", "created_at": T0,
                              "updated_at": last})
            for k in range(reviews):
                review_rows.append({"student_id": s + 1, "question_id": QIDS[k], "rating": 3,
                                "reviewed_at": T0 + timedelta(days=rng.randrange(60)),
                                "source": "cards", "log": "{}"})
        conn.execute(insert(card_t), card_rows)
        conn.execute(insert(review_t), review_rows)
    attempt_rows, responses = [], []

    def flush() -> None:
        with store.engine.begin() as conn:
            conn.execute(insert(attempt_t), attempt_rows)
            conn.execute(insert(response_t), responses)
        attempt_rows.clear()
        responses.clear()

    aid = 0
    for s in range(students):
        ability = rng.gauss(0, 1)
        for k in range(attempts):
            aid += 1
            when = T0 + timedelta(hours=k, minutes=s)
            total = 0.0
            for n, q in enumerate(rng.sample(range(questions), per_attempt)):
                right = rng.random() < 1 / (1 + math.exp(difficulty[q] - ability))
                total += right
                responses.append({
                    "attempt_id": aid, "question_id": QIDS[q], "content_hash": "h",
                    "response": '"A"' if right else rng.choice(('"B"', '"C"', '"D"')),
                    "score": float(right), "max_score": 1, "correct": right,
                    "elapsed_s": 5.0, "answered_at": when + timedelta(seconds=n)})
            finished = rng.random() >= 0.05
            attempt_rows.append({
                "id": aid, "student_id": s + 1, "mode": "exam", "sets": f"set{k % 8}",
                "spec": "{}", "seed": str(aid), "started_at": when,
                "finished_at": when + timedelta(minutes=20) if finished else None,
                "score": total if finished else 0.0, "max_score": per_attempt})
            if len(responses) >= CHUNK:
                flush()
    if attempt_rows:
        flush()
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    store.close()


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def database(engine: str) -> tuple[str, object] | None:
    """``(url, raw connection factory)`` for the engine's database, built once per run."""
    if engine in _state:
        return _state[engine]
    started = time.perf_counter()
    if engine == "sqlite":
        path = _workdir() / "dashboard.db"
        url = f"sqlite:///{path}"
        _fill(url)
        _state[engine] = (url, lambda: sqlite3.connect(path))
    else:
        try:
            import psycopg

            psycopg.connect(_libpq(PG_URL), connect_timeout=3).close()
        except Exception as exc:  # noqa: BLE001 - any failure: no PostgreSQL figures
            print(f"bench_dashboard: PostgreSQL unreachable ({type(exc).__name__}); "
                  "its figures are left out", file=sys.stderr)
            _state[engine] = None
            return None
        schema = f"bench_dash_{os.getpid()}"
        with psycopg.connect(_libpq(PG_URL), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")

        def drop() -> None:
            with psycopg.connect(_libpq(PG_URL), autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

        atexit.register(drop)
        sep = "&" if "?" in PG_URL else "?"
        url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
        _fill(url)
        _state[engine] = (url, lambda: psycopg.connect(
            _libpq(PG_URL), options=f"-csearch_path={schema}"))
    _state[f"{engine}_generate_s"] = time.perf_counter() - started
    return _state[engine]


# -- the same aggregates, by hand -------------------------------------------------------------

IN_CLASS = ("SELECT m.student_id FROM class_member m JOIN school_class c ON c.id = m.class_id "
            "WHERE c.name = :class")

RAW = {
    "set_results": f"""
WITH r AS (
  SELECT student_id, sets,
         CASE WHEN finished_at IS NOT NULL THEN 1 ELSE 0 END AS done,
         CASE WHEN finished_at IS NOT NULL AND max_score > 0
              THEN 100.0 * score / max_score END AS pct,
         ROW_NUMBER() OVER (PARTITION BY student_id, sets, finished_at IS NULL
                            ORDER BY finished_at DESC, id DESC) AS rn
  FROM attempt WHERE student_id IN ({IN_CLASS}))
SELECT s.name, r.sets, SUM(done), SUM(1 - done), MAX(pct),
       MAX(CASE WHEN rn = 1 AND done = 1 THEN pct END), AVG(pct)
FROM r JOIN student s ON s.id = r.student_id
GROUP BY s.name, r.sets ORDER BY s.name, r.sets""",
    "items": f"""
SELECT r.question_id, COUNT(*), SUM(r.max_score), SUM(r.score), SUM(a.score - r.score),
       SUM(r.score * (a.score - r.score)), SUM(r.score * r.score),
       SUM((a.score - r.score) * (a.score - r.score))
FROM response r JOIN attempt a ON a.id = r.attempt_id
WHERE a.finished_at IS NOT NULL AND a.student_id IN ({IN_CLASS})
GROUP BY r.question_id ORDER BY r.question_id""",
    "started": f"""
SELECT s.name FROM student s WHERE s.id IN ({IN_CLASS})
AND EXISTS (SELECT r.id FROM response r JOIN attempt a ON a.id = r.attempt_id
            WHERE a.student_id = s.id)""",
    "sections": f"""
WITH sec(question_id, section) AS (VALUES {{values}})
SELECT sec.section, COUNT(*), SUM(r.score), SUM(r.max_score)
FROM response r JOIN attempt a ON a.id = r.attempt_id
JOIN sec ON sec.question_id = r.question_id
WHERE a.finished_at IS NOT NULL AND a.student_id IN ({IN_CLASS})
GROUP BY sec.section""",
    "answers": f"""
SELECT r.response, COUNT(*) FROM response r JOIN attempt a ON a.id = r.attempt_id
WHERE r.question_id = :qid AND a.finished_at IS NOT NULL AND a.student_id IN ({IN_CLASS})
GROUP BY r.response ORDER BY COUNT(*) DESC, r.response""",
    "cards": f"SELECT question_id, card FROM card_state WHERE student_id IN ({IN_CLASS})",
    "overdue": f"""SELECT COUNT(*) FROM card_state
WHERE student_id IN ({IN_CLASS}) AND due < :now""",
    "last_reviews": f"""
SELECT s.name, l.at FROM student s
LEFT JOIN (SELECT student_id, MAX(reviewed_at) AS at FROM review_log GROUP BY student_id) l
  ON l.student_id = s.id
WHERE s.id IN ({IN_CLASS}) ORDER BY s.name""",
    "percents": f"""
SELECT CASE WHEN max_score > 0 THEN 100.0 * score / max_score END FROM attempt
WHERE finished_at IS NOT NULL AND max_score > 0 AND student_id IN ({IN_CLASS})
ORDER BY id""",
}


def _raw_sql(engine: str, name: str) -> tuple[str, tuple]:
    """The hand-written query for the driver: its text and its parameters, in order."""
    sql = RAW[name]
    mark = "?" if engine == "sqlite" else "%s"
    now = NOW.replace(tzinfo=None).isoformat(sep=" ") if engine == "sqlite" else NOW
    if name == "sections":
        sql = sql.replace("{values}", ", ".join(
            f"('{q}', '{s}')" for q, s in sorted(SECTION_OF.items())))
    order = []
    for token in (":qid", ":now", ":class"):
        while token in sql:
            at = sql.index(token)
            order.append((at, token))
            sql = sql[:at] + "\0" + sql[at + len(token):]
    values = {":class": CLASS, ":qid": QIDS[17], ":now": now}
    params = tuple(values[token] for _, token in sorted(order))
    return sql.replace("\0", mark), params


def _ours(name: str):
    return {
        "set_results": lambda s: s.dash_set_results(CLASS),
        "items": lambda s: s.dash_items(CLASS),
        "started": lambda s: s.dash_started(CLASS),
        "sections": lambda s: s.dash_sections(SECTION_OF, CLASS),
        "answers": lambda s: s.dash_answers(QIDS[17], CLASS),
        "cards": lambda s: s.dash_cards(CLASS),
        "overdue": lambda s: s.dash_overdue(NOW, CLASS),
        "last_reviews": lambda s: s.dash_last_reviews(CLASS),
        "percents": lambda s: s.dash_percents(CLASS),
    }[name]


#: repetitions per figure: the quick queries need many for a stable median
RUNS = {"answers": 60, "overdue": 60, "started": 30, "last_reviews": 60, "percents": 30,
        "cards": 15}


def _figure(engine: str, name: str):
    def run() -> dict | None:
        got = database(engine)
        if got is None:
            return None
        url, connect = got
        from quizapp.storage import Store

        store = Store.open(url)
        conn = connect()
        sql, params = _raw_sql(engine, name)
        ours = _ours(name)

        def raw() -> None:
            cur = conn.cursor()
            cur.execute(sql, params)
            cur.fetchall()

        try:
            runs = RUNS.get(name, 7)
            ours_s, base_s = paired_median_times(lambda: ours(store.reports), raw, runs=runs, warmup=2)
        finally:
            conn.close()
            store.close()
        return {"ours_s": ours_s, "baseline_s": base_s, "goal": 2.0, "runs": runs,
                "baseline": f"raw {'sqlite3' if engine == 'sqlite' else 'psycopg'}: "
                            f"the same {name.replace('_', ' ')} aggregate",
                "responses": STUDENTS * ATTEMPTS * PER_ATTEMPT,
                "generate_s": round(_state.get(f"{engine}_generate_s", 0.0), 2)}

    return run


FIGURES = {
    f"dashboard_{name}_{'sqlite' if engine == 'sqlite' else 'pg'}": _figure(engine, name)
    for engine in ("sqlite", "postgresql") for name in RAW
}
