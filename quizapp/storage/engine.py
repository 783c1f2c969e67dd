"""The engine factory: checks a database before touching it, then opens it the right way.

- SQLite: the file is checked *read-only* first (header, then ``PRAGMA quick_check``), so a
  file that is not a database, or is corrupt, is refused and left byte-for-byte untouched.
  Connections then get ``busy_timeout``, WAL journaling, ``synchronous=NORMAL`` and foreign
  keys, and write transactions start with ``BEGIN IMMEDIATE`` (see :func:`write_tx`), so
  several processes can write to one file without "database is locked".
- Any other SQLAlchemy URL (PostgreSQL for a school): one test connection, so an
  unreachable server is reported at once.

Every error is a :class:`StorageError` with a one-line message; URLs are shown without
their password (:func:`safe_url`).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, NoSuchModuleError

from quizapp.core import utc
from quizapp.core.messages import Msg, msg
from quizapp.storage.tables import SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
#: How long a SQLite writer waits for another one before giving up (milliseconds).
BUSY_TIMEOUT_MS = 30_000


class StorageError(Exception):
    """The database cannot be used. ``message`` is a catalogue message; ``str()`` words it
    in the interface language, one line for the user."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        from quizapp.i18n import render

        return render(self.message)


class StoreUnreachable(StorageError):
    """The database could not be opened because it cannot be reached (a refused or lost
    connection, an SQLite file that cannot be opened): it may be back in a moment."""


def unreachable(exc: DBAPIError) -> bool:
    """Whether ``exc`` means the database cannot be reached (a lost or refused connection,
    an SQLite file that cannot be opened or read) rather than a refused statement."""
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    if state:
        return str(state).startswith(("08", "57P"))
    if type(orig).__module__.startswith("psycopg") and type(orig).__name__ == "OperationalError":
        return True  # no SQL state: the connection itself failed
    name = str(getattr(orig, "sqlite_errorname", ""))
    return name.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR"))


class FileVanished(StorageError):
    """The SQLite file an engine had open is no longer at its path (moved, renamed or
    removed): no new, empty database is made in its place; trying again once it is back
    works."""


class DatabaseBusy(StorageError):
    """Another program kept the SQLite file locked for longer than the busy timeout
    (:data:`BUSY_TIMEOUT_MS`); nothing was written. Trying again later may succeed."""


def _is_busy(exc: BaseException) -> bool:
    text = str(exc)
    return "locked" in text or "busy" in text


