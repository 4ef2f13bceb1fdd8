"""What the company and round screens share: one company, shown in tabs, edited in place.

Not a screen of its own. Both screens keep the company as the session last announced it
in `company` and hand it to every `Form` on them, so each form shows it (except a field
holding typing not yet saved); number keys show a tab and put the focus where that
tab's keys work; escape leaves a field first, and only from elsewhere leaves the screen,
with everything typed saved (`PlannerScreen.save_pending`).
"""

from __future__ import annotations

from typing import ClassVar

from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Select, TabbedContent, TextArea

from roundplanner.model import Company
from roundplanner.session import Session
from roundplanner.tui.screens.base import PlannerScreen, Showing
from roundplanner.tui.widgets.form import Form


class CompanyTabsScreen(PlannerScreen):
    """A screen over the company `slug`, in tabs (one `TabbedContent`)."""

    HOME: ClassVar[dict[str, type[Widget]]] = {}
    """Per tab, the widget that takes the focus when the tab is chosen by key or on escape
    (elsewhere the tabs themselves)."""

    company: reactive[Company | None] = reactive(None, init=False)
    """The company as the session has it (None once it is gone)."""

    def __init__(self, session: Session, slug: str) -> None:
        super().__init__(session)
        self.slug = slug

    def showing(self) -> Showing:
        return Showing(self.slug)

    def watch_company(self, company: Company | None) -> None:
        """Every form shows the company as saved; screens add the rest of their parts."""
        if company is None:
            return
        for form in self.query(Form).results(Form):
            form.model = company

    def action_tab(self, tab: str) -> None:
        """Show a tab and put the focus where its keys work."""
        self.query_one(TabbedContent).active = tab
        self.focus_home(tab)

    def focus_home(self, tab: str | None = None) -> None:
        tabs = self.query_one(TabbedContent)
        home = self.HOME.get(tab or tabs.active)
        target = self.query_one(home) if home else tabs.query_one("Tabs")
        self.call_after_refresh(target.focus)

    def action_back(self) -> None:
        """Leave the field being typed in; from anywhere else, go back (all is saved)."""
        if isinstance(self.focused, Input | TextArea | Select):
            self.focus_home()
            return
        self.save_pending()
        self.app.pop_screen()
