"""The quick start: the first frame drawn from the persisted summaries is the frame the
loaded workspace shows, on the pipeline and on Upcoming; the models load in a worker
after it, and opening a company or a round then works on the real session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from roundplanner.demo import generate_realistic, write_generated
from roundplanner.settings import Settings
from roundplanner.store import Store, Workspace
from roundplanner.summary import StartSettings, SummaryCache, WorkspaceSummary, summarise_workspace
from roundplanner.tui.app import RETRY, RoundPlannerApp
from roundplanner.tui.screens.pipeline import PipelineScreen
from roundplanner.tui.screens.upcoming import UpcomingScreen
from roundplanner.tui.widgets.agenda import AgendaList, Target
from roundplanner.tui.widgets.company_list import CompanyList
from roundplanner.tui.widgets.stage_bar import StageBar

from .conftest import FIXED_NOW

Loaded = tuple[Store, Workspace, Settings]


def _persist(root: Path, settings: Settings) -> WorkspaceSummary:
    """A first run: load, learn, save; then read back as the next start does."""
    cache = SummaryCache.open(root, "k")
    store = Store(root, settings.kinds)
    workspace = store.load()
    summary = summarise_workspace(root, workspace.companies, settings.kind_labels, [])
    cache.learn(
        {slug: store.digest_of(store.company_key(slug)) or "" for slug in summary.companies},
        summary,
    )
    cache.save(store, settings)
    read = SummaryCache.open(root, "k").read()
    assert read is not None
    return read


def _loader(root: Path, settings: Settings, calls: list[str]) -> Callable[[], Loaded]:
    def load() -> Loaded:
        calls.append("load")
        store = Store(root, settings.kinds)
        return store, store.load(), settings

    return load


def _pipeline(app: RoundPlannerApp) -> list[list[tuple[str, str]]]:
    screen = app.screen
    assert isinstance(screen, PipelineScreen)
    table = screen.query_one(CompanyList)
    return [
        [(str(cell), str(cell.style)) for cell in table.row_cells(slug).values()]
        for slug in table.slugs
    ] + [[(str(screen.query_one(StageBar).render()), "")]]


def _agenda(app: RoundPlannerApp) -> list[tuple[str | Target, dict[str, str] | None]]:
    """Every line of the agenda: a heading, or a row's target and its cells as drawn."""
    screen = app.screen
    assert isinstance(screen, UpcomingScreen)
    agenda = screen.query_one(AgendaList)
    return [
        (line, agenda.row_text(line) if isinstance(line, Target) else None)
        for line in agenda.outline
    ]


@pytest.fixture
def rich_ws(tmp_path: Path, tui_settings: Settings) -> Path:
    root = tmp_path / "rich"
    write_generated(root, generate_realistic(12, tui_settings, datetime.fromisoformat(FIXED_NOW)))
    return root


