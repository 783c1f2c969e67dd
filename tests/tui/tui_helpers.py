"""Helpers for the TUI tests: a small bank with one question of each type, a frozen clock,
and functions to build the app and drive it with Pilot."""

from __future__ import annotations

import time
from pathlib import Path

from clocks import MonotonicClock
from textual.widgets import Select

from quizapp.core.model import (
    Bank,
    Blank,
    CardQuestion,
    ChoiceQuestion,
    FillQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    QuestionSet,
    TrueFalseQuestion,
)
from quizapp.core.session import QuizSpec, build_session
from quizapp.services.recorder import StoreState

CITY = QuestionSet(key="01-city", title="一座城", path="content/01-city.yaml", questions=(
    ChoiceQuestion(
        id="city-river", prompt="长株潭三市同饮哪一条江的水?",
        options=("湘江", "资江", "沅江", "澧水"), answer="湘江",
        explain="三市“同饮一江水”,这条江是湘江。", quote="长株潭三市同饮一江水",
        set_key="01-city"),
    MultiQuestion(
        id="city-common", prompt="文章说三市有哪些共同之处?",
        options=("共同的底色", "共同的基因", "共同的方言", "共同的使命"),
        answers=frozenset({"共同的底色", "共同的基因", "共同的使命"}),
        explain="底色、基因、使命。", set_key="01-city"),
    TrueFalseQuestion(
        id="city-must", prompt="长株潭一体化是“必答题”,不是“选择题”。", answer=True,
        explain="原文:不是选择题,而是必答题。", set_key="01-city"),
    FillQuestion(
        id="city-fill", prompt="让“一座城”不仅发展得{{c1::快}},更发展得{{c2::稳}}。",
        blanks=(Blank(1, "快"), Blank(2, "稳")), set_key="01-city"),
))
CHESS = QuestionSet(key="02-chess", title="下好“三盘棋”", path="content/02-chess.yaml", questions=(
    MatchQuestion(
        id="chess-match", prompt="把城市和它的产业配对。",
        pairs=(("长沙", "工程机械"), ("株洲", "轨道交通"), ("湘潭", "新能源材料")),
        set_key="02-chess"),
    OrderQuestion(
        id="chess-order", prompt="按文章的顺序排列三盘棋。",
        items=("产业棋", "制度棋", "民生棋"), set_key="02-chess"),
    CardQuestion(
        id="chess-card", prompt="“三盘棋”是哪三盘?", front="“三盘棋”是哪三盘?",
        back="产业棋、制度棋、民生棋", set_key="02-chess"),
))
BANK = Bank.of([CITY, CHESS])


def session_for(bank: Bank, clock: MonotonicClock, **spec):
    spec.setdefault("seed", 7)
    return build_session(bank, QuizSpec(**spec), clock=clock)


def make_app(bank: Bank, db_url: str, clock: MonotonicClock, *, session=None, lang: str = "zh",
             student: str = "张三", settings_file: Path | None = None, **kw):
    from quizapp.tui.app import QuizApp
    from quizapp.tui.start import QuizStart

    start = QuizStart(session) if session is not None else kw.pop("start", None)
    return QuizApp(bank, start=start, student=student, db_url=db_url, lang=lang,
                   clock=clock, settings_file=settings_file, remember=settings_file is not None,
                   cursor_blink=False, **kw)


def quiz_app(db_url: str, *, bank: Bank = BANK, clock: MonotonicClock | None = None,
             lang: str = "zh", student: str = "张三", **spec):
    """The app opened on a quiz of ``bank`` chosen by ``spec`` (:class:`QuizSpec`'s
    fields; seed 7 unless given), on ``clock`` (a new one by default)."""
    clock = clock if clock is not None else MonotonicClock()
    return make_app(bank, db_url, clock, lang=lang, student=student,
                    session=session_for(bank, clock, **spec))


async def leave_quiz(pilot):
    """Esc on a quiz, ``y`` to the question whether to leave: Home, settled."""
    from quizapp.tui.screens.confirm import ConfirmScreen
    from quizapp.tui.screens.home import HomeScreen

    await pilot.press("escape")
    await wait_for_screen(pilot, ConfirmScreen)
    await pilot.press("y")
    home = await wait_for_screen(pilot, HomeScreen)
    await settle(pilot)
    return home


