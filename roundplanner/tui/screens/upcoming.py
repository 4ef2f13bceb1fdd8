"""Upcoming: the agenda of the next rounds across every company, with live countdowns.

Answers "what is next, and am I ready?" in one glance: rounds grouped by day in the
user's zone (Today, Tomorrow, This week, Later), each with its countdown, who and where,
and how much of its checklist is ticked; then the rounds waiting for a debrief, the
rounds with no time yet, and the offer deadlines.

The screen is a layout: a title line, the agenda (`AgendaList`, a Line-API widget like
the pipeline's list, which owns its rows, cursor, keys and styles) and a message for an
empty agenda. It hands the list the read model when it changes (`refresh_data`, called
when the app's `revision` moves) and the time every 30 seconds (the list's `now`), and
answers what the list asks for: open a round or a company, walk a round's checklist.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Header, Static

from roundplanner.timefmt import day_time_text
from roundplanner.tui.screens.base import SummaryScreen
from roundplanner.tui.widgets.agenda import Agenda, AgendaList
from roundplanner.tui.widgets.footer import Footer

REFRESH_SECONDS = 30.0
"""Countdowns move by the minute; redrawing twice a minute keeps them honest and cheap."""
EMPTY = Text.assemble(
    ("Nothing coming up.", "bold"),
    "\n\nNo rounds are scheduled, no debrief is due and no offer is waiting.\nPress ",
    ("p", "bold"),
    " for the pipeline and add a round to a company.",
)


class UpcomingScreen(SummaryScreen):
    """The agenda: next rounds by day, debriefs due, rounds to schedule, offer deadlines
    (a layout; the list owns the rows and the cursor)."""

    HELP_TITLE = "Upcoming"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back", tooltip="Back to the pipeline"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="upcoming"):
            yield Static(id="upcoming-title")
            yield AgendaList()
            yield Static(EMPTY, id="upcoming-empty", classes="welcome")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.agenda.focus()
        self.set_interval(REFRESH_SECONDS, self._tick)

    @property
    def agenda(self) -> AgendaList:
        """The agenda list."""
        return self.query_one(AgendaList)

    def refresh_data(self) -> None:
        """Hand the list the current summaries and time (the data changed, or the screen
        shows again). Only while shown: a screen under another is refreshed when it comes
        back."""
        if not self.is_mounted or not self.is_current:
            return
        now = self.now()
        self.agenda.show(Agenda(self.planner.summary, self.planner.zone_name), now)
        self._shown(now)
        self.drawn()

    def _tick(self) -> None:
        """Move the countdowns on (every REFRESH_SECONDS, while shown)."""
        if not self.is_current:
            return
        now = self.now()
        self.agenda.now = now
        self._shown(now)

    def _shown(self, now: datetime) -> None:
        """The title line with the time, and the message instead of an empty list."""
        zone = self.planner.zone_name
        local = now.astimezone(ZoneInfo(zone))
        self.query_one("#upcoming-title", Static).update(
            Text.assemble(
                ("Upcoming", "bold"), f"  ·  times in {zone}  ·  now {day_time_text(local)}"
            )
        )
        empty = self.agenda.row_count == 0
        self.agenda.display = not empty
        self.query_one("#upcoming-empty").display = empty

    # -- what the list asks for

    @on(AgendaList.RoundChosen)
    def _round_chosen(self, message: AgendaList.RoundChosen) -> None:
        self.planner.open_round(message.slug, message.round_id)

    @on(AgendaList.CompanyChosen)
    def _company_chosen(self, message: AgendaList.CompanyChosen) -> None:
        self.planner.open_company(message.slug)

    @on(AgendaList.ReviewAsked)
    def _review_asked(self, message: AgendaList.ReviewAsked) -> None:
        from roundplanner.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.session, message.slug, message.round_id))

    def action_back(self) -> None:
        self.planner.action_pipeline()
