"""A live watcher outlives its connection: it says it is cut off, tries again after a
growing pause, and wakes its caller once it is back (PostgreSQL's LISTEN connection ended
by a restart; a SQLite file that cannot be read)."""

from __future__ import annotations

import sqlite3

from quizapp.storage.live_notify import BACKOFF, Reconnecting


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class Flaky:
    """A watcher whose connection breaks on ``break_now``."""

    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.broken = False
        self.closed = False

    def wait(self, timeout: float) -> bool:
        if self.broken:
            raise sqlite3.OperationalError("disk I/O error")
        return False

    def take(self) -> list[str]:
        return []

    def close(self) -> None:
        self.closed = True


def test_a_broken_connection_is_reopened_with_backoff() -> None:
    clock = FakeClock()
    made: list[Flaky] = []
    down = {"now": False}

    def open_watcher() -> Flaky:
        if down["now"]:
            raise sqlite3.OperationalError("unable to open database file")
        made.append(Flaky([]))
        return made[-1]

    watcher = Reconnecting(open_watcher, clock=clock, sleep=clock.sleep)
    assert not watcher.lost and not watcher.wait(0.5)
    made[0].broken = True
    down["now"] = True
    assert watcher.wait(0.5) is True  # the caller is woken to find out
    assert watcher.lost and made[0].closed
    tries = 0
    for _ in range(40):  # the database still away: tries spaced by a growing pause
        assert watcher.wait(0.5) is False
        tries += 1
    assert watcher.lost
    assert clock.now >= sum(BACKOFF[:3])  # it waited, never spun
    assert watcher.take() == []
    down["now"] = False
    woke = False
    for _ in range(int(max(BACKOFF) / 0.5) + 2):
        if watcher.wait(0.5):
            woke = True
            break
    assert woke and not watcher.lost and len(made) == 2
    assert watcher.wait(0.5) is False  # and it works as before


def test_a_database_away_at_the_start_is_waited_for() -> None:
    clock = FakeClock()
    tries = {"n": 0}

    def open_watcher() -> Flaky:
        tries["n"] += 1
        if tries["n"] < 3:
            raise OSError("connection refused")
        return Flaky([])

    watcher = Reconnecting(open_watcher, clock=clock, sleep=clock.sleep)
    assert watcher.lost
    for _ in range(20):
        if watcher.wait(0.5):
            break
    assert not watcher.lost and tries["n"] == 3
