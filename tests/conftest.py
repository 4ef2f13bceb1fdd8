"""Shared fixtures: every test runs at a fixed instant, in UTC, on its own workspace.

Autouse fixtures make sure no test ever reads the user's real settings or workspace:
ROUNDPLANNER_CONFIG points at a file that does not exist, ROUNDPLANNER_WORKSPACE at a
folder under the test's tmp_path.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from roundplanner.demo import write_demo
from roundplanner.settings import Settings, load_settings

FIXED_NOW = "2026-11-26T09:00:00+00:00"
NOW = datetime.fromisoformat(FIXED_NOW)
"""The instant every test runs at (a Thursday)."""


@pytest.fixture(autouse=True)
def _fixed_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A fixed clock, UTC, and no path leading to the user's own files."""
    monkeypatch.setenv("ROUNDPLANNER_NOW", FIXED_NOW)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setenv("ROUNDPLANNER_CONFIG", str(tmp_path / "no-such-config.toml"))
    monkeypatch.setenv("ROUNDPLANNER_WORKSPACE", str(tmp_path / "ws"))
    # The persisted summaries live in the user's cache folder: keep tests out of it.
    monkeypatch.setenv("ROUNDPLANNER_CACHE", str(tmp_path / "cache"))
    # The CalDAV sync state too, and no password from the user's environment.
    monkeypatch.setenv("ROUNDPLANNER_STATE", str(tmp_path / "sync-state"))
    monkeypatch.delenv("ROUNDPLANNER_CALDAV_PASSWORD", raising=False)
    # A bug must fail its test with a traceback, not turn into main()'s one-line message
    # (tests of that guard remove this).
    monkeypatch.setenv("ROUNDPLANNER_DEBUG", "1")
    # The crash log goes to the user's state folder: keep tests out of it.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture(autouse=True, scope="session")
def _restore_tz() -> Iterator[None]:
    """time.tzset() changes the process; put the machine's zone back after the session."""
    yield
    time.tzset()


@pytest.fixture
def settings() -> Settings:
    """The shipped defaults (the user's file does not exist)."""
    return load_settings(None)


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    """The workspace folder ROUNDPLANNER_WORKSPACE points at (not created)."""
    return tmp_path / "ws"


@pytest.fixture
def demo_ws(workspace_dir: Path, settings: Settings) -> Path:
    """The demo workspace written at the fixed instant, in `workspace_dir`."""
    return write_demo(workspace_dir, settings, NOW)
