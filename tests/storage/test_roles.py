"""``quizapp db roles`` on PostgreSQL: a client logged in with the student role tries each
attack of a student who has the database URL; each fails with a permission error (or, through
the seat functions, is refused and changes nothing), while the same client's own answer
lands. Roles are cluster-wide: each test makes its own (a unique prefix) and drops them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from quizapp.core.model import Bank, ChoiceQuestion, QuestionSet, TrueFalseQuestion
from quizapp.core.session import QuizSpec
from quizapp.services.live import LiveHost, LiveStudent

SET = QuestionSet(key="01-city", title="一座城", path="content/01-city.yaml", questions=(
    ChoiceQuestion(id="q-river", prompt="同饮哪一条江?", options=("湘江", "资江", "沅江"),
                   answer="湘江", explain="湘江。", set_key="01-city"),
    TrueFalseQuestion(id="q-must", prompt="是必答题。", answer=True, set_key="01-city"),
))
BANK = Bank.of([SET])


@pytest.fixture
def school() -> Iterator[tuple[str, str, str]]:
    """``(admin URL, teacher URL, student URL)`` of a fresh schema with the roles made by
    ``quizapp db roles`` (unique names, dropped afterwards)."""
    from storage_pg import fresh_schema_url

    from quizapp.storage import Store
    from quizapp.storage.roles import drop_roles, grant_roles

    prefix = f"t{uuid.uuid4().hex[:10]}"
    with fresh_schema_url() as url:
        store = Store.open(url)
        try:
            done = grant_roles(store.engine, prefix=prefix, teacher_password="teach-pw",
                               student_password="student-pw")
            assert set(done.created) == {f"{prefix}_teacher", f"{prefix}_student"}
            parsed = make_url(url)
            teacher = parsed.set(username=done.teacher, password="teach-pw")
            student = parsed.set(username=done.student, password="student-pw")
            yield (url, teacher.render_as_string(hide_password=False),
                   student.render_as_string(hide_password=False))
        finally:
            store.close()
            admin = create_engine(url)
            try:
                drop_roles(admin, prefix)
            finally:
                admin.dispose()


def refused(engine, sql: str, **params) -> str:
    """Run ``sql`` as the engine's role; it must fail: returns the SQLSTATE."""
    with pytest.raises(DBAPIError) as err, engine.begin() as conn:
        conn.execute(text(sql), params)
    return err.value.orig.sqlstate


PERMISSION_DENIED = "42501"


