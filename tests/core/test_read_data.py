"""The loader builds the document straight from YAML's events (no node tree): the same data
as PyYAML's own constructor, and PyYAML's path for anything unusual."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizapp.core.loader import TextLoader, _Unusual, read_data

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*(ROOT / "content").glob("*.yaml"), *(ROOT / "tests" / "fixtures").rglob("*.yaml")])


def both(text: str):
    ours = TextLoader(text)
    theirs = TextLoader(text)
    try:
        return (read_data(ours), ours.duplicate_keys), (theirs.get_single_data(),
                                                         theirs.duplicate_keys)
    finally:
        ours.dispose()
        theirs.dispose()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_data_as_pyyaml_for_every_file_we_have(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        theirs = TextLoader(text).get_single_data()
    except (yaml.YAMLError, RecursionError):
        return  # a broken fixture: the loader reports it through PyYAML's path
    try:
        ours = read_data(TextLoader(text))
    except _Unusual:
        return
    assert ours == theirs


@pytest.mark.parametrize("text", [
    "a: 1\nb: [x, 'y', \"z\"]\nc: {d: no, e: ~}\nf:\n",
    "a: &x [1, 2]\nb: *x\nc: &y {k: v}\nd: [*y, *y]\n",
    "a: 1\na: 2\nb: {c: 1, c: 3}\n",
    "- just\n- a list\n",
    "plain scalar",
    "! a: ! b\n",
    "a: !!str 12\n",
    "",
    "# only a comment\n",
])
def test_same_data_and_duplicate_flag(text):
    ours, theirs = both(text)
    assert ours == theirs


def test_aliases_are_the_same_object():
    data = read_data(TextLoader("a: &x [1]\nb: *x\n"))
    assert data["a"] is data["b"]


@pytest.mark.parametrize("text", [
    "a: !!int 12\n",                    # an explicit tag: PyYAML builds an int
    "a: !custom x\n",                   # PyYAML reports it
    "[a, b]: 1\n",                      # a list as a key
    "a: *nowhere\n",                    # an undefined alias
    "a: 1\n---\nb: 2\n",                # a second document
    "a: &x 1\nb: &x 2\n",               # a repeated anchor
    "[" * 150 + "]" * 150,              # nesting deeper than a question file
])
def test_unusual_files_go_to_pyyaml(text):
    with pytest.raises(_Unusual):
        read_data(TextLoader(text))


def test_syntax_errors_are_pyyamls_own():
    with pytest.raises(yaml.YAMLError) as ours:
        read_data(TextLoader("a: [1, 2\nb: 3\n"))
    with pytest.raises(yaml.YAMLError) as theirs:
        TextLoader("a: [1, 2\nb: 3\n").get_single_data()
    assert str(ours.value) == str(theirs.value)
