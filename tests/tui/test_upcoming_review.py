"""Upcoming and the checklist review: the walk lands in the TOML file, clocks are fixed.

Every test runs on the demo workspace written relative to the fixed clock (2026-11-26
09:00 UTC): Acme Robotics' system design round starts at 22:00 UTC that day, so it is the
next round, 13 hours away, with 3 of its 6 topics ticked.
"""

from __future__ import annotations

import io
import json
import re
import tomllib
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.widget import Widget

from roundplanner import cli
from roundplanner.output.json_data import checklist_json
from roundplanner.store import Store
from roundplanner.tui.app import RoundPlannerApp
from roundplanner.tui.screens.pipeline import PipelineScreen
from roundplanner.tui.screens.review import ReviewScreen
from roundplanner.tui.screens.round import RoundScreen
from roundplanner.tui.screens.text_prompt import TextPromptScreen
from roundplanner.tui.screens.upcoming import UpcomingScreen
from roundplanner.tui.widgets.agenda import AgendaList, Target

BORDERS = re.compile("[\u2500-\u259f]")
"""Box drawing and block elements: the borders and scrollbars around the text."""
MakeApp = Callable[..., RoundPlannerApp]
ACME = "acme-robotics"
DESIGN = "r-acme-design"


def rendered(widget: Widget) -> str:
    """What the widget draws, border included, as plain text lines."""
    width, height = widget.outer_size
    strips = widget.render_lines(Region(0, 0, width, height))
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def flat(text: str) -> str:
    """Borders dropped and whitespace collapsed, so wrapped lines still hold their phrases."""
    return " ".join(BORDERS.sub(" ", text).split())


def design_topics(root: Path) -> list[dict[str, Any]]:
    data = tomllib.loads((root / "companies" / f"{ACME}.toml").read_text())
    round_ = next(r for r in data["rounds"] if r["id"] == DESIGN)
    # The store leaves default values out of the file: a missing `done` is false.
    return [{"done": False, "note": "", **topic} for topic in round_["topics"]]


def review(app: RoundPlannerApp) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_review_walk_from_the_pipeline_saves_every_tick(
    demo_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)
        await pilot.press("r")  # one key from the pipeline
        await pilot.pause()
        screen = review(app)
        assert (screen.slug, screen.round_id) == (ACME, DESIGN)
        assert [t["done"] for t in design_topics(demo_dir)] == [True] * 3 + [False] * 3

        await pilot.press("j", "j", "j")
        assert screen.current_index() == 3
        await pilot.press("space")  # ticks, saves, moves on
        await pilot.pause()
        assert design_topics(demo_dir)[3]["done"] is True
        assert screen.current_index() == 4
        await pilot.press("k", "space")  # unticking stays put
        await pilot.pause()
        assert design_topics(demo_dir)[3]["done"] is False
        assert screen.current_index() == 3
        await pilot.press("space")
        await pilot.pause()
        assert design_topics(demo_dir)[3]["done"] is True

        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TextPromptScreen)
        await pilot.press(*"Mention back-pressure", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert design_topics(demo_dir)[4]["note"] == "Mention back-pressure"
        assert "Mention back-pressure" in rendered(screen.query_one("#review-topics"))

        await pilot.press("down", "j")  # past the last item: the end of the walk
        await pilot.pause()
        assert screen.current_index() is None
        summary = flat(rendered(screen.query_one("#review-detail")))
        assert "End of the walk" in summary
        assert "Still unchecked: 2 of 6" in summary
        assert "Consistency, replication and partitioning" in summary
        assert "Observability and how it degrades" in summary
        assert "Caching" not in summary

        await pilot.press("enter")  # walks back to the first unchecked item
        assert screen.current_index() == 4
        await pilot.press("ctrl+z")  # the note is taken back, on disk too
        await pilot.pause()
        assert design_topics(demo_dir)[4]["note"] == ""
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)


