"""One section of the help: a heading, then a key and what it does on each line.

The keys and their descriptions sit in two columns of a grid, so a description that
wraps at 80 columns continues under itself rather than back at the left edge.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

KEY_WIDTH = 16
"""Cells of the key column: room for 'tab / shift+tab'."""


class KeyTable(Widget):
    """A titled list of keys (`rows`: key, what it does)."""

    DEFAULT_CSS = """
    KeyTable { height: auto; margin-bottom: 1; }
    """

    title: reactive[str] = reactive("")
    """The section's heading."""
    rows: reactive[tuple[tuple[str, str], ...]] = reactive(())
    """(key, what it does), in the order shown."""

    def __init__(self, title: str, rows: list[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(KeyTable.title, title)
        self.set_reactive(KeyTable.rows, tuple(rows))

    def render(self) -> RenderableType:
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(width=KEY_WIDTH, no_wrap=True, style="bold")
        grid.add_column(ratio=1)
        for key, text in self.rows:
            grid.add_row(Text(key), Text(text))
        return Group(Text(self.title, style="bold"), Padding(grid, (0, 0, 0, 2)))
