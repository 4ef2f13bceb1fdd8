"""The pipeline screen: companies, filter, add and delete with undo, all on disk at once."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import DataTable

from roundplanner.tui.screens.pipeline import PipelineScreen


async def test_pipeline_lists_every_company_and_filters(demo_dir: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)
        table = app.screen.query_one("#companies", DataTable)
        assert table.row_count == 12
        await pilot.press("slash", *"acme")
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 12


async def test_add_company_then_delete_and_undo(demo_dir: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "zephyr-systems.toml"

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Zephyr Systems", "enter")
        await pilot.pause()
        assert path.exists()
        data = tomllib.loads(path.read_text())
        assert data["name"] == "Zephyr Systems"
        assert data["stage_history"][0]["stage"] == "interested"
        app.pop_screen()  # back from the company screen
        await pilot.pause()
        table = app.screen.query_one("#companies", DataTable)
        table.move_cursor(row=table.get_row_index("zephyr-systems"))
        await pilot.press("d", "y")
        await pilot.pause()
        assert not path.exists()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert path.exists()
        assert tomllib.loads(path.read_text())["name"] == "Zephyr Systems"


async def test_empty_workspace_greets(tmp_path: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(tmp_path / "empty")

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        welcome = app.screen.query_one("#welcome")
        assert welcome.display
        assert welcome.region.height > 0 and welcome.region.y < 36
        assert "No companies yet" in str(welcome.render())


async def test_keys_typed_right_after_slash_land_in_the_filter(demo_dir: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    """A burst ("/acme" faster than the table handles keys) must not reach the table."""
    from textual import events
    from textual.widgets import Input

    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for char in "/acme":
            app.post_message(events.Key("slash" if char == "/" else char, char))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)  # `a` did not open "Add"
        assert app.screen.query_one("#filter-input", Input).value == "acme"
        assert app.screen.query_one("#companies", DataTable).row_count == 1
