"""Text width in terminal cells (a CJK character takes two), for tables that must line up."""

from __future__ import annotations

from rich.cells import cell_len

__all__ = ["cell_len", "one_line", "truncate", "truncate_middle"]


def one_line(text: str) -> str:
    """Collapse line breaks and runs of spaces (for table cells)."""
    return " ".join(text.split())


def truncate(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` terminal cells, with ``…`` when cut."""
    text = one_line(text)
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _fit(chars, width: int) -> str:
    out, used = [], 0
    for ch in chars:
        w = cell_len(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out)


def truncate_middle(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` cells in the middle (``…`` in its place),
    keeping its start and its end: two questions that begin alike ("文章认为，长沙的…")
    still read differently by how they end."""
    text = one_line(text)
    if cell_len(text) <= width:
        return text
    if width < 5:
        return truncate(text, width)
    room = width - 1
    head = _fit(text, (room + 1) // 2)
    tail = _fit(reversed(text), room - cell_len(head))[::-1]
    return head + "…" + tail
