"""Version 4 -> 5 on a real version-4 database, made by the release that wrote version 4
(tests/fixtures/v4/make_v4.py, run on that release): every score, answer, review and
roster place is kept; nobody is merged; names may repeat afterwards; a student number is
kept only where it can be trusted (a 序号 row counter is not a student number)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from quizapp.storage import SCHEMA_VERSION, Store
from quizapp.storage.migrations import trusted_numbers

FIXTURES = Path(__file__).parent.parent / "fixtures" / "v4"

TABLES = ["student", "attempt", "response", "card_state", "review_log", "school_class",
          "class_member", "live_session", "live_member"]
#: what the version-4 database holds, read with plain SQL (independent of the store)
SNAPSHOT = {
    "student": "SELECT id, name, new_cards_per_day FROM student ORDER BY id",
    "attempt": "SELECT id, student_id, mode, sets, seed, score, max_score, "
               "finished_at IS NULL FROM attempt ORDER BY id",
    "response": "SELECT id, attempt_id, question_id, response, score, max_score, correct "
                "FROM response ORDER BY id",
    "card_state": "SELECT student_id, question_id, card, state FROM card_state",
    "review_log": "SELECT id, student_id, question_id, rating FROM review_log",
    "class_member": "SELECT class_id, student_id, position FROM class_member "
                    "ORDER BY class_id, position",
    "school_class": "SELECT id, name FROM school_class ORDER BY id",
}


def snapshot(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {k: [tuple(r) for r in conn.execute(text(q)).all()]
                    for k, q in SNAPSHOT.items()}
    finally:
        engine.dispose()


def load_v4(db_url: str, backend: str) -> None:
    if backend == "sqlite":
        shutil.copy(FIXTURES / "scores-v4.db", db_url.removeprefix("sqlite:///"))
        return
    import psycopg
    from storage_pg import _libpq_url

    schema = db_url.rsplit("%3D", 1)[1]
    sql = (FIXTURES / "scores-v4.pg.sql").read_text(encoding="utf-8")
    with psycopg.connect(_libpq_url(db_url.split("?")[0]), autocommit=True) as conn:
        conn.execute(sql.replace("v4fixture.", f"{schema}."))  # type: ignore[arg-type]


def test_v4_to_v5_keeps_every_score_and_merges_nobody(db_url: str, backend: str):
    load_v4(db_url, backend)
    before = snapshot(db_url)
    assert len(before["attempt"]) == 8 and len(before["response"]) == 15
    assert before["review_log"] and before["class_member"]
    with Store.open(db_url) as store:
        after = snapshot(db_url)
        assert after == before
        engine = store.engine
        with engine.connect() as conn:
            assert conn.execute(text(
                "SELECT value FROM meta WHERE key = 'schema_version'")).scalar() == "8"
            numbers = dict(conn.execute(text("SELECT name, number FROM student")).all())
        # 高一3班's 序号 1, 2, 3 were a row counter: not kept; 高一4班's 学号 were kept
        assert numbers == {"张伟": None, "李娜": None, "王芳": None, "刘洋": None,
                           "Alice": None, "赵磊": "20230401", "孙丽": "20230402"}
        # every score reads back through the store as before
        assert sorted(a.score for a in store.attempts.history("张伟")) == [1.0, 2.0]
        assert store.attempts.unfinished_attempts("李娜")[0].max_score == 3
        assert store.cards.flashcards("张伟")["q1"].state == 2
        # names may repeat now; a given number stays unique
        twin = store.students.add_student("张伟", number="20230599")
        assert twin.id != store.students.find_student("张伟").id
        assert len(store.students.students_named("张伟")) == 2
    assert SCHEMA_VERSION == 8


def test_trusted_numbers():
    rows = [(1, 0, 10, "1"), (1, 1, 11, "2"), (1, 2, 12, "3"),     # a row counter
            (2, 0, 13, "2023001"), (2, 1, 14, "2023002"),
            (3, 0, 13, "2023001"),                                 # the same again: fine
            (3, 1, 15, "2023002"),                                 # taken by 14 too
            (4, 0, 16, "A1"), (5, 0, 16, "B2")]                    # two numbers for one
    assert trusted_numbers(rows) == {13: "2023001"}


@pytest.mark.parametrize("backend", ["sqlite"])
def test_v4_file_is_left_alone_when_the_upgrade_fails(db_url: str, monkeypatch):
    from quizapp.storage import StorageError, migrations

    load_v4(db_url, "sqlite")
    before = snapshot(db_url)

    def broken(conn):
        migrations._upgrade_4_to_5(conn)
        conn.exec_driver_sql("SELECT * FROM no_such_table")

    monkeypatch.setitem(migrations.UPGRADES, 4, broken)
    with pytest.raises(StorageError):
        Store.open(db_url)
    assert snapshot(db_url) == before


def test_upgraded_v4_layout_matches_a_new_database(db_url: str, backend: str, tmp_path):
    from test_migrations import layout

    load_v4(db_url, backend)
    Store.open(db_url).close()
    if backend == "sqlite":
        fresh_url = f"sqlite:///{tmp_path / 'fresh.db'}"
        Store.open(fresh_url).close()
        assert layout(fresh_url) == layout(db_url)
    else:
        from storage_pg import fresh_schema_url

        with fresh_schema_url() as fresh_url:
            Store.open(fresh_url).close()
            assert layout(fresh_url) == layout(db_url)
