"""Snapshots of the company screen, its tabs and its dialogs at 80x24 and 120x36.

Each is reached by keys from the first screen, as a user would: `/` filters the pipeline
to one company, enter opens it, 1–4 choose a tab. The demo is written relative to the
fixed clock, so the same code draws the same screen on every machine.
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


def _open(company: str, *keys: str) -> tuple[str, ...]:
    """The keys that open `company` from the pipeline, then `keys`."""
    return ("slash", *company, "enter", "enter", *keys)


VIEWS = {
    "rounds": _open("acme"),
    "research": _open("acme", "2"),
    "details": _open("acme", "3"),
    "offer": _open("northwind", "4"),
    "add-company": ("a", *"Zephyr"),
    "contact-dialog": _open("acme", "3", "c", *"Sam Ortiz"),
    "confirm-delete-round": _open("acme", "down", "x"),
}


def _pressing(keys: tuple[str, ...]) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.sub_title = "~/demo-workspace"  # the temp path differs on every run
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_company_snapshot(
    snap_compare: Any, demo_dir: Path, make_app: MakeApp, view: str, size: tuple[int, int]
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    assert snap_compare(app, terminal_size=size, run_before=_pressing(VIEWS[view]))
