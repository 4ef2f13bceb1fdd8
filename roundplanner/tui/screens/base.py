"""What every roundplanner screen shares: the session handed down, changes sent up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from roundplanner.tui.messages import WorkspaceChanged

if TYPE_CHECKING:
    # Not imported at run time: the app's quick start draws before pydantic loads.
    from roundplanner.model import Company, StoryBank
    from roundplanner.session import Session
    from roundplanner.tui.app import RoundPlannerApp


NARROW_COLUMNS = 100
"""Below this width screens stack side-by-side columns (the `-narrow` class)."""


class PlannerScreen(Screen[Any]):
    """A screen working on the session: it changes data only through `apply`."""

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session

    @property
    def planner(self) -> RoundPlannerApp:
        from roundplanner.tui.app import RoundPlannerApp

        assert isinstance(self.app, RoundPlannerApp)
        return self.app

    def now(self) -> datetime:
        return self.session.clock()

    def apply(self, slug: str, change: Callable[[Company], None], label: str) -> str | None:
        """Change a company and save it; return the reason if refused (nothing changed)."""
        from roundplanner.session import ChangeRejected

        try:
            outcome = self.session.update_company(slug, change, label)
        except ChangeRejected as error:
            return str(error)
        self.post_message(
            WorkspaceChanged(outcome.key, outcome.saved, outcome.message, outcome.conflict)
        )
        return None

    def apply_stories(self, change: Callable[[StoryBank], None], label: str) -> str | None:
        """Change the story bank and save it; return the reason if refused."""
        from roundplanner.session import ChangeRejected

        try:
            outcome = self.session.update_stories(change, label)
        except ChangeRejected as error:
            return str(error)
        self.post_message(
            WorkspaceChanged(outcome.key, outcome.saved, outcome.message, outcome.conflict)
        )
        return None

    def on_resize(self) -> None:
        # A form beside a list left the list ~14 columns at 80x24: narrow screens stack
        # them (app.tcss styles `.-narrow`), wide ones keep them side by side.
        self.set_class(self.size.width < NARROW_COLUMNS, "-narrow")

    def refresh_data(self) -> None:
        """Show the session's current data again (after a change here or on disk)."""

    def on_screen_resume(self) -> None:
        self.refresh_data()
