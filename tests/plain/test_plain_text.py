"""The plain interface's pieces without a terminal: reading typed answers, and the console
that never sends a control character and breaks lines by the Chinese rules."""

from __future__ import annotations

import io

import pytest
from plain_pty import EVERY_TYPE

from quizapp.core.loader import load_bank
from quizapp.core.selection import Presented
from quizapp.i18n import set_language
from quizapp.plain import text as words
from quizapp.plain.answers import answer_steps
from quizapp.plain.console import Console, InputClosed

BANK = load_bank([EVERY_TYPE], builtin=False)


@pytest.fixture(autouse=True)
def chinese():
    set_language("zh")
    yield
    set_language("zh")


@pytest.mark.parametrize(("typed", "count", "numbers"), [
    ("1 3", 4, [1, 3]), ("1,3", 4, [1, 3]), ("1，3", 4, [1, 3]), ("13", 4, [1, 3]),
    ("１ ３", 4, [1, 3]), ("12", 12, [12]), ("  2 ", 4, [2]),
])
def test_numbers_are_read_however_they_are_typed(typed, count, numbers):
    assert words.numbers(typed, count) == numbers


@pytest.mark.parametrize(("typed", "said"), [
    ("9", "没有第 9 项：请输入 1 到 4 之间的数字。"),
    ("0", "没有第 0 项：请输入 1 到 4 之间的数字。"),
    ("abc", "没有读到编号：请输入 1 到 4 之间的数字。"),
])
def test_a_number_out_of_range_or_none_is_answered_with_a_sentence(typed, said):
    with pytest.raises(words.BadAnswer) as err:
        words.numbers(typed, 4)
    assert str(err.value) == said


def steps_for(question_id: str, *lines: str, **fields) -> tuple[object, list[tuple[str, ...]]]:
    question = BANK[question_id]
    shown = Presented(question, 0, 1, **fields)
    steps = answer_steps(shown)
    said = [next(steps).say]
    for line in lines:
        try:
            said.append(steps.send(line).say)
        except StopIteration as done:
            return done.value, said
    raise AssertionError("no answer yet")


def test_matching_one_pair_at_a_time_or_all_at_once():
    rights = ("轨道交通", "工程机械", "新能源材料")
    answer, said = steps_for("ex-match", "2", "9", "1", "3", rights=rights)
    assert answer == {"长沙": "工程机械", "株洲": "轨道交通", "湘潭": "新能源材料"}
    assert said[0] == ("左边第 1 项“长沙”配右边第几项？",)
    assert said[2][0] == "没有第 9 项：请输入 1 到 3 之间的数字。"
    answer, _ = steps_for("ex-match", "2 1 3", rights=rights)
    assert answer == {"长沙": "工程机械", "株洲": "轨道交通", "湘潭": "新能源材料"}


def test_order_needs_every_number_once():
    items = ("民生棋", "产业棋", "制度棋")
    answer, said = steps_for("ex-order", "2 2 1", "2 3 1", items=items)
    assert said[1] == ("请把 1 到 3 每个编号各写一次，用空格隔开。",)
    assert answer == ("产业棋", "制度棋", "民生棋")


def test_true_false_in_words_or_numbers():
    assert steps_for("ex-truefalse", "对")[0] is True
    assert steps_for("ex-truefalse", "f")[0] is False
    answer, said = steps_for("ex-truefalse", "maybe", "2")
    assert answer is False and said[1] == ("请输入 1 表示对，或 2 表示错。",)


def test_the_console_shows_control_characters_and_writes_no_escape():
    out = io.StringIO()
    con = Console(io.StringIO(""), out, width=0)
    con.say("题目\x1b[2J\x1b]52;c;aGk=\x07 \u202e反向 \x9b1m")
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "\u202e" not in text
    assert "␛[2J" in text


def test_long_lines_break_by_the_chinese_rules_for_sighted_readers():
    out = io.StringIO()
    con = Console(io.StringIO(""), out, width=20)
    con.say("株潭摒弃“虹吸焦虑”，长沙强化“溢出思维”，这是文章说的两种思维方式。")
    lines = out.getvalue().splitlines()
    assert len(lines) > 1
    assert all(not line.startswith(("，", "。", "”")) for line in lines)
    assert all(not line.endswith("“") for line in lines)


def test_a_piped_answer_is_echoed_and_the_end_of_input_is_said():
    out = io.StringIO()
    con = Console(io.StringIO("2\n"), out, width=0)
    assert con.read() == "2"
    with pytest.raises(InputClosed):
        con.read()
    assert out.getvalue() == "> 2\n> \n"
