"""The built-in question content in content/: it must not silently shrink, and it must stay
faithful to the article it teaches (every question explained, every quote verbatim)."""

from __future__ import annotations

import os
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
#: the article as shipped with the app (content/article.md) and the shared original it copies
ARTICLE = CONTENT / "article.md"
SHARED_ARTICLE = ROOT.parent / "shared" / "article" / "article.md"

TYPES = ("choice", "multi", "truefalse", "fill", "match", "order", "card")
MIN_QUESTIONS = 70
MIN_PER_TYPE = 4
MIN_BEYOND_RECALL = 15
LEVELS = ("recall", "understand", "apply")
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


def test_quotes_verbatim_in_article():
    text = ARTICLE.read_text(encoding="utf-8")
    bad = [f"{name}: {q['id']}: {q['quote']}" for name, q in questions()
           if q.get("quote") and q["quote"].strip() not in text]
    assert not bad, "quotes not found verbatim in the article:\n" + "\n".join(bad)


@pytest.mark.skipif(not SHARED_ARTICLE.exists() and os.environ.get("CI") != "true",
                    reason=f"the original article is not beside the repository ({SHARED_ARTICLE})")
def test_shipped_article_is_the_original():
    """Runs wherever the original is beside the checkout, and always in CI."""
    assert ARTICLE.read_bytes() == SHARED_ARTICLE.read_bytes()


def test_every_sentence_of_the_article_is_taught():
    from quizapp.core.coverage import coverage
    from quizapp.core.loader import load_paths

    result = load_paths([CONTENT])
    bank = [q for s in result.sets for q in s.questions]
    found = coverage(ARTICLE.read_text(encoding="utf-8"), bank)
    assert len(found.paragraphs) == 13
    assert not found.untaught_paragraphs
    assert not found.untaught, found.untaught
    assert not [s.gaps for p in found.paragraphs for s in p.sentences if s.gaps]
    assert not found.unplaced


def test_every_question_states_its_level_and_many_go_beyond_recall():
    levels = Counter(q.get("level") for _, q in questions())
    assert set(levels) <= set(LEVELS), levels
    assert levels["understand"] + levels["apply"] >= MIN_BEYOND_RECALL, levels
    assert levels["apply"] >= 5, levels


def _shown_texts(q: dict) -> list[str]:
    """Everything a student reads of a question, except its verbatim quote."""
    texts = [q.get("prompt"), q.get("front"), q.get("back"), q.get("explain")]
    texts += q.get("options") or []
    texts += q.get("items") or []
    for left, right in (q.get("pairs") or {}).items():
        texts += [left, right]
    return [CLOZE.sub(r"\1", t) for t in texts if t]


CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::.*?)?\}\}")


# ASCII , ? : ; ! next to a Chinese character (the article's own half-width commas stay in quotes)
HALF_WIDTH_IN_CHINESE = re.compile(r"[\u4e00-\u9fff”“][,?:;!]|[,?:;!][\u4e00-\u9fff“”]")


def test_chinese_text_uses_full_width_punctuation():
    bad = [f"{name}: {q['id']}: {text}" for name, q in questions() for text in _shown_texts(q)
           if HALF_WIDTH_IN_CHINESE.search(text)]
    assert not bad, "use ， ？ ： ； ！ in Chinese text:\n" + "\n".join(bad)


def test_no_fact_taught_the_same_way_more_than_twice():
    """Questions of one type on one quoted sentence are the same fact asked the same way."""
    same = Counter((q["type"], q["quote"].strip()) for _, q in questions())
    repeated = {k: n for k, n in same.items() if n > 2}
    assert not repeated, repeated
    per_quote = Counter(q["quote"].strip() for _, q in questions())
    crowded = {k: n for k, n in per_quote.items() if n > 3}
    assert not crowded, f"more than three questions on one quote: {crowded}"


def test_order_questions_do_not_ask_for_side_by_side_steps():
    """Only sequences that mean something: no "排列……要做的事" lists of parallel measures."""
    bad = [q["id"] for _, q in questions()
           if q["type"] == "order" and re.search(r"要做的(事|三件事)", q["prompt"])]
    assert not bad, bad


def test_choices_keep_their_shuffle():
    """Pinning the options (shuffle: false) would put the answer at the same letter every time."""
    pinned = [q["id"] for _, q in questions() if str(q.get("shuffle", "true")).lower() == "false"]
    assert not pinned, pinned
