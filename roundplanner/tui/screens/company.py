"""One company: its rounds, research, details and contacts, and its offer.

Four tabs (keys 1–4) so that each part gets the whole screen at 120x36. Rounds come first
because that is where the work is. The screen is a layout: each widget owns its part of
the company, its keys and its styles, and sends its changes up: `Edit` from the lists,
applied here; `Form.Edited` from the forms, applied by `PlannerScreen`, each through the
session. When the session announces a change the screen reads the company again and
hands each widget its slice; only the widgets whose slice changed redraw.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import (
    Header,
    Label,
    Static,
    TabbedContent,
    TabPane,
)

from roundplanner.model import Company, Offer
from roundplanner.sanitize import clean
from roundplanner.tui.screens.tabbed import CompanyTabsScreen
from roundplanner.tui.widgets.company_form import (
    CompanyDetails,
    CompanyHeading,
    ResearchNotes,
    StageHistory,
)
from roundplanner.tui.widgets.contacts import ContactList
from roundplanner.tui.widgets.edit import Edit
from roundplanner.tui.widgets.footer import Footer
from roundplanner.tui.widgets.offer_form import OfferForm
from roundplanner.tui.widgets.rounds_table import RoundsTable


class CompanyScreen(CompanyTabsScreen):
    """Everything about one company's loop."""

    HELP_TITLE = "Company"

    DEFAULT_CSS = """
    CompanyScreen TabbedContent { height: 1fr; }
    CompanyScreen TabPane { padding: 0 1; }
    CompanyScreen .rounds-hint { color: $text-muted; height: auto; }
    CompanyScreen .company-details { height: 1fr; }
    CompanyScreen .company-details > CompanyDetails, CompanyScreen .details-column {
        width: 62; height: auto; padding-right: 2; }
    CompanyScreen .contacts-column { width: 1fr; height: 1fr; }
    CompanyScreen .section-label { text-style: bold; color: $accent; margin-top: 1; }
    /* Narrow terminals (80x24): the form above the contacts, full width and packed, and
       the contacts in the rows left, scrolling on their own. (The whole tab used to
       scroll: focusing the contacts pushed the Name field off the top.) The tab scrolls
       only when even that does not fit. */
    CompanyScreen.-narrow .company-details { layout: vertical; overflow-y: auto; }
    CompanyScreen.-narrow .details-column { width: 100%; padding-right: 0; }
    CompanyScreen.-narrow CompanyDetails FieldRow, CompanyScreen.-narrow OfferForm FieldRow {
        margin-bottom: 0; }
    CompanyScreen.-narrow .contacts-column { width: 100%; height: 1fr; min-height: 6; }
    CompanyScreen.-narrow ContactList { height: 1fr; max-height: 100%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "back",
            "Back",
            id="back",
            tooltip="Leave the field; from elsewhere go back (everything is saved)",
        ),
        Binding(
            "f", "offer", "Offer", id="offer", show=False, tooltip="Record an offer, or go to it"
        ),
        Binding("1", "tab('rounds')", "Rounds", id="tab-rounds", show=False, tooltip="Rounds"),
        Binding("2", "tab('research')", "Research", id="tab-research", show=False, tooltip="Notes"),
        Binding("3", "tab('details')", "Details", id="tab-details", show=False, tooltip="Contacts"),
        Binding("4", "tab('offer')", "Offer tab", id="tab-offer", show=False, tooltip="Offer"),
    ]

    HOME: ClassVar[dict[str, type[Widget]]] = {"rounds": RoundsTable, "details": ContactList}

    # -- layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield CompanyHeading(self.now)
        with TabbedContent(id="company-tabs", initial="rounds"):
            with TabPane("1 Rounds", id="rounds"):
                yield RoundsTable(self.session.settings, id="rounds-table")
                yield Static(
                    "No rounds yet. Press l to add a whole loop from a template, or n for one.",
                    classes="rounds-hint",
                )
            with TabPane("2 Research", id="research"), VerticalScroll():
                yield ResearchNotes()
            with (
                TabPane("3 Details & contacts", id="details"),
                Horizontal(classes="company-details"),
            ):
                with Vertical(classes="details-column"):
                    yield CompanyDetails(self.session.today)
                    yield StageHistory()
                with Vertical(classes="contacts-column"):
                    yield Label("Contacts  (c add · e edit · x remove)", classes="section-label")
                    yield ContactList(id="contacts")
            with TabPane("4 Offer", id="offer"), VerticalScroll():
                yield OfferForm()
        yield Footer()

    def on_mount(self) -> None:
        # The data comes with the screen's first resume (PlannerScreen.on_screen_resume),
        # right after this: the screen does not count as mounted yet here.
        self.query_one(RoundsTable).focus()

    # -- data down

    def refresh_data(self) -> None:
        """Read the company again; the widgets whose part changed redraw."""
        if not self.is_mounted:
            return
        company = self.session.companies.get(self.slug)
        if company is None:
            self.notify("This company is no longer in the workspace", severity="warning")
            self.app.pop_screen()
            return
        self.company = company
        self.query_one(RoundsTable).minute = int(self.now().timestamp() // 60)

    def watch_company(self, company: Company | None) -> None:
        super().watch_company(company)
        if company is None:
            return
        self.sub_title = clean(company.name)
        self.query_one(CompanyHeading).company = company
        self.query_one(RoundsTable).rounds = tuple(company.rounds)
        self.query_one(".rounds-hint").display = not company.rounds
        self.query_one(StageHistory).history = tuple(company.stage_history)
        self.query_one(ContactList).contacts = tuple(company.contacts)

    # -- changes up

    @on(Edit)
    def _edit(self, event: Edit) -> None:
        if self.apply(self.slug, event.change, event.label):
            self.refresh_data()
            if event.done:
                self.notify(event.done)
            if event.then is not None:
                event.then()

    @on(RoundsTable.Open)
    def _open_round(self, event: RoundsTable.Open) -> None:
        self.save_pending()
        self.planner.open_round(self.slug, event.round_id)

    # -- keys of the whole screen

    def action_offer(self) -> None:
        """Record an offer (an empty one, to fill in) or go to the one there is."""
        company = self.company
        if company is None:
            return
        if company.offer is None:
            if not self.apply(self.slug, lambda c: setattr(c, "offer", Offer()), "add offer"):
                return
            self.refresh_data()
        self.query_one(TabbedContent).active = "offer"
        self.call_after_refresh(self.query_one(OfferForm).focus_first)
