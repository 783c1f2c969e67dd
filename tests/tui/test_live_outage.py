"""A live class through a database that goes away: a TCP proxy in front of PostgreSQL
drops every connection (as a server restart does) and refuses new ones for a while,
under a running host and two students. Nothing exits or shows a traceback: each screen
says the connection is lost, retries, and comes back by itself to the current question;
an answer given meanwhile is sent once the database is back, stored once."""

from __future__ import annotations

import asyncio
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from urllib.parse import urlsplit, urlunsplit

from test_live_screens import IDS, answer_current, host_app, join, student_app, until
from tui_helpers import BANK

from quizapp.core.session import QuizSpec


class DroppingProxy:
    """Forwards 127.0.0.1:<port> to ``target``; :meth:`cut` closes every connection and
    refuses new ones until :meth:`restore`."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.down = False
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.cuts = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open.update((client, server))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                self._close(s)

    def _close(self, sock: socket.socket) -> None:
        with self.lock:
            self.open.discard(sock)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()

    def cut(self) -> None:
        self.down = True
        self.cuts += 1
        with self.lock:
            sockets = list(self.open)
        for sock in sockets:
            self._close(sock)

    def restore(self) -> None:
        self.down = False

    def close(self) -> None:
        self.cut()
        self.listener.close()


def _through(url: str, port: int) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{port}"
    return urlunsplit(parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2
                                     else host))


async def test_a_class_lives_through_a_database_restart() -> None:
    from storage_pg import fresh_schema_url

    from quizapp.services.live import LiveHost
    from quizapp.storage import Store

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=32))
    with fresh_schema_url() as direct:
        target = urlsplit(direct)
        proxy = DroppingProxy((target.hostname or "127.0.0.1", target.port or 5432))
        url = _through(direct, proxy.port)
        store = Store.open(url)
        host = LiveHost.create(store.live, BANK, QuizSpec(ids=IDS, seed=11))
        try:
            async with AsyncExitStack() as stack:
                hp = await stack.enter_async_context(host_app(store, host).run_test(
                    size=(100, 32)))
                sp = [await stack.enter_async_context(student_app(url, host.code, n).run_test(
                    size=(80, 24))) for n in ("小明", "Alice")]
                screens = [await join(p) for p in sp]
                host_screen = hp.app.screen
                await until(hp, lambda: host_screen.view and len(host_screen.view.members) == 2,
                            "two students on the host's list")
                await hp.press("s")
                await answer_current(sp[0], screens[0], True, host)  # before the outage
                widget = await until(sp[1], lambda: screens[1].phase == "question"
                                     and screens[1].widget and screens[1].widget.is_mounted
                                     and screens[1].widget.has_focus_within
                                     and screens[1].widget, "question 1 for Alice, focused")

                proxy.cut()  # the server restarts: every connection dropped, none taken
                apps = [hp, *sp]
                all_screens = [host_screen, *screens]
                for pilot, screen in zip(apps, all_screens, strict=True):
                    await until(pilot, lambda s=screen: s.connection.lost,
                                f"{type(screen).__name__} saying the connection is lost", timeout=30)
                # Alice answers meanwhile: kept, said to be on its way (the answer key is
                # the host's: a student's question has none)
                q = host.shown[screens[1].student.session.current].question
                if q.type == "truefalse":
                    await sp[1].press("t" if q.answer else "f")
                else:
                    await sp[1].press(str(widget.labels.index(q.answer) + 1))
                await until(sp[1], lambda: not widget.has_no_answer(), "Alice's answer picked")
                await sp[1].press("enter")
                await until(sp[1], lambda: screens[1].phase == "pending", "the answer kept")
                await asyncio.sleep(1.5)  # a few retries while the database is away
                assert all(p.app.is_running for p in apps)
                assert all(p.app.screen is s for p, s in zip(apps, all_screens, strict=True))

                proxy.restore()  # back: each screen by itself, the answer sent once
                for pilot, screen in zip(apps, all_screens, strict=True):
                    await until(pilot, lambda s=screen: not s.connection.lost,
                                f"{type(screen).__name__} back", timeout=30)
                await until(sp[1], lambda: screens[1].phase == "sent", "Alice's answer sent",
                            timeout=30)
                await until(hp, lambda: host_screen.view.answered == 2,
                            "both answers on the host", timeout=30)

                # the class goes on: the host reveals, both students see it
                await hp.press("r")
                await until(sp[0], lambda: all(s.phase == "reveal" for s in screens),
                            "the reveal after the outage", timeout=30)
        finally:
            store.close()
            proxy.close()
        check = Store.open(direct)
        try:
            answers = check.live.answers(host.session.id)
            assert sorted(a.name for a in answers) == ["Alice", "小明"]  # none lost or doubled
        finally:
            check.close()


async def test_an_answer_given_while_the_sqlite_file_is_locked_is_sent_after(
        tmp_path, monkeypatch) -> None:
    """Another program holds the SQLite file's write lock past the busy timeout: the
    student's answer is kept (said so), sent again once the lock is gone, stored once;
    nothing exits."""
    import sqlite3

    from quizapp.services.live import LiveHost
    from quizapp.storage import Store

    monkeypatch.setattr("quizapp.storage.engine.BUSY_TIMEOUT_MS", 300)
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=32))
    path = tmp_path / "class.db"
    url = f"sqlite:///{path}"
    store = Store.open(url)
    host = LiveHost.create(store.live, BANK, QuizSpec(ids=IDS, seed=11))
    try:
        async with AsyncExitStack() as stack:
            hp = await stack.enter_async_context(host_app(store, host).run_test(size=(100, 32)))
            sp = await stack.enter_async_context(student_app(url, host.code, "Alice").run_test(
                size=(80, 24)))
            screen = await join(sp)
            host_screen = hp.app.screen
            await until(hp, lambda: host_screen.view and len(host_screen.view.members) == 1,
                        "Alice on the host's list")
            await hp.press("s")
            widget = await until(sp, lambda: screen.phase == "question" and screen.widget
                                 and screen.widget.is_mounted and screen.widget.has_focus_within
                                 and screen.widget, "question 1, with the focus")
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # another program writing, for a while
            try:
                q = host.shown[screen.student.session.current].question  # the host's key
                if q.type == "truefalse":
                    await sp.press("t" if q.answer else "f")
                else:
                    await sp.press(str(widget.labels.index(q.answer) + 1))
                await until(sp, lambda: not widget.has_no_answer(), "the answer picked")
                await sp.press("enter")
                await until(sp, lambda: screen.phase == "pending", "the answer kept")
                await until(sp, lambda: screen.connection.lost, "the connection said lost")
                await asyncio.sleep(1.0)  # retries while the file stays locked
                assert sp.app.is_running and screen.pending is not None
            finally:
                other.execute("ROLLBACK")
                other.close()
            await until(sp, lambda: screen.phase == "sent", "the answer sent after the lock",
                        timeout=30)
            await until(sp, lambda: not screen.connection.lost, "the notice cleared")
            await until(hp, lambda: host_screen.view.answered == 1, "the answer on the host",
                        timeout=30)
        answers = store.live.answers(host.session.id)
        assert [a.name for a in answers] == ["Alice"]  # stored once
    finally:
        store.close()
