"""Untrusted text made safe to show: one helper for terminals, one for spreadsheets.

Text from question files, student names, paths and the database may carry terminal
escape sequences (ESC, CSI, OSC 52 writes the clipboard, ``ESC[2J`` clears the screen),
bidi overrides that make text read backwards, or a leading ``=`` that a spreadsheet runs
as a formula. Everything such text passes through on its way out goes through:

* :func:`visible` before it reaches a terminal (CLI output, piped or not; the TUI via
  :func:`quizapp.tui.display.literal`): control characters become visible symbols.
* :func:`csv_cell` for every cell of a CSV or xlsx file: :func:`visible`, then a
  leading formula character is defused with an apostrophe (OWASP "CSV injection").

Standard library only and cheap to import: the CLI imports it before anything else.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["csv_cell", "find_controls", "json_text", "sheet_text", "visible"]

# C0 controls (except tab and newline, handled per call), DEL, C1 controls, and the
# bidi embeddings/overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI + "]")


def _symbol(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # Control Pictures: ESC -> ␛, BEL -> ␇, NUL -> ␀
    if code == 0x7F:
        return "␡"
    if code <= 0x9F:
        return f"\\x{code:02x}"  # C1 controls have no pictures: CSI (0x9b) -> \x9b
    return f"\\u{code:04x}"  # bidi controls: RLO -> \u202e


_TABLE = {code: _symbol(chr(code))
          for code in [*range(0x20), *range(0x7F, 0xA0), *map(ord, _BIDI)]}
_TABLE_KEEP = {k: v for k, v in _TABLE.items() if k not in (0x09, 0x0A)}
#: one character for one: C1 and bidi controls as U+FFFD (for a text input's cursor)
_TABLE_SAME = {k: (v if len(v) == 1 else "\ufffd") for k, v in _TABLE.items()}


def visible(text: object, *, multiline: bool = True, same_length: bool = False) -> str:
    """``text`` with every control character shown as a visible symbol.

    ESC becomes ``␛``, BEL ``␇``, CR ``␍`` (a Windows line end ``\\r\\n`` stays a line
    end), DEL ``␡``; C1 controls and bidi overrides/isolates are written out
    (``\\x9b``, ``\\u202e``). ``multiline`` keeps newlines and tabs as they are; without it
    they are shown too (``␊``, ``␉``), for one-line places such as names and labels.
    Anything that is not a ``str`` is converted with ``str()`` first.

    ``same_length`` (one line, for a text input whose cursor counts characters): every
    control character becomes exactly one symbol, C1 and bidi controls ``\ufffd``.
    """
    if not isinstance(text, str):
        text = str(text)
    if same_length:
        return text.translate(_TABLE_SAME)
    pattern = _UNSAFE if multiline else _UNSAFE_LINE
    if pattern.search(text) is None:  # the common case: nothing to do
        return text
    if multiline:
        text = text.replace("\r\n", "\n")
        return text.translate(_TABLE_KEEP)
    return text.translate(_TABLE)


def find_controls(text: str) -> str | None:
    """The first control character in ``text`` that :func:`visible` would replace
    (newline and tab are allowed, and CR before a newline), shown visibly; ``None``
    when there is none. For ``validate``'s warning."""
    for match in _UNSAFE.finditer(text):
        ch = match.group()
        if ch == "\r" and text.startswith("\n", match.end()):
            continue
        return _TABLE[ord(ch)]
    return None


# OWASP: a cell starting with = + - @, tab or CR may be run as a formula. Full-width
# forms are included: some spreadsheet versions read them as the ASCII ones.
_FORMULA_START = frozenset("=+-@\t\r\n＝＋－＠")


def csv_cell(value: object) -> object:
    """A value as safe to write into a CSV or xlsx cell.

    Anything but text (numbers, dates, ``None``) is returned as it is: it is never a
    formula. Text is made :func:`visible` (which also removes what xlsx cannot hold)
    and, when it starts with a character a spreadsheet could read as a formula, gets a
    leading apostrophe: ``=HYPERLINK(...)`` is written as ``'=HYPERLINK(...)``.
    """
    if not isinstance(value, str):
        return value
    text = visible(value)
    if text and text[0] in _FORMULA_START:
        return "'" + text
    return text


def sheet_text(cell: Any, value: str) -> None:
    """Put ``value`` into a spreadsheet cell (openpyxl's) as text that is never a formula.

    CSV has no cell types, so :func:`csv_cell` marks formula-like text with an apostrophe.
    In xlsx the cell itself says "text": the text is stored as it reads (made
    :func:`visible`), typed as a string and with Excel's quote prefix (so editing it does
    not make it a formula either), without an apostrophe a person would see, and a lookup
    by the name still finds it.
    """
    text = visible(value)
    cell.value = text
    cell.data_type = "s"
    if text and text[0] in _FORMULA_START:
        cell.quotePrefix = True


# JSON escapes C0 controls itself; DEL, C1 and the bidi controls it leaves raw.
_JSON_TABLE = {code: f"\\u{code:04x}"
               for code in [0x7F, *range(0x80, 0xA0), *map(ord, _BIDI)]}


def json_text(data: object, **options) -> str:
    """``json.dumps(data, ensure_ascii=False, **options)`` with every control character
    escaped (``\\u001b``, ``\\u009b``, ``\\u202e``): the same data for a program
    reading it, nothing a terminal would act on for a person reading it."""
    return json.dumps(data, ensure_ascii=False, **options).translate(_JSON_TABLE)
