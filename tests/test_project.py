"""Project-level promises: the README's commands, the teacher's guide, a light `--help`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import COMMANDS, main
from quizapp.core.loader import load_bytes

REPO = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    assert len(blocks) == 2, "the Quick start has exactly two commands"
    run_app, run_tests = blocks
    assert "quizapp" in run_app and "pytest" in run_tests
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert run_tests in ci.splitlines()
    for line in (run_app, run_tests):
        assert "-c constraints.txt" in line, "installs the versions tested"


def test_ci_fails_when_ruff_or_mypy_fail_before_the_tests() -> None:
    lines = (REPO / ".ci" / "run").read_text("utf-8").splitlines()
    pytest_at = next(i for i, line in enumerate(lines) if line.endswith("-m pytest"))
    for tool in ("ruff check", "mypy"):
        at = next(i for i, line in enumerate(lines) if f"-m {tool} ||" in line)
        assert at < pytest_at and "exit 1" in lines[at], tool


def test_constraints_pin_what_pyproject_pins() -> None:
    """constraints.txt holds one exact version of each package, the same as pyproject's pins."""
    pins = dict(line.split("==") for line in (REPO / "constraints.txt").read_text("utf-8")
                .splitlines() if line and not line.startswith("#"))
    project = (REPO / "pyproject.toml").read_text("utf-8")
    for name in ("textual", "genanki", "fsrs", "sqlmodel", "anki", "pytest", "mypy", "ruff"):
        assert name in pins, name
    for name, version in re.findall(r'"([a-z-]+)==([0-9.]+)"', project):
        assert pins[name] == version, name


def test_teachers_guide_example_is_a_valid_file_with_every_type() -> None:
    guide = (REPO / "docs" / "question-format.md").read_text("utf-8")
    example = re.search(r"```yaml\n(.*?)```", guide, re.S).group(1)
    result = load_bytes(example.encode("utf-8"), "guide.yaml")
    assert result.problems == []
    assert all(n == 1 for n in result.counts.values())


def test_help_lists_every_command_with_a_summary() -> None:
    out = CliRunner().invoke(main, ["--help"]).output
    visible = [name for name in COMMANDS if not main.get_command(None, name).hidden]
    assert visible
    for name in visible:
        line = next(line for line in out.splitlines() if line.strip().startswith(name + " "))
        assert len(line.split(None, 1)[1]) > 10


def _command_paths() -> list[list[str]]:
    import click

    paths = []
    for name in sorted(COMMANDS):
        command = main.get_command(None, name)
        paths.append([name])
        if isinstance(command, click.Group):
            paths.extend([name, sub] for sub in command.list_commands(None))
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=" ".join)
def test_every_command_has_help_with_an_example(path: list[str]) -> None:
    for lang, heading in (("zh", "示例"), ("en", "Example")):
        result = CliRunner().invoke(main, [*path, "--help", "--lang", lang])
        assert result.exit_code == 0
        assert heading in result.output
        assert "quizapp" in result.output.split(heading, 1)[1]


def test_help_does_not_load_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from quizapp.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('textual', 'sqlmodel', 'sqlalchemy', 'genanki', 'yaml', 'fsrs')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "HEAVY []" in out


def test_python_m_quizapp_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "quizapp", "--version"], capture_output=True,
                            text=True)
    assert result.returncode == 0 and "quizapp" in result.stdout


def test_options_without_a_command_open_home_with_them(monkeypatch, tmp_path) -> None:
    import quizapp.cli.home as home

    opened = []
    monkeypatch.setattr(home, "run_app", opened.append)
    db = tmp_path / "scores.db"
    result = CliRunner().invoke(main, ["--lang", "en", "--student", "Li Lei", "--db", str(db)])
    assert result.exit_code == 0, result.output
    (app,) = opened
    assert app.lang == "en" and app.student == "Li Lei"
    assert app.recorder.url == f"sqlite:///{db}"


def test_home_options_before_another_command_are_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["--db", "x.db", "report"])
    assert result.exit_code == 2
    assert result.output == "--db 要写在命令的后面（quizapp report --db ...）\n"
    result = CliRunner().invoke(main, ["--lang", "en", "--db", "x.db", "report"])
    assert result.exit_code == 2
    assert "put the option after the command" in result.output
