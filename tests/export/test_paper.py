"""`quizapp print`: the PDF exam paper, checked by rendering every page (pdftoppm) and by
reading its text layer back (pypdf)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from quizapp import i18n
from quizapp.cli import main
from quizapp.core.linebreak import NO_START
from quizapp.core.loader import load_builtin
from quizapp.core.model import CLOZE_RE, ChoiceQuestion, MultiQuestion, OrderQuestion
from quizapp.export.paper import answer_text, plan, render, select


@pytest.fixture(autouse=True)
def chinese():
    before = i18n.language()
    i18n.set_language("zh")
    yield
    i18n.set_language(before)


@pytest.fixture(scope="module")
def builtin_paper(tmp_path_factory):
    """The whole built-in content on one paper (version A), written by the command."""
    out = tmp_path_factory.mktemp("paper") / "paper.pdf"
    i18n.set_language("zh")
    result = CliRunner().invoke(main, ["print", "--lang", "zh", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def poppler(tool: str) -> str:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} (poppler-utils) is missing on CI")
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return tool


def pdf_text(data: bytes, *options: str) -> list[str]:
    """The text layer of each page, as pdftotext reads it."""
    proc = subprocess.run([poppler("pdftotext"), *options, "-enc", "UTF-8", "-", "-"], input=data,
                          capture_output=True, check=True)
    return proc.stdout.decode("utf-8").split("\f")


def visible_pieces(question) -> list[str]:
    """Pieces of a question's printed text long enough to look for in the text layer."""
    prompt = getattr(question, "front", "") or question.prompt
    return [p for p in CLOZE_RE.split(prompt)[::4] if len(squeeze(p)) >= 2]


def test_every_question_and_its_answer_key_are_in_the_text_layer(builtin_paper) -> None:
    data = builtin_paper.read_bytes()
    # the page footers ("A 卷 第 3 页") sit between a page's last line and the next page's first
    text = re.sub(r"[A-Z]卷(答案)?第\d+页", "", squeeze("".join(pdf_text(data))))
    bank = load_builtin().bank
    for q in bank.questions:
        for piece in visible_pieces(q):
            assert squeeze(piece) in text, (q.id, piece)
        if q.explain:
            assert squeeze(q.explain) in text, q.id
        if q.quote:
            assert squeeze(q.quote) in text, q.id
    for word in ("学校：", "姓名：", "学号：", "得分：", "一、单项选择题", "答题卡", "参考答案与解析"):
        assert word in text


def test_the_chinese_font_is_embedded(builtin_paper) -> None:
    reader = PdfReader(builtin_paper)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]))
    assert len(fonts) == 1 and fonts.pop().endswith("NotoSansCJKSC")


def test_no_printed_line_starts_with_closing_punctuation(builtin_paper) -> None:
    # -raw: the lines as drawn (the layout mode splits "（　　）" at its wide spaces)
    for page in pdf_text(builtin_paper.read_bytes(), "-raw"):
        for line in page.splitlines():
            stripped = line.strip()
            assert not stripped or stripped[0] not in NO_START, line


