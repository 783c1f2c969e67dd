"""A live class on SQLite whose file goes away under a running host and two students: moved
to another folder (as to the wastebasket) and put back, or locked by another program. No
screen exits or shows a traceback: each one that needs the file says plainly what
happened and keeps trying; once the file is back every screen carries on by itself at
the current question, and an answer given meanwhile is stored once."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack

import pytest
from test_live_screens import IDS, answer_current, host_app, join, student_app, until
from tui_helpers import BANK

from quizapp.core.session import QuizSpec
from quizapp.i18n import t


def notices(pilot) -> list[str]:
    return [str(n.message) for n in pilot.app._notifications]


async def give_right(pilot, screen, widget, host) -> None:
    q = host.shown[screen.student.session.current].question  # the host's answer key
    if q.type == "truefalse":
        await pilot.press("t" if q.answer else "f")
    elif q.type == "choice":
        await pilot.press(str(widget.labels.index(q.answer) + 1))
    else:
        await pilot.press(*[str(widget.labels.index(o) + 1) for o in widget.labels
                            if o in q.answers])
    await pilot.press("enter")


@pytest.mark.parametrize("breaker", ["moved", "locked"])
async def test_a_class_lives_through_its_file_going_away(tmp_path, monkeypatch, breaker):
    from quizapp.services.live import LiveHost
    from quizapp.storage import Store

    monkeypatch.setattr("quizapp.storage.engine.BUSY_TIMEOUT_MS", 300)
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=32))
    path = tmp_path / "class.db"
    url = f"sqlite:///{path}"
    away = tmp_path / "wastebasket"
    away.mkdir()
    store = Store.open(url)
    host = LiveHost.create(store.live, BANK, QuizSpec(ids=IDS, seed=11))
    try:
        async with AsyncExitStack() as stack:
            hp = await stack.enter_async_context(host_app(store, host).run_test(size=(100, 32)))
            sp = [await stack.enter_async_context(student_app(url, host.code, n).run_test(
                size=(80, 24))) for n in ("小明", "Alice")]
            screens = [await join(p) for p in sp]
            host_screen = hp.app.screen
            apps, every = [hp, *sp], [host_screen, *screens]
            await until(hp, lambda: host_screen.view and len(host_screen.view.members) == 2,
                        "two students on the host's list")
            await hp.press("s")
            await answer_current(sp[0], screens[0], True, host)  # before the file goes
            widget = await until(sp[1], lambda: screens[1].phase == "question"
                                 and screens[1].widget and screens[1].widget.is_mounted
                                 and screens[1].widget, "question 1 for Alice")
            await until(hp, lambda: host_screen.view.answered == 1, "小明's answer on the host")

            other = None
            if breaker == "moved":
                os.rename(path, away / path.name)
                vanished = t("storage.vanished", path=str(path))
                for pilot, screen in zip(apps, every, strict=True):
                    await until(pilot, lambda s=screen: s.connection.lost,
                                f"{type(screen).__name__} saying the connection is lost",
                                timeout=30)
                    # what happened, said plainly
                    assert any(vanished[:20] in n for n in notices(pilot)), notices(pilot)
            else:
                other = sqlite3.connect(path, timeout=0, isolation_level=None)
                other.execute("BEGIN IMMEDIATE")  # another program writing, for a while

            # Alice answers meanwhile: kept, said to be on its way
            await give_right(sp[1], screens[1], widget, host)
            await until(sp[1], lambda: screens[1].phase == "pending", "the answer kept")
            await until(sp[1], lambda: screens[1].connection.lost, "Alice told")
            assert t("live.answer_pending") in str(
                screens[1].query_one("#live-student-note").content)
            # the host tries to reveal: refused with the reason, the question stays open
            before = len(notices(hp))
            await hp.press("r")
            await until(hp, lambda: len(notices(hp)) > before and not host_screen._moving,
                        "the reveal refused")
            await asyncio.sleep(1.0)  # a few retries while the file is away
            assert all(p.app.is_running for p in apps)
            assert all(p.app.screen is s for p, s in zip(apps, every, strict=True))
            assert host.state == "open" and screens[1].pending is not None
            assert not any("Traceback" in n for p in apps for n in notices(p))

            if other is not None:
                other.execute("ROLLBACK")
                other.close()
            else:
                assert not path.exists()  # no new, empty database made in its place
                os.rename(away / path.name, path)
            for pilot, screen in zip(apps, every, strict=True):
                await until(pilot, lambda s=screen: not s.connection.lost,
                            f"{type(screen).__name__} back", timeout=30)
            await until(sp[1], lambda: screens[1].phase == "sent", "Alice's answer sent",
                        timeout=30)
            await until(hp, lambda: host_screen.view.answered == 2, "both answers on the host",
                        timeout=30)

            # the class goes on to its end
            await hp.press("r")
            await until(sp[0], lambda: all(s.phase == "reveal" for s in screens),
                        "the reveal after the outage", timeout=30)
            await hp.press("n")
            for p, s in zip(sp, screens, strict=True):
                await answer_current(p, s, False, host)
            await until(hp, lambda: host_screen.view.session.current == 1
                        and host_screen.view.answered == 2, "both answers to question 2")
            await hp.press("e")
            await hp.pause(0.2)
            await hp.press("y")
            await until(sp[0], lambda: all(s.phase == "end" for s in screens), "the end")
        answers = store.live.answers(host.session.id)
        # none lost or doubled: one answer from each, to each question
        asked = [p.question.id for p in host.shown[:2]]
        assert sorted((a.name, a.question_id) for a in answers) == sorted(
            (name, q) for name in ("Alice", "小明") for q in asked)
    finally:
        store.close()


async def test_a_join_tried_while_the_database_was_away_works_once_it_is_back(tmp_path):
    """The app started while its database could not be opened (a served page opened during
    a restart): the join says so, and the next try, once the database is back, joins."""
    from quizapp.core.messages import msg
    from quizapp.core.model import Bank
    from quizapp.services.live import LiveHost
    from quizapp.storage import Store
    from quizapp.storage.engine import FileVanished
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.live import LiveJoinScreen, LiveStudentScreen
    from quizapp.tui.start import LiveJoinStart

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=16))
    url = f"sqlite:///{tmp_path / 'class.db'}"
    store = Store.open(url)
    host = LiveHost.create(store.live, BANK, QuizSpec(ids=IDS, seed=11))
    away = {"now": True}

    def opener(db_url: str):
        if away["now"]:
            raise FileVanished(msg("storage.vanished", path=str(tmp_path / "class.db")))
        return Store.open(db_url)

    app = QuizApp(Bank.of([]), student="小明", db_url=url, remember=False, cursor_blink=False,
                  opener=opener, start=LiveJoinStart(host.code, join_now=True))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: any(t("live.join_no_store")[:6] in str(n.message)
                                           for n in app._notifications), "the join refused")
            assert isinstance(app.screen, LiveJoinScreen)
            app.screen.query_one("#join-name").focus()
            before = len(app._notifications)
            await pilot.press("enter")  # still away: refused again, the cause not repeated
            await until(pilot, lambda: len(app._notifications) > before
                        and not app.screen._joining, "the join refused again")
            said = [str(n.message) for n in app._notifications]
            cause = t("storage.vanished", path=str(tmp_path / "class.db"))
            assert sum(cause in n for n in said) == 1, said
            away["now"] = False  # the database is back
            app.screen.query_one("#join-name").focus()
            await pilot.press("enter")
            student = await until(pilot, lambda: isinstance(app.screen, LiveStudentScreen)
                                  and app.screen, "the class")
            assert student.student.member.name == "小明"
    finally:
        store.close()
