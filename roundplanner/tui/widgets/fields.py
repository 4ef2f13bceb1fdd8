"""A labelled form field with its own error line, and the debounced autosave behind it.

Every screen that edits data in place needs the same two things: a label beside the
input, with room under it to say why a value was refused; and a way to save typing a
moment after it pauses (and at once on leaving) without one undo step per keystroke.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from roundplanner.sanitize import clean

SAVE_DELAY = 0.5
"""Seconds of quiet after typing before a change is saved (also saved on leaving)."""


class FieldRow(Vertical):
    """`label  [widget]` on one line, and an error line under it shown only when needed."""

    DEFAULT_CSS = """
    FieldRow { height: auto; }
    FieldRow > Horizontal { height: auto; }
    FieldRow .field-label { width: 16; margin: 0 1 0 0; color: $text-muted; }
    FieldRow .field-error { color: $error; height: auto; display: none; padding-left: 17; }
    FieldRow .field-error.-shown { display: block; }
    FieldRow .field-hint { color: $text-muted; height: auto; padding-left: 17; }
    """

    def __init__(self, label: str, field: Widget, *, hint: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.field = field
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(Text(self.label), classes="field-label")
            yield self.field
        if self.hint:
            yield Static(self.hint, classes="field-hint")
        yield Static("", classes="field-error")

    def show_error(self, message: str | None) -> None:
        """Say why the typed value was refused (None clears it)."""
        line = self.query_one(".field-error", Static)
        line.update(Text("✗ " + clean(message)) if message else "")
        line.set_class(bool(message), "-shown")

    def show_hint(self, hint: str) -> None:
        """Replace the grey line under the field (e.g. the time in the user's own zone)."""
        for line in self.query(".field-hint").results(Static):
            line.update(Text(clean(hint)))


class AutoSave:
    """Pending saves keyed by field, run after a quiet moment or all at once on `flush`.

    A key scheduled again replaces its pending save, so a burst of typing becomes one
    change (and one undo step).
    """

    def __init__(self, owner: Widget, delay: float = SAVE_DELAY) -> None:
        self.owner = owner
        self.delay = delay
        self._pending: dict[str, Callable[[], object]] = {}
        self._timer: Timer | None = None

    def schedule(self, key: str, save: Callable[[], object]) -> None:
        self._pending[key] = save
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.owner.set_timer(self.delay, self.flush)

    def flush(self, key: str | None = None) -> None:
        """Run the pending save of `key` now, or every pending save."""
        if key is not None:
            save = self._pending.pop(key, None)
            if save is not None:
                save()
            return
        pending, self._pending = self._pending, {}
        for save in pending.values():
            save()

    def cancel(self, key: str) -> None:
        """Forget the pending save of `key` (it was saved another way, or undone by typing)."""
        self._pending.pop(key, None)

    def has(self, key: str) -> bool:
        return key in self._pending


def parse_money(text: str) -> int:
    """`185000`, `185,000`, `185k`, `1.2m` or empty (0) as a whole amount."""
    cleaned = text.strip().lower().replace(",", "").replace("_", "").replace(" ", "")
    if not cleaned:
        return 0
    factor = 1
    if cleaned[-1] in "km":
        factor = 1000 if cleaned[-1] == "k" else 1_000_000
        cleaned = cleaned[:-1]
    try:
        value = float(cleaned) * factor
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not an amount; write 185000 or 185k") from None
    if value < 0:
        raise ValueError("an amount cannot be negative")
    return round(value)


def parse_whole(text: str, what: str = "number") -> int:
    """A whole number typed in a field, or a message naming the field."""
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"{what} must be a whole number, not {text.strip()!r}") from None
