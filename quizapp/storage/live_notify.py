"""Being told that a live session changed: PostgreSQL ``LISTEN``, SQLite polling.

:func:`watch` gives a watcher (:class:`quizapp.services.ports.Watcher`) whose ``wait`` blocks until something
may have changed (then the caller re-reads the rows it cares about) or the timeout passes:

- PostgreSQL: a connection of its own ``LISTEN``\\ s on the channel; a ``NOTIFY`` sent in
  the writer's transaction wakes every listener the moment it commits.
- SQLite (every client on one machine): a connection of its own reads
  ``PRAGMA data_version`` every :data:`POLL_INTERVAL` seconds; the number changes when
  another connection commits, so an idle session costs one tiny read per interval.

Spurious wake-ups are harmless: the caller compares what it reads with what it had.

A watcher outlives its connection: when the database goes away (a PostgreSQL restart
ends the LISTEN connection; a SQLite file locked or removed) :class:`Reconnecting`
closes what is left, tries again with a growing pause (:data:`BACKOFF`), and wakes its
caller once it is back, so the caller reads what it missed. :attr:`Reconnecting.lost`
says whether it is cut off now.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from quizapp.core.messages import msg
from quizapp.storage.engine import FileVanished, file_key, sqlite_path

#: SQLite clients look for changes this often (seconds).
POLL_INTERVAL = 0.25
#: pauses between tries to reach a database that went away (seconds; the last repeats)
BACKOFF = (0.25, 0.5, 1.0, 2.0, 4.0)


def _own_connection(engine: Engine):
    """A connection of the engine's kind and settings, taken out of its pool: ``(the
    pool's handle, to close it with; the driver's connection)``."""
    fairy = engine.raw_connection()
    conn = fairy.driver_connection
    fairy.detach()
    return fairy, conn


class PgListener:
    """``LISTEN channel`` on a connection of its own."""

    def __init__(self, engine: Engine, channel: str) -> None:
        self._handle, self._conn = _own_connection(engine)
        self._conn.rollback()
        self._conn.autocommit = True
        quoted = '"' + channel.replace('"', '""') + '"'
        self._conn.execute(f"LISTEN {quoted}")
        self._payloads: list[str] = []

    def wait(self, timeout: float) -> bool:
        got = False
        # one wake-up per notice: any that came with it are taken at the next wait, at once
        for note in self._conn.notifies(timeout=max(0.0, timeout), stop_after=1):
            got = True
            self._payloads.append(note.payload)
        return got

    def take(self) -> list[str]:
        payloads, self._payloads = self._payloads, []
        return payloads

    def close(self) -> None:
        self._handle.close()


class SqlitePoller:
    """``PRAGMA data_version`` every :data:`POLL_INTERVAL` seconds."""

    def __init__(self, engine: Engine, interval: float = POLL_INTERVAL) -> None:
        self._path = sqlite_path(engine.url)
        self._file = file_key(self._path) if self._path is not None else None
        self._handle, self._conn = _own_connection(engine)
        self.interval = interval
        self._version = self._read()

    def _read(self) -> int:
        if self._path is not None and file_key(self._path) != self._file:
            # the file moved or was removed: this connection reads one nobody else sees
            raise FileVanished(msg("storage.vanished", path=str(self._path)))
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            now = time.monotonic()
            if now >= deadline:
                return False
            time.sleep(min(self.interval, deadline - now))
            version = self._read()
            if version != self._version:
                self._version = version
                return True

    def take(self) -> list[str]:
        return []

    def close(self) -> None:
        self._handle.close()


class Reconnecting:
    """A watcher made by ``open_watcher``, made again whenever it fails."""

    def __init__(self, open_watcher: Callable[[], Any],
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._open = open_watcher
        self._clock, self._sleep = clock, sleep
        self._inner: Any = None
        self._failures = 0
        self._try_at = 0.0
        #: the database cannot be reached now (the last try failed)
        self.lost = False
        self._reopen()

    def _reopen(self) -> bool:
        try:
            self._inner = self._open()
        except Exception:  # noqa: BLE001 - any driver's error: the database is not there
            self._inner = None
            self.lost = True
            self._try_at = self._clock() + BACKOFF[min(self._failures, len(BACKOFF) - 1)]
            self._failures += 1
            return False
        self.lost = False
        self._failures = 0
        return True

    def _drop(self) -> None:
        inner, self._inner = self._inner, None
        if inner is not None:
            try:
                inner.close()
            except Exception:  # noqa: BLE001 - a dead connection may fail to close
                pass
        self.lost = True
        self._try_at = self._clock() + BACKOFF[0]
        self._failures = 1

    def wait(self, timeout: float) -> bool:
        if self._inner is None:
            pause = max(0.0, min(timeout, self._try_at - self._clock()))
            if pause:
                self._sleep(pause)
            if self._clock() < self._try_at:
                return False
            return self._reopen()  # back: the caller reads what it missed
        try:
            return bool(self._inner.wait(timeout))
        except Exception:  # noqa: BLE001 - the connection is gone (PostgreSQL restarted,
            self._drop()  # the SQLite file locked or removed): wake the caller to say so
            return True

    def take(self) -> list[str]:
        return list(self._inner.take()) if self._inner is not None else []

    def close(self) -> None:
        self._drop()


def watch(engine: Engine, channel: str) -> Reconnecting:
    """A watcher for ``channel`` on a PostgreSQL engine, else a SQLite poller; either
    reconnects by itself (:class:`Reconnecting`)."""
    if engine.dialect.name == "postgresql":
        return Reconnecting(lambda: PgListener(engine, channel))
    return Reconnecting(lambda: SqlitePoller(engine))
