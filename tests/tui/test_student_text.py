"""Chinese text on the student's screens: every wrapped line follows the line-breaking
rules (no line starts with closing punctuation or ends with opening punctuation), at
80x24 and 50x16, in the quiz, the feedback, the results, the card widget and the card
screen, and the toasts. The text is built so that a plain character wrap would break the
rules."""

from __future__ import annotations

import pytest
from clocks import MonotonicClock
from rich.console import Console
from rich.text import Text
from tui_helpers import make_app, session_for, settle, wait_for_screen

from quizapp.core.linebreak import NO_END, NO_START
from quizapp.core.model import Bank, CardQuestion, ChoiceQuestion, QuestionSet
from quizapp.tui.screens.feedback import FeedbackScreen
from quizapp.tui.screens.results import ResultsScreen
from quizapp.tui.widgets.prose import Prose

# closing marks everywhere: a plain wrap at almost any width starts a line with one
DENSE = "三个藩篱，“三个凡是”。三盘棋：产业、制度、民生？一座城！" * 3
BANK = Bank.of([QuestionSet(key="dense", title="密集标点", path="dense.yaml", questions=(
    ChoiceQuestion(id="d-choice", prompt=DENSE, options=(DENSE[:40], "湘江", "资江"),
                   answer="湘江", explain=DENSE, quote=DENSE, shuffle=False,
                   set_key="dense"),
    CardQuestion(id="d-card", prompt=DENSE, front=DENSE, back=DENSE[::-1],
                 explain=DENSE, set_key="dense"),
))])
SIZES = [(80, 24), (50, 16)]


def screen_lines(app, widget) -> list[str]:
    """The text the screen shows inside ``widget``'s content region, line by line."""
    region = widget.content_region
    strips = app.screen._compositor.render_strips()
    return [strips[y].crop(region.x, region.right).text.strip()
            for y in range(max(0, region.y), min(region.bottom, len(strips)))]


def assert_kinsoku(lines: list[str]) -> None:
    assert any(lines), "nothing shown"
    for line in lines:
        if line:
            assert line[0] not in NO_START, lines
            assert line[-1] not in NO_END, lines


def plain_wrap_breaks_rules(width: int, text: str = DENSE) -> bool:
    lines = Text(text).wrap(Console(width=200), width)
    return any(str(line)[:1] in NO_START for line in lines)


async def check_all_prose(pilot) -> int:
    checked, meaningful = 0, False
    for widget in pilot.app.screen.query(Prose):
        shown = all(node.display for node in widget.ancestors_with_self
                    if node is not pilot.app)
        if shown and widget.text.startswith(DENSE[:4]):
            widget.scroll_visible(animate=False, immediate=True)
            await pilot.pause()
            meaningful |= plain_wrap_breaks_rules(widget.content_region.width)
            assert_kinsoku(screen_lines(pilot.app, widget))
            checked += 1
    assert meaningful, "a plain wrap would have kept the rules here: the check proves nothing"
    return checked


@pytest.mark.parametrize("size", SIZES)
async def test_quiz_feedback_and_results_follow_the_rules(db_url, size):
    clock = MonotonicClock()
    session = session_for(BANK, clock, types=("choice",))
    app = make_app(BANK, db_url, clock, session=session)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert await check_all_prose(pilot) == 1  # the prompt
        rows = [r for r in pilot.app.screen.query("OptionRow")]
        assert_kinsoku(screen_lines(pilot.app, rows[0]))
        await pilot.press("1", "enter")
        await wait_for_screen(pilot, FeedbackScreen)
        assert await check_all_prose(pilot) >= 2  # prompt, explanation (and quote)
        await pilot.press("enter")
        await wait_for_screen(pilot, ResultsScreen)
        detail = pilot.app.screen.query_one("#results-detail-text", Prose)
        assert_kinsoku(screen_lines(pilot.app, detail))


@pytest.mark.parametrize("size", SIZES)
async def test_card_widget_follows_the_rules(db_url, size):
    clock = MonotonicClock()
    session = session_for(BANK, clock, types=("card",))
    app = make_app(BANK, db_url, clock, session=session)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert await check_all_prose(pilot) == 1  # the front
        await pilot.press("space")
        await pilot.pause()
        assert await check_all_prose(pilot) >= 1  # the front (and the explanation)


