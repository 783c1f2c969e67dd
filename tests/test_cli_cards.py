"""``quizapp cards``: bad options are refused before the app opens."""

from __future__ import annotations

from click.testing import CliRunner

from quizapp.cli import main


def run(*args: str):
    return CliRunner().invoke(main, ["cards", *args, "--lang", "en"])


def test_help_has_examples():
    result = CliRunner().invoke(main, ["cards", "--help"])
    assert result.exit_code == 0
    assert "示例：" in result.output and "--cram" in result.output
    result = CliRunner().invoke(main, ["cards", "--help", "--lang", "en"])
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


def test_level_reaches_the_flashcard_screen_and_filters(monkeypatch, tmp_path):
    from quizapp.services.flashcards import Flashcards
    from quizapp.tui.app import QuizApp

    apps: list[QuizApp] = []

    def launch(self, *args, **kwargs):
        apps.append(self)
        self.recorder.stop()
        return 0

    monkeypatch.setattr(QuizApp, "run", launch)
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path))
    result = run("--level", "apply", "--student", "Ann", "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 0, result.output
    (app,) = apps
    assert app.start.flashcards["levels"] == ("apply",)
    ids = Flashcards(None, app.bank).question_ids(levels=("apply",))
    assert ids and {app.bank[q].level for q in ids} == {"apply"}
    assert len(ids) < len(Flashcards(None, app.bank).question_ids())
