"""Browser seats of ``quizapp serve``: a lab's worth of real websocket clients at once.

textual-serve runs one app process per browser. Each figure starts a server (the same
:class:`~quizapp.serve.SeatServer`, running each seat with the command ``quizapp serve``
gives it, :func:`~quizapp.serve.seat_command`) in turns with a server of a minimal Textual
app (one label) served the same way, then opens N websockets at once (aiohttp, as the
page's script does: ``/ws?width=80&height=24``, then a resize) and reads each seat's
output until its first screen is drawn: the join form's code field for quizapp, the label
for the minimal app. ``QUIZAPP_BENCH_SERVE_ROUNDS`` rounds (default 3), the two taking
turns (which goes first alternates); each figure is the median over the rounds.

- ``serve_ready_30`` / ``serve_ready_60``: seconds from opening the N websockets until the
  last seat shows its first screen (goal: within 2x the minimal app's time; the ratio is
  the median of the rounds' ratios).
- ``serve_mem_30`` / ``serve_mem_60``: memory per seat (MB), the resident size (RSS) of
  every process the server started, summed once all seats are drawn, over N (goal: within
  1.5x the minimal app's). A seat loads the database library when its student starts
  typing, so this is a seat nobody has typed in yet.
- ``serve_mem_joined_30`` / ``..._60`` (informative, no goal): the same sum once every
  seat has typed a class code and a name and shows that it has joined (the store open,
  the class followed), over the minimal app's per seat at its first screen.

The processes run the installed form of the code: the package's bytecode is compiled
first (as ``pip install`` does), even when PYTHONDONTWRITEBYTECODE is set. The server's
limit of connections per address a minute is lifted (every client is 127.0.0.1).
On a shared 2-core machine the starts compete for the CPU: the figures say how a class
of N arrives at once on such a machine, not how fast one seat is; the load average is
printed with them. ``QUIZAPP_BENCH_SEATS`` (e.g. ``5,10``) runs other sizes.
"""

from __future__ import annotations

import asyncio
import compileall
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SIZES = tuple(int(n) for n in os.environ.get("QUIZAPP_BENCH_SEATS", "30,60").split(","))
ROUNDS = int(os.environ.get("QUIZAPP_BENCH_SERVE_ROUNDS", "3"))
TIMEOUT = 600.0
#: how long a seat may take to join once its code and name are typed (seconds)
JOIN_TIMEOUT = 300.0

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
import quizapp.serve
from quizapp.serve import SeatServer

quizapp.serve.CONNECTS_PER_MINUTE = 1_000_000  # every client of the figure is 127.0.0.1
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


async def _read_until(ws, marker: bytes) -> bool:
    import aiohttp

    seen = b""
    async for message in ws:
        if message.type == aiohttp.WSMsgType.BINARY:
            seen = (seen + message.data)[-65536:]
            if marker in seen:
                return True
        elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            break
    return False


async def _seat(url: str, marker: bytes, started: float, ready: asyncio.Future[float],
                leave: asyncio.Event, join: tuple[str, str, bytes] | None = None,
                go_join: asyncio.Event | None = None,
                joined: asyncio.Future[float] | None = None) -> None:
    """One browser: connect, read until the first screen shows ``marker`` (then ``ready``
    gets the time); with ``join`` (code, name, what the joined screen shows), once
    ``go_join`` is set type the code and the name and read until it has joined; stay
    connected until ``leave`` (its app keeps running)."""
    import aiohttp

    try:
        async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
            await ws.send_json(["resize", {"width": 80, "height": 24}])
            if not await _read_until(ws, marker):
                raise RuntimeError("a seat closed before its first screen")
            ready.set_result(time.monotonic() - started)
            if join is not None and go_join is not None and joined is not None:
                await go_join.wait()
                code, name, done = join
                begun = time.monotonic()
                await ws.send_json(["stdin", code + "\r"])
                await asyncio.sleep(0.3)  # the focus has moved to the name field
                await ws.send_json(["stdin", name + "\r"])
                if not await asyncio.wait_for(_read_until(ws, done), JOIN_TIMEOUT):
                    raise RuntimeError("a seat closed before joining")
                joined.set_result(time.monotonic() - begun)
            reader = asyncio.create_task(ws.receive())  # the app may still draw: read on
            await leave.wait()
            reader.cancel()
    except Exception as exc:  # noqa: BLE001 - counted as a failed seat, the others go on
        for future in (ready, joined):
            if future is not None and not future.done():
                future.set_exception(exc)


