"""A line of text whose wrapped lines keep their indent.

A list row like `[ ]  30 min  What is the team's hardest problem…` wrapped at 80
columns went back to column 0, under the box. `Hanging` draws everything after its first
`indent` cells in a column of its own, so wrapped lines line up under the words they
continue; its `str()` is the row's text, as tests and readers of the option list expect.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text


class Hanging:
    """`text` drawn with a hanging indent of `indent` cells (a Rich renderable)."""

    def __init__(self, text: Text, indent: int) -> None:
        self.text = text
        self.indent = indent

    def __str__(self) -> str:
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text, indent = self.text, self.indent
        if indent <= 0 or indent >= options.max_width or len(text) <= indent:
            yield text
            return
        grid = Table.grid()
        grid.add_column(width=indent, no_wrap=True)
        grid.add_column(ratio=1)
        head, body = text.divide([indent])
        grid.add_row(head, body)
        yield grid
