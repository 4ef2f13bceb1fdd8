"""The auto-export .ics named in the settings is rewritten after every change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from roundplanner.tui.app import RoundPlannerApp
from roundplanner.tui.widgets.company_list import CompanyList


async def test_a_change_rewrites_the_auto_export(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp], tmp_path: Path
) -> None:
    target = tmp_path / "calendar" / "interviews.ics"
    target.parent.mkdir()
    app = make_app(demo_dir, upcoming_hours=0, auto_export=str(target))

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not target.exists()  # only changes export
        table = app.screen.query_one(CompanyList)
        assert table.select("harbor-bank")
        await pilot.press("g")
        await app.workers.wait_for_complete()
        first = target.read_bytes()
        assert b"UID:r-acme-design@roundplanner" in first
        assert b"https://meet.example/moved" not in first

        def move(company: object) -> None:
            company.round_by_id("r-acme-design").where = "https://meet.example/moved"  # type: ignore[attr-defined]

        app.session.update_company("acme-robotics", move, "where")  # announced by the session
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert b"https://meet.example/moved" in target.read_bytes()


async def test_no_auto_export_when_the_setting_is_empty(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp]
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert not [w for w in app.workers if w.group == "auto-export"]