def render_pages(pdf, tmp_path):
    subprocess.run([poppler("pdftoppm"), "-r", "40", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True)
    return sorted(tmp_path.glob("page-*.png"))


def test_every_page_renders_with_ink_on_it(builtin_paper, tmp_path) -> None:
    pages = render_pages(builtin_paper, tmp_path)
    assert len(pages) == len(PdfReader(builtin_paper).pages) >= 4
    for png in pages:
        image = Image.open(png).convert("L")
        dark = sum(image.histogram()[:128])
        assert dark > 200, png.name  # text on the page, not a blank sheet


def test_same_seed_same_bytes_and_versions_differ() -> None:
    bank = load_builtin().bank
    questions = select(bank.questions, 12, "s")
    assert select(bank.questions, 12, "s") == questions
    first = render(plan(questions, title="t", versions=("A", "B"), seed="s")).pdf
    again = render(plan(questions, title="t", versions=("A", "B"), seed="s")).pdf
    assert first == again
    paper = plan(questions, title="t", versions=("A", "B"), seed="s")
    a, b = paper.versions
    assert sorted(i.question.id for i in a.items) == sorted(i.question.id for i in b.items)
    assert ([i.question.id for i in a.items] != [i.question.id for i in b.items]
            or [i.shown for i in a.items] != [i.shown for i in b.items])
    other = plan(questions, title="t", versions=("A", "B"), seed="other")
    assert [i.shown for i in other.versions[0].items] != [i.shown for i in a.items]


def test_the_key_gives_each_versions_own_letters() -> None:
    bank = load_builtin().bank
    paper = plan(bank.questions, title="t", versions=("A", "B"), seed="k")
    for version in paper.versions:
        for item in version.items:
            q, key = item.question, answer_text(item)
            if isinstance(q, ChoiceQuestion):
                assert item.shown["ABCDEFGH".index(key)] == q.answer
            elif isinstance(q, MultiQuestion):
                assert {item.shown["ABCDEFGH".index(c)] for c in key} == q.answers
            elif isinstance(q, OrderQuestion):
                assert [item.shown["ABCDEFGH".index(c)] for c in key] == list(q.items)
                assert list(item.shown) != list(q.items)  # shown out of order


def test_groups_come_in_the_usual_order_and_are_numbered_through() -> None:
    bank = load_builtin().bank
    version = plan(bank.questions, title="t", seed="1").versions[0]
    kinds = [kind for kind, _ in version.groups]
    assert kinds == [k for k in ("choice", "multi", "truefalse", "fill", "match", "order", "card",
                                   "short")
                     if k in kinds]
    assert [i.number for i in version.items] == list(range(1, len(bank.questions) + 1))


def test_cli_level_prints_only_that_level(tmp_path) -> None:
    wanted = [q for q in load_builtin().bank.questions if q.level == "apply"]
    out = tmp_path / "apply.pdf"
    result = CliRunner().invoke(main, ["print", "--level", "apply", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert f"questions: {len(wanted)};" in result.output and 4 < len(wanted) < 20
    text = "".join(pdf_text(out.read_bytes()))
    assert "工程师从湘潭调到长沙工作" in re.sub(r"\s", "", text)  # whatevers-apply-match, an apply item


def test_cli_versions_key_apart_and_english(tmp_path) -> None:
    out, key = tmp_path / "exam.pdf", tmp_path / "key.pdf"
    result = CliRunner().invoke(main, ["print", "--lang", "en", "--set", "02-fences", "--count", "5",
                                       "--versions", "A,B", "-o", str(out), "--key", str(key)])
    assert result.exit_code == 0, result.output
    assert "questions: 5; versions: A,B (2)" in result.output
    paper, answers = "".join(pdf_text(out.read_bytes())), "".join(pdf_text(key.read_bytes()))
    assert "Version A" in paper and "Version B" in paper and "answer key" not in paper
    assert "answer key" in answers and "Answer:" in answers


@pytest.mark.parametrize("args", [["print"], ["print", "--set", "nope", "-o", "x.pdf"],
                                  ["print", "--versions", "A,A", "-o", "x.pdf"]])
def test_mistakes_are_refused_without_writing(tmp_path, args) -> None:
    result = CliRunner().invoke(main, [*args], catch_exceptions=False)
    assert result.exit_code != 0 and not (tmp_path / "x.pdf").exists()
    assert "Traceback" not in result.output


def test_untrusted_text_is_drawn_without_control_characters(tmp_path, capfd) -> None:
    src = tmp_path / "h.yaml"
    src.write_text('title: "标题\\e[2J"\nquestions:\n  - {id: h, type: choice, '
                   'prompt: "红\\e[31m色 \\U0001F600", options: ["\\u202e反", b], answer: b}\n',
                   encoding="utf-8")
    out = tmp_path / "h.pdf"
    result = CliRunner().invoke(main, ["print", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    captured = capfd.readouterr()
    assert "\x1b" not in captured.out + captured.err + result.output
    text = "".join(pdf_text(out.read_bytes()))
    assert "红□[31m色 □" in text and "□反" in text and "\x1b" not in text
