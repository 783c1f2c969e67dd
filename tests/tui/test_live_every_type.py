"""A whole live class on every question type, on SQLite and on PostgreSQL (required with
CI=true): the host's lobby says the flashcard is left out; three students answer every
other type with the keys (some right, some wrong, one question left unanswered), each
question is revealed, the class runs to its end; then ``report items --mode live`` and
each student's stored attempt agree with what was answered, question by question."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack

from click.testing import CliRunner
from test_live_screens import (
    host_app,
    join,
    live_url,  # noqa: F401 - the fixture, on both back ends
    student_app,
    text_of,
    until,
)
from textual.widgets import Select
from tui_helpers import BANK

from quizapp.core.grading import grade
from quizapp.core.session import QuizSpec
from quizapp.i18n import t

NAMES = ("小明", "Alice", "王五")


def plan(qtype: str, student: int) -> bool | None:
    """Whether ``student`` answers a question of ``qtype`` right (None: not at all).
    小明 gets everything right, Alice everything wrong, 王五 half and half and leaves
    the order question unanswered."""
    if student == 0:
        return True
    if student == 1:
        return False
    if qtype == "order":
        return None
    return qtype in ("choice", "fill", "match")


def wanted(q, right: bool):
    """The response to give to the host's question ``q`` (the answer key is the host's:
    a student's question has none)."""
    if q.type == "choice":
        return q.answer if right else next(o for o in q.options if o != q.answer)
    if q.type == "multi":
        return frozenset(q.answers) if right else frozenset(
            o for o in q.options if o not in q.answers)
    if q.type == "truefalse":
        return q.answer if right else not q.answer
    if q.type == "fill":
        return [b.answer if right else "错" for b in q.blanks]
    if q.type == "match":
        pairs = dict(q.pairs)
        if not right:  # the first two swapped
            first, second = q.lefts[:2]
            pairs[first], pairs[second] = pairs[second], pairs[first]
        return pairs
    if q.type == "order":
        return list(q.items) if right else list(reversed(q.items))
    raise AssertionError(q.type)


async def give(pilot, widget, q, response) -> None:
    """Give ``response`` to the student's ``widget`` with the keys a student presses."""
    if q.type in ("choice", "multi"):
        picks = [response] if q.type == "choice" else sorted(response)
        await pilot.press(*[str(widget.labels.index(p) + 1) for p in picks])
    elif q.type == "truefalse":
        await pilot.press("t" if response else "f")
    elif q.type == "fill":
        for i, text in enumerate(response):
            if i:
                await pilot.press("tab")
            await pilot.press(*text)
    elif q.type == "match":
        for i, left in enumerate(q.lefts):
            box = widget.query_one(f"#match-{i}", Select)
            await until(pilot, lambda b=box: pilot.app.focused is b, f"match box {i}")
            await pilot.press("space")  # the drop-down
            steps = widget.shown.rights.index(response[left]) + 1  # below the blank line
            await pilot.press(*["down"] * steps, "enter")
            assert box.value == response[left]
            await pilot.press("tab")
    elif q.type == "order":
        for position, item in enumerate(response):
            current = widget.order.index(item)
            while widget.cursor < current:
                await pilot.press("down")
            while widget.cursor > current:
                await pilot.press("up")
            for _ in range(current - position):
                await pilot.press("shift+up")
        assert widget.order == response
    else:
        raise AssertionError(q.type)


async def answer_live(pilot, screen, q, response) -> None:
    widget = await until(pilot, lambda: screen.phase == "question" and screen.widget
                         and screen.widget.is_mounted and screen.widget.has_focus_within
                         and screen.widget, f"the {q.type} question, with the focus")
    assert widget.question.type == q.type and widget.question.explain == ""
    await give(pilot, widget, q, response)
    await until(pilot, lambda: not widget.has_no_answer(), "the answer given")
    await pilot.press("enter")
    await until(pilot, lambda: screen.phase == "sent", f"the {q.type} answer sent")


