"""A table whose rows have keys: which row is chosen, and refilling it without losing
the cursor. The base of the funnel's, stories' and offers' tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.widgets import DataTable

from roundplanner.tui.widgets.tables import selected_key


class KeyedTable(DataTable[object]):
    """A DataTable with one key per row, read back with `selected_key`."""

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
        selected = self.selected_key
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
        self.select_key(selected)
