"""Loading and validating a 10,000-question bank, beside PyYAML's C loader parsing it alone."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import median_time  # noqa: E402

TEMPLATES = [
    """  - id: q{n}-choice
    type: choice
    prompt: 下好“产业棋”,要从“单打独斗”转向什么?(第{n}题)
    options: [抱拳出击, 系统集成, 同城待遇, 化学相融]
    answer: 抱拳出击
    explain: 产业棋讲的是三市产业从各自为战转向联合出击。
    quote: 下好“产业棋”,从“单打独斗”转向“抱拳出击”。
    tags: [三盘棋, 产业棋]
""",
    """  - id: q{n}-multi
    type: multi
    prompt: 下列哪些属于“三个藩篱”?(第{n}题)
    options:
      - 行政边界
      - 产业同质
      - 资源分散
      - 心理距离
    answer: [行政边界, 产业同质, 资源分散]
    explain: 三个藩篱是行政边界、产业同质、资源分散。
""",
    """  - id: q{n}-tf
    type: truefalse
    prompt: 长株潭一体化是选择题。(第{n}题)
    answer: no
""",
    """  - id: q{n}-fill
    type: fill
    prompt: "株潭摒弃“{{{{c1::虹吸焦虑}}}}”,长沙强化“{{{{c2::溢出思维}}}}”。(第{n}题)"
    accept: {{1: [虹吸的焦虑]}}
    points: 2
""",
    """  - id: q{n}-match
    type: match
    prompt: 把城市和产业连起来。(第{n}题)
    pairs:
      长沙: 工程机械
      株洲: 轨道交通
      湘潭: 新能源材料
""",
    """  - id: q{n}-order
    type: order
    prompt: 排列三盘棋。(第{n}题)
    items: [产业棋, 制度棋, 民生棋]
""",
    """  - id: q{n}-card
    type: card
    front: 长株潭系数(第{n}题)
    back: 作为全局和基本考量。
""",
]


def bank_text(count: int = 10_000) -> str:
    head = "title: 基准题库\ndeck: 基准::题库\ntags: [基准]\nquestions:\n"
    return head + "".join(TEMPLATES[n % len(TEMPLATES)].format(n=n) for n in range(count))


def validate_10k() -> dict:
    from quizapp.core.loader import load_paths

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bank.yaml"
        path.write_text(bank_text(), "utf-8")
        result = load_paths([path])
        assert not result.problems and len(result.bank) == 10_000, result.problems[:3]

        def baseline() -> None:
            yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)

        def ours() -> None:
            load_paths([path])

        # alternate the two so that both see the same machine state
        base_s = median_time(baseline, runs=5)
        ours_s = median_time(ours, runs=5)
    return {"ours_s": ours_s, "baseline": "pyyaml C loader", "baseline_s": base_s, "goal": 1.2,
            "questions": 10_000}


FIGURES = {"validate_10k": validate_10k}


def validate_100k() -> dict:
    """100,000 distinct questions (about 21 MB) in one file: time beside PyYAML's C loader
    parsing it alone, and the peak memory of a fresh process loading it, as a multiple of
    the file's size (goal: under 20x; PyYAML's node tree alone is about 25x).

    Measured on the shared two-core machine (heavily loaded, so the seconds are long):
    ours 43.1 s, PyYAML's C loader 141.8 s (ratio 0.30), peak 331 MB for a 20.1 MB file
    (16.5x). Before the loader built data from events: 893 MB (43x) and 70 s."""
    import subprocess

    count = 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bank.yaml"
        path.write_text(bank_text(count), "utf-8")
        size = path.stat().st_size
        probe = ("import resource, sys; from quizapp.core.loader import load_paths; "
                 "r = load_paths([sys.argv[1]]); assert not r.problems and len(r.bank) == "
                 f"{count}; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        root = str(Path(__file__).resolve().parents[1])
        peak_kb = int(subprocess.run([sys.executable, "-c", probe, str(path)], check=True,
                                     capture_output=True, text=True, cwd=root,
                                     env={**os.environ, "PYTHONPATH": root}
                                     ).stdout.strip())
        from quizapp.core.loader import load_paths

        base_s = median_time(lambda: yaml.load(path.read_text("utf-8"),
                                               Loader=yaml.CSafeLoader), runs=1)
        ours_s = median_time(lambda: load_paths([path]), runs=1)
    return {"ours_s": ours_s, "baseline": "pyyaml C loader", "baseline_s": base_s, "goal": 1.2,
            "questions": count, "file_mb": round(size / 2**20, 1),
            "peak_rss_mb": round(peak_kb / 1024, 1),
            "memory_x_file": round(peak_kb * 1024 / size, 1), "memory_goal_x": 20}


FIGURES["validate_100k"] = validate_100k
