"""The question-file writer reads back, with PyYAML and with the app's loader, as what it wrote."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.loader import load_bytes
from quizapp.importers.yamlout import dumps

TRICKY = ["", " lead", "trail ", "a: b", "a #b", "#c", "- d", "? e", "yes", "No", "null", "~",
          "1", "0x1F", "1e3", ".5", "-1", "=", "<<", "@x", "%y", "`z", "'q'", '"dq"', "[l]",
          "{m}", "a\tb", "a\rb", "两\n行", "\n", "x\n", "\u2028", "\x85", "\ufeff", "\x00", "\x7f",
          "\U0001f600", "长株潭", "“引号”", "colon:", "{{c1::答案}}"]

texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=12)


@given(st.lists(texts, max_size=4), texts)
@settings(max_examples=300, deadline=None)
def test_any_text_reads_back(values, key) -> None:
    doc = {"k": key, "l": values, "m": {key or "x": values}, "n": {1: [key]}}
    assert yaml.safe_load(dumps(doc)) == doc


def test_tricky_texts_read_back_and_load_as_a_question_file() -> None:
    doc = {"title": "t", "questions": [
        {"id": f"q{i}", "type": "card", "front": f"f{text}", "back": f"b{text}"}
        for i, text in enumerate(TRICKY)]}
    text = dumps(doc)
    assert yaml.safe_load(text) == doc
    result = load_bytes(text.encode("utf-8"), "t.yaml")
    assert result.problems == []
    assert len(result.bank.questions) == len(TRICKY)


def test_plain_where_it_can_be() -> None:
    assert dumps({"a": "长株潭“一座城”", "b": True, "c": 2, "d": ["x"]}) == \
        "a: 长株潭“一座城”\nb: true\nc: 2\nd:\n- x\n"
