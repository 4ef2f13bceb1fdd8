"""Export to a calendar file the user names: the one export-and-write of the app.

The command line (`export -o`), the TUI's export dialog and the auto-export after each
change all write through here, so they agree on what a write does: it goes through links
to the real file (a link into a synced folder keeps working), keeps the file's permissions
(a new file is user-only: it names the people you meet), refuses devices and FIFOs, and
never leaves a temp file behind for good (see `safeio.atomic_write`).

`roundplanner.calendar` (icalendar, ~30 ms) is imported by each function that writes a
calendar: this module is core, and importing the core must not load icalendar.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roundplanner import paths, safeio
from roundplanner.model import Company, RoundRef
from roundplanner.plan import today_view
from roundplanner.settings import Settings


class ExportError(Exception):
    """The calendar could not be written; the message is one line naming the file."""


@dataclass(frozen=True)
class Exported:
    """What an export wrote: where (the real file, links followed) and how many events."""

    path: Path
    events: int


def calendar_bytes(
    companies: Mapping[str, Company],
    settings: Settings,
    *,
    select: Callable[[RoundRef], bool] | None = None,
    include_offers: bool = True,
) -> bytes:
    """The `.ics` bytes of `companies` with the user's labels and reminder, and the prep
    plan's blocks as free-time events when the settings ask for them (whole exports
    only: a narrowed export is about its rounds)."""
    from roundplanner.calendar import export_calendar

    extra = _prep_block_events(companies, settings) if select is None else []
    return export_calendar(
        companies,
        kinds=settings.kind_labels,
        reminder_minutes=settings.reminder_minutes,
        select=select,
        include_offers=include_offers,
        extra_events=extra,
    )


def _prep_block_events(companies: Mapping[str, Company], settings: Settings) -> list[Any]:
    """The plan's blocks from today on, as events (none unless `prep.calendar_blocks`)."""
    if not settings.prep.calendar_blocks:
        return []
    from roundplanner.calendar.prep_blocks import prep_events

    today = today_view(
        dict(companies), paths.now(), settings.zone_name, settings.prep, settings.kind_labels
    )
    return prep_events(today.blocks, settings.zone_name, settings.prep.hours_start, today.day)


def write_calendar_file(
    path: Path,
    companies: Mapping[str, Company],
    settings: Settings,
    *,
    select: Callable[[RoundRef], bool] | None = None,
    include_offers: bool = True,
    workspace: Path | None = None,
) -> Exported:
    """Export `companies` (narrowed by `select`) to `path`; ExportError says why not.

    A target inside `workspace` is refused: `export -o companies/acme.toml` replaced a
    whole loop with a calendar, with no conflict copy and no trash to get it back."""
    data = calendar_bytes(companies, settings, select=select, include_offers=include_offers)
    shown = str(path)
    if workspace is not None and _inside(path.expanduser(), workspace):
        raise ExportError(f"{shown}: is inside the workspace; export to a file elsewhere")
    try:
        written = safeio.atomic_write(path.expanduser(), data)
    except safeio.UnreadableFile as error:
        raise ExportError(f"{shown}: {error}") from None
    except OSError as error:
        raise ExportError(f"{shown}: cannot write: {error.strerror or error}") from None
    return Exported(written, data.count(b"BEGIN:VEVENT"))


VDIR_SUFFIX = "@roundplanner.ics"
"""How the files of our events in a vdir end (their UID, then .ics): only those are ours."""
MAX_VDIR_FILE = 5 * 1024 * 1024


@dataclass(frozen=True)
class VdirResult:
    """What `write_vdir` did: files written (new or changed), left as they were, removed."""

    folder: Path
    written: int
    unchanged: int
    removed: int


def write_vdir(
    folder: Path,
    companies: Mapping[str, Company],
    settings: Settings,
    *,
    workspace: Path | None = None,
) -> VdirResult:
    """One `<UID>.ics` per event in `folder`, the layout vdirsyncer and khal read.

    Each file is written atomically, and only when its bytes changed (so vdirsyncer sees
    no change where there is none). Files of ours (named `…@roundplanner.ics`) whose event
    is gone are removed; every other file is left alone. ExportError says why not."""
    from roundplanner.calendar import export_events

    shown = str(folder)
    folder = folder.expanduser()
    if workspace is not None and _inside(folder, workspace):
        raise ExportError(f"{shown}: is inside the workspace; export to a folder elsewhere")
    events = export_events(
        companies, kinds=settings.kind_labels, reminder_minutes=settings.reminder_minutes
    )
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not folder.is_dir():
            raise ExportError(f"{shown}: not a folder")
        wanted = {f"{event.uid}.ics": event.data for event in events}
        written = unchanged = removed = 0
        for name, data in sorted(wanted.items()):
            path = folder / name
            try:
                same = safeio.read_regular(path, MAX_VDIR_FILE) == data
            except (FileNotFoundError, safeio.UnreadableFile):
                same = False
            if same:
                unchanged += 1
                continue
            safeio.atomic_write(path, data)
            written += 1
        for entry in sorted(os.listdir(folder)):
            if entry.endswith(VDIR_SUFFIX) and entry not in wanted:
                stale = folder / entry
                if stale.is_file() and not stale.is_symlink():
                    stale.unlink()
                    removed += 1
    except ExportError:
        raise
    except safeio.UnreadableFile as error:
        raise ExportError(f"{shown}: {error}") from None
    except OSError as error:
        raise ExportError(f"{shown}: cannot write: {error.strerror or error}") from None
    return VdirResult(folder, written, unchanged, removed)


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` (links followed) lies in `folder` (links followed)."""
    real = Path(os.path.realpath(path))
    return real.is_relative_to(Path(os.path.realpath(folder)))
