"""A form whose fields edit one model in place, saved as they are typed.

A screen declares the form (its `FieldRow`s, each with the `Bound` value it edits) and
sets the form's `model`; the form does the rest the same way everywhere:

- typing in a one-line field or a text area saves after a short pause (one undo step per
  burst of typing), and at once on enter and on leaving the field; a choice saves at once;
- fields marked `live=False` (a time, a zone, an amount) are read only on enter or on
  leaving, and are then shown in their one written form;
- a value that cannot be read is not sent, and the reason is shown right under the field;
- a new `model` (after a change here, an undo, another writer) updates every field except
  one holding typing not yet sent or refused, so the cursor never jumps while typing;
  a field whose typing was sent shows what was saved, even with the cursor in it (when
  the file changed on disk meanwhile, the disk version kept is what the next keystroke
  edits, never the text the session no longer holds).

The form never saves anything itself: it posts `Form.Edited` with a change function, and
whoever owns the model (the screen, which knows the company) applies it and calls
`answer` with the reason it was refused, or None. What is typed but not yet sent when the
screen goes away is handed over by `take_pending`, without touching the DOM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from textual import events, on
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Select, TextArea

from roundplanner.tui.text import editable
from roundplanner.tui.widgets.fields import AutoSave, FieldRow

M = TypeVar("M", bound=BaseModel)


def _text(raw: str) -> str:
    return raw


@dataclass(frozen=True)
class Bound(Generic[M]):
    """One on-screen field bound to one value of a model (a company, or its round)."""

    read: Callable[[M], str]
    """The value as the field shows it."""
    write: Callable[[M, Any], None]
    """Put a parsed value into the model (a copy: the session validates and saves it)."""
    label: str
    """What the change is called in the undo history."""
    parse: Callable[[str], Any] = _text
    """Typed text to value; ValueError says why it cannot be read."""
    live: bool = True
    """Save while typing (after a pause); False: only on enter or on leaving the field."""


def field_text(widget: Widget) -> str:
    """What a field holds, as text (a Select's value, or empty when it has none)."""
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, Select):
        return "" if widget.value is Select.NULL else str(widget.value)
    return ""


def show_text(widget: Widget, value: str) -> None:
    """Put `value` in the field without it counting as typing (cleaned for the terminal:
    see `tui.text.editable`)."""
    value = editable(value)
    if field_text(widget) == value:
        return
    if isinstance(widget, TextArea):
        widget.load_text(value)
    elif isinstance(widget, Input):
        widget.value = value
        # At the end, as after typing: left where it was, in `10%` shown as `18500`, the
        # cursor sat mid-number and what was typed next went into the middle of it.
        widget.cursor_position = len(value)
    elif isinstance(widget, Select) and value:
        widget.value = value


