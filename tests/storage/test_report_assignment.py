"""``quizapp report --assignment ID`` (both back ends): the summary, one student's report,
``report items`` and ``report levels`` count only the attempts made for that assignment;
without it they count every attempt; an unknown id is a clear error with a non-zero exit."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.core.roster import RosterEntry
from quizapp.services.teacher_auth import TeacherGate
from quizapp.storage import Store

PASSWORD = "secret-1"


@pytest.fixture
def school(db_url: str, monkeypatch) -> tuple[str, int]:
    """甲 and 乙 of 高一3班: each did assignment 1 (one question, 甲 right, 乙 wrong) and a
    practice quiz of their own (two other questions, both right)."""
    monkeypatch.setenv("QUIZAPP_TEACHER_PASSWORD", PASSWORD)
    with Store.open(db_url) as store:
        TeacherGate(store.teachers).set_first(PASSWORD)
        store.classes.create_class("高一3班")
        ids = store.classes.set_roster("高一3班", [RosterEntry("甲"), RosterEntry("乙")])
        now = store.assignments.now()
        work = store.assignments.create("高一3班", {
            "title": "三盘棋", "sets": ["04-chess"], "tags": [], "count": 1, "mode": "exam",
            "due_at": now + timedelta(days=1), "attempts": 1, "answers": "after-each",
            "late": False, "seed": 3})
        for sid, right in zip(ids, (True, False), strict=True):
            aid, _late = store.assignments.start(work.id, sid, spec={}, seed=3,
                                                 set_keys=["04-chess"], max_score=1)
            store.attempts.record_response(aid, "chess-heading", "h", "A", float(right), 1, right,
                                           2.0)
            store.attempts.finish_attempt(aid, float(right), 1)
            other = store.attempts.start_attempt(sid, "practice", ["01-overview"], {}, 1, 2)
            for qid in ("overview-one-river", "overview-three-commons"):
                store.attempts.record_response(other, qid, "h", "A", 1.0, 1, True, 2.0)
            store.attempts.finish_attempt(other, 2.0, 2)
    return db_url, int(work.id)


def run(db: str, *args: str, lang: str = "en"):
    return CliRunner().invoke(main, ["--lang", lang, "report", *args, "--db", db])


def test_summary_only_the_assignment(school) -> None:
    db, work = school
    every = json.loads(run(db, "--format", "json").stdout)
    assert {r["sets"] for r in every} == {"04-chess", "01-overview"}
    done = run(db, "--assignment", str(work), "--format", "json")
    assert done.exit_code == 0, done.output
    rows = json.loads(done.stdout)
    assert sorted((r["student"], r["sets"], r["finished"], r["best"]) for r in rows) == [
        ("乙", "04-chess", 1, 0.0), ("甲", "04-chess", 1, 100.0)]


def test_student_report_only_the_assignment(school) -> None:
    db, work = school
    data = json.loads(run(db, "--student", "乙", "--assignment", str(work),
                          "--format", "json").stdout)
    assert [a["sets"] for a in data["attempts"]] == ["04-chess"]
    assert [m["question"] for m in data["missed"]] == ["chess-heading"]
    data = json.loads(run(db, "--student", "乙", "--format", "json").stdout)
    assert len(data["attempts"]) == 2


def test_items_and_levels_only_the_assignment(school) -> None:
    db, work = school
    every = json.loads(run(db, "items", "--format", "json").stdout)
    assert {r["question"] for r in every} == {"chess-heading", "overview-one-river", "overview-three-commons"}
    for args in (["items", "--assignment", str(work)], ["--assignment", str(work), "items"]):
        done = run(db, *args, "--format", "json")
        assert done.exit_code == 0, done.output
        (row,) = json.loads(done.stdout)
        assert (row["question"], row["responses"], row["facility"]) == ("chess-heading", 2, 0.5)
    levels = json.loads(run(db, "levels", "--assignment", str(work), "--format", "json").stdout)
    assert sum(r["responses"] for r in levels) == 2


@pytest.mark.parametrize("args", [["--assignment", "99"], ["items", "--assignment", "99"],
                                  ["levels", "--assignment", "99"],
                                  ["--assignment", "99", "--student", "甲"]])
def test_unknown_assignment(school, args) -> None:
    db, _ = school
    done = run(db, *args)
    assert done.exit_code != 0
    assert "No assignment #99" in done.output and "Traceback" not in done.output
    zh = run(db, *args, lang="zh")
    assert zh.exit_code != 0 and "没有编号为 99 的作业" in zh.output
