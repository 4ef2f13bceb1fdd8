"""Import a recruiter's invite (an .ics, a saved email or an mbox) from inside the TUI.

It reads the file with the same functions as `roundplanner import`, and the import goes
through the session, so an imported round can be undone like any edit.
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
from textual.widgets import Button, Input, Static

from roundplanner.model import Company
from roundplanner.sanitize import clean
from roundplanner.session import ChangeRejected, Session
from roundplanner.tui.widgets.dialog import DialogBody, DialogButtons, DialogFrame
from roundplanner.tui.widgets.invite import CompanyChoice, InvitePreview

if TYPE_CHECKING:
    from roundplanner.calendar import InvitedRound, InviteFile


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
