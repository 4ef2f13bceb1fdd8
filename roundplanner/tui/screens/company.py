"""One company: its rounds, research, details and contacts, and its offer.

Four tabs (keys 1–4) so that each part gets the whole screen at 120x36. Rounds come
first because that is where the work is: enter opens a round, `n` adds one, `l` adds a
whole loop from a template, `x` deletes (asks first; ctrl+z brings it back). Every field
saves as it is typed (see `EditingScreen`).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from roundplanner.model import Company, Round, Source, Stage, countdown, zone
from roundplanner.sanitize import clean
from roundplanner.session import Session
from roundplanner.timefmt import day_month_text, day_time_text
from roundplanner.tui.screens.company_parts import (
    RESEARCH,
    company_fields,
    contact_form,
    new_round,
    offer_form_rows,
    remove_at,
    set_contact,
)
from roundplanner.tui.screens.editing import EditingScreen
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.fields import FieldRow
from roundplanner.tui.widgets.forms import FormValues, PickScreen
from roundplanner.tui.widgets.item_list import ItemList
from roundplanner.tui.widgets.people import contact_line
from roundplanner.tui.widgets.tables import selected_key

TABS = ("rounds", "research", "details", "offer")


class CompanyScreen(EditingScreen):
    """Everything about one company's loop."""

    HELP_TITLE = "Company"
    TABS_ID = "company-tabs"
    HOME: ClassVar[dict[str, str]] = {"rounds": "rounds-table", "details": "contacts"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "back",
            "Back",
            id="back",
            tooltip="Leave the field; from elsewhere go back (everything is saved)",
        ),
        Binding("n", "new_round", "New round", id="new-round", tooltip="Add a round of a kind"),
        Binding(
            "l", "add_loop", "Add loop", id="add-loop", tooltip="Add a whole loop from a template"
        ),
        Binding(
            "x,delete",
            "remove",
            "Remove",
            id="remove",
            tooltip="Remove the selected round or contact (asks first); ctrl+z undoes",
        ),
        Binding("c", "add_contact", "Add contact", id="add-contact", tooltip="Add a contact"),
        Binding("e", "edit_contact", "Edit", id="edit-contact", tooltip="Edit the contact"),
        Binding(
            "f", "offer", "Offer", id="offer", show=False, tooltip="Record an offer, or go to it"
        ),
        Binding("1", "tab('rounds')", "Rounds", id="tab-rounds", show=False, tooltip="Rounds"),
        Binding("2", "tab('research')", "Research", id="tab-research", show=False, tooltip="Notes"),
        Binding("3", "tab('details')", "Details", id="tab-details", show=False, tooltip="Contacts"),
        Binding("4", "tab('offer')", "Offer tab", id="tab-offer", show=False, tooltip="Offer"),
    ]

    def __init__(self, session: Session, slug: str) -> None:
        super().__init__(session, slug)
        self.bound = company_fields(session)

    # -- layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="company-title")
        with TabbedContent(id="company-tabs", initial="rounds"):
            with TabPane("1 Rounds", id="rounds"):
                yield DataTable(id="rounds-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="rounds-hint", classes="muted")
            with TabPane("2 Research", id="research"), VerticalScroll(id="research-notes"):
                for key, label in RESEARCH:
                    yield Label(label, classes="section-label")
                    yield TextArea(id=f"research-{key}", soft_wrap=True, classes="note")
            with TabPane("3 Details & contacts", id="details"), Horizontal(id="details-columns"):
                with Vertical(id="details-form"):
                    yield FieldRow("Name", Input(id="company-name", compact=True))
                    yield FieldRow("Stage", _enum_select(Stage, "company-stage"))
                    yield FieldRow("Source", _enum_select(Source, "company-source"))
                    yield FieldRow("Domain", Input(id="company-domain", compact=True))
                    yield FieldRow(
                        "Links",
                        Input(id="company-links", compact=True),
                        hint="separate links with spaces",
                    )
                    yield Static(id="stage-history", classes="muted-block")
                with Vertical(id="contacts-column"):
                    yield Label("Contacts  (c add · e edit · x remove)", classes="section-label")
                    yield ItemList("No contacts yet: press c to add one.", id="contacts")
            with TabPane("4 Offer", id="offer"):
                yield Static(id="offer-none", classes="muted-block")
                with VerticalScroll(id="offer-form"):
                    yield from offer_form_rows()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#rounds-table", DataTable)
        for label, key, width in (
            ("When (your zone)", "when", 18),
            ("", "countdown", 11),  # "13h 36m ago", "12d 23h ago"
            ("Kind", "kind", 22),
            ("Title", "title", 24),
            ("Status", "status", 10),
            ("Ready", "ready", 6),
            ("Debrief", "debrief", 12),
        ):
            table.add_column(label, key=key, width=width)
        self.refresh_data()
        table.focus()

    # -- data

    def refresh_data(self) -> None:
        if not self.is_mounted:
            return
        company = self.company
        if company is None:
            self.notify("This company is no longer in the workspace", severity="warning")
            self.app.pop_screen()
            return
        self.sub_title = clean(company.name)
        self._show_title(company)
        self._show_rounds(company)
        self.sync_fields(company)
        self.query_one("#contacts", ItemList).show_items(
            [contact_line(c) for c in company.contacts]
        )
        self._show_history(company)
        self.query_one("#offer-none", Static).display = company.offer is None
        self.query_one("#offer-none", Static).update(
            "No offer recorded. Press f to record one: base, bonus, equity, deadline."
        )
        self.query_one("#offer-form").display = company.offer is not None

    def _show_title(self, company: Company) -> None:
        parts = [
            Text(clean(company.name), style="bold"),
            Text(f"  {company.stage.label}", style="cyan"),
            Text(f" · {company.source.value}"),
        ]
        if company.domain:
            parts.append(Text(f" · {clean(company.domain)}", style="dim"))
        due = company.rounds_needing_debrief(self.now())
        if due:
            parts.append(Text(f"  · {len(due)} debrief(s) due", style="bold yellow"))
        self.query_one("#company-title", Static).update(Text.assemble(*parts))

    def _show_rounds(self, company: Company) -> None:
        table = self.query_one("#rounds-table", DataTable)
        selected = self.selected_round_id()
        table.clear()
        now, here = self.now(), zone(self.session.settings.zone_name)
        for round_ in sorted_rounds(company.rounds):
            table.add_row(*self._round_cells(round_, now, here), key=round_.id)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        hint = self.query_one("#rounds-hint", Static)
        hint.display = not company.rounds
        hint.update("No rounds yet. Press l to add a whole loop from a template, or n for one.")

    def _round_cells(self, round_: Round, now: datetime, here: object) -> list[object]:
        kinds = self.session.settings.kind_labels
        start = round_.starts_at
        if start is None:
            when, left = Text("time to set", style="italic yellow"), Text("")
        else:
            when = Text(day_time_text(start.astimezone(here)))  # type: ignore[arg-type]
            left = Text(countdown(start, now), style="dim" if start < now else "bold")
        done, total = round_.progress
        ready = Text(f"{done}/{total}" if total else "–", style="green" if done == total else "")
        if round_.needs_debrief(now):
            debrief = Text("due", style="bold yellow")
        elif round_.debrief is not None:
            debrief = Text(f"✓ {round_.debrief.outcome.value}", style="green")
        else:
            debrief = Text("")
        return [
            when,
            left,
            plain(kinds.get(round_.kind, round_.kind)),
            plain(round_.title),  # a str cell would be read as markup
            round_.status.value,
            ready,
            debrief,
        ]

    def _show_history(self, company: Company) -> None:
        steps = [
            f"{change.stage.label} {day_month_text(change.on)}" for change in company.stage_history
        ]
        text = "Stage history: " + (" → ".join(steps) if steps else "none yet")
        self.query_one("#stage-history", Static).update(text)

    def selected_round_id(self) -> str | None:
        return selected_key(self.query_one("#rounds-table", DataTable))

    # -- which keys make sense where

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self.query_one("#company-tabs", TabbedContent).active
        if action in ("new_round", "add_loop"):
            return tab == "rounds"
        if action in ("add_contact", "edit_contact"):
            return tab == "details" if action == "add_contact" else self._on_contacts()
        if action == "remove":
            return tab in ("rounds", "details")
        return True

    def _on_contacts(self) -> bool:
        return isinstance(self.focused, ItemList) and self.focused.id == "contacts"

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    # -- rounds

    @on(DataTable.RowSelected, "#rounds-table")
    def _open_round(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.save_pending()
            self.planner.open_round(self.slug, str(event.row_key.value))

    def action_new_round(self) -> None:
        kinds = self.session.settings.kind_labels
        choices = [
            (key, f"{label}  ({self.session.settings.kind_duration(key)} min)")
            for key, label in kinds.items()
        ]

        def picked(kind: str | None) -> None:
            if kind is None:
                return
            round_ = new_round(self.session, kind)
            if not self.apply(self.slug, lambda c: c.rounds.append(round_), "add round"):
                return
            self.planner.open_round(self.slug, round_.id)

        self.app.push_screen(PickScreen("Add a round: what kind?", choices), picked)

    def action_add_loop(self) -> None:
        templates = self.session.settings.templates
        if not templates:
            self.notify("No loop templates in the settings", severity="warning")
            return
        choices = [(key, spec.label) for key, spec in templates.items()]

        def picked(key: str | None) -> None:
            if key is None:
                return
            spec = templates[key]
            rounds = [new_round(self.session, kind) for kind in spec.rounds]
            if not self.apply(self.slug, lambda c: c.rounds.extend(rounds), "add loop"):
                return
            self.notify(f"Added {len(rounds)} rounds: open each to set its time")
            table = self.query_one("#rounds-table", DataTable)
            if rounds[0].id in table.rows:
                table.move_cursor(row=table.get_row_index(rounds[0].id))

        detail = "Rounds get their default length and checklist; times are left to fill in."
        self.app.push_screen(PickScreen("Add a whole loop", choices, detail), picked)

    def action_remove(self) -> None:
        if self._on_contacts():
            self._remove_contact()
            return
        if self.query_one("#company-tabs", TabbedContent).active != "rounds":
            return
        round_id = self.selected_round_id()
        company = self.company
        if round_id is None or company is None:
            return
        round_ = company.round_by_id(round_id)
        if round_ is None:
            return
        label = clean(round_.label(self.session.settings.kind_labels))
        from roundplanner.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if self.apply(
                self.slug,
                lambda c: setattr(c, "rounds", [r for r in c.rounds if r.id != round_id]),
                f"delete round {label}",
            ):
                self.notify(f"Deleted {label} (ctrl+z to undo)")

        detail = "Its interviewers, checklist, notes and debrief go with it; ctrl+z undoes."
        self.app.push_screen(ConfirmScreen(f"Delete the round {label}?", detail), answered)

    # -- contacts

    def action_add_contact(self) -> None:
        self._contact_dialog(None)

    def action_edit_contact(self) -> None:
        index = self.query_one("#contacts", ItemList).current
        if index is not None:
            self._contact_dialog(index)

    @on(ItemList.OptionSelected, "#contacts")
    def _contact_selected(self) -> None:
        self.action_edit_contact()

    def _contact_dialog(self, index: int | None) -> None:
        company = self.company
        if company is None:
            return
        current = company.contacts[index] if index is not None else None

        def done(values: FormValues | None) -> None:
            if values is None:
                return
            label = "edit contact" if current else "add contact"
            self.apply(self.slug, lambda c: set_contact(c, index, values), label)

        self.app.push_screen(contact_form(current), done)

    def _remove_contact(self) -> None:
        """Ask, then remove the selected contact (it removed at once, from a key that the
        footer called "Delete", which read as deleting the company)."""
        from roundplanner.tui.screens.confirm import ConfirmScreen

        index = self.query_one("#contacts", ItemList).current
        company = self.company
        if index is None or company is None:
            return
        name = clean(company.contacts[index].name)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if self.apply(self.slug, lambda c: remove_at(c.contacts, index), "remove contact"):
                self.notify(f"Removed {name} (ctrl+z to undo)")

        question = f"Remove the contact {name}?"
        self.app.push_screen(ConfirmScreen(question, "ctrl+z undoes."), answered)

    # -- offer

    def action_offer(self) -> None:
        company = self.company
        if company is None:
            return
        if company.offer is None:
            from roundplanner.model import Offer

            if not self.apply(self.slug, lambda c: setattr(c, "offer", Offer()), "add offer"):
                return
        self.query_one("#company-tabs", TabbedContent).active = "offer"
        self.query_one("#offer-base").focus()


def sorted_rounds(rounds: list[Round]) -> list[Round]:
    """Rounds by start time; rounds without a time keep their order, at the end."""
    timed = [r for r in rounds if r.starts_at is not None]
    untimed = [r for r in rounds if r.starts_at is None]
    timed.sort(key=lambda r: r.starts_at.timestamp() if r.starts_at else 0.0)
    return timed + untimed


def _enum_select(kind: type[Stage] | type[Source], widget_id: str) -> Select[str]:
    options = [(member.value.capitalize(), member.value) for member in kind]
    return Select(options, id=widget_id, allow_blank=False, compact=True)
