"""Messages that travel up to the app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    # Not at run time: the quick start draws its first frame before pydantic loads.
    from roundplanner.session import Change


@dataclass
class WorkspaceChanged(Message):
    """The session announced a change (see `Session.subscribe`): made here and saved,
    pending or kept apart, pulled by the calendar sync, or picked up from disk.

    Nobody posts it by hand: the app turns each of the session's announcements into one,
    answers with a toast when there is something to say, keeps its read model in step,
    raises its `revision` (what every screen showing workspace data watches), rewrites
    the auto-export and syncs the calendar.
    """

    change: Change

    @property
    def keys(self) -> tuple[str, ...]:
        return self.change.keys
