"""A table whose rows have keys: which row is chosen, refilling it without losing the
cursor, and columns that share the width. The base of the funnel's, stories' and
offers' tables.

Columns that matter keep their full text: a table declares its `COLUMNS`, fixed widths
for short values (a count, a date) and `None` for the text that matters (a story's
title, a gap); those share what the fixed ones leave, and are remade when the terminal
is resized, so at 80 columns the title gets 40 cells rather than a fixed 30 of 120.
A table whose text must never be cut sets `WRAP`: its rows grow to hold it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.widgets import DataTable

from roundplanner.tui.widgets.tables import selected_key

MIN_SHARED = 12
"""A shared column is never narrower than this (the table scrolls sideways instead)."""
SCROLLBAR = 2
"""Cells kept free for the vertical scrollbar, so a long list does not push a column out."""


class KeyedTable(DataTable[object]):
    """A DataTable with one key per row, read back with `selected_key`."""

    COLUMNS: ClassVar[tuple[tuple[str, str, int | None], ...]] = ()
    """(key, label, width); a width of None shares what the fixed columns leave."""
    WRAP: ClassVar[bool] = False
    """True: a row as tall as its longest cell, which wraps rather than being cut.
    Measuring costs a render per row: for short lists (stories, gaps), not long ones."""

    def on_mount(self) -> None:
        # With shared columns, wait for the first size (a Resize follows the first
        # layout): filling at width 0 and again at the real width cost the funnel ~40%.
        if not self.COLUMNS or self.content_size.width:
            self._make_columns()
            self.fill()

    def on_resize(self) -> None:
        selected = self.selected_key
        if self._make_columns():
            self.fill()
            self.select_key(selected)

    def fill(self) -> None:
        """Add the rows from the table's reactives (subclasses; called after the columns
        are made or remade)."""

    def column_widths(self) -> list[int]:
        """Each column's width at the table's present size."""
        fixed = [width for _, _, width in self.COLUMNS if width is not None]
        shared = len(self.COLUMNS) - len(fixed)
        padding = 2 * self.cell_padding * len(self.COLUMNS)
        room = self.content_size.width - sum(fixed) - padding - SCROLLBAR
        share = max(MIN_SHARED, room // shared) if shared else 0
        return [share if width is None else width for _, _, width in self.COLUMNS]

    def _make_columns(self) -> bool:
        """Make the columns, or remake them when their widths changed; True if made."""
        if not self.COLUMNS:
            return False
        widths = self.column_widths()
        if [column.width for column in self.ordered_columns] == widths:
            return False
        self.clear(columns=True)
        for (key, label, _), width in zip(self.COLUMNS, widths, strict=True):
            self.add_column(label, key=key, width=width)
        return True

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, or None in an empty table."""
        return selected_key(self)

    def select_key(self, key: str | None) -> None:
        """Put the cursor on the row with `key`, when that row is there."""
        if key is not None and key in self.rows:
            self.move_cursor(row=self.get_row_index(key))

    def refill(self, rows: Iterable[tuple[str, Sequence[object]]]) -> None:
        """Replace every row with `rows` (key, cells), keeping the cursor on its row."""
        if not self.columns:
            return
        selected = self.selected_key
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key, height=None if self.WRAP else 1)
        self.select_key(selected)
