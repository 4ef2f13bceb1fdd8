"""What every roundplanner screen shares: the session handed down, changes sent up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.screen import Screen

from roundplanner import paths

if TYPE_CHECKING:
    # Not imported at run time: the app's quick start draws before pydantic loads.
    from roundplanner.model import Company, StoryBank
    from roundplanner.session import Session
    from roundplanner.tui.app import RoundPlannerApp
    from roundplanner.tui.widgets.form import Form


NARROW_COLUMNS = 100
"""Below this width screens stack side-by-side columns (the `-narrow` class)."""


@dataclass(frozen=True)
class Showing:
    """The company and round a screen shows, if any: what "this company" and "this round"
    mean to the export and the import opened over it."""

    slug: str | None = None
    round_id: str | None = None


class PlannerScreen(Screen[Any]):
    """A screen working on the session: it changes data only through `apply`.

    The `Form`s on it (widgets/form.py) edit the company it shows (`showing().slug`): their
    edits are applied here, and what was typed but not sent yet is saved when the screen
    is left, covered by a dialog, or taken down.
    """

    def __init__(self, session: Session | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._session = session
        self._forms: list[Form[Any]] = []

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

    def showing(self) -> Showing:
        """What this screen shows (screens of one company or round say which)."""
        return Showing()

    def now(self) -> datetime:
        return paths.now() if self._session is None else self._session.clock()

    def try_apply(self, slug: str, change: Callable[[Company], None], label: str) -> str | None:
        """Change a company through the session (which saves it and announces it); the
        reason if the change was refused, when nothing changed. For fields that show the
        reason where it was typed; everything else uses `apply`."""
        from roundplanner.session import ChangeRejected

        try:
            self.session.update_company(slug, change, label)
        except ChangeRejected as error:
            return str(error)
        return None

    def apply(self, slug: str, change: Callable[[Company], None], label: str) -> bool:
        """Change a company; a refusal is said in a toast. True if the change went through."""
        return self._reported(self.try_apply(slug, change, label))

    def apply_stories(self, change: Callable[[StoryBank], None], label: str) -> bool:
        """Change the story bank; a refusal is said in a toast. True if it went through."""
        from roundplanner.session import ChangeRejected

        try:
            self.session.update_stories(change, label)
        except ChangeRejected as error:
            return self._reported(str(error))
        return True

    def _reported(self, error: str | None) -> bool:
        if error is not None:
            self.notify(error, title="Not saved", severity="error")
        return error is None

    def on_resize(self) -> None:
        # A form beside a list left the list ~14 columns at 80x24: narrow screens stack
        # them (app.tcss styles `.-narrow`), wide ones keep them side by side.
        self.set_class(self.size.width < NARROW_COLUMNS, "-narrow")

    @on(events.Mount)
    def _follow_the_workspace(self) -> None:
        self.watch(self.app, "revision", self._workspace_changed, init=False)
        # Kept, not queried when needed: the forms are gone by the time the screen
        # unmounts, and what was typed in them must still be saved then.
        self._forms = list(self.query("Form").results())  # type: ignore[arg-type]

    def _workspace_changed(self) -> None:
        """The session announced a change: the screen showing redraws now, the ones under
        it when they show again (`on_screen_resume`)."""
        if self.is_current:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Show the session's current data again (after a change here or on disk)."""

    def on_screen_resume(self) -> None:
        self.refresh_data()

    # -- forms: their edits applied to the company shown

    def on_form_edited(self, event: Form.Edited) -> None:
        """A field was typed and read: apply it, show the company as saved, then tell the
        field how it went (the reason it was refused, or None). In that order: a field
        read on enter then shows the value saved (a bonus of `10%` as 18500), where it
        showed the one before."""
        reason = self._apply_field(event)
        self.refresh_data()
        event.answer(reason)

    def _apply_field(self, edit: Form.Edited) -> str | None:
        """Apply a field's edit to the company shown: why it was refused, or None."""
        slug = self.showing().slug
        return None if slug is None else self.try_apply(slug, edit.change, edit.label)

    def save_pending(self) -> None:
        """Save what was typed in the forms but not sent yet (leaving, opening a dialog)."""
        for form in self._forms:
            for edit in form.take_pending():
                edit.answer(self._apply_field(edit))

    @on(events.ScreenSuspend)
    def _save_on_suspend(self) -> None:
        self.save_pending()

    @on(events.Unmount)
    def _save_on_unmount(self) -> None:
        self.save_pending()


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
