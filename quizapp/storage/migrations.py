"""Schema versions: create a new database, upgrade an older one in place, refuse a newer one.

The version lives in ``meta`` (``key = 'schema_version'``). A new database is created at
:data:`~quizapp.storage.tables.SCHEMA_VERSION` directly; an older one runs each step in
:data:`UPGRADES` in one transaction (SQLite and PostgreSQL both have transactional DDL, so a
failed upgrade leaves the database as it was). Concurrent openers are serialised: SQLite by
``BEGIN IMMEDIATE``, PostgreSQL by an advisory lock.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, text

from quizapp.core.messages import msg
from quizapp.storage.class_tables import CLASS_TABLES
from quizapp.storage.engine import StorageError, newer_schema_message, safe_url, write_tx
from quizapp.storage.live_tables import LIVE_TABLES
from quizapp.storage.tables import (
    SCHEMA_VERSION,
    TABLES,
    Meta,
    Response,
    StoredFlashcard,
    StoredReview,
)

VERSION_KEY = "schema_version"
#: Arbitrary, fixed key for PostgreSQL's ``pg_advisory_xact_lock`` while migrating.
PG_LOCK_KEY = 0x5155495A  # "QUIZ"
#: Every table of the current schema, in creation order.
ALL_TABLES = [*TABLES, *LIVE_TABLES, *CLASS_TABLES]
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


UPGRADES: dict[int, Callable[[Connection], None]] = {
    1: _upgrade_1_to_2, 2: _upgrade_2_to_3, 3: _upgrade_3_to_4}


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
    with write_tx(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
        found = read_version(conn, shown)  # again, under the lock: another process may have won
        _check_not_newer(found, shown)
        if found is None:
            for table in ALL_TABLES:
                table.create(conn)
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
