"""Snapshots of the round screen, its four tabs and its dialogs, at 80x24 and 120x36.

Reached as a user would, by keys from the first screen: filter the pipeline to Acme
Robotics, open it, open one of its rounds, then the tab or the dialog. The demo is
written relative to the fixed clock, so the same code draws the same screen everywhere.
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

DESIGN = ("down", "enter")
"""On Acme's rounds table: the system design round (second, upcoming)."""
SCREEN = ("enter",)
"""On Acme's rounds table: the recruiter screen (first, past, debriefed)."""


def _round(round_keys: tuple[str, ...], *keys: str) -> Callable[[Pilot[Any]], Any]:
    """From the pipeline: open Acme Robotics, then a round, then press `keys`."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("slash", *"acme", "enter")
        await pilot.pause()
        await pilot.press("enter")  # the company
        await pilot.pause()
        await pilot.press(*round_keys)
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "round_keys, keys",
    [
        pytest.param(DESIGN, (), id="overview"),
        pytest.param(DESIGN, ("2", "down"), id="checklist"),
        pytest.param(DESIGN, ("3",), id="prep"),
        pytest.param(SCREEN, ("4",), id="debrief"),
        pytest.param(DESIGN, ("4",), id="debrief-not-yet"),
    ],
)
def test_round_tab(
    snap_compare: Any,
    demo_dir: Path,
    make_app: MakeApp,
    size: tuple[int, int],
    round_keys: tuple[str, ...],
    keys: tuple[str, ...],
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    assert snap_compare(app, terminal_size=size, run_before=_round(round_keys, *keys))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "keys",
    [
        pytest.param(("e",), id="interviewer"),
        pytest.param(("2", "e"), id="topic"),
        pytest.param(("2", "t"), id="template"),
        pytest.param(("3", "a"), id="story-pick"),
        pytest.param(("3", "tab", "e"), id="question"),
    ],
)
def test_round_dialog(
    snap_compare: Any,
    demo_dir: Path,
    make_app: MakeApp,
    size: tuple[int, int],
    keys: tuple[str, ...],
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    assert snap_compare(app, terminal_size=size, run_before=_round(DESIGN, *keys))