async def test_end_key_and_a_complete_walk(demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = review(app)
        await pilot.press("e")
        assert screen.current_index() is None
        await pilot.press("enter", "space", "space", "space")
        await pilot.pause()
        assert all(t["done"] for t in design_topics(demo_dir))
        assert screen.current_index() is None  # the last tick walked onto the summary
        assert "All 6 topics ticked" in rendered(screen.query_one("#review-detail"))
        assert "6/6" in str(screen.query_one("#review-progress").render())


async def test_review_countdown_follows_the_clock(
    demo_dir: Path, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = review(app)
        countdown = screen.query_one("#review-countdown")
        assert str(countdown.render()) == "starts in 13h"
        times = str(screen.query_one("#review-times").render())
        assert "Thu 26 Nov 22:00–23:00 UTC" in times
        assert "Thu 26 Nov 14:00–15:00 America/Los_Angeles" in times
        assert "https://meet.example/acme-design" in times

        monkeypatch.setenv("ROUNDPLANNER_NOW", "2026-11-26T21:48:30+00:00")
        await pilot.pause(1.2)  # the countdown is redrawn every second
        assert str(countdown.render()) == "starts in 11m 30s"
        monkeypatch.setenv("ROUNDPLANNER_NOW", "2026-11-26T22:15:00+00:00")
        screen.refresh_countdown()
        assert str(countdown.render()) == "in progress, 45m left"


async def test_upcoming_groups_rounds_debriefs_and_deadlines(
    demo_dir: Path, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(demo_dir)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, UpcomingScreen)
        text = rendered(screen.query_one(AgendaList))
        order = ["Today", "Tomorrow", "This week", "Debrief due", "Offer deadlines"]
        positions = [text.index(heading) for heading in order]
        assert positions == sorted(positions)
        assert "Later" not in text
        acme = next(line for line in text.splitlines() if "Acme Robotics" in line)
        assert "in 13h" in acme
        assert "Thu 26 Nov 22:00" in acme
        assert "Ann Lee" in acme
        assert "meet.example/acme-des" in acme
        assert "3/6" in acme
        orbital = next(line for line in text.splitlines() if "Coding" in line)
        assert "debrief due" in orbital and "14h ago" in orbital
        lumen = next(line for line in text.splitlines() if "Lumen Labs" in line)
        assert "in 5d" in lumen and "Offer deadline" in lumen

        # The cursor starts on the first round (headings are skipped), c reviews it.
        agenda = screen.query_one(AgendaList)
        assert agenda.selected == Target(ACME, DESIGN)
        await pilot.press("down")
        assert agenda.selected == Target("orbital-freight", "r-orbital-design")
        await pilot.press("c")
        await pilot.pause()
        assert review(app).round_id == "r-orbital-design"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        opened: list[tuple[str, str | None]] = []
        monkeypatch.setattr(app, "open_round", lambda slug, rid: opened.append((slug, rid)))
        monkeypatch.setattr(app, "open_company", lambda slug: opened.append((slug, None)))
        await pilot.press("enter")
        await pilot.press("end", "enter")  # the last offer deadline
        assert opened == [("orbital-freight", "r-orbital-design"), ("northwind-health", None)]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)


async def test_upcoming_countdowns_refresh_with_the_clock(
    demo_dir: Path, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(demo_dir)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, UpcomingScreen)
        monkeypatch.setenv("ROUNDPLANNER_NOW", "2026-11-26T21:30:00+00:00")
        screen.refresh_data()  # what the 30-second interval calls
        await pilot.pause()
        text = rendered(screen.query_one(AgendaList))
        acme = next(line for line in text.splitlines() if "Acme Robotics" in line)
        assert "in 30m" in acme


@pytest.mark.parametrize(
    ("hours", "now", "expected"),
    [
        (48, None, UpcomingScreen),  # the design round is 13 h away
        (12, None, PipelineScreen),  # ... but not within 12 h
        (0, None, PipelineScreen),  # turned off
        (48, "2027-06-01T09:00:00+00:00", PipelineScreen),  # nothing left to come
    ],
)
async def test_opens_on_upcoming_when_a_round_is_near(
    demo_dir: Path,
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    hours: int,
    now: str | None,
    expected: type,
) -> None:
    if now:
        monkeypatch.setenv("ROUNDPLANNER_NOW", now)
    app = make_app(demo_dir, upcoming_hours=hours)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert type(app.screen) is expected
        if expected is UpcomingScreen:
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, PipelineScreen)


async def test_review_command_opens_that_round(demo_dir: Path, tui_settings: Any) -> None:
    store = Store(demo_dir, tui_settings.kinds)
    app = RoundPlannerApp(
        store,
        store.load(),
        tui_settings,
        start_review=True,
        review_round="r-acme-onsite",
        watch_disk=False,
    )

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = review(app)
        assert screen.round_id == "r-acme-onsite"
        assert "Onsite" in str(screen.query_one("#review-title").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)  # under it: the pipeline


def test_review_command_with_an_unknown_round_fails_before_the_screen(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROUNDPLANNER_CONFIG", str(tmp_path / "none.toml"))
    assert cli.main(["review", "r-nope", "--workspace", str(demo_dir)]) == 2


async def test_review_shows_what_checklist_json_prints(
    demo_dir: Path, make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`roundplanner checklist --json` and the review render from one build_checklist."""
    monkeypatch.setenv("ROUNDPLANNER_CONFIG", str(tmp_path / "none.toml"))
    out = io.StringIO()
    with redirect_stdout(out):
        cli.main(["checklist", DESIGN, "--json", "--workspace", str(demo_dir)])
    printed = json.loads(out.getvalue())
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = review(app)
        assert screen.checklist is not None
        assert checklist_json(screen.checklist) == printed
        topics = rendered(screen.query_one("#review-topics"))
        for topic in printed["topics"]:
            mark = "[✓]" if topic["done"] else "[ ]"
            assert f"{mark} {topic['title']}" in topics
        brief = flat(rendered(screen.query_one("#review-brief-text")))
        for person in printed["interviewers"]:
            assert flat(f"{person['name']} · {person['role']}") in brief
            assert flat(person["notes"]) in brief
        for story in printed["stories"]:
            for part in ("title", "setup", "actions", "outcome"):
                assert flat(story[part]) in brief
        for question in printed["questions"]:
            assert question in brief
        assert flat(printed["how_i_contribute"]) in brief
        assert flat(printed["prep_notes"]) in brief


async def test_rounds_with_no_time_are_listed_as_needing_scheduling(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """Rounds with no time set never appeared in Upcoming: they are what to chase next."""
    path = demo_dir / "companies" / "harbor-bank.toml"
    path.write_text(
        path.read_text()
        + '\n[[rounds]]\nid = "r-hb-screen"\nkind = "recruiter_screen"\ntimezone = "UTC"\n'
        + '\n[[rounds]]\nid = "r-hb-gone"\nkind = "technical"\ntimezone = "UTC"\n'
        + 'status = "cancelled"\n'
    )
    app = make_app(demo_dir)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, UpcomingScreen)
        text = rendered(screen.query_one(AgendaList))
        assert "Needs scheduling" in text
        line = next(row for row in text.splitlines() if "Harbor Bank" in row)
        assert "no time" in line and "Recruiter screen" in line
        assert "r-hb-gone" not in text and text.count("Harbor Bank") == 1
        # From the last offer deadline, up past the first and the deadlines' heading.
        await pilot.press("end", "up", "up")
        assert screen.query_one(AgendaList).selected == Target("harbor-bank", "r-hb-screen")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen) and app.screen.round_id == "r-hb-screen"
