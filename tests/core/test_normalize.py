"""Answer normalisation for fill blanks."""

from __future__ import annotations

import pytest

from quizapp.core.normalize import answers_match, normalize


@pytest.mark.parametrize("typed", ["“抱拳出击”", '"抱拳出击"', "「抱拳出击」", "『抱拳出击』", "抱拳出击",
                                   "'抱拳出击'", "`抱拳出击`", "《抱拳出击》", "  抱拳出击。 "])
def test_quotes_and_punctuation_are_ignored(typed):
    assert normalize(typed) == "抱拳出击"


def test_punctuation_inside_is_dropped():
    assert normalize("长株潭，一座城。") == "长株潭一座城"
    assert normalize("长、株、潭") == "长株潭"
    assert normalize("a,b") == "ab"
    assert normalize("Hello, World!") == "hello world"


def test_nfkc_folds_full_width():
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert normalize("ｇｄｐ　２０２５") == "gdp 2025"
    assert normalize("，") == normalize(",")


def test_case_fold():
    assert normalize("Straße") == normalize("STRASSE") == "strasse"


def test_whitespace_trimmed_and_collapsed():
    assert normalize("  one \t two\n three ") == "one two three"


def test_whitespace_next_to_cjk_is_dropped():
    assert normalize("抱拳 出击") == "抱拳出击"
    assert normalize("一座 城 2025") == "一座城2025"
    assert normalize("GDP 2025") == "gdp 2025"


def test_letters_digits_and_cjk_are_kept():
    assert normalize("长株潭3城") == "长株潭3城"
    assert normalize("x²") == "x2"  # NFKC


def test_punctuation_only_answer_keeps_its_punctuation():
    assert normalize("。") == "。"
    assert normalize(" ?! ") == "?!"
    assert normalize("，") == ","
    assert not answers_match("。", "抱拳出击")
    assert not answers_match("！", "。")
    assert answers_match("。", "。")


def test_empty_answer_never_matches():
    assert normalize("") == ""
    assert normalize("   ") == ""
    assert not answers_match("", "")
    assert not answers_match("  ", "抱拳出击")


@pytest.mark.parametrize("text", ["“抱拳出击”", "。", "Ｈｅｌｌｏ，　Ｗｏｒｌｄ", "e.\u0301", "ﬁ Ⅻ", ""])
def test_idempotent_examples(text):
    assert normalize(normalize(text)) == normalize(text)
