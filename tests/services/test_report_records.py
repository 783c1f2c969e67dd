"""The report records the CLI draws and writes: built in the services from the store's
rows and the loaded questions."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from quizapp.core.model import ChoiceQuestion, FillQuestion
from quizapp.services.reports import attempt_records, item_records, missed_records

CHOICE = ChoiceQuestion(id="q1", prompt="同饮  哪条江?", options=("湘江", "资江"),
                        answer="湘江", set_key="s")
FILL = FillQuestion(id="q2", prompt="发展得{{c1::快}}", blanks=(), set_key="s")
BANK = {q.id: q for q in (CHOICE, FILL)}


def test_items_name_known_questions_and_leave_unknown_ones_empty():
    rows = [SimpleNamespace(question_id=q, responses=10, facility=0.5, discrimination=None,
                            flags=("too hard",)) for q in ("q1", "q2", "gone")]
    records = item_records(rows, BANK)
    assert [(r["question"], r["type"], r["text"]) for r in records] == [
        ("q1", "choice", "同饮 哪条江?"), ("q2", "fill", FILL.masked_prompt()),
        ("gone", None, None)]
    assert records[0]["flags"] == ["too hard"] and records[2]["level"] is None
    assert "快" not in records[1]["text"]  # the answer is masked


def test_flags_wait_for_ten_answers_as_on_the_desk():
    from quizapp.services.reports import MIN_RESPONSES, item_flags
    from quizapp.services.teacher import MIN_RESPONSES as DESK

    assert MIN_RESPONSES == DESK == 10
    assert item_flags(9, ("too easy",)) == () and item_flags(10, ("too easy",)) == ("too easy",)
    few = SimpleNamespace(question_id="q1", responses=3, facility=1.0, discrimination=None,
                          flags=("too easy",))
    assert item_records([few], BANK)[0]["flags"] == []


def test_percentages_round_half_up_and_never_show_minus_zero():
    from quizapp.core.numbers import half_up, percent

    assert (percent(100 * 5 / 8), percent(100 * 1 / 8), percent(100 * 3 / 8)) == ("63", "13", "38")
    assert percent(-0.4) == "0" and percent(-0.04, 1) == "0.0" and percent(-0.0) == "0"
    assert half_up(0.145, 2) == 0.15 and percent(100 * 0.145) == "14"  # 14.499…
    assert percent(-62.5) == "-63"


def test_attempts_and_misses_carry_times_as_iso_text():
    at = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    attempt = SimpleNamespace(id=7, started_at=at, finished_at=None, mode="exam",
                              set_keys=("a", "b"), answered=2, score=1.5, max_score=2,
                              percent=75.0)
    [rec] = attempt_records([attempt])
    assert rec["started"] == "2026-03-02T08:30:00+00:00" and rec["finished"] is None
    assert rec["sets"] == "a,b"
    [miss] = missed_records([SimpleNamespace(question_id="q1", answered=2, wrong=1,
                                             last_wrong=at)], BANK)
    assert miss["last_wrong"] == rec["started"] and miss["type"] == "choice"
