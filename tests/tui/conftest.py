"""Fixtures for Pilot and snapshot tests: a demo workspace at a fixed instant.

The clock is fixed through ROUNDPLANNER_NOW (read by `paths.now`), the zone is UTC, and
disk watching is off unless a test turns it on, so every run draws the same screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from roundplanner.demo import write_demo
from roundplanner.settings import Settings, load_settings
from roundplanner.store import Store
from roundplanner.tui.app import RoundPlannerApp

FIXED_NOW = "2026-11-26T09:00:00+00:00"


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ROUNDPLANNER_NOW", FIXED_NOW)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    time.tzset()


@pytest.fixture
def tui_settings() -> Settings:
    # The tests open on the screen they name; opening on Today has its own test.
    settings = load_settings(None)
    prep = settings.prep.model_copy(update={"open_on_today": False})
    return settings.model_copy(update={"timezone": "UTC", "prep": prep})


@pytest.fixture
def demo_dir(tmp_path: Path, tui_settings: Settings) -> Path:
    root = tmp_path / "ws"
    write_demo(root, tui_settings, datetime.fromisoformat(FIXED_NOW))
    return root


@pytest.fixture
def make_app(tui_settings: Settings) -> Callable[..., RoundPlannerApp]:
    """Build the app on a workspace folder; settings overrides as keyword arguments."""

    def make(root: Path, *, watch_disk: bool = False, **overrides: Any) -> RoundPlannerApp:
        settings = tui_settings.model_copy(update=overrides)
        store = Store(root, settings.kinds)
        return RoundPlannerApp(store, store.load(), settings, watch_disk=watch_disk)

    return make
