"""Export rounds to an .ics file, and import a recruiter's invite, from inside the TUI.

Both dialogs work through the same functions as `roundplanner export` and `import`, and
the import goes through the session, so an imported round can be undone like any edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from roundplanner.model import Company, RoundRef
from roundplanner.sanitize import clean
from roundplanner.session import ChangeRejected, Session
from roundplanner.tui.screens.base import Showing
from roundplanner.tui.widgets.choices import ScopeChoice
from roundplanner.tui.widgets.dialog import DialogBody, DialogButtons, DialogFrame
from roundplanner.tui.widgets.invite import CompanyChoice, InvitePreview

if TYPE_CHECKING:
    from roundplanner.calendar import InvitedRound, InviteFile

DEFAULT_EXPORT = "~/roundplanner.ics"


class ExportScreen(ModalScreen[None]):
    """Write all rounds, one company's or one round's, to an .ics file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel", tooltip="Export nothing"),
    ]

    def __init__(self, session: Session, scope: Showing) -> None:
        super().__init__()
        self.session = session
        self.scope = scope

    def compose(self) -> ComposeResult:
        settings = self.session.settings
        company = self.session.companies.get(self.scope.slug or "")
        scopes: list[tuple[str, str | Text]] = [
            ("all", "All rounds, past and upcoming, and offer deadlines")
        ]
        if company is not None:
            scopes.append(("company", Text(f"This company: {clean(company.name)}")))
        if self.scope.round_id:
            scopes.append(("round", "This round"))
        with DialogFrame(id="export"):
            with DialogBody():
                yield Static("Export to a calendar (.ics)", classes="dialog-title")
                yield ScopeChoice(scopes, id="export-scope")
                yield Checkbox("Only rounds not yet over", id="export-upcoming")
                yield Label("File")
                yield Input(value=settings.auto_export or DEFAULT_EXPORT, id="export-path")
                yield Static(
                    "Import the file in Google, Outlook, Apple Calendar or Thunderbird; "
                    "exporting again updates the same events instead of adding copies.",
                    classes="dialog-detail",
                )
                yield Static("", id="export-error", classes="error")
            with DialogButtons():
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Button.Pressed, "#export-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def _selector(self) -> tuple[object, bool]:
        choice = self.query_one(ScopeChoice).chosen or "all"
        upcoming = self.query_one("#export-upcoming", Checkbox).value
        now = self.session.clock()
        scope = self.scope

        def selected(ref: RoundRef) -> bool:
            if choice in ("company", "round") and ref.slug != scope.slug:
                return False
            if choice == "round" and ref.round.id != scope.round_id:
                return False
            return not (upcoming and ref.round.has_ended(now))

        filtering = choice != "all" or upcoming
        return (selected if filtering else None), choice != "round"

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    def _export(self) -> None:
        from roundplanner.calendar_file import ExportError, write_calendar_file

        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._refuse("Name a file to write.")
            return
        target = Path(raw).expanduser()
        if target.is_dir():
            self._refuse(f"{clean(raw)} is a folder; name a file inside it.")
            return
        select, include_offers = self._selector()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            exported = write_calendar_file(
                target,
                self.session.companies,
                self.session.settings,
                select=select,  # type: ignore[arg-type]
                include_offers=include_offers,
                workspace=self.session.store.root,
            )
        except OSError as error:
            self._refuse(f"Cannot write {clean(raw)}: {error.strerror}")
            return
        except ExportError as error:
            self._refuse(clean(str(error)))
            return
        self.app.notify(f"Exported {exported.events} event(s) to {clean(str(exported.path))}")
        self.dismiss(None)

    def _refuse(self, message: str) -> None:
        self.query_one("#export-error", Static).update(Text(message))


