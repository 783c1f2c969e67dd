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
import os
import re

__all__ = ["INVISIBLE_CLASS", "MAX_FIELD_CHARS", "MAX_FILE_BYTES", "MAX_NAME_CHARS", "MAX_PROBLEMS",
           "csv_cell", "find_controls", "find_invisible", "json_text", "read_limited", "visible"]

# --- limits: sizes no person means more than (docs/untrusted.md lists them) -------------

#: a question file, a table or text file to import, a package's unpacked part
MAX_FILE_BYTES = 50 * 1024 * 1024
#: one text of a question (prompt, option, explanation...) or one cell of an imported table
MAX_FIELD_CHARS = 20_000
#: a student's name, wherever it is typed or given
MAX_NAME_CHARS = 60
#: problems reported for one file (the rest are counted in one message)
MAX_PROBLEMS = 100


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes | None:
    """A file's bytes, or ``None`` when it holds more than ``limit`` (a 3 GB file, sparse
    or not, a device that never ends: its size is checked first, and no more than
    ``limit + 1`` bytes are ever read). Raises ``OSError`` as ``open`` does."""
    with open(path, "rb") as fh:
        try:
            if os.fstat(fh.fileno()).st_size > limit:
                return None
        except OSError:
            pass
        data = fh.read(limit + 1)
    return None if len(data) > limit else data

# C0 controls (except tab and newline, handled per call), DEL, C1 controls, and the
# bidi embeddings/overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Characters that show as nothing (or as a line break a reader cannot tell from a real
# one): "Alice", "Alice\u200b" and "Al\u00adice" look the same; "Dave\u2028Bob" starts a
# new line in a report. Zero-width space/joiners and marks (U+200B-U+200F), the Arabic
# letter mark (U+061C), word joiner and invisible operators (U+2060-U+2064), deprecated
# format controls (U+206A-U+206F), the BOM (U+FEFF), soft hyphen (U+00AD), combining
# grapheme joiner (U+034F), Hangul and Khmer fillers, Mongolian vowel separator,
# interlinear annotation marks, line/paragraph separators and tag characters.
_INVISIBLE_RANGES = [(0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C), (0x115F, 0x1160),
                     (0x17B4, 0x17B5), (0x180E, 0x180E), (0x200B, 0x200F), (0x2028, 0x2029),
                     (0x2060, 0x2064), (0x206A, 0x206F), (0x3164, 0x3164), (0xFEFF, 0xFEFF),
                     (0xFFA0, 0xFFA0), (0xFFF9, 0xFFFB), (0xE0000, 0xE007F)]
_INVISIBLE = "".join(f"{chr(a)}-{chr(b)}" if a != b else chr(a) for a, b in _INVISIBLE_RANGES)
_INVISIBLE_CODES = [code for a, b in _INVISIBLE_RANGES for code in range(a, b + 1)]
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]")
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + _INVISIBLE + "]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI + _INVISIBLE + "]")
#: a regular expression character class matching any invisible character
INVISIBLE_CLASS = "[" + _INVISIBLE + "]"
_INVISIBLE_RE = re.compile(INVISIBLE_CLASS)


def _symbol(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # Control Pictures: ESC -> ␛, BEL -> ␇, NUL -> ␀
    if code == 0x7F:
        return "␡"
    if code <= 0x9F:
        return f"\\x{code:02x}"  # C1 controls have no pictures: CSI (0x9b) -> \x9b
    if code <= 0xFFFF:
        return f"\\u{code:04x}"  # bidi and invisible: RLO -> \u202e, ZWSP -> \u200b
    return f"\\U{code:08x}"  # tag characters: \U000e0041


_TABLE = {code: _symbol(chr(code))
          for code in [*range(0x20), *range(0x7F, 0xA0), *map(ord, _BIDI), *_INVISIBLE_CODES]}
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
    for match in _CONTROL.finditer(text):
        ch = match.group()
        if ch == "\r" and text.startswith("\n", match.end()):
            continue
        return _TABLE[ord(ch)]
    return None


# OWASP: a cell starting with = + - @, tab or CR may be run as a formula. Full-width
# forms are included: some spreadsheet versions read them as the ASCII ones.
_FORMULA_START = frozenset("=+-@\t\r\n＝＋－＠")


def find_invisible(text: str) -> str | None:
    """The first character in ``text`` that shows as nothing (a zero-width space, a soft
    hyphen, a BOM, a tag character...) or as a line break that is not one (U+2028,
    U+2029), written out (``\\u200b``); ``None`` when there is none. For ``validate``'s
    warning: "Alice" and "Alice\u200b" look the same but are different texts."""
    found = _INVISIBLE_RE.search(text)
    return None if found is None else _TABLE[ord(found.group())]


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


def _utf16(code: int) -> tuple[int, ...]:
    """A code point as JSON writes it: itself, or a surrogate pair above U+FFFF."""
    if code <= 0xFFFF:
        return (code,)
    code -= 0x10000
    return (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))


# JSON escapes C0 controls itself; DEL, C1, the bidi controls and invisible characters
# it leaves raw.
_JSON_TABLE = {code: "".join(f"\\u{unit:04x}" for unit in _utf16(code))
               for code in [0x7F, *range(0x80, 0xA0), *map(ord, _BIDI), *_INVISIBLE_CODES]}


def json_text(data: object, **options) -> str:
    """``json.dumps(data, ensure_ascii=False, **options)`` with every control character
    escaped (``\\u001b``, ``\\u009b``, ``\\u202e``): the same data for a program
    reading it, nothing a terminal would act on for a person reading it."""
    return json.dumps(data, ensure_ascii=False, **options).translate(_JSON_TABLE)
