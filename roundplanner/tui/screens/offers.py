"""Offers side by side: one column per company, its parts, totals and deadline.

Answers "which offer?": base, bonus, equity (the grant, and what vests in years one and
two after the cliff), sign-on, the first-year and four-year totals, the currency, the
deadline with a countdown, and the status, with the best total among open offers in the
same currency marked. Below, the negotiation log of the offer under the cursor; `n` adds
a step (date, what was asked, what came back). Numbers come from `roundplanner.insights`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from roundplanner.insights import OfferRow, offer_rows
from roundplanner.model import Company, NegotiationStep
from roundplanner.output.phrases import deadline_text, money
from roundplanner.sanitize import clean
from roundplanner.timefmt import day_month_text
from roundplanner.tui.screens.base import PlannerScreen
from roundplanner.tui.screens.negotiation_form import NegotiationFormScreen

LABEL_COLUMN = "label"


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


class OffersScreen(PlannerScreen):
    """Every offer, side by side, with its negotiation log."""

    HELP_TITLE = "Offers"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n",
            "negotiate",
            "Log negotiation",
            id="offers-negotiate",
            tooltip="Add a step to the selected offer's negotiation log",
        ),
        Binding("enter", "open", "Open", id="offers-open", tooltip="Open the company"),
        Binding("escape", "back", "Back", id="offers-back", tooltip="Back to the pipeline"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="offers"):
            yield Static(
                "[b]Offers side by side[/b] — ←/→ choose an offer · [b]n[/b] logs a negotiation "
                "step · ★ best total among open offers in one currency",
                classes="section-title",
            )
            yield DataTable(id="offers-table", cursor_type="column", zebra_stripes=True)
            yield Static(id="offers-log-title", classes="section-title")
            yield DataTable(id="offers-log", cursor_type="row", zebra_stripes=True)
            yield Static(id="offers-empty", classes="welcome")
        yield Footer()

    def on_mount(self) -> None:
        log = self.query_one("#offers-log", DataTable)
        log.add_column("Date", key="on", width=10)
        log.add_column("Asked", key="asked", width=44)
        log.add_column("Came back", key="response", width=44)
        self.refresh_data()
        self.query_one("#offers-table", DataTable).focus()

    # -- data

    def rows(self) -> list[OfferRow]:
        return offer_rows(self.planner.summary.companies, self.session.today())

    def refresh_data(self) -> None:
        if not self.is_mounted:
            return
        rows = self.rows()
        table = self.query_one("#offers-table", DataTable)
        selected = self.selected_slug()
        table.clear(columns=True)
        table.add_column("", key=LABEL_COLUMN, width=15)
        for row in rows:
            table.add_column(Text(clean(row.company), style="bold"), key=row.slug, width=24)
        best = _best(rows)
        for label, read in FIELDS:
            cells: list[object] = [Text(label, style="bold")]
            for row in rows:
                cells.append(self._cell(label, read(row), best.get((label, row.slug), False)))
            table.add_row(*cells, key=label)
        empty = self.query_one("#offers-empty", Static)
        empty.display = not rows
        table.display = bool(rows)
        if not rows:
            empty.update(
                "No offers yet. When one comes, open the company and fill in its offer: "
                "base, bonus, equity and vesting, sign-on, deadline. It shows here beside "
                "the others."
            )
        slugs = [row.slug for row in rows]
        column = slugs.index(selected) + 1 if selected in slugs else (1 if rows else 0)
        if rows:
            table.move_cursor(column=column)
        self._show_log()

    @staticmethod
    def _cell(label: str, value: object, best: bool) -> object:
        if isinstance(value, Text):
            return value
        text = clean(str(value))
        if label in TOTALS:
            return Text(("★ " if best else "  ") + text, style="bold green" if best else "bold")
        return Text(text)

    def _show_log(self) -> None:
        slug = self.selected_slug()
        title = self.query_one("#offers-log-title", Static)
        log = self.query_one("#offers-log", DataTable)
        log.clear()
        company = self.session.companies.get(slug) if slug else None
        if company is None or company.offer is None:
            title.update("[b]Negotiation log[/b] — choose an offer with ←/→")
            return
        steps = company.offer.negotiation
        title.update(
            Text.assemble(
                ("Negotiation log: ", "bold"),
                (clean(company.name), "bold"),
                f" — {len(steps)} step(s); n adds one",
            )
        )
        for index, step in enumerate(steps):
            log.add_row(
                step.on.isoformat(),
                Text(clean(step.asked) or "—"),
                Text(clean(step.response) or "—"),
                key=str(index),
            )

    def selected_slug(self) -> str | None:
        """The company whose column the cursor is on (None on the labels column)."""
        table = self.query_one("#offers-table", DataTable)
        if not table.columns or table.row_count == 0:
            return None
        column = table.cursor_coordinate.column
        keys = list(table.columns)
        if column <= 0 or column >= len(keys):
            return None
        value = keys[column].value
        return str(value) if value else None

    # -- events

    @on(DataTable.ColumnHighlighted, "#offers-table")
    def _column_moved(self) -> None:
        self._show_log()

    @on(DataTable.ColumnSelected, "#offers-table")
    def _column_chosen(self) -> None:
        """Enter on the table (which keeps the key to itself) opens the company too."""
        self.action_open()

    # -- actions

    def action_negotiate(self) -> None:
        slug = self.selected_slug()
        company = self.session.companies.get(slug) if slug else None
        if slug is None or company is None or company.offer is None:
            self.notify("Choose an offer first (←/→)", severity="warning")
            return

        def logged(step: NegotiationStep | None) -> None:
            if step is None:
                return
            self.apply(slug, lambda c: _add_step(c, step), "log negotiation")

        self.app.push_screen(
            NegotiationFormScreen(clean(company.name), self.session.today()), logged
        )

    def action_open(self) -> None:
        slug = self.selected_slug()
        if slug:
            self.planner.open_company(slug)

    def action_back(self) -> None:
        self.planner.action_pipeline()


def _add_step(company: Company, step: NegotiationStep) -> None:
    """Add a negotiation step, keeping the log in date order (same day: in typing order)."""
    if company.offer is None:
        return  # removed by another writer meanwhile: nothing to log against
    steps = sorted([*company.offer.negotiation, step], key=lambda s: s.on)
    company.offer.negotiation = steps


def _best(rows: list[OfferRow]) -> dict[tuple[str, str], bool]:
    """Which offer has the highest total per total row, among open offers of one currency.

    Totals in different currencies are not compared: no exchange rate is assumed.
    """
    best: dict[tuple[str, str], bool] = {}
    for label, attribute in TOTALS.items():
        by_currency: dict[str, list[OfferRow]] = {}
        for row in rows:
            if row.is_open:
                by_currency.setdefault(row.offer.currency, []).append(row)
        for group in by_currency.values():
            if len(group) < 2:
                continue
            top = max(group, key=lambda r: float(getattr(r, attribute)))
            best[(label, top.slug)] = True
    return best
