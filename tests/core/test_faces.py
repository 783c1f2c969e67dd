"""Questions as plain-text flashcards."""

from __future__ import annotations

import pytest
from core_samples import ALL, CARD, CHOICE, FILL, MATCH, MULTI, ORDER, TF

from quizapp.core.faces import front_back
from quizapp.core.model import OrderQuestion

ZH = ("对", "错")  # the front end's words for true and false


def test_card_question():
    assert front_back(CARD, true_false=ZH) == ("融城", "三市合一\n\n见原文")


def test_choice_lists_options_and_answers_with_explain_and_quote():
    shown = ("湘潭", "长株潭", "长沙", "株洲")  # the order a quiz shuffled them into
    front, back = front_back(CHOICE, true_false=ZH, options=shown)
    assert front == "“一座城”指的是？\n\nA. 湘潭\nB. 长株潭\nC. 长沙\nD. 株洲"
    assert back == "B. 长株潭\n\n三市融城。\n\n融城共进"


def test_the_written_order_never_shows_by_default():
    """Authors write the answer first; a card must not give it away by its place."""
    front, back = front_back(CHOICE, true_false=ZH)
    assert not front.splitlines()[2].endswith("长株潭")
    assert back.startswith(next(line[:2] for line in front.splitlines() if "长株潭" in line))
    from core_samples import FIXED

    assert front_back(FIXED, true_false=ZH)[0].endswith("A. A\nB. B\nC. C\nD. D")  # shuffle: false


def test_multi_back_lists_every_right_option():
    front, back = front_back(MULTI, true_false=ZH, options=MULTI.options)
    assert "E. 衡阳" in front
    assert back.splitlines() == ["A. 长沙", "B. 株洲", "C. 湘潭"]


def test_truefalse_labels():
    assert front_back(TF, true_false=ZH)[1] == "对"
    front, back = front_back(TF, true_false=("True", "False"))
    assert front.endswith("True / False") and back == "True"


def test_fill_masks_front_and_fills_back_without_hints_in_the_answer():
    front, back = front_back(FILL, true_false=ZH)
    assert "抱拳出击" not in front and "____(四字)" in front
    assert back == "抱拳出击，一盘棋，再说抱拳出击。"
    assert "四字" not in back


def test_match_and_order():
    front, back = front_back(MATCH, true_false=ZH)
    assert "星城" not in front and "长沙 → 星城" in back
    front, back = front_back(ORDER, true_false=ZH)
    listed = [line[2:] for line in front.splitlines() if line.startswith("- ")]
    assert sorted(listed) == sorted(ORDER.items) and tuple(listed) != ORDER.items
    assert back.startswith("1. 规划\n2. 建设")


def test_order_front_never_shows_the_answer_even_when_sorted():
    q = OrderQuestion(id="o", prompt="p", items=("a", "b", "c"))
    listed = [line[2:] for line in front_back(q, true_false=ZH)[0].splitlines() if line.startswith("- ")]
    assert listed == ["c", "b", "a"]


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.type)
def test_every_type_has_a_non_empty_card(question):
    front, back = front_back(question, true_false=ZH)
    assert front.strip() and back.strip()
