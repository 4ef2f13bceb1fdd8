"""Messages that travel up from screens to the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class WorkspaceChanged(Message):
    """A change went through the session (saved, pending, or a conflict kept aside).

    The app answers it: a toast when something needs saying, the auto-export, and a
    refresh of the screen that is showing.
    """

    key: str
    saved: bool = True
    text: str = ""
    conflict: bool = False
    from_sync: bool = False
    """Made by the calendar sync itself (so it does not start another sync)."""
