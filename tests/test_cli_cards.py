"""``quizapp cards``: bad options are refused before the app opens."""

from __future__ import annotations

from click.testing import CliRunner

from quizapp.cli import main


def run(*args: str):
    return CliRunner().invoke(main, ["cards", *args, "--lang", "en"])


def test_help_has_examples():
    result = CliRunner().invoke(main, ["cards", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "--cram" in result.output


def test_unknown_set_is_a_usage_error():
    result = run("--set", "no-such-set", "--student", "Ann")
    assert result.exit_code == 2
    assert "No such question set: no-such-set" in result.output
    assert "Traceback" not in result.output


def test_a_tag_no_question_has_is_a_problem():
    result = run("--tag", "no-such-tag", "--student", "Ann")
    assert result.exit_code == 1
    assert "No questions match" in result.output


def test_negative_new_limit_is_refused():
    result = run("--new-limit", "-1", "--student", "Ann")
    assert result.exit_code == 2


def test_a_student_is_needed():
    result = run()
    assert result.exit_code == 2
    assert "--student" in result.output
