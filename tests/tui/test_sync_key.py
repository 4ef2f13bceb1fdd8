"""The sync key: a worker syncs with a real Radicale, a pulled move is an undoable edit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from radicale_server import PASSWORD, Radicale  # tests/ is on sys.path
from test_caldav_sync import Phone, account

from roundplanner.calendar.sync import Syncer
from roundplanner.session import Session
from roundplanner.settings import CaldavSpec, Settings
from roundplanner.store import Store
from roundplanner.tui.app import RoundPlannerApp
from roundplanner.tui.sync import SyncFinished

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Radicale]:
    (tmp_path / "radicale").mkdir()
    radicale = Radicale(tmp_path / "radicale")
    radicale.start()
    yield radicale
    radicale.stop()


async def test_the_sync_key_pulls_a_phone_move_as_an_undoable_edit(
    demo_dir: Path,
    make_app: Callable[..., RoundPlannerApp],
    server: Radicale,
    tui_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = server.calendar()
    monkeypatch.setenv("ROUNDPLANNER_CALDAV_PASSWORD", PASSWORD)
    store = Store(demo_dir, tui_settings.kinds)
    assert Syncer(Session(store, store.load(), tui_settings), account(url)).run().ok
    uid = "r-acme-design@roundplanner"
    phone = Phone(url)
    moved_to = phone.start_of(uid) + timedelta(hours=2)
    phone.move(uid, timedelta(hours=2))

    app = make_app(demo_dir, caldav=CaldavSpec(url=url, username="alice"))
    finished: list[SyncFinished] = []

    async with app.run_test(
        size=(120, 36),
        message_hook=lambda m: finished.append(m) if isinstance(m, SyncFinished) else None,
    ) as pilot:
        await pilot.pause()
        await pilot.press("Y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert finished and finished[0].ok, finished
        round_ = app.session.companies["acme-robotics"].round_by_id("r-acme-design")
        assert round_ is not None and round_.starts_at == moved_to
        await pilot.press("ctrl+z")
        await pilot.pause()
        back = app.session.companies["acme-robotics"].round_by_id("r-acme-design")
        assert back is not None and back.starts_at == moved_to - timedelta(hours=2)


async def test_the_sync_key_without_settings_says_how(
    demo_dir: Path, make_app: Callable[..., RoundPlannerApp]
) -> None:
    app = make_app(demo_dir)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("Y")
        await pilot.pause()
        assert not [w for w in app.workers if w.group == "caldav-sync"]
        assert any("[caldav]" in str(n.message) for n in app._notifications)


async def test_a_change_is_synced_by_itself_and_the_header_says_so(
    demo_dir: Path,
    make_app: Callable[..., RoundPlannerApp],
    server: Radicale,
    tui_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a calendar configured, each change is synced a moment later in a worker (no
    key), and the header shows the sync's state."""
    url = server.calendar()
    monkeypatch.setenv("ROUNDPLANNER_CALDAV_PASSWORD", PASSWORD)
    store = Store(demo_dir, tui_settings.kinds)
    assert Syncer(Session(store, store.load(), tui_settings), account(url)).run().ok
    uid = "r-acme-design@roundplanner"
    phone = Phone(url)
    before = phone.start_of(uid)
    app = make_app(demo_dir, caldav=CaldavSpec(url=url, username="alice"))
    monkeypatch.setattr(RoundPlannerApp, "SYNC_DELAY", 0.2)

    def later(company: Any) -> None:
        round_ = company.round_by_id("r-acme-design")
        round_.start = round_.start + timedelta(hours=1)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.session.update_company("acme-robotics", later, "move")  # announced by the session
        for _ in range(100):  # the debounce, then the worker
            await pilot.pause(0.1)
            if app.sync_state.startswith("synced"):
                break
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.sync_state.startswith("synced"), app.sync_state
        assert "synced" in str(app.format_title("roundplanner", ""))
    assert phone.start_of(uid) == before + timedelta(hours=1)
