"""`quizapp import` of Moodle Aiken files: the whole format and its rules as located errors."""

from __future__ import annotations

import pytest
from import_helpers import FIXTURES, imported

pytestmark = pytest.mark.lang("en")


def test_an_aiken_bank_comes_in_as_choice_questions(tmp_path) -> None:
    result, qset = imported(tmp_path, FIXTURES / "bank.aiken.txt")
    assert result.exit_code == 0, result.stderr
    assert [(q.type, q.answer) for q in qset.questions] == [
        ("choice", "必答题"), ("choice", "Xiang River"), ("choice", "坚决去做")]
    assert qset.questions[0].options == ("必答题", "软任务", "附加题")


def test_every_broken_rule_is_reported_where_it_is_broken(tmp_path) -> None:
    result, qset = imported(tmp_path, FIXTURES / "broken.aiken.txt")
    assert result.exit_code == 1
    lines = [line.split("broken.aiken.txt:", 1)[1] for line in result.stderr.splitlines()
             if "broken.aiken.txt:" in line]
    assert lines == [
        "1:1: no question before this: each question is one line of text, then its options "
        "and ANSWER:",
        "2:1: no question before this: each question is one line of text, then its options "
        "and ANSWER:",
        "5:1: the question must be on one line (or an option is not written as A. text or "
        "A) text)",
        "12:1: option letter C where B was expected: letter options A, B, C … in order",
        "18:1: write ANSWER: in capitals",
        "21:3: put a space after \"A.\"",
        "28:9: ANSWER: must name one option letter (A, B), not \"C\"",
        "32:9: a question needs at least two options (A. … B. …)",
        "37:1: no ANSWER: line (it must follow the last option directly)",
        "46:1: no ANSWER: line (it must follow the last option directly)",
    ]
    assert [q.prompt for q in qset.questions] == ["Good one"]


def test_aiken_explicit_format_and_crlf(tmp_path) -> None:
    src = tmp_path / "questions.dat"
    src.write_bytes("Q?\r\nA. x\r\nB. y\r\nANSWER: B\r\n".encode("gbk"))
    result, qset = imported(tmp_path, src, "--format", "aiken")
    assert result.exit_code == 0, result.stderr
    assert qset.questions[0].answer == "y"
