"""The pipeline screen: companies, filter, add and delete with undo, all on disk at once."""

from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path

import pytest

from roundplanner.tui.screens.pipeline import PipelineScreen
from roundplanner.tui.widgets.columns import layout
from roundplanner.tui.widgets.company_list import COLUMNS, GAP, CompanyList
from roundplanner.tui.widgets.stage_bar import StageBar


async def test_pipeline_lists_every_company_and_filters(demo_dir: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PipelineScreen)
        table = app.screen.query_one(CompanyList)
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
        table = app.screen.query_one(CompanyList)
        assert table.select("zephyr-systems")
        await pilot.press("d", "y")
        await pilot.pause()
        assert not path.exists()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert path.exists()
        assert tomllib.loads(path.read_text())["name"] == "Zephyr Systems"


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_empty_workspace_greets(tmp_path: Path, make_app, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(tmp_path / "empty")

    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        welcome = app.screen.query_one("#welcome")
        assert welcome.display
        assert not app.screen.query_one(CompanyList).display
        # All of it on screen, above the footer.
        assert welcome.region.height > 0 and welcome.region.bottom <= size[1] - 1
        assert "No companies yet" in str(welcome.render())
        bar = app.screen.query_one(StageBar)
        line = bar.render()
        # Every stage's count is on the line, and the line fits (nothing cut off).
        assert str(line).split()[1::2] == ["0"] * 9
        assert line.cell_len <= bar.content_region.width


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
        assert app.screen.query_one(CompanyList).row_count == 1


def _screen_text(app) -> str:  # type: ignore[no-untyped-def]
    svg = app.export_screenshot()
    parts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.DOTALL)
    return html.unescape("".join(parts)).replace("\xa0", " ")


async def test_at_80x24_names_and_next_rounds_keep_their_full_text(
    demo_dir: Path, make_app
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        companies = app.screen.query_one(CompanyList)
        assert companies.columns() == ["Company", "Stage", "Next round", "When", "Flags"]
        text = " ".join(_screen_text(app).split())
        for slug in companies.slugs:
            cells = companies.row_cells(slug)
            line = " ".join(str(cells[key]) for key in ("name", "stage", "next", "when"))
            assert " ".join(line.split()) in text, line
    wide = make_app(demo_dir, upcoming_hours=0)
    async with wide.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        companies = wide.screen.query_one(CompanyList)
        headers = ["Company", "Stage", "Source", "Next round", "When", "Ready", "Flags"]
        assert companies.columns() == headers


def test_columns_give_way_least_important_first() -> None:
    widths = {"name": 30, "next": 26, "flags": 32, "source": 8}
    shown = lambda width: [column.key for column, _ in layout(COLUMNS, widths, width, GAP)]  # noqa: E731
    assert shown(200) == ["name", "stage", "source", "next", "when", "ready", "flags"]
    assert shown(100) == ["name", "stage", "next", "when", "flags"]
    assert shown(90) == ["name", "stage", "next", "when"]
    assert shown(80) == ["name", "next", "when"]
    sizes = {column.key: size for column, size in layout(COLUMNS, widths, 100, GAP)}
    assert sizes["name"] == 30 and sizes["next"] == 26 and sizes["when"] == 11
    assert sum(sizes.values()) + 2 * (len(sizes) - 1) == 100  # flags take the rest
    # Narrower than what must stay: the name and the next round shrink, nothing is lost.
    sizes = {column.key: size for column, size in layout(COLUMNS, widths, 60, GAP)}
    assert list(sizes) == ["name", "next", "when"] and sum(sizes.values()) + 4 == 60


async def test_keys_move_sort_filter_by_stage_and_open(demo_dir: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    from roundplanner.tui.screens.company import CompanyScreen

    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        companies = app.screen.query_one(CompanyList)
        await pilot.press("o")  # by name
        names = [str(companies.row_cells(slug)["name"]) for slug in companies.slugs]
        assert names == sorted(names, key=str.casefold)
        await pilot.press("end")
        assert companies.selected_slug == companies.slugs[-1]
        await pilot.press("home", "down")
        assert companies.selected_slug == companies.slugs[1]
        await pilot.press("t", "t")  # the second stage: Applied
        assert {app.summary.companies[s].stage for s in companies.slugs} == {"applied"}
        assert "▸" in str(app.screen.query_one(StageBar).render())
        await pilot.press("escape")
        assert companies.row_count == 12
        slug = companies.selected_slug
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompanyScreen) and app.screen.slug == slug
