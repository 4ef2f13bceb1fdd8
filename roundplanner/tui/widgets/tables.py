"""Small helpers for DataTable that every list screen needs."""

from __future__ import annotations

from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist


def selected_key(table: DataTable[object]) -> str | None:
    """The key of the row under the cursor, or None in an empty table."""
    if table.row_count == 0:
        return None
    try:
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    except CellDoesNotExist:
        return None
    return str(row_key.value) if row_key.value is not None else None
