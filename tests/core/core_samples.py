"""Small question banks built straight from the model, shared by the core tests."""

from __future__ import annotations

from quizapp.core.model import (
    Bank,
    Blank,
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    QuestionSet,
    TrueFalseQuestion,
)

CHOICE = ChoiceQuestion(
    id="city-choice", prompt="“一座城”指的是？", options=("长株潭", "长沙", "株洲", "湘潭"),
    answer="长株潭", explain="三市融城。", quote="融城共进", tags=("city", "policy"), set_key="city",
)
FIXED = ChoiceQuestion(
    id="city-fixed", prompt="Pick one", options=("A", "B", "C", "D"), answer="C",
    shuffle=False, tags=("city",), set_key="city",
)
MULTI = MultiQuestion(
    id="city-multi", prompt="哪些城市？", options=("长沙", "株洲", "湘潭", "岳阳", "衡阳"),
    answers=frozenset({"长沙", "株洲", "湘潭"}), points=3, tags=("city",), set_key="city",
)
TF = TrueFalseQuestion(id="city-tf", prompt="长株潭是一座城。", answer=True, tags=("city",), set_key="city",
                       level="apply")
FILL = FillQuestion(
    id="chess-fill",
    prompt="{{c1::抱拳出击::四字}}，{{c2::一盘棋}}，再说{{c1::抱拳出击::四字}}。",
    blanks=(Blank(1, "抱拳出击", "四字"), Blank(2, "一盘棋", "", ("一局棋",))),
    points=2, tags=("chess",), set_key="chess",
)
MATCH = MatchQuestion(
    id="chess-match", prompt="配对", pairs=(("长沙", "星城"), ("株洲", "动力谷"), ("湘潭", "莲城")),
    tags=("chess",), set_key="chess", level="understand",
)
ORDER = OrderQuestion(
    id="chess-order", prompt="排序", items=("规划", "建设", "运营", "评估"), points=4,
    tags=("chess",), set_key="chess",
)
CARD = CardQuestion(
    id="chess-card", prompt="融城", front="融城", back="三市合一", explain="见原文", tags=("chess",), set_key="chess",
)

CITY = QuestionSet(key="city", title="一座城", path="content/city.yaml",
                   questions=(CHOICE, FIXED, MULTI, TF), tags=("city",))
CHESS = QuestionSet(key="chess", title="一盘棋", path="content/chess.yaml",
                    questions=(FILL, MATCH, ORDER, CARD), tags=("chess",))
ALL = (CHOICE, FIXED, MULTI, TF, FILL, MATCH, ORDER, CARD)


def bank() -> Bank:
    return Bank.of([CITY, CHESS])


