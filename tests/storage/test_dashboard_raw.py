"""The dashboard's queries return what the hand-written SQL of the dashboard benchmark
(``benchmarks/bench_dashboard.py``: ``RAW``, run through the bare driver) returns, on a small
database generated the benchmark's way, on SQLite and on PostgreSQL: the benchmark compares
like with like, and a faster query is still the same aggregate."""

from __future__ import annotations

import importlib
import json
import math
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.storage import Store
from quizapp.storage.reports import correlation

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module("bench_dashboard")


@pytest.fixture
def seeded(bench, db_url, backend):
    """``(store, raw(name) -> rows)`` over a small database (20 students, 300 responses
    each) filled by the benchmark's generator."""
    bench._fill(db_url, students=20, attempts=6, questions=60, per_attempt=50, cards=12,
                reviews=3)
    if backend == "sqlite":
        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    else:
        import psycopg

        conn = psycopg.connect(bench._libpq(db_url))
    engine = "sqlite" if backend == "sqlite" else "postgresql"

    def raw(name: str) -> list[tuple]:
        sql, params = bench._raw_sql(engine, name)
        cur = conn.cursor()
        cur.execute(sql, params)
        return [tuple(row) for row in cur.fetchall()]

    store = Store.open(db_url)
    try:
        yield store, raw
    finally:
        store.close()
        conn.close()


def _utc(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def test_set_results(bench, seeded):
    store, raw = seeded
    ours = store.reports.dash_set_results(bench.CLASS)
    want = raw("set_results")
    assert len(ours) == len(want) > 10
    for row, (name, sets, fin, unf, best, last, avg) in zip(ours, want, strict=True):
        assert (row.student, row.sets, row.finished, row.unfinished) == (name, sets, fin, unf)
        assert _close(row.best, best) and _close(row.last, last) and _close(row.average, avg)


def test_items(bench, seeded):
    store, raw = seeded
    ours = store.reports.dash_items(bench.CLASS)
    want = raw("items")
    assert len(ours) == len(want) == 60
    for row, (qid, n, smax, sx, sy, sxy, sxx, syy) in zip(ours, want, strict=True):
        assert (row.question_id, row.responses) == (qid, n)
        assert _close(row.facility, sx / smax)
        assert _close(row.discrimination, correlation(n, sx, sy, sxy, sxx, syy))


def test_started(bench, seeded):
    store, raw = seeded
    want = {name for (name,) in raw("started")}
    assert store.reports.dash_started(bench.CLASS) == want
    assert len(want) == 10


def test_sections(bench, seeded):
    store, raw = seeded
    ours = sorted(store.reports.dash_sections(bench.SECTION_OF, bench.CLASS))
    want = sorted(raw("sections"))
    assert [(s, n) for s, n, _, _ in ours] == [(s, n) for s, n, _, _ in want]
    assert all(_close(a[2], float(b[2])) and _close(a[3], float(b[3]))
               for a, b in zip(ours, want, strict=True))
    assert len(ours) >= 1


def test_answers(bench, seeded):
    store, raw = seeded
    ours = store.reports.dash_answers(bench.QIDS[17], bench.CLASS)
    want = [(json.loads(text), n) for text, n in raw("answers")]
    assert ours == want
    assert sum(n for _, n in ours) > 10


def test_cards(bench, seeded):
    store, raw = seeded
    ours = sorted(tuple(row) for row in store.reports.dash_cards(bench.CLASS))
    assert ours == sorted(raw("cards"))
    assert len(ours) == 10 * 12


def test_overdue(bench, seeded):
    store, raw = seeded
    (want,) = raw("overdue")
    assert store.reports.dash_overdue(bench.NOW, bench.CLASS) == want[0]
    assert 0 < want[0] < 10 * 12


def test_last_reviews(bench, seeded):
    store, raw = seeded
    want = [(name, _utc(at)) for name, at in raw("last_reviews")]
    assert store.reports.dash_last_reviews(bench.CLASS) == want
    assert len(want) == 10


def test_percents(bench, seeded):
    store, raw = seeded
    ours = store.reports.dash_percents(bench.CLASS)
    want = [float(p) for (p,) in raw("percents")]
    assert len(ours) == len(want) > 30
    assert all(_close(a, b) for a, b in zip(ours, want, strict=True))


def test_every_figure_has_its_comparison(bench):
    """A figure added to the benchmark without a test here would compare unchecked SQL."""
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert set(bench.RAW) <= tested


def test_driver_errors_become_storage_errors(store):
    """The dashboard's reads that go straight to the driver still fail with one line, not
    with the driver's exception."""
    from sqlalchemy import text

    from quizapp.storage import StorageError

    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE card_state"))
    with pytest.raises(StorageError, match="dash_cards"):
        store.reports.dash_cards()


def test_sections_follow_the_mapping_given(bench, seeded):
    """The sections statement is compiled once per mapping: another mapping is not answered
    from the first one's."""
    store, _ = seeded
    first = store.reports.dash_sections(bench.SECTION_OF, bench.CLASS)
    merged = store.reports.dash_sections(dict.fromkeys(bench.SECTION_OF, "全部"), bench.CLASS)
    assert [s for s, *_ in merged] == ["全部"]
    assert merged[0][1] == sum(n for _, n, _, _ in first)
    assert sorted(store.reports.dash_sections(bench.SECTION_OF, bench.CLASS)) == sorted(first)
