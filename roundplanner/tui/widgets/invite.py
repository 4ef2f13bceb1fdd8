"""The import dialog's parts: what an invite holds, and which company it goes to.

`InvitePreview` is handed the invites read from a file (and what was skipped) and shows
them as plain text; `CompanyChoice` owns the choice between a company the workspace has
and a new one named here. Neither touches the session: the dialog does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Select

from roundplanner.timefmt import day_time_text
from roundplanner.tui.text import plain

if TYPE_CHECKING:
    from roundplanner.calendar import InvitedRound

SHOWN_INVITES = 4
SHOWN_WARNINGS = 2


class InvitePreview(Widget):
    """The invites a file holds (the first few) and what was skipped, or 'Reading…'."""

    DEFAULT_CSS = """
    InvitePreview { color: $text-muted; height: auto; margin-bottom: 1; }
    """

    invites: reactive[tuple[InvitedRound, ...]] = reactive(())
    """What the file holds, as read."""
    warnings: reactive[tuple[str, ...]] = reactive(())
    """What was skipped, and why."""
    reading: reactive[bool] = reactive(False)
    """True while the file is being read."""

    def render(self) -> Text:
        if self.reading:
            return Text("  Reading…")
        text = Text()
        for invite in self.invites[:SHOWN_INVITES]:
            when = day_time_text(invite.start)
            cancelled = " (cancelled)" if invite.cancelled else ""
            text.append_text(plain(f"  • {invite.title} — {when} {invite.timezone}{cancelled}\n"))
        if len(self.invites) > SHOWN_INVITES:
            text.append(f"  … and {len(self.invites) - SHOWN_INVITES} more\n")
        for warning in self.warnings[:SHOWN_WARNINGS]:
            text.append_text(plain(f"  ! {warning}\n"))
        if len(self.warnings) > SHOWN_WARNINGS:
            text.append(f"  ! and {len(self.warnings) - SHOWN_WARNINGS} more skipped\n")
        text.rstrip()
        return text


class CompanyChoice(Horizontal):
    """A company of the workspace, or a new one's name, side by side."""

    DEFAULT_CSS = """
    CompanyChoice { height: auto; }
    CompanyChoice > Select, CompanyChoice > Input { width: 1fr; }
    """

    def __init__(self, companies: list[tuple[str, str]], chosen: str | None) -> None:
        """`companies`: (slug, name) pairs in the order to offer them."""
        super().__init__()
        self._companies = companies
        self._first = chosen if chosen in {slug for slug, _ in companies} else None

    def compose(self) -> ComposeResult:
        yield Select(
            [(plain(name), slug) for slug, name in self._companies],
            prompt="Company",
            value=self._first if self._first is not None else Select.NULL,
            id="import-company",
        )
        yield Input(placeholder="…or a new company", id="import-new-company")

    @property
    def slug(self) -> str | None:
        """The company chosen from the list, if any."""
        value = self.query_one(Select).value
        return value if isinstance(value, str) else None

    @property
    def new_name(self) -> str:
        """The new company's name, as typed ('' when none)."""
        return self.query_one(Input).value.strip()

    def suggest(self, slug: str | None, new_name: str) -> None:
        """Offer `slug`, or else a new company called `new_name`, unless the user chose."""
        if self.slug is not None:
            return
        if slug is not None:
            self.query_one(Select).value = slug
        elif new_name:
            self.query_one(Input).value = new_name
