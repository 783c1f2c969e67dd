"""Text renderings of answers, scores and times; the fill widget's line breaking."""

from __future__ import annotations

from rich.cells import cell_len
from tui_helpers import BANK

from quizapp.cells import truncate
from quizapp.core.model import Blank
from quizapp.i18n import set_language
from quizapp.tui.display import (
    format_clock,
    format_correct,
    format_duration,
    format_response,
    format_score,
    question_text,
)
from quizapp.tui.widgets.chart import bar_rows
from quizapp.tui.widgets.fill import MIN_BLANK, layout_lines


def test_responses_read_naturally():
    multi = BANK["city-common"]
    assert format_response(multi, frozenset({"共同的使命", "共同的底色"})) == "共同的底色；共同的使命"
    assert format_response(BANK["city-must"], False) == "错"
    assert format_response(BANK["city-fill"], ("快", "")) == "快；＿"
    match = BANK["chess-match"]
    assert format_response(match, {"长沙": "工程机械"}) == "长沙→工程机械；株洲→＿；湘潭→＿"
    assert format_response(BANK["chess-order"], ("民生棋", "产业棋")) == "民生棋 → 产业棋"
    assert format_response(BANK["chess-card"], True) == "记得"
    assert format_response(BANK["city-river"], None) == "（未作答）"
    assert format_correct(BANK["chess-card"]) == "产业棋、制度棋、民生棋"
    assert format_correct(BANK["city-fill"]) == "快；稳"
    assert question_text(BANK["city-fill"]) == "让“一座城”不仅发展得____,更发展得____。"


def test_english_renderings():
    try:
        set_language("en")
        assert format_response(BANK["city-must"], True) == "True"
        assert format_duration(75) == "1m 15s"
        assert format_response(BANK["city-river"], "") == "(no answer)"
    finally:
        set_language("zh")


def test_numbers_and_times():
    assert format_score(1.0) == "1" and format_score(0.5) == "0.5"
    assert format_score(2 / 3) == "0.67"
    assert format_duration(75.4) == "1分15秒"
    assert format_clock(120) == "02:00" and format_clock(0.2) == "00:01"
    assert format_clock(0) == "00:00" and format_clock(3725) == "1:02:05"


def test_truncate_counts_terminal_cells():
    text = "长株潭“一座城”理念推进一体化"
    cut = truncate(text, 11)
    assert cell_len(cut) <= 11 and cut.endswith("…")
    assert truncate("短", 11) == "短"
    assert truncate("a\nb  c", 10) == "a b c"


def test_fill_lines_never_exceed_the_width_and_keep_every_piece():
    segments = BANK["city-fill"].segments()
    for width in (20, 30, 40, 80):
        lines = layout_lines(segments, width)
        for line in lines:
            size = sum(max(MIN_BLANK, 4) if isinstance(p, Blank) else cell_len(p) for p in line)
            assert size <= width
        text = "".join(p if isinstance(p, str) else f"[{p.number}]" for line in lines for p in line)
        assert text == "让“一座城”不仅发展得[1],更发展得[2]。"
    assert len(layout_lines(segments, 80)) == 1
    assert len(layout_lines(segments, 20)) > 1


def test_fill_lines_break_latin_text_between_words():
    lines = layout_lines(["The one city idea joins three cities ", Blank(1, "x")], 20)
    texts = ["".join(p for p in line if isinstance(p, str)) for line in lines]
    assert texts[0].rstrip() == "The one city idea"
    assert all(not t.startswith(" ") for t in texts)


def test_score_bars_use_a_fixed_scale():
    top, bottom = bar_rows([100, 50, 0, 75], height=2, width=20)
    assert (top[0:2], bottom[0:2]) == ("██", "██")  # 100 %: full
    assert (top[3:5], bottom[3:5]) == ("  ", "██")  # 50 %: half
    assert (top[6:8], bottom[6:8]) == ("  ", "  ")  # 0 %: nothing
    assert (top[9:11], bottom[9:11]) == ("▄▄", "██")  # 75 %
    assert bar_rows([1], height=4, width=10)[-1] == "▁▁"  # small but visible
    assert bar_rows([100, 100], height=1, width=10) == ["██ ██"]  # equal scores still show
    assert len(bar_rows(list(range(100)), height=1, width=11)[0]) == 11  # only what fits
