"""Benchmark runner: ``python benchmarks/run.py [NAME ...]``.

Each ``benchmarks/bench_*.py`` module defines ``FIGURES``, a dict from a figure's name
to a function that generates its own data, times our code and a baseline in the same
run, and returns ``{"ours_s": ..., "baseline": "...", "baseline_s": ..., "goal": ...}``
(``goal``: the largest ratio accepted; ``None`` for a figure that only informs)
(medians of several runs; extra keys are printed too), or ``None`` when it cannot be
measured here (a server that does not answer). The runner adds the ratio (``ours_s /
baseline_s``, unless the figure gives its own ``ratio``: the median of its rounds' ratios,
see :func:`paired_ratio`) and prints one JSON line per figure. NAME selects figures by
name or by prefix (``validate`` runs every figure whose name starts with it; an exact name
runs only that figure).
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def median_time(fn: Callable[[], object], runs: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` over ``runs`` runs, after ``warmup`` untimed runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_median_times(ours: Callable[[], object], baseline: Callable[[], object],
                        runs: int = 5, warmup: int = 1) -> tuple[float, float]:
    """Median wall times of ``ours()`` and ``baseline()``, timed in alternation (one of each
    per round, after ``warmup`` untimed rounds): on a shared, busy machine the load changes
    from second to second, and timing all of one before all of the other lets that change
    decide the ratio."""
    for _ in range(warmup):
        ours()
        baseline()
    ours_t, base_t = [], []
    for _ in range(runs):
        start = time.perf_counter()
        ours()
        ours_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        baseline()
        base_t.append(time.perf_counter() - start)
    return statistics.median(ours_t), statistics.median(base_t)


def paired_ratio(ours: list[float], baseline: list[float]) -> float:
    """The median over rounds of ``ours / baseline``, each round timing one of each in
    turn: a busy moment on a shared machine slows both sides of the round it falls in, so
    this moves much less than the ratio of the two medians."""
    return statistics.median(o / b for o, b in zip(ours, baseline, strict=True))


def figures() -> dict[str, Callable[[], dict]]:
    found: dict[str, Callable[[], dict]] = {}
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found.update(getattr(module, "FIGURES", {}))
    return found


def main(argv: list[str]) -> int:
    available = figures()
    chosen = [n for n in available if not argv or any(
        n == a or (a not in available and n.startswith(a)) for a in argv)]
    unknown = [a for a in argv if not any(n == a or n.startswith(a) for n in available)]
    if unknown:
        print(f"unknown figure(s): {', '.join(unknown)}; available: {', '.join(available)}",
              file=sys.stderr)
        return 2
    for name in chosen:
        row = available[name]()
        if row is None:  # the figure cannot be measured here (it says why on stderr)
            continue
        ours, base = row["ours_s"], row["baseline_s"]
        # a figure timed in rounds gives its own ratio (the median of the rounds' ratios)
        ratio = row.get("ratio", ours / base if base else None)
        out = {"figure": name, "ours_s": round(ours, 6), "baseline": row["baseline"],
               "baseline_s": round(base, 6),
               "ratio": round(ratio, 3) if ratio is not None else None, "goal": row["goal"]}
        out.update({k: v for k, v in row.items() if k not in out})
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
