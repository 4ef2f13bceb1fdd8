"""The message a widget sends up when the user changed part of a company.

Widgets never call the session: a list of contacts or of rounds knows how to change its
own items, builds the change as a function of the company, and posts `Edit`. The screen,
which knows which company it shows, applies it through the session (a refusal is said in
a toast) and, when it went through, says `done` and runs `then`.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from roundplanner.model import Company


class Edit(Message):
    """Apply `change` to the company shown, named `label` in the undo history."""

    def __init__(
        self,
        change: Callable[[Company], None],
        label: str,
        *,
        done: str = "",
        then: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.change = change
        self.label = label
        self.done = done
        """A toast once the change went through (empty: the session's own is enough)."""
        self.then = then
        """What the sender does once the change went through (open the new round…)."""
