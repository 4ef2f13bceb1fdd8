"""Every key of the screen underneath and of the app, generated from the bindings.

Built from the live bindings rather than written by hand, so it can never forget a key.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GENERAL = [
    ("ctrl+p", "Command palette: every action, every company by name"),
    ("tab / shift+tab", "Move between fields"),
    ("escape", "Back (or close a dialog)"),
    ("ctrl+q", "Quit"),
]


def _key_label(binding: Binding) -> str:
    return binding.key_display or ", ".join(
        k.replace("question_mark", "?").replace("slash", "/") for k in binding.key.split(",")
    )


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close", tooltip="Close help"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def _rows(self, bindings: list[BindingType]) -> list[str]:
        rows = []
        for item in bindings:
            if not isinstance(item, Binding) or not item.description:
                continue
            text = item.tooltip or item.description
            rows.append(
                f"  [b]{_key_label(item):<16}[/b] {item.description}"
                + (f" — {text}" if text != item.description else "")
            )
        return rows

    def compose(self) -> ComposeResult:
        screen_rows = self._rows(list(getattr(type(self.under), "BINDINGS", [])))
        # Our widgets own their keys (the pipeline's list: enter, t, o): theirs too.
        seen: set[type] = set()
        for widget in self.under.query("*"):
            kind = type(widget)
            if kind in seen or not kind.__module__.startswith("roundplanner."):
                continue
            seen.add(kind)
            screen_rows += self._rows(list(kind.__dict__.get("BINDINGS", [])))
        app_rows = self._rows(list(getattr(type(self.app), "BINDINGS", [])))
        title = getattr(self.under, "HELP_TITLE", type(self.under).__name__)
        lines = [f"[b]{title}[/b]", *screen_rows, "", "[b]Everywhere[/b]", *app_rows]
        lines += [f"  [b]{key:<16}[/b] {text}" for key, text in GENERAL]
        lines += ["", "Every change is saved the moment you make it; ctrl+z undoes it."]
        with VerticalScroll(id="help", classes="dialog"):
            yield Static("\n".join(lines), markup=True)
