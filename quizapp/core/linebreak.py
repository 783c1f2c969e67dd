"""Line breaking for Chinese and mixed text, with the kinsoku (禁则) rules.

One function decides where text wraps, for every front end (the screens measure in
terminal cells, a printed paper in millimetres): no line starts with closing
punctuation (``，。、；：？！）」』》”’`` and their ASCII forms ``,;:?!)``), no line ends
with opening punctuation (``（「『《“‘`` and ``(``), an ellipsis or dash pair ``……``
``——`` is never split, and latin words break only at spaces (a word longer than a line
is cut, after a ``/`` where it has one: a path or an address keeps its file name whole).
Explicit line breaks are kept.

A piece that is not text (an input box in a sentence, say) can be laid out among the
words with :func:`break_pieces`: it never breaks, takes the width the caller gives it,
and keeps closing punctuation after it on its line, like a character would.

Pure standard library, no terminal or UI code.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = [
    "NO_END",
    "NO_START",
    "break_lines",
    "break_pieces",
    "cell_width",
    "char_width",
    "wrap_text",
]

T = TypeVar("T")

#: Characters that never start a line (closing punctuation, full-width and ASCII).
NO_START = frozenset(
    "，。、；：？！）」』》〉】〕〗］｝”’．"  # full-width closing marks
    ",;:?!)]}"  # their ASCII forms
)
#: Characters that never end a line (opening punctuation).
NO_END = frozenset("（「『《〈【〔〖［｛“‘([{")
#: Characters written in pairs that are never split (…… and ——).
PAIRED = frozenset("…—")


def char_width(ch: str) -> int:
    """A character's width in terminal cells: 2 for wide (CJK), 0 for combining and
    control characters, 1 otherwise."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cc", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """``text``'s width in terminal cells (CJK counting two)."""
    return sum(char_width(ch) for ch in text)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _tokens(text: str) -> list[str]:
    """``text`` (one line) as breakable units before the rules: each wide character
    alone, each run of spaces, each run of other (latin) characters."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ch == " " or ch == "\t":
            if word and not _is_space(word):
                out.append(word)
                word = ""
            word += ch
        elif _is_wide(ch) or ch in NO_END or ch in PAIRED:
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        else:
            if _is_space(word):
                out.append(word)
                word = ""
            word += ch
    if word:
        out.append(word)
    return out


def _starts_closed(unit: object) -> bool:
    return isinstance(unit, str) and bool(unit) and unit[0] in NO_START


def _ends_open(unit: object) -> bool:
    return isinstance(unit, str) and bool(unit) and unit[-1] in NO_END


def _is_space(unit: object) -> bool:
    return isinstance(unit, str) and bool(unit) and not unit.strip(" \t")


_NUMBER = re.compile(r"[0-9]+(?:[.,/:][0-9]+)*%?")


def _is_number(unit: object) -> bool:
    return isinstance(unit, str) and len(unit) <= 8 and _NUMBER.fullmatch(unit) is not None


def _binds(units: list[Any], n: int) -> bool:
    """Whether the single space ``units[n]`` sits between a short number and a wide
    character (``第 1 位``, ``共 12 题``): Chinese sets numbers off by spaces that are not
    places to break."""
    if n == 0 or n + 1 >= len(units):
        return False
    before, after = units[n - 1], units[n + 1]
    wide = [isinstance(u, str) and len(u) == 1 and _is_wide(u) for u in (before, after)]
    return (_is_number(before) and wide[1]) or (wide[0] and _is_number(after))


def _glue(units: list[Any], numbers: bool = True) -> list[list[Any]]:
    """Group the units that may not be separated: a closing mark joins what precedes it
    (across a space, too), an opening mark what follows it, a paired mark its twin.
    Between groups a line may break. With ``numbers``, a short number stays with the wide
    characters on either side of it (see :func:`_binds`)."""
    groups: list[list[Any]] = []
    join_next = False
    for n, unit in enumerate(units):
        if _is_space(unit):
            if numbers and unit == " " and groups and _binds(units, n):
                groups[-1].append(unit)  # "第 1 位": a number stays with its words
                join_next = True
                continue
            groups.append([unit])
            join_next = False
            continue
        twin = (isinstance(unit, str) and unit in PAIRED and bool(groups)
                and groups[-1][-1] == unit)
        if groups and (join_next or twin or _starts_closed(unit)):
            if len(groups) >= 2 and all(_is_space(u) for u in groups[-1]):
                groups[-2].extend(groups.pop())  # "word ," keeps its space unbroken
            groups[-1].append(unit)
        else:
            groups.append([unit])
        join_next = _ends_open(unit)
    return groups


def break_pieces(
    pieces: Sequence[str | T],
    width: float,
    measure: Callable[[str], float] = cell_width,
    piece_width: Callable[[T], float] | None = None,
    hanging: float = 0,
) -> list[list[str | T]]:
    """Lay out ``pieces`` (text and other, unbreakable pieces) in lines no wider than
    ``width``; each line a list of text and pieces, adjacent text joined.

    ``measure`` gives a text's width, ``piece_width`` a non-text piece's (1 if not
    given). A group that cannot fit on a line of its own is cut (the rules give way to
    the width). Spaces where a line breaks are dropped; a paragraph's leading spaces
    are kept. Every ``"\\n"`` ends a line. ``hanging``: a paragraph's lines after its
    first are that much narrower (the caller indents them).
    """

    def size(unit: object) -> float:
        if isinstance(unit, str):
            return measure(unit)
        return piece_width(unit) if piece_width is not None else 1  # type: ignore[arg-type]

    paragraphs: list[list[Any]] = [[]]
    for piece in pieces:
        if isinstance(piece, str):
            for i, part in enumerate(piece.split("\n")):
                if i:
                    paragraphs.append([])
                paragraphs[-1].extend(_tokens(part))
        else:
            paragraphs[-1].append(piece)

    lines: list[list[Any]] = []
    for units in paragraphs:
        lines.extend(_fill(_glue(units), width, size, max(1, width - hanging)))
    return [_joined(line) for line in lines]


def _fill(groups: list[list[Any]], first: float, size: Callable[[object], float],
          rest: float) -> list[list[Any]]:
    """Greedy filling: each group on the current line if it fits, else on a new one (the
    first line ``first`` wide, the others ``rest``)."""
    lines: list[list[Any]] = [[]]
    used = 0.0
    width = first

    def new_line() -> None:
        nonlocal used, width
        _strip_end(lines[-1])
        lines.append([])
        used = 0.0
        width = rest

    pending = list(reversed(groups))
    while pending:
        group = pending.pop()
        group_size = sum(size(u) for u in group)
        if all(_is_space(u) for u in group):
            if lines[-1] or len(lines) == 1:
                if used + group_size <= width:
                    lines[-1].extend(group)
                    used += group_size
                elif lines[-1]:
                    new_line()
            continue
        if group_size > width and len(looser := _glue(group, numbers=False)) > 1:
            pending.extend(reversed(looser))  # too wide with its number: it may go apart
            continue
        if lines[-1] and used + group_size > width:
            new_line()
        if group_size <= width:
            lines[-1].extend(group)
            used += group_size
            continue
        # wider than a whole line: cut it, its marks still with their neighbours
        parts = _kept_together([p for unit in group for p in _cut_parts(unit, width, size)])
        for part in parts:
            pieces = [part]
            if isinstance(part, str) and size(part) > width:
                pieces = _kept_together(list(part))
                if any(size(piece) > width for piece in pieces):
                    pieces = list(part)  # too narrow even for a mark and its neighbour
            for piece in pieces:
                piece_size = size(piece)
                if lines[-1] and used + piece_size > width:
                    new_line()
                lines[-1].append(piece)
                used += piece_size
    _strip_end(lines[-1])
    return lines


def _kept_together(parts: list[Any]) -> list[Any]:
    """``parts`` with each closing mark joined to the part before it and each opening
    mark to the part after it."""
    out: list[Any] = []
    for part in parts:
        if (out and isinstance(part, str) and isinstance(out[-1], str)
                and (_starts_closed(part) or _ends_open(out[-1]))):
            out[-1] += part
        else:
            out.append(part)
    return out


_AFTER_SLASH = re.compile(r"(?<=/)(?=.)")


def _cut_parts(unit: object, width: float, size: Callable[[object], float]) -> list[Any]:
    """A unit too wide for a line, in the pieces it may be cut into: a latin word after
    each ``/`` (each piece still wider than a line in characters), else every character."""
    if not isinstance(unit, str):
        return [unit]
    parts: list[Any] = []
    for part in _AFTER_SLASH.split(unit):
        parts.extend([part] if size(part) <= width else list(part))
    return parts


def _strip_end(line: list[Any]) -> None:
    while line and _is_space(line[-1]):
        line.pop()


def _joined(line: list[Any]) -> list[Any]:
    out: list[Any] = []
    for unit in line:
        if isinstance(unit, str) and out and isinstance(out[-1], str):
            out[-1] += unit
        else:
            out.append(unit)
    return out


def break_lines(text: str, width: float, measure: Callable[[str], float] = cell_width,
                hanging: float = 0) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (in ``measure``'s unit), by the
    rules above; a paragraph's lines after its first ``hanging`` narrower. An empty text
    is one empty line."""
    lines = break_pieces([text], width, measure, hanging=hanging)
    return ["".join(line) for line in lines]


def wrap_text(text: str, width: float, measure: Callable[[str], float] = cell_width) -> str:
    """:func:`break_lines` joined with ``"\\n"``."""
    return "\n".join(break_lines(text, width, measure))
