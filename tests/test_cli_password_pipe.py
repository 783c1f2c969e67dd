"""A teacher's password piped into a command (a script, a scheduled report) is read as one
line: no warning from Python about echo reaches the teacher, and a wrong one is refused."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _run(args: list[str], stdin: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quizapp", *args], input=stdin, text=True,
                          capture_output=True, env=env, timeout=120)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_piped_password_is_read_without_warnings(tmp_path, lang):
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_")}
    env.update(QUIZAPP_DATA_DIR=str(tmp_path / "data"), QUIZAPP_CACHE_DIR=str(tmp_path / "c"))
    roster = tmp_path / "r.csv"
    roster.write_text("姓名\n张伟\n", encoding="utf-8")
    first = _run(["--lang", lang, "class", "add", "A", "--roster", str(roster)],
                 "secret123\nsecret123\n", env)
    assert first.returncode == 0, first.stderr
    listed = _run(["--lang", lang, "assignments"], "secret123\n", env)
    wrong = _run(["--lang", lang, "assignments"], "nope-nope\n", env)
    for result in (first, listed, wrong):
        assert "Warning" not in result.stderr and "getpass" not in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert listed.returncode == 0
    assert wrong.returncode != 0
