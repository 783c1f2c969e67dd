"""A widget on top of another's edge keeps its wide (Chinese) characters whole.

Textual cut the top widget's line at the edge below and split a character lying across it
into two spaces ("评分不会  变复习计划"). These tests draw overlays across edges, in full
and partial updates, and read what a terminal would show.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import get_character_cell_size
from rich.console import Console
from rich.segment import Segment
from textual.app import App
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Static
from tui_helpers import until

from quizapp.core.model import Bank
from quizapp.tui import compositor
from quizapp.tui.app import QuizApp

compositor.install()


class Terminal:
    """Just enough of a terminal: cursor moves and wide characters over narrow cells."""

    TOKEN = re.compile(r"\x1b\[(\d+);(\d+)H|\x1b\[[0-9;]*m|\n|(.)", re.S)

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.cells = [[" "] * width for _ in range(height)]

    def write(self, data: str) -> None:
        row = col = 0
        for match in self.TOKEN.finditer(data):
            if match.group(1):
                row, col = int(match.group(1)) - 1, int(match.group(2)) - 1
            elif match.group(3):
                col = self._put(row, col, match.group(3))

    def _put(self, row: int, col: int, character: str) -> int:
        width = get_character_cell_size(character)
        line = self.cells[row]
        for cell in range(col, min(col + width, self.width)):
            if line[cell] == "":  # the right half of a wide character: it goes
                line[cell - 1] = " "
            if cell + 1 < self.width and line[cell + 1] == "":
                line[cell + 1] = " "
        line[col] = character
        if width == 2 and col + 1 < self.width:
            line[col + 1] = ""
        return col + width

    def text(self, y: int, x1: int, x2: int) -> str:
        return "".join(self.cells[y][x1:x2])


def drawn(widget) -> list[str]:
    """What ``widget`` draws itself, line by line."""
    width, height = widget.region.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


def on_screen(app, widget) -> list[str]:
    """What the screen shows over ``widget``'s region (from a full render)."""
    x, y, width, height = widget.region
    strips = app.screen._compositor.render_strips()
    return [strips[line].crop(x, x + width).text for line in range(y, y + height)]


class Overlay(App):
    CSS = """
    Screen { layers: base top; }
    #under { width: 11; height: 3; background: red; }
    #right { offset: 20 0; width: 5; height: 3; background: green; }
    #over { layer: top; width: 24; height: 1; background: blue; }
    """

    def __init__(self, text: str, offset: tuple[int, int], under: str = "abcdefghijk",
                 width: int = 24) -> None:
        super().__init__()
        self.text, self.offset, self.under, self.width = text, offset, under, width

    def compose(self):
        yield Static(self.under, id="under")
        yield Static("xxxxx", id="right")
        over = Static(self.text, id="over")
        over.styles.offset = self.offset
        over.styles.width = self.width
        yield over


def render(update) -> str:
    return update.render_segments(Console(width=40, color_system="truecolor"))


async def test_a_character_across_an_edge_below_is_drawn_whole_in_full_and_partial_updates():
    app = Overlay("中文字符串测试", (10, 1))
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        over = app.query_one("#over")
        assert on_screen(app, over) == drawn(over)
        assert on_screen(app, over)[0].startswith("中文字符串测试")
        terminal = Terminal(40, 5)
        comp = app.screen._compositor
        terminal.write(render(comp.render_update(full=True)))
        assert terminal.text(1, 10, 24) == "中文字符串测试"
        # the widget below redraws itself (a cursor blinking, a timer): the edge is the
        # right end of the update, and the character across it stays
        comp._dirty_regions.add(app.query_one("#under").region)
        terminal.write(render(comp.render_partial_update()))
        assert terminal.text(1, 10, 24) == "中文字符串测试"
        assert terminal.text(0, 0, 11) == "abcdefghijk"


async def test_a_character_half_covered_by_a_widget_on_top_is_still_blanked():
    """Only the top widget's own characters run over an edge; one half under it is hidden."""
    app = Overlay("XYZ", (0, 0), under="一二三四五", width=3)
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        # "XYZ" covers 一 and half of 二: the visible half of 二 is blank, 三 on is kept
        assert strips[0].crop(0, 10).text == "XYZ 三四五"


SETS = st.sampled_from("中文字一座城，。ab c")
TEXTS = ("中文字符串测试", "a中文，字b", "一座城。", "ab中", "，，，x")


def redraw(comp, widget) -> None:
    """Mark ``widget`` as needing a redraw the way Textual does (it redraws its own region)."""
    widget.refresh()
    comp.update_widgets({widget})


async def test_whatever_lies_below_an_overlay_shows_as_the_overlay_draws_itself():
    """Every text, at every place across the edges below, in full and in partial updates."""
    app = Overlay(TEXTS[0], (0, 0), under="一二三abc四")
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        comp = app.screen._compositor
        over, under, right = (app.query_one(name) for name in ("#over", "#under", "#right"))
        for under_width in (1, 4, 7, 11):
            under.styles.width = under_width
            for text in TEXTS:
                over.update(text)
                over.styles.width = "auto"
                for x in range(0, 23):
                    over.styles.offset = (x, x % 3)
                    await until(pilot, lambda x=x: over.region.x == x and not comp._dirty_regions)
                    assert on_screen(app, over) == drawn(over), (under_width, text, x)
                    terminal = Terminal(40, 5)
                    terminal.write(render(comp.render_update(full=True)))
                    ox, oy, width, _ = over.region
                    want = drawn(over)[0]
                    assert terminal.text(oy, ox, ox + width) == want, (under_width, text, x)
                    for widget in (under, right):
                        redraw(comp, widget)
                        update = comp.render_partial_update()
                        if update is not None:
                            terminal.write(render(update))
                        assert terminal.text(oy, ox, ox + width) == want, (under_width, text, x)


@given(st.text(SETS, max_size=10), st.integers(-1, 22))
def test_a_cut_splits_a_character_exactly_when_it_falls_inside_a_wide_one(text, offset):
    strip = Strip([Segment(text[:3]), Segment(text[3:])])  # a segment edge inside, too
    starts, position = set(), 0
    for character in text:
        if get_character_cell_size(character) == 2:
            starts.add(position)
        position += get_character_cell_size(character)
    assert compositor.splits_wide_character(strip, offset) == (offset - 1 in starts
                                                                 and 0 < offset < position)


async def test_a_toast_on_home_shows_every_character_at_both_sizes(tmp_path):
    message = "成绩库无法打开：磁盘已满。答案暂存在内存中，退出前不会丢失，但不会保存。"
    for size in ((80, 24), (50, 16), (61, 20)):
        app = QuizApp(Bank.of([]), db_url=f"sqlite:///{tmp_path / 'scores.db'}", lang="zh",
                      remember=False, student="张三")
        async with app.run_test(size=size, notifications=True) as pilot:
            await pilot.pause()
            app.notify(message, timeout=30)
            await until(pilot, lambda app=app: bool(app.screen.query("Toast")))
            await pilot.pause(0.3)
            toast = app.screen.query_one("Toast")
            assert on_screen(app, toast) == drawn(toast)
            assert "".join(line.strip("▌ ") for line in drawn(toast)) == message
