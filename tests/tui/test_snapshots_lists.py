"""Snapshots of Today, the story bank, offers, the funnel, their dialogs, export, import
and help, at 80x24 and at 120x36: each reached by the keys a user presses from the
first screen (the pipeline, as no round is near with `upcoming_hours=0`).

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

MakeApp = Callable[..., RoundPlannerApp]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]

WALKS = {
    "today": ("T",),
    "stories": ("S",),
    "story_form": ("S", "e"),
    "offers": ("O",),
    "negotiation_form": ("O", "n"),
    "funnel": ("F",),
    "export": ("X",),
    "import": ("I",),
    "help": ("F", "question_mark"),
}
"""What to press from the first screen to reach each screen or dialog."""


def _walk(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.sub_title = "~/demo-workspace"
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(WALKS))
def test_lists_snapshot(
    snap_compare: Any, demo_dir: Path, make_app: MakeApp, name: str, size: tuple[int, int]
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    assert snap_compare(app, terminal_size=size, run_before=_walk(*WALKS[name]))
