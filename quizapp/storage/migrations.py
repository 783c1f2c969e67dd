"""Schema versions: create a new database, upgrade an older one in place, refuse a newer one.

The version lives in ``meta`` (``key = 'schema_version'``). A new database is created at
:data:`~quizapp.storage.tables.SCHEMA_VERSION` directly; an older one runs each step in
:data:`UPGRADES` in one transaction (SQLite and PostgreSQL both have transactional DDL, so a
failed upgrade leaves the database as it was). Concurrent openers are serialised: SQLite by
``BEGIN IMMEDIATE``, PostgreSQL by an advisory lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from sqlalchemy import Connection, Engine, inspect, text

from quizapp.core.messages import msg
from quizapp.storage.assignment_tables import ASSIGNMENT_TABLES, KEY_TABLES
from quizapp.storage.class_tables import CLASS_TABLES
from quizapp.storage.engine import StorageError, newer_schema_message, safe_url, write_tx
from quizapp.storage.homework_sql import install_homework_functions
from quizapp.storage.live_sql import install_functions
from quizapp.storage.live_tables import LIVE_TABLES, SEAT_TABLES
from quizapp.storage.tables import (
    SCHEMA_VERSION,
    TABLES,
    Attempt,
    Meta,
    Response,
    StoredFlashcard,
    StoredReview,
    Student,
    TeacherPassword,
)

VERSION_KEY = "schema_version"
#: Arbitrary, fixed key for PostgreSQL's ``pg_advisory_xact_lock`` while migrating.
PG_LOCK_KEY = 0x5155495A  # "QUIZ"
#: Every table of the current schema, in creation order.
ALL_TABLES = [*TABLES, *LIVE_TABLES, *CLASS_TABLES, *SEAT_TABLES, *ASSIGNMENT_TABLES,
              *KEY_TABLES]
OUR_TABLES = {t.name for t in ALL_TABLES}


def _upgrade_1_to_2(conn: Connection) -> None:
    """Version 2: flashcard state (``card_state``, ``review_log``), the per-student new-card
    limit, and the covering index for item statistics (replacing ``(question_id, correct)``)."""
    StoredFlashcard.__table__.create(conn)  # type: ignore[attr-defined]  # SQLModel sets it, untyped
    StoredReview.__table__.create(conn)  # type: ignore[attr-defined]  # SQLModel sets it, untyped
    conn.execute(text("ALTER TABLE student ADD COLUMN new_cards_per_day INTEGER"))
    conn.execute(text("DROP INDEX ix_response_question_correct"))
    for index in Response.__table__.indexes:  # type: ignore[attr-defined]  # SQLModel sets it, untyped
        if index.name == "ix_response_item_stats":
            index.create(conn)


def _upgrade_2_to_3(conn: Connection) -> None:
    """Version 3: the live class (``live_session``, ``live_member``)."""
    for table in LIVE_TABLES:
        table.create(conn)


#: version -> the step that upgrades a database from that version to the next.
def _upgrade_3_to_4(conn: Connection) -> None:
    """Version 4: classes and rosters (``school_class``, ``class_member``)."""
    for table in CLASS_TABLES:
        table.create(conn)


def trusted_numbers(rows: list[tuple[int, int, int, str]]) -> dict[int, str]:
    """student id -> the student number version 4 kept for them on a roster, where it can
    be trusted: ``rows`` are ``(class_id, position, student_id, number)``.

    Left out: a class whose numbers are its row counter (1, 2, 3... in roster order: a 序号
    column taken for student numbers), a student given different numbers in two classes,
    and a number given to two students. Nobody is merged and nothing else changes."""
    by_class: dict[int, list[tuple[int, int, str]]] = {}
    for class_id, position, student_id, number in rows:
        by_class.setdefault(class_id, []).append((position, student_id, (number or "").strip()))
    numbers: dict[int, set[str]] = {}
    for members in by_class.values():
        given = [m for m in sorted(members) if m[2]]
        if given and [m[2] for m in given] == [str(i) for i in range(1, len(given) + 1)]:
            continue  # a row counter
        for _, student_id, number in given:
            numbers.setdefault(student_id, set()).add(number)
    single = {sid: next(iter(ns)) for sid, ns in numbers.items() if len(ns) == 1}
    owners: dict[str, int] = {}
    for number in single.values():
        owners[number] = owners.get(number, 0) + 1
    return {sid: n for sid, n in single.items() if owners[n] == 1}


def _upgrade_4_to_5(conn: Connection) -> None:
    """Version 5: students are records (``student.name`` no longer unique; the student
    number moves from ``class_member`` to ``student.number``, unique when given, where it
    can be trusted: :func:`trusted_numbers`); the teacher password (``teacher_password``).
    Every row of every table stays; no two students become one."""
    # (an older database upgraded step by step got version 5's class_member at step 4)
    old_members = any(c["name"] == "number" for c in inspect(conn).get_columns("class_member"))
    rows = conn.execute(text(
        "SELECT class_id, position, student_id, number FROM class_member")).all() \
        if old_members else []
    numbers = trusted_numbers([tuple(r) for r in rows])
    if conn.dialect.name == "sqlite":
        # SQLite cannot drop a UNIQUE constraint: the table is rebuilt (foreign keys are off
        # for this upgrade, so dropping the old table deletes nothing that refers to it)
        conn.execute(text(
            "CREATE TABLE student_v5 (id INTEGER NOT NULL, name VARCHAR(200) NOT NULL, "
            "created_at DATETIME NOT NULL, new_cards_per_day INTEGER, number VARCHAR(64), "
            "PRIMARY KEY (id), CONSTRAINT uq_student_number UNIQUE (number))"))
        conn.execute(text(
            "INSERT INTO student_v5 (id, name, created_at, new_cards_per_day) "
            "SELECT id, name, created_at, new_cards_per_day FROM student"))
        conn.execute(text("DROP TABLE student"))
        conn.execute(text("ALTER TABLE student_v5 RENAME TO student"))
    else:
        for unique in inspect(conn).get_unique_constraints("student"):
            if unique["column_names"] == ["name"]:
                conn.execute(text(f'ALTER TABLE student DROP CONSTRAINT "{unique["name"]}"'))
        conn.execute(text("ALTER TABLE student ADD COLUMN number VARCHAR(64)"))
        conn.execute(text(
            "ALTER TABLE student ADD CONSTRAINT uq_student_number UNIQUE (number)"))
    for index in Student.__table__.indexes:  # type: ignore[attr-defined]  # SQLModel sets it
        index.create(conn)
    for sid, number in sorted(numbers.items()):
        conn.execute(text("UPDATE student SET number = :n WHERE id = :i"),
                     {"n": number, "i": sid})
    if old_members:
        conn.execute(text("ALTER TABLE class_member DROP COLUMN number"))
    TeacherPassword.__table__.create(conn)  # type: ignore[attr-defined]  # SQLModel sets it


def _add_missing_column(conn: Connection, table: str, column: str, ddl: str) -> None:
    """``ALTER TABLE table ADD COLUMN column ddl`` unless an earlier step created the table
    with it already (steps create tables as they are now)."""
    if column not in {c["name"] for c in inspect(conn).get_columns(table)}:
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))


def _upgrade_seats(conn: Connection) -> None:
    """Version 6: seats and marking by the host. ``response.marked`` (a live answer waits
    for the host's mark), ``live_session.shown`` (the questions without their answers),
    ``live_member.token_hash`` (the seat's token), ``live_rejoin`` (a seat asked for
    from another device) and, on PostgreSQL, the seat functions
    (:mod:`quizapp.storage.live_sql`)."""
    _add_missing_column(conn, "response", "marked", "BOOLEAN NOT NULL DEFAULT TRUE")
    _add_missing_column(conn, "live_session", "shown", "TEXT NOT NULL DEFAULT '[]'")
    _add_missing_column(conn, "live_member", "token_hash", "VARCHAR(64)")
    for table in SEAT_TABLES:
        if not inspect(conn).has_table(table.name):
            table.create(conn)
    if conn.dialect.name == "postgresql":
        install_functions(conn)


def _upgrade_assignments(conn: Connection) -> None:
    """Version 7: homework. ``assignment`` and ``attempt.assignment_id`` (with its index)."""
    _add_missing_column(conn, "attempt", "assignment_id", "INTEGER")
    indexes = {i["name"] for i in inspect(conn).get_indexes("attempt")}
    for index in Attempt.__table__.indexes:  # type: ignore[attr-defined]  # SQLModel sets it
        if index.name == "ix_attempt_assignment" and index.name not in indexes:
            index.create(conn)
    for table in ASSIGNMENT_TABLES:
        if not inspect(conn).has_table(table.name):
            table.create(conn)


def _upgrade_homework_keys(conn: Connection) -> None:
    """Version 8: homework on the shared student login. ``homework_key`` (each student's
    key, as its SHA-256) and, on PostgreSQL, the key functions
    (:mod:`quizapp.storage.homework_sql`)."""
    for table in KEY_TABLES:
        if not inspect(conn).has_table(table.name):
            table.create(conn)
    if conn.dialect.name == "postgresql":
        install_homework_functions(conn)


UPGRADES: dict[int, Callable[[Connection], None]] = {
    1: _upgrade_1_to_2, 2: _upgrade_2_to_3, 3: _upgrade_3_to_4, 4: _upgrade_4_to_5,
    5: _upgrade_seats, 6: _upgrade_assignments, 7: _upgrade_homework_keys}


def read_version(conn: Connection, shown: str) -> int | None:
    """The stored schema version; ``None`` for a database with none of our tables.

    Raises :class:`StorageError` for a database that holds something else.
    """
    names = set(inspect(conn).get_table_names())
    if "meta" not in names:
        ours = names & OUR_TABLES
        if ours or (names and conn.dialect.name == "sqlite"):
            listed = ", ".join(sorted(names)[:5])
            raise StorageError(msg("storage.foreign", db=shown, tables=listed))
        return None
    value = conn.execute(
        text("SELECT value FROM meta WHERE key = :k"), {"k": VERSION_KEY}
    ).scalar_one_or_none()
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise StorageError(msg("storage.no_version", db=shown, value=f" ({value!r})")) from None


def _check_not_newer(version: int | None, shown: str) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise StorageError(newer_schema_message(shown, version))


@contextlib.contextmanager
def _migration_tx(engine: Engine) -> Iterator[Connection]:
    """:func:`write_tx` for creating and upgrading; on SQLite with foreign keys off (a
    table rebuilt must not cascade), checked before committing."""
    if engine.dialect.name != "sqlite":
        with write_tx(engine) as conn:
            yield conn
        return
    with engine.connect() as conn:
        conn.execution_options(sqlite_begin="IMMEDIATE")
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                yield conn
                broken = conn.execute(text("PRAGMA foreign_key_check")).first()
                if broken is not None:
                    raise StorageError(msg("storage.no_upgrade", db=safe_url(engine.url),
                                           version=f"{broken[0]}"))
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


def ensure_schema(engine: Engine) -> int:
    """Create or upgrade the schema to :data:`SCHEMA_VERSION`; returns the version found
    before (0 for a new database). Raises :class:`StorageError`."""
    shown = safe_url(engine.url)
    with engine.connect() as conn:
        found = read_version(conn, shown)
        conn.rollback()
    _check_not_newer(found, shown)
    if found == SCHEMA_VERSION:
        return found
    with _migration_tx(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
        found = read_version(conn, shown)  # again, under the lock: another process may have won
        _check_not_newer(found, shown)
        if found is None:
            for table in ALL_TABLES:
                table.create(conn)
            if conn.dialect.name == "postgresql":
                install_functions(conn)
                install_homework_functions(conn)
            conn.execute(
                Meta.__table__.insert(), {"key": VERSION_KEY, "value": str(SCHEMA_VERSION)}  # type: ignore[attr-defined]  # SQLModel sets it, untyped
            )
            return 0
        version = found
        while version < SCHEMA_VERSION:
            step = UPGRADES.get(version)
            if step is None:
                raise StorageError(msg("storage.no_upgrade", db=shown, version=version))
            step(conn)
            version += 1
        conn.execute(
            text("UPDATE meta SET value = :v WHERE key = :k"),
            {"v": str(SCHEMA_VERSION), "k": VERSION_KEY},
        )
        return found