async def settle(pilot, timeout: float = 10.0) -> None:
    """Wait until the store is open (or failed), every queued write has run and every
    read has ended, and the results have reached the screen."""
    from quizapp.tui.reads import reading

    app = pilot.app
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        rec = app.recorder
        if rec.state is not StoreState.WAITING and rec.wait_idle(0) and not reading(app):
            await pilot.pause(0.05)
            return
    raise AssertionError(f"the recorder did not settle (state {app.recorder.state})")


async def wait_for_screen(pilot, kind: type, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if isinstance(pilot.app.screen, kind):
            await pilot.pause(0.02)
            return pilot.app.screen
        await pilot.pause(0.02)
    raise AssertionError(f"expected {kind.__name__}, on {type(pilot.app.screen).__name__}")


async def until(pilot, condition, timeout: float = 10.0, *,
                what: str = "the screen to catch up") -> None:
    """Wait until `condition()` holds (layout after a resize, focus after a key, a clock's
    tick): a fixed pause is too short on a busy machine and too long on an idle one."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await pilot.pause(0.02)


def open_store(url: str):
    from quizapp.storage import Store

    return Store.open(url)


# -- answering each type with the keyboard (right, or wrong on purpose) ------------------

async def choose_options(pilot, widget, wanted) -> None:
    for text in wanted:
        await pilot.press(str(widget.labels.index(text) + 1))


async def answer_choice(pilot, widget, right):
    q = widget.question
    pick = q.answer if right else next(o for o in q.options if o != q.answer)
    await choose_options(pilot, widget, [pick])
    return pick


async def answer_multi(pilot, widget, right):
    q = widget.question
    picks = [o for o in widget.labels if o in q.answers]
    if not right:  # two right and one wrong: a third of the points
        picks = [*picks[:2], "共同的方言"]
    await choose_options(pilot, widget, picks)
    return sorted(picks, key=q.options.index)


async def answer_truefalse(pilot, widget, right):
    value = widget.question.answer if right else not widget.question.answer
    await pilot.press("t" if value else "f")
    return value


async def answer_fill(pilot, widget, right):
    await pilot.press("快" if right else "慢", "tab", "稳")
    return ["快" if right else "慢", "稳"]


async def answer_match(pilot, widget, right):
    q: MatchQuestion = widget.question
    wanted = dict(q.pairs)
    if not right:  # swap the first two
        first, second = q.lefts[:2]
        wanted[first], wanted[second] = wanted[second], wanted[first]
    for i, left in enumerate(q.lefts):
        box = widget.query_one(f"#match-{i}", Select)
        assert pilot.app.focused is box
        await pilot.press("space")  # opens the drop-down
        steps = widget.shown.rights.index(wanted[left]) + 1  # below the blank line
        await pilot.press(*["down"] * steps, "enter")
        assert box.value == wanted[left]
        await pilot.press("tab")
    return wanted


async def answer_order(pilot, widget, right):
    q: OrderQuestion = widget.question
    target = list(q.items) if right else list(reversed(q.items))
    for position, item in enumerate(target):
        current = widget.order.index(item)
        while widget.cursor < current:
            await pilot.press("down")
        while widget.cursor > current:
            await pilot.press("up")
        for _ in range(current - position):
            await pilot.press("shift+up")
    assert widget.order == target
    return target


async def answer_card(pilot, widget, right):
    await pilot.press("space")
    assert widget.flipped
    await pilot.press("2" if right else "1")
    return right


ANSWERS = {
    "choice": answer_choice,
    "multi": answer_multi,
    "truefalse": answer_truefalse,
    "fill": answer_fill,
    "match": answer_match,
    "order": answer_order,
    "card": answer_card,
}


async def answer(pilot, right: bool = True):
    """Answer the quiz screen's current question with the keys; returns what was given."""
    widget = pilot.app.screen.widget
    return await ANSWERS[widget.question.type](pilot, widget, right)


def help_rows(screen) -> list[tuple[str, str]]:
    """The help screen's rows: (keys, what they do)."""
    from textual.widgets import DataTable

    return [(str(table.get_row_at(i)[0]), str(table.get_row_at(i)[1]))
            for table in screen.query(DataTable) for i in range(table.row_count)]
