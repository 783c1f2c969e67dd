"""The built-in question content in content/: it must not silently shrink, and it must stay
faithful to the article it teaches (every question explained, every quote verbatim)."""

from __future__ import annotations

import os
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
ARTICLE = ROOT.parent / "shared" / "article" / "article.md"

TYPES = ("choice", "multi", "truefalse", "fill", "match", "order", "card")
MIN_QUESTIONS = 70
MIN_PER_TYPE = 4
DECK_ROOT = "长株潭一体化::"


@cache
def question_sets() -> dict[str, dict]:
    """Each content file's parsed YAML, by file name."""
    files = sorted(CONTENT.glob("*.yaml"))
    assert files, f"no question files in {CONTENT}"
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in files}


def questions() -> list[tuple[str, dict]]:
    return [(name, q) for name, doc in question_sets().items() for q in doc["questions"]]


def test_at_least_70_questions():
    assert len(questions()) >= MIN_QUESTIONS


def test_every_type_used_at_least_four_times():
    counts = Counter(q["type"] for _, q in questions())
    short = {t: counts[t] for t in TYPES if counts[t] < MIN_PER_TYPE}
    assert not short, f"types used fewer than {MIN_PER_TYPE} times: {short}"


def test_every_question_has_explain_and_quote():
    missing = [
        f"{name}: {q.get('id')}: no {key}"
        for name, q in questions()
        for key in ("explain", "quote")
        if not str(q.get(key) or "").strip()
    ]
    assert not missing, "\n".join(missing)


def test_ids_unique_across_files():
    counts = Counter(q["id"] for _, q in questions())
    assert not [i for i, n in counts.items() if n > 1]


def test_each_file_has_its_own_deck_under_one_root():
    decks = [doc.get("deck", "") for doc in question_sets().values()]
    assert all(d.startswith(DECK_ROOT) for d in decks), decks
    assert len(set(decks)) == len(decks), decks


@pytest.mark.skipif(not ARTICLE.exists() and os.environ.get("CI") != "true",
                    reason=f"the article is not beside the repository ({ARTICLE})")
def test_quotes_verbatim_in_article():
    """Runs wherever the article is beside the checkout, and always in CI."""
    text = ARTICLE.read_text(encoding="utf-8")
    bad = [f"{name}: {q['id']}: {q['quote']}" for name, q in questions()
           if q.get("quote") and q["quote"].strip() not in text]
    assert not bad, "quotes not found verbatim in the article:\n" + "\n".join(bad)
