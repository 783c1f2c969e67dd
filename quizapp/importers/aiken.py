"""Moodle Aiken files -> ``choice`` drafts, with Aiken's strict rules as located errors.

The format (https://docs.moodle.org/en/Aiken_format)::

    长株潭一体化不是选择题,而是什么?
    A. 必答题
    B) 软任务
    ANSWER: A

The question is one line; each option starts with a capital letter, ``.`` or ``)`` and a
space, lettered A, B, C … in order; ``ANSWER:`` (in capitals) names one of the letters and
ends the question. Blank lines between questions are allowed. A question that breaks a
rule is listed, at the line and column of the break, and the next one is read.
"""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.i18n import t
from quizapp.importers.common import Draft, Imported, Skipped, read_text_file, where_line

_OPTION = re.compile(r"([A-Z])[.)][ \t]+(\S.*)")
_OPTION_NO_SPACE = re.compile(r"[A-Z][.)]\S")
_ANSWER = re.compile(r"ANSWER:[ \t]*(.*)")
_ANSWER_ANY_CASE = re.compile(r"answer\s*[:：]", re.IGNORECASE)


class _Question:
    def __init__(self, line: int, col: int, text: str) -> None:
        self.line, self.col, self.text = line, col, text
        self.options: list[str] = []
        self.error: tuple[int, int, str] | None = None

    def fail(self, line: int, col: int, message: str) -> None:
        if self.error is None:
            self.error = (line, col, message)


def read_text(text: str, name: str) -> Imported:
    out = Imported()
    current: _Question | None = None

    def close(q: _Question, line: int, col: int, answer: str | None) -> None:
        if q.error is None and answer is None:
            q.fail(line, col, t("import.aiken.no_answer"))
        if q.error is None and len(q.options) < 2:
            q.fail(line, col, t("import.aiken.few_options"))
        if q.error is None:
            letter = answer.strip() if answer else ""
            letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:len(q.options)]
            if len(letter) != 1 or letter not in letters:
                q.fail(line, col, t("import.aiken.bad_answer", answer=letter,
                                    letters=", ".join(letters)))
        where = where_line(name, q.line, q.col)
        if q.error is not None:
            out.skipped.append(Skipped(where_line(name, *q.error[:2]), q.error[2]))
            return
        out.drafts.append(Draft({"type": "choice", "prompt": q.text, "options": q.options,
                                 "answer": q.options[ord((answer or "").strip()) - ord("A")]}, where))

    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        col = len(raw) - len(raw.lstrip()) + 1
        if not line:
            if current is not None:  # ANSWER: must follow the options directly
                close(current, number, 1, None)
                current = None
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if current is None:
            if answer or option:
                out.skipped.append(Skipped(where_line(name, number, col),
                                           t("import.aiken.no_question")))
                continue
            current = _Question(number, col, line)
            continue
        if answer:
            close(current, number, col + answer.start(1), answer.group(1))
            current = None
        elif current.error is not None:
            continue
        elif option:
            expected = chr(ord("A") + len(current.options))
            if option.group(1) != expected:
                current.fail(number, col, t("import.aiken.letter", got=option.group(1),
                                            expected=expected))
            current.options.append(option.group(2).strip())
        elif _ANSWER_ANY_CASE.match(line):
            current.fail(number, col, t("import.aiken.answer_case"))
        elif _OPTION_NO_SPACE.match(line):
            current.fail(number, col + 2, t("import.aiken.option_space", marker=line[:2]))
        elif not current.options:
            current.fail(number, col, t("import.aiken.one_line"))
        else:
            current.fail(number, col, t("import.aiken.expected_option",
                                        letter=chr(ord("A") + len(current.options))))
    if current is not None:
        close(current, current.line, current.col, None)
    return out


def read(path: Path, name: str) -> Imported:
    return read_text(read_text_file(path, name), name)
