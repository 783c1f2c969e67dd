"""Authoring mistakes read from a question file's text, before or instead of YAML's own errors.

Teachers write question files in Word, WPS or a Chinese input method. Some of what those
tools type is invisible or looks right and still changes what the file says:

- Word's curly quotes (“…” ‘…’) cannot quote a value: ``options: [“长沙, 湖南”, 株洲]``
  silently becomes the two options ``“长沙`` and ``湖南”``;
- a full-width colon (U+FF1A) after a key (the Chinese input method's colon), or no space after
  the colon, makes ``answer:长沙`` one piece of text instead of a key and its value;
- a full-width space (U+3000) or a non-breaking space (U+00A0) in the indentation is not a
  space to YAML;
- a key indented further, or less far, than the keys around it.

Each is reported at the place it is, as a :class:`~quizapp.core.messages.Msg`, naming the
real cause instead of what the parser stumbled on a line later. :func:`alias_overflow` bounds
how far anchors and aliases (``&q`` … ``*q``) may multiply a file.
"""

from __future__ import annotations

import re

import yaml

from quizapp.core.messages import Msg, msg

FULLWIDTH_COLON = "\uff1a"
#: The input method's square brackets, which YAML does not take for a list.
FULLWIDTH_BRACKETS = "［］"
#: Opening and closing curly quotes, as Word and the input methods type them.
CURLY_OPEN = "“‘"
CURLY_CLOSE = {"“": "”", "‘": "’"}
#: Spaces that look like a space but are not one to YAML.
ODD_SPACES = {"\u3000": "space.fullwidth", "\u00a0": "space.nbsp", "\u2002": "space.other",
              "\u2003": "space.other", "\u2009": "space.other", "\u200b": "space.other",
              "\ufeff": "space.other"}

_KEY = re.compile(r"(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
                  r"(?P<colon>[:\uff1a])(?P<after>.?)")

#: A file may expand through aliases to this many times its length, and never beyond
#: :data:`ALIAS_MAX` characters (a billion-laughs file stops here, with one message).
ALIAS_FACTOR = 20
ALIAS_FLOOR = 64 * 1024
ALIAS_MAX = 50 * 1024 * 1024
#: No question file needs more aliases than this; a file with more stops at the one too many.
ALIAS_MAX_USES = 1000

Found = tuple[int, int, Msg]  # 1-based line and column, and the message


def _content(line: str) -> str:
    """The line without a trailing comment (a ``#`` after a space), roughly."""
    cut = line.find(" #")
    return line if cut < 0 else line[:cut]


def curly_splits(text: str) -> list[Found]:
    """Curly-quoted items of a ``[..]`` list that a comma inside splits in two.

    These load without a YAML error, so they are looked for in every file.
    """
    found: list[Found] = []
    if "“" not in text and "‘" not in text:
        return found
    for number, line in enumerate(text.splitlines(), 1):
        start = line.find("[")
        if start < 0 or ("“" not in line and "‘" not in line):
            continue
        body = _content(line)
        i = start + 1
        while i < len(body):
            ch = body[i]
            before = body[start + 1:i].rstrip()
            if ch in CURLY_OPEN and (not before or before.endswith(",")):
                close = body.find(CURLY_CLOSE[ch], i + 1)
                comma = body.find(",", i + 1)
                if close > 0 and 0 < comma < close:
                    quoted = body[i:close + 1]
                    found.append((number, i + 1, msg("layout.curly_split", text=quoted,
                                                     fixed='"' + quoted[1:-1] + '"')))
                    i = close
            i += 1
    return found


def _indent_problem(number: int, line: str) -> Found | None:
    stripped = line.lstrip(" ")
    first = stripped[:1]
    if first in ODD_SPACES:
        col = len(line) - len(stripped) + 1
        return number, col, msg("layout.odd_indent", space=msg(ODD_SPACES[first]))
    if first == "\t":
        return number, len(line) - len(stripped) + 1, msg("syntax.tab")
    return None


