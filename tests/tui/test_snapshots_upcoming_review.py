"""Snapshots of Upcoming and the checklist review on the demo workspace at 120x36 and
80x24, reached by keys.

The demo is written relative to the fixed clock and the header's workspace path is
replaced by a fixed one, so the same code draws the same screen on every machine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from roundplanner.tui.app import RoundPlannerApp

SIZE = (120, 36)
SMALL = (80, 24)
MakeApp = Callable[..., RoundPlannerApp]


async def _steady(pilot: Pilot[Any], *keys: str) -> None:
    """Hide the temp folder in the header, press `keys`, and let the screen settle."""
    pilot.app.sub_title = "~/demo-workspace"
    await pilot.pause()
    if keys:
        await pilot.press(*keys)
    await pilot.pause()


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["120x36", "80x24"])
def test_upcoming_snapshot(
    snap_compare: Any, demo_dir: Path, make_app: MakeApp, size: tuple[int, int]
) -> None:
    """From the pipeline, `u`, then down to the second round (over the "Tomorrow" heading)."""
    app = make_app(demo_dir, upcoming_hours=0)

    async def to_upcoming(pilot: Pilot[Any]) -> None:
        await _steady(pilot, "u", "down")

    assert snap_compare(app, terminal_size=size, run_before=to_upcoming)


def test_review_snapshot(snap_compare: Any, demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async def walk(pilot: Pilot[Any]) -> None:
        await _steady(pilot, "r", "j", "j", "j")

    assert snap_compare(app, terminal_size=SIZE, run_before=walk)


def test_review_end_of_walk_snapshot(snap_compare: Any, demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async def to_the_end(pilot: Pilot[Any]) -> None:
        await _steady(pilot, "r", "e")

    assert snap_compare(app, terminal_size=SIZE, run_before=to_the_end)


def test_review_snapshot_80x24(snap_compare: Any, demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async def walk(pilot: Pilot[Any]) -> None:
        await _steady(pilot, "r", "j", "j", "j")

    assert snap_compare(app, terminal_size=SMALL, run_before=walk)


def test_review_end_of_walk_snapshot_80x24(
    snap_compare: Any, demo_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async def to_the_end(pilot: Pilot[Any]) -> None:
        await _steady(pilot, "r", "e")

    assert snap_compare(app, terminal_size=SMALL, run_before=to_the_end)
