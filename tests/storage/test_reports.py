"""Report figures against values worked out by hand (see storage_fixture.py for the class).

Item statistics over the five finished ``s1`` attempts, totals T = [5, 4, 3, 2, 3]; for each
question x = its score, y = T - x (the rest of the test), r = (nΣxy - ΣxΣy) /
sqrt((nΣx² - (Σx)²)(nΣy² - (Σy)²)), n = 5:

- q1: x = [1,1,0,1,1], y = [4,3,3,1,2]: Σx 4, Σy 13, Σxy 10, Σx² 4, Σy² 39
  -> r = (50 - 52) / sqrt(4 * 26) = -2/√104 = -0.196116; facility 4/5 = 0.8
- q2: x = [1,1,1,0,0], y = [4,3,2,2,3]: Σx 3, Σy 14, Σxy 9, Σx² 3, Σy² 42
  -> r = (45 - 42) / sqrt(6 * 14) = 3/√84 = 0.327327; facility 3/5 = 0.6
- q3 (2 points): x = [2,1,0,0,1], y = [3,3,3,2,2]: Σx 4, Σy 13, Σxy 11, Σx² 6, Σy² 35
  -> r = (55 - 52) / sqrt(14 * 6) = 3/√84 = 0.327327; facility 4/10 = 0.4
- q4: always 1 -> r undefined; facility 5/5 = 1.0 (too easy)
- q5 (2 points): x = [0,0,1,0,0], y = [5,4,2,2,3]: Σx 1, Σy 16, Σxy 2, Σx² 1, Σy² 58
  -> r = (10 - 16) / sqrt(4 * 34) = -6/√136 = -0.514496; facility 1/10 = 0.1 (too hard)
- q9 (set s2): one response -> r undefined; facility 1.0 (too easy)
The unfinished attempt A6 (q1 = 0, q2 = 0) must not count: with it q1 and q2 would have 6
responses.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from storage_fixture import T0, fill

from quizapp.storage import StorageError, Store
from quizapp.storage.reports import (
    correlation,
)


@pytest.fixture
def class_store(store: Store) -> Store:
    fill(store)
    return store


def test_item_statistics(class_store: Store):
    rows = {r.question_id: r for r in class_store.reports.item_report()}
    assert list(rows) == ["q1", "q2", "q3", "q4", "q5", "q9"]
    expected = {
        # question: (responses, facility, discrimination, flags)
        "q1": (5, 0.8, -0.196116, ("negative",)),
        "q2": (5, 0.6, 0.327327, ()),
        "q3": (5, 0.4, 0.327327, ()),
        "q4": (5, 1.0, None, ("too easy",)),
        "q5": (5, 0.1, -0.514496, ("too hard", "negative")),
        "q9": (1, 1.0, None, ("too easy",)),
    }
    for qid, (n, facility, disc, flags) in expected.items():
        row = rows[qid]
        assert row.responses == n, qid
        assert row.facility == pytest.approx(facility), qid
        if disc is None:
            assert row.discrimination is None, qid
        else:
            assert row.discrimination == pytest.approx(disc, abs=1e-6), qid
        assert row.flags == flags, qid


def test_class_summary(class_store: Store):
    rows = [(r.student, r.sets, r.finished, r.unfinished, r.best, r.last, r.average)
            for r in class_store.reports.class_summary()]
    approx = pytest.approx
    assert rows == [
        ("Ann", "s1", 1, 1, approx(500 / 7), approx(500 / 7), approx(500 / 7)),
        ("Ann", "s2", 1, 0, 100.0, 100.0, 100.0),
        # Bob: 4/7 first, then 3/7: the last is not the best
        ("Bob", "s1", 2, 0, approx(400 / 7), approx(300 / 7), approx(50.0)),
        ("Cat", "s1", 1, 0, approx(300 / 7), approx(300 / 7), approx(300 / 7)),
        ("Dan", "s1", 1, 0, approx(200 / 7), approx(200 / 7), approx(200 / 7)),
    ]
    assert class_store.reports.class_summary(mode="practice") == []


def test_student_report(class_store: Store):
    rep = class_store.reports.student_report("Bob")
    assert [(a.score, a.max_score, a.finished) for a in rep.attempts] == [
        (4.0, 7, True), (3.0, 7, True)]
    # q3: half marks twice (partial is not correct); q5: 0 twice; q2: wrong once in two
    assert [(m.question_id, m.answered, m.wrong) for m in rep.missed] == [
        ("q3", 2, 2), ("q5", 2, 2), ("q2", 2, 1)]
    assert rep.missed[0].last_wrong == T0 + timedelta(hours=4, minutes=3)
    assert rep.missed[2].last_wrong == T0 + timedelta(hours=4, minutes=2)

    ann = class_store.reports.student_report("Ann")
    assert [a.finished for a in ann.attempts] == [True, False, True]
    assert [(m.question_id, m.answered, m.wrong) for m in ann.missed] == [
        ("q5", 1, 1), ("q1", 2, 1), ("q2", 2, 1)]
    with pytest.raises(StorageError, match="no student"):
        class_store.reports.student_report("Zed")


def test_review_queue_and_best(class_store: Store):
    # Ann's latest answers: q1, q2 wrong (unfinished A6), q5 wrong (A1); the rest right
    assert class_store.attempts.recent_wrong_ids("Ann") == ["q2", "q1", "q5"]
    assert class_store.attempts.best_by_set("Bob") == {"s1": pytest.approx(400 / 7)}


def test_correlation_edge_cases():
    assert correlation(1, 1, 1, 1, 1, 1) is None
    assert correlation(3, 3, 6, 6, 3, 14) is None  # x constant
    assert correlation(2, 1, 1, 1, 1, 1) == pytest.approx(1.0)  # x=(1,0), y=(1,0)
    assert correlation(2, 1, 1, 0, 1, 1) == pytest.approx(-1.0)  # x=(1,0), y=(0,1)
