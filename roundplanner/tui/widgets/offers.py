"""The offers screen's parts: the side-by-side comparison and one offer's negotiation log.

`OfferComparison` is handed the offers (insights' `OfferRow`s) and owns its columns, one
per company, as wide as the terminal allows; its keys (n, enter) post what the user asked
for about the offer under the cursor. `NegotiationLog` shows the steps it is handed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from roundplanner.insights import OfferRow
from roundplanner.model import NegotiationStep
from roundplanner.output.phrases import deadline_text, money
from roundplanner.timefmt import day_month_text, day_text
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.keyed_table import KeyedTable

LABEL_COLUMN = "label"
LABEL_WIDTH = 15
OFFER_WIDTH = 24
"""An offer column's width when there is room ('Dec 20 (in 24 days)' and a star)."""
DATE_WIDTH = 10
MIN_OFFER_WIDTH = 18
"""Narrower than this, columns scroll sideways; a column is never narrower than its
longest cell either ('30 Nov (8 days ago)' was cut at 80x24)."""


def _vesting(row: OfferRow) -> str:
    offer = row.offer
    cliff = f", {offer.cliff_months}-mo cliff" if offer.cliff_months else ", no cliff"
    return f"{offer.vesting_years}y{cliff}"


def _deadline(row: OfferRow) -> Text:
    if row.offer.deadline is None:
        return Text("—", style="dim")
    urgent = row.days_left is not None and row.days_left <= 3 and row.is_open
    text = f"{day_month_text(row.offer.deadline)} ({deadline_text(row.days_left)})"
    return Text(text, style="bold yellow" if urgent else "")


FIELDS: tuple[tuple[str, Callable[[OfferRow], object]], ...] = (
    ("Status", lambda r: r.offer.status),
    ("Base", lambda r: money(r.offer.base)),
    ("Bonus", lambda r: money(r.offer.bonus)),
    ("Equity grant", lambda r: money(r.offer.equity)),
    ("Vesting", _vesting),
    ("Equity, year 1", lambda r: money(r.equity_by_year[0])),
    ("Equity, year 2", lambda r: money(r.equity_by_year[1])),
    ("Sign-on", lambda r: money(r.offer.sign_on)),
    ("First year", lambda r: money(r.first_year)),
    ("Four years", lambda r: money(r.four_year)),
    ("Currency", lambda r: r.offer.currency),
    ("Deadline", _deadline),
    ("Negotiation", lambda r: f"{r.offer.steps} step(s)"),
)
"""The rows of the comparison: a label and how to read it from an offer."""

TOTALS = {"First year": "first_year", "Four years": "four_year"}


def best_totals(rows: tuple[OfferRow, ...]) -> set[tuple[str, str]]:
    """(total row, slug) of the highest total among open offers of one currency.

    Totals in different currencies are not compared: no exchange rate is assumed.
    """
    best: set[tuple[str, str]] = set()
    for label, attribute in TOTALS.items():
        by_currency: dict[str, list[OfferRow]] = {}
        for row in rows:
            if row.is_open:
                by_currency.setdefault(row.offer.currency, []).append(row)
        for group in by_currency.values():
            if len(group) < 2:
                continue
            top = max(group, key=lambda r: float(getattr(r, attribute)))
            best.add((label, top.slug))
    return best


def _cell(label: str, value: object, best: bool) -> Text:
    if isinstance(value, Text):
        return value
    if label in TOTALS:
        return plain(("★ " if best else "  ") + str(value), "bold green" if best else "bold")
    return plain(str(value))