async def test_every_type_to_the_end_and_the_report(live_url):  # noqa: F811
    from quizapp.cli import main
    from quizapp.services.live import LiveHost
    from quizapp.storage import Store

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=32))
    host_store = Store.open(live_url)
    host = LiveHost.create(host_store.live, BANK, QuizSpec(seed=5))
    types = [p.question.type for p in host.shown]
    assert sorted(types) == sorted(["choice", "multi", "truefalse", "fill", "match", "order"])
    assert host.cards_left_out == 1
    given: dict[str, dict[str, object]] = {n: {} for n in NAMES}  # name -> question -> response
    try:
        async with AsyncExitStack() as stack:
            hp = await stack.enter_async_context(host_app(host_store, host).run_test(
                size=(100, 32)))
            sp = [await stack.enter_async_context(student_app(live_url, host.code, n).run_test(
                size=(80, 24))) for n in NAMES]
            screens = [await join(p) for p in sp]
            host_screen = hp.app.screen
            await until(hp, lambda: host_screen.view and len(host_screen.view.members) == 3,
                        "three students in the lobby")
            lobby = text_of(host_screen, "#live-main").replace("\n", "")
            assert t("live.cards_left_out", n=1)[:12] in lobby  # the card, said left out

            await hp.press("s")
            for index, shown in enumerate(host.shown):
                q = shown.question
                await until(hp, lambda i=index: host_screen.view.session.current == i
                            and host_screen.view.session.state == "open", f"question {index + 1}")
                answering = 0
                for k, (pilot, screen) in enumerate(zip(sp, screens, strict=True)):
                    right = plan(q.type, k)
                    if right is None:
                        await until(pilot, lambda s=screen: s.phase == "question",
                                    "the question left unanswered")
                        continue
                    response = wanted(q, right)
                    await answer_live(pilot, screen, q, response)
                    given[NAMES[k]][q.id] = response
                    answering += 1
                view = await until(hp, lambda n=answering: host_screen.view.answered == n
                                   and host_screen.view, f"{answering} answers on the host")
                assert sum(bar.count for bar in view.bars) >= answering
                await hp.press("r")
                await until(sp[0], lambda: all(s.phase == "reveal" for s in screens),
                            f"the reveal of question {index + 1}")
                for k, screen in enumerate(screens):
                    note = text_of(screen, "#live-student-note")
                    right = plan(q.type, k)
                    if right is None:
                        assert t("live.no_answer") in note
                    elif right:
                        assert t("feedback.right") in note
                    else:
                        assert t("feedback.right") not in note
                await hp.press("n")  # after the last question: the end
            await until(hp, lambda: host_screen.results is not None
                        and host_screen.view.session.state == "ended", "the class results")
            await until(sp[0], lambda: all(s.phase == "end" for s in screens), "the end")
            final = text_of(host_screen, "#live-main")
            assert all(n in final for n in NAMES)
    finally:
        host_store.close()

    # what each student's attempt holds, question by question
    expected: dict[str, dict[str, tuple[float, bool]]] = {}
    with Store.open(live_url) as store:
        for name in NAMES:
            [attempt] = store.attempts.history(name)
            assert attempt.mode == "live" and attempt.finished
            rows = {r.question_id: r for r in store.attempts.attempt(attempt.id).responses}
            assert set(rows) == {p.question.id for p in host.shown}, name  # no card
            for shown in host.shown:
                q = shown.question
                row = rows[q.id]
                if q.id not in given[name]:  # asked, not answered: no points
                    assert row.response is None and row.score == 0 and not row.correct
                    expected.setdefault(q.id, {})[name] = (0.0, False)
                    continue
                mark = grade(q, given[name][q.id])
                assert row.correct is (plan(q.type, NAMES.index(name)) is True), (name, q.id)
                assert row.score == mark.score, (name, q.id)
                expected.setdefault(q.id, {})[name] = (mark.score, mark.correct)
            assert attempt.score == sum(expected[q][name][0] for q in rows)

    # the item report: each question's responses (an unanswered question counts, at no
    # points) and facility as answered
    result = CliRunner().invoke(main, ["report", "items", "--mode", "live", "--format", "json",
                                       "--db", live_url])
    assert result.exit_code == 0, result.output
    items = {rec["question"]: rec for rec in json.loads(result.output)}
    assert set(items) == {p.question.id for p in host.shown}  # the card is not among them
    for shown in host.shown:
        q = shown.question
        marks = expected[q.id]
        rec = items[q.id]
        assert rec["responses"] == len(marks), q.id
        facility = sum(score for score, _ in marks.values()) / (len(marks) * q.points)
        assert abs(rec["facility"] - facility) < 1e-6, (q.id, rec["facility"], facility)
