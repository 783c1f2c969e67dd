"""An app that exits lets go of its database: no file of it stays open in the process, on
Home and in a live class (whose watcher holds a connection of its own). A process that
runs many apps (the test suite, a server) would otherwise run out of file descriptors, and
``select()`` takes only those below 1024."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tui_helpers import make_app, settle, until

from quizapp.core.model import Bank
from quizapp.core.session import QuizSpec


def held(db: Path) -> list[str]:
    """The files of ``db`` (with its ``-wal`` and ``-shm``) this process has open."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed meanwhile (the listing's own descriptor)
            continue
        if target.startswith(str(db)):
            found.append(target)
    return found


def let_go(db: Path, timeout: float = 10.0) -> list[str]:
    """Wait until no file of ``db`` is open (the recorder closes the store on its thread, a
    live watcher when its loop next looks); what is still open after ``timeout``."""
    deadline = time.monotonic() + timeout
    while (still := held(db)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return still


async def test_an_app_that_exits_closes_its_database(bank, db_url, clock, tmp_path):
    db = tmp_path / "scores.db"
    app = make_app(bank, db_url, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert held(db), "the store is open while the app runs"
    assert app.recorder.wait_idle(10)
    assert let_go(db) == []


async def test_a_student_who_leaves_a_live_class_closes_the_database(tmp_path, monkeypatch):
    from tui_helpers import BANK

    from quizapp.services.live import LiveHost
    from quizapp.storage import Store
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.live import LiveStudentScreen
    from quizapp.tui.start import LiveJoinStart

    db = tmp_path / "live.db"
    url = f"sqlite:///{db}"
    with Store.open(url) as store:
        code = LiveHost.create(store.live, BANK, QuizSpec(ids=("city-must",), seed=1)).code
    assert held(db) == []
    app = QuizApp(Bank.of([]), student="小明", db_url=url, remember=False, cursor_blink=False,
                  start=LiveJoinStart(code, join_now=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LiveStudentScreen)
                    and app.screen.phase != "", what="the class joined")
        await settle(pilot)
        assert held(db)
    assert app.recorder.wait_idle(10)
    assert let_go(db) == []
