"""Work on untrusted input is linear: each pattern and parser is timed on a pathological
input against an ordinary one of the same size. The ratio, not the time, is checked, and
generously: the inputs are large enough that the old quadratic or cubic code took seconds
to minutes where the linear code takes milliseconds."""

from __future__ import annotations

import time
from collections.abc import Callable

from quizapp.core.loader import load_bytes
from quizapp.core.model import CLOZE_RE
from quizapp.importers.anki import _cloze_note, _lis
from quizapp.importers.common import html_to_text
from quizapp.importers.gift import parse as parse_gift
from quizapp.importers.table import _drop_trailing_blank, _pairs
from quizapp.untrusted import MAX_PROBLEMS

#: how many times slower the pathological input may be than the ordinary one
RATIO = 8.0


def _best(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(pathological: str, ordinary: str, work: Callable[[str], object]) -> None:
    assert abs(len(pathological) - len(ordinary)) <= len(ordinary) // 50  # the same size
    bad = _best(lambda: work(pathological))
    good = _best(lambda: work(ordinary))
    assert bad <= RATIO * max(good, 1e-4), (bad, good)


def _fill_file(prompt: str) -> bytes:
    return ("title: t\nquestions:\n  - id: q\n    type: fill\n    prompt: '"
            + prompt + "'\n").encode()


def test_cloze_pattern_without_closing_braces():
    # 6 KB of "{{c1::" took the regular expression 29 s; 60 KB here
    bad = "{{c1::" * 10_000
    good = "{{c1::a}} " * 6_000
    assert_linear(bad, good, lambda text: list(CLOZE_RE.finditer(text)))
    assert_linear(bad + "x::y", good, lambda text: CLOZE_RE.sub("_", text))


def test_validate_a_fill_prompt_without_closing_braces():
    bad = "{{c1::" * 5_000
    good = "Changsha {{c1::a}} " * 1_579
    assert_linear(bad, good, lambda text: load_bytes(_fill_file(text)))


def test_anki_cloze_note_without_closing_braces():
    bad = "{{c1::" * 10_000
    good = "{{c1::a}} <b>x</b> " * 3_158
    assert_linear(bad, good, lambda text: _cloze_note(text + "{{c2::b}}", ""))


def test_anki_list_items_without_their_end():
    bad = "<li>" * 15_000
    good = "<li>a</li>" * 6_000
    assert_linear(bad, good, _lis)


def test_html_comments_without_their_end():
    # 16,000 "<!--" in a GIFT [html] field took 7.6 s
    bad = "<!--" * 16_000
    good = "<b>x</b>" * 8_000
    assert_linear(bad, good, html_to_text)
    bad = "<br" * 20_000  # tags that never close
    assert_linear(bad, "<br>a" * 12_000, html_to_text)


def test_gift_html_field_and_comment_metadata():
    bad = "::t::[html]" + "<!--" * 16_000 + "{T}\n"
    good = "::t::[html]" + "<i>a</i>" * 8_000 + "{T}\n"
    assert_linear(bad, good, parse_gift)
    bad = "// " + "[id:" * 16_000 + "\nQ{T}\n"
    good = "// " + "[id:a] x " * 7_111 + "\nQ{T}\n"
    assert_linear(bad, good, parse_gift)


def test_table_cells_of_spaces():
    # a match cell of 60 KB of spaces took 41 s
    bad = "a" + " " * 60_000 + "b"
    good = "a" + "b c " * 15_000
    assert_linear(bad, good, lambda cell: _pairs_or_error([cell, "c->d"]))
    assert_linear(bad + ")", good + ")", _drop_trailing_blank)


def _pairs_or_error(cells: list[str]) -> object:
    try:
        return _pairs(cells)
    except ValueError as exc:
        return exc


def _wide(keys: int, unknown: bool) -> bytes:
    lines = ["title: t", "questions:", "  - id: q", "    type: card", "    front: a",
             "    back: b", "    bad: 1"]  # one problem: both files are located
    if unknown:
        lines += [f"    zz{i:06d}: 1" for i in range(keys)]
    else:
        lines += ["    tags:"] + [f"      - a{i:06d}" for i in range(keys)]
    return ("\n".join(lines) + "\n").encode()


def test_wide_mapping_of_unknown_keys():
    # 10,000 unknown keys took 23 s and listed 10,000 problems
    bad, good = _wide(10_000, True), _wide(10_000, False)
    assert_linear(bad.decode(), good.decode(), lambda text: load_bytes(text.encode()))
    problems = load_bytes(bad).problems
    assert len(problems) == MAX_PROBLEMS + 1
    last = problems[-1]
    assert last.message.key == "problem.more"
    assert dict(last.message.params) == {"n": 10_001 - MAX_PROBLEMS, "limit": MAX_PROBLEMS}
    assert last.line == 7 + MAX_PROBLEMS  # at the first problem not listed
    assert load_bytes(bad).problem_count == 10_001


def test_sniffing_a_text_file_of_blank_lines(tmp_path):
    from quizapp.cli.importing import _sniff_text

    def sniff(text: str) -> object:
        path = tmp_path / "bank.txt"
        path.write_text(text, encoding="utf-8")
        return _sniff_text(path)

    assert sniff("Q?\nA. x\nB. y\n  ANSWER: A\n") == "aiken"
    # 64 KB of newlines or spaces took the multi-line ``^\s*ANSWER`` seconds
    assert_linear("\n" * 60_000, "a b\n" * 15_000, sniff)
    assert_linear(" \n" * 30_000, "a b\n" * 15_000, sniff)
