"""The GIFT conformance suite: each case's input beside the reference parser's output
(GIFT-grammar-PEG.js, MIT; tests/fixtures/gift-conformance/README.md).

Every question must come out the same: its type, stem, title, id, tags, feedback and
right answers (choices, true/false, matching pairs). Each type the app does not take
(numerical, essay, description) must be listed as not taken, at its line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quizapp import i18n
from quizapp.importers import gift
from quizapp.importers.common import finish

SUITE = Path(__file__).resolve().parents[1] / "fixtures" / "gift-conformance"
CASES = sorted(p.stem for p in SUITE.glob("*.gift"))
UNSUPPORTED = {"Numerical", "Essay", "Description"}


def norm(text: str | None) -> str:
    """Text compared the way a reader sees it: blanks as ____, whitespace collapsed (the
    reference parser always puts a space after a blank, even before a full stop)."""
    out = " ".join(re.sub(r"_{3,}", "____", text or "").split())
    return re.sub(r"____ (?=[.,;:!?])", "____", out)


def text_of(value: dict | None) -> str:
    if not value:
        return ""
    return norm(gift.html_to_text(value["text"]) if value["format"] == "html"
                else value["text"])


def expected_right(q: dict) -> list[str]:
    choices = q["choices"]
    if q["type"] == "Short":
        right = [c for c in choices if c["weight"] is None or c["weight"] >= 100]
    else:
        right = [c for c in choices if c["isCorrect"]] or [
            c for c in choices if (c["weight"] or 0) > 0]
    return [text_of(c["text"]) for c in right]


def load(case: str):
    text = (SUITE / f"{case}.gift").read_text(encoding="utf-8").replace("\r\n", "\n")
    expected = [q for q in json.loads((SUITE / f"{case}.json").read_text(encoding="utf-8"))
                if q["type"] != "Category"]
    return text, expected


@pytest.mark.parametrize("case", CASES)
def test_same_questions_as_the_reference_parser(case: str) -> None:
    text, expected = load(case)
    questions, errors = gift.parse(text)
    assert errors == []
    assert [q.type for q in questions] == [q["type"] for q in expected]
    for ours, ref in zip(questions, expected, strict=True):
        assert norm(ours.stem) == text_of(ref["stem"]), case
        assert ours.title == (" ".join(ref["title"].split()) if ref.get("title") else "")
        assert ours.id == (ref.get("id") or "")
        assert ours.tags == (ref.get("tags") or [])
        if ref["type"] in ("MC", "Short"):
            assert [norm(c.text) for c in ours.choices] == [text_of(c["text"])
                                                             for c in ref["choices"]]
            assert [norm(a) for a in gift.right_answers(ours)] == expected_right(ref)
            assert [norm(c.feedback) for c in ours.choices] == [
                text_of(c["feedback"]) for c in ref["choices"]]
        if ref["type"] == "TF":
            assert ours.is_true is ref["isTrue"]
        if ref["type"] == "Matching":
            assert [(norm(a), norm(b)) for a, b in ours.pairs] == [
                (text_of(p["subquestion"]), norm(p["subanswer"])) for p in ref["matchPairs"]]
        if ref["type"] not in UNSUPPORTED:
            assert norm(ours.feedback) == text_of(ref.get("globalFeedback")) or (
                ref["type"] == "TF" and not ref.get("globalFeedback"))


@pytest.mark.parametrize("case", CASES)
def test_every_question_is_taken_or_listed_as_unsupported(case: str) -> None:
    i18n.set_language("en")
    try:
        text, expected = load(case)
        imported = gift.read_text(text, f"{case}.gift")
        result = finish(imported, title="t", id_prefix=case)
    finally:
        i18n.set_language("zh")
    supported = [q for q in expected if q["type"] not in UNSUPPORTED]
    unsupported = [q for q in expected if q["type"] in UNSUPPORTED]
    assert result.questions == len(supported), result.skipped
    assert len(result.skipped) == len(unsupported)
    for skipped in result.skipped:
        assert re.match(rf"{case}\.gift:\d+:\d+$", skipped.where)
        assert "not supported" in skipped.reason
