"""What every roundplanner screen shares: the session handed down, changes sent up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from roundplanner import paths
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

    def __init__(self, session: Session | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._session = session

    @property
    def session(self) -> Session:
        """The session handed down, else the app's. List screens draw from the app's
        summaries and take none: the app loads the models when one is first needed."""
        return self._session if self._session is not None else self.planner.session

    @session.setter
    def session(self, session: Session) -> None:
        self._session = session

    @property
    def planner(self) -> RoundPlannerApp:
        from roundplanner.tui.app import RoundPlannerApp

        assert isinstance(self.app, RoundPlannerApp)
        return self.app

    def now(self) -> datetime:
        return paths.now() if self._session is None else self._session.clock()

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


class SummaryScreen(PlannerScreen):
    """A list drawn from the app's summaries (summary.py): coming back to it redraws it
    only if the summaries or the minute changed since it was drawn. (A screen is resumed
    right after it is first mounted too; drawing a thousand rows twice cost the first
    frame ~10%.)"""

    _drawn: tuple[int, int] | None = None

    def drawn(self) -> None:
        """Call at the end of `refresh_data`: what it showed is now current."""
        self._drawn = self._stamp()

    def _stamp(self) -> tuple[int, int]:
        return (self.planner.summary.version, int(self.now().timestamp() // 60))

    def on_screen_resume(self) -> None:
        if self._drawn != self._stamp():
            self.refresh_data()
