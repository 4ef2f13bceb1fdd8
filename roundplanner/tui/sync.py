"""The TUI's CalDAV sync: one key, a worker thread, a toast with the result.

The network part runs in a thread worker (exclusive: a second press while one runs
replaces it, never two at once); every read and change of the session is sent back to the
UI thread with `call_from_thread`, so a move pulled from the phone is an ordinary session
change — saved, undoable with ctrl+z — announced by the session as made by the sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from roundplanner import paths
from roundplanner.sanitize import clean

if TYPE_CHECKING:
    from textual.app import App

    from roundplanner.calendar.sync import SyncResult
    from roundplanner.session import Session


@dataclass
class SyncFinished(Message):
    """A sync ended: `text` says how, `ok` whether everything is in sync."""

    text: str
    ok: bool
    quiet: bool = False
    """Started by a change, not the key: only a problem or a pulled change is worth a toast."""
    pulled: bool = False


def start_sync(app: App[int], session: Session, *, quiet: bool = False) -> None:
    """Sync in a worker when the settings name a calendar; else say how to set one up.

    `quiet`: the sync after a change (no toast unless something needs saying)."""
    if not session.settings.caldav.configured:
        if not quiet:
            app.notify(
                "No calendar to sync with: add a [caldav] table to your settings (see README)",
                severity="warning",
            )
        return
    if not quiet:
        app.notify("Syncing with your calendar…", timeout=3)
    app.run_worker(
        lambda: _sync_in_thread(app, session, quiet),
        thread=True,
        exclusive=True,
        group="caldav-sync",
        description="CalDAV sync",
    )


def _sync_in_thread(app: App[int], session: Session, quiet: bool) -> None:
    # The CalDAV client is imported here, off the UI thread and only when used.
    from roundplanner.calendar.sync import Syncer, SyncSetupError, account_from

    shown = str(paths.user_config_file())
    try:
        account = account_from(session.settings.caldav, shown)
    except SyncSetupError as error:
        app.post_message(SyncFinished(str(error), False, quiet))
        return
    result: SyncResult = Syncer(session, account, call=app.call_from_thread).run()
    lines = [result.summary()]
    lines += [step.line() for step in result.steps if step.action in ("conflict", "failed")][:5]
    app.post_message(SyncFinished("\n".join(lines), result.ok, quiet, bool(result.changed)))


def show_result(app: App[int], message: SyncFinished) -> None:
    """The toast: a warning when something is not synced, else a plain note (none for a
    quiet sync that changed nothing here)."""
    if message.quiet and message.ok and not message.pulled:
        return
    app.notify(
        clean(message.text, keep_newlines=True),
        title="Calendar sync",
        severity="information" if message.ok else "warning",
        timeout=8 if message.ok else 15,
        markup=False,
    )
