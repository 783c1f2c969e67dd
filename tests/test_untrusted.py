"""The untrusted-text helpers: control characters shown, formulas defused."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from quizapp.untrusted import csv_cell, find_controls, visible

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # sets the clipboard in many terminals
CLEAR = "\x1b[2J"


def test_escape_sequences_become_visible_symbols():
    assert visible(f"张三{OSC52}") == "张三␛]52;c;ZWNobyBwd25lZA==␇"
    assert visible(CLEAR) == "␛[2J"
    assert visible("a\x00b\x7fc") == "a␀b␡c"


def test_c1_controls_and_bidi_overrides_are_written_out():
    assert visible("a\x9b2Jb") == "a\\x9b2Jb"  # the one-byte CSI
    assert visible("\u202eevil\u202c") == "\\u202eevil\\u202c"
    assert visible("x\u2066y\u2069") == "x\\u2066y\\u2069"


def test_line_breaks_kept_or_shown():
    assert visible("a\nb\tc") == "a\nb\tc"
    assert visible("a\r\nb") == "a\nb"  # a Windows line end is a line end
    assert visible("a\rb") == "a␍b"  # a bare CR would return to the line start
    assert visible("a\nb\tc", multiline=False) == "a␊b␉c"
    assert visible("a\r\nb", multiline=False) == "a␍␊b"


def test_ordinary_text_is_returned_unchanged():
    text = "长株潭 “一座城” [/] a[i]b = + - @ é \u00a0\u3000!"
    assert visible(text) is text
    assert visible(12) == "12"


@given(st.text())
def test_visible_output_has_no_control_characters(text):
    shown = visible(text, multiline=False)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert not set(shown) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert find_controls(shown) is None


def test_find_controls_names_the_first_one():
    assert find_controls("fine\n\ttext\r\n") is None
    assert find_controls(f"a{CLEAR}") == "␛"
    assert find_controls("a\u202eb") == "\\u202e"
    assert find_controls("a\rb") == "␍"


def test_formula_cells_get_an_apostrophe():
    for cell in ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tx",
                 "＝1+1"]:
        assert csv_cell(cell) == "'" + visible(cell)
    assert csv_cell("\rx") == "␍x"  # shown, so no longer a line break a sheet could read
    assert csv_cell("张三") == "张三"
    assert csv_cell("a=b") == "a=b"
    assert csv_cell("") == ""


def test_numbers_and_dates_stay_values():
    assert csv_cell(-3) == -3
    assert csv_cell(0.5) == 0.5
    assert csv_cell(None) is None


def test_csv_cells_have_no_control_characters():
    out = io.StringIO()
    csv.writer(out).writerow([csv_cell(f"=1{OSC52}"), csv_cell("ok")])
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert out.getvalue().startswith("'=1␛]52")


def test_same_length_for_a_text_input():
    text = "a\x1b[2J\x9b\u202eb\n"
    shown = visible(text, same_length=True)
    assert shown == "a␛[2J\ufffd\ufffdb␊" and len(shown) == len(text)
