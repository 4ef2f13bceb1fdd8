"""The quick start: the first frame from the cache's preview is the frame the loaded
workspace shows, and the app then works on the real session."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from roundplanner.cache import CACHE_ENV, Preview, WorkspaceCache
from roundplanner.demo import generate, write_generated
from roundplanner.settings import Settings
from roundplanner.store import Store, Workspace
from roundplanner.tui.app import RoundPlannerApp
from roundplanner.tui.screens.pipeline import PipelineScreen

Screen = dict[str, object]
Loaded = tuple[Store, Workspace, Settings]


@pytest.fixture(autouse=True)
def _cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))


def _preview(root: Path, settings: Settings) -> Preview:
    """Warm the cache as a first run would, then read the preview as the next start does."""
    first = WorkspaceCache.open(root, "k")
    store = Store(root, settings.kinds)
    first.attach(store, settings)
    store.load()
    first.save(store, settings)
    preview = WorkspaceCache.open(root, "k").preview(datetime(2020, 1, 1, tzinfo=UTC))
    assert preview is not None
    return preview


def _loader(root: Path, settings: Settings, calls: list[str]) -> Callable[[], Loaded]:
    def load() -> Loaded:
        calls.append("load")
        store = Store(root, settings.kinds)
        return store, store.load(), settings

    return load


def _shown(app: RoundPlannerApp) -> Screen:
    """Everything the pipeline shows, as text and styles."""
    screen = app.screen
    assert isinstance(screen, PipelineScreen)
    table = screen.query_one("#companies", DataTable)
    rows = [
        [(str(cell), str(getattr(cell, "style", ""))) for cell in table.get_row_at(index)]
        for index in range(table.row_count)
    ]
    keys = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]
    return {
        "rows": rows,
        "keys": keys,
        "counts": str(screen.query_one("#stage-counts", Static).render()),
        "state": str(screen.query_one("#filter-state", Static).render()),
        "title": app.sub_title,
    }


def _first_frame_and_loaded(
    root: Path, settings: Settings, preview: Preview
) -> tuple[Screen, Screen, list[str]]:
    calls: list[str] = []
    app = RoundPlannerApp(preview=preview, load=_loader(root, settings, calls), watch_disk=False)
    captured: dict[str, Screen] = {}
    original = app._finish_loading

    def finish() -> None:  # runs after the first frame: see what it showed
        if "first" not in captured:
            captured["first"] = _shown(app)
        original()

    app._finish_loading = finish  # type: ignore[method-assign]

    async def go() -> Screen:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert app.loaded_session is not None
            return _shown(app)

    loaded = asyncio.run(go())
    return captured["first"], loaded, calls


def _live(root: Path, settings: Settings) -> Screen:
    store = Store(root, settings.kinds)
    app = RoundPlannerApp(store, store.load(), settings, watch_disk=False)

    async def go() -> Screen:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            return _shown(app)

    return asyncio.run(go())


def test_the_preview_shows_what_the_demo_workspace_shows(
    demo_dir: Path, tui_settings: Settings
) -> None:
    settings = tui_settings.model_copy(update={"upcoming_hours": 0})
    first, loaded, calls = _first_frame_and_loaded(demo_dir, settings, _preview(demo_dir, settings))
    live = _live(demo_dir, settings)
    assert first == live
    assert loaded == live
    assert calls == ["load"]


def test_the_preview_shows_what_a_generated_workspace_shows(
    tmp_path: Path, tui_settings: Settings
) -> None:
    root = tmp_path / "generated"
    write_generated(root, generate(40, 5, 10, today=date(2026, 11, 26)))
    settings = tui_settings.model_copy(update={"upcoming_hours": 0})
    first, _, _ = _first_frame_and_loaded(root, settings, _preview(root, settings))
    assert first == _live(root, settings)
    assert len(first["rows"]) == 40  # type: ignore[arg-type]


def test_using_the_session_early_loads_it_once(demo_dir: Path, tui_settings: Settings) -> None:
    settings = tui_settings.model_copy(update={"upcoming_hours": 0})
    calls: list[str] = []
    app = RoundPlannerApp(
        preview=_preview(demo_dir, settings), load=_loader(demo_dir, settings, calls)
    )
    assert app.loaded_session is None
    assert app.session.companies
    assert app.session is app.loaded_session
    assert calls == ["load"]


def test_a_workspace_that_cannot_be_opened_ends_the_app(
    demo_dir: Path, tui_settings: Settings
) -> None:
    settings = tui_settings.model_copy(update={"upcoming_hours": 0})
    app = RoundPlannerApp(
        preview=_preview(demo_dir, settings), load=lambda: "settings.toml: bad value"
    )

    async def go() -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()

    asyncio.run(go())
    assert app.return_code == 2
    assert app.loaded_session is None


def test_filtering_after_a_quick_start_uses_the_live_rows(
    demo_dir: Path, tui_settings: Settings
) -> None:
    settings = tui_settings.model_copy(update={"upcoming_hours": 0})
    app = RoundPlannerApp(
        preview=_preview(demo_dir, settings),
        load=_loader(demo_dir, settings, []),
        watch_disk=False,
    )

    async def go() -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("slash", *"acme")
            await pilot.pause()
            table = app.screen.query_one("#companies", DataTable)
            assert table.row_count == 1
            await pilot.press("escape")
            await pilot.pause()
            assert table.row_count == len(app.session.companies)

    asyncio.run(go())


def test_names_that_look_like_markup_are_shown_as_written(
    tmp_path: Path, tui_settings: Settings
) -> None:
    from roundplanner.model import Company
    from roundplanner.store import init_workspace

    root = tmp_path / "ws"
    init_workspace(root)
    Store(root).create_company(Company(name="Acme [/] [b]Corp"))
    settings = tui_settings.model_copy(update={"upcoming_hours": 0})
    first, _, _ = _first_frame_and_loaded(root, settings, _preview(root, settings))
    live = _live(root, settings)
    assert first == live
    assert live["rows"][0][0][0] == "Acme [/] [b]Corp"  # type: ignore[index]
