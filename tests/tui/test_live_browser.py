"""The live class in real browsers: ``quizapp serve`` serves the student app, two Chromium
pages (driven by Playwright) and one terminal student (Pilot) join one session, answer, and
the host's screen shows the three answers and their distribution. The server listens on
0.0.0.0 and one browser comes through 127.0.0.2, as a lab computer would through the
teacher's address: the page's links follow the address it used.

Needs Debian's ``chromium`` (``/usr/bin/chromium``, or ``QUIZAPP_CHROMIUM``): skipped on a
laptop without it, a failure with CI=true.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from test_live_screens import answer_current, host_app, join, student_app, until
from test_live_seats import role_urls
from tui_helpers import BANK

from quizapp.core.session import QuizSpec

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("QUIZAPP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _need_chromium() -> None:
    problem = None
    if not Path(CHROMIUM).exists():
        problem = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            problem = "the playwright package is not installed"
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{problem}, with CI=true")
    pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_http(url: str, server: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"quizapp serve stopped: {server.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"quizapp serve did not answer at {url}")


async def _browser_join(page, url: str, code: str, name: str, joined) -> None:
    """Open the page, type the code, enter, the name, enter (keys reach the app in order and
    the first enter moves the focus at once), and wait for the join to be stored; a slow
    start (keys sent before the app's process is up) is retried."""
    for attempt in range(4):
        await page.goto(url)
        await page.wait_for_selector("canvas, .xterm", timeout=30_000)
        await page.wait_for_timeout(2000 + 2000 * attempt)  # the app starts in its own process
        await page.locator("body").click(position={"x": 5, "y": 300})  # the terminal
        await page.keyboard.type(code)
        await page.keyboard.press("Enter")
        await page.keyboard.insert_text(name)
        await page.keyboard.press("Enter")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if await asyncio.to_thread(joined, name):
                return
            await asyncio.sleep(0.2)
    raise AssertionError(f"{name} did not join from the browser")


async def _answer_from_browser(page, key: int, name: str, answered,
                               timeout: float = 30.0) -> None:
    """Choose option ``key`` and submit, until the host has the answer: the browser's app
    shows the question once its follow-loop has read it, and keys pressed before that are
    not an answer, so they are pressed again after a while."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await page.keyboard.press(str(key))
        await page.wait_for_timeout(200)
        await page.keyboard.press("Enter")
        wait = time.monotonic() + 3
        while time.monotonic() < wait:
            if answered(name):
                return
            await asyncio.sleep(0.1)
    raise AssertionError(f"{name}'s answer from the browser did not reach the host in {timeout}s")


@pytest.fixture(params=["sqlite", "student-role"])
def class_urls(request, tmp_path):
    """``(the host's URL, the URL the server and the terminal use)``: one SQLite file; or
    the school's PostgreSQL with the teacher role for the host and the student role for
    the served browsers and the terminal (``quizapp db roles``)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'class.db'}"
        yield url, url
        return
    yield from role_urls(request)


async def test_two_browsers_and_a_terminal_in_one_class(tmp_path, class_urls):
    _need_chromium()
    from playwright.async_api import async_playwright

    from quizapp.services.live import LiveHost
    from quizapp.storage import Store

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=32))
    host_url, db = class_urls
    host_store = Store.open(host_url)
    host = LiveHost.create(host_store.live, BANK, QuizSpec(ids=("city-river",), seed=3))
    web_port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    server = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "serve", "--host", "0.0.0.0", "--port", str(web_port),
         "--db", db, "--lang", "zh"], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)
    urls = [f"http://127.0.0.2:{web_port}/", f"http://127.0.0.1:{web_port}/"]
    url = urls[0]
    try:
        await asyncio.to_thread(_wait_http, url, server)
        async with AsyncExitStack() as stack:
            pw = await stack.enter_async_context(async_playwright())
            browser = await pw.chromium.launch(executable_path=CHROMIUM,
                                               args=["--no-sandbox"])
            stack.push_async_callback(browser.close)
            pages = [await browser.new_page(viewport={"width": 1000, "height": 700})
                     for _ in range(2)]
            blocked: list[str] = []
            for page in pages:  # a request refused (CORS, another site) would stall the page
                page.on("requestfailed", lambda request: blocked.append(request.url))
            hp = await stack.enter_async_context(host_app(host_store, host).run_test(size=(100, 32)))
            host_screen = hp.app.screen
            tp = await stack.enter_async_context(
                student_app(db, host.code, "终端生").run_test(size=(80, 24)))
            terminal = await join(tp)
            def joined(name: str) -> bool:
                return name in {m.name for m in host_store.live.members(host.session.id)}

            for page, page_url, name in zip(pages, urls, ("浏览器甲", "浏览器乙"), strict=True):
                await _browser_join(page, page_url, host.code, name, joined)
            assert not blocked, blocked
            await until(hp, lambda: host_screen.view and len(host_screen.view.members) == 3,
                        "two browsers and a terminal on the host's list", timeout=45)
            assert {m.name for m in host_screen.view.members} == {"终端生", "浏览器甲", "浏览器乙"}

            await hp.press("s")
            await until(hp, lambda: host_screen.view.session.state == "open", "question 1")
            shown = host.current
            right = shown.options.index(shown.question.answer) + 1
            wrong = 1 if right != 1 else 2
            def answered(name: str) -> bool:
                return name in {a.name for a in host_screen.view.answers}

            for page, key, name in zip(pages, (right, wrong), ("浏览器甲", "浏览器乙"),
                                       strict=True):
                await _answer_from_browser(page, key, name, answered)
            await answer_current(tp, terminal, True, host)
            view = await until(hp, lambda: host_screen.view.answered == 3 and host_screen.view,
                               "three answers on the host", timeout=30)
            bars = {bar.label: bar.count for bar in view.bars}
            assert bars[shown.question.answer] == 2
            assert bars[shown.options[wrong - 1]] == 1
            by_name = {a.name: a.correct for a in view.answers}
            assert by_name == {"终端生": True, "浏览器甲": True, "浏览器乙": False}
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        host_store.close()


def test_serve_listens_on_localhost_unless_told(monkeypatch):
    """Without --host, quizapp serve binds 127.0.0.1 and runs only the student app."""
    from click.testing import CliRunner

    from quizapp.cli import main

    seen = {}

    class FakeServer:
        def __init__(self, command, host, port, title, **options):
            seen.update(command=command, host=host, port=port, **options)

        def serve(self):
            seen["served"] = True

    monkeypatch.setattr("quizapp.serve.SeatServer", FakeServer)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000 and seen["served"]
    assert seen["command"].endswith("-m quizapp.tui.seat --lang zh")
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert seen["host"] == "0.0.0.0" and seen["port"] == 8123
