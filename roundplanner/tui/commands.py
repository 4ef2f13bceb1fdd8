"""Command palette entries for the main actions, so every feature is one search away.

Entries name companies and rounds, so a hit is shown as plain text (`tui.text.highlight`),
never as markup: Textual reads a `str` hit, and `Matcher.highlight`'s result, as markup.
Both come from the read model (`app.summary`), so a search never waits for the models.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from textual.command import DiscoveryHit, Hit, Hits, Provider

from roundplanner import paths
from roundplanner.sanitize import clean
from roundplanner.timefmt import countdown, day_time_text
from roundplanner.tui.text import highlight, plain

if TYPE_CHECKING:
    from roundplanner.tui.app import RoundPlannerApp


class PlannerCommands(Provider):
    """The app's actions, and every company and upcoming round by name."""

    def _entries(self) -> list[tuple[str, Callable[[], object], str]]:
        from roundplanner.tui.app import RoundPlannerApp

        app = self.app
        assert isinstance(app, RoundPlannerApp)
        entries: list[tuple[str, Callable[[], object], str]] = [
            ("Today", app.action_today, "Prep plan and follow-ups for today"),
            ("Review the next round", app.action_review_next, "Walk its checklist"),
            ("Upcoming rounds", app.action_upcoming, "Agenda with countdowns"),
            ("Pipeline", app.action_pipeline, "Every company by stage"),
            ("Story bank", app.action_stories, "Stories with setup, actions, outcome"),
            ("Offers side by side", app.action_offers, "Totals and deadlines"),
            ("Funnel", app.action_funnel, "Conversion by stage and source"),
            ("Export to calendar (.ics)", app.action_export, "All, this company or round"),
            (
                "Import a recruiter's invite (.ics)",
                app.action_import_invite,
                "Add or update rounds",
            ),
            ("Undo", app.action_undo, "Take back the last change"),
            ("Help: every key", app.action_help, "All bindings on one page"),
        ]
        entries.extend(self._company_entries(app))
        entries.extend(self._round_entries(app))
        return entries

    @staticmethod
    def _company_entries(app: RoundPlannerApp) -> list[tuple[str, Callable[[], object], str]]:
        """Every company, from the read model (a search never waits for the models)."""
        return [
            (f"Open {clean(company.name)}", partial(app.open_company, slug), company.stage_label)
            for slug, company in sorted(app.summary.companies.items())
        ]

    @staticmethod
    def _round_entries(app: RoundPlannerApp) -> list[tuple[str, Callable[[], object], str]]:
        """Every round still ahead, soonest first, from the read model; opens the round."""
        session = app.loaded_session
        now = session.clock() if session is not None else paths.now()
        zone = ZoneInfo(app.zone_name)
        return [
            (
                f"Round: {clean(row.company.name)} — {clean(row.round.label)}",
                partial(app.open_round, row.slug, row.round.id),
                f"{day_time_text(row.round.starts_at.astimezone(zone))}, "
                f"{countdown(row.round.starts_at, now)}",
            )
            for row in app.summary.upcoming(now)
        ]

    async def discover(self) -> Hits:
        for name, callback, help_text in self._entries()[:8]:
            yield DiscoveryHit(plain(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlight(matcher, name), callback, text=name, help=help_text)
