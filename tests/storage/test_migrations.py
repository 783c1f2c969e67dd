"""Schema versions: a version-1 database (built here with raw DDL, as version 1 created it)
is upgraded in place with every row kept; the result matches a freshly created database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, inspect, text
from storage_fixture import student_names

from quizapp.storage import SCHEMA_VERSION, Store
from quizapp.storage.tables import SCHEMA_VERSION as TABLES_VERSION

# The version-1 layout, exactly as version 1 created it. {dt} is the datetime column type,
# {float} the floating point type.
V1_DDL = """
CREATE TABLE meta (
    "key" VARCHAR(64) NOT NULL,
    value VARCHAR(255) NOT NULL,
    PRIMARY KEY ("key")
);
CREATE TABLE student (
    id {serial} NOT NULL,
    name VARCHAR(200) NOT NULL,
    created_at {dt} NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (name)
);
CREATE TABLE attempt (
    id {serial} NOT NULL,
    student_id INTEGER NOT NULL,
    mode VARCHAR(32) NOT NULL,
    sets VARCHAR(1000) NOT NULL,
    spec TEXT NOT NULL,
    seed VARCHAR(64) NOT NULL,
    started_at {dt} NOT NULL,
    finished_at {dt},
    score {float} NOT NULL,
    max_score INTEGER NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(student_id) REFERENCES student (id) ON DELETE CASCADE
);
CREATE INDEX ix_attempt_student_started ON attempt (student_id, started_at);
CREATE INDEX ix_attempt_finished ON attempt (finished_at);
CREATE TABLE response (
    id {serial} NOT NULL,
    attempt_id INTEGER NOT NULL,
    question_id VARCHAR(200) NOT NULL,
    content_hash VARCHAR(64) NOT NULL,
    response TEXT,
    score {float} NOT NULL,
    max_score INTEGER NOT NULL,
    correct BOOLEAN NOT NULL,
    elapsed_s {float},
    answered_at {dt} NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_response_attempt_question UNIQUE (attempt_id, question_id),
    FOREIGN KEY(attempt_id) REFERENCES attempt (id) ON DELETE CASCADE
);
CREATE INDEX ix_response_question_correct ON response (question_id, correct);
INSERT INTO meta ("key", value) VALUES ('schema_version', '1');
"""

TYPES = {
    "sqlite": {"serial": "INTEGER", "dt": "DATETIME", "float": "FLOAT"},
    "postgresql": {"serial": "SERIAL", "dt": "TIMESTAMP WITH TIME ZONE",
                   "float": "DOUBLE PRECISION"},
}

# Version-1 rows; datetimes as each back end stored them.
ROWS = """
INSERT INTO student (id, name, created_at) VALUES (1, '小明', {t0}), (2, 'Alice', {t0});
INSERT INTO attempt (id, student_id, mode, sets, spec, seed, started_at, finished_at, score,
                     max_score)
VALUES (1, 1, 'exam', '01-basics', '{{"count": 2}}', '42', {t0}, {t1}, 1.5, 2),
       (2, 2, 'practice', '', '{{}}', '7', {t1}, NULL, 0, 3);
INSERT INTO response (id, attempt_id, question_id, content_hash, response, score, max_score,
                      correct, elapsed_s, answered_at)
VALUES (1, 1, 'q1', 'aaaa', '"长沙"', 1, 1, {true}, 2.5, {t0}),
       (2, 1, 'q2', 'bbbb', '["A"]', 0.5, 1, {false}, 3.0, {t1}),
       (3, 2, 'q1', 'aaaa', NULL, 0, 1, {false}, NULL, {t1});
