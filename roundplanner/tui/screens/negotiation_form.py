"""The dialog that logs one step of an offer negotiation: when, what was asked, the answer."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from roundplanner.model import NegotiationStep
from roundplanner.timeparse import DAY_EXAMPLES
from roundplanner.timeparse import parse_day as parse_any_day
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.dialog import DialogBody, DialogButtons, DialogFrame


class NegotiationFormScreen(ModalScreen[NegotiationStep | None]):
    """Dismisses with the new step, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="negotiation-cancel", tooltip="Log nothing"),
    ]

    def __init__(self, company: str, today: date) -> None:
        super().__init__()
        self.company = company
        self.today = today

    def compose(self) -> ComposeResult:
        with DialogFrame(id="negotiation-form"):
            with DialogBody():
                yield Static(plain(f"Negotiation with {self.company}"), classes="dialog-title")
                yield Label(plain(f"Date ({DAY_EXAMPLES})"))
                yield Input(self.today.isoformat(), id="negotiation-on")
                yield Label("What you asked for")
                yield Input(placeholder="Base 195k, start in January", id="negotiation-asked")
                yield Label("What came back")
                yield Input(placeholder="Base 190k, 10k more sign-on", id="negotiation-response")
                yield Static("", id="negotiation-error", classes="error")
            with DialogButtons():
                yield Button("Log it", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#negotiation-asked", Input).focus()

    @on(Input.Submitted, "#negotiation-on, #negotiation-asked")
    def _next_field(self) -> None:
        """Enter moves on to the next field; on the last one it logs the step."""
        self.focus_next()

    @on(Input.Submitted, "#negotiation-response")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        error = self.query_one("#negotiation-error", Static)
        try:
            on_day = parse_any_day(self.query_one("#negotiation-on", Input).value, self.today)
        except ValueError as problem:
            error.update(plain(str(problem)))  # quotes what was typed
            self.query_one("#negotiation-on", Input).focus()
            return
        asked = self.query_one("#negotiation-asked", Input).value.strip()
        response = self.query_one("#negotiation-response", Input).value.strip()
        if not asked and not response:
            error.update("Write what you asked for, what came back, or both.")
            self.query_one("#negotiation-asked", Input).focus()
            return
        self.dismiss(NegotiationStep(on=on_day, asked=asked, response=response))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
