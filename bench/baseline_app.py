"""The baseline of the cold-start and memory figures: the smallest Textual app that shows
what the pipeline shows first — a Header, a DataTable of two columns with one row per
company, and a Footer.

`python bench/baseline_app.py N` fills N rows named like the generated companies
("Company 00000", …), so the harness waits for the same text in both apps' output.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

STAGES = ("interested", "applied", "screening", "interviewing", "offer")


class BaselineApp(App[None]):
    """Header, a two-column table of `rows` companies, Footer: nothing else."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Company", width=24)
        table.add_column("Stage", width=13)
        for index in range(self.rows):
            table.add_row(f"Company {index:05d}", STAGES[index % len(STAGES)])
        table.focus()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    BaselineApp(rows).run()


if __name__ == "__main__":
    main()
