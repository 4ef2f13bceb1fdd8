"""A dialog of a few labelled fields (a contact, an interviewer, a topic's note).

A `ModalScreen` that dismisses with the values (or None when cancelled); the caller passes
a callback to `push_screen` and does the change through the session. A form may be given
a `validate` function: its message is shown inside the dialog and the dialog stays open,
so a refused value is explained where it was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from roundplanner.sanitize import clean
from roundplanner.tui.text import editable

FormValues = dict[str, str]


SHORT_ROWS = 30
"""A screen with fewer rows (80x24) is short: its dialogs drop their blank rows."""
SAVED_WHEN_SHORT = 4
"""The blank rows a short dialog drops around its fields (app.tcss `.-short .dialog`):
the padding above and below, under the title, above the buttons."""


def fit_fields(dialog: Screen[Any], fields: Widget, chrome_rows: int) -> None:
    """Give a dialog's scrolling fields what the screen has left after `chrome_rows`
    (margins, border, title, error line, buttons), so the buttons are never cut off.

    On a short screen the dialog is made dense (class `-short`): at 80x24 the blank rows
    left two fields showing at a time, the Source hint of "Add a company" below the fold."""
    short = dialog.size.height < SHORT_ROWS
    dialog.set_class(short, "-short")
    chrome = chrome_rows - (SAVED_WHEN_SHORT if short else 0)
    fields.styles.max_height = max(3, dialog.size.height - chrome)


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
        fit_fields(self, self.query_one("#form-fields"), self.CHROME_ROWS)

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