async def _room(url: str, marker: bytes, seats: int, server_pid: int,
                join: tuple[str, bytes] | None) -> dict:
    loop = asyncio.get_running_loop()
    leave, go_join = asyncio.Event(), asyncio.Event()
    started = time.monotonic()
    readies: list[asyncio.Future[float]] = [loop.create_future() for _ in range(seats)]
    joins: list[asyncio.Future[float]] = [loop.create_future() for _ in range(seats)]
    tasks = [asyncio.create_task(_seat(
        url, marker, started, r, leave,
        None if join is None else (join[0], f"s{i:02d}", join[1]), go_join, j))
        for i, (r, j) in enumerate(zip(readies, joins, strict=True))]
    times = await asyncio.wait_for(asyncio.gather(*readies, return_exceptions=True), TIMEOUT)
    failed = [t for t in times if isinstance(t, BaseException)]
    ready = [t for t in times if not isinstance(t, BaseException)]
    processes, rss = _children_rss(server_pid)  # every seat still connected
    out = {"ready_s": max(ready) if ready else float("nan"), "failed": len(failed),
           "processes": processes, "rss": rss,
           "errors": sorted({f"{type(e).__name__}: {e}"[:120] for e in failed})}
    if join is not None:
        go_join.set()
        done = await asyncio.wait_for(asyncio.gather(*joins, return_exceptions=True), TIMEOUT)
        out["join_failed"] = sum(isinstance(t, BaseException) for t in done)
        out["errors"] = sorted({*out["errors"], *(f"{type(e).__name__}: {e}"[:120]
                                                  for e in done if isinstance(e, BaseException))})
        await asyncio.sleep(1.0)  # each seat has read the session and is waiting
        out["joined_rss"] = _children_rss(server_pid)[1]
    leave.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return out


def _serve(command: str, seats: int, marker: bytes, env: dict[str, str],
           join: tuple[str, bytes] | None = None) -> dict:
    port = _free_port()
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
                                   marker, seats, server.pid, join))
        result["per_seat_mb"] = result["rss"] / seats / 2**20
        if "joined_rss" in result:
            result["joined_per_seat_mb"] = result["joined_rss"] / seats / 2**20
        return result
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def _new_class(db: str) -> str:
    """A live session on the built-in questions in ``db``; its code."""
    from quizapp.core.session import QuizSpec
    from quizapp.services.bank import load_bank_cached
    from quizapp.services.live import LiveHost
    from quizapp.storage import Store

    store = Store.open(db)
    try:
        bank = load_bank_cached([], builtin=True)
        return LiveHost.create(store.live, bank, QuizSpec(count=3, types=("choice",))).code
    finally:
        store.close()


