"""The plain interface's terminal: whole lines out, whole lines in, nothing ever redrawn.

Everything written goes through :func:`quizapp.untrusted.visible` (control characters
shown, never sent) and is broken into lines by the Chinese rules
(:mod:`quizapp.core.linebreak`) when the output is a terminal, for sighted readers of the
same text. No escape sequence is ever written: no colour, no cursor movement, no clearing.
Input is read with ``readline`` on the terminal's own line editing (no GNU readline, which
writes escape sequences of its own).

A line may be announced from another thread (an exam's time): it is written on a line of
its own after what the student has typed so far, and the input marker is written again.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import threading
from typing import TextIO

from quizapp.core.linebreak import break_lines
from quizapp.untrusted import visible

#: written before the student types
MARKER = "> "


class InputClosed(Exception):
    """The input ended (Ctrl+D, a closed pipe): nothing more can be asked."""


class Interrupted(Exception):
    """The student pressed Ctrl+C while asked something."""


def _safe_stream(stream: TextIO, *, reading: bool) -> TextIO:
    """``stream`` decoding/encoding UTF-8 without ever failing on odd bytes."""
    try:
        if reading:
            stream.reconfigure(errors="replace")  # type: ignore[attr-defined]
        else:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined]
    except (AttributeError, io.UnsupportedOperation, ValueError):
        pass
    return stream


class Console:
    """Lines to and from the student (see the module docstring)."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None,
                 width: int | None = None) -> None:
        self.inp = _safe_stream(stdin or sys.stdin, reading=True)
        self.out = _safe_stream(stdout or sys.stdout, reading=False)
        self.width = self._width() if width is None else width
        self._lock = threading.RLock()
        self._waiting = False  # the input marker is written and the line not yet read
        self._echo = not _isatty(self.inp)

    def _width(self) -> int:
        """The terminal's width less one (no line ever reaches the last column, where some
        terminals wrap by themselves); 0 (no breaking) when the output is not a terminal."""
        if not _isatty(self.out):
            columns = os.environ.get("COLUMNS", "")
            return int(columns) - 1 if columns.isdigit() and int(columns) > 20 else 0
        return max(20, shutil.get_terminal_size((80, 24)).columns - 1)

    # -- writing -----------------------------------------------------------------------

    def say(self, *texts: str) -> None:
        """Write each text as one or more whole lines."""
        with self._lock:
            self._write(texts)

    def blank(self) -> None:
        """An empty line between parts (a question, its feedback)."""
        self.say("")

    def announce(self, text: str) -> None:
        """Say ``text`` now, from any thread, even while the student is typing."""
        with self._lock:
            if self._waiting:
                self.out.write("\n")
            self._write((text,))
            if self._waiting:
                self.out.write(MARKER)
                self.out.flush()

    def _write(self, texts: tuple[str, ...]) -> None:
        for text in texts:
            for line in visible(text).split("\n"):
                for part in self._broken(line):
                    self.out.write(part + "\n")
        self.out.flush()

    def _broken(self, line: str) -> list[str]:
        if not self.width or not line:
            return [line.rstrip()]
        indent = line[: len(line) - len(line.lstrip(" "))]
        body = line[len(indent):]
        width = max(10, self.width - len(indent))
        return [(indent + piece).rstrip() for piece in break_lines(body, width)]

    # -- reading -----------------------------------------------------------------------

    def read(self) -> str:
        """One line typed by the student, without its line end (spaces kept).

        Raises :class:`InputClosed` at the end of the input and :class:`Interrupted` on
        Ctrl+C; either way the next output starts on a line of its own."""
        try:
            with self._lock:
                self.out.write(MARKER)
                self.out.flush()
                self._waiting = True
            line = self.inp.readline()
        except KeyboardInterrupt:
            with self._lock:
                self._waiting = False
                self.out.write("\n")
                self.out.flush()
            raise Interrupted from None
        with self._lock:
            self._waiting = False
            if not line:
                self.out.write("\n")
                self.out.flush()
                raise InputClosed
            line = line.rstrip("\r\n")
            if self._echo:  # piped input: the transcript shows what was answered
                self.out.write(visible(line, multiline=False) + "\n")
                self.out.flush()
        return line


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False
