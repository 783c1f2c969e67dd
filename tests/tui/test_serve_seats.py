"""``quizapp serve`` against scripted clients, on 127.0.0.1 and 127.0.0.2: at most
--max-seats websockets at once (each is a whole app process), a page saying the class is
full for one more, a seat given back when a browser leaves, and malformed messages logged
as one line each (no traceback in the teacher's terminal)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest
from test_live_browser import _free_port

REPO = Path(__file__).resolve().parents[2]

MALFORMED = ["not json", '{"a": 1}', "[]", "[5]", '["stdin", 5]', '["resize", {"width": "x"}]',
             '["resize"]', '["stdin"]']


def _start(tmp_path: Path, host: str, port: int, seats: int) -> subprocess.Popen:
    env = {**os.environ, "QUIZAPP_DATA_DIR": str(tmp_path / "data"),
           "QUIZAPP_CACHE_DIR": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "quizapp", "serve", "--host", host, "--port", str(port),
         "--max-seats", str(seats), "--db", str(tmp_path / "scores.db"), "--lang", "en"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True)


def _page(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def _wait(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read().decode()
        try:
            if _page(url)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer at {url}")


async def _seated(session: aiohttp.ClientSession, url: str):
    """A websocket whose app has started (it has sent its first screen)."""
    ws = await session.ws_connect(url)
    message = await asyncio.wait_for(ws.receive(), 60)
    assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
    return ws


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2"])
async def test_seats_are_limited_and_malformed_messages_logged_in_one_line(tmp_path, host):
    port = _free_port()
    server = _start(tmp_path, host, port, seats=2)
    base = f"http://{host}:{port}"
    try:
        _wait(base + "/", server)
        ws_url = f"ws://{host}:{port}/ws?width=80&height=24"
        async with aiohttp.ClientSession() as session:
            first = await _seated(session, ws_url)
            second = await _seated(session, ws_url + "0000000")  # a size no screen has
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(ws_url)
            assert refused.value.status == 503
            status, page = await asyncio.to_thread(_page, base + "/")
            assert status == 503
            assert "The class is full" in page and "at most 2 browsers" in page
            for text in MALFORMED:
                await first.send_str(text)
            await first.send_str(json.dumps(["resize", {"width": 10**9, "height": 10**9}]))
            await first.send_str(json.dumps(["ping", "still here"]))
            while True:  # the app goes on: the ping is answered after every malformed one
                message = await asyncio.wait_for(first.receive(), 30)
                if message.type == aiohttp.WSMsgType.TEXT and "pong" in message.data:
                    assert json.loads(message.data) == ["pong", "still here"]
                    break
            await first.close()  # a browser leaves: its seat is free again
            deadline = time.monotonic() + 30
            while True:
                try:
                    third = await _seated(session, ws_url)
                    break
                except aiohttp.WSServerHandshakeError:
                    assert time.monotonic() < deadline
                    await asyncio.sleep(0.2)
            await third.close()
            await second.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            _, err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            _, err = server.communicate()
    log = err.decode()
    assert "Traceback" not in log and "╭" not in log and "│" not in log, log
    dropped = [line for line in log.splitlines() if "malformed message dropped" in line]
    assert len(dropped) == len(MALFORMED), log
    assert all(re.match(r"127\.0\.0\.\d+: ", line) for line in dropped), dropped  # who sent it
    assert "refused, every seat (2) is taken" in log


def test_a_port_in_use_is_one_line(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.2", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = _start(tmp_path, "127.0.0.2", port, seats=2)
        _, err = server.communicate(timeout=60)
    assert server.returncode == 1
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"cannot listen on 127.0.0.2:{port}: ")
