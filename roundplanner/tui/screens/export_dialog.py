"""Export rounds to an .ics file from inside the TUI: all of them, this company's or this
round's (what the screen underneath shows), through the same function as
`roundplanner export`. "All" is every round, past and upcoming, and the offer deadlines,
as in the CLI; "only rounds not yet over" is `export --upcoming`.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from roundplanner.model import RoundRef
from roundplanner.sanitize import clean
from roundplanner.session import Session
from roundplanner.tui.screens.base import Showing
from roundplanner.tui.widgets.choices import ScopeChoice
from roundplanner.tui.widgets.dialog import DialogBody, DialogButtons, DialogFrame

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
