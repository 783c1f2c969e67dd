"""Home's 作业 line (:meth:`quizapp.services.assignments.Homework.line`): each mode's
words, and at a narrow width the title gives way before what is done and the late mark."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from quizapp.cells import cell_len
from quizapp.i18n import STRINGS
from quizapp.services.assignments import Homework


def words(lang: str):
    return lambda key, **kw: STRINGS[lang][key].format(**kw)


def item(mode: str, *, target=None, time_limit=None, done=0, finished=0, late_now=False):
    work = SimpleNamespace(title="长株潭一体化三盘棋课后练习（第二单元）", mode=mode, target=target,
                           time_limit=time_limit, due_at=datetime(2026, 12, 10, 10, tzinfo=UTC))
    progress = SimpleNamespace(finished=finished, answered=done, score=done if finished else None,
                               started=1)
    return Homework(work, progress, target or 3, "late" if late_now else "started",
                    closed=False, used_up=False, late_now=late_now)


def test_each_mode_in_both_languages() -> None:
    exam = item("exam", time_limit=5)
    assert "（考试 5 分钟） 3 题" in exam.line(words("zh"))
    assert exam.line(words("en")).startswith("长株潭一体化三盘棋课后练习（第二单元） (exam, 5 min): 3 questions")
    cards = item("cards", target=20, done=12)
    assert cards.line(words("zh")).endswith("已复习 12/20")
    assert cards.line(words("en")).endswith("reviewed 12/20")
    fewer = item("cards", target=20, done=5, finished=1)
    assert fewer.line(words("zh")).endswith("已复习 5/20（到期的都复习完了）")


def test_narrow_keeps_the_late_mark() -> None:
    late = item("exam", time_limit=5, late_now=True)
    full = late.line(words("en"))
    assert full.endswith("done 0/3 (late)")
    for width in (74, 64):
        short = late.line(words("en"), width)
        assert cell_len(short) <= width and short.endswith("done 0/3 (late)") and "…" in short
