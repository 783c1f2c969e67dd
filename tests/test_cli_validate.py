"""`quizapp validate`: output, summary line, JSON and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from quizapp.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(*args: str):
    return CliRunner().invoke(main, ["validate", *args])


def test_clean_file_exits_0_with_summary() -> None:
    result = run(str(FIXTURES / "valid"))
    assert result.exit_code == 0
    assert result.output.strip().splitlines() == [
        "1 file, 8 questions (choice 1, multi 1, truefalse 2, fill 1, match 1, order 1, card 1), "
        "0 problems"
    ]


def test_builtin_content_is_checked_without_arguments() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    files = len(list((Path(__file__).resolve().parents[1] / "content").glob("*.yaml")))
    assert files == 8
    assert result.output.startswith(f"{files} files, ") and result.output.rstrip().endswith(", 0 problems")


def test_broken_folder_reports_every_problem_located_and_exits_1() -> None:
    folder = FIXTURES / "broken"
    result = run(str(folder))
    assert result.exit_code == 1
    *problems, summary = result.output.strip().splitlines()
    expected = sum(f.read_text("utf-8").count("# expect ") for f in folder.glob("*.yaml"))
    assert len(problems) == expected
    for line in problems:
        path, row, col, message = line.split(":", 3)
        assert Path(path).parent == folder and int(row) >= 1 and int(col) >= 1 and message.strip()
    assert summary.endswith(f", {expected} problems")


def test_json_format() -> None:
    result = run("--format", "json", str(FIXTURES / "broken" / "answers.yaml"))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["files"] == 1
    assert [(p["line"], p["col"]) for p in data["problems"]] == [(11, 13), (16, 20), (20, 13),
                                                                 (25, 13)]


def test_usage_errors_exit_2() -> None:
    assert run("/no/such/path").exit_code == 2
    assert run("--format", "xml").exit_code == 2


def test_binary_and_gbk_files_never_show_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "b.yaml").write_bytes("title: 长株潭\n".encode("gbk"))
    proc = subprocess.run([sys.executable, "-m", "quizapp", "validate", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "binary file" in proc.stdout and "GBK" in proc.stdout
