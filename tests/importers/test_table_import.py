"""`quizapp import` of Excel and CSV question banks (the 题库 template)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from import_helpers import FIXTURES, imported, run_import

from quizapp.importers.common import Imported, finish
from quizapp.importers.table import TEMPLATE_HEADER, TEMPLATE_ROWS, read_csv, write_template


def by_type(qset) -> dict:
    out: dict = {}
    for q in qset.questions:
        out.setdefault(q.type, []).append(q)
    return out


def test_gbk_csv_with_chinese_headers_gives_every_type(tmp_path) -> None:
    result, qset = imported(tmp_path, FIXTURES / "bank-gbk.csv", "--set-title", "第一单元")
    assert result.exit_code == 0, result.stderr
    assert qset.title == "第一单元"
    q = by_type(qset)
    choice = q["choice"][0]
    assert choice.id == "must-answer" and choice.answer == "必答题"
    assert choice.options == ("必答题", "软任务", "附加题")
    assert choice.explain == "一体化是必答题。" and choice.tags == ("总览",)
    multi = q["multi"][0]
    assert multi.answers == {"行政边界", "产业同质", "资源分散"} and multi.points == 2
    assert multi.tags == ("三个藩篱", "藩篱")
    assert [tf.answer for tf in q["truefalse"]] == [False, True]
    assert q["truefalse"][0].prompt == "长株潭一体化是一道选择题。"  # the trailing （　） is dropped
    fill = q["fill"][0]
    assert [(b.answer, b.accept) for b in fill.blanks] == [("一江水", ("湘江水",)), ("基因", ())]
    assert fill.masked_prompt() == "长株潭三市同饮____，有着共同的底色、共同的____。"
    assert q["match"][0].pairs == (("长沙", "工程机械"), ("株洲", "轨道交通"), ("湘潭", "新能源材料"))
    assert q["order"][0].items == ("产业棋", "制度棋", "民生棋")  # options in answer order BCA
    card = q["card"][0]
    assert (card.front, card.back) == ("“三个藩篱”指什么？", "行政边界、产业同质、资源分散。")
    assert "导入 8 道题" in result.stderr


def test_utf8_bom_csv_with_english_headers_and_guessed_types(tmp_path) -> None:
    result, qset = imported(tmp_path, FIXTURES / "bank-bom.csv")
    assert result.exit_code == 0, result.stderr
    assert qset.title == "bank-bom"
    types = [q.type for q in qset.questions]
    assert types == ["choice", "multi", "truefalse", "multi", "truefalse"]
    assert qset.questions[0].answer == "Xiang River"  # lower-case letter a
    assert qset.questions[3].answers == {"one", "two"}
    assert [q.id for q in qset.questions] == [f"out-{n:03d}" for n in range(1, 6)]


def test_every_broken_row_is_listed_with_its_row_and_the_rest_comes_in(tmp_path) -> None:
    result, qset = imported(tmp_path, FIXTURES / "broken.csv")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "broken.csv:第 " in line]
    rows = [int(line.split("第 ")[1].split(" 行")[0]) for line in lines]
    assert rows == list(range(2, 15))
    assert "答案里的 C 没有对应的选项" in lines[0]
    assert "单选题的答案只能是一个字母" in lines[1]
    assert "题干有 2 个空，答案却有 1 个" in lines[5]
    assert "repeated" in lines[11] or "重复" in lines[11]  # the validator's own reason
    assert [q.prompt for q in qset.questions] == ["fine question"]
    assert "13 道未导入" in result.stderr


def test_xlsx_skips_a_notes_sheet_and_a_title_row_and_locates_by_sheet(tmp_path) -> None:
    result, qset = imported(tmp_path, FIXTURES / "bank.xlsx")
    assert result.exit_code == 1
    assert "bank.xlsx:工作表“单选”第 8 行: 答案里的 D 没有对应的选项" in result.stderr
    assert [q.type for q in qset.questions] == ["choice", "multi", "truefalse", "fill"]
    assert qset.questions[2].answer is True  # a TRUE cell
    assert qset.questions[3].blanks[0].answer == "7"  # a number cell, without .0


def test_english_messages(tmp_path) -> None:
    result, _ = imported(tmp_path, FIXTURES / "broken.csv", "--lang", "en")
    assert "broken.csv: row 2: the answer names C, which has no option" in result.stderr
    assert "questions imported: 1" in result.stderr


def test_template_round_trip(tmp_path) -> None:
    template = tmp_path / "题库模板.xlsx"
    result = run_import("--template", str(template))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(template).worksheets[0]
    assert tuple(c.value for c in sheet[1]) == TEMPLATE_HEADER
    result, qset = imported(tmp_path, template)
    assert result.exit_code == 0, result.stderr
    assert sorted(q.type for q in qset.questions) == sorted(
        ["choice", "multi", "truefalse", "fill", "match", "order", "card"])
    assert len(qset.questions) == len(TEMPLATE_ROWS)
    assert [q.level for q in qset.questions][:2] == ["recall", "understand"]


def test_without_output_the_file_goes_to_stdout(tmp_path) -> None:
    result = run_import(str(FIXTURES / "bank-bom.csv"))
    assert result.exit_code == 0
    assert result.stdout.startswith("title: bank-bom\nquestions:\n")
    assert list(tmp_path.iterdir()) == []


def test_nothing_importable_writes_nothing(tmp_path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("题型,题干,答案\n单选,x,Z\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = run_import(str(src), "-o", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert "没有可以导入的题目" in result.stderr


@pytest.mark.parametrize("content", [b"", b"just,some,columns\n1,2,3\n", b"\xff\xfe\x00"])
def test_a_file_without_a_header_is_refused_cleanly(tmp_path, content) -> None:
    src = tmp_path / "x.csv"
    src.write_bytes(content)
    result = run_import(str(src), "-o", str(tmp_path / "o.yaml"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "x.csv" in result.stderr


def test_a_file_that_is_not_a_workbook(tmp_path) -> None:
    src = tmp_path / "x.xlsx"
    src.write_text("not a zip", encoding="utf-8")
    result = run_import(str(src))
    assert result.exit_code == 1 and "不是可读的 Excel 工作簿" in result.stderr


def test_the_output_may_not_be_the_input(tmp_path) -> None:
    src = tmp_path / "x.csv"
    src.write_text("题干,答案\nq,a\n", encoding="utf-8")
    result = run_import(str(src), "-o", str(src))
    assert result.exit_code == 1 and src.read_text(encoding="utf-8") == "题干,答案\nq,a\n"


def test_answer_forms_and_blank_marks(tmp_path) -> None:
    text = ("题型,题干,选项A,选项B,选项C,答案\n"
            "多选,q1,a,b,c,\"A, C\"\n"
            "多选,q2,a,b,c,ａｃ\n"  # full-width letters
            "判断,q3,,,,正确\n"
            "判断,q4,,,,X\n"
            "填空,x（ ）y(  )z＿＿w,,,,1|2|3\n")
    file = tmp_path / "a.csv"
    file.write_bytes(text.encode("gb18030"))
    drafts = read_csv(file, "a.csv").drafts
    data = [d.data for d in drafts]
    assert data[0]["answer"] == ["a", "c"] and data[1]["answer"] == ["a", "c"]
    assert data[2]["answer"] is True and data[3]["answer"] is False
    assert data[4]["prompt"] == "x{{c1::1}}y{{c2::2}}z{{c3::3}}w"


def test_ids_from_the_file_are_kept_and_repeats_renumbered() -> None:
    from quizapp.importers.common import Draft
    drafts = [Draft({"type": "card", "front": f"f{i}", "back": "b"}, f"r{i}", hint)
              for i, hint in enumerate(["a-1", "a-1", "第一题", ""])]
    result = finish(Imported(drafts=drafts), title="t", id_prefix="bank")
    ids = [line.split(": ", 1)[1] for line in result.text.splitlines() if line.startswith("- id:")]
    assert ids[0] != ids[1] and len(set(ids)) == 4
    assert ids[2].startswith("bank-") and ids[3].startswith("bank-")


def test_write_template_is_a_workbook() -> None:
    buf = io.BytesIO()
    write_template(buf)
    book = openpyxl.load_workbook(buf)
    assert [s.title for s in book.worksheets] == ["题库", "说明 notes"]


def test_tab_separated_text(tmp_path) -> None:
    src = tmp_path / "bank.tsv"
    src.write_text("题型\t题干\t答案\n判断\t长株潭是一座城。\t对\n", encoding="utf-8")
    result, qset = imported(tmp_path, src)
    assert result.exit_code == 0, result.stderr
    assert qset.questions[0].answer is True


def test_a_missing_file(tmp_path) -> None:
    result = run_import(str(tmp_path / "nothere.csv"))
    assert result.exit_code == 1 and "找不到文件" in result.stderr
