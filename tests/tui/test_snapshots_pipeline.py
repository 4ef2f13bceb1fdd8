"""Snapshot of the pipeline on the demo workspace at 120x36 (the fixed clock keeps it stable)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from roundplanner.tui.app import RoundPlannerApp


async def _settle(pilot: Pilot[Any]) -> None:
    app = pilot.app
    app.sub_title = "~/demo-workspace"  # the temp path differs on every run
    await pilot.pause()


def test_pipeline_snapshot(
    snap_compare: Any, demo_dir: Path, make_app: Callable[..., RoundPlannerApp]
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    assert snap_compare(app, terminal_size=(120, 36), run_before=_settle)


def test_pipeline_filtered_snapshot(
    snap_compare: Any, demo_dir: Path, make_app: Callable[..., RoundPlannerApp]
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("slash", *"inter")

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
