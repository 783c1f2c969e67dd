"""The kinsoku line breaker: examples from the question files, and properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.linebreak import (
    NO_END,
    NO_START,
    break_lines,
    break_pieces,
    cell_width,
    wrap_text,
)

PROMPT = "长株潭三市同饮哪一条江的水？答案是“湘江”。"


def test_closing_marks_never_start_a_line():
    # at 10 cells a plain cut would start the next line with "？" or "。"
    for width in range(6, 30):
        for line in break_lines(PROMPT, width):
            assert line[0] not in NO_START, (width, line)
            assert line[-1] not in NO_END, (width, line)
            assert cell_width(line) <= width


def test_the_character_before_a_closing_mark_goes_down_with_it():
    # 长株潭三市同饮哪一条江的水 fills 26 cells; "？" may not open the next line
    assert break_lines("长株潭三市同饮哪一条江的水？答案", 26) == ["长株潭三市同饮哪一条江的", "水？答案"]


def test_an_opening_mark_goes_down_with_what_follows():
    assert break_lines("答案是“湘江”", 7) == ["答案是", "“湘江”"]


def test_ascii_forms_follow_the_same_rules():
    lines = break_lines("长沙株洲湘潭,三市一体(同城)!", 8)
    assert lines == ["长沙株洲", "湘潭,三", "市一体", "(同城)!"]
    for line in lines:
        assert line[0] not in ",;:?!)" and line[-1] != "("


def test_ellipsis_and_dash_pairs_stay_whole():
    for width in range(4, 14):
        for line in break_lines("融城共进……赋能未来——一座城", width):
            assert not line.startswith("…") or line.startswith("……"), line
            assert line.count("…") % 2 == 0 and line.count("—") % 2 == 0, (width, line)


def test_latin_words_break_at_spaces_and_long_words_are_cut():
    assert break_lines("One city, three games of chess", 10) == ["One city,", "three", "games of", "chess"]
    assert break_lines("abcdefghijkl", 5) == ["abcde", "fghij", "kl"]


def test_line_breaks_are_kept_and_a_paragraph_keeps_its_indent():
    assert break_lines("第一行\n  第二行", 20) == ["第一行", "  第二行"]
    assert break_lines("", 10) == [""]
    assert wrap_text("甲乙丙丁", 4) == "甲乙\n丙丁"


def test_a_measure_in_other_units():
    # a printed page measures in millimetres: each character 4.2 mm wide here
    def mm(text: str) -> float:
        return 4.2 * len(text)

    assert break_lines("三个藩篱。三个凡是。", 20, mm) == ["三个藩", "篱。三个", "凡是。"]


def test_pieces_that_are_not_text_stay_whole_and_keep_their_punctuation():
    blank = object()
    lines = break_pieces(["让城市发展得", blank, "，更稳。"], 14, piece_width=lambda _: 6)
    assert lines == [["让城市发展得"], [blank, "，更稳。"]]


# -- properties ------------------------------------------------------------------------

CJK = st.sampled_from("长株潭三市同饮一江水融城共进赋能未来")
CLOSE = st.sampled_from("，。、；：？！）」』》”’,;:?!)")
OPEN = st.sampled_from("（「『《“‘(")
WORD = st.sampled_from(["city", "Changsha", "one", "a"])
UNIT = st.one_of(
    CJK,
    st.tuples(CJK, CLOSE).map("".join),
    st.tuples(OPEN, CJK).map("".join),
    st.tuples(OPEN, CJK, CLOSE).map("".join),
    WORD.map(lambda w: f" {w} "),
)


@given(st.lists(UNIT, max_size=40), st.integers(min_value=10, max_value=60))
def test_rules_hold_whenever_the_groups_fit(units, width):
    text = "".join(units)
    lines = break_lines(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert cell_width(line) <= width
        if line:
            assert line[0] not in NO_START, (line, lines)
            assert line[-1] not in NO_END, (line, lines)
            assert line == line.strip() or line is lines[0]


@given(st.text(max_size=200), st.integers(min_value=1, max_value=40))
def test_any_text_loses_nothing_but_spaces_at_breaks(text, width):
    text = text.replace("\r", "")
    lines = break_lines(text, width)
    assert "".join(lines).replace(" ", "").replace("\t", "") == \
        text.replace("\n", "").replace(" ", "").replace("\t", "")
    for line in lines:
        # a line is wider than asked only when it is one character too wide for it
        assert cell_width(line) <= width or len(line.strip()) == 1


def test_a_hanging_indent_narrows_the_lines_after_the_first():
    assert break_lines("一二三四五六七八九十", 8, hanging=2) == ["一二三四", "五六七", "八九十"]


def test_a_long_path_is_cut_after_a_slash_keeping_its_file_name_whole():
    path = "sqlite:////tmp/pytest-of-root/a%5B/%5Dx/scores.db 是文件夹。"
    lines = break_lines(path, 20)
    assert all(len(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == path.replace(" ", "")
    assert any("/scores.db" in line for line in lines), lines  # never "sc" / "ores.db"
    assert lines[0] == "sqlite:////tmp/"
    # a piece between slashes longer than a line is still cut where the line ends
    assert break_lines("/abcdefghijkl/x", 5) == ["/abcd", "efghi", "jkl/x"]


def test_a_number_set_off_by_spaces_stays_with_its_chinese_words():
    """``第 1 位`` is one word to a reader: never broken at its spaces while it fits on a
    line; a latin word and another number still break at a space."""
    for width in range(9, 14):
        lines = break_lines("发号召第 1 位：认真落实", width)
        assert any("第 1 位：" in line for line in lines), (width, lines)
    assert break_lines("共 12 题 abc def", 9) == ["共 12 题", "abc def"]
    assert break_lines("see 12 items", 6) == ["see 12", "items"]
    # too narrow for it: it goes apart, the rules still hold (no line starts with "：")
    for width in range(4, 9):
        lines = break_lines("发号召第 1 位：认真落实", width)
        assert all(line[:1] != "：" for line in lines), (width, lines)