def _measure(seats: int) -> dict:
    if seats in _cache:
        return _cache[seats]
    # the installed form: bytecode compiled, as pip install leaves it
    compileall.compile_dir(str(REPO / "quizapp"), quiet=1)
    tmp = Path(tempfile.mkdtemp(prefix="quizapp-serve-bench-"))
    db = f"sqlite:///{tmp / 'class.db'}"
    minimal = tmp / "minimal.py"
    minimal.write_text(MINIMAL_APP)
    env = {**os.environ, "PYTHONPATH": str(REPO), "QUIZAPP_DB": db,
           "QUIZAPP_DATA_DIR": str(tmp / "data"), "QUIZAPP_CACHE_DIR": str(tmp / "cache")}
    os.environ.setdefault("QUIZAPP_DATA_DIR", str(tmp / "data"))
    from quizapp.i18n import set_language, t
    from quizapp.serve import seat_command

    set_language("en")
    marker = t("live.code_field").encode()
    joined_marker = t("live.waiting").split(".")[0].encode()  # "You are in"
    ours_cmd = seat_command(sys.executable, "en")
    base_cmd = f"{shlex.quote(sys.executable)} {shlex.quote(str(minimal))}"
    load = [os.getloadavg()[0]]
    rounds: list[tuple[dict, dict]] = []
    for r in range(ROUNDS):
        code = _new_class(db)
        if r % 2 == 0:
            base = _serve(base_cmd, seats, b"MINIMAL-READY", env)
            ours = _serve(ours_cmd, seats, marker, env, (code, joined_marker))
        else:
            ours = _serve(ours_cmd, seats, marker, env, (code, joined_marker))
            base = _serve(base_cmd, seats, b"MINIMAL-READY", env)
        rounds.append((ours, base))
        load.append(os.getloadavg()[0])
    _cache[seats] = {"rounds": rounds, "load": load}
    return _cache[seats]


def _median(rounds: list[tuple[dict, dict]], side: int, key: str) -> float:
    return statistics.median(r[side][key] for r in rounds)


def _ratio(rounds: list[tuple[dict, dict]], key: str, base_key: str | None = None) -> float:
    return statistics.median(o[key] / b[base_key or key] for o, b in rounds)


def _common(seats: int, data: dict) -> dict:
    rounds = data["rounds"]
    return {"seats": seats, "rounds": len(rounds),
            "load_1min": [round(x, 2) for x in data["load"]],
            "failed": sum(o["failed"] for o, _ in rounds),
            "baseline_failed": sum(b["failed"] for _, b in rounds)}


def _ready(seats: int) -> dict:
    data = _measure(seats)
    rounds = data["rounds"]
    return {"ours_s": _median(rounds, 0, "ready_s"), "baseline": f"{seats} minimal Textual "
            "apps served the same way (s until every seat is drawn)",
            "baseline_s": _median(rounds, 1, "ready_s"), "ratio": _ratio(rounds, "ready_s"),
            "goal": 2.0, **_common(seats, data),
            "ours_each": [round(o["ready_s"], 2) for o, _ in rounds],
            "baseline_each": [round(b["ready_s"], 2) for _, b in rounds]}


def _memory(seats: int) -> dict:
    data = _measure(seats)
    rounds = data["rounds"]
    return {"ours_s": _median(rounds, 0, "per_seat_mb"), "baseline": "a minimal Textual app "
            "served the same way (MB resident per seat; the _s fields hold MB here)",
            "baseline_s": _median(rounds, 1, "per_seat_mb"),
            "ratio": _ratio(rounds, "per_seat_mb"), "goal": 1.5, **_common(seats, data),
            "processes": rounds[0][0]["processes"],
            "baseline_processes": rounds[0][1]["processes"]}


def _joined(seats: int) -> dict:
    data = _measure(seats)
    rounds = data["rounds"]
    return {"ours_s": _median(rounds, 0, "joined_per_seat_mb"), "baseline": "a minimal "
            "Textual app served the same way, at its first screen (MB resident per seat; "
            "the _s fields hold MB here); ours once every seat has joined a class",
            "baseline_s": _median(rounds, 1, "per_seat_mb"),
            "ratio": _ratio(rounds, "joined_per_seat_mb", "per_seat_mb"), "goal": None,
            **_common(seats, data),
            "join_failed": sum(o.get("join_failed", 0) for o, _ in rounds)}


FIGURES = {}
for _n in SIZES:
    FIGURES[f"serve_ready_{_n}"] = lambda n=_n: _ready(n)
    FIGURES[f"serve_mem_{_n}"] = lambda n=_n: _memory(n)
    FIGURES[f"serve_mem_joined_{_n}"] = lambda n=_n: _joined(n)
