"""Writing a question file's YAML quickly: plain text where it reads back the same,
JSON-style double quotes (a subset of YAML) elsewhere, ``|-`` blocks for several lines.

PyYAML's representer costs about 0.2 ms a question; this writer, for the few shapes a
question file has (mappings, lists, text, whole numbers, true/false), a tenth of that.
Tests read its output back with PyYAML and compare.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: characters PyYAML refuses anywhere in a stream (its Reader's NON_PRINTABLE), plus the
#: ones it reads as line breaks or a byte-order mark: escaped inside double quotes
_ESCAPE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe"
                     "\uff00-\ufffd\U00010000-\U0010ffff]")
#: a plain scalar starts with a letter (ASCII or not) and has no ": ", " #", tab or line
#: break inside and no colon or space at its end
_PLAIN = re.compile(r"[^\x00-\x40\x5b-\x60\x7b-\x7f][^\t\n\r]*\Z")
_NOT_PLAIN = re.compile(r": | #|[:\s]\Z")
#: plain words YAML 1.1 would read as something other than text
_SPECIAL_WORD = re.compile(
    r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL)\Z")


def _escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}" if ord(match.group()) < 0x10000 else \
        f"\\U{ord(match.group()):08x}"


def quoted(text: str) -> str:
    return _ESCAPE.sub(_escape, json.dumps(text, ensure_ascii=False))


def scalar(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if (_PLAIN.match(text) and not _NOT_PLAIN.search(text) and not _ESCAPE.search(text)
            and not _SPECIAL_WORD.match(text)):
        return text
    return quoted(text)


def _block(text: str, indent: str) -> str | None:
    """``|-`` and the lines, when a literal block reads back as exactly ``text``."""
    if ("\r" in text or _ESCAPE.search(text) or text[:1] in (" ", "\n", "\t")
            or text.endswith("\n")):
        return None
    lines = text.split("\n")
    return "|-\n" + "\n".join(f"{indent}{line}" if line else "" for line in lines)


def _emit(value: dict[Any, Any] | list[Any], indent: str, out: list[str]) -> None:
    """``value`` (a mapping or a list) as block lines at ``indent``."""
    if isinstance(value, dict):
        for key, item in value.items():
            _entry(f"{indent}{scalar(key)}:", item, indent, out)
    else:
        for item in value:  # list items sit at the parent's indent, as PyYAML writes them
            if isinstance(item, dict) and item:
                first = True
                for key, sub in item.items():
                    lead = f"{indent}- " if first else f"{indent}  "
                    _entry(f"{lead}{scalar(key)}:", sub, indent + "  ", out)
                    first = False
            else:
                _entry(f"{indent}-", item, indent + "  ", out)


def _entry(head: str, value: object, indent: str, out: list[str]) -> None:
    if isinstance(value, dict | list):
        if not value:
            out.append(f"{head} {{}}" if isinstance(value, dict) else f"{head} []")
            return
        out.append(head)
        _emit(value, indent + "  " if isinstance(value, dict) else indent, out)
        return
    if isinstance(value, str) and "\n" in value:
        block = _block(value, indent + "  ")
        out.append(f"{head} {block if block is not None else quoted(value)}")
        return
    out.append(f"{head} {scalar(value)}")


def dumps(doc: dict) -> str:
    out: list[str] = []
    _emit(doc, "", out)
    return "\n".join(out) + "\n"