def _colon_problem(number: int, line: str, keys: frozenset[str]) -> Found | None:
    m = _KEY.match(line)
    if m is None or m.group("key") not in keys:
        return None
    col = m.start("colon") + 1
    if m.group("colon") == FULLWIDTH_COLON:
        return number, col, msg("layout.fullwidth_colon", key=m.group("key"))
    after = m.group("after")
    if after in ODD_SPACES:
        return number, col, msg("layout.odd_space_after_colon", key=m.group("key"),
                                space=msg(ODD_SPACES[after]))
    if after and after not in " \t#":
        return number, col, msg("layout.no_space_after_colon", key=m.group("key"))
    return None


def _quoted_value(line: str) -> str:
    """The value after ``key:`` or ``- `` when it starts with a curly quote, else ''."""
    s = _content(line).strip()
    while s.startswith("- "):
        s = s[2:].lstrip()
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*: +", s)
    if m:
        s = s[m.end():]
    return s if s[:1] in CURLY_OPEN else ""


def _key_columns(lines: list[str], upto: int) -> list[tuple[int, int, str, bool]]:
    """(line number, key column, key, opens a block) for the key lines up to ``upto``."""
    out = []
    for number in range(1, min(upto, len(lines)) + 1):
        line = lines[number - 1]
        m = _KEY.match(line)
        if m is None or m.group("colon") != ":":
            continue
        rest = _content(line[m.end("colon"):]).strip()
        out.append((number, m.start("key"), m.group("key"), not rest))
    return out


def _indent_mismatch(lines: list[str], error_line: int, keys: frozenset[str]) -> Found | None:
    """A known key on the error line or the one above, not in line with the keys before it."""
    columns = _key_columns(lines, error_line)
    for index in range(len(columns) - 1, max(len(columns) - 3, 0), -1):
        number, col, key, _ = columns[index]
        if number < error_line - 1 or key not in keys:
            continue
        prev_number, prev_col, prev_key, opens = columns[index - 1]
        if col > prev_col and not opens:
            return number, col + 1, msg("layout.too_far", key=key, other=prev_key,
                                        line=prev_number, n=col - prev_col)
        if col < prev_col:
            siblings = [c for n, c, k, _ in columns[:index] if c < col or c == col]
            if not siblings or siblings[-1] != col:
                return number, col + 1, msg("layout.too_little", key=key, other=prev_key,
                                            line=prev_number, col=prev_col + 1)
    return None


def explain_syntax_error(text: str, error_line: int, keys: frozenset[str]) -> Found | None:
    """The authoring mistake behind a YAML error at 1-based ``error_line``, if one is seen.

    Looks from the top of the file down to the line after the error for odd indentation and
    wrong colons (the parser trips a line or more later), then at the error line and the one
    above for a curly-quoted value and for a key out of line with its neighbours.
    """
    lines = text.splitlines()
    for number in range(1, min(error_line + 1, len(lines)) + 1):
        line = lines[number - 1]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _indent_problem(number, line) or _colon_problem(number, line, keys)
        if found:
            return found
    for number in (error_line, error_line - 1):
        if 1 <= number <= len(lines):
            value = _quoted_value(lines[number - 1])
            if value:
                col = lines[number - 1].find(value) + 1
                return number, col, msg("layout.curly_quoted", text=_short(value),
                                        fixed=_short(_straight_quoted(value)))
    for number in (error_line, error_line - 1):
        if 1 <= number <= len(lines):
            line = _content(lines[number - 1])
            for bracket in FULLWIDTH_BRACKETS:
                col = line.find(bracket)
                if col >= 0:
                    return number, col + 1, msg("layout.fullwidth_bracket", bracket=bracket)
    return _indent_mismatch(lines, error_line, keys) or _entry_too_far(lines, error_line, keys)


#: a ``key: value`` line whose key is any text (an entry of ``pairs:`` or ``accept:``)
_ENTRY = re.compile(r"(?P<indent> *)(?P<key>[^\s#:\-][^:]*?):(?: +(?P<value>\S.*)|\s*$)")


