"""Radio choices that say which one is chosen by shape, not by colour alone.

Textual's radio button draws the same dot for every button and tells the chosen one by
its colour: on a monochrome terminal, or to a colour-blind user, every button looked
chosen. These draw ● for the chosen button and ○ for the others.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import RadioButton, RadioSet

CHOSEN = "●"
NOT_CHOSEN = "○"


class MarkedRadioButton(RadioButton):
    """A radio button whose dot is filled only when it is the chosen one."""

    BUTTON_INNER = NOT_CHOSEN

    def watch_value(self) -> None:
        # The marker follows the value; the colour still changes too (RadioButton's own
        # watcher sets the `-on` class and tells the set).
        self.BUTTON_INNER = CHOSEN if self.value else NOT_CHOSEN
        super().watch_value()


class ScopeChoice(RadioSet):
    """A set of marked radio buttons; `chosen` is the value of the one pressed."""

    DEFAULT_CSS = """
    ScopeChoice { width: 100%; margin-bottom: 1; }
    """

    chosen: reactive[str] = reactive("", init=False)
    """The value of the chosen option ('' with no options)."""

    def __init__(self, options: list[tuple[str, str | Text]], *, id: str | None = None) -> None:
        """`options`: (value, label) pairs, the first one chosen. Each button is also
        given its value as id, for tests and styles; the choice is read by position."""
        self._values = [value for value, _ in options]
        buttons = [
            MarkedRadioButton(label, value=index == 0, id=value)
            for index, (value, label) in enumerate(options)
        ]
        super().__init__(*buttons, id=id)
        self.set_reactive(ScopeChoice.chosen, self._values[0] if options else "")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.chosen = self._values[event.index]
