"""Every key of the screen underneath and of the app, generated from the bindings.

Built from the live bindings rather than written by hand, so it can never forget a key:
the screen's own, and those of every widget on it that owns keys (a list's add and
remove keys live on the list, and are active while it has focus).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from roundplanner.tui.widgets.dialog import DialogBody, DialogFrame
from roundplanner.tui.widgets.key_table import KeyTable

GENERAL = [
    ("ctrl+p", "Command palette: every action, every company by name"),
    ("tab / shift+tab", "Move between fields"),
    ("escape", "Back (or close a dialog)"),
    ("ctrl+q", "Quit"),
]

OURS = "roundplanner."
"""Only our own widgets' keys are listed: Textual's (a table's cursor keys) are known."""


def _key_label(binding: Binding) -> str:
    return binding.key_display or ", ".join(
        k.replace("question_mark", "?").replace("slash", "/") for k in binding.key.split(",")
    )


def key_rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
    """(key, description — tooltip) for each binding that has a description."""
    rows = []
    for item in bindings:
        if not isinstance(item, Binding) or not item.description:
            continue
        text = item.tooltip or item.description
        more = f" — {text}" if text != item.description else ""
        rows.append((_key_label(item), item.description + more))
    return rows


def screen_bindings(screen: Screen[object]) -> list[BindingType]:
    """The screen's bindings, then those of each of our widget classes on it, once each."""
    seen: set[type[DOMNode]] = set()
    found: list[BindingType] = []
    for node in [screen, *screen.query("*")]:
        # A widget's keys may come from our base class (every round list's a/e/x/move
        # come from RoundList): walk each class's own ancestry, ours only.
        for kind in type(node).__mro__:
            if kind in seen or not kind.__module__.startswith(OURS):
                continue
            seen.add(kind)
            found += list(kind.__dict__.get("BINDINGS", []))
    return found


class HelpScreen(ModalScreen[None]):
    """The keys of the screen underneath, then the ones that work everywhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close", tooltip="Close help"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        title = getattr(self.under, "HELP_TITLE", type(self.under).__name__)
        everywhere = key_rows(list(getattr(type(self.app), "BINDINGS", []))) + GENERAL
        with DialogFrame(id="help", classes="-wide"), DialogBody():
            yield KeyTable(title, key_rows(screen_bindings(self.under)))
            yield KeyTable("Everywhere", everywhere)
            yield Static("Every change is saved the moment you make it; ctrl+z undoes it.")
