"""Coverage of a source text by questions: paragraphs, sentences, quotes and answers."""

from __future__ import annotations

from quizapp.core.coverage import MIN_PIECE, coverage, key, paragraphs, sentences
from quizapp.core.model import (
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    OrderQuestion,
    TrueFalseQuestion,
)

SOURCE = """# 标题：融城共进

> 湘潭日报评论员

长株潭三市同饮一江水,有着共同的底色。株潭摒弃“虹吸焦虑”,长沙强化“溢出思维”!
这一行接着上一段。

下好“产业棋”,从“单打独斗”转向“抱拳出击”。没有题目讲这一句?

---
"""


def test_paragraphs_drop_markdown_marks_and_join_lines():
    assert paragraphs(SOURCE) == [
        "标题：融城共进",
        "湘潭日报评论员",
        "长株潭三市同饮一江水,有着共同的底色。株潭摒弃“虹吸焦虑”,长沙强化“溢出思维”!这一行接着上一段。",
        "下好“产业棋”,从“单打独斗”转向“抱拳出击”。没有题目讲这一句?",
    ]
    assert paragraphs("one line\nand the next\r\n\r\nsecond") == ["one line and the next", "second"]
    assert paragraphs("\ufeff\n\n   \n---\n") == []


def test_sentences_end_after_their_punctuation_and_keep_closing_quotes():
    assert sentences("他说：“走吧。”我们走了！还走吗?走……") == ["他说：“走吧。”", "我们走了！",
                                                            "还走吗?", "走……"]
    assert sentences("One. Two? Three") == ["One.", "Two?", "Three"]


def test_key_ignores_width_quotes_punctuation_and_case():
    assert key("“抱拳出击”, ＡＢ c!") == key('"抱拳出击"，ab C') == "抱拳出击abc"


def _by_text(result):
    return {s.text: s for p in result.paragraphs for s in p.sentences}


def test_quotes_and_answers_mark_sentences():
    questions = [
        FillQuestion(id="fill", prompt="长株潭三市同饮{{c1::一江水}}，有着共同的底色。",
                     quote="长株潭三市同饮一江水,有着共同的底色。"),
        ChoiceQuestion(id="choice", prompt="株潭摒弃什么？", options=("虹吸焦虑", "溢出思维"),
                       answer="虹吸焦虑"),
        TrueFalseQuestion(id="false", prompt="长沙强化“溢出思维”", answer=False),
        MatchQuestion(id="match", prompt="配对", pairs=(("产业棋", "抱拳出击"), ("民生棋", "同城待遇"))),
        CardQuestion(id="card", prompt="谁", front="谁", back="湘潭日报评论员"),
    ]
    result = coverage(SOURCE, questions)
    by_text = _by_text(result)
    assert by_text["长株潭三市同饮一江水,有着共同的底色。"].quoted_by == ("fill",)
    moved = by_text["株潭摒弃“虹吸焦虑”,长沙强化“溢出思维”!"]
    assert moved.taught_by == ("choice",) and moved.quoted_by == ()  # a false statement teaches nothing
    assert moved.gaps == ("长沙强化“溢出思维”",)
    assert by_text["下好“产业棋”,从“单打独斗”转向“抱拳出击”。"].taught_by == ("match",)
    assert by_text["湘潭日报评论员"].taught_by == ("card",)
    assert [(n, s.text) for n, s in result.untaught] == [
        (1, "标题：融城共进"), (3, "这一行接着上一段。"), (4, "没有题目讲这一句?")]
    assert result.untaught_paragraphs == [1]
    assert result.taught_count == 4 and result.sentence_count == 7 and result.questions == 5


def test_short_answers_do_not_count_but_inexact_quotes_count_by_clause():
    assert MIN_PIECE == 4
    short = ChoiceQuestion(id="short", prompt="?", options=("长沙", "株洲"), answer="长沙")
    inexact = OrderQuestion(id="inexact", prompt="?", items=("甲", "乙"),
                            quote="下好“产业棋”，从“单打独斗”转向别的什么")
    nowhere = CardQuestion(id="nowhere", prompt="?", front="?", back="?", quote="完全不在原文里的话")
    result = coverage(SOURCE, [short, inexact, nowhere])
    by_text = _by_text(result)
    assert "short" not in by_text["株潭摒弃“虹吸焦虑”,长沙强化“溢出思维”!"].taught_by
    assert by_text["下好“产业棋”,从“单打独斗”转向“抱拳出击”。"].quoted_by == ("inexact",)
    assert result.unplaced == ("nowhere",)


def test_to_dict_lists_untaught_and_gaps():
    data = coverage(SOURCE, [ChoiceQuestion(id="c", prompt="?", options=("虹吸焦虑", "x"),
                                            answer="虹吸焦虑")]).to_dict()
    assert data["sentences"] == 7 and data["sentences_taught"] == 1
    assert data["paragraphs"] == 4 and data["paragraphs_taught"] == 1
    assert data["gaps"] == [{"paragraph": 3, "sentence": "株潭摒弃“虹吸焦虑”,长沙强化“溢出思维”!",
                             "clauses": ["长沙强化“溢出思维”"]}]
    assert data["by_paragraph"][2]["sentences"][1]["taught_by"] == ["c"]


def test_a_match_never_spans_two_paragraphs():
    text = "甲乙丙丁\n\n戊己庚辛"
    q = CardQuestion(id="q", prompt="?", front="?", back="丙丁戊己")
    assert coverage(text, [q]).taught_count == 0
