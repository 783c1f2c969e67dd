"""Driving ``quizapp … --plain`` through a pseudo-terminal, as a screen reader's user would,
and reading the transcript back."""

from __future__ import annotations

import os
import re
import sys
from io import StringIO
from pathlib import Path

import pexpect

REPO = Path(__file__).resolve().parents[2]
EVERY_TYPE = REPO / "tests" / "fixtures" / "valid" / "every-type.yaml"
MARKER = "> "
#: the item lines of a question: "2. 系统集成"
ITEM = re.compile(r"^(\d+)\. (.+?)\r?$", re.MULTILINE)


class Plain:
    """One ``quizapp`` process on a pseudo-terminal, its whole output kept."""

    def __init__(self, args: list[str], tmp_path: Path, *, db_url: str, lang: str = "zh",
                 columns: int = 100, no_color: bool = False) -> None:
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env.update(QUIZAPP_DB=db_url, QUIZAPP_DATA_DIR=str(tmp_path / "data"),
                   QUIZAPP_CACHE_DIR=str(tmp_path / "cache"), QUIZAPP_LANG=lang,
                   TERM="xterm-256color", PYTHONPATH=str(REPO))
        env.pop("COLUMNS", None)
        if no_color:
            env["NO_COLOR"] = "1"
        self.transcript = StringIO()
        self.child = pexpect.spawn(sys.executable, ["-m", "quizapp", *args], cwd=str(REPO),
                                   env=env, encoding="utf-8", timeout=60,
                                   dimensions=(40, columns))
        self.child.logfile_read = self.transcript

    def prompt(self) -> str:
        """Wait for the input marker; the text written since the last one."""
        self.child.expect_exact(MARKER)
        return self.child.before

    def prompt_or_end(self) -> str | None:
        """The text up to the next input marker, or ``None`` when the program ended."""
        if self.child.expect_exact([MARKER, pexpect.EOF]) == 1:
            return None
        return self.child.before

    def send(self, line: str) -> str:
        self.child.sendline(line)
        return self.prompt()

    def expect(self, pattern: str) -> str:
        self.child.expect(pattern)
        return self.child.before

    def finish(self, timeout: float = 60) -> int:
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -1

    @property
    def text(self) -> str:
        return self.transcript.getvalue()


def items(block: str, after: str | None = None) -> dict[str, int]:
    """The numbered lines of ``block`` (after the line containing ``after``): text -> number."""
    if after is not None:
        block = block[block.index(after):]
    return {text.strip(): int(n) for n, text in ITEM.findall(block)}


def assert_append_only(transcript: str) -> None:
    """No escape byte (no colour, no cursor movement), no line rewritten (a carriage
    return only as the terminal's line end), no box drawing."""
    assert "\x1b" not in transcript
    assert "\x9b" not in transcript
    assert re.search(r"\r(?!\n)", transcript) is None
    assert "\b" not in transcript
    assert re.search("[\u2500-\u257f]", transcript) is None


def right_answer(block: str) -> str | list[str]:
    """What the student types for the question of tests/fixtures/valid/every-type.yaml
    shown in ``block`` to get it right (a list: one line each)."""
    if "单打独斗" in block:
        return str(items(block)["抱拳出击"])
    if "三个藩篱" in block:
        found = items(block)
        return " ".join(str(found[o]) for o in ("行政边界", "资源分散", "产业同质"))
    if "一道选择题" in block:
        return "2"
    if "必答题" in block:
        return "1"
    if "虹吸" in block or "株潭摒弃" in block:
        return ["虹吸焦虑", "溢出思维"]
    if "连起来" in block:
        found = items(block, "右边各项" if "右边各项" in block else "Right items")
        return " ".join(str(found[r]) for r in ("工程机械", "轨道交通", "新能源材料"))
    if "三盘棋" in block:
        found = items(block)
        return " ".join(str(found[r]) for r in ("产业棋", "制度棋", "民生棋"))
    if "长株潭系数" in block:
        return ["", "2"]
    raise AssertionError(f"unknown question:\n{block}")


def answer_every_question(plain: Plain, *, right: bool = True) -> int:
    """Answer each question of every-type.yaml as it comes (rightly, or each with a wrong
    but valid answer), pressing Enter after each feedback; the number of questions."""
    asked = 0
    block = plain.prompt_or_end()
    while block is not None:
        if not NEXT.search(block):
            asked += 1
            answer = right_answer(block) if right else wrong_answer(block)
            lines = answer if isinstance(answer, list) else [answer]
            for line in lines[:-1]:
                plain.send(line)
            plain.child.sendline(lines[-1])
        else:  # feedback, then "press Enter for the next question"
            plain.child.sendline("")
        block = plain.prompt_or_end()
    return asked


#: the sentence after a practice question's feedback
NEXT = re.compile(r"(按回车听下一题|Press Enter for the next question)")


def wrong_answer(block: str) -> str | list[str]:
    right = right_answer(block)
    if isinstance(right, list):
        return ["错", "错"] if right[0] else ["", "1"]
    if "一道选择题" in block or "必答题" in block:
        return "1" if right == "2" else "2"
    if "三个藩篱" in block:
        return f"{right.split()[0]} {items(block)['心理距离']}"  # one right, one wrong
    numbers = right.split()
    if len(numbers) == 1:
        return "2" if numbers[0] != "2" else "3"
    return " ".join(reversed(numbers)) if len(numbers) > 2 else "4"
