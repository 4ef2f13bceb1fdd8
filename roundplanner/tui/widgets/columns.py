"""Columns of the Line-API lists (the pipeline's companies, Upcoming's agenda): which
columns fit a width, how wide each is, and one line of cells drawn on them.

Both lists draw a line only when the compositor asks for it (`render_line`), so a line is
laid out here from plain `Text` cells, without a Rich table (slow to import and to
measure) and without asking any other row. On a narrow terminal the columns that matter
keep their full text and the others give way: each `Column` says how long it keeps its
place (`keep`) and how far it may shrink (`min_width`).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
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
    first. Room left over goes first to columns whose widest cell is wider than they
    like to be, then to the stretching column."""
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
    # A wide terminal: a column whose widest cell is wider than it likes to be gets the
    # room to show it whole first (the most important first), the stretching one the rest.
    for column in sorted(shown, key=lambda c: c.keep):
        widest = widths.get(column.key, 0)
        if spare <= 0:
            break
        if widest > sizes[column.key]:
            give = min(spare, widest - sizes[column.key])
            sizes[column.key] += give
            spare -= give
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


class ColumnList(ScrollView, can_focus=True):
    """One-line rows on `COLUMNS` under a header line, drawn only as far as they are in
    view (`render_line`): the pipeline's companies, Upcoming's agenda.

    The base owns what every such list does alike: the cursor (a reactive; lines that
    are not rows, such as headings, are stepped over), the cursor and page keys, a click
    (moves the cursor; on the cursor row, chooses), scrolling the cursor into view, the
    columns that fit the width, and the rendered lines kept until the data, the width or
    the styles change. A list says how many lines it has (`_line_count`), which are rows
    (`_is_row`), how wide its data is (`_column_widths`), how a line is drawn
    (`_render_row`) and kept (`_strip_key`), and what choosing one does (`action_choose`).
    """

    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    """The columns, in display order."""
    GAP: ClassVar[int] = 2
    """Spaces between columns."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False, id="up", tooltip="Previous row"),
        Binding("down", "cursor_down", "Down", show=False, id="down", tooltip="Next row"),
        Binding("pageup", "page_up", "Page up", show=False, id="page-up", tooltip="A page up"),
        Binding(
            "pagedown", "page_down", "Page down", show=False, id="page-down", tooltip="A page down"
        ),
        Binding("home", "first", "First", show=False, id="first", tooltip="The first row"),
        Binding("end", "last", "Last", show=False, id="last", tooltip="The last row"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"column-list--header", "column-list--cursor"}

    DEFAULT_CSS = """
    ColumnList {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .column-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .column-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .column-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    cursor: reactive[int] = reactive(0, init=False)
    """The index of the highlighted line: a row, never a line that is not one (when any)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._layout: tuple[int, list[tuple[Column, int]]] | None = None
        self._strips: dict[Hashable, Strip] = {}
        """Rendered lines by `_strip_key`: scrolling back or a filter key mostly shows
        lines drawn before."""

    # -- what a list says

    def _line_count(self) -> int:
        """How many lines are below the header."""
        return 0

    def _is_row(self, index: int) -> bool:
        """Whether line `index` is a row the cursor may rest on (not a heading)."""
        return True

    def _column_widths(self) -> Mapping[str, int]:
        """The widest cell of the columns whose width the data decides."""
        return {}

    def _strip_key(self, index: int) -> Hashable:
        """What line `index` is kept under once drawn: the same key, the same line."""
        return (index, index == self.cursor)

    def _render_row(self, index: int, columns: list[tuple[Column, int]], width: int) -> Strip:
        """Line `index`, `width` cells wide, on `columns`."""
        return Strip.blank(width, self.rich_style)

    def action_choose(self) -> None:
        """Enter, or a click on the cursor row."""

    # -- the lines changed

    def _lines_changed(self) -> None:
        """Lines came or went: the scroll range, the cursor in view, a redraw."""
        self.virtual_size = Size(self.size.width, self._line_count() + 1)
        self._scroll_to_cursor()
        self.refresh()

    def validate_cursor(self, cursor: int) -> int:
        count = self._line_count()
        if not count:
            return 0
        return self._row_from(max(0, min(cursor, count - 1)), 1)

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh_lines(old + 1)  # virtual lines: the header is line 0
        self.refresh_lines(new + 1)

    def _row_from(self, index: int, step: int) -> int:
        """The first row from `index` on in the direction of `step`, else the other way."""
        count = self._line_count()
        for direction in (step, -step):
            at = index
            while 0 <= at < count:
                if self._is_row(at):
                    return at
                at += direction
        return index

    # -- drawing

    def _columns(self) -> list[tuple[Column, int]]:
        width = self.scrollable_content_region.width - 2  # a cell of margin each side
        if self._layout is None or self._layout[0] != width:
            self._strips.clear()
            self._layout = (
                width,
                layout(self.COLUMNS, self._column_widths(), max(width, 1), self.GAP),
            )
        return self._layout[1]

    def columns(self) -> list[str]:
        """The headers of the columns shown at the list's current width."""
        return [column.header for column, _ in self._columns()]

    def _forget_layout(self) -> None:
        """The columns or the cells may have changed: measure and draw lines again."""
        self._layout = None
        self._strips.clear()

    def notify_style_update(self) -> None:
        # Focus, theme and hover change the component styles the lines are drawn with.
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: the header on top, then the lines scrolled into view."""
        width = self.scrollable_content_region.width
        columns = self._columns()
        if y == 0:
            style = self.get_component_rich_style("column-list--header")
            texts = {column.key: Text(column.header) for column, _ in columns}
            return self._draw(texts, columns, style, width)
        index = self.scroll_offset.y + y - 1
        if index >= self._line_count():
            return Strip.blank(width, self.rich_style)
        key = self._strip_key(index)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > 512:  # a few screens; each Strip holds its caches
                self._strips.clear()
            strip = self._render_row(index, columns, width)
            self._strips[key] = strip
        return strip

    def _cursor_style(self, index: int) -> Style | None:
        """The cursor's style on line `index` (over the cells' own colours), else None."""
        return (
            self.get_component_rich_style("column-list--cursor") if index == self.cursor else None
        )

    def _draw(
        self,
        texts: Mapping[str, Text],
        columns: list[tuple[Column, int]],
        style: Style,
        width: int,
        over: Style | None = None,
    ) -> Strip:
        return draw_line(
            texts,
            columns,
            gap=self.GAP,
            style=style,
            width=width,
            console=self.app.console,
            over=over,
        )

    def _scroll_to_cursor(self) -> None:
        """Scroll so that the cursor row is in view (below the header line), with the
        line above it when that is not a row (its heading)."""
        rows = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_offset.y)
        first = self.cursor
        if first > 0 and not self._is_row(first - 1):
            first -= 1
        if first < top:
            top = first
        elif self.cursor >= top + rows:
            top = self.cursor - rows + 1
        if top != int(self.scroll_offset.y):
            self.scroll_to(y=top, animate=False, immediate=True)

    def on_resize(self) -> None:
        self._forget_layout()
        self.virtual_size = Size(self.size.width, self._line_count() + 1)
        self._scroll_to_cursor()

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on a row; a click on the cursor row chooses it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = self.scroll_offset.y + offset.y - 1
        if index >= self._line_count() or not self._is_row(index):
            return
        if index == self.cursor:
            self.action_choose()
        else:
            self.cursor = index

    # -- cursor keys

    def _move(self, by: int) -> None:
        """Move the cursor `by` lines, onto the nearest row in that direction."""
        count = self._line_count()
        if count:
            self.cursor = self._row_from(
                max(0, min(self.cursor + by, count - 1)), 1 if by > 0 else -1
            )

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_up(self) -> None:
        self._move(-self._page())

    def action_page_down(self) -> None:
        self._move(self._page())

    def action_first(self) -> None:
        self._move(-self._line_count())

    def action_last(self) -> None:
        self._move(self._line_count())
