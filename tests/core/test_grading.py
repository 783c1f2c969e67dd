"""Grading rules for every question type."""

from __future__ import annotations

import json

import pytest
from core_samples import ALL, CARD, CHOICE, FILL, MATCH, MULTI, ORDER, TF

from quizapp.core.grading import (
    Grade,
    correct_response,
    decode_response,
    encode_response,
    grade,
)
from quizapp.core.model import Blank, FillQuestion, OrderQuestion


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.type)
def test_correct_response_earns_full_marks(question):
    g = grade(question, correct_response(question))
    assert g == Grade(float(question.points), question.points, True)


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.type)
@pytest.mark.parametrize("blank", [None, "", (), frozenset(), {}])
def test_no_answer_scores_zero(question, blank):
    g = grade(question, blank)
    assert g.score == 0 and not g.correct and g.max_score == question.points


def test_choice_right_or_wrong():
    assert grade(CHOICE, "长株潭").correct
    assert grade(CHOICE, "长沙") == Grade(0.0, 1, False)


def test_truefalse_right_or_wrong():
    assert grade(TF, True).correct
    assert grade(TF, False) == Grade(0.0, 1, False)
    with pytest.raises(TypeError):
        grade(TF, "true")


@pytest.mark.parametrize(
    ("picks", "share"),
    [
        ({"长沙", "株洲", "湘潭"}, 1.0),
        ({"长沙", "株洲"}, 2 / 3),
        ({"长沙"}, 1 / 3),
        ({"长沙", "株洲", "岳阳"}, 1 / 3),  # (2 right - 1 wrong) / 3
        ({"长沙", "株洲", "湘潭", "岳阳"}, 2 / 3),  # all right plus one wrong: not full marks
        ({"长沙", "岳阳"}, 0.0),
        ({"岳阳", "衡阳"}, 0.0),  # negative clamps to 0
        ({"长沙", "株洲", "湘潭", "岳阳", "衡阳"}, 1 / 3),
    ],
)
def test_multi_partial_credit(picks, share):
    g = grade(MULTI, frozenset(picks))
    assert g.score == pytest.approx(share * MULTI.points)
    assert g.correct is (share == 1.0)


def test_multi_full_marks_only_for_exact_set():
    assert grade(MULTI, {"长沙", "株洲", "湘潭"}).correct
    assert not grade(MULTI, {"长沙", "株洲", "湘潭", "衡阳"}).correct


def test_multi_rejects_a_single_string():
    with pytest.raises(TypeError):
        grade(MULTI, "长沙")


def test_match_share_of_pairs():
    half = {"长沙": "星城", "株洲": "莲城", "湘潭": "动力谷"}
    assert grade(MATCH, half).score == pytest.approx(1 / 3)
    assert grade(MATCH, {"长沙": "星城", "株洲": "动力谷"}).score == pytest.approx(2 / 3)
    assert grade(MATCH, dict(MATCH.pairs)).correct


def test_order_share_of_items_in_place():
    # 规划 and 评估 in place, the middle two swapped
    assert grade(ORDER, ("规划", "运营", "建设", "评估")) == Grade(2.0, 4, False)
    assert grade(ORDER, ("评估", "运营", "建设", "规划")).score == 0
    assert grade(ORDER, ("规划", "建设")).score == 2.0  # a short answer: the rest are wrong
    assert grade(ORDER, list(ORDER.items)).correct


def test_order_with_a_shifted_answer_counts_positions_not_neighbours():
    q = OrderQuestion(id="o", prompt="p", items=("a", "b", "c", "d", "e"))
    assert grade(q, ("e", "a", "b", "c", "d")).score == 0


def test_fill_share_of_blanks_and_points():
    assert grade(FILL, ("抱拳出击", "一盘棋")) == Grade(2.0, 2, True)
    assert grade(FILL, ("抱拳出击", "一锅粥")) == Grade(1.0, 2, False)
    assert grade(FILL, ("", "一盘棋")).score == 1.0


@pytest.mark.parametrize("typed", ["“抱拳出击”", '"抱拳出击"', "「抱拳出击」", " 抱拳 出击。", "抱拳，出击"])
def test_fill_ignores_quotes_and_punctuation(typed):
    assert grade(FILL, (typed, "一盘棋")).correct


def test_fill_accept_alternatives():
    assert grade(FILL, ("抱拳出击", "一局棋")).correct
    assert grade(FILL, ("抱拳出击", "「一局棋」")).correct


def test_fill_hint_is_never_the_answer():
    assert grade(FILL, ("四字", "一盘棋")).score == 1.0
    assert grade(FILL, ("抱拳出击::四字", "一盘棋")).score == 1.0
    assert grade(FILL, ("抱拳出击(四字)", "一盘棋")).score == 1.0


