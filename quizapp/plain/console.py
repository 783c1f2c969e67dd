"""The plain interface's terminal: whole lines out, whole lines in, nothing ever redrawn.

Everything written goes through :func:`quizapp.untrusted.visible` (control characters
shown, never sent) and is broken into lines by the Chinese rules
(:mod:`quizapp.core.linebreak`) when the output is a terminal, for sighted readers of the
same text. No escape sequence is ever written: no colour, no cursor movement, no clearing.
Input is read from the file descriptor on the terminal's own line editing (no GNU
readline, which writes escape sequences of its own), so that a wait for a line can end on a
timeout (:meth:`Console.poll`: a live class goes on while the student thinks).

A line may be announced from another thread (an exam's time): it is written on a line of
its own after what the student has typed so far, and the input marker is written again.
"""

from __future__ import annotations

import io
import os
import select
import shutil
import sys
import threading
from typing import TextIO

from quizapp.core.linebreak import break_lines
from quizapp.untrusted import visible

#: written before the student types
MARKER = "> "
#: How soon the marker is written again after lines said while the student was asked.
TICK = 0.2


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
        #: the input marker is the last thing written (the student may be typing after it)
        self._open = False
        self._echo = not _isatty(self.inp)
        self._buffer = b""
        self._ended = False

    def _width(self) -> int:
        """The terminal's width less one (no line ever reaches the last column, where some
        terminals wrap by themselves); 0 (no breaking) when the output is not a terminal."""
        if not _isatty(self.out):
            columns = os.environ.get("COLUMNS", "")
            return int(columns) - 1 if columns.isdigit() and int(columns) > 20 else 0
        return max(20, shutil.get_terminal_size((80, 24)).columns - 1)

    # -- writing -----------------------------------------------------------------------

    def say(self, *texts: str) -> None:
        """Write each text as one or more whole lines, from any thread, even while the
        student is typing: then on lines of their own (the input marker is written again
        when the student is next asked, within :data:`TICK`)."""
        with self._lock:
            if self._open:  # the marker (and what the student typed) ends its line first
                self.out.write("\n")
                self._open = False
            self._write(texts)

    def blank(self) -> None:
        """An empty line between parts (a question, its feedback)."""
        self.say("")

    announce = say

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
        while (line := self.poll(TICK)) is None:
            pass
        return line

    def poll(self, timeout: float | None) -> str | None:
        """Like :meth:`read`, but ``None`` when no whole line came within ``timeout``
        seconds (the input marker stays written: call again to keep waiting)."""
        try:
            with self._lock:
                if not self._open:
                    self.out.write(MARKER)
                    self.out.flush()
                    self._open = True
            line = self._line(timeout)
        except KeyboardInterrupt:
            with self._lock:
                self._open = False
                self.out.write("\n")
                self.out.flush()
            raise Interrupted from None
        if line is None:
            return None
        with self._lock:
            self._open = False
            if line is _EOF:
                self.out.write("\n")
                self.out.flush()
                raise InputClosed
            if self._echo:  # piped input: the transcript shows what was answered
                self.out.write(visible(line, multiline=False) + "\n")
                self.out.flush()
        return line

    def _line(self, timeout: float | None) -> str | None:
        """The next line from the input's own buffer, reading the file descriptor when it
        has something (``select``), so that waiting can end on a timeout; :data:`_EOF` at
        the end. A stream without a descriptor is read with ``readline``."""
        fd = self._fd()
        if fd is None:
            line = self.inp.readline()
            return line.rstrip("\r\n") if line else _EOF
        while b"\n" not in self._buffer:
            if self._ended:
                if not self._buffer:
                    return _EOF
                break
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                return None
            data = os.read(fd, 4096)
            if not data:
                self._ended = True
            self._buffer += data
        raw, _, self._buffer = self._buffer.partition(b"\n")
        return raw.decode("utf-8", errors="replace").rstrip("\r")

    def _fd(self) -> int | None:
        if os.name == "nt":  # select() takes only sockets there: whole lines, no timeout
            return None
        try:
            return self.inp.fileno()
        except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
            return None


#: what :meth:`Console._line` returns at the end of the input
_EOF = "\x00end"


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False
