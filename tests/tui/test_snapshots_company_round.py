"""Snapshots of the company and round screens on the demo workspace at 120x36.

The demo is written relative to the fixed clock, so the same code draws the same screen
on every machine (the company and round screens show their own subtitle, not the path).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from roundplanner.tui.app import RoundPlannerApp

SIZE = (120, 36)
MakeApp = Callable[..., RoundPlannerApp]


def _opening(*keys: str, round_id: str | None = None) -> Callable[[Pilot[Any]], Any]:
    """Open Acme Robotics (and one of its rounds), press `keys`, let the screen settle."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, RoundPlannerApp)
        await pilot.pause()
        app.open_company("acme-robotics")
        await pilot.pause()
        if round_id is not None:
            app.open_round("acme-robotics", round_id)
            await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_company_snapshot(snap_compare: Any, demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    assert snap_compare(app, terminal_size=SIZE, run_before=_opening())


def test_round_snapshot(snap_compare: Any, demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    run_before = _opening(round_id="r-acme-design")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_round_checklist_snapshot(snap_compare: Any, demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    run_before = _opening("2", "down", round_id="r-acme-design")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
