"""``quizapp live join CODE`` while the database cannot be reached (a server restarting):
the join screen opens all the same and joins once it is back, instead of the command
exiting; plain mode and a database that is wrong, not away, still exit with the reason."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from quizapp.cli import main


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_join_opens_the_form_while_the_database_is_away(monkeypatch, lang):
    from quizapp.tui.start import LiveJoinStart

    url = f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/test"
    seen: list = []
    monkeypatch.setattr("quizapp.cli.live.run_app", seen.append)
    result = CliRunner().invoke(main, ["--lang", lang, "live", "join", "123456",
                                       "--student", "小明", "--db", url])
    assert result.exit_code == 0, result.output
    assert isinstance(seen[-1].start, LiveJoinStart) and seen[-1].start.code == "123456"

    plain = CliRunner().invoke(main, ["--lang", lang, "live", "join", "123456",
                                      "--student", "小明", "--db", url, "--plain"])
    assert plain.exit_code == 1 and "Traceback" not in plain.output


def test_a_file_that_is_not_a_database_still_exits(tmp_path, monkeypatch):
    bad = tmp_path / "scores.db"
    bad.write_text("not sqlite at all, long enough to be read as a header.........." * 3)
    seen: list = []
    monkeypatch.setattr("quizapp.cli.live.run_app", seen.append)
    result = CliRunner().invoke(main, ["live", "join", "123456", "--student", "小明",
                                       "--db", str(bad)])
    assert result.exit_code == 1 and not seen
