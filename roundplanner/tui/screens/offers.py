"""Offers side by side: one column per company, its parts, totals and deadline.

Answers "which offer?": base, bonus, equity (the grant, and what vests in years one and
two after the cliff), sign-on, the first-year and four-year totals, the currency, the
deadline with a countdown, and the status, with the best total among open offers in the
same currency marked. Below, the negotiation log of the offer under the cursor; `n` adds
a step (date, what was asked, what came back). Numbers come from `roundplanner.insights`,
read in one method (`read`); the widgets in widgets/offers.py draw them.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Header, Static

from roundplanner.insights import OfferRow, offer_rows
from roundplanner.model import Company, NegotiationStep
from roundplanner.sanitize import clean
from roundplanner.tui.screens.base import PlannerScreen
from roundplanner.tui.screens.negotiation_form import NegotiationFormScreen
from roundplanner.tui.widgets.footer import Footer
from roundplanner.tui.widgets.offers import NegotiationLog, OfferComparison

NO_OFFERS = (
    "No offers yet. When one comes, open the company and fill in its offer: base, bonus, "
    "equity and vesting, sign-on, deadline. It shows here beside the others."
)


class OffersScreen(PlannerScreen):
    """Every offer, side by side, with its negotiation log."""

    HELP_TITLE = "Offers"
    DEFAULT_CSS = """
    OffersScreen .offers-body { height: 1fr; }
    OffersScreen .section-title { height: auto; padding: 0 1; }
    OffersScreen .offers-empty {
        padding: 2 4;
        height: auto;
        border: round $accent;
        margin: 1 2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="offers-back", tooltip="Back to the pipeline"),
    ]

    rows: reactive[tuple[OfferRow, ...]] = reactive((), init=False)
    """The offers as last read; its watcher hands them to the comparison."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="offers-body"):
            yield Static(
                "[b]Offers side by side[/b] — ←/→ choose · enter opens · [b]n[/b] logs a "
                "negotiation step · ★ best total among open offers in one currency",
                classes="section-title",
            )
            yield OfferComparison(id="offers-table")
            yield NegotiationLog(id="offers-log")
            yield Static(NO_OFFERS, id="offers-empty", classes="offers-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.rows = self.read()
        if not self.rows:
            self.watch_rows(())  # no offers yet: the empty state, not an empty table
        self.query_one(OfferComparison).focus()

    # -- data

    def read(self) -> tuple[OfferRow, ...]:
        """The offers, from the read model (the app keeps it in step with the session)."""
        return tuple(offer_rows(self.planner.summary.companies, self.session.today()))

    def refresh_data(self) -> None:
        if self.is_mounted:
            self.rows = self.read()

    def watch_rows(self, rows: tuple[OfferRow, ...]) -> None:
        table = self.query_one(OfferComparison)
        table.rows_shown = rows
        table.display = bool(rows)
        self.query_one(NegotiationLog).display = bool(rows)
        self.query_one("#offers-empty").display = not rows
        self._show_log(table.selected_slug)

    def _show_log(self, slug: str | None) -> None:
        row = next((r for r in self.rows if r.slug == slug), None)
        log = self.query_one(NegotiationLog)
        log.company = clean(row.company) if row is not None else None
        # The log is the model's (the read model counts its steps only).
        company = self.session.companies.get(row.slug) if row is not None else None
        offer = company.offer if company is not None else None
        log.steps = tuple(offer.negotiation) if offer is not None else ()

    def selected_slug(self) -> str | None:
        """The company whose column the cursor is on (None on the labels column)."""
        return self.query_one(OfferComparison).selected_slug

    # -- the comparison's requests

    @on(OfferComparison.Chosen)
    def _chosen(self, message: OfferComparison.Chosen) -> None:
        self._show_log(message.slug)

    @on(OfferComparison.Open)
    def _open(self, message: OfferComparison.Open) -> None:
        self.planner.open_company(message.slug)

    @on(OfferComparison.Negotiate)
    def _negotiate(self, message: OfferComparison.Negotiate) -> None:
        slug = message.slug
        company = self.session.companies.get(slug)
        if company is None or company.offer is None:
            return

        def logged(step: NegotiationStep | None) -> None:
            if step is not None:
                self.apply(slug, lambda c: _add_step(c, step), "log negotiation")

        self.app.push_screen(
            NegotiationFormScreen(clean(company.name), self.session.today()), logged
        )

    def action_back(self) -> None:
        self.planner.action_pipeline()


def _add_step(company: Company, step: NegotiationStep) -> None:
    """Add a negotiation step, keeping the log in date order (same day: in typing order)."""
    if company.offer is None:
        return  # removed by another writer meanwhile: nothing to log against
    steps = sorted([*company.offer.negotiation, step], key=lambda s: s.on)
    company.offer.negotiation = steps