def test_fill_full_width_and_case_fold():
    q = FillQuestion(id="f", prompt="{{c1::GDP 2025}}", blanks=(Blank(1, "GDP 2025"),))
    assert grade(q, ("ｇｄｐ　２０２５",)).correct
    assert grade(q, ("gdp   2025",)).correct
    assert grade(q, "gdp 2025").correct  # one blank: a bare string is accepted
    assert not grade(q, ("gdp2026",)).correct


def test_fill_punctuation_only_answer_does_not_match_everything():
    q = FillQuestion(id="f", prompt="{{c1::。}}", blanks=(Blank(1, "。"),))
    assert grade(q, ("。",)).correct
    assert not grade(q, ("！",)).correct
    assert not grade(FILL, ("。", "，")).correct
    assert grade(FILL, ("。", "，")).score == 0


def test_points_scale_every_score():
    assert grade(ORDER, ORDER.items).score == 4.0
    assert grade(MULTI, {"长沙"}).score == pytest.approx(1.0)


def test_card_is_self_graded():
    assert grade(CARD, True).correct
    assert not grade(CARD, False).correct
    with pytest.raises(TypeError):
        grade(CARD, "yes")


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.type)
def test_encode_decode_round_trip_through_json(question):
    response = correct_response(question)
    data = json.loads(json.dumps(encode_response(question, response), ensure_ascii=False))
    back = decode_response(question, data)
    assert back == response
    assert grade(question, back) == grade(question, response)


def test_encode_multi_in_option_order():
    assert encode_response(MULTI, frozenset({"湘潭", "长沙"})) == ["长沙", "湘潭"]


def test_encode_none_and_self_grade():
    assert encode_response(CHOICE, None) is None
    assert decode_response(CHOICE, None) is None
    assert decode_response(MULTI, encode_response(MULTI, True)) is True


# -- marks per part and near misses --------------------------------------------------------


def test_parts_mark_each_match_pair():
    from core_samples import MATCH

    from quizapp.core.grading import Part, parts

    marks = parts(MATCH, {"长沙": "星城", "株洲": "莲城"})
    assert marks == (
        Part("长沙", "星城", "星城", True),
        Part("株洲", "莲城", "动力谷", False),
        Part("湘潭", None, "莲城", False),
    )


def test_parts_mark_each_chosen_and_each_missed_option():
    from core_samples import MULTI

    from quizapp.core.grading import parts

    marks = {p.label: (p.given is not None, p.ok) for p in parts(MULTI, frozenset({"长沙", "岳阳"}))}
    # picked right, picked wrong, and the right ones not picked; an unpicked wrong one is not listed
    assert marks == {"长沙": (True, True), "岳阳": (True, False), "株洲": (False, False),
                     "湘潭": (False, False)}


def test_parts_mark_each_position_and_each_blank():
    from core_samples import FILL, ORDER

    from quizapp.core.grading import parts

    order = parts(ORDER, ("规划", "运营", "建设", "评估"))
    assert [(p.label, p.ok) for p in order] == [("1", True), ("2", False), ("3", False), ("4", True)]
    assert order[1].given == "运营" and order[1].expected == "建设"
    fill = parts(FILL, ("抱拳出鸡", ""))
    assert [(p.label, p.given, p.expected, p.ok) for p in fill] == [
        ("1", "抱拳出鸡", "抱拳出击", False), ("2", None, "一盘棋", False)]
    # the accepted answer nearest to what was typed is the one compared
    assert parts(FILL, ("抱拳出击", "一局旗"))[1].expected == "一局棋"


def test_char_diff_shows_a_near_miss_character_by_character():
    from quizapp.core.grading import char_diff

    assert char_diff("湘潭智造", "湘潭制造") == (
        ("same", "湘潭"), ("wrong", "智"), ("missing", "制"), ("same", "造"))
    assert char_diff("长株", "长株潭") == (("same", "长株"), ("missing", "潭"))
    assert char_diff(" 一座城 ", "一座城") == (("same", "一座城"),)


def test_missing_parts_counts_empty_blanks_and_rows():
    from core_samples import CHOICE, FILL, MATCH

    from quizapp.core.grading import missing_parts

    assert missing_parts(FILL, ("抱拳出击", "")) == 1
    assert missing_parts(FILL, ("抱拳出击",)) == 1
    assert missing_parts(FILL, ("", " ")) == 2
    assert missing_parts(MATCH, {"长沙": "星城"}) == 2
    assert missing_parts(MATCH, dict(MATCH.pairs)) == 0
    assert missing_parts(CHOICE, "长沙") == 0
