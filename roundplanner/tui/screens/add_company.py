"""The dialog that adds a company: a name, its stage and where the lead came from."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from roundplanner.model import Company, Source, Stage
from roundplanner.tui.screens.form import fit_fields


class AddCompanyScreen(ModalScreen[Company | None]):
    """Dismisses with the new Company, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel", tooltip="Add nothing"),
    ]

    CHROME_ROWS = 14
    """Rows around the fields: margins, border, padding, title, error line, buttons. The
    fields scroll in the rest, so Add and Cancel stay on screen (they were cut off at
    80x24)."""

    DEFAULT_CSS = """
    AddCompanyScreen .add-company-fields { height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Static("Add a company", classes="dialog-title")
            with VerticalScroll(classes="add-company-fields"):
                yield from self._fields()
            yield Static("", id="error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    def _fields(self) -> ComposeResult:
        yield Label("Name")
        yield Input(placeholder="Acme Robotics", id="name")
        yield Label("Stage")
        yield Select(
            [(s.label, s) for s in Stage], value=Stage.INTERESTED, id="stage", allow_blank=False
        )
        yield Label("Source: referrals and inbound leads convert best")
        yield Select(
            [(s.value.capitalize(), s) for s in Source],
            value=Source.REFERRAL,
            id="source",
            allow_blank=False,
        )

    def on_mount(self) -> None:
        self.on_resize()
        self.query_one("#name", Input).focus()

    def on_resize(self) -> None:
        fit_fields(self, self.query_one(".add-company-fields"), self.CHROME_ROWS)

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#add")
    def _add(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.query_one("#error", Static).update("A company needs a name.")
            self.query_one("#name", Input).focus()
            return
        stage = self.query_one("#stage", Select).value
        source = self.query_one("#source", Select).value
        assert isinstance(stage, Stage) and isinstance(source, Source)
        self.dismiss(Company(name=name, stage=stage, source=source))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
