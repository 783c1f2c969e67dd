"""`quizapp coverage`: the built-in article by default, a teacher's text and questions,
text and JSON output in both languages, and clear errors for files it cannot use."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from quizapp.cli import main

LESSON = "# 课文标题\n\n长株潭三市同饮一江水,有着共同的底色。没有题目讲到这一句。\n\n第二段：也没有题目\x1b[2J。\n"
QUESTIONS = """title: 课文
questions:
  - id: river
    type: fill
    prompt: "长株潭三市同饮{{c1::一江水}}，有着共同的底色。"
    quote: "长株潭三市同饮一江水,有着共同的底色。"
  - id: elsewhere
    type: truefalse
    prompt: 课文标题
    answer: 对
    quote: 这句话不在课文里
"""


def run(*args: str):
    return CliRunner().invoke(main, ["coverage", *args])


def lesson(tmp_path: Path, encoding: str = "utf-8") -> tuple[str, str]:
    (tmp_path / "lesson.txt").write_bytes(LESSON.encode(encoding))
    (tmp_path / "q.yaml").write_text(QUESTIONS, encoding="utf-8")
    return str(tmp_path / "lesson.txt"), str(tmp_path / "q.yaml")


def test_builtin_article_and_questions_every_clause_with_a_fact_taught():
    from test_content import SIGNPOSTS

    result = run("--lang", "zh")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("来源：内置文章《融城共进 赋能未来》（13 段，35 句）")
    assert "有题目的答案讲到的句子：33/35（94%）" in result.output
    assert "没有任何题目的答案讲到的段落：第 1、2 段" in result.output  # the title and the byline
    assert "句子有题目讲到，但下面这些分句没有哪道题的答案讲到：" in result.output
    assert "  第 7 段：下好“产业棋”" in result.output
    data = json.loads(run("--format", "json").output)
    assert data["source"] is None and data["paragraphs"] == 13
    assert data["clauses_taught"] == data["clauses"] - len(SIGNPOSTS)
    assert {c["text"] for c in data["untaught_clauses"]} == SIGNPOSTS
    assert [u["paragraph"] for u in data["untaught"]] == [1, 2]
    english = run("--lang", "en").output
    assert "Clauses some answer teaches: " in english
    assert "Clauses of taught sentences that no answer teaches:" in english


def test_teachers_text_in_english_lists_what_is_untaught(tmp_path):
    source, questions = lesson(tmp_path)
    result = run(source, questions, "--lang", "en")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith(f"Source: {source} (3 paragraphs, 4 sentences); 2 questions")
    assert "Sentences some answer teaches: 2/4 (50%)" in out
    assert "Clauses some answer teaches: 2/6 (33%)" in out
    assert "Paragraphs no answer teaches: 3" in out
    assert "  ¶2: 有着共同的底色" in out
    assert "  ¶2: 没有题目讲到这一句。" in out
    assert "  ¶3: 第二段：也没有题目␛[2J。" in out and "\x1b" not in out
    assert "Questions whose quote is not in the source (1): elsewhere" in out


def test_json_for_a_gbk_text(tmp_path):
    source, questions = lesson(tmp_path, "gbk")
    data = json.loads(run(source, questions, "--format", "json").output)
    assert data["source"] == source and data["sentences"] == 4 and data["sentences_taught"] == 2
    first = data["by_paragraph"][1]["sentences"][0]
    assert first["quoted_by"] == ["river"] == first["taught_by"]
    assert first["gaps"] == ["有着共同的底色"] and first["covered"] == round(3 / 17, 3)  # 一江水
    assert data["by_paragraph"][0]["sentences"][0]["taught_by"] == ["elsewhere"]


def test_files_it_cannot_use_are_clear_errors(tmp_path):
    source, questions = lesson(tmp_path)
    (tmp_path / "binary.txt").write_bytes(b"\x81\x30\xff\xfe\x00")
    result = run(str(tmp_path / "binary.txt"), questions, "--lang", "en")
    assert result.exit_code == 1 and "not a UTF-8 or GBK text file" in result.output
    (tmp_path / "empty.md").write_text("\n---\n\n", encoding="utf-8")
    result = run(str(tmp_path / "empty.md"), questions, "--lang", "en")
    assert result.exit_code == 1 and "no text to read" in result.output
    (tmp_path / "bad.yaml").write_text("title: x\nquestions: []\n", encoding="utf-8")
    result = run(source, str(tmp_path / "bad.yaml"), "--lang", "en")
    assert result.exit_code == 1 and "bad.yaml:2:" in result.output
    assert run(str(tmp_path / "missing.md")).exit_code == 2
    assert "Traceback" not in result.output
