"""`quizapp coverage` on a long text: 100 lessons' worth of the article (3,500 sentences)
against 1,000 questions, beside plain substring search of the same quotes (``str.count``
of every quote: the least any search can do). Goal: at most 15x that floor (coverage also
splits the text into sentences and matches each quote to its sentence)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import median_time  # noqa: E402

from quizapp.core.coverage import coverage  # noqa: E402
from quizapp.core.loader import load_builtin  # noqa: E402
from quizapp.paths import builtin_article  # noqa: E402

COPIES = 100
QUESTION_COPIES = 10


def _data():
    article = builtin_article().read_text(encoding="utf-8")
    # each copy's sentences made distinct, so every quote is found once, as in a real text
    text = "\n\n".join(article.replace("。", f"(第{n}课)。") for n in range(COPIES))
    questions = [dataclasses.replace(q, id=f"{q.id}-{n}")
                 for n in range(QUESTION_COPIES) for q in load_builtin().bank.questions]
    return text, questions


def coverage_long_text() -> dict:
    text, questions = _data()
    result = coverage(text, questions)
    assert result.sentence_count > 3000 and result.taught_count > 0
    ours = median_time(lambda: coverage(text, questions), runs=3)
    base = median_time(lambda: sum(text.count(q.quote) for q in questions), runs=3)
    return {"ours_s": ours, "baseline": "str.count of every quote in the text", "baseline_s": base,
            "goal": 15.0, "sentences": result.sentence_count,
            "questions": len(questions)}


FIGURES = {"coverage_long_text": coverage_long_text}
