"""Export and import from inside the TUI land in the file and the company, like the CLI."""

from __future__ import annotations

import asyncio
import os
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Select

from roundplanner.tui.app import RoundPlannerApp
from roundplanner.tui.screens.export_dialog import ExportScreen
from roundplanner.tui.screens.import_dialog import ImportScreen

FIXTURES = Path(__file__).parent.parent / "data" / "ics"


async def test_export_all_rounds_from_the_pipeline(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp], tmp_path: Path
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    target = tmp_path / "out" / "rounds.ics"

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
    data = target.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"UID:r-acme-design@roundplanner" in data
    assert data.count(b"BEGIN:VEVENT") >= 10


async def test_export_refuses_a_folder_and_keeps_the_dialog(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp], tmp_path: Path
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("X")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(tmp_path)
        await pilot.press("enter")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "folder" in str(app.screen.query_one("#export-error").render())


async def test_import_an_invite_into_a_company(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp]
) -> None:
    invite = sorted(FIXTURES.glob("google*.ics"))[0]
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "tessellate.toml"
    before = len(tomllib.loads(path.read_text()).get("rounds", []))

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("I")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#import-path", Input).value = str(invite)
        await pilot.press("enter")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.invites
        app.screen.query_one("#import-company", Select).value = "tessellate"
        app.screen.query_one("#import-go", Button).press()
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
    rounds = tomllib.loads(path.read_text())["rounds"]
    assert len(rounds) == before + 1
    assert rounds[-1]["imported_uid"]


async def test_import_of_a_broken_file_says_why_and_writes_nothing(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n")
    app = make_app(demo_dir, upcoming_hours=0)
    files = {p: p.read_bytes() for p in (demo_dir / "companies").iterdir()}

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("I")
        await pilot.pause()
        app.screen.query_one("#import-path", Input).value = str(broken)
        await pilot.press("enter")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert "broken.ics" in str(app.screen.query_one("#import-error").render())
        assert app.screen.query_one("#import-go", Button).disabled
    assert {p: p.read_bytes() for p in (demo_dir / "companies").iterdir()} == files


MAIL = Path(__file__).parent.parent / "data" / "mail"


async def test_import_with_no_matching_company_creates_the_one_it_offers(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp]
) -> None:
    """Issue 12.7 in the TUI: no company matches the organizer's domain, so the dialog
    offers a new company named after it, and importing creates it."""
    app = make_app(demo_dir, upcoming_hours=0)
    created = demo_dir / "companies" / "bluefin-analytics.toml"

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("I")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(MAIL / "gmail_invite.eml")
        await pilot.press("enter")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert screen.query_one("#import-company", Select).value is Select.NULL
        assert screen.query_one("#import-new-company", Input).value == "Bluefin Analytics"
        screen.query_one("#import-go", Button).press()
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
    data = tomllib.loads(created.read_text())
    assert data["domain"] == "bluefin-analytics.com"
    assert [r["imported_uid"] for r in data["rounds"]] == ["7q2kd0v9m3s1f8h4c6b2n5x0pl@google.com"]


async def test_import_of_a_fifo_says_why_and_does_not_hang(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp], tmp_path: Path
) -> None:
    fifo = tmp_path / "invite.ics"
    os.mkfifo(fifo)
    app = make_app(demo_dir, upcoming_hours=0)

    async def go() -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("I")
            await pilot.pause()
            app.screen.query_one("#import-path", Input).value = str(fifo)
            await pilot.press("enter")
            await app.screen.workers.wait_for_complete()
            await pilot.pause()
            error = str(app.screen.query_one("#import-error").render())
            assert "is a pipe (FIFO), not a regular file" in error

    await asyncio.wait_for(go(), timeout=30)


async def test_the_import_dialog_fits_80x24_with_an_invite_read(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp]
) -> None:
    """The new-company field must not push the Import button off a small terminal."""
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("I")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#import-path", Input).value = str(MAIL / "invites.mbox")
        await pilot.press("enter")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        button = screen.query_one("#import-go", Button)
        assert not button.disabled
        dialog = screen.query_one("#import").content_region
        assert dialog.bottom <= 24
        assert dialog.contains_region(button.region)


async def test_import_toast_shows_names_as_text_not_markup(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp]
) -> None:
    """A company named with markup-like text ('[/]') in the dialog is shown literally in
    the toast, and drawing the toast does not fail."""
    app = make_app(demo_dir, upcoming_hours=0)
    shown: list[str] = []

    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.press("I")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#import-path", Input).value = str(MAIL / "gmail_invite.eml")
        await pilot.press("enter")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        screen.query_one("#import-new-company", Input).value = "Bluefin [/] [b]Labs"
        screen.query_one("#import-go", Button).press()
        for _ in range(3):
            await pilot.pause()
        shown.extend(str(toast.render()) for toast in app.screen.query("Toast"))
    assert any("Bluefin [/] [b]Labs: 1 added" in message for message in shown)


async def test_import_reads_the_file_off_the_ui_thread(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Probe 2: a costly file froze the TUI (escape included) while it was read."""
    import threading

    import roundplanner.calendar as calendar

    threads: list[str] = []
    real = calendar.read_import

    def spy(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(calendar, "read_import", spy)
    invite = sorted(FIXTURES.glob("google*.ics"))[0]
    app = make_app(demo_dir, upcoming_hours=0)

    async def go() -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("I")
            await pilot.pause()
            app.screen.query_one("#import-path", Input).value = str(invite)
            await pilot.press("enter")
            await app.screen.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen.invites
            assert not app.screen.query_one("#import-go", Button).disabled

    await asyncio.wait_for(go(), timeout=30)
    assert threads and threads[0] != threading.main_thread().name