"""

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
T1 = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)
LITERALS = {
    "sqlite": {"t0": "'2025-03-01 08:00:00.000000'", "t1": "'2025-03-01 08:30:00.000000'",
               "true": "1", "false": "0"},
    "postgresql": {"t0": "'2025-03-01 08:00:00+00'", "t1": "'2025-03-01 08:30:00+00'",
                   "true": "TRUE", "false": "FALSE"},
}


def build_v1(url: str, backend: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for stmt in V1_DDL.format(**TYPES[backend]).split(";"):
            if stmt.strip():
                conn.exec_driver_sql(stmt)
        for stmt in ROWS.format(**LITERALS[backend]).split(";"):
            if stmt.strip():
                conn.exec_driver_sql(stmt)
        if backend == "postgresql":  # keep the sequences past the explicit ids
            for table in ("student", "attempt", "response"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))")
    engine.dispose()


def layout(url: str) -> dict:
    engine = create_engine(url)
    insp = inspect(engine)
    out = {}
    for table in sorted(insp.get_table_names()):
        cols = tuple(sorted((c["name"], c["nullable"]) for c in insp.get_columns(table)))
        idx = tuple(sorted((i["name"], tuple(i["column_names"])) for i in insp.get_indexes(table)))
        uniq = tuple(sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(table)))
        out[table] = (cols, idx, uniq)
    engine.dispose()
    return out


def version(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        value = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    engine.dispose()
    return value


def test_current_version_is_eight():
    assert SCHEMA_VERSION == TABLES_VERSION == 8


def test_upgrade_from_v1_keeps_every_row(db_url: str, backend: str, tmp_path):
    build_v1(db_url, backend)
    assert version(db_url) == "1"
    with Store.open(db_url) as store:
        assert version(db_url) == str(SCHEMA_VERSION)
        assert student_names(store) == ["Alice", "小明"]
        ming = store.students.find_student("小明")
        assert ming.created_at == T0 and ming.new_cards_per_day is None
        old = store.attempts.attempt(1)
        assert old.summary.finished_at == T1 and old.summary.score == 1.5
        assert old.summary.seed == 42 and old.spec == {"count": 2}
        assert [(r.question_id, r.content_hash, r.response, r.score, r.correct, r.answered_at)
                for r in old.responses] == [
            ("q1", "aaaa", "长沙", 1.0, True, T0),
            ("q2", "bbbb", ["A"], 0.5, False, T1),
        ]
        assert [a.id for a in store.attempts.unfinished_attempts("Alice")] == [2]
        assert store.attempts.attempt(2).responses[0].response is None
        # the upgraded database takes new rows in every table, the version-2 ones included
        new = store.attempts.start_attempt("小明", "exam", ["01-basics"], {}, 1, 1)
        assert new == 3
        store.attempts.record_response(new, "q1", "cccc", "株洲", 1, 1, True, 1.0)
        store.students.set_new_cards_per_day("小明", 10)
        store.cards.save_review("小明", "q1", {"state": 2, "due": T1.isoformat(), "last_review": None},
                          {"rating": 3, "review_datetime": T0.isoformat()})
        assert store.cards.flashcards("小明")["q1"].due == T1
    # opening again does nothing more
    with Store.open(db_url) as store:
        assert len(store.attempts.history("小明")) == 2


def test_upgraded_layout_matches_a_new_database(db_url: str, backend: str, tmp_path):
    build_v1(db_url, backend)
    Store.open(db_url).close()
    upgraded = layout(db_url)
    if backend == "sqlite":
        fresh_url = f"sqlite:///{tmp_path / 'fresh.db'}"
    else:
        from storage_pg import pg_execute, pg_schema_url

        schema = "fresh_" + db_url.rsplit("%3D", 1)[1]
        pg_execute(f"CREATE SCHEMA {schema}")
        fresh_url = pg_schema_url(schema)
    try:
        Store.open(fresh_url).close()
        assert layout(fresh_url) == upgraded
        assert {"card_state", "review_log", "live_session", "live_member", "school_class",
                "class_member", "homework_key"} <= set(upgraded)
    finally:
        if backend == "postgresql":
            pg_execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.mark.parametrize("backend", ["sqlite"])
def test_failed_upgrade_changes_nothing(db_url: str, monkeypatch):
    """An upgrade step that fails midway rolls back: the database stays at version 1."""
    from quizapp.storage import StorageError, migrations

    build_v1(db_url, "sqlite")

    def broken(conn):
        migrations._upgrade_1_to_2(conn)
        conn.exec_driver_sql("SELECT * FROM no_such_table")

    monkeypatch.setitem(migrations.UPGRADES, 1, broken)
    with pytest.raises(StorageError):
        Store.open(db_url)
    assert version(db_url) == "1"
    assert "card_state" not in layout(db_url)
