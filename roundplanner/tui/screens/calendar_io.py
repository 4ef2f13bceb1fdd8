"""Export rounds to an .ics file, and import a recruiter's invite, from inside the TUI.

Both dialogs work through the same functions as `roundplanner export` and `import`, and
the import goes through the session, so an imported round can be undone like any edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Select, Static

from roundplanner.model import RoundRef
from roundplanner.sanitize import clean
from roundplanner.session import ChangeRejected, Session
from roundplanner.tui.messages import WorkspaceChanged

if TYPE_CHECKING:
    from roundplanner.calendar import InvitedRound

DEFAULT_EXPORT = "~/roundplanner.ics"


@dataclass(frozen=True)
class ExportScope:
    """What the screen underneath was showing: the export offers 'this company/round'."""

    slug: str | None = None
    round_id: str | None = None


class ExportScreen(ModalScreen[None]):
    """Write all rounds, one company's or one round's, to an .ics file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel", tooltip="Export nothing"),
    ]

    def __init__(self, session: Session, scope: ExportScope) -> None:
        super().__init__()
        self.session = session
        self.scope = scope

    def compose(self) -> ComposeResult:
        settings = self.session.settings
        company = self.session.companies.get(self.scope.slug or "")
        with Vertical(classes="dialog", id="export"):
            yield Static("Export to a calendar (.ics)", classes="dialog-title")
            with RadioSet(id="export-scope"):
                yield RadioButton("All rounds and offer deadlines", value=True, id="all")
                if company is not None:
                    yield RadioButton(Text(f"This company: {clean(company.name)}"), id="company")
                if self.scope.round_id:
                    yield RadioButton("This round", id="round")
            yield Checkbox("Only rounds not yet over", id="export-upcoming")
            yield Label("File")
            yield Input(value=settings.auto_export or DEFAULT_EXPORT, id="export-path")
            yield Static(
                "Import the file in Google, Outlook, Apple Calendar or Thunderbird; exporting "
                "again updates the same events instead of adding copies.",
                classes="dialog-detail",
            )
            yield Static("", id="export-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Button.Pressed, "#export-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def _selector(self) -> tuple[object, bool]:
        pressed = self.query_one("#export-scope", RadioSet).pressed_button
        choice = pressed.id if pressed is not None else "all"
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
    """Read an invite, show what it holds, and add (or update) rounds in one company."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel", tooltip="Import nothing"),
    ]

    def __init__(self, session: Session, slug: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.slug = slug
        self.invites: list[InvitedRound] = []

    def compose(self) -> ComposeResult:
        companies = sorted(self.session.companies.items(), key=lambda i: i[1].name.casefold())
        with Vertical(classes="dialog", id="import"):
            yield Static("Import an invite (.ics)", classes="dialog-title")
            yield Label("File (enter reads it)")
            yield Input(placeholder="~/Downloads/invite.ics", id="import-path")
            yield Static("", id="import-found", classes="dialog-detail")
            yield Label("Company")
            yield Select(
                [(Text(clean(c.name)), slug) for slug, c in companies],
                prompt="Choose the company",
                value=self.slug if self.slug in self.session.companies else Select.NULL,
                id="import-company",
            )
            yield Static("", id="import-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", variant="primary", id="import-go", disabled=True)
                yield Button("Cancel", id="import-cancel")

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Button.Pressed, "#import-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#import-path")
    def _read(self) -> None:
        from roundplanner.calendar import CalendarError, guess_company, read_invites

        raw = self.query_one("#import-path", Input).value.strip()
        path = Path(raw).expanduser()
        self.invites = []
        self.query_one("#import-go", Button).disabled = True
        try:
            data = path.read_bytes()
            self.invites = read_invites(
                data, path.name, default_timezone=self.session.settings.zone_name
            )
        except OSError as error:
            self._refuse(f"Cannot read {clean(raw)}: {error.strerror}")
            return
        except CalendarError as error:
            self._refuse(str(error))
            return
        self._refuse("")
        lines = [f"{len(self.invites)} event(s):"]
        for invite in self.invites[:8]:
            when = invite.start.strftime("%a %d %b %H:%M")
            cancelled = " (cancelled)" if invite.cancelled else ""
            lines.append(f"  • {clean(invite.title)} — {when} {invite.timezone}{cancelled}")
        self.query_one("#import-found", Static).update(Text("\n".join(lines)))
        company = self.query_one("#import-company", Select)
        if company.value is Select.NULL and self.invites:
            guess = guess_company(self.invites[0], self.session.companies)
            if guess is not None:
                company.value = guess
        self.query_one("#import-go", Button).disabled = False

    @on(Button.Pressed, "#import-go")
    def _import(self) -> None:
        from roundplanner.calendar import merge_invite

        slug = self.query_one("#import-company", Select).value
        if not isinstance(slug, str) or slug not in self.session.companies:
            self._refuse("Choose the company these rounds belong to.")
            return
        now = self.session.clock()
        kinds = self.session.settings.kind_labels
        counts = {"added": 0, "updated": 0}

        def merge_all(company: object) -> None:
            for invite in self.invites:
                _, created = merge_invite(company, invite, now=now, kinds=kinds)  # type: ignore[arg-type]
                counts["added" if created else "updated"] += 1

        try:
            outcome = self.session.update_company(slug, merge_all, "import invite")
        except ChangeRejected as error:
            self._refuse(str(error))
            return
        self.post_message(
            WorkspaceChanged(outcome.key, outcome.saved, outcome.message, outcome.conflict)
        )
        name = self.session.companies[slug].name
        self.app.notify(
            f"{clean(name)}: {counts['added']} round(s) added, {counts['updated']} updated"
        )
        self.dismiss(None)

    def _refuse(self, message: str) -> None:
        self.query_one("#import-error", Static).update(Text(message))
