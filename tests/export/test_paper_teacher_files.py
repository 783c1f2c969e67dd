"""A teacher's paper: a stem with its own answer bracket, long matching tables, a rare
character and flashcards, checked on the rendered pages (pdftoppm) and in the text layer
(pdftotext)."""

from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner
from PIL import Image
from test_paper import pdf_text, poppler

from quizapp import i18n
from quizapp.cli import main


@pytest.fixture(autouse=True)
def language_restored():
    before = i18n.language()
    yield
    i18n.set_language(before)


def paper_file(path) -> None:
    lines = [
        "title: 印刷检查", "questions:",
        "  - {id: bracket, type: choice, prompt: 长株潭一体化不是选择题，而是（　）。,"
        " options: [必答题, 软任务, 附加题], answer: 必答题, points: 2}",
        "  - {id: bracket-tf, type: truefalse, prompt: 长株潭一体化是一道选择题。（ ）, answer: 错}",
        "  - {id: rare, type: choice, prompt: 古字“𠀀”和表情 🙂 怎么印？, options: [照常, 方框],"
        " answer: 方框}",
        "  - {id: term, type: card, front: 长株潭系数, back: 湘潭把“长株潭系数”作为全局和基本考量。}",
        "  - {id: asks, type: card, front: “三个藩篱”指什么？, back: 行政边界、产业同质、资源分散。}",
    ]
    for n in range(1, 7):
        lines += [f"  - id: match-{n}", "    type: match",
                  f"    prompt: 第{n}组：把每个说法和它在文章里的出处连起来。", "    pairs:"]
        lines += [f"      说法{n}{i}：长株潭三市同饮一江水，有着共同的底色、共同的基因和共同的未来:"
                  f" 出处{n}{i}：文章第{i + 1}段，讲一体化从“物理相加”走向“化学相融”"
                  for i in range(8)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("teacher-paper")
    source, out = folder / "paper.yaml", folder / "paper.pdf"
    paper_file(source)
    result = CliRunner().invoke(main, ["print", str(source), "-o", str(out), "--lang", "zh"])
    assert result.exit_code == 0, result.output + result.stderr
    return out, result


def test_a_stem_with_its_own_bracket_gets_no_second_one(printed) -> None:
    out, _ = printed
    lines = [re.sub(r"\s+", "", line) for line in pdf_text(out.read_bytes(), "-layout")[0]
             .splitlines()]  # the bracket's wide spaces too
    assert "1.（2分）长株潭一体化不是选择题，而是（）。" in lines
    assert "3.长株潭一体化是一道选择题。（）" in lines


def test_each_matching_question_is_on_one_page_with_its_stem(printed) -> None:
    out, _ = printed
    pages = pdf_text(out.read_bytes())
    for n in range(1, 7):
        on = [i for i, page in enumerate(pages) if f"第{n}组" in page]
        rows = [i for i, page in enumerate(pages) for k in range(8)
                if f"说法{n}{k}" in page and "答案" not in page[:20]]
        assert len(on) == 1 and set(rows) == set(on), (n, on, rows)


def test_characters_the_font_lacks_are_warned_about_naming_the_question(printed) -> None:
    _, result = printed
    warning = next(line for line in result.stderr.splitlines() if "`rare`" in line)
    assert "𠀀" in warning and "🙂" in warning and "□" in warning
    assert "`bracket`" not in result.stderr


def test_flashcards_print_as_terms_and_questions_with_their_backs_in_the_key(printed) -> None:
    out, _ = printed
    text = re.sub(r"\s+", "", "".join(pdf_text(out.read_bytes())))
    assert "四、名词解释" in text and "五、简答题" in text
    assert "答案：湘潭把“长株潭系数”作为全局和基本考量。" in text
    assert "答案：行政边界、产业同质、资源分散。" in text


def test_the_pages_render_with_print_on_them(printed, tmp_path) -> None:
    out, _ = printed
    subprocess.run([poppler("pdftoppm"), "-r", "40", "-png", str(out), str(tmp_path / "p")],
                   check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) >= 4
    for png in pngs:
        with Image.open(png) as image:
            gray = image.convert("L")
            dark = sum(gray.histogram()[:128])
            assert dark > 200, png  # a page with text and rules on it, not a blank one


def test_a_blanks_hint_is_bracketed_in_the_papers_language(tmp_path) -> None:
    source, out = tmp_path / "fill.yaml", tmp_path / "fill.pdf"
    source.write_text("title: 填空\nquestions:\n  - id: f\n    type: fill\n"
                      "    prompt: \"长沙强化“{{c1::溢出思维::四个字}}”。\"\n", encoding="utf-8")
    for lang, hint in (("zh", "（四个字）"), ("en", "(四个字)")):
        result = CliRunner().invoke(main, ["print", str(source), "-o", str(out), "--lang", lang])
        assert result.exit_code == 0, result.output
        text = re.sub(r"\s+", "", "".join(pdf_text(out.read_bytes(), "-layout")))
        assert hint in text
