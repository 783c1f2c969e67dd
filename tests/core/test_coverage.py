"""Coverage of a source text by questions: paragraphs, sentences, quotes and answers."""

from __future__ import annotations

from quizapp.core.coverage import MIN_PIECE, coverage, key, paragraphs, sentences
from quizapp.core.model import (
    Blank,
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
    river = by_text["长株潭三市同饮一江水,有着共同的底色。"]
    assert river.quoted_by == ("fill",) and river.taught_by == ("fill",)
    assert river.gaps == ("有着共同的底色",) and river.clauses == 2  # the blank's clause only
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


def test_an_answer_teaches_its_clause_in_the_quoted_sentence_only():
    text = ("# 以“一座城”理念谱写新篇章\n\n"
            "湘潭的每一步突破,都是对“一座城”理念的最有力诠释。融城之势,不可阻挡;湘潭之为,正当其时。\n")
    asked = ChoiceQuestion(id="asked", prompt="?", options=("“一座城”理念", "x"),
                           answer="“一座城”理念",
                           quote="湘潭的每一步突破,都是对“一座城”理念的最有力诠释。")
    quoted_only = CardQuestion(id="quoted", prompt="?", front="?", back="别的话",
                               quote="融城之势,不可阻挡;湘潭之为,正当其时。")
    statement = TrueFalseQuestion(id="said", prompt="文章说，融城之势是不可阻挡的。", answer=True,
                                  quote="融城之势,不可阻挡;湘潭之为,正当其时。")
    short = FillQuestion(id="short", prompt="湘潭之为，正当其{{c1::时}}。", blanks=(Blank(1, "时"),),
                         quote="融城之势,不可阻挡;湘潭之为,正当其时。")
    result = coverage(text, [asked, quoted_only, statement, short])
    by_text = _by_text(result)
    title = by_text["以“一座城”理念谱写新篇章"]
    assert title.taught_by == () and not title.taught  # the same words in the title: no credit
    first = by_text["湘潭的每一步突破,都是对“一座城”理念的最有力诠释。"]
    assert first.taught_by == ("asked",) and first.gaps == ("湘潭的每一步突破",)
    second = by_text["融城之势,不可阻挡;湘潭之为,正当其时。"]
    assert second.quoted_by == ("quoted", "said", "short")
    assert second.taught_by == ("said", "short")  # quoting alone teaches nothing
    assert second.gaps == ("湘潭之为",)  # 融城之势/不可阻挡 by the statement, 正当其时 by the blank
    assert result.untaught_clauses == [(1, "以“一座城”理念谱写新篇章"), (2, "湘潭的每一步突破"),
                                       (2, "湘潭之为")]
    assert (result.clause_count, result.clauses_taught) == (7, 4)
    assert [p.clauses_taught for p in result.paragraphs] == [0, 4]


def test_a_false_statement_teaches_nothing_and_short_pieces_need_a_quote():
    quoted = ChoiceQuestion(id="q", prompt="?", options=("长沙", "株洲"), answer="长沙",
                            quote="株潭摒弃“虹吸焦虑”,长沙强化“溢出思维”!")
    false = TrueFalseQuestion(id="f", prompt="株潭摒弃“虹吸焦虑”", answer=False,
                              quote="株潭摒弃“虹吸焦虑”,长沙强化“溢出思维”!")
    moved = _by_text(coverage(SOURCE, [quoted, false]))["株潭摒弃“虹吸焦虑”,长沙强化“溢出思维”!"]
    assert moved.taught_by == ("q",) and moved.gaps == ("株潭摒弃“虹吸焦虑”",)


def test_to_dict_lists_untaught_and_gaps():
    data = coverage(SOURCE, [ChoiceQuestion(id="c", prompt="?", options=("虹吸焦虑", "x"),
                                            answer="虹吸焦虑")]).to_dict()
    assert data["sentences"] == 7 and data["sentences_taught"] == 1
    assert data["paragraphs"] == 4 and data["paragraphs_taught"] == 1
    assert data["gaps"] == [{"paragraph": 3, "sentence": "株潭摒弃“虹吸焦虑”,长沙强化“溢出思维”!",
                             "clauses": ["长沙强化“溢出思维”"]}]
    assert data["by_paragraph"][2]["sentences"][1]["taught_by"] == ["c"]
    assert data["clauses"] == 11 and data["clauses_taught"] == 1
    assert {"paragraph": 3, "text": "长沙强化“溢出思维”"} in data["untaught_clauses"]
    assert data["by_paragraph"][2]["clauses_taught"] == 1


def test_a_match_never_spans_two_paragraphs():
    text = "甲乙丙丁\n\n戊己庚辛"
    q = CardQuestion(id="q", prompt="?", front="?", back="丙丁戊己")
    assert coverage(text, [q]).taught_count == 0