def busy_message(shown: str) -> Msg:
    return msg("storage.locked", db=shown, seconds=BUSY_TIMEOUT_MS // 1000)


def newer_schema_message(shown: str, version: int) -> Msg:
    return msg("storage.newer_schema", db=shown, version=version, supported=SCHEMA_VERSION)


def safe_url(url: str | URL) -> str:
    """``url`` as text with any password masked (``***``)."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except ArgumentError:
        return "<unparsable database URL>"
    return parsed.render_as_string(hide_password=True)


def first_line(exc: BaseException) -> str:
    """The first non-empty line of an exception's message (driver errors are multi-line)."""
    orig = getattr(exc, "orig", None) or exc
    for line in str(orig).splitlines():
        if line.strip():
            return line.strip()
    return type(orig).__name__


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL, or ``None`` for an in-memory database."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    if database.startswith("file:"):
        database = database[len("file:"):].split("?", 1)[0]
    return Path(database)


#: ``(device, inode)`` of each SQLite file this process has connections open to -> how
#: many. A file open here is not checked again: closing the checker's read-only connection
#: would drop this process's locks on the file, and its open connections would then stop
#: seeing what other processes commit.
_OPEN: dict[tuple[int, int], int] = {}
#: id() of each open connection -> its file's key in :data:`_OPEN`.
_OPEN_BY_CONN: dict[int, tuple[int, int]] = {}


def file_key(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


def check_sqlite_file(path: Path, shown: str) -> None:
    """Refuse a file that is not a healthy SQLite database, without writing anything.

    A missing or empty file is fine (it becomes a new database). Otherwise the 100-byte
    header must be SQLite's, and a read-only ``PRAGMA quick_check`` must pass. A
    WAL-mode file with no ``-wal`` beside it (no process has it open) is checked as
    ``immutable`` so that not even ``-wal``/``-shm`` files are created next to it.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StorageError(msg("storage.unreadable", db=shown, error=exc.strerror)) from None
    if path.is_dir():
        raise StorageError(msg("storage.folder", db=shown))
    if size == 0:
        return
    if _OPEN.get(file_key(path) or (0, 0), 0) > 0:
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise StorageError(msg("storage.unreadable", db=shown, error=exc.strerror)) from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise StorageError(msg("storage.not_sqlite", db=shown))
    wal_mode = header[18] == 2 and header[19] == 2
    wal_file = path.with_name(path.name + "-wal")
    params = "mode=ro"
    if wal_mode and not wal_file.exists():
        params += "&immutable=1"
    uri = f"file:{quote(str(path.resolve()))}?{params}"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StorageError(msg("storage.cannot_open", db=shown, error=str(exc))) from None
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if rows == [("ok",)]:
            _check_sqlite_contents(conn, shown)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StorageError(msg("storage.busy", db=shown, error=str(exc))) from None
        raise StorageError(msg("storage.corrupt", db=shown, error=str(exc))) from None
    except sqlite3.DatabaseError as exc:
        raise StorageError(msg("storage.corrupt_or_not", db=shown, error=str(exc))) from None
    finally:
        conn.close()
    if rows != [("ok",)]:
        detail = rows[0][0] if rows else "no result"
        raise StorageError(msg("storage.corrupt", db=shown, error=detail))


def _check_sqlite_contents(conn: sqlite3.Connection, shown: str) -> None:
    """Refuse, before anything is written, a database of another program or a newer schema
    (opening for real switches the file to WAL, which rewrites its header)."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not names:
        return
    if "meta" not in names:
        listed = ", ".join(sorted(names)[:5])
        raise StorageError(msg("storage.foreign", db=shown, tables=listed))
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        version = int(row[0]) if row else None
    except (TypeError, ValueError):
        version = None
    if version is None:
        raise StorageError(msg("storage.no_version", db=shown, value=""))
    if version > SCHEMA_VERSION:
        raise StorageError(newer_schema_message(shown, version))


def _sqlite_connect_events(engine: Engine, shown: str) -> None:
    """Per connection: the busy timeout, WAL, ``synchronous=NORMAL``, foreign keys; per
    transaction: ``BEGIN`` (``IMMEDIATE`` for writes). These run outside SQLAlchemy's
    error wrapping, so a lock held by another program past the busy timeout becomes
    :class:`DatabaseBusy` here, not a raw ``sqlite3.OperationalError``."""
    path = sqlite_path(engine.url)
    opened = {"yet": False}  # the file made (or found) by a first connection

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn, _record) -> None:  # pragma: no cover - exercised via tests
        key = file_key(path) if path is not None else None
        opened["yet"] = True
        if key is not None:
            _OPEN[key] = _OPEN.get(key, 0) + 1
            _OPEN_BY_CONN[id(dbapi_conn)] = key
        # Let SQLAlchemy's BEGIN below (not the driver) start transactions.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.execute("PRAGMA foreign_keys = ON")
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise DatabaseBusy(busy_message(shown)) from None
            raise
        finally:
            cur.close()

    if path is not None and not str(engine.url.database).startswith("file:"):
        @event.listens_for(engine, "do_connect")
        def on_do_connect(_dialect, _record, cargs, cparams) -> None:
            # Once the file exists, a new connection opens it and never makes a new, empty
            # database in its place (the file moved or removed under a running app).
            if opened["yet"]:
                if not path.exists():
                    raise FileVanished(msg("storage.vanished", path=str(path)))
                cargs[0] = f"file:{quote(str(path.resolve()))}?mode=rw"
                cparams["uri"] = True

        @event.listens_for(engine, "checkout")
        def on_checkout(dbapi_conn, _record, _proxy) -> None:
            # A connection whose file is no longer at the path (moved, removed, replaced)
            # would read and write a file nobody else sees: dropped, and a new one opened
            # on the file that is there now (or the error said, until it is back).
            opened_on = _OPEN_BY_CONN.get(id(dbapi_conn))
            if opened_on is not None and file_key(path) != opened_on:
                raise DisconnectionError("the database file is no longer at its path")

    def on_close(dbapi_conn, *_args) -> None:
        key = _OPEN_BY_CONN.pop(id(dbapi_conn), None)
        if key is not None:
            _OPEN[key] -= 1

    event.listen(engine, "close", on_close)
    event.listen(engine, "close_detached", on_close)

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode is None:  # single_statement_reads: each statement on its own
            return
        # straight to the driver: this runs before every transaction, so keep it cheap
        try:
            conn.connection.driver_connection.execute(f"BEGIN {mode}")  # type: ignore[union-attr]
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise DatabaseBusy(busy_message(shown)) from None
            raise


def make_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for ``url``, checked and configured; raises :class:`StorageError`.

    With ``create=False`` a missing SQLite file is an error instead of a new database.
    """
    shown = safe_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(msg("storage.not_url", db=shown)) from None
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        if path is not None:
            if not path.exists():
                if path.with_name(path.name + "-wal").exists():
                    # its journal is there, the file is not: moved or removed while in use;
                    # a new database here would take (and lose) that journal's writes
                    raise FileVanished(msg("storage.vanished_journal", path=str(path)))
                if not create:
                    raise StorageError(msg("storage.missing", path=str(path)))
                if not path.parent.is_dir():
                    raise StorageError(msg("storage.no_folder", folder=str(path.parent), db=shown))
            check_sqlite_file(path, shown)
    try:
        engine = create_engine(parsed)
    except NoSuchModuleError:
        raise StorageError(msg("storage.unknown_kind", db=shown)) from None
    except ModuleNotFoundError as exc:
        hint = msg("storage.install_pg") if parsed.get_backend_name() == "postgresql" else ""
        raise StorageError(msg("storage.no_driver", driver=exc.name, hint=hint)) from None
    except ArgumentError as exc:
        raise StorageError(msg("storage.bad_url", db=shown, error=str(exc))) from None
    if engine.dialect.name == "sqlite":
        _sqlite_connect_events(engine, shown)
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        engine.dispose()
        kind = StoreUnreachable if unreachable(exc) else StorageError
        raise kind(msg("storage.cannot_open", db=shown, error=first_line(exc))) from None
    return engine


@contextlib.contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction (``BEGIN IMMEDIATE`` on SQLite), committed on exit."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            yield conn


def single_statement_reads(engine: Engine) -> Engine:
    """``engine`` (sharing its pool) for reads made of one statement: no transaction is opened
    around the statement (PostgreSQL in autocommit, SQLite without ``BEGIN``), which saves the
    ``BEGIN`` and ``ROLLBACK`` round trips. One statement sees one consistent snapshot on its
    own on both engines; reads of several statements that must agree keep a transaction."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_begin=None)
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def db_now(conn: Connection) -> datetime:
    """The database's clock, timezone-aware UTC (PostgreSQL: the transaction's start)."""
    if conn.dialect.name == "sqlite":
        value = conn.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar_one()
    else:
        value = conn.execute(text("SELECT CURRENT_TIMESTAMP")).scalar_one()
    moment = utc.stored(value)
    assert moment is not None
    return moment