def _entry_too_far(lines: list[str], error_line: int, keys: frozenset[str]) -> Found | None:
    """An entry of a mapping of the teacher's own keys (``pairs:``) indented further than the
    entry above it (YAML reads it as the rest of that entry's value and stops at its colon),
    or less far (but still under ``pairs:``)."""
    if not 2 <= error_line <= len(lines):
        return None
    here = _ENTRY.match(lines[error_line - 1])
    above_number = error_line - 1
    while above_number >= 1 and (not lines[above_number - 1].strip()
                                 or lines[above_number - 1].lstrip().startswith("#")):
        above_number -= 1
    above = _ENTRY.match(lines[above_number - 1]) if above_number >= 1 else None
    if here is None or above is None or not above.group("value"):
        return None
    if above.group("key").strip() in keys:
        return None  # a format key's long value continued: the colon in it is the cause
    n = len(here.group("indent")) - len(above.group("indent"))
    if n == 0 or here.group("key").strip() in keys:
        return None
    if n < 0:  # less far, yet further than the line that opens the group
        parent = next((len(line) - len(line.lstrip(" ")) for line in reversed(
            lines[:above_number - 1]) if line.strip() and not line.lstrip().startswith("#")
            and len(line) - len(line.lstrip(" ")) < len(above.group("indent"))), -1)
        if len(here.group("indent")) <= parent:
            return None
    key = "layout.entry_too_far" if n > 0 else "layout.entry_too_little"
    return error_line, len(here.group("indent")) + 1, msg(
        key, key=here.group("key").strip(), other=above.group("key").strip(),
        line=above_number, n=abs(n))


def _straight_quoted(value: str) -> str:
    """``value`` quoted as a whole with straight quotes (its curly quotes kept as text)."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _short(value: str) -> str:
    return value if len(value) <= 30 else value[:29] + "…"


def alias_overflow(text: str) -> Found | None:
    """The first alias (``*name``) that makes the file expand beyond its bound, or None.

    Walks YAML's events once and adds up how much text each anchor stands for (an anchor
    that contains aliases counts what they repeat), so a file that would expand to gigabytes
    is measured without being expanded. The bound is :data:`ALIAS_FACTOR` times the file's
    length (at least :data:`ALIAS_FLOOR`), and never more than :data:`ALIAS_MAX` (lengths
    in characters).
    Syntax errors are left to the loader (None).
    """
    if "&" not in text or "*" not in text:
        return None
    limit = min(max(ALIAS_FACTOR * len(text), ALIAS_FLOOR), ALIAS_MAX)
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    sizes: dict[str, int] = {}
    frames: list[list] = []  # [anchor, size]
    total = uses = 0
    try:
        for event in yaml.parse(text, Loader=loader_class):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                frames.append([event.anchor, 1])
                total += 1
                continue
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                anchor, grown = frames.pop()
                if anchor:
                    sizes[anchor] = grown
                if frames:
                    frames[-1][1] += grown
                continue
            if isinstance(event, yaml.ScalarEvent):
                grown = len(event.value) + 1
                if event.anchor:
                    sizes[event.anchor] = grown
                total += grown
            elif isinstance(event, yaml.AliasEvent):
                grown = sizes.get(event.anchor, 0)
                total += grown
                uses += 1
                if uses > ALIAS_MAX_USES:
                    mark = event.start_mark
                    return (mark.line + 1, mark.column + 1,
                            msg("layout.too_many_aliases", alias=event.anchor,
                                limit=ALIAS_MAX_USES))
                if total > limit:
                    mark = event.start_mark
                    return (mark.line + 1, mark.column + 1,
                            msg("layout.alias_too_big", alias=event.anchor, size=grown,
                                limit=limit))
            else:
                continue
            if frames:
                frames[-1][1] += grown
    except yaml.YAMLError:
        return None
    return None
