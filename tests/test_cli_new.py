"""``quizapp new``: a starter file with one example of each type, which validates clean."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.core.loader import load_paths
from quizapp.core.model import QUESTION_TYPES


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_starter_file_has_every_type_and_validates_clean(tmp_path, monkeypatch, lang) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "--lang", lang])
    assert result.exit_code == 0, result.output
    path = tmp_path / "questions.yaml"
    loaded = load_paths([path])
    assert loaded.problems == [] and loaded.warnings == []
    assert sorted(q.type for q in loaded.sets[0].questions) == sorted(QUESTION_TYPES)
    text = path.read_text("utf-8")
    assert ("每道题都有 id" in text) == (lang == "zh")
    assert ("{{c1::" in text) and "{c1::answer}}" not in text.replace("{{c1::", "")
    checked = CliRunner().invoke(main, ["validate", "--lang", lang, str(path)])
    assert checked.exit_code == 0


def test_an_existing_file_is_never_replaced(tmp_path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("my own questions", "utf-8")
    result = CliRunner().invoke(main, ["new", str(path)])
    assert result.exit_code == 1
    assert result.output == f"{path} 已经存在，没有改动它：换一个文件名\n"
    assert path.read_text("utf-8") == "my own questions"


def test_a_name_that_is_not_a_question_file_is_refused(tmp_path) -> None:
    result = CliRunner().invoke(main, ["new", "--lang", "en", str(tmp_path / "notes.txt")])
    assert result.exit_code == 2 and "ends in .yaml or .yml" in result.output
    assert not (tmp_path / "notes.txt").exists()


def _ascii_marks_beside_chinese(text: str) -> list[str]:
    import re

    from quizapp.core.model import CLOZE_RE

    text = CLOZE_RE.sub(lambda m: m.group(2), text)  # a blank's `{{c1::` is markup
    return re.findall(r"[\u4e00-\u9fff“”][,?;:!()]|[,?;:!()][\u4e00-\u9fff“”]", text)


def test_the_starter_and_the_excel_template_write_chinese_with_full_width_punctuation() -> None:
    from quizapp.cli.new import starter_text
    from quizapp.core.loader import load_bytes
    from quizapp.importers.table import TEMPLATE_ROWS

    result = load_bytes(starter_text().encode("utf-8"))
    assert result.ok
    for q in result.bank.questions:
        for text in (q.prompt, q.explain, *getattr(q, "options", ())):
            assert not _ascii_marks_beside_chinese(text), text
    for row in TEMPLATE_ROWS:
        for cell in row:
            assert not _ascii_marks_beside_chinese(str(cell)), cell
