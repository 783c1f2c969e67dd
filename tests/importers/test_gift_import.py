"""`quizapp import` of GIFT files and `quizapp export gift` (with the round trip)."""

from __future__ import annotations

import pytest
from import_helpers import FIXTURES, imported, run_import

from quizapp.cli import main
from quizapp.core.loader import load_builtin, load_paths
from quizapp.export.gift import escape, export_gift
from quizapp.importers import gift

pytestmark = pytest.mark.lang("en")


def test_a_gift_bank_comes_in_with_ids_tags_feedback_and_escapes(tmp_path) -> None:
    result, qset = imported(tmp_path, FIXTURES / "bank.gift")
    assert result.exit_code == 0, result.stderr
    assert qset.title == "长株潭一体化"  # the one category
    multi, choice, tf, fill, match, escaped = qset.questions
    assert (multi.id, multi.type) == ("fences-list", "multi")  # [id:...] wins over the title
    assert multi.answers == {"行政边界", "产业同质", "资源分散"}
    assert multi.tags == ("三个藩篱",) and multi.explain == "三个藩篱是行政边界、产业同质、资源分散。"
    assert (choice.id, choice.answer, choice.explain) == ("must-answer", "必答题", "“必答题”: 对!")
    assert choice.prompt == "长株潭一体化不是选择题,而是____。"
    assert tf.type == "truefalse" and tf.answer is False
    assert fill.prompt == "长株潭三市同饮{{c1::一江水}}。" and fill.blanks[0].accept == ("湘江水",)
    assert match.pairs == (("长沙", "工程机械"), ("株洲", "轨道交通"), ("湘潭", "新能源材料"))
    assert escaped.prompt == "转义: 1 \\+ 1 = 2 {不是} #1 ~ok"


def test_broken_gift_lists_every_question_left_out_at_its_line(tmp_path) -> None:
    result, qset = imported(tmp_path, FIXTURES / "broken.gift")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "broken.gift:" in line]
    where = [line.split(": ", 1)[0].split("broken.gift:")[1] for line in lines]
    assert where == ["1:1", "3:1", "5:1", "7:1", "9:18", "11:14", "13:26", "15:1"]
    assert "numerical questions are not supported" in lines[0]
    assert "essay questions are not supported" in lines[1]
    assert "descriptions" in lines[2]
    assert "no closing ::" in lines[3]
    assert "no closing }" in lines[4]
    assert "a second answer block" in lines[5]
    assert "each choice starts with =" in lines[6]
    assert "no right answer" in lines[7]
    assert [q.prompt for q in qset.questions] == ["Good one"]


def test_partial_credit_answers_are_reported_not_silently_dropped(tmp_path) -> None:
    src = tmp_path / "p.gift"
    src.write_text("Pick {=right ~%50%half ~wrong}\n\nSay {=yes =%50%yeah}\n", encoding="utf-8")
    result, qset = imported(tmp_path, src)
    assert result.exit_code == 0
    assert "p.gift:1:1: note: partial-credit answers were not imported" in result.stderr
    assert "p.gift:3:1: note:" in result.stderr and "yeah" in result.stderr
    assert qset.questions[1].blanks[0].accepted == ("yes",)


def test_gbk_gift_is_read(tmp_path) -> None:
    src = tmp_path / "g.txt"
    src.write_bytes("长株潭是一座城。{T}\n".encode("gbk"))
    result, qset = imported(tmp_path, src)
    assert result.exit_code == 0 and qset.questions[0].prompt == "长株潭是一座城。"


def test_escape_then_parse_gives_the_text_back() -> None:
    for text in ["a ~ b = c # d { e } f : g \\ h", "两行\n文字", "->", "\\n literal"]:
        q, = gift.parse(f"{escape(text)}{{T}}")[0]
        assert q.stem == text


def test_export_then_import_gives_back_the_same_questions(tmp_path) -> None:
    bank = load_builtin().bank
    out = tmp_path / "one-city.gift"
    result = CliRunnerInvoke(["export", "gift", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    exported = export_gift(bank)
    assert out.read_text(encoding="utf-8") == exported.text
    left_out = {qid for qid, _ in exported.left_out}
    # every question without a GIFT form is named on stderr
    assert all(f"{qid}: " in result.stderr for qid in left_out)
    assert {bank[q].type for q in left_out} <= {"order", "card", "fill"}
    back_result, back = imported(tmp_path, out)
    assert back_result.exit_code == 0, back_result.stderr
    originals = [q for q in bank.questions if q.id not in left_out]
    assert len(originals) == exported.written == len(back.questions)
    for original, again in zip(originals, back.questions, strict=True):
        assert again.id == original.id
        assert again.content() == original.content()
        assert again.level == original.level
        # each set was a category: with several, the category is one more tag
        assert set(again.tags) == set(original.tags) | {bank.set_of(original).title}


def test_export_keeps_what_gift_has_no_place_for(tmp_path) -> None:
    src = tmp_path / "s.yaml"
    src.write_text(
        "title: s\nquestions:\n"
        "  - {id: a, type: choice, prompt: 'x: {y}', options: ['=1', '~2', '以上都不是'],"
        " answer: '~2', shuffle: false, points: 3, quote: 原文}\n"
        "  - {id: b, type: fill, prompt: '{{c1::答::两个字}}是', explain: \"两\\n行\"}\n"
        "  - {id: c, type: multi, prompt: p, options: [a, b, c], answer: [a, b]}\n",
        encoding="utf-8")
    bank = load_paths([src]).bank
    text = export_gift(bank).text
    assert "~%50%a ~%50%b ~%-50%c" in text
    gift_file = tmp_path / "s.gift"
    gift_file.write_text(text, encoding="utf-8")
    _, back = imported(tmp_path, gift_file)
    for original, again in zip(bank.questions, back.questions, strict=True):
        assert again.content() == original.content()


def test_export_of_bad_content_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nquestions: []\n", encoding="utf-8")
    result = CliRunnerInvoke(["export", "gift", str(bad), "-o", str(tmp_path / "x.gift")])
    assert result.exit_code == 1 and not (tmp_path / "x.gift").exists()


def CliRunnerInvoke(args):
    from click.testing import CliRunner

    return CliRunner().invoke(main, args)


def test_import_txt_sniffs_gift_or_aiken(tmp_path) -> None:
    src = tmp_path / "x.txt"
    src.write_text("no braces and no answer lines\n", encoding="utf-8")
    result = run_import(str(src))
    assert result.exit_code == 1 and "--format" in result.stderr
