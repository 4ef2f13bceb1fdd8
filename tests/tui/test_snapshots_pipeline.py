"""Snapshots of the pipeline on the demo workspace, reached and used by keys as a user
would, at 120x36 and at 80x24 (the fixed clock keeps them stable).

At 80x24 the company, the next round and when it is keep their full text; the source and
readiness give way, flags shrink, and the stage bar abbreviates rather than losing
Rejected, Withdrawn and Ghosted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from roundplanner.tui.app import RoundPlannerApp

SIZES = [(120, 36), (80, 24)]


def _keys(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Open on Upcoming (a round is near in the demo), go to the pipeline with `p`, then
    press `keys`."""

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.sub_title = "~/demo-workspace"  # the temp path differs on every run
        await pilot.pause()
        await pilot.press("p", *keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_pipeline_snapshot(
    snap_compare: Any,
    demo_dir: Path,
    make_app: Callable[..., RoundPlannerApp],
    size: tuple[int, int],
) -> None:
    """Every company, the cursor moved down two rows."""
    app = make_app(demo_dir)
    assert snap_compare(app, terminal_size=size, run_before=_keys("down", "down"))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_pipeline_filtered_snapshot(
    snap_compare: Any,
    demo_dir: Path,
    make_app: Callable[..., RoundPlannerApp],
    size: tuple[int, int],
) -> None:
    """`/inter` typed into the filter."""
    app = make_app(demo_dir)
    assert snap_compare(app, terminal_size=size, run_before=_keys("slash", *"inter"))


def test_pipeline_stage_and_sort_snapshot(
    snap_compare: Any, demo_dir: Path, make_app: Callable[..., RoundPlannerApp]
) -> None:
    """At 80x24: sorted by name (`o`), then by stage (`o`), one stage shown (`t` x4:
    Interviewing, marked on the stage bar)."""
    app = make_app(demo_dir)
    keys = _keys("o", "o", "t", "t", "t", "t")
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys)
