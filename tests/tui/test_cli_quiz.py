"""``quizapp quiz`` and ``quizapp`` (Home): options become the quiz the app opens; bad
options and bad content stop with a clear message before any screen opens."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli import main
from quizapp.core.session import Mode

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def launched(monkeypatch):
    """Replace QuizApp.run: record the app the command built instead of opening a screen."""
    from quizapp.tui.app import QuizApp

    apps: list[QuizApp] = []

    def run(self, *args, **kwargs):
        apps.append(self)
        self.recorder.stop()  # nothing queued: the recorder thread would return at once
        return 0

    monkeypatch.setattr(QuizApp, "run", run)
    return apps


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_quiz_options_make_the_session(launched, db_url):
    result = invoke("quiz", "--set", "04-chess", "--count", "3", "--seed", "11", "--mode",
                    "exam", "--time-limit", "5", "--student", "张三", "--lang", "en")
    assert result.exit_code == 0, result.output
    (app,) = launched
    session = app.first_session
    assert session.mode is Mode.EXAM and session.total == 3 and session.seed == 11
    assert session.spec.sets == ("04-chess",) and session.spec.time_limit == 300
    assert all(app.bank[qid].set_key == "04-chess" for qid in session.question_ids)
    assert app.student == "张三" and app.lang == "en"


def test_quiz_filters_by_type_and_tag(launched, db_url):
    assert invoke("quiz", "--type", "truefalse", "--student", "x").exit_code == 0
    session = launched[-1].first_session
    assert {launched[-1].bank[q].type for q in session.question_ids} == {"truefalse"}


def test_quiz_filters_by_level(launched, db_url):
    assert invoke("quiz", "--level", "apply", "--level", "understand", "--student", "x").exit_code == 0
    app = launched[-1]
    levels = {app.bank[q].level for q in app.first_session.question_ids}
    assert levels == {"apply", "understand"}
    assert app.first_session.spec.levels == ("apply", "understand")
    bad = CliRunner().invoke(main, ["quiz", "--level", "hard", "--student", "x"])
    assert bad.exit_code == 2 and "recall" in bad.output


def test_the_student_and_language_are_remembered(launched, db_url):
    from quizapp.settings import Settings

    launched_app_count = len(launched)
    assert invoke("quiz", "--student", "王五", "--lang", "en").exit_code == 0
    app = launched[launched_app_count]
    app._remember()  # what the app does when it mounts
    assert Settings.load() == Settings(student="王五", lang="en")
    assert invoke("quiz").exit_code == 0  # no --student: the remembered one
    assert launched[-1].student == "王五" and launched[-1].lang == "en"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--set", "nope", "--student", "x"], 2, "找不到题组：nope"),
    (["--count", "0", "--student", "x"], 2, "--count"),
    (["--mode", "cram"], 2, "--mode"),
    (["--time-limit", "5", "--student", "x"], 2, "--time-limit 只能和 --mode exam 一起用"),
    (["--mode", "exam", "--time-limit", "-1", "--student", "x"], 2, "--time-limit"),
    (["--no-builtin", "--student", "x"], 2, "--no-builtin 至少需要一个 --content"),
    (["--tag", "no-such-tag", "--student", "x"], 1, "没有符合条件的题目"),
    ([], 2, "--student 姓名"),
    (["--lang", "fr"], 2, "--lang"),
])
def test_bad_options_stop_before_any_screen(launched, db_url, args, code, message):
    result = CliRunner().invoke(main, ["quiz", *args])
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert launched == []


def test_bad_content_is_listed_with_positions(launched, db_url):
    broken = sorted((FIXTURES / "broken").glob("*.yaml"))[0]
    result = CliRunner().invoke(main, ["quiz", "--content", str(broken), "--student", "x"])
    assert result.exit_code == 1
    assert "题目文件有问题" in result.output and f"{broken.name}:" in result.output
    assert launched == []


def test_teacher_content_only(launched, db_url):
    valid = FIXTURES / "valid"
    result = invoke("quiz", "--content", str(valid), "--no-builtin", "--student", "x")
    assert result.exit_code == 0, result.output
    bank = launched[-1].bank
    assert bank.sets and all(str(valid) in s.path or s.path.startswith(str(valid))
                             for s in bank.sets)


def test_review_mode_needs_mistakes(launched, db_url):
    result = CliRunner().invoke(main, ["quiz", "--mode", "review", "--student", "赵六"])
    assert result.exit_code == 1 and "赵六 还没有错题可复习" in result.output

    from quizapp.storage import Store

    with Store.open(db_url) as store:
        attempt = store.attempts.start_attempt("赵六", "practice", [], {}, 1, 2)
        store.attempts.record_response(attempt, "overview-one-river", "h", json.loads('"长江"'), 0, 1,
                              False, 3.0)
    result = invoke("quiz", "--mode", "review", "--student", "赵六")
    assert result.exit_code == 0, result.output
    assert launched[-1].first_session.question_ids == ("overview-one-river",)


def test_no_command_opens_home(launched, db_url):
    result = invoke()
    assert result.exit_code == 0, result.output
    (app,) = launched
    assert app.first_session is None  # Home, not a quiz


def test_home_command_options(launched, db_url):
    assert invoke("home", "--student", "钱七", "--lang", "en").exit_code == 0
    assert launched[-1].student == "钱七" and launched[-1].lang == "en"


def test_unsaved_answers_are_reported_on_exit(monkeypatch, db_url):
    from quizapp.tui.app import QuizApp

    def run(self, *args, **kwargs):
        self.recorder.opener = _broken
        self.recorder.start_attempt("x", "practice", (), {}, 1, 1)
        return 0

    monkeypatch.setattr(QuizApp, "run", run)
    result = CliRunner().invoke(main, ["quiz", "--student", "x"])
    assert result.exit_code == 1
    assert "1 条记录未能保存" in result.output and "disk full" in result.output


def _broken(url):
    raise OSError("disk full")


def test_a_database_that_never_answers_is_reported_on_exit(monkeypatch, db_url):
    import threading

    from quizapp.cli import quiz as quiz_cli
    from quizapp.tui.app import QuizApp

    def run(self, *args, **kwargs):
        self.recorder.opener = lambda url: threading.Event().wait()  # never returns
        ref = self.recorder.start_attempt("x", "practice", (), {}, 1, 1)
        self.recorder.record(ref, "q1", "h", "a", 1.0, 1, True, 1.0)
        return 0

    monkeypatch.setattr(QuizApp, "run", run)
    monkeypatch.setattr(quiz_cli, "EXIT_WAIT_S", 0.2)
    result = CliRunner().invoke(main, ["quiz", "--student", "x", "--lang", "en"])
    assert result.exit_code == 1
    assert "2 records could not be saved" in result.output
    assert "did not answer" in result.output


@pytest.mark.parametrize("command", [[], ["quiz"], ["cards"]], ids=["home", "quiz", "cards"])
def test_a_file_that_is_not_a_database_stops_before_any_screen(monkeypatch, tmp_path, command):
    from textual.app import App

    opened = []
    monkeypatch.setattr(App, "run", lambda self, *a, **k: opened.append(self))
    garbage = tmp_path / "scores.db"
    garbage.write_bytes(b"these are a teacher's notes, not a database\n")
    before = garbage.read_bytes()
    result = CliRunner().invoke(main, [*command, "--db", str(garbage), "--student", "x"])
    assert result.exit_code == 1
    assert "不是 SQLite 数据库" in result.output and str(garbage) in result.output
    assert opened == []
    assert garbage.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.db"]
