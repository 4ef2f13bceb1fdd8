"""The command palette: actions, companies, and the upcoming rounds it promises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.command import CommandPalette

from roundplanner import paths
from roundplanner.tui.screens.round import RoundScreen


def _hits(app: Any, line: int = 0) -> list[str]:
    """One line of each hit the palette lists (the name, or below it the help)."""
    options = app.screen.query_one("CommandList").options
    return [str(option.prompt).split("\n")[line] for option in options]


async def test_the_palette_lists_an_upcoming_round_and_opens_it(
    demo_dir: Path, make_app: Any
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        row = app.summary.upcoming(paths.now())[0]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Round: ", *row.company.name)
        await pilot.pause(0.3)  # the palette searches in a worker
        entry = f"Round: {row.company.name} — {row.round.label}"
        hits = _hits(app)
        assert hits[0] == entry  # the soonest first, its time and countdown below
        assert "Thu 26 Nov 22:00, in 13h" in _hits(app, line=1)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
        assert app.screen.round_id == row.round.id


async def test_past_rounds_are_not_offered(demo_dir: Path, make_app: Any) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        now = paths.now()
        ahead = {row.round.id for row in app.summary.upcoming(now)}
        past = [
            row
            for row in app.summary.rows()
            if row.round.id not in ahead and not row.round.cancelled
        ]
        assert ahead and past  # the demo has both
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Round:")
        await pilot.pause(0.3)
        hits = _hits(app)
        assert any(hit.startswith("Round: ") for hit in hits)
        assert f"Round: {past[0].company.name} — {past[0].round.label}" not in hits