class Form(Vertical, Generic[M]):
    """The `FieldRow`s inside it that carry a `Bound` edit `model` as they are typed in."""

    DEFAULT_CSS = """
    Form { height: auto; }
    """

    model: reactive[Any] = reactive(None, init=False)
    """The model the fields show and edit (None: nothing to show yet, or it is gone)."""

    class Edited(Message):
        """A field's value was typed and read: apply `change` to the model, then `answer`."""

        def __init__(self, form: Form[Any], row: FieldRow, change: Callable[[Any], None]) -> None:
            super().__init__()
            self.form = form
            self.row = row
            self.change = change
            assert row.bound is not None
            self.label: str = row.bound.label
            """What the change is called in the undo history."""

        @property
        def control(self) -> Form[Any]:
            return self.form

        def answer(self, reason: str | None) -> None:
            """Say how it went: the reason it was refused (shown under the field), or None."""
            self.form.answered(self.row, reason)

    def __init__(self, *children: Widget, id: str | None = None, classes: str | None = None):
        super().__init__(*children, id=id, classes=classes)
        self.autosave = AutoSave(self)
        self._typed_text: dict[FieldRow, str] = {}
        self._unsent: set[FieldRow] = set()
        """Fields typed in and not yet answered as saved (or answered with a refusal):
        they keep what was typed when the model changes."""
        self._saved: dict[FieldRow, str] = {}
        """Per field, the model's value its text stands for (last shown, or saved)."""
        self._expected: dict[FieldRow, str | None] = {}
        """Per field, what it would read once the edit last sent is saved as sent."""

    def rows(self) -> Iterator[FieldRow]:
        """The form's bound fields."""
        for row in self.query(FieldRow).results(FieldRow):
            if row.bound is not None:
                yield row

    def _row_of(self, widget: Widget) -> FieldRow | None:
        for node in widget.ancestors_with_self:
            if isinstance(node, FieldRow):
                return node if node.bound is not None and node.field is widget else None
            if node is self:
                break
        return None

    # -- showing the model

    def watch_model(self) -> None:
        self._show()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        """Show the model's values in every field not being typed in."""
        if self.model is None or not self.is_mounted:
            return
        for row in self.rows():
            if self.autosave.has(row) or (row.field.has_focus and row in self._unsent):
                continue
            value = row.read(self.model)
            if row.field.has_focus and self._saved.get(row) == value:
                continue  # its value did not change: the text and the cursor stay
            self._unsent.discard(row)
            self._saved[row] = value
            if field_text(row.field) != value:
                show_text(row.field, value)
                row.show_error(None)

    # -- sending edits

    def _edit(self, row: FieldRow, raw: str) -> Form.Edited | None:
        """The edit for `raw` typed in `row`, or None when it is refused (the reason shown)
        or changes nothing (no undo step for no change)."""
        spec, model = row.bound, self.model
        if spec is None or model is None:
            return None
        try:
            value = spec.parse(raw)
        except ValueError as error:
            if row.is_attached:
                row.show_error(str(error))
            return None
        self._expected[row] = expected = _read_after(model, spec, value)
        if expected == spec.read(model):  # no undo step for no change
            if row.is_attached:
                self.answered(row, None)
            return None
        return Form.Edited(self, row, lambda m: spec.write(m, value))

    def commit(self, row: FieldRow, raw: str | None = None) -> None:
        """Read the row's field now and send the edit."""
        self.autosave.cancel(row)
        edit = self._edit(row, field_text(row.field) if raw is None else raw)
        if edit is not None:
            self.post_message(edit)

    def take_pending(self) -> list[Form.Edited]:
        """What was typed but not sent yet, as edits, forgotten here: for the owner to
        apply at once when it goes away (the fields may be gone by then)."""
        rows = [row for row in self.autosave.take() if isinstance(row, FieldRow)]
        edits = [self._edit(row, self._typed_text[row]) for row in rows]
        return [edit for edit in edits if edit is not None]

    def answered(self, row: FieldRow, reason: str | None) -> None:
        """The owner's answer: show why it was refused, or show the value as now saved."""
        if not row.is_attached:
            return
        row.show_error(reason)
        if reason is not None or self.model is None or self.autosave.has(row):
            return  # refused, or typed in again since: what is typed stays
        # Saved: from now on the field follows the model, even with the cursor in it.
        self._unsent.discard(row)
        self._saved[row] = value = row.read(self.model)
        if row.live and value == self._expected.get(row):
            return  # saved as typed: the text stays as typed (`a.com ` while typing on)
        # A field read on enter shows its one written form; a field whose file changed
        # on disk meanwhile (a conflict) shows the version the session kept.
        show_text(row.field, value)

    # -- events

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Input.Changed | TextArea.Changed) -> None:
        row = self._row_of(event.control)
        if row is None or self.model is None or not row.field.has_focus:
            return  # not bound, or set by the program rather than typed
        text = field_text(row.field)
        if text == row.read(self.model):
            self.autosave.cancel(row)
            self._unsent.discard(row)
            row.show_error(None)
            return
        self._unsent.add(row)
        if row.live:
            self._typed_text[row] = text
            self.autosave.schedule(row, lambda: self.commit(row, text))

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        row = self._row_of(event.select)
        if row is not None:
            self.commit(row)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        row = self._row_of(event.input)
        if row is not None:
            self.commit(row)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        row = self._row_of(event.widget)
        if row is not None and (self.autosave.has(row) or not row.live):
            self.commit(row)


def _read_after(model: BaseModel, spec: Bound[Any], value: Any) -> str | None:
    """What the field would read once `value` is written (None: the model refuses it;
    the owner says why)."""
    trial = model.model_copy(deep=True)
    try:
        spec.write(trial, value)
    except (ValidationError, ValueError):
        return None
    return spec.read(trial)
