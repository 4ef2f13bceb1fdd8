"""The two ways a sync fails: unusable settings (exit 2), or not synced (exit 1)."""

from __future__ import annotations


class SyncSetupError(Exception):
    """A `[caldav]` setting that cannot be used: one line naming the file and key (exit 2)."""


class SyncFailed(Exception):
    """The server could not be reached or refused us: one line, nothing lost (exit 1)."""
