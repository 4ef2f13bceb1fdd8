"""Crash safety: a writer killed (SIGKILL) at any moment leaves every file old or new, whole.

One forked child at a time loads the workspace and saves two states, A and B, in turn, as
fast as it can; the parent kills it a random 1-30 ms after it has loaded, then checks that
every file parses and holds exactly A or exactly B, and forks the next child. Forking
(instead of starting a new interpreter, ~300 ms each) keeps 200+ kills to a few seconds.
"""

from __future__ import annotations

import gc
import os
import random
import select
import signal
import time
from pathlib import Path

import pytest

from roundplanner.model import Company, Interviewer, Round, Story, StoryBank, Topic
from roundplanner.store import STALE_TEMP_SECONDS, STORIES, Store, init_workspace
from roundplanner.toml_io import model_to_toml

KILLS = 200
SLUGS = ("acme", "globex")

pytestmark = [
    pytest.mark.slow,  # a few seconds; still part of the default run
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork"),
]


def state(tag: str, size: int) -> tuple[dict[str, Company], StoryBank]:
    """A workspace whose files differ between the two states in content and in length."""
    notes = "\n".join(f"{tag} note line {i}: ünïcödé \"quotes\" \\ '''" for i in range(size))
    companies = {
        slug: Company(
            name=f"{slug.title()} {tag}",
            notes=notes,
            rounds=[
                Round(
                    id=f"r-{slug}-{i}",
                    prep_notes=notes,
                    interviewers=[Interviewer(name=f"Person {tag}{i}", notes=notes[:200])],
                    topics=[Topic(title=f"Topic {tag} {j}", done=j % 2 == 0) for j in range(5)],
                )
                for i in range(3)
            ],
        )
        for slug in SLUGS
    }
    bank = StoryBank(stories=[Story(id=f"s-{i}", title=f"Story {tag} {i}") for i in range(4)])
    return companies, bank


def expected_bytes(
    states: list[tuple[dict[str, Company], StoryBank]],
) -> dict[str, set[bytes]]:
    allowed: dict[str, set[bytes]] = {STORIES: set()}
    for companies, bank in states:
        for slug, company in companies.items():
            allowed.setdefault(f"companies/{slug}.toml", set()).add(model_to_toml(company))
        allowed[STORIES].add(model_to_toml(bank))
    return allowed


def writer(root: Path, states: list[tuple[dict[str, Company], StoryBank]], ready: int) -> None:
    """The child: load, say so, then save A, B, A, B, … until killed."""
    try:
        store = Store(root)
        store.load()
        os.write(ready, b"!")
        while True:
            for companies, bank in states:
                for slug, company in companies.items():
                    store.save_company(slug, company)
                store.save_stories(bank)
    finally:
        os._exit(1)  # never return into pytest, whatever happened


def test_sigkill_during_saves_leaves_old_or_new(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init_workspace(root)
    a, b = state("A", 60), state("B", 4)
    allowed = expected_bytes([a, b])
    first = Store(root)
    first.load()
    for slug, company in a[0].items():
        first.save_company(slug, company)
    first.save_stories(a[1])

    rng = random.Random(20261126)
    seen: dict[bytes, int] = {}
    torn_writes = 0
    started = time.monotonic()
    # A child's garbage collector would touch (and so copy) every page of pytest's heap.
    gc.collect()
    gc.freeze()
    try:
        for kill in range(KILLS):
            # Mostly 1-30 ms; now and then longer, so that even a slow machine completes
            # whole cycles of saves and both states are reached.
            delay = rng.uniform(0.001, 0.030) if kill % 10 else rng.uniform(0.05, 0.1)
            torn_writes += kill_one_writer(root, [b, a], delay)
            for key, options in allowed.items():
                data = (root / key).read_bytes()
                assert data in options, f"{key} is neither the old nor the new state"
                seen[data] = seen.get(data, 0) + 1
            workspace = Store(root).load()
            assert workspace.problems == []
            assert set(workspace.companies) == set(SLUGS)
    finally:
        gc.unfreeze()

    elapsed = time.monotonic() - started
    # Every file was seen in both states: the kills landed among real saves.
    assert len(seen) == 2 * len(allowed)
    assert elapsed < 40, f"{KILLS} kills took {elapsed:.1f} s ({torn_writes} mid-write)"


def kill_one_writer(
    root: Path, states: list[tuple[dict[str, Company], StoryBank]], delay: float
) -> int:
    """Fork a writer, SIGKILL it `delay` seconds after it has loaded; count its temp files."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        gc.disable()
        os.close(read_end)
        writer(root, states, write_end)
    os.close(write_end)
    try:
        assert select.select([read_end], [], [], 10)[0], "the writer did not start"
        assert os.read(read_end, 1) == b"!"
        time.sleep(delay)
    finally:
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(read_end)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    temps = list(root.rglob(".*.tmp"))
    for temp in temps:
        temp.unlink()  # what a later load does once they are stale; keeps the count honest
    return len(temps)


def test_temp_files_left_by_a_crash_are_ignored_then_swept(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init_workspace(root)
    companies, _ = state("A", 5)
    store = Store(root)
    store.load()
    store.save_company("acme", companies["acme"])
    torn = root / "companies" / ".acme.toml.x1y2z3.tmp"
    torn.write_bytes(model_to_toml(companies["acme"])[:100])
    workspace = Store(root).load()
    assert workspace.problems == [] and list(workspace.companies) == ["acme"]
    assert torn.exists()  # it might be a live writer's
    old = time.time() - STALE_TEMP_SECONDS - 1
    os.utime(torn, (old, old))
    Store(root).load()
    assert not torn.exists()


def test_a_clean_run_leaves_no_temp_files(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init_workspace(root)
    a, b = state("A", 20), state("B", 3)
    store = Store(root)
    store.load()
    for companies, bank in (a, b, a, b):
        for slug, company in companies.items():
            store.save_company(slug, company)
        store.save_stories(bank)
    assert sorted(p.name for p in root.rglob("*") if p.is_file()) == [
        "acme.toml",
        "globex.toml",
        "stories.toml",
    ]
