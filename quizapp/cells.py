"""Text width in terminal cells (a CJK character takes two), for tables that must line up."""

from __future__ import annotations

from rich.cells import cell_len

__all__ = ["cell_len", "one_line", "truncate"]


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
