"""`quizapp validate`: output, summary line, JSON and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from quizapp.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(*args: str, lang: str = "en"):
    return CliRunner().invoke(main, ["validate", "--lang", lang, *args])


def test_clean_file_exits_0_with_summary() -> None:
    result = run(str(FIXTURES / "valid"))
    assert result.exit_code == 0
    assert result.output.strip().splitlines() == [
        "1 file, 8 questions (single choice 1, multiple choice 1, true/false 2, fill-in 1, "
        "matching 1, ordering 1, card 1), 0 problems"
    ]
    zh = run(str(FIXTURES / "valid"), lang="zh")
    assert zh.output.strip() == (
        "1 个文件，8 道题（单选 1、多选 1、判断 2、填空 1、连线 1、排序 1、闪卡 1），0 个问题")


def test_builtin_content_is_checked_without_arguments() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    files = len(list((Path(__file__).resolve().parents[1] / "content").glob("*.yaml")))
    assert files == 8
    assert result.output.startswith(f"{files} files, ")
    assert result.output.rstrip().endswith(", 0 problems")


def test_broken_folder_reports_every_problem_located_and_exits_1() -> None:
    folder = FIXTURES / "broken"
    result = run(str(folder))
    assert result.exit_code == 1
    *problems, summary = result.output.strip().splitlines()
    expected = sum(f.read_text("utf-8").count("# expect-en ") for f in folder.glob("*.yaml"))
    warned = sum(f.read_text("utf-8").count("# warn-en ") for f in folder.glob("*.yaml"))
    assert len(problems) == expected + warned
    assert sum(": warning: " in line for line in problems) == warned
    for line in problems:
        path, row, col, message = line.split(":", 3)
        assert Path(path).parent == folder and int(row) >= 1 and int(col) >= 1 and message.strip()
    assert summary.endswith(f", {expected} problems, {warned} warnings")


def test_json_format() -> None:
    result = run("--format", "json", str(FIXTURES / "broken" / "answers.yaml"))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["files"] == 1
    assert [(p["line"], p["col"]) for p in data["problems"]] == [(7, 13), (12, 20), (16, 13),
                                                                 (21, 13)]
    assert data["problems"][1]["code"] == "problem.answer_not_option"
    assert data["problems"][1]["message"].startswith("the answer “民生互惠” is not one of")


def test_usage_errors_exit_2() -> None:
    assert run("/no/such/path").exit_code == 2
    assert run("--format", "xml").exit_code == 2


def test_binary_and_gbk_files_never_show_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "b.yaml").write_bytes("title: 长株潭\n".encode("gbk"))
    proc = subprocess.run([sys.executable, "-m", "quizapp", "validate", "--lang", "en",
                           str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "binary file" in proc.stdout and "GBK" in proc.stdout


# --- the interface language ---------------------------------------------------------------

def test_chinese_is_the_default_and_every_line_is_chinese() -> None:
    result = CliRunner().invoke(main, ["validate", str(FIXTURES / "broken" / "answers.yaml")])
    assert result.exit_code == 1
    *problems, summary = result.output.strip().splitlines()
    assert problems[0].endswith("答案 “抱拳” 不是选项之一（选项：“抱拳出击”、“系统集成”）；是不是想写 “抱拳出击”？")
    assert summary == "1 个文件，0 道题，4 个问题"


def test_lang_goes_before_or_after_the_command_name() -> None:
    path = str(FIXTURES / "valid")
    before = CliRunner().invoke(main, ["--lang", "en", "validate", path])
    after = CliRunner().invoke(main, ["validate", path, "--lang", "en"])
    assert before.exit_code == after.exit_code == 0
    assert before.output == after.output
    assert before.output.startswith("1 file, 8 questions")
    # the one after the command name wins
    both = CliRunner().invoke(main, ["--lang", "en", "validate", "--lang", "zh", path])
    assert both.output.startswith("1 个文件，8 道题")


def test_quizapp_lang_and_the_remembered_language_are_followed(monkeypatch) -> None:
    from quizapp.settings import Settings

    path = str(FIXTURES / "valid")
    Settings(lang="en").save()
    assert CliRunner().invoke(main, ["validate", path]).output.startswith("1 file,")
    monkeypatch.setenv("QUIZAPP_LANG", "zh")
    assert CliRunner().invoke(main, ["validate", path]).output.startswith("1 个文件")
    assert CliRunner().invoke(main, ["validate", "--lang", "en", path]).output.startswith("1 file,")
    monkeypatch.setenv("QUIZAPP_LANG", "de")  # not a language of the app: ignored
    assert CliRunner().invoke(main, ["validate", path]).output.startswith("1 file,")


def test_same_text_is_a_warning_with_a_hint_and_exit_0() -> None:
    result = run(str(FIXTURES / "broken" / "same-text.yaml"), lang="zh")
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert lines[0].split(": ", 1)[1].startswith("提醒：题目 `st-2` 和 ")
    assert "请在题面里写出两道题的区别" in lines[0]
    assert lines[-1] == "1 个文件，4 道题（判断 2、闪卡 2），0 个问题，2 个提醒"
