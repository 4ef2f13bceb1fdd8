"""The TUI under bad files, disk faults and other writers: it keeps going, loses nothing."""

from __future__ import annotations

import errno
import os
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import tomli_w
from textual.widgets import Input, Static, TextArea

from roundplanner.tui.app import RoundPlannerApp
from roundplanner.tui.widgets.company_list import CompanyList


def _notes(app: RoundPlannerApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_opens_with_the_rest_and_lists_broken_files(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp]
) -> None:
    broken = demo_dir / "companies" / "broken.toml"
    broken.write_bytes(b'name = "Broken"\nstage = "interviewing\n')
    bad_zone = demo_dir / "companies" / "zoned.toml"
    bad_zone.write_bytes(b'name = "Zoned"\n[[rounds]]\nid = "r-1"\ntimezone = "PST8"\n')
    before = {p: p.read_bytes() for p in (broken, bad_zone)}
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(CompanyList)
        assert table.row_count == 12
        line = str(app.screen.query_one("#broken-files", Static).render())
        assert "companies/broken.toml" in line and "companies/zoned.toml" in line
        assert any("could not be read" in n for n in _notes(app))
        await pilot.press("a", *"Hooli", "enter")
        await pilot.pause()
    assert {p: p.read_bytes() for p in (broken, bad_zone)} == before


async def test_an_edit_made_in_an_editor_shows_up(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp]
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "harbor-bank.toml"

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        path.write_text(path.read_text().replace("Harbor Bank", "Harbor Bank & Trust"))
        app.check_disk()  # what the 2-second timer calls
        await pilot.pause()
        table = app.screen.query_one(CompanyList)
        names = [str(table.row_cells(slug)["name"]) for slug in table.slugs]
        assert "Harbor Bank & Trust" in names


async def test_a_disk_fault_keeps_the_change_and_a_retry_saves_it(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "harbor-bank.toml"
    before = path.read_bytes()
    real_replace = os.replace

    def read_only(src: str, dst: str) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(CompanyList)
        assert table.select("harbor-bank")
        monkeypatch.setattr(os, "replace", read_only)
        await pilot.press("g")  # mark ghosted
        await pilot.pause()
        assert any("Read-only file system" in n for n in _notes(app))
        assert path.read_bytes() == before
        assert app.session.companies["harbor-bank"].stage.value == "ghosted"
        monkeypatch.setattr(os, "replace", real_replace)
        app.check_disk()
        await pilot.pause()
    assert tomllib.loads(path.read_text())["stage"] == "ghosted"


async def test_an_outside_edit_during_the_typing_pause_and_our_typing_both_land(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp]
) -> None:
    """An outside edit while typed prep notes waited for the 0.5 s pause: conflicts/ was
    written, the box kept showing our text while the data held the disk version, and the
    next keystroke saved our text again. Now the change lands on the file's latest
    version: what is on screen is what is saved, and the outside edit is kept too."""
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "acme-robotics.toml"

    async with app.run_test(size=(120, 36)) as pilot:
        app.open_round("acme-robotics", "r-acme-design")
        await pilot.pause()
        notes = app.screen.query_one("#prep-notes", TextArea)
        notes.focus()
        await pilot.press("ctrl+end", *" Bring numbers.")
        # Another writer changes the file before the pause ends.
        path.write_text(path.read_text().replace('source = "referral"', 'source = "network"'))
        await pilot.pause(0.8)
        saved = tomllib.loads(path.read_text())
        design = next(r for r in saved["rounds"] if r["id"] == "r-acme-design")
        assert "Bring numbers." in design["prep_notes"]
        assert saved["source"] == "network"
        assert not (demo_dir / "conflicts").exists()
        assert notes.text == design["prep_notes"]


async def test_a_conflict_shows_the_disk_version_and_typing_goes_on_from_it(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save that failed (a disk fault) leaves our change pending; the file is then
    edited outside, and the next save of typed prep notes is a conflict: ours goes to
    conflicts/, the session takes the disk version. The box kept showing our text
    (the cursor was in it) and the next keystroke saved it over the disk version. Now
    the box shows what the session holds, and typing goes on from there."""
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "acme-robotics.toml"
    real_replace = os.replace

    def read_only(src: str, dst: str) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    def design_of(data: dict[str, object]) -> dict[str, str]:
        rounds = data["rounds"]
        assert isinstance(rounds, list)
        return next(r for r in rounds if r["id"] == "r-acme-design")

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"acme", "enter")
        await pilot.pause()
        await pilot.press("enter")  # the company
        await pilot.pause()
        await pilot.press("down", "enter", "3")  # the system design round, its prep tab
        await pilot.pause()
        notes = app.screen.query_one("#prep-notes", TextArea)
        await pilot.click(notes)
        monkeypatch.setattr(os, "replace", read_only)
        await pilot.press(*" Bring numbers.")
        await pilot.pause(0.8)
        assert any("Read-only file system" in n for n in _notes(app))
        monkeypatch.setattr(os, "replace", real_replace)

        # Another writer changes the file while our change waits to be saved.
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        data["source"] = "network"
        design_of(data)["prep_notes"] = "Notes from the editor."
        design_of(data)["where"] = "Room 4"
        path.write_text(tomli_w.dumps(data), encoding="utf-8")

        await pilot.press("!")
        await pilot.pause(0.8)
        assert list((demo_dir / "conflicts").iterdir())  # ours was kept apart
        held = app.session.companies["acme-robotics"].round_by_id("r-acme-design")
        assert held is not None and held.prep_notes == "Notes from the editor."
        assert notes.text == "Notes from the editor."
        assert app.screen.query_one("#round-where", Input).value == "Room 4"

        await pilot.press("end", *" Ask about on-call.")
        await pilot.pause(0.8)
        saved = tomllib.loads(path.read_text(encoding="utf-8"))
        assert design_of(saved)["prep_notes"] == "Notes from the editor. Ask about on-call."
        assert saved["source"] == "network"
