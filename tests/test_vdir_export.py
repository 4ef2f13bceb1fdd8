"""`export --vdir DIR`: one .ics per event named by its UID, for vdirsyncer and khal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from roundplanner.calendar import export_events
from roundplanner.cli import main
from roundplanner.settings import Settings
from roundplanner.store import Store


def vdir(ws: Path, folder: Path, *more: str) -> int:
    return main(["--workspace", str(ws), "export", "--vdir", str(folder), *more])


def test_one_file_per_event_named_by_uid(demo_ws: Path, tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "vdir"
    assert vdir(demo_ws, folder) == 0
    events = export_events(
        Store(demo_ws, settings.kinds).load().companies,
        kinds=settings.kind_labels,
        reminder_minutes=settings.reminder_minutes,
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{e.uid}.ics" for e in events)
    for event in events:
        data = (folder / f"{event.uid}.ics").read_bytes()
        assert data == event.data
        assert data.count(b"BEGIN:VEVENT") == 1 and f"UID:{event.uid}".encode() in data


def test_stale_files_of_ours_go_and_others_stay(
    demo_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "vdir"
    assert vdir(demo_ws, folder) == 0
    theirs = folder / "dentist-1@phone.ics"
    theirs.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    stale = folder / "r-gone@roundplanner.ics"
    stale.write_bytes(b"old")
    before = os.stat(folder / "r-acme-design@roundplanner.ics").st_mtime_ns
    capsys.readouterr()
    assert vdir(demo_ws, folder) == 0
    err = capsys.readouterr().err
    assert "0 written" in err and "1 removed" in err
    assert theirs.exists() and not stale.exists()
    # Unchanged events are not rewritten: vdirsyncer sees no change where there is none.
    assert os.stat(folder / "r-acme-design@roundplanner.ics").st_mtime_ns == before


def test_vdir_refuses_a_selection_and_a_folder_in_the_workspace(
    demo_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert vdir(demo_ws, tmp_path / "v", "--company", "acme-robotics") == 2
    assert vdir(demo_ws, demo_ws / "cal") == 2
    assert not (demo_ws / "cal").exists()
    assert vdir(demo_ws, demo_ws / "companies" / "acme-robotics.toml") == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("roundplanner: ") for line in lines)
