"""Browser seats of ``quizapp serve``: a lab's worth of real websocket clients at once.

textual-serve runs one app process per browser. Each figure starts a server (the same
:class:`~quizapp.serve.SeatServer`) twice: once running the live-class student app
(``quizapp live student``), once running a minimal Textual app (one label), then opens
N websockets at once (aiohttp, as the page's script does: ``/ws?width=80&height=24``,
then a resize) and reads each seat's output until its first screen is drawn: the join
form's code field for quizapp, the label for the minimal app.

- ``serve_ready_30`` / ``serve_ready_60``: seconds from opening the N websockets until the
  last seat shows its first screen (goal: within 2x the minimal app's time).
- ``serve_mem_30`` / ``serve_mem_60``: memory per seat (MB), the resident size (RSS) of
  every process the server started, summed once all seats are drawn, over N (goal: within
  1.5x the minimal app's).

On a shared 2-core machine the starts compete for the CPU: the figures say how a class
of N arrives at once on such a machine, not how fast one seat is.
``QUIZAPP_BENCH_SEATS`` (e.g. ``5,10``) runs other sizes.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SIZES = tuple(int(n) for n in os.environ.get("QUIZAPP_BENCH_SEATS", "30,60").split(","))
TIMEOUT = 600.0

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Label


class Minimal(App):
    def compose(self):
        yield Label("MINIMAL-READY")


Minimal().run()
"""

SERVER = """
import sys
from quizapp.serve import SeatServer

SeatServer(sys.argv[1], host="127.0.0.1", port=int(sys.argv[2]), max_seats=1000).serve()
"""

_cache: dict[int, dict] = {}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children_rss(pid: int) -> tuple[int, int]:
    """(number of processes started by ``pid``, at any depth; their summed RSS in bytes),
    read from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents[int(entry.name)] = ppid
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss[int(entry.name)] = int(line.split()[1]) * 1024
    found = [p for p in parents if _descends(p, pid, parents)]
    return len(found), sum(rss.get(p, 0) for p in found)


def _descends(p: int, root: int, parents: dict[int, int]) -> bool:
    seen = 0
    while p in parents and seen < 64:
        p = parents[p]
        if p == root:
            return True
        seen += 1
    return False


async def _seat(url: str, marker: bytes, started: float, ready: asyncio.Future[float],
                leave: asyncio.Event) -> None:
    """One browser: connect, read until the first screen shows ``marker`` (then ``ready``
    gets the time), and stay connected until ``leave`` (its app keeps running)."""
    import aiohttp

    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
        await ws.send_json(["resize", {"width": 80, "height": 24}])
        seen = b""
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                seen = (seen + message.data)[-65536:]
                if marker in seen:
                    ready.set_result(time.monotonic() - started)
                    break
            elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                break
        if not ready.done():
            ready.set_exception(RuntimeError("a seat closed before its first screen"))
            return
        reader = asyncio.create_task(ws.receive())  # the app may still draw: read on
        await leave.wait()
        reader.cancel()


async def _room(url: str, marker: bytes, seats: int, server_pid: int) -> dict:
    loop = asyncio.get_running_loop()
    leave = asyncio.Event()
    started = time.monotonic()
    readies: list[asyncio.Future[float]] = [loop.create_future() for _ in range(seats)]
    tasks = [asyncio.create_task(_seat(url, marker, started, r, leave)) for r in readies]
    times = await asyncio.wait_for(asyncio.gather(*readies, return_exceptions=True), TIMEOUT)
    failed = [t for t in times if isinstance(t, BaseException)]
    ready = [t for t in times if not isinstance(t, BaseException)]
    processes, rss = _children_rss(server_pid)  # every seat still connected
    leave.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"ready_s": max(ready) if ready else float("nan"), "failed": len(failed),
            "processes": processes, "rss": rss}


def _serve(command: str, seats: int, marker: bytes) -> dict:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    server = subprocess.Popen([sys.executable, "-c", SERVER, command, str(port)], env=env,
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        result = asyncio.run(_room(f"http://127.0.0.1:{port}/ws?width=80&height=24",
                                   marker, seats, server.pid))
        result["per_seat_mb"] = result["rss"] / seats / 2**20
        return result
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def _measure(seats: int) -> dict:
    if seats in _cache:
        return _cache[seats]
    tmp = Path(tempfile.mkdtemp(prefix="quizapp-serve-bench-"))
    db = f"sqlite:///{tmp / 'class.db'}"
    minimal = tmp / "minimal.py"
    minimal.write_text(MINIMAL_APP)
    ours_cmd = " ".join(shlex.quote(p) for p in (
        sys.executable, "-m", "quizapp", "live", "student", "--lang", "en", "--db", db))
    os.environ.setdefault("QUIZAPP_DATA_DIR", str(tmp / "data"))
    from quizapp.i18n import set_language, t

    set_language("en")
    marker = t("live.code_field").encode()
    base = _serve(f"{shlex.quote(sys.executable)} {shlex.quote(str(minimal))}", seats,
                  b"MINIMAL-READY")
    ours = _serve(ours_cmd, seats, marker)
    _cache[seats] = {"ours": ours, "base": base}
    return _cache[seats]


def _ready(seats: int) -> dict:
    data = _measure(seats)
    ours, base = data["ours"], data["base"]
    return {"ours_s": ours["ready_s"], "baseline": f"{seats} minimal Textual apps served "
            "the same way (s until every seat is drawn)", "baseline_s": base["ready_s"],
            "goal": 2.0, "seats": seats, "failed": ours["failed"],
            "baseline_failed": base["failed"]}


def _memory(seats: int) -> dict:
    data = _measure(seats)
    ours, base = data["ours"], data["base"]
    return {"ours_s": ours["per_seat_mb"], "baseline": "a minimal Textual app served the "
            "same way (MB resident per seat; the _s fields hold MB here)",
            "baseline_s": base["per_seat_mb"], "goal": 1.5, "seats": seats,
            "processes": ours["processes"], "baseline_processes": base["processes"]}


FIGURES = {}
for _n in SIZES:
    FIGURES[f"serve_ready_{_n}"] = lambda n=_n: _ready(n)
    FIGURES[f"serve_mem_{_n}"] = lambda n=_n: _memory(n)
