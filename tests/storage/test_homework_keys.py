"""Homework on the school's PostgreSQL with the shared student login: each student's key
(``quizapp class keys``) and the key functions. A student with a key sees and does only
their own class's assignments; the teacher's side marks the raw answers; every attack
(reading the tables, changing an assignment, answering in a classmate's attempt, after the
due time, beyond the attempts allowed, with a wrong key) fails and stores nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from test_roles import BANK, PERMISSION_DENIED, refused, school  # noqa: F401 - the fixture

from quizapp.core.homework_keys import BITS, key_hash, new_key, normalize
from quizapp.core.roster import RosterEntry
from quizapp.services.assignments import (
    begin_keyed,
    keyed_homework,
    lines,
    mark_homework,
    spec_of,
)
from quizapp.storage.assignments import AssignmentClosed, UnknownAssignment
from quizapp.storage.homework_keys import AnswerRefused, WrongKey


def test_keys_are_typeable_and_strong():
    key = new_key()
    assert len(key) == 14 and key.count("-") == 2 and BITS >= 55
    assert normalize(key.lower().replace("-", " ")) == key
    assert normalize("0000-0000-0000") is None and normalize("ABCD") is None
    assert key_hash(key) != key_hash(new_key())


def setup(teacher) -> tuple[int, int, int]:
    """Two classes (高一3班: 甲 and 乙; 高一5班: 丁) and an exam for 高一3班."""
    teacher.classes.create_class("高一3班")
    teacher.classes.create_class("高一5班")
    teacher.classes.set_roster("高一3班", [RosterEntry("甲"), RosterEntry("乙")])
    teacher.classes.set_roster("高一5班", [RosterEntry("丁")])
    now = teacher.assignments.now()
    work = teacher.assignments.create("高一3班", {
        "title": "一座城", "sets": ["01-city"], "tags": [], "count": 2, "mode": "exam",
        "time_limit": 10, "due_at": now + timedelta(hours=1), "attempts": 1,
        "answers": "after-each", "late": False, "seed": 7})
    return work.id, 0, 0


def test_a_keyed_student_does_their_own_class_homework_and_nothing_else(school):  # noqa: F811
    from quizapp.storage import Store

    admin_url, teacher_url, student_url = school
    teacher = Store.open(teacher_url)
    student = Store.open(student_url)
    raw = student.engine
    try:
        work_id, _, _ = setup(teacher)
        slips = {s.name: s for s in teacher.keys.issue("高一3班")}
        other = {s.name: s for s in teacher.keys.issue("高一5班")}
        jia, yi, ding = slips["甲"].key, slips["乙"].key, other["丁"].key
        assert jia and yi and ding and len({jia, yi, ding}) == 3
        # issued again: the keys are kept (not shown again); --new replaces them
        assert [s.key for s in teacher.keys.issue("高一3班")] == [None, None]
        assert student.keys.limited() and not teacher.keys.limited()

        # a wrong key: nobody, nothing
        with pytest.raises(WrongKey):
            keyed_homework(student.keys, BANK, "ZZZZ-ZZZZ-ZZZZ")
        assert student.keys.holder("ZZZZ-ZZZZ-ZZZZ") is None
        # 丁 (another class) sees nothing of 高一3班 and cannot start it
        assert keyed_homework(student.keys, BANK, ding).items == []
        with pytest.raises(UnknownAssignment):
            student.keys.start(ding, work_id, spec={}, set_keys=[], max_score=2)

        # 甲 sees it, starts it, answers (one right, one wrong), hands in
        mine = keyed_homework(student.keys, BANK, jia)
        assert mine.holder.name == "甲"
        assert [h.work.id for h in mine.items] == [work_id] and mine.items[0].state == "not_begun"
        work = mine.items[0].work
        attempt = begin_keyed(student.keys, BANK, work, jia)
        assert begin_keyed(student.keys, BANK, work, jia) == attempt  # resumed, not a new one
        from quizapp.core.session import build_session

        asked = build_session(BANK, spec_of(work)).question_ids
        answers = {"q-river": "湘江", "q-must": False}  # q-must's answer is True
        for qid in asked:
            student.keys.answer(jia, attempt, qid, answers[qid], 3.0)
        with pytest.raises(AnswerRefused) as twice:
            student.keys.answer(jia, attempt, asked[0], "沅江", 1.0)
        assert twice.value.reason == "duplicate"
        # 乙 cannot answer in 甲's attempt, nor read it, nor hand it in
        with pytest.raises(AnswerRefused) as theirs:
            student.keys.answer(yi, attempt, "q-extra", "x", 1.0)
        assert theirs.value.reason == "attempt"
        assert student.keys.attempt(yi, attempt) is None
        with pytest.raises(AnswerRefused):
            student.keys.finish(yi, attempt)
        resumed = student.keys.attempt(jia, attempt)
        assert [r.question_id for r in resumed.responses] == list(asked)
        student.keys.finish(jia, attempt)
        with pytest.raises(AnswerRefused) as after:
            student.keys.answer(jia, attempt, "q-late", "x", 1.0)
        assert after.value.reason == "closed"
        # the attempts limit (1): no second attempt
        with pytest.raises(AssignmentClosed) as used:
            begin_keyed(student.keys, BANK, work, jia)
        assert used.value.reason == "used"

        # stored raw and unmarked; the teacher's side marks them when it reads
        with teacher.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM response WHERE attempt_id = :a "
                                     "AND NOT marked"), {"a": attempt}).scalar_one() == 2
        assert mark_homework(teacher.assignments, BANK) == 2
        assert mark_homework(teacher.assignments, BANK) == 0
        progress = {p.student: p for p in teacher.assignments.progress(work_id)}
        line = {x.student: x for x in lines(work, progress.values())}
        assert line["甲"].state == "done" and line["甲"].score == 1.0
        assert line["甲"].max_score == 2 and line["乙"].state == "not_begun"

        # the tables themselves stay shut to the student login
        for table in ("assignment", "attempt", "response", "student", "homework_key"):
            assert refused(raw, f"SELECT * FROM {table}") == PERMISSION_DENIED, table
        assert refused(raw, "UPDATE assignment SET due_at = now() + interval '9 days'") \
            == PERMISSION_DENIED
        assert refused(raw, "UPDATE response SET score = 1") == PERMISSION_DENIED
        assert refused(raw, "DELETE FROM homework_key") == PERMISSION_DENIED
        assert refused(raw, "SELECT quizapp_hw_student('x')") == PERMISSION_DENIED
    finally:
        teacher.close()
        student.close()


def test_the_server_clock_closes_homework(school):  # noqa: F811
    from quizapp.storage import Store

    _admin, teacher_url, student_url = school
    teacher = Store.open(teacher_url)
    student = Store.open(student_url)
    try:
        work_id, _, _ = setup(teacher)
        slips = {s.name: s.key for s in teacher.keys.issue("高一3班")}
        jia, yi = slips["甲"], slips["乙"]
        assert jia is not None and yi is not None
        work = keyed_homework(student.keys, BANK, jia).items[0].work
        attempt = begin_keyed(student.keys, BANK, work, jia)
        # the due time (and the exam's ten minutes after it) passes: the teacher moves it
        now = teacher.assignments.now()
        teacher.assignments.change(work_id, {"opens_at": now - timedelta(hours=3),
                                             "due_at": now - timedelta(hours=1)})
        with pytest.raises(AnswerRefused) as late:
            student.keys.answer(jia, attempt, "q-river", "湘江", 1.0)
        assert late.value.reason == "closed"
        # no late work accepted: 乙 cannot start; the list says it is closed
        item = keyed_homework(student.keys, BANK, yi).items[0]
        assert item.closed
        with pytest.raises(AssignmentClosed) as due:
            begin_keyed(student.keys, BANK, item.work, yi)
        assert due.value.reason == "due"
        # late work accepted: 乙 starts, marked late
        teacher.assignments.change(work_id, {"late": True})
        started, was_late = student.keys.start(yi, work_id, spec=spec_of(work).to_dict(),
                                               set_keys=["01-city"], max_score=2)
        assert was_late
        student.keys.answer(yi, started, "q-river", "湘江", 1.0)
        # --new: the old key stops working
        fresh = {s.name: s.key for s in teacher.keys.issue("高一3班", replace=True)}
        with pytest.raises(WrongKey):
            student.keys.answer(yi, started, "q-must", True, 1.0)
        student.keys.answer(fresh["乙"], started, "q-must", True, 1.0)
        # withdrawn: gone from the list, no answer taken
        teacher.assignments.withdraw(work_id)
        assert keyed_homework(student.keys, BANK, fresh["乙"]).items == []
        with pytest.raises(AnswerRefused):
            student.keys.answer(fresh["乙"], started, "q-x", "x", 1.0)
    finally:
        teacher.close()
        student.close()


def test_roles_can_be_granted_again(school):  # noqa: F811
    from quizapp.storage import Store
    from quizapp.storage.roles import grant_roles

    admin_url, _teacher, student_url = school
    with Store.open(admin_url) as admin:
        prefix = student_url.split("://", 1)[1].split("_student", 1)[0]
        grant_roles(admin.engine, prefix=prefix, teacher_password="teach-pw",
                    student_password="student-pw")
    with Store.open(student_url) as student:
        assert student.keys.holder("ZZZZ-ZZZZ-ZZZZ") is None


def test_keys_are_issued_on_sqlite_and_kept_as_hashes(tmp_path):
    from quizapp.storage import Store
    from quizapp.storage.classes import UnknownClass

    with Store.open(f"sqlite:///{tmp_path / 'q.db'}") as store:
        store.classes.create_class("高一3班")
        store.classes.set_roster("高一3班", [RosterEntry("甲", "2023001"), RosterEntry("乙")])
        slips = store.keys.issue("高一3班")
        assert [(s.name, s.number) for s in slips] == [("甲", "2023001"), ("乙", None)]
        with store.engine.connect() as conn:
            kept = {r[0] for r in conn.execute(text("SELECT key_hash FROM homework_key"))}
        assert kept == {key_hash(s.key) for s in slips if s.key}
        assert not store.keys.limited()
        with pytest.raises(UnknownClass):
            store.keys.issue("高一9班")


def test_a_version_7_database_gets_keys_and_keeps_its_homework(db_url, backend):
    from quizapp.storage import Store

    with Store.open(db_url) as store:
        store.classes.create_class("高一3班")
        store.classes.set_roster("高一3班", [RosterEntry("甲")])
        now = store.assignments.now()
        made = store.assignments.create("高一3班", {
            "title": "一座城", "sets": [], "tags": [], "mode": "practice",
            "due_at": now + timedelta(hours=1), "seed": 3})
        with store.engine.begin() as conn:  # back to version 7: no keys yet
            if backend == "postgresql":
                from quizapp.storage.homework_sql import drop_homework_functions

                drop_homework_functions(conn)
            conn.execute(text("DROP TABLE homework_key"))
            conn.execute(text("UPDATE meta SET value = '7' WHERE key = 'schema_version'"))
    with Store.open(db_url) as store:
        assert [w.title for w in store.assignments.assignments()] == ["一座城"]
        assert store.assignments.assignment(made.id).seed == 3
        assert [s.name for s in store.keys.issue("高一3班") if s.key] == ["甲"]
        if backend == "postgresql":
            assert store.keys.holder("ZZZZ-ZZZZ-ZZZZ") is None  # the functions are back


def test_the_teacher_sees_marked_scores_wherever_homework_is_read(school, monkeypatch):  # noqa: F811
    import json

    from click.testing import CliRunner

    from quizapp.cli import main
    from quizapp.core.grading import correct_response, encode_response
    from quizapp.core.session import build_session
    from quizapp.services.bank import load_bank_cached
    from quizapp.services.scorebook import Reads
    from quizapp.services.teacher_auth import TeacherGate
    from quizapp.storage import Store

    _admin, teacher_url, student_url = school
    monkeypatch.setenv("QUIZAPP_TEACHER_PASSWORD", "secret-1")
    builtin = load_bank_cached([], builtin=True)  # what the command reads without --content
    teacher = Store.open(teacher_url)
    student = Store.open(student_url)
    try:
        TeacherGate(teacher.teachers).set_first("secret-1")
        setup(teacher)
        now = teacher.assignments.now()
        chess = teacher.assignments.create("高一3班", {
            "title": "三盘棋", "sets": ["04-chess"], "tags": [], "count": 2,
            "mode": "practice", "due_at": now + timedelta(hours=1), "seed": 9})
        later = teacher.assignments.create("高一3班", {
            "title": "下周", "sets": ["04-chess"], "tags": [], "mode": "practice",
            "opens_at": now + timedelta(days=7), "due_at": now + timedelta(days=8),
            "seed": 1})
        keys = {s.name: s.key for s in teacher.keys.issue("高一3班")}
        jia, yi = keys["甲"], keys["乙"]
        assert jia is not None and yi is not None
        # not open yet: not listed, not started
        assert later.id not in [h.work.id for h in
                                keyed_homework(student.keys, builtin, jia).items]
        with pytest.raises(AssignmentClosed) as early:
            student.keys.start(jia, later.id, spec={}, set_keys=[], max_score=1)
        assert early.value.reason == "not_open"
        work = next(w for w in student.keys.assignments(jia)[2] if w.id == chess.id)
        first, second = (builtin.get(q) for q in
                         build_session(builtin, spec_of(work)).question_ids)
        assert first is not None and second is not None
        elsewhere = next(q.id for q in builtin.sets[0].questions if q.set_key != "04-chess")
        right = {first.id: encode_response(first, correct_response(first)),
                 second.id: encode_response(second, correct_response(second))}
        for key, given in ((jia, right),
                           (yi, {first.id: "not an answer", "q-not-asked": True,
                                 elsewhere: "x"})):
            attempt = begin_keyed(student.keys, builtin, work, key)
            for qid, value in given.items():
                student.keys.answer(key, attempt, qid, value, 2.0)
            student.keys.finish(key, attempt)
        # a class report marks them before it reads
        report = CliRunner().invoke(main, ["report", "--db", teacher_url, "--format", "json",
                                           "--lang", "en"])
        assert report.exit_code == 0, report.output
        assert [a.question_id for a in teacher.assignments.unmarked()] == ["q-not-asked"]
        with teacher.engine.begin() as conn:
            conn.execute(text("UPDATE response SET marked = false, score = 0 "
                              "WHERE question_id <> 'q-not-asked'"))
        # so does quizapp assignments: right ones, a non-answer, a question the
        # assignment does not ask (nothing); an id no question has stays unmarked
        listed = CliRunner().invoke(main, ["assignments", "--db", teacher_url, "--format",
                                           "json", "--lang", "en"])
        assert listed.exit_code == 0, listed.output
        scores = {d["student"]: (d["score"], d["max_score"]) for d in json.loads(listed.output)
                  if d["id"] == chess.id}
        top = first.points + second.points
        assert scores == {"甲": (float(top), top), "乙": (0.0, top)}
        assert [a.question_id for a in teacher.assignments.unmarked()] == ["q-not-asked"]
        # the desk's read marks too
        with teacher.engine.begin() as conn:
            conn.execute(text("UPDATE response SET marked = false, score = 0 "
                              "WHERE question_id = :q"), {"q": first.id})
        desk = Reads(teacher, builtin).homework_desk("高一3班")
        (row,) = [d for d in desk if d[0].id == chess.id]
        assert {x.student: x.score for x in row[1]} == {"甲": float(top), "乙": 0.0}
        # a bank without the assignment's questions marks nothing (the right one later will)
        with teacher.engine.begin() as conn:
            conn.execute(text("UPDATE response SET marked = false WHERE question_id = :q"),
                         {"q": first.id})
        assert mark_homework(teacher.assignments, BANK, [chess.id]) == 0
        assert mark_homework(teacher.assignments, builtin, [chess.id]) == 2
        # a student's own list with their key, on the student login
        mine = CliRunner().invoke(main, ["assignments", "--db", student_url, "--key",
                                         jia.lower(), "--format", "json", "--lang", "en"])
        assert mine.exit_code == 0, mine.output
        assert {(d["title"], d["state"]) for d in json.loads(mine.output)} == {
            ("一座城", "not_begun"), ("三盘棋", "done")}
        wrong = CliRunner().invoke(main, ["assignments", "--db", student_url, "--key",
                                          "ZZZZ-ZZZZ-ZZZZ", "--lang", "en"])
        assert wrong.exit_code == 1 and "not right" in wrong.output
    finally:
        teacher.close()
        student.close()
