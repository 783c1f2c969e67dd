"""The app's speed as a student feels it, beside a minimal Textual app in the same run.

- ``tui_first_question``: from process start to the first quiz question on screen, headless,
  for ``quizapp quiz`` on the built-in content, beside a minimal Textual app showing one
  static question. Each run is a fresh ``python -c`` process that prints the monotonic clock
  (system-wide on Linux) once the first frame with the question has been drawn, and the
  CPU time the process has used by then; after a warm-up run of each (byte code written,
  the parsed bank cached, as on any start after the first), the two are started in turn,
  ``RUNS`` rounds, and the ratio is the median of the rounds' ratios. Goal: at most 1.3x.
  ``cpu_ratio`` is the same for the CPU time: what the start costs whatever else the
  machine is doing (wall time on a busy shared machine also waits for other processes).
  ``uncached_s`` is the same start with the bank cache unusable (its folder cannot be
  made), parsing the question files each time: what the cache saves.
- ``tui_key_latency``: the median time from a key press to the updated frame while
  answering (a digit choosing an option): in-process with ``App.run_test``, from posting the
  key event to the app handing the next frame to its driver, beside the same for the
  minimal app. Goal: at most 1.5x.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.run import paired_ratio  # noqa: E402

RUNS = 15
PRESSES = 120
ROUNDS = 3

#: The first frame is reported from inside the app (the monotonic clock and the process's
#: CPU time); stdout is captured while an app runs, so the child writes to file descriptor
#: 1 itself.
OURS_START = r"""
import os, time
import quizapp.tui.screens.quiz as quiz
from quizapp.tui.app import QuizApp
from quizapp.cli import main

def first(self):  # runs once the first frame, with the question, has been drawn
    os.write(1, f"{time.monotonic()} {time.process_time()}\n".encode())
    self.app.exit()

quiz.QuizScreen._after_first_frame = first
run = QuizApp.run
QuizApp.run = lambda self, *a, **k: run(self, headless=True, size=(80, 24))
main(["quiz", "--student", "bench", "--seed", "1"], standalone_mode=False)
"""

BASELINE_APP = r"""
from textual.app import App
from textual.binding import Binding
from textual.widgets import Static

QUESTION = "长株潭三市同饮哪一条江的水?"
OPTIONS = ("湘江", "资江", "沅江", "澧水")


def text(chosen):
    marks = ["(*)" if i == chosen else "( )" for i in range(len(OPTIONS))]
    return QUESTION + "\n\n" + "\n".join(
        f"{m} {i + 1}. {o}" for i, (m, o) in enumerate(zip(marks, OPTIONS)))


class Minimal(App):
    BINDINGS = [Binding(str(n), f"pick({n - 1})") for n in range(1, 5)]

    def compose(self):
        yield Static(text(None), id="q")

    def action_pick(self, n):
        self.query_one("#q", Static).update(text(n))
"""

BASELINE_START = BASELINE_APP + r"""
import os, time

class Timed(Minimal):
    def on_mount(self):
        def report():
            os.write(1, f"{time.monotonic()} {time.process_time()}\n".encode())
            self.exit()
        self.call_after_refresh(report)

Timed().run(headless=True, size=(80, 24))
"""


def _spawn(code: str, env: dict) -> tuple[float, float]:
    """Start ``code`` in a fresh process: (seconds to its first frame, CPU seconds used)."""
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"benchmark child failed ({proc.returncode}): {proc.stderr[-2000:]}")
    shown_at, cpu = lines[-1].split()
    return float(shown_at) - start, float(cpu)


def first_question() -> dict:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QUIZAPP_DATA_DIR": home, "QUIZAPP_CACHE_DIR": f"{home}/cache",
               "PYTHONPATH": str(ROOT)}
        env.pop("QUIZAPP_DB", None)
        # As installed: byte-code compiled (pip does it at install time; a source checkout
        # writes it on the first run), so the first run here is only a warm-up.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        blocked = Path(home) / "not-a-folder"
        blocked.write_text("")
        uncached_env = {**env, "QUIZAPP_CACHE_DIR": str(blocked / "cache")}
        _spawn(OURS_START, env)  # warm-up: byte code, file cache, the database
        _spawn(BASELINE_START, env)
        ours, base, uncached = [], [], []
        for _ in range(RUNS):  # in turn, so a busy moment on the machine hits both
            ours.append(_spawn(OURS_START, env))
            base.append(_spawn(BASELINE_START, env))
            uncached.append(_spawn(OURS_START, uncached_env)[0])
    wall, base_wall = [o[0] for o in ours], [b[0] for b in base]
    cpu, base_cpu = [o[1] for o in ours], [b[1] for b in base]
    return {"ours_s": statistics.median(wall), "baseline": "minimal Textual app, one static question",
            "baseline_s": statistics.median(base_wall), "goal": 1.3,
            "ratio": paired_ratio(wall, base_wall), "rounds": RUNS,
            "ours_min_s": round(min(wall), 4), "baseline_min_s": round(min(base_wall), 4),
            "cpu_s": round(statistics.median(cpu), 4),
            "baseline_cpu_s": round(statistics.median(base_cpu), 4),
            "cpu_ratio": round(paired_ratio(cpu, base_cpu), 3),
            "uncached_s": round(statistics.median(uncached), 4)}


async def _key_to_frame(app, keys: list[str], ready) -> list[float]:
    """For each key: post the key event, then wait until the app hands the next frame to
    its (headless) driver; the time between the two is the latency a student sees."""
    from textual import events

    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        framed = asyncio.Event()
        shown_at = [0.0]
        display = app._display

        def timed(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None:
                shown_at[0] = time.perf_counter()
                framed.set()

        app._display = timed
        for key in keys:
            await pilot.pause()
            framed.clear()
            start = time.perf_counter()
            app.post_message(events.Key(key, key))
            await asyncio.wait_for(framed.wait(), 5)
            times.append(shown_at[0] - start)
    return times


def key_latency() -> dict:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as home:
        os.environ["QUIZAPP_DATA_DIR"] = home
        os.environ.pop("QUIZAPP_DB", None)
        from quizapp.core.loader import load_bank
        from quizapp.core.session import QuizSpec, build_session
        from quizapp.tui.app import QuizApp
        from quizapp.tui.start import QuizStart

        bank = load_bank()
        keys = ["1", "2", "3", "2"] * (PRESSES // 4 // ROUNDS)

        async def store_open(pilot) -> None:
            for _ in range(500):
                await pilot.pause(0.01)
                if pilot.app.recorder.state != "waiting" and pilot.app.recorder.wait_idle(0):
                    return

        async def nothing(pilot) -> None:
            await pilot.pause(0.05)

        def ours_app():
            session = build_session(bank, QuizSpec(types=("choice",), seed=1))
            return QuizApp(bank, start=QuizStart(session), student="bench", remember=False,
                           cursor_blink=False)

        namespace: dict = {}
        exec(BASELINE_APP, namespace)  # the same minimal app as the start-up figure
        ours: list[float] = []
        base: list[float] = []
        for _ in range(ROUNDS):  # interleaved, so a busy moment on the machine hits both
            ours += asyncio.run(_key_to_frame(ours_app(), keys, store_open))
            base += asyncio.run(_key_to_frame(namespace["Minimal"](), keys, nothing))
    return {"ours_s": statistics.median(ours), "baseline": "minimal Textual app, one static question",
            "baseline_s": statistics.median(base), "goal": 1.5, "presses": len(ours)}


FIGURES = {"tui_first_question": first_question, "tui_key_latency": key_latency}
