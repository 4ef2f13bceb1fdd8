"""The first open without kept summaries: children load shares of the workspace while the
app starts; what they send, put together, is what one load of the files says."""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from roundplanner import cli, prefetch
from roundplanner.demo import generate_realistic, write_generated
from roundplanner.settings import Settings
from roundplanner.store import Store
from roundplanner.summary import summarise_workspace

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


@pytest.fixture
def workspace(tmp_path: Path, settings: Settings) -> Path:
    root = tmp_path / "ws"
    write_generated(root, generate_realistic(9, settings, NOW))
    companies = root / "companies"
    # A broken file and a name that sorts between others ("a-b" before "a" as files).
    (companies / "broken.toml").write_text('name = "Broken"\nstage = "interviewing\n')
    (companies / "zz.toml").write_text('name = "Zed"\n[[rounds]]\nid = "r-1"\ntimezone = "PST8"\n')
    return root


def _args(root: Path) -> argparse.Namespace:
    return cli.build_parser().parse_args(["--workspace", str(root)])


@pytest.mark.parametrize("shares", [1, 2, 3])
def test_the_shares_put_together_are_one_load(
    workspace: Path, settings: Settings, shares: int
) -> None:
    args = _args(workspace)
    pending = prefetch.Prefetch.start(
        [lambda part=part: cli._prefetched(args, part, shares) for part in range(shares)]
    )
    assert pending is not None
    found = pending.result()
    assert found is not None

    store = Store(workspace, settings.kinds)
    loaded = store.load()
    expected = summarise_workspace(
        workspace, loaded.companies, settings.kind_labels, loaded.broken_files
    )
    assert list(found.summary.companies) == list(expected.companies)  # the store's order
    assert found.summary.companies == expected.companies
    assert found.summary.broken == ["companies/broken.toml", "companies/zz.toml"]
    assert found.summary.broken == expected.broken
    assert found.digests == {
        slug: store.digest_of(store.company_key(slug)) for slug in expected.companies
    }
    assert found.start.zone_name == settings.zone_name


def test_the_imports_are_paid_once_for_every_share(workspace: Path, tmp_path: Path) -> None:
    """`prepare` runs in the first child only; the others are forked from it after, so
    they share its imports, and each share still comes back."""
    args = _args(workspace)
    log = tmp_path / "prepared"

    def prepare() -> None:
        with log.open("a") as out:
            out.write(f"{os.getpid()}\n")

    def share(part: int) -> prefetch.Loaded:
        # Forked from the process that prepared: its parent is the first child.
        assert log.read_text().split() == [str(os.getpid() if part == 0 else os.getppid())]
        return cli._prefetched(args, part, 3)

    pending = prefetch.Prefetch.start(
        [lambda part=part: share(part) for part in range(3)], prepare=prepare
    )
    assert pending is not None
    found = pending.result()
    assert found is not None
    assert len(log.read_text().split()) == 1
    assert len(found.summary.companies) == 9  # the broken files are listed apart


def test_a_failing_prepare_means_no_result(workspace: Path) -> None:
    args = _args(workspace)

    def prepare() -> None:
        raise ImportError("no pydantic")

    pending = prefetch.Prefetch.start(
        [lambda part=part: cli._prefetched(args, part, 2) for part in range(2)], prepare=prepare
    )
    assert pending is not None
    assert pending.result() is None


def test_a_failing_child_means_no_result(workspace: Path) -> None:
    args = _args(workspace)

    def fails() -> prefetch.Loaded:
        raise RuntimeError("boom")

    pending = prefetch.Prefetch.start([lambda: cli._prefetched(args, 0, 2), fails])
    assert pending is not None
    assert pending.result() is None
    assert pending.result() is None  # asked again: the same answer, no second wait


def test_bad_settings_in_the_child_mean_no_result(workspace: Path, tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("upcoming_hours = 'soon'\n")
    args = cli.build_parser().parse_args(["--workspace", str(workspace), "--config", str(config)])
    pending = prefetch.Prefetch.start([lambda: cli._prefetched(args, 0, 1)])
    assert pending is not None
    assert pending.result() is None
    with pytest.raises(cli.UsageError):  # what the parent then says, as before
        cli.open_context(args)


def test_not_used_without_a_terminal_or_when_turned_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "isatty", lambda fd: True)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert prefetch.usable()
    assert prefetch.parts() == 2
    monkeypatch.setenv(prefetch.PREFETCH_ENV, "0")
    assert not prefetch.usable()
    monkeypatch.delenv(prefetch.PREFETCH_ENV)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not prefetch.usable()
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert prefetch.parts() == 4
    monkeypatch.setattr(os, "isatty", lambda fd: False)
    assert not prefetch.usable()


def test_what_the_children_learned_is_kept_for_the_next_start(
    workspace: Path, settings: Settings
) -> None:
    """Kept right after the first frame (not at exit, which may be cut short): the next
    start reads it only if every file is as the children read it."""
    from roundplanner.summary import SummaryCache

    args = _args(workspace)
    pending = prefetch.Prefetch.start(
        [lambda part=part: cli._prefetched(args, part, 2) for part in range(2)]
    )
    assert pending is not None
    found = pending.result()
    assert found is not None
    cache = SummaryCache.open(workspace, "k")
    cache.keep(found.digests, found.summary, found.start, found.stories)
    # Broken files were never summarised: the kept copy serves nothing until they load.
    assert SummaryCache.open(workspace, "k").read() is None
    (workspace / "companies" / "broken.toml").unlink()
    (workspace / "companies" / "zz.toml").unlink()
    kept = SummaryCache.open(workspace, "k")
    read = kept.read()
    assert read is not None and kept.stories_clean()
    expected = {s: c for s, c in found.summary.companies.items()}
    assert read.companies == expected
    # An edit since: a miss, never the old summary.
    first = sorted((workspace / "companies").glob("*.toml"))[0]
    first.write_text(first.read_text().replace("Company", "Kompany", 1))
    assert SummaryCache.open(workspace, "k").read() is None


def test_a_first_open_closed_before_its_worker_began_is_kept_too(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Upcoming draws its first frame at once: a user (or the benchmark) who quits right
    then, before the app's worker began to load the models, still leaves the children's
    summaries behind, so the next start is quick."""
    from roundplanner import paths
    from roundplanner.summary import SummaryCache, settings_key
    from roundplanner.tui.app import RoundPlannerApp

    root = tmp_path / "ws"
    write_generated(root, generate_realistic(5, settings, NOW))
    monkeypatch.setenv("ROUNDPLANNER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("ROUNDPLANNER_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setattr(prefetch, "usable", lambda: True)
    ran: list[bool] = []

    def closed_at_once(app: RoundPlannerApp) -> None:
        ran.append(app.loaded_session is None)  # the worker never ran

    monkeypatch.setattr(RoundPlannerApp, "run_keeping_tracebacks", closed_at_once)
    args = _args(root)
    assert cli.run_tui(args) == 0
    assert ran == [True]
    key = settings_key(paths.user_config_file(args.config), required=False)
    read = SummaryCache.open(paths.workspace_dir(args.workspace), key).read()
    assert read is not None and sorted(read.companies) == sorted(Store(root).load().companies)
