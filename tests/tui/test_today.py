"""The Today screen, driven by keys: tick a topic, settle a follow-up, open a round."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from roundplanner.tui.screens.round import RoundScreen
from roundplanner.tui.screens.today import TodayScreen
from roundplanner.tui.widgets.today_list import TodayList


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text())


def _rows(app: Any) -> list[str]:
    listing = app.screen.query_one(TodayList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_today_from_anywhere_tick_settle_and_open(demo_dir: Path, make_app: Any) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        rows = _rows(app)
        assert rows[0].startswith("Prep today · 90 min")
        assert any(row.startswith("Follow-ups") for row in rows)
        assert any("Thank-you note to Sam Okafor" in row for row in rows)
        listing = app.screen.query_one(TodayList)
        # The first prep block is a topic: space ticks it in every round that shares it.
        first = listing.get_option_at_index(listing.highlighted or 0)
        title = str(first.prompt).split("min  ", 1)[1].split("  ", 1)[0]
        await pilot.press("space")
        await pilot.pause()
        ticked = [
            topic
            for path in (demo_dir / "companies").glob("*.toml")
            for round_ in _load(path).get("rounds", [])
            for topic in round_.get("topics", [])
            if topic["title"] == title
        ]
        assert ticked and all(topic.get("done") for topic in ticked)
        assert not any(title in row for row in _rows(app)[:4])
        # A follow-up: space marks it done, recorded on the company.
        ref = "orbital-freight/thanks:r-orbital-coding"
        listing.highlighted = next(
            i for i in range(listing.option_count) if listing.get_option_at_index(i).id == ref
        )
        await pilot.press("space")
        await pilot.pause()
        saved = _load(demo_dir / "companies" / "orbital-freight.toml")
        assert saved["follow_ups"] == [
            {"key": "thanks:r-orbital-coding", "done_on": saved["follow_ups"][0]["done_on"]}
        ]
        assert not any("Thank-you note to Sam Okafor" in row for row in _rows(app))
        # z puts a follow-up off a day.
        nudge = "kite-payments/nudge:r-kite-behavioral"
        listing.highlighted = next(
            i for i in range(listing.option_count) if listing.get_option_at_index(i).id == nudge
        )
        await pilot.press("z")
        await pilot.pause()
        kite = _load(demo_dir / "companies" / "kite-payments.toml")
        assert kite["follow_ups"][0]["snoozed_until"].isoformat() == "2026-11-27"
        # Enter on a row opens its round; ctrl+z takes the snooze back.
        listing.highlighted = next(
            i
            for i in range(listing.option_count)
            if (listing.get_option_at_index(i).id or "").startswith("kite-payments/debrief")
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
        assert app.screen.round_id == "r-kite-behavioral"


async def test_the_app_opens_on_today_when_something_is_due(
    demo_dir: Path, make_app: Any, tui_settings: Any
) -> None:
    """With the setting on (the default), the demo (a thank-you and prep due today) opens
    on Today, over the first screen drawn; with nothing due it stays where it opened."""
    prep = tui_settings.prep.model_copy(update={"open_on_today": True})
    app = make_app(demo_dir, prep=prep)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TodayScreen)

    quiet = prep.model_copy(update={"minutes_per_day": 0, "follow_up_after_days": 365})
    app = make_app(demo_dir, prep=quiet)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for ref in _due(app):  # settle every follow-up due, then open again
            slug, _, key = ref.partition("/")
            app.session.update_company(
                slug, lambda c, key=key: c.settle_follow_up(key, app.session.today())
            )

    app = make_app(demo_dir, prep=quiet)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, TodayScreen)


def _due(app: Any) -> list[str]:
    from roundplanner.plan import today_view

    settings = app.session.settings
    today = today_view(
        app.session.companies, app.session.clock(), "UTC", settings.prep, settings.kind_labels
    )
    return [item.ref for item in today.follow_ups if item.due <= today.day]
