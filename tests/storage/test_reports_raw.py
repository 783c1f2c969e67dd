"""The class, item and student reports return what the hand-written SQL of the storage
benchmark (``benchmarks/bench_storage.py``, run through the bare ``sqlite3`` module) returns,
on a small database generated the benchmark's way: the benchmark compares like with like."""

from __future__ import annotations

import importlib
import math
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.storage import Store
from quizapp.storage.reports import correlation

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture
def seeded(monkeypatch, tmp_path):
    """``(bench module, store, raw sqlite3 connection)`` over 30 students x 6 attempts x 40
    of 60 questions."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    bench = importlib.import_module("bench_storage")
    path = tmp_path / "reports.db"
    bench.generate(f"sqlite:///{path}", students=30, attempts=6, questions=60, per_attempt=40)
    store = Store.open(f"sqlite:///{path}")
    conn = sqlite3.connect(path)
    try:
        yield bench, store, conn
    finally:
        conn.close()
        store.close()


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _utc(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_class_summary(seeded):
    bench, store, conn = seeded
    want = conn.execute(bench.RAW_CLASS).fetchall()
    ours = store.reports.class_summary()
    assert len(ours) == len(want) == 30 * 4
    for row, (name, sets, fin, unf, best, last, avg) in zip(ours, want, strict=True):
        assert (row.student, row.sets, row.finished, row.unfinished) == (name, sets, fin, unf)
        assert _close(row.best, best) and _close(row.last, last) and _close(row.average, avg)


def test_item_report(seeded):
    bench, store, conn = seeded
    want = conn.execute(bench.RAW_ITEMS).fetchall()
    ours = store.reports.item_report()
    assert len(ours) == len(want) == 60
    for row, (qid, n, smax, sx, sy, sxy, sxx, syy) in zip(ours, want, strict=True):
        assert (row.question_id, row.responses) == (qid, n)
        assert _close(row.facility, sx / smax)
        assert _close(row.discrimination, correlation(n, sx, sy, sxy, sxx, syy))


@pytest.mark.parametrize("name", ["学生0000", "学生0017"])
def test_student_report(seeded, name):
    bench, store, conn = seeded
    (sid,) = conn.execute(bench.RAW_STUDENT[0], (name,)).fetchone()
    attempts = conn.execute(bench.RAW_STUDENT[1], (sid,)).fetchall()
    missed = conn.execute(bench.RAW_STUDENT[2], (sid,)).fetchall()
    rep = store.reports.student_report(name)
    assert [(a.id, a.mode, ",".join(a.set_keys), str(a.seed), a.started_at, a.finished_at,
             a.score, a.max_score, a.answered, a.correct) for a in rep.attempts] == [
        (i, mode, sets, seed, _utc(started), _utc(finished), score, top, answered, right)
        for i, mode, sets, seed, started, finished, score, top, answered, right in attempts]
    assert [(m.question_id, m.answered, m.wrong, m.last_wrong) for m in rep.missed] == [
        (q, n, w, _utc(last)) for q, n, w, last, _ in missed]
    assert rep.missed_total == missed[0][4]
    assert len(rep.attempts) == 6 and len(rep.missed) == 10 < rep.missed_total
