"""What a browser's seat of ``quizapp serve`` loads: the command it runs is the seat's own
entry module, its join form is drawn without the database library, the command line's
machinery or Home, and the store opens once the student types.

The seat runs as ``quizapp serve`` runs it (textual-serve's web driver on its pipes), in a
fresh interpreter with ``-X importtime``: what it imported is read from its stderr, the
only way to see what the process really loaded.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizapp.i18n import STRINGS
from quizapp.serve import seat_command

REPO = Path(__file__).resolve().parents[2]

#: never loaded before the student types (the store and what only other screens use)
NOT_BEFORE_TYPING = ("sqlalchemy", "sqlmodel", "psycopg", "quizapp.storage", "click",
                     "quizapp.cli", "quizapp.tui.screens.home", "quizapp.core.session",
                     "quizapp.services.quiz_run", "genanki", "openpyxl", "yaml")


def _packet(data: bytes) -> bytes:
    """What textual-serve writes to a seat's stdin for keys typed in the browser."""
    return b"D" + len(data).to_bytes(4, "big") + data


class Seat:
    """A seat process as ``quizapp serve`` starts it, importing with ``-X importtime``."""

    def __init__(self, tmp_path: Path) -> None:
        command = seat_command(sys.executable, "en").split()
        assert command[1:3] == ["-m", "quizapp.tui.seat"]
        env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
               "TEXTUAL_COLOR_SYSTEM": "truecolor", "COLUMNS": "80", "ROWS": "24",
               "QUIZAPP_DB": f"sqlite:///{tmp_path / 'scores.db'}",
               "QUIZAPP_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [command[0], "-X", "importtime", *command[1:]], env=env, cwd=REPO,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out = b""
        self.err = b""

    def _read(self, timeout: float) -> None:
        assert self.process.stdout is not None and self.process.stderr is not None
        ready, _, _ = select.select([self.process.stdout, self.process.stderr], [], [], timeout)
        for stream in ready:
            chunk = os.read(stream.fileno(), 65536)
            if stream is self.process.stdout:
                self.out += chunk
            else:
                self.err += chunk

    def wait_for(self, found, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not found():
            assert self.process.poll() is None, self.err.decode(errors="replace")[-2000:]
            assert time.monotonic() < deadline, f"no {what}"
            self._read(0.2)

    def read_for(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._read(0.1)

    def imported(self) -> set[str]:
        names = set()
        for line in self.err.decode(errors="replace").splitlines():
            if line.startswith("import time:") and "|" in line:
                names.add(line.rsplit("|", 1)[1].strip())
        return names

    def type(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(_packet(text.encode()))
        self.process.stdin.flush()

    def close(self) -> None:
        self.process.kill()
        self.process.wait(10)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def seat(tmp_path):
    made = Seat(tmp_path)
    yield made
    made.close()


def test_the_join_form_is_drawn_without_the_store_which_opens_when_the_student_types(
        seat, tmp_path):
    field = STRINGS["en"]["live.code_field"].encode()
    seat.wait_for(lambda: field in seat.out, "join form")
    seat.read_for(2.0)  # past the moment a seat used to open its store on its own
    loaded = seat.imported()
    assert "quizapp.tui.screens.live" in loaded  # (the check sees the seat's imports)
    early = [m for m in loaded for name in NOT_BEFORE_TYPING
             if m == name or m.startswith(name + ".")]
    assert early == []
    assert not (tmp_path / "scores.db").exists()  # the database not even opened
    seat.type("1")  # the first digit of the class code: the store opens meanwhile
    seat.wait_for(lambda: "sqlalchemy" in seat.imported(), "store opened after typing")
    seat.wait_for(lambda: (tmp_path / "scores.db").exists(), "the database created")


@pytest.mark.parametrize("args", [["--lang", "fr"], ["--db", "x.db"], ["extra"]])
def test_a_seat_given_other_arguments_says_how_it_is_run(args, capsys, monkeypatch):
    from quizapp.tui.seat import main

    monkeypatch.setenv("QUIZAPP_LANG", "en")
    assert main(args) == 2
    assert "python -m quizapp.tui.seat [--lang zh|en]" in capsys.readouterr().err
