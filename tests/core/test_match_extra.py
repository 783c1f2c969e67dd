"""A matching question's extra right items (distractors, as Moodle's ``= -> item``): written
as ``extra:``, shown among the right items everywhere, graded by the pairs alone, and kept by
every export and import."""

from __future__ import annotations

import random

from quizapp.core.grading import share
from quizapp.core.loader import load_bytes
from quizapp.core.model import MatchQuestion
from quizapp.core.selection import present
from quizapp.i18n import words

MATCH = ("title: t\nquestions:\n  - id: m\n    type: match\n    prompt: 把城市和产业连起来。\n"
         "    pairs:\n      长沙: 工程机械\n      株洲: 轨道交通\n    extra: [电子信息]\n")


def the_question(text: str = MATCH) -> MatchQuestion:
    result = load_bytes(text.encode())
    assert result.ok, [str(p) for p in result.problems]
    q = result.bank.questions[0]
    assert isinstance(q, MatchQuestion)
    return q


def test_extra_right_items_are_shown_but_belong_to_no_pair() -> None:
    q = the_question()
    assert q.extra == ("电子信息",) and q.lefts == ("长沙", "株洲")
    assert set(present(q, 0, 1, random.Random(1)).rights) == {"工程机械", "轨道交通", "电子信息"}
    assert share(q, {"长沙": "工程机械", "株洲": "轨道交通"}) == 1
    assert share(q, {"长沙": "电子信息", "株洲": "轨道交通"}) == 0.5
    assert q.content()["extra"] == ["电子信息"]


def test_a_match_without_extra_hashes_as_before() -> None:
    q = the_question(MATCH.replace("    extra: [电子信息]\n", ""))
    assert "extra" not in q.content()


def problems(text: str) -> list[tuple[int, str]]:
    result = load_bytes(text.encode())
    return [(p.line, p.text(words("zh"))) for p in result.problems]


def test_extra_mistakes_are_located_and_named() -> None:
    paired = problems(MATCH.replace("[电子信息]", "[电子信息, 轨道交通]"))
    assert paired == [(9, "`extra` 里的 “轨道交通” 已经是左项 “株洲” 的右项：`extra` 只写没有左项"
                          "与之相配的右项（干扰项）")]
    twice = problems(MATCH.replace("[电子信息]", "[电子信息, 电子信息]"))
    assert twice == [(9, "`extra` 里的 “电子信息” 写了两次")]
    many = problems(MATCH.replace("[电子信息]", "[" + ", ".join(f"干扰{i}" for i in range(7)) + "]"))
    assert many == [(9, "连线题的右项（`pairs` 里的 2 个加上 `extra` 里的 7 个）最多 8 个")]
    on_choice = problems("title: t\nquestions:\n  - {id: c, type: choice, prompt: p, options: "
                         "[a, b], answer: a, extra: [c]}\n")
    assert len(on_choice) == 1 and "extra" in on_choice[0][1]
