"""Live screens break styled text by the Chinese rules: no line starts with "，" or "。",
and the styles stay on their characters."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.text import Text

from quizapp.tui.widgets.prose import Wrapped, WrappedText, kinsoku


def _lines(renderable: object, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text().rstrip("\n").split("\n")


def test_no_line_starts_with_closing_punctuation() -> None:
    text = Text()
    text.append("正确答案\n", style="bold")
    text.append("长株潭一体化的目标是一座城，而不是三座城。", style="green")
    for width in range(8, 30):
        lines = _lines(WrappedText(text), width)
        assert all(line.lstrip()[:1] not in "，。、；：" for line in lines), (width, lines)
        assert "".join(line.strip() for line in lines) == text.plain.replace("\n", "")
        # the plain Text, by Rich alone, does start a line with "，" at some width
    assert any(line[:1] == "，" for width in range(8, 30)
               for line in _lines(Text(text.plain), width))


def test_styles_stay_with_their_characters() -> None:
    text = Text()
    text.append("对", style="bold green")
    text.append("，你答对了这一题，得分一分。")
    console = Console(width=10, file=io.StringIO(), color_system="truecolor")
    segments = list(console.render(WrappedText(text)))
    bold = "".join(s.text for s in segments if s.style is not None and s.style.bold)
    assert bold == "对"


def test_kinsoku_wraps_what_a_live_screen_shows() -> None:
    assert isinstance(kinsoku("问题"), Wrapped)
    assert isinstance(kinsoku(Text("问题")), WrappedText)
    group = kinsoku(Group(Text("一"), "二"))
    assert isinstance(group, Group)
    assert [type(part) for part in group.renderables] == [WrappedText, Wrapped]