# -- results rows, the card's back, the history chart -------------------------------------

def test_results_rows_that_begin_alike_still_read_differently():
    from quizapp.cells import cell_len, truncate, truncate_middle

    a = "文章认为，长沙的工程机械产业属于哪一类？"
    b = "文章认为，长沙的工程机械和株洲的轨道交通说明了什么？"
    for width in (16, 20, 24):
        assert truncate(a, width) == truncate(b, width)  # cut at the end: the same row
        assert truncate_middle(a, width) != truncate_middle(b, width)
        assert cell_len(truncate_middle(b, width)) <= width
        assert truncate_middle(b, width).endswith("？")
    assert truncate_middle("短题", 10) == "短题"


def test_a_card_back_names_its_parts_and_says_each_thing_once():
    from quizapp.core.faces import back_parts

    card = CardQuestion(id="k", prompt="三市同饮哪条江？", front="三市同饮哪条江？",
                        back="长株潭三市同饮一江水", quote="长株潭三市 同饮一江水",
                        explain="湘江。", set_key="x")
    assert back_parts(card, true_false=("对", "错")) == [("answer", "长株潭三市同饮一江水"), ("explain", "湘江。")]


def test_the_history_chart_has_axes_and_dates():
    from quizapp.tui.widgets.chart import chart_rows

    rows = chart_rows([100, 0, 50], ["03-02", "03-03", "03-04"], 6, 40)
    assert rows[0].startswith("100%┤") and rows[2].startswith(" 50%┤")
    assert rows[4].startswith("  0%└─")
    assert "03-02" in rows[5] and "03-04" in rows[5]
    assert len(rows) == 6 and all(len(row) <= 40 for row in rows)


@pytest.mark.parametrize("size", SIZES)
async def test_a_blank_is_as_wide_as_its_longest_answer(db_url, size):
    from quizapp.core.model import Blank, FillQuestion
    from quizapp.tui.widgets.fill import blank_width

    answer = "你中有我、我中有你"  # 18 cells
    blank = Blank(1, "融合", accept=(answer,))
    assert blank_width(blank) >= 18 + 1
    fill = FillQuestion(id="f", prompt="三市要做到{{c1::融合::如何}}。", blanks=(blank,),
                        set_key="f")
    bank = Bank.of([QuestionSet(key="f", title="填空", path="f.yaml", questions=(fill,))])
    clock = MonotonicClock()
    app = make_app(bank, db_url, clock, session=session_for(bank, clock))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        box = app.screen.query_one(".fill-blank")
        assert box.region.width >= min(18 + 1, size[0] - 4)
        box.insert_text_at_cursor(answer)  # as typed (an IME sends the text at once)
        await pilot.pause()
        assert box.value == answer and box.scroll_x == 0  # all of it in view


# -- toasts --------------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("title", ["", "提示：三盘棋"])
async def test_toasts_follow_the_rules(db_url, size, title):
    from textual.widgets._toast import Toast

    app = make_app(BANK, db_url, MonotonicClock())
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        message = "长株" + DENSE  # a plain wrap breaks the rules at 80 and 50 columns
        app.notify(message, title=title, severity="warning", timeout=60)
        for _ in range(50):
            await pilot.pause(0.02)
            toasts = list(app.screen.query(Toast))
            if toasts and toasts[0].content_region.height:
                break
        (toast,) = toasts
        await pilot.pause()
        # else this proves nothing
        assert plain_wrap_breaks_rules(toast.content_region.width, message)
        # the toast's own lines (where it lies over another widget's edge, Textual's
        # compositor may blank a wide character: a separate matter)
        region = toast.content_region
        strips = toast.render_lines(region.translate((-toast.region.x, -toast.region.y)))
        lines = [strip.text.strip() for strip in strips]
        assert_kinsoku(lines)
        assert "".join(lines) == title + message  # all of it, in order, nothing dropped
        assert all(line for line in lines)
