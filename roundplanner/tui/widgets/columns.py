"""Columns of the Line-API lists (the pipeline's companies, Upcoming's agenda): which
columns fit a width, how wide each is, and one line of cells drawn on them.

Both lists draw a line only when the compositor asks for it (`render_line`), so a line is
laid out here from plain `Text` cells, without a Rich table (slow to import and to
measure) and without asking any other row. On a narrow terminal the columns that matter
keep their full text and the others give way: each `Column` says how long it keeps its
place (`keep`) and how far it may shrink (`min_width`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip


@dataclass(frozen=True)
class Column:
    """One column: its header, how wide it likes to be, and when it gives way."""

    key: str
    header: str
    width: int
    """Its width when the data does not say (the widest cell decides, up to `width`)."""
    keep: int
    """Lower keeps longer: 0 never goes; the highest goes first on a narrow terminal."""
    min_width: int = 0
    """A column that may shrink (ellipsis) down to this; 0: full width or nothing."""
    stretch: bool = False
    """Takes what is left of the line."""
    justify: Literal["left", "right"] = "left"
    """Where a cell narrower than its column sits (countdowns line up on the right)."""


def layout(
    columns: Sequence[Column], widths: Mapping[str, int], width: int, gap: int
) -> list[tuple[Column, int]]:
    """The columns shown in `width` cells and the width of each.

    `widths` are the widest cell of each column (a column not in it is as wide as it may
    be); `gap` is the spaces between two columns. Columns go, highest `keep` first, until
    the rest fit with the ones that give way squeezed; then those shrink, least important
    first; a stretching column takes what is left."""
    wanted = {c.key: min(max(widths.get(c.key, c.width), len(c.header)), c.width) for c in columns}
    shown = list(columns)

    def need(shown: list[Column], *, squeezed: bool) -> int:
        """Cells the columns take: as wanted, or with the ones that give way squeezed."""
        total = sum(
            (c.min_width if squeezed and c.min_width and c.keep else wanted[c.key]) for c in shown
        )
        return total + gap * (len(shown) - 1)

    while len(shown) > 1 and need(shown, squeezed=True) > width:
        drop = max((c for c in shown if c.keep), key=lambda c: c.keep, default=None)
        if drop is None:
            break
        shown.remove(drop)
    sizes = {c.key: wanted[c.key] for c in shown}
    over = need(shown, squeezed=False) - width
    # Shrink the columns that may, the least important first, down to their minimum (the
    # ones always kept only on a terminal too narrow for anything else).
    for column in sorted(shown, key=lambda c: -c.keep):
        if over <= 0:
            break
        if column.min_width:
            give = min(over, sizes[column.key] - column.min_width)
            if give > 0:
                sizes[column.key] -= give
                over -= give
    spare = width - (sum(sizes.values()) + gap * (len(shown) - 1))
    stretch = [c for c in shown if c.stretch]
    if spare > 0 and stretch:
        sizes[stretch[0].key] += spare
    return [(c, max(1, sizes[c.key])) for c in shown]


def draw_line(
    texts: Mapping[str, Text],
    columns: Sequence[tuple[Column, int]],
    *,
    gap: int,
    style: Style,
    width: int,
    console: Console,
    over: Style | None = None,
) -> Strip:
    """One line of cells, each cut (…) or padded to its column, after one cell of margin,
    on the row's `style`; `over` (the cursor) goes over the cells' own colours."""
    line = Text(" ", no_wrap=True, end="")
    spaces = " " * gap
    for position, (column, size) in enumerate(columns):
        if position:
            line.append(spaces)
        cell = texts[column.key].copy()
        if column.justify == "right":
            cell.truncate(size, overflow="ellipsis")
            cell.pad_left(size - cell.cell_len)
        else:
            cell.truncate(size, overflow="ellipsis", pad=True)
        line.append_text(cell)
    segments = Segment.apply_style(line.render(console), style, over)
    return Strip(segments).adjust_cell_length(width, style if over is None else style + over)
