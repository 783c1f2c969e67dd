"""Keep a wide (Chinese) character whole where a widget on top covers another's edge.

Textual's compositor cuts every screen line at each widget's left and right edge and
fills the pieces front to back. Where a toast, a drop-down or any widget on a higher
layer lies over the edge of a widget below it, the top widget's line is cut at that edge
too, and a double-width character lying across the cut is split into two spaces: a
toast over the rating buttons read "评分不会  变复习计划" (Textual issue #6357). A partial
update cropped at such an edge (the widget below refreshing) blanked it again.

:func:`install` changes two steps, and only where a wide character lies across a cut:

* filling the pieces: where the same widget fills the pieces on both sides of the cut, the
  cut is not made in its line; its first piece runs on, and the pieces it covers are left
  empty, so no widget below fills them;
* writing a partial update: a piece cropped at the update's right edge keeps a wide
  character lying across that edge whole (it belongs to the same widget).

It replaces ``Compositor._render_chops``, ``Compositor.render_partial_update`` and
``ChopsUpdate.render_segments`` with versions of Textual 8.2's that differ only as above;
``pyproject.toml`` pins Textual for this reason (see :mod:`quizapp.tui.private`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.cells import get_character_cell_size
from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

from quizapp.tui.private import patch

_EMPTY = Strip([], 0)


def splits_wide_character(strip: Strip, offset: int) -> bool:
    """True if a cut ``offset`` cells into ``strip`` would fall inside a double-width character."""
    if offset <= 0 or offset >= strip.cell_length:
        return False
    position = 0
    for segment in strip:
        text = segment.text
        length = segment.cell_length
        if position + length <= offset:
            position += length
            continue
        if segment.control:
            return False
        for character in text:
            width = get_character_cell_size(character)
            if position + width > offset:
                return position < offset
            position += width
        return False
    return False


def _kept_cuts(strip: Strip, x: int, cuts: list[int], line: Mapping[int, Strip | None],
               crop_x1: int, crop_x2: int) -> list[int]:
    """The cuts (after the first) at which this widget's line is divided.

    A cut inside a wide character is dropped when the buckets on both sides are still
    empty (this widget is the front one on both) and both meet the crop, so that what is
    front there is known.
    """
    kept = []
    for previous, cut, following in zip(cuts, cuts[1:-1], cuts[2:], strict=False):
        if (line.get(previous) is None and line.get(cut) is None
                and previous < crop_x2 and following > crop_x1
                and splits_wide_character(strip, cut - x)):
            continue
        kept.append(cut)
    if len(cuts) > 1:
        kept.append(cuts[-1])
    return kept


def _render_chops(self: Compositor, crop: Region,
                  is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip]]:
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    crop_x1, crop_x2 = crop.column_span
    intersection = Region.intersection
    for region, clip, strips in self._get_renders(crop):
        render_region = intersection(region, clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            chops_line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            kept = _kept_cuts(strip, render_x, final_cuts, chops_line, crop_x1, crop_x2)
            if len(kept) == len(final_cuts) - 1:
                starts = final_cuts
            else:
                starts = final_cuts[:1] + kept[:-1]
                for cut in final_cuts[1:-1]:
                    if cut not in kept:
                        chops_line[cut] = _EMPTY  # covered by the piece before it
            pieces = strip.divide([cut - render_x for cut in kept])
            get = chops_line.get
            for cut, piece in zip(starts, pieces, strict=False):
                if get(cut) is None:
                    chops_line[cut] = piece
    return chops  # type: ignore[return-value]


def _render_partial_update(self: Compositor) -> ChopsUpdate | None:
    screen_region = self.size.region
    update_regions = self._dirty_regions.copy()
    self._dirty_regions.clear()
    if not update_regions:
        return None
    crop = Region.from_union(update_regions).intersection(screen_region)
    spans = list(self._regions_to_spans(update_regions))
    is_rendered_line = {y for y, _, _ in spans}.__contains__
    chops = self._render_chops(crop, is_rendered_line)
    chop_ends = []
    for cut_set, line in zip(self.cuts, chops, strict=False):
        ends = cut_set[1:]
        # A piece that runs on over a dropped cut ends where it ends.
        if any(strip is not None and x + strip.cell_length != end
               for end, (x, strip) in zip(ends, line.items(), strict=False)):
            ends = [end if strip is None else x + strip.cell_length
                    for end, (x, strip) in zip(ends, line.items(), strict=False)]
        chop_ends.append(ends)
    return ChopsUpdate(chops, spans, chop_ends)


def _render_segments(self: ChopsUpdate, console: Console) -> str:
    sequences: list[str] = []
    append = sequences.append
    move_to = Control.move_to
    chops = self.chops
    chop_ends = self.chop_ends
    last_y = self.spans[-1][0]
    for y, x1, x2 in self.spans:
        line = chops[y]
        ends = chop_ends[y]
        for end, (x, strip) in zip(ends, line.items(), strict=False):
            if strip is None or not strip.cell_length:
                continue
            if x > x2 or end <= x1:
                continue
            if x2 > x >= x1 and end <= x2:
                append(move_to(x, y).segment.text)
                append(strip.render(console))
                continue
            width = min(end, x2) - x
            if splits_wide_character(strip, width):
                width += 1  # the whole character: it is this widget's on both sides
            strip = strip.crop(0, width)
            append(move_to(x, y).segment.text)
            append(strip.render(console))
        if y != last_y:
            append("\n")
    return "".join(sequences)


def install() -> None:
    """Patch the compositor (idempotent), once each method is checked to be still there with
    the same parameters."""
    patch(Compositor, "_render_chops", _render_chops, "quizapp/tui/compositor.py")
    patch(Compositor, "render_partial_update", _render_partial_update, "quizapp/tui/compositor.py")
    patch(ChopsUpdate, "render_segments", _render_segments, "quizapp/tui/compositor.py")

