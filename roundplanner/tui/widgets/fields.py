"""A labelled form field with its own error line, and the debounced autosave behind it.

Every screen that edits data in place needs the same two things: a label beside the
input, with room under it to say why a value was refused; and a way to save typing a
moment after it pauses (and at once on leaving) without one undo step per keystroke.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from roundplanner.sanitize import clean

if TYPE_CHECKING:
    from roundplanner.tui.widgets.form import Bound

SAVE_DELAY = 0.5
"""Seconds of quiet after typing before a change is saved (also saved on leaving)."""


class FieldRow(Vertical):
    """`label  [widget]` on one line, and an error line under it shown only when needed.

    `stacked` puts the label above the field (a text area for notes). `bound` is the value
    the field edits inside a `Form` (see `widgets/form.py`); a row without one only shows.
    """

    DEFAULT_CSS = """
    FieldRow { height: auto; margin-bottom: 1; }
    FieldRow > Horizontal { height: auto; }
    /* An Input is 100% wide: beside the label it ran 17 columns past the right edge, and
       the cursor of a long value went out of sight. */
    FieldRow > Horizontal > Input { width: 1fr; }
    FieldRow .field-label { width: 16; margin: 0 1 0 0; color: $text-muted; }
    FieldRow .field-error { color: $error; height: auto; display: none; padding-left: 17; }
    FieldRow .field-error.-shown { display: block; }
    FieldRow .field-hint { color: $text-muted; height: auto; padding-left: 17; }
    FieldRow.-stacked .field-label { width: 1fr; margin: 1 0 0 0; color: $accent;
        text-style: bold; }
    FieldRow.-stacked .field-error, FieldRow.-stacked .field-hint { padding-left: 0; }
    """

    def __init__(
        self,
        label: str,
        field: Widget,
        *,
        hint: str = "",
        bound: Bound[Any] | None = None,
        stacked: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="-stacked" if stacked else None)
        self.label = label
        self.field = field
        self.hint = hint
        self.bound = bound
        self.stacked = stacked

    def compose(self) -> ComposeResult:
        if self.stacked:
            yield Static(Text(self.label), classes="field-label")
            yield self.field
        else:
            with Horizontal():
                yield Static(Text(self.label), classes="field-label")
                yield self.field
        if self.hint:
            yield Static(self.hint, classes="field-hint")
        yield Static("", classes="field-error")

    @property
    def live(self) -> bool:
        """Saved while typed (else on enter or on leaving the field)."""
        return self.bound is None or self.bound.live

    def read(self, model: Any) -> str:
        """The bound value of `model` as the field shows it."""
        return "" if self.bound is None else self.bound.read(model)

    def show_error(self, message: str | None) -> None:
        """Say why the typed value was refused (None clears it)."""
        line = self.query_one(".field-error", Static)
        line.update(Text("✗ " + clean(message)) if message else "")
        line.set_class(bool(message), "-shown")

    def show_hint(self, hint: str, *, hide_empty: bool = False) -> None:
        """Replace the grey line under the field (e.g. the time in the user's own zone);
        `hide_empty`: with no hint the line takes no room (else it keeps its row)."""
        for line in self.query(".field-hint").results(Static):
            line.update(Text(clean(hint)))
            if hide_empty:
                line.display = bool(hint.strip())


class AutoSave:
    """Pending saves keyed by field, run after a quiet moment or all at once on `flush`.

    A key scheduled again replaces its pending save, so a burst of typing becomes one
    change (and one undo step).
    """

    def __init__(self, owner: Widget, delay: float = SAVE_DELAY) -> None:
        self.owner = owner
        self.delay = delay
        self._pending: dict[Hashable, Callable[[], object]] = {}
        self._timer: Timer | None = None

    def schedule(self, key: Hashable, save: Callable[[], object]) -> None:
        self._pending[key] = save
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.owner.set_timer(self.delay, self.flush)

    def flush(self, key: Hashable | None = None) -> None:
        """Run the pending save of `key` now, or every pending save."""
        if key is not None:
            save = self._pending.pop(key, None)
            if save is not None:
                save()
            return
        pending, self._pending = self._pending, {}
        for save in pending.values():
            save()

    def cancel(self, key: Hashable) -> None:
        """Forget the pending save of `key` (it was saved another way, or undone by typing)."""
        self._pending.pop(key, None)

    def has(self, key: Hashable) -> bool:
        return key in self._pending

    def take(self) -> list[Hashable]:
        """The keys of the pending saves, forgotten here without running them (their
        owner runs them its own way, e.g. while its widgets are being taken down)."""
        keys = list(self._pending)
        self._pending.clear()
        if self._timer is not None:
            self._timer.stop()
        return keys


def parse_whole(text: str, what: str = "number") -> int:
    """A whole number typed in a field, or a message naming the field."""
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"{what} must be a whole number, not {text.strip()!r}") from None