def test_a_student_login_can_answer_and_nothing_else(school):
    from quizapp.storage import Store

    admin_url, teacher_url, student_url = school
    # the teacher hosts with the teacher role; the student joins with the student role
    teacher = Store.open(teacher_url).live
    student = Store.open(student_url).live
    raw = student.engine
    try:
        host = LiveHost.create(teacher, BANK, QuizSpec(ids=("q-river", "q-must"), seed=3))
        me = LiveStudent.join(student, host.code, "小明")
        classmate = LiveStudent.join(student, host.code, "小红")
        host.next()
        me.refresh(), classmate.refresh()
        key = host.current.question.answer
        assert classmate.answer(key).status == "ok"
        sid = host.session.id

        # 1. the open question's answer: the key column and every table that holds it
        assert refused(raw, "SELECT questions FROM live_session") == PERMISSION_DENIED
        assert refused(raw, "SELECT spec FROM live_session") == PERMISSION_DENIED
        assert refused(raw, "SELECT * FROM live_session") == PERMISSION_DENIED
        with raw.connect() as conn:  # the key of an open question is not given
            assert conn.execute(text("SELECT quizapp_live_key(:s, 0)"), {"s": sid}
                                ).scalar() is None
            assert "湘江。" not in conn.execute(text("SELECT shown FROM live_session")
                                               ).scalar_one()
        # 2. a classmate's answers, the students, attempts, the teacher password
        for table in ("response", "attempt", "student", "live_member", "live_rejoin",
                      "school_class", "class_member", "teacher_password", "card_state",
                      "review_log", "assignment"):
            assert refused(raw, f"SELECT * FROM {table}") == PERMISSION_DENIED, table
        with raw.connect() as conn:  # another token reads nothing of anyone's
            assert conn.execute(text("SELECT count(*) FROM quizapp_live_mine(:s, :t)"),
                                {"s": sid, "t": "x" * 43}).scalar_one() == 0
        # 3. a score changed, a response deleted, an answer written around the functions
        assert refused(raw, "UPDATE response SET score = 1, correct = true") \
            == PERMISSION_DENIED
        assert refused(raw, "DELETE FROM response") == PERMISSION_DENIED
        # homework: no assignment changed, withdrawn or set by a student's login
        assert refused(raw, "UPDATE assignment SET due_at = now()") == PERMISSION_DENIED
        assert refused(raw, "DELETE FROM assignment") == PERMISSION_DENIED
        assert refused(raw, "INSERT INTO assignment (class_id, title, sets, tags, mode, "
                            "opens_at, due_at, answers, late, seed, created_at) VALUES "
                            "(1, 't', '[]', '[]', 'exam', now(), now(), 'after-each', "
                            "true, '1', now())") == PERMISSION_DENIED
        assert refused(raw, "UPDATE attempt SET assignment_id = 1") == PERMISSION_DENIED
        assert refused(raw, "UPDATE live_session SET state = 'open'") == PERMISSION_DENIED
        assert refused(raw, "INSERT INTO response (attempt_id, question_id, content_hash, "
                            "score, max_score, correct, answered_at) VALUES "
                            "(1, 'q', '', 1, 1, true, now())") == PERMISSION_DENIED
        assert refused(raw, "SELECT quizapp_live_student(:s, 'x', NULL)", s=sid) \
            == PERMISSION_DENIED  # the inner helper is not the student's to call

        # the legitimate answer lands (raw; the host marks it)
        assert me.answer(key).status == "ok"
        assert host.refresh().answered == 2
        host.reveal()
        # 4. an answer after the reveal: refused by the database, nothing stored
        late = LiveStudent.join(student, host.code, "迟到")
        assert late.answer(key).status == "closed"
        with raw.connect() as conn:
            assert conn.execute(text("SELECT quizapp_live_answer(:s, :t, 0, '\"湘江\"')"),
                                {"s": sid, "t": late.token}).scalar() == "closed"
        assert host.refresh().answered == 2
        # the revealed question's key and this student's mark reach the student now
        me.refresh()
        assert me.reveal_current().question.answer == key
        assert me.answered().marked and me.answered().correct
        # a seat taken by another client cannot be answered for
        with pytest.raises(Exception) as err:
            LiveStudent.join(student, host.code, "小明")
        assert getattr(err.value, "kind", None) == "taken"
        # the app's other reads say what the login may do, not a driver's error
        from quizapp.i18n import t
        from quizapp.storage import StorageError

        with pytest.raises(StorageError) as denied:
            student.find_student("小红")
        assert str(denied.value) == t("storage.denied", where="find_student")
        host.end()
        assert {r.name: r.score for r in host.results().students} == {
            "小明": 1.0, "小红": 1.0, "迟到": 0.0}
    finally:
        teacher.engine.dispose()
        student.engine.dispose()


def test_the_roles_are_updated_in_place_and_refused_bad_names(school):
    from quizapp.storage import Store
    from quizapp.storage.roles import grant_roles, role_names

    admin_url, _teacher_url, student_url = school
    prefix = make_url(student_url).username.removesuffix("_student")
    store = Store.open(admin_url)
    try:  # again, with a password holding quotes and a percent sign: updated, not created
        done = grant_roles(store.engine, prefix=prefix, teacher_password="t'%s\"x",
                           student_password="student-pw")
        assert done.created == ()
    finally:
        store.close()
    for bad in ("", "Quizapp", "a; DROP TABLE x", "1abc", "a" * 41):
        with pytest.raises(ValueError):
            role_names(bad)


def test_the_command_sets_up_the_roles_and_refuses_sqlite(tmp_path):
    from click.testing import CliRunner
    from storage_pg import fresh_schema_url

    from quizapp.cli import main
    from quizapp.storage.roles import drop_roles

    sqlite = tmp_path / "scores.db"
    for lang, words in (("zh", "不是 PostgreSQL"), ("en", "is not a PostgreSQL")):
        result = CliRunner().invoke(main, ["db", "roles", "--db", str(sqlite), "--lang", lang,
                                           "--teacher-password", "a", "--student-password",
                                           "b"])
        assert result.exit_code == 2 and words in result.output and "Traceback" not in \
            result.output
    assert not sqlite.exists()  # nothing was made

    prefix = f"t{uuid.uuid4().hex[:10]}"
    with fresh_schema_url() as url:
        try:
            result = CliRunner().invoke(main, ["db", "roles", "--db", url, "--prefix", prefix,
                                               "--lang", "en"],
                                        input="teach-pw\nteach-pw\nstudent-pw\nstudent-pw\n")
            assert result.exit_code == 0, result.output
            assert f"Created the teacher role {prefix}_teacher" in result.output
            assert f"Created the student role {prefix}_student" in result.output
            assert "teach-pw" not in result.output and "student-pw" not in result.output
            result = CliRunner().invoke(main, ["db", "roles", "--db", url, "--prefix", prefix,
                                               "--teacher-password", "x",
                                               "--student-password", "y"])
            assert result.exit_code == 0 and "已更新老师角色" in result.output
        finally:
            admin = create_engine(url)
            try:
                drop_roles(admin, prefix)
            finally:
                admin.dispose()