class OfferComparison(DataTable[object]):
    """One column per offer; ←/→ choose one, n logs a negotiation step, enter opens it."""

    DEFAULT_CSS = """
    OfferComparison { height: auto; max-height: 15; margin-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n",
            "negotiate",
            "Log negotiation",
            id="offers-negotiate",
            tooltip="Add a step to the selected offer's negotiation log",
        ),
    ]

    rows_shown: reactive[tuple[OfferRow, ...]] = reactive(())
    """The offers, soonest deadline first."""

    @dataclass
    class Chosen(Message):
        """The cursor moved to the offer of `slug` (None: no offer under it)."""

        slug: str | None

    @dataclass
    class Negotiate(Message):
        """Log a negotiation step for the offer of `slug`."""

        slug: str

    @dataclass
    class Open(Message):
        """Open the company `slug`."""

        slug: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="column", zebra_stripes=True)
        self._width = 0

    @property
    def selected_slug(self) -> str | None:
        """The company whose column the cursor is on (None on the labels column)."""
        if not self.columns or self.row_count == 0:
            return None
        column = self.cursor_coordinate.column
        keys = list(self.columns)
        if column <= 0 or column >= len(keys):
            return None
        value = keys[column].value
        return str(value) if value else None

    def offer_width(self) -> int:
        """Each offer's column: an equal share of the width, within bounds."""
        count = max(1, len(self.rows_shown))
        share = (self.size.width - LABEL_WIDTH - 2 * (count + 1) - 2) // count
        return max(MIN_OFFER_WIDTH, min(OFFER_WIDTH, share))

    def watch_rows_shown(self) -> None:
        self._fill()

    def on_resize(self, event: events.Resize) -> None:
        if self.offer_width() != self._width:
            self._fill()

    def _fill(self) -> None:
        rows = self.rows_shown
        selected = self.selected_slug
        self._width = self.offer_width()
        best = best_totals(rows)
        table = [
            (label, [_cell(label, read(row), (label, row.slug) in best) for row in rows])
            for label, read in FIELDS
        ]
        longest = max((cell.cell_len for _, cells in table for cell in cells), default=0)
        self.clear(columns=True)
        self.add_column("", key=LABEL_COLUMN, width=LABEL_WIDTH)
        for row in rows:
            width = max(self._width, longest)
            self.add_column(plain(row.company, "bold"), key=row.slug, width=width)
        for label, cells in table:
            self.add_row(Text(label, style="bold"), *cells, key=label)
        slugs = [row.slug for row in rows]
        if rows:
            column = slugs.index(selected) + 1 if selected in slugs else 1
            self.move_cursor(column=column)
        self.post_message(self.Chosen(self.selected_slug))

    def on_data_table_column_highlighted(self, event: DataTable.ColumnHighlighted) -> None:
        event.stop()
        self.post_message(self.Chosen(self.selected_slug))

    def on_data_table_column_selected(self, event: DataTable.ColumnSelected) -> None:
        """Enter on the table (which keeps the key to itself) opens the company."""
        event.stop()
        if self.selected_slug is not None:
            self.post_message(self.Open(self.selected_slug))

    def action_negotiate(self) -> None:
        if self.selected_slug is None:
            self.notify("Choose an offer first (←/→)", severity="warning")
            return
        self.post_message(self.Negotiate(self.selected_slug))


class NegotiationLog(KeyedTable):
    """The steps of one offer's negotiation, in date order, titled with the company."""

    DEFAULT_CSS = """
    NegotiationLog {
        height: 1fr;
        border-top: solid $panel;
        border-title-align: left;
        border-title-color: $text;
        border-title-style: bold;
    }
    """

    COLUMNS = (
        ("on", "Date", DATE_WIDTH),
        ("asked", "Asked", None),
        ("response", "Came back", None),
    )
    WRAP = True

    company: reactive[str | None] = reactive(None)
    """The company whose offer is shown; None when no offer is chosen."""
    steps: reactive[tuple[NegotiationStep, ...]] = reactive(())
    """Its negotiation steps."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def watch_company(self) -> None:
        self._title()

    def watch_steps(self) -> None:
        self._title()
        self.fill()

    def _title(self) -> None:
        if self.company is None:
            self.border_title = "Negotiation log — choose an offer with ←/→"
        else:
            count = len(self.steps)
            self.border_title = plain(
                f"Negotiation log: {self.company} — {count} step(s); n adds one"
            )

    def fill(self) -> None:
        self.refill(
            (
                str(index),
                [
                    day_text(step.on),
                    plain(step.asked or "—"),
                    plain(step.response or "—"),
                ],
            )
            for index, step in enumerate(self.steps)
        )
