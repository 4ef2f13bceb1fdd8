"""Today: the morning view. What to prepare today toward each round, what the loop asks
of you (thank-you notes, nudges, debriefs, deadlines), and what will not fit.

A small layout: a title line and a `TodayList` that owns its rows and keys. The screen
turns the list's messages into changes through the session (tick a topic everywhere it is
shared, mark a follow-up done or snoozed) and hands the list a fresh plan after each.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Static

from roundplanner.model import Company
from roundplanner.plan import same_topic, today_view
from roundplanner.timefmt import day_year_text
from roundplanner.tui.screens.base import PlannerScreen
from roundplanner.tui.widgets.footer import Footer
from roundplanner.tui.widgets.today_list import TodayList


def _tick(title: str, now: datetime) -> Callable[[Company], None]:
    """The change that ticks the topic called `title` in every round not yet over (the
    plan counts a shared topic once, so ticking it counts for all its rounds)."""

    def change(company: Company) -> None:
        for round_ in company.rounds:
            if not round_.has_ended(now):
                for topic in round_.topics:
                    if same_topic(topic.title) == same_topic(title):
                        topic.done = True

    return change


def _lists(company: Company, title: str, now: datetime) -> bool:
    return any(
        not round_.has_ended(now)
        and not topic.done
        and same_topic(topic.title) == same_topic(title)
        for round_ in company.rounds
        for topic in round_.topics
    )


class TodayScreen(PlannerScreen):
    """The day's prep plan and follow-ups (plan.py), tick and settle in place."""

    DEFAULT_CSS = """
    TodayScreen #today-title { padding: 0 1; height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pipeline", "Pipeline", id="today-back", tooltip="Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="today-title")
        yield TodayList(id="today-list")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(TodayList).focus()

    def refresh_data(self) -> None:
        if not self.is_mounted:
            return
        settings = self.session.settings
        now = self.now()
        today = today_view(
            self.session.companies, now, settings.zone_name, settings.prep, settings.kind_labels
        )
        self.query_one("#today-title", Static).update(
            Text(f"Today, {day_year_text(today.day)}", style="bold")
        )
        listing = self.query_one(TodayList)
        listing.now = now
        listing.today = today

    @on(TodayList.TickTopic)
    def _tick_topic(self, message: TodayList.TickTopic) -> None:
        now = self.now()
        companies = self.session.companies
        for slug in [slug for slug, c in companies.items() if _lists(c, message.title, now)]:
            if not self.apply(slug, _tick(message.title, now), f"tick {message.title}"):
                return

    @on(TodayList.Settle)
    def _settle(self, message: TodayList.Settle) -> None:
        today = self.session.today()
        days = message.snooze_days

        def change(company: Company) -> None:
            company.settle_follow_up(message.key, today, days)

        label = "snooze follow-up" if days else "follow-up done"
        self.apply(message.slug, change, label)

    @on(TodayList.OpenRound)
    def _open_round(self, message: TodayList.OpenRound) -> None:
        self.planner.open_round(message.slug, message.round_id)
