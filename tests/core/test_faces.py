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
    front, back = front_back(CHOICE, true_false=ZH)
    assert front == "“一座城”指的是？\n\nA. 长株潭\nB. 长沙\nC. 株洲\nD. 湘潭"
    assert back == "长株潭\n\n三市融城。\n\n融城共进"


def test_multi_back_lists_every_right_option():
    front, back = front_back(MULTI, true_false=ZH)
    assert "E. 衡阳" in front
    assert back.splitlines() == ["长沙", "株洲", "湘潭"]


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
