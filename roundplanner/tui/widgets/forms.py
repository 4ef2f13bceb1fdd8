"""Small dialogs every editing screen needs: a form of a few fields, and a pick-one list.

Both are `ModalScreen`s that dismiss with a value (or None when cancelled); the caller
passes a callback to `push_screen` and does the change through the session. A form may
be given a `validate` function: its message is shown inside the dialog and the dialog
stays open, so a refused value is explained where it was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from roundplanner.sanitize import clean
from roundplanner.tui.text import editable

FormValues = dict[str, str]


@dataclass(frozen=True)
class FormField:
    """One field of a form: its key in the result, its label and starting value."""

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    multiline: bool = False
    required: bool = False


class FormScreen(ModalScreen[FormValues | None]):
    """A few labelled fields; enter (in a one-line field) or ctrl+s saves, escape cancels."""

    DEFAULT_CSS = """
    FormScreen TextArea { height: 6; }
    FormScreen #form-fields { height: auto; }
    """

    CHROME_ROWS = 16
    """Rows the dialog needs around its fields: margins, border, padding, title, the error
    line and the buttons. The fields get the rest of the screen and scroll within it, so
    Save and Cancel stay on screen at any size (they were cut off at 120x36)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form-cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", id="form-save", tooltip="Save and close"),
    ]

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        *,
        validate: Callable[[FormValues], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="form"):
            yield Static(Text(self.title_text), classes="dialog-title")
            with VerticalScroll(id="form-fields"):
                for field in self.fields:
                    yield Label(Text(field.label + (" *" if field.required else "")))
                    value = editable(field.value)
                    if field.multiline:
                        yield TextArea(value, id=f"f-{field.name}", soft_wrap=True)
                    else:
                        yield Input(value, placeholder=field.placeholder, id=f"f-{field.name}")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="form-save")
                yield Button("Cancel", id="form-cancel")

    def on_mount(self) -> None:
        self._fit_fields()
        if self.fields:
            self.query_one(f"#f-{self.fields[0].name}").focus()

    def on_resize(self) -> None:
        self._fit_fields()

    def _fit_fields(self) -> None:
        """Give the fields what the screen has left, so the buttons are never cut off."""
        room = max(3, self.size.height - self.CHROME_ROWS)
        self.query_one("#form-fields").styles.max_height = room

    def values(self) -> FormValues:
        """What the fields hold now, one-line fields stripped."""
        result: FormValues = {}
        for field in self.fields:
            widget = self.query_one(f"#f-{field.name}")
            if isinstance(widget, TextArea):
                result[field.name] = widget.text.strip("\n")
            elif isinstance(widget, Input):
                result[field.name] = widget.value.strip()
        return result

    @on(Input.Submitted)
    @on(Button.Pressed, "#form-save")
    def action_save(self) -> None:
        values = self.values()
        for field in self.fields:
            if field.required and not values[field.name]:
                self._refuse(f"{field.label} is needed.", field.name)
                return
        problem = self.validate(values) if self.validate else None
        if problem:
            self._refuse(problem)
            return
        self.dismiss(values)

    def _refuse(self, message: str, field_name: str | None = None) -> None:
        self.query_one("#form-error", Static).update(Text("✗ " + clean(message)))
        if field_name:
            self.query_one(f"#f-{field_name}").focus()

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


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
