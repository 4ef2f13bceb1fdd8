"""The funnel, story bank and offers screens: every change checked in the files on disk."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Static, TextArea

from roundplanner.tui.app import RoundPlannerApp
from roundplanner.tui.screens.funnel import FunnelScreen
from roundplanner.tui.screens.offers import OffersScreen
from roundplanner.tui.screens.stories import StoriesScreen
from roundplanner.tui.widgets.funnel import FunnelChart

MakeApp = Callable[..., RoundPlannerApp]
SALARY_GAP = "Salary expectations with a researched range"


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text())


def topics_by_round(path: Path) -> dict[str, list[str]]:
    return {r["id"]: [t["title"] for t in r.get("topics", [])] for r in read(path)["rounds"]}


def select_row(table: DataTable[Any], key: str) -> None:
    table.move_cursor(row=table.get_row_index(key))


# --------------------------------------------------------------------------- funnel


async def test_funnel_gap_lands_on_the_next_rounds_and_focus_list(
    demo_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    acme = demo_dir / "companies" / "acme-robotics.toml"
    stories = demo_dir / "stories.toml"

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FunnelScreen)
        gaps = app.screen.query_one("#funnel-gaps", DataTable)
        select_row(gaps, SALARY_GAP.casefold())
        await pilot.press("a")
        await pilot.pause()
        topics = topics_by_round(acme)
        assert SALARY_GAP in topics["r-acme-design"]
        assert SALARY_GAP in topics["r-acme-onsite"]
        assert SALARY_GAP not in topics["r-acme-screen"]  # that round is over
        # Twice adds nothing the second time.
        await pilot.press("a")
        await pilot.pause()
        assert topics_by_round(acme)["r-acme-design"].count(SALARY_GAP) == 1

        await pilot.press("f")
        await pilot.pause()
        assert read(stories)["focus"] == [SALARY_GAP]
        focus_line = app.screen.query_one("#funnel-focus", Static)
        assert SALARY_GAP in str(focus_line.render())
        await pilot.press("ctrl+z")  # takes the focus topic back
        await pilot.pause()
        assert "focus" not in read(stories) or read(stories)["focus"] == []
        await pilot.press("ctrl+z")  # and the gap off the checklists
        await pilot.pause()
        assert SALARY_GAP not in topics_by_round(acme)["r-acme-design"]


async def test_funnel_marks_a_quiet_company_ghosted(demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    harbor = demo_dir / "companies" / "harbor-bank.toml"

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        quiet = app.screen.query_one("#funnel-ghosted", DataTable)
        assert list(quiet.rows) and str(next(iter(quiet.rows)).value) == "harbor-bank"
        quiet.focus()
        await pilot.press("g")
        await pilot.pause()
        data = read(harbor)
        assert data["stage"] == "ghosted"
        assert data["stage_history"][-1]["stage"] == "ghosted"
        assert data["stage_history"][-1]["on"].isoformat() == "2026-11-26"
        assert quiet.row_count == 0  # no longer waiting on anyone


async def test_funnel_shows_sources_and_bars(demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        chart = str(app.screen.query_one(FunnelChart).render())
        assert "█" in chart and "Interviewing" in chart
        sources = app.screen.query_one("#funnel-sources", DataTable)
        warm = sources.get_row("source-warm")
        cold = sources.get_row("source-cold")
        assert str(warm[-1]) == "38%" and str(cold[-1]) == "0%"


# --------------------------------------------------------------------------- stories


async def test_story_add_edit_delete_and_undo(demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    stories = demo_dir / "stories.toml"

    def titles() -> list[str]:
        return [s["title"] for s in read(stories)["stories"]]

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, StoriesScreen)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#story-title", Input).value = "Shipped the search rewrite"
        form.query_one("#story-setup", TextArea).text = "Search was slow."
        form.query_one("#story-actions", TextArea).text = "Rebuilt the index."
        form.query_one("#story-outcome", Input).value = "Queries 3x faster"
        form.query_one("#story-tags", Input).value = "impact, search, impact"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = read(stories)["stories"][-1]
        assert saved["title"] == "Shipped the search rewrite"
        assert saved["outcome"] == "Queries 3x faster"
        assert saved["tags"] == ["impact", "search"]
        story_id = saved["id"]

        # Edit it: the outcome loses its number, so the story becomes incomplete.
        assert app.screen.selected_id() == story_id  # type: ignore[attr-defined]
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#story-outcome", Input).value = "Much faster"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert read(stories)["stories"][-1]["outcome"] == "Much faster"
        detail = str(app.screen.query_one("#stories-detail", Static).render())
        assert "Incomplete" in detail

        await pilot.press("d", "y")
        await pilot.pause()
        assert "Shipped the search rewrite" not in titles()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "Shipped the search rewrite" in titles()


async def test_story_form_refuses_an_empty_title(demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    before = (demo_dir / "stories.toml").read_bytes()

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("S", "a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = app.screen.query_one("#story-error", Static)
        assert "needs a title" in str(error.render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoriesScreen)
    assert (demo_dir / "stories.toml").read_bytes() == before


async def test_stories_show_where_told_and_warn_on_repeats(
    demo_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    app.session.update_company(
        "acme-robotics",
        lambda c: setattr(c.rounds[1], "stories", ["s-latency", "s-outage"]),
        "plan a repeat",
    )

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("S")
        await pilot.pause()
        warnings = str(app.screen.query_one("#stories-warnings", Static).render())
        assert "planned for 2 rounds at Acme Robotics" in warnings
        table = app.screen.query_one("#stories-table", DataTable)
        select_row(table, "s-outage")
        await pilot.pause()
        detail = str(app.screen.query_one("#stories-detail", Static).render())
        assert "Northwind Health" in detail and "Dana Whitfield" in detail
        assert "told" in detail and "planned" in detail


# --------------------------------------------------------------------------- offers


async def test_offers_side_by_side_and_negotiation_log(demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    northwind = demo_dir / "companies" / "northwind-health.toml"

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, OffersScreen)
        table = app.screen.query_one("#offers-table", DataTable)
        assert [str(k.value) for k in table.columns] == [
            "label",
            "lumen-labs",
            "northwind-health",
        ]
        deadline = table.get_row("Deadline")
        assert "in 5 days" in str(deadline[1]) and "in 9 days" in str(deadline[2])
        assert "★" in str(table.get_row("First year")[2])
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.selected_slug() == "northwind-health"
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#negotiation-on", Input).value = "not a date"
        app.screen.query_one("#negotiation-asked", Input).value = "Sign-on 30k"
        app.screen.query_one("#negotiation-response", Input).value = "25k"
        app.screen.query_one("#negotiation-response", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#negotiation-error", Static)
        assert "cannot read 'not a date'" in str(error.render())
        app.screen.query_one("#negotiation-on", Input).value = "2026-11-25"
        app.screen.query_one("#negotiation-response", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        steps = read(northwind)["offer"]["negotiation"]
        assert [(s["on"].isoformat(), s["asked"], s["response"]) for s in steps] == [
            ("2026-11-24", "Base 195k", "Waiting"),
            ("2026-11-25", "Sign-on 30k", "25k"),
        ]
        log = app.screen.query_one("#offers-log", DataTable)
        assert log.row_count == 2
