"""A small dialog asking for one line of text: a note on a checklist item, a short answer.

Dismisses with the text (possibly empty, which callers read as "clear it") or None when
cancelled, so the caller decides what the answer means and saves it through the session.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

MAX_LENGTH = 500
"""A note on one item, not an essay: longer notes belong in the round's prep notes."""


class TextPromptScreen(ModalScreen[str | None]):
    """Ask for one line; enter keeps it, escape keeps nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel", tooltip="Close without saving"),
    ]

    def __init__(self, title: str, value: str = "", *, hint: str = "", placeholder: str = ""):
        super().__init__()
        self.prompt_title = title
        self.value = value
        self.hint = hint
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog text-prompt"):
            yield Static(Text(self.prompt_title), classes="dialog-title")
            yield Input(
                value=self.value,
                placeholder=self.placeholder,
                max_length=MAX_LENGTH,
                id="prompt-input",
            )
            yield Static(
                Text(self.hint or "enter saves · escape cancels · empty clears"),
                classes="dialog-detail",
            )

    def on_mount(self) -> None:
        self.query_one("#prompt-input", Input).focus()

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
