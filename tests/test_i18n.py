"""The interface strings: both languages have the same keys and placeholders, and every key
the code asks for exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from quizapp import i18n
from quizapp.i18n import EN, ZH, set_language, t

PACKAGE = Path(i18n.__file__).resolve().parent


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys():
    assert set(ZH) == set(EN), sorted(set(ZH) ^ set(EN))


@pytest.mark.parametrize("key", sorted(ZH))
def test_same_placeholders_and_no_empty_string(key):
    assert fields(ZH[key]) == fields(EN[key])
    assert ZH[key].strip() and EN[key].strip()


def test_t_formats_in_the_chosen_language():
    try:
        assert set_language("en") == "en"
        assert t("quiz.progress", n=3, total=20) == "Question 3/20"
        set_language("zh")
        assert t("quiz.progress", n=3, total=20) == "第 3/20 题"
        assert set_language(None) == "zh"  # Chinese by default
    finally:
        set_language("zh")


def test_unknown_language_and_key_are_errors():
    with pytest.raises(ValueError, match="unsupported language"):
        set_language("fr")
    with pytest.raises(KeyError):
        t("no.such.key")


#: t("key") and Binding(..., "key") / tooltip="key" literals in the source.
LITERAL = re.compile(r"""(?:\bt\(|tooltip=|Binding\([^)]*?,\s*"[^"]*",\s*|Group\()"([a-z_]+\.[a-z_.]+)\"""")


def test_every_key_the_code_uses_exists():
    used: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        for key in LITERAL.findall(path.read_text(encoding="utf-8")):
            used.setdefault(key, str(path.relative_to(PACKAGE)))
    # the scan really finds calls, binding descriptions, tooltips and groups
    assert {"quiz.progress", "key.submit", "tip.submit", "key.move_item"} <= used.keys()
    missing = {key: where for key, where in used.items() if key not in ZH}
    assert not missing


ASCII_MARKS = re.compile(r"[,:;?!()]")
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


#: The student's screens (the command line's and importers' messages have their own keys).
SCREENS = ("app.", "key.", "keyname.", "tip.", "home.", "mode.", "quiz.", "feedback.",
           "results.", "history.", "help.", "confirm.", "fmt.", "cards.", "plain.")


@pytest.mark.parametrize("key", sorted(k for k in ZH if k.startswith(SCREENS)))
def test_chinese_strings_use_full_width_punctuation(key):
    """"学生：", not "学生:": an ASCII mark next to a Chinese character (placeholders
    aside) is a typo; ASCII stays for keys, paths and latin text ("A,C", "Ctrl+Q")."""
    text = re.sub(r"\{path\}:", "", ZH[key])  # a location, "file:line: message"
    text = re.sub(r"\{\{[^{}]*\}\}|\{[^{}]*\}", "\0", text)
    for mark in ASCII_MARKS.finditer(text):
        around = text[max(0, mark.start() - 1):mark.end() + 1].replace("\0", "")
        assert not IDEOGRAPH.search(around), (key, ZH[key])
    if IDEOGRAPH.search(text):  # "得分 3/4（75%）": brackets in a Chinese label are full-width
        assert not re.search(r"[()]", text), (key, ZH[key])


def test_every_core_message_names_the_placeholders_of_its_string():
    """msg("key", a=..., b=...) anywhere fills exactly the placeholders of "key"."""
    import ast

    checked = 0
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "msg" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                key = node.args[0].value
                names = {k.arg for k in node.keywords}
                assert key in ZH, (path.name, key)
                assert names == fields(ZH[key]), (path.name, key, names)
                checked += 1
    assert checked > 50


# What may keep ASCII punctuation beside Chinese: code and key names in backticks, literal
# braces, YAML examples such as “键: 值” and [甲, 乙], and the Aiken/GIFT keywords.
_SYNTAX = re.compile(r"^\{path\}:|https?://\S+|`[^`]*`|\{\{.*?\}\}(?!\})|\[[^\]]*\]|“[^”]*: [^”]*”|ANSWER:|::|\b[A-Z]\)")
_ASCII_BESIDE_CHINESE = re.compile(r"[\u4e00-\u9fff][,;:?!()]|[,;:?!()][\u4e00-\u9fff]")


@pytest.mark.parametrize("key", sorted(ZH))
def test_every_chinese_message_uses_full_width_punctuation(key):
    """`学生：`, not `学生:`: a comma, colon, semicolon, question mark or bracket beside a
    Chinese character is the full-width one (a location `{path}:` stays ASCII)."""
    text = _SYNTAX.sub(" ", ZH[key])
    assert not _ASCII_BESIDE_CHINESE.search(text), ZH[key]
