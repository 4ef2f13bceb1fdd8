"""The dialog that adds a company: a name, its stage and where the lead came from."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from roundplanner.model import Company, Source, Stage


class AddCompanyScreen(ModalScreen[Company | None]):
    """Dismisses with the new Company, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel", tooltip="Add nothing"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Static("Add a company", classes="dialog-title")
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
            yield Static("", id="error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

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