async def _first_frame(
    app: RoundPlannerApp, read: Callable[[RoundPlannerApp], object]
) -> tuple[object, object]:
    """What the app shows at once, and once its models have loaded."""
    async with app.run_test(size=(120, 36)) as pilot:
        first = read(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        return first, read(app)


async def test_upcoming_from_the_summary_is_upcoming_from_the_models(
    rich_ws: Path, tui_settings: Settings, make_app: Callable[..., RoundPlannerApp]
) -> None:
    summary = _persist(rich_ws, tui_settings)
    calls: list[str] = []
    start = StartSettings(tui_settings.theme, 48, tui_settings.zone_name, 21)
    quick = RoundPlannerApp(
        summary=summary, start=start, load=_loader(rich_ws, tui_settings, calls), watch_disk=False
    )
    first, after = await _first_frame(quick, _agenda)
    assert calls == ["load"]  # in the worker, after the first frame
    _, expected = await _first_frame(make_app(rich_ws), _agenda)
    assert first == expected == after
    assert any(isinstance(line, Target) and line.round_id for line, _ in first)


async def test_the_pipeline_from_the_summary_is_the_pipeline_from_the_models(
    rich_ws: Path, tui_settings: Settings, make_app: Callable[..., RoundPlannerApp]
) -> None:
    summary = _persist(rich_ws, tui_settings)
    start = StartSettings(tui_settings.theme, 0, tui_settings.zone_name, 21)
    quick = RoundPlannerApp(
        summary=summary, start=start, load=_loader(rich_ws, tui_settings, []), watch_disk=False
    )
    first, after = await _first_frame(quick, _pipeline)
    _, expected = await _first_frame(make_app(rich_ws, upcoming_hours=0), _pipeline)
    assert first == expected == after


async def test_opening_a_round_before_the_worker_is_done_loads_the_models(
    rich_ws: Path, tui_settings: Settings
) -> None:
    summary = _persist(rich_ws, tui_settings)
    calls: list[str] = []
    start = StartSettings(tui_settings.theme, 48, tui_settings.zone_name, 21)
    app = RoundPlannerApp(
        summary=summary, start=start, load=_loader(rich_ws, tui_settings, calls), watch_disk=False
    )
    async with app.run_test(size=(120, 36)) as pilot:
        assert isinstance(app.screen, UpcomingScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert calls == ["load"]
        assert app.loaded_session is not None
        assert type(app.screen).__name__ == "RoundScreen"
        await app.workers.wait_for_complete()


async def test_a_change_reaches_the_lists_through_the_summary(
    rich_ws: Path, tui_settings: Settings
) -> None:
    summary = _persist(rich_ws, tui_settings)
    start = StartSettings(tui_settings.theme, 0, tui_settings.zone_name, 21)
    app = RoundPlannerApp(
        summary=summary, start=start, load=_loader(rich_ws, tui_settings, []), watch_disk=False
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("g")  # mark the selected company ghosted
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PipelineScreen)
        slug = screen.query_one(CompanyList).selected_slug
        assert slug is not None
        assert app.summary.companies[slug].stage == "ghosted"
        row = screen.query_one(CompanyList).row_cells(slug)
        assert str(row["stage"]) == "Ghosted"


async def test_a_first_open_draws_what_the_children_sent_then_the_models(
    rich_ws: Path, tui_settings: Settings, make_app: Callable[..., RoundPlannerApp]
) -> None:
    """A first open with no kept summaries (prefetch.py): the first screen waits for the
    summaries made beside the app's start, and shows what a loaded workspace shows."""
    store = Store(rich_ws, tui_settings.kinds)
    loaded = store.load()
    made = summarise_workspace(rich_ws, loaded.companies, tui_settings.kind_labels, [])
    start = StartSettings(tui_settings.theme, 48, tui_settings.zone_name, 21)
    waited: list[str] = []

    def first() -> tuple[WorkspaceSummary, StartSettings]:
        waited.append("first")
        return made, start

    calls: list[str] = []
    app = RoundPlannerApp(first=first, load=_loader(rich_ws, tui_settings, calls), watch_disk=False)
    shown, after = await _first_frame(app, _agenda)
    assert waited == ["first"] and calls == ["load"]
    _, expected = await _first_frame(make_app(rich_ws), _agenda)
    assert shown == expected == after


async def test_a_first_open_whose_summaries_never_come_exits_to_retry(
    rich_ws: Path, tui_settings: Settings
) -> None:
    calls: list[str] = []
    app = RoundPlannerApp(
        first=lambda: None, load=_loader(rich_ws, tui_settings, calls), watch_disk=False
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
    assert app.return_code == RETRY
    assert calls == []  # nothing loaded: the caller opens the workspace the usual way


async def test_files_changed_after_the_children_read_them_show_as_they_are_on_disk(
    rich_ws: Path, tui_settings: Settings, make_app: Callable[..., RoundPlannerApp]
) -> None:
    """The children's summaries are of the bytes they read; a company renamed, deleted or
    broken before the app's own load shows as it is on disk once the models are in."""
    store = Store(rich_ws, tui_settings.kinds)
    loaded = store.load()
    made = summarise_workspace(rich_ws, loaded.companies, tui_settings.kind_labels, [])
    start = StartSettings(tui_settings.theme, 0, tui_settings.zone_name, 21)
    renamed, deleted, broken = (
        rich_ws / "companies" / f"{slug}.toml" for slug in list(made.companies)[:3]
    )

    def first() -> tuple[WorkspaceSummary, StartSettings]:
        text = renamed.read_text(encoding="utf-8")
        renamed.write_text(text.replace("name = ", 'name = "Renamed [b]Co[/b]"\nold_name = ', 1))
        deleted.unlink()
        broken.write_text('name = "unterminated\n', encoding="utf-8")
        return made, start

    calls: list[str] = []
    app = RoundPlannerApp(first=first, load=_loader(rich_ws, tui_settings, calls), watch_disk=False)
    shown, after = await _first_frame(app, _pipeline)
    _, expected = await _first_frame(make_app(rich_ws, upcoming_hours=0), _pipeline)
    assert shown != expected
    assert after == expected
    assert any(cell == ("Renamed [b]Co[/b]", cell[1]) for row in after for cell in row)
