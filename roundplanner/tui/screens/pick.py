"""A dialog to pick one of a few choices: a round kind, a loop template, a story.

A `ModalScreen` that dismisses with the chosen key, or None when cancelled.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from roundplanner.sanitize import clean


class PickScreen(ModalScreen[str | None]):
    """Pick one of a few choices (a round kind, a loop template, a story); None if cancelled."""

    DEFAULT_CSS = """
    PickScreen OptionList { height: auto; max-height: 20; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick-cancel", tooltip="Choose nothing"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]], detail: str = "") -> None:
        """`choices` are (key, label) pairs; the key is what the dialog dismisses with."""
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.detail = detail

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="pick"):
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.detail:
                yield Static(Text(self.detail), classes="dialog-detail")
            yield OptionList(
                *[Option(Text(clean(label)), id=key) for key, label in self.choices],
                id="pick-options",
            )
            yield Static("enter to choose · escape to cancel", classes="muted")

    def on_mount(self) -> None:
        options = self.query_one("#pick-options", OptionList)
        options.focus()
        if self.choices:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#pick-options")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