class ImportScreen(ModalScreen[None]):
    """Read an invite (an .ics, a saved email or an mbox), show what it holds, and add (or
    update) rounds in a company: the one already holding each invite, the one chosen, or a
    new one named here (prefilled from the organizer's domain when no company matches)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel", tooltip="Import nothing"),
    ]

    @dataclass
    class FileRead(Message):
        """The import read (in a worker thread) is done: what the file holds, or why not."""

        found: InviteFile | None
        error: str = ""

    def __init__(self, session: Session, slug: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.slug = slug
        self.invites: list[InvitedRound] = []

    def compose(self) -> ComposeResult:
        companies = sorted(self.session.companies.items(), key=lambda i: i[1].name.casefold())
        with DialogFrame(id="import"):
            with DialogBody():
                yield Static("Import an invite (.ics, .eml or mbox)", classes="dialog-title")
                yield Input(
                    placeholder="File, then enter: ~/Downloads/invite.ics", id="import-path"
                )
                yield InvitePreview(id="import-found")
                yield CompanyChoice([(slug, c.name) for slug, c in companies], self.slug)
                yield Static("", id="import-error", classes="error")
            with DialogButtons():
                yield Button("Import", variant="primary", id="import-go", disabled=True)
                yield Button("Cancel", id="import-cancel")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Button.Pressed, "#import-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#import-path")
    def _read(self) -> None:
        """Read the file in a worker: a large mbox takes seconds, and the dialog (escape
        included) must answer meanwhile."""
        raw = self.query_one("#import-path", Input).value.strip()
        self.invites = []
        self.query_one("#import-go", Button).disabled = True
        self._refuse("")
        preview = self.query_one(InvitePreview)
        preview.invites, preview.warnings, preview.reading = (), (), True
        self._read_file(raw, self.session.settings.zone_name, self.session.clock())

    @work(thread=True, exclusive=True, group="import-read")
    def _read_file(self, raw: str, zone_name: str | None, now: datetime) -> None:
        """Read and check the file off the UI thread; post `FileRead` back."""
        from roundplanner.calendar import MAX_IMPORT_BYTES, CalendarError, read_import
        from roundplanner.safeio import UnreadableFile, read_regular

        path = Path(raw).expanduser()
        try:
            found = read_import(
                read_regular(path, MAX_IMPORT_BYTES),
                path.name,
                default_timezone=zone_name,
                now=now,
            )
        except FileNotFoundError:
            self.post_message(self.FileRead(None, f"{clean(raw)}: no such file"))
        except (UnreadableFile, OSError) as error:
            self.post_message(self.FileRead(None, f"{clean(raw)}: {clean(str(error))}"))
        except CalendarError as error:
            self.post_message(self.FileRead(None, clean(str(error))))
        else:
            self.post_message(self.FileRead(found))

    @on(FileRead)
    def _file_read(self, message: FileRead) -> None:
        preview = self.query_one(InvitePreview)
        preview.reading = False
        if message.found is None:
            self._refuse(message.error)
            return
        self.invites = message.found.invites
        self._refuse("")
        preview.invites = tuple(self.invites)
        preview.warnings = tuple(message.found.warnings)
        self._suggest_company()
        self.query_one("#import-go", Button).disabled = False

    def _suggest_company(self) -> None:
        """Pick the company the invite is from (the one already holding it, else by domain);
        when none matches, offer a new one named after the organizer's domain (nothing for
        a gmail.com or Calendly sender)."""
        from roundplanner.calendar import (
            company_from_invite,
            guess_company,
            holder_of,
            invite_domain,
        )

        if not self.invites:
            return
        first = self.invites[0]
        companies = self.session.companies
        guess = holder_of(first.uid, companies) or guess_company(first, companies)
        suggested = ""
        if guess is None and invite_domain(first):
            suggested = company_from_invite(first, self.session.clock()).name
        self.query_one(CompanyChoice).suggest(guess, suggested)

    @on(Button.Pressed, "#import-go")
    def _import(self) -> None:
        from roundplanner.calendar import holder_of

        choice = self.query_one(CompanyChoice)
        slug = choice.slug if choice.slug in self.session.companies else None
        new_name = choice.new_name
        plan: dict[str, list[InvitedRound]] = {}
        homeless: list[InvitedRound] = []
        for invite in self.invites:
            target = holder_of(invite.uid, self.session.companies) or slug
            if target is None:
                homeless.append(invite)
            else:
                plan.setdefault(target, []).append(invite)
        if homeless and not new_name:
            self._refuse("Choose the company these rounds belong to, or name a new one.")
            return
        try:
            if homeless:
                plan.setdefault(self._add_company(homeless[0], new_name), []).extend(homeless)
            counts = {slug: self._merge(slug, invites) for slug, invites in plan.items()}
        except ChangeRejected as error:
            self._refuse(clean(str(error)))
            return
        summary = "; ".join(
            f"{clean(self.session.companies[slug].name)}: {count}" for slug, count in counts.items()
        )
        self.app.notify(f"Imported — {summary}", markup=False)
        self.dismiss(None)

    def _add_company(self, invite: InvitedRound, name: str) -> str:
        """Create the company named in the dialog, with the organizer as its recruiter."""
        from roundplanner.calendar import company_from_invite

        company = company_from_invite(invite, self.session.clock(), name)
        slug, _ = self.session.add_company(company)
        return slug

    def _merge(self, slug: str, invites: list[InvitedRound]) -> str:
        """Merge invites into one company through the session (so undo works); what it
        did, in words ('1 added, 1 ignored')."""
        from roundplanner.calendar import Merged, defaults_from, merge_invite

        now = self.session.clock()
        settings = self.session.settings
        results: list[Merged] = []

        def merge_all(company: Company) -> None:
            for invite in invites:
                results.append(
                    merge_invite(
                        company,
                        invite,
                        now=now,
                        kinds=settings.kind_labels,
                        defaults=defaults_from(settings),
                    )
                )

        self.session.update_company(slug, merge_all, "import invite")
        actions: dict[str, int] = {}
        for result in results:
            actions[result.action] = actions.get(result.action, 0) + 1
        return ", ".join(f"{count} {action}" for action, count in actions.items())

    def _refuse(self, message: str) -> None:
        self.query_one("#import-error", Static).update(Text(message))
