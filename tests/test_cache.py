"""The workspace cache: it speeds a start up and never hides a change on disk."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from roundplanner import cache as cache_module
from roundplanner.cache import WorkspaceCache, content_digest, countdown, settings_key
from roundplanner.model import countdown as model_countdown
from roundplanner.settings import Settings
from roundplanner.store import Store, _digest

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache_module.CACHE_ENV, str(folder))
    return folder


def _open(root: Path, settings: Settings, key: str = "k") -> tuple[WorkspaceCache, Store]:
    """What the TUI does: open the cache, attach it to a store, load."""
    cache = WorkspaceCache.open(root, key)
    store = Store(root, settings.kinds)
    cache.attach(store, settings)
    store.load()
    return cache, store


def _warm(root: Path, settings: Settings, key: str = "k") -> None:
    cache, store = _open(root, settings, key)
    assert cache.save(store, settings)


def test_digest_is_the_stores() -> None:
    for data in (b"", b"name = 'x'\n", bytes(range(256))):
        assert content_digest(data) == _digest(data)


def test_the_quick_start_uses_the_models_countdown() -> None:
    """One countdown for the quick first frame and the loaded one (no second copy)."""
    assert countdown is model_countdown


def test_a_second_start_takes_every_company_from_the_cache(
    demo_ws: Path, settings: Settings
) -> None:
    _warm(demo_ws, settings)
    cache, store = _open(demo_ws, settings)
    fresh = Store(demo_ws, settings.kinds).load()
    assert cache.hits == len(fresh.companies) > 0
    assert store.load().companies == fresh.companies
    assert not cache.save(store, settings)  # nothing changed: nothing written
    preview = cache.preview(NOW - timedelta(days=400))
    assert preview is not None
    assert set(preview.companies) == set(fresh.companies)


def test_a_change_on_disk_is_never_hidden(demo_ws: Path, settings: Settings) -> None:
    _warm(demo_ws, settings)
    path = sorted((demo_ws / "companies").glob("*.toml"))[0]
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    # Same size, same modification time: only the bytes differ.
    name_line = next(line for line in text.splitlines() if line.startswith("name = "))
    renamed = name_line[:-2] + ("X" if name_line[-2] != "X" else "Y") + '"'
    changed = text.replace(name_line, renamed, 1)
    assert len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    cache = WorkspaceCache.open(demo_ws, "k")
    assert cache.preview(NOW - timedelta(days=400)) is None
    store = Store(demo_ws, settings.kinds)
    cache.attach(store, settings)
    company = store.load().companies[path.stem]
    assert company.name == renamed.split('"')[1]


def test_a_broken_file_is_not_cached_and_stops_the_preview(
    demo_ws: Path, settings: Settings
) -> None:
    _warm(demo_ws, settings)
    (demo_ws / "companies" / "broken.toml").write_text("name = \n", encoding="utf-8")
    cache, store = _open(demo_ws, settings)
    cache.save(store, settings)
    again = WorkspaceCache.open(demo_ws, "k")
    assert again.preview(NOW - timedelta(days=400)) is None
    assert len(again.entries) == len(store.load().companies)


def test_a_changed_story_bank_stops_the_preview(demo_ws: Path, settings: Settings) -> None:
    _warm(demo_ws, settings)
    with (demo_ws / "stories.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n# a comment\n")
    assert WorkspaceCache.open(demo_ws, "k").preview(NOW - timedelta(days=400)) is None


def test_other_settings_start_from_an_empty_cache(demo_ws: Path, settings: Settings) -> None:
    _warm(demo_ws, settings, key="one")
    assert WorkspaceCache.open(demo_ws, "one").entries
    assert not WorkspaceCache.open(demo_ws, "two").entries


def test_settings_key_follows_the_users_file(tmp_path: Path) -> None:
    user = tmp_path / "config.toml"
    missing = settings_key(user)
    user.write_text("upcoming_hours = 0\n", encoding="utf-8")
    first = settings_key(user)
    user.write_text("upcoming_hours = 1\n", encoding="utf-8")
    assert len({missing, first, settings_key(user)}) == 3
    assert settings_key(user) != settings_key(user, required=True)


def test_a_file_others_can_write_is_never_unpickled(demo_ws: Path, settings: Settings) -> None:
    _warm(demo_ws, settings)
    path = cache_module.cache_file(demo_ws)
    assert path is not None and path.stat().st_mode & 0o077 == 0
    path.chmod(0o666)
    assert not WorkspaceCache.open(demo_ws, "k").entries


def test_a_corrupt_cache_is_a_miss(demo_ws: Path, settings: Settings) -> None:
    _warm(demo_ws, settings)
    path = cache_module.cache_file(demo_ws)
    assert path is not None
    path.write_bytes(pickle.dumps({"code": "nonsense"})[:-3])
    assert not WorkspaceCache.open(demo_ws, "k").entries
    assert Store(demo_ws, settings.kinds).load().companies


def test_the_cache_can_be_turned_off(
    monkeypatch: pytest.MonkeyPatch, demo_ws: Path, settings: Settings
) -> None:
    monkeypatch.setenv(cache_module.CACHE_ENV, "off")
    cache, store = _open(demo_ws, settings)
    assert cache.path is None
    assert not cache.save(store, settings)


def test_no_preview_when_the_app_opens_on_upcoming(demo_ws: Path, settings: Settings) -> None:
    _warm(demo_ws, settings)
    cache = WorkspaceCache.open(demo_ws, "k")
    soon = min(
        r.starts_at for f in cache.entries.values() for r in f.facts.rounds if not r.cancelled
    )
    assert cache.preview(soon - timedelta(hours=1)) is None  # within upcoming_hours
    assert cache.preview(soon - timedelta(days=400)) is not None


def test_the_quick_start_path_does_not_import_pydantic() -> None:
    code = (
        "import sys\n"
        "import roundplanner.cli, roundplanner.cache, roundplanner.tui.app\n"
        "import roundplanner.tui.screens.pipeline\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('pydantic', 'icalendar')]\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
