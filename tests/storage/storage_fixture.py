"""A small class whose report figures are worked out by hand in test_reports.py.

Set ``s1``: q1, q2, q4 worth 1 point; q3 and q5 worth 2 (maximum 7 per attempt).

=========  ====  ====  ====  ====  ====  =====  ==========================
attempt    q1    q2    q3    q4    q5    total  notes
=========  ====  ====  ====  ====  ====  =====  ==========================
A1 Ann     1     1     2     1     0     5      finished
A2 Bob     1     1     1     1     0     4      finished first
A3 Cat     0     1     0     1     1     3      finished
A4 Dan     1     0     0     1     0     2      finished
A5 Bob     1     0     1     1     0     3      finished last
A6 Ann     0     0     -     -     -     0      unfinished: left out of item stats
=========  ====  ====  ====  ====  ====  =====  ==========================

Set ``s2``: A7 Ann, q9 worth 1, scored 1, finished.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.storage import Store

T0 = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
MAX = {"q1": 1, "q2": 1, "q3": 2, "q4": 1, "q5": 2}

ATTEMPTS = [
    # (student, sets, scores by question, finished)
    ("Ann", ["s1"], {"q1": 1, "q2": 1, "q3": 2, "q4": 1, "q5": 0}, True),
    ("Bob", ["s1"], {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 0}, True),
    ("Cat", ["s1"], {"q1": 0, "q2": 1, "q3": 0, "q4": 1, "q5": 1}, True),
    ("Dan", ["s1"], {"q1": 1, "q2": 0, "q3": 0, "q4": 1, "q5": 0}, True),
    ("Bob", ["s1"], {"q1": 1, "q2": 0, "q3": 1, "q4": 1, "q5": 0}, True),
    ("Ann", ["s1"], {"q1": 0, "q2": 0}, False),
    ("Ann", ["s2"], {"q9": 1}, True),
]


def fill(store: Store) -> list[int]:
    """Write the class above; returns the attempt ids in table order."""
    ids = []
    for n, (student, sets, scores, finished) in enumerate(ATTEMPTS):
        start = T0 + timedelta(hours=n)
        max_score = 7 if sets == ["s1"] else 1
        aid = store.attempts.start_attempt(student, "exam", sets, {"sets": sets}, n, max_score, at=start)
        for k, (qid, score) in enumerate(scores.items()):
            top = MAX.get(qid, 1)
            store.attempts.record_response(aid, qid, "h-" + qid, {"k": k}, score, top, score == top,
                                  5.0, at=start + timedelta(minutes=k + 1))
        if finished:
            store.attempts.finish_attempt(aid, sum(scores.values()), max_score,
                                 at=start + timedelta(minutes=30))
        ids.append(aid)
    return ids


def student_names(store) -> list[str]:
    """Every student's name in the store's database, sorted."""
    from sqlalchemy import select

    from quizapp.storage.students import student_t

    with store.engine.connect() as conn:
        return sorted(conn.execute(select(student_t.c.name)).scalars())
