"""Being told that a live session changed: PostgreSQL ``LISTEN``, SQLite polling.

:func:`watch` gives a watcher (:class:`quizapp.services.ports.Watcher`) whose ``wait`` blocks until something
may have changed (then the caller re-reads the rows it cares about) or the timeout passes:

- PostgreSQL: a connection of its own ``LISTEN``\\ s on the channel; a ``NOTIFY`` sent in
  the writer's transaction wakes every listener the moment it commits.
- SQLite (every client on one machine): a connection of its own reads
  ``PRAGMA data_version`` every :data:`POLL_INTERVAL` seconds; the number changes when
  another connection commits, so an idle session costs one tiny read per interval.

Spurious wake-ups are harmless: the caller compares what it reads with what it had.
"""

from __future__ import annotations

import time

from sqlalchemy import Engine

#: SQLite clients look for changes this often (seconds).
POLL_INTERVAL = 0.25


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
        self._handle, self._conn = _own_connection(engine)
        self.interval = interval
        self._version = self._read()

    def _read(self) -> int:
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


def watch(engine: Engine, channel: str) -> PgListener | SqlitePoller:
    """A watcher for ``channel`` on a PostgreSQL engine, else a SQLite poller."""
    if engine.dialect.name == "postgresql":
        return PgListener(engine, channel)
    return SqlitePoller(engine)
