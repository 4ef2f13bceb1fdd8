"""The session: every change validated, saved at once, undoable; failed writes kept.

These are the promises the TUI stands on, tested without a screen.
"""

from __future__ import annotations

import errno
import os
import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from roundplanner.model import Company, Stage
from roundplanner.session import UNDO_LIMIT, ChangeRejected, Session
from roundplanner.settings import Settings
from roundplanner.store import Store


def _session(root: Path, settings: Settings) -> Session:
    store = Store(root, settings.kinds)
    return Session(store, store.load(), settings)


def _on_disk(root: Path, slug: str) -> dict:  # type: ignore[type-arg]
    return tomllib.loads((root / "companies" / f"{slug}.toml").read_text())


def test_a_change_is_on_disk_at_once(demo_ws: Path, settings: Settings) -> None:
    session = _session(demo_ws, settings)
    session.update_company("tessellate", lambda c: setattr(c, "notes", "Call Sam"), "notes")
    assert _on_disk(demo_ws, "tessellate")["notes"] == "Call Sam"


def test_an_invalid_change_is_refused_and_nothing_is_written(
    demo_ws: Path, settings: Settings
) -> None:
    session = _session(demo_ws, settings)
    path = demo_ws / "companies" / "acme-robotics.toml"
    before = path.read_bytes()

    def bad_zone(company: Company) -> None:
        company.rounds[0].timezone = "Mars/Olympus"

    with pytest.raises(ChangeRejected, match="unknown time zone 'Mars/Olympus'"):
        session.update_company("acme-robotics", bad_zone, "zone")

    def into_the_dst_gap(company: Company) -> None:
        round_ = company.rounds[1]
        round_.timezone = "America/Los_Angeles"
        round_.start = datetime(2027, 3, 14, 2, 30)

    with pytest.raises(ChangeRejected, match="does not exist"):
        session.update_company("acme-robotics", into_the_dst_gap, "gap")
    assert path.read_bytes() == before
    assert not session.can_undo


def test_undo_takes_back_more_than_twenty_changes(demo_ws: Path, settings: Settings) -> None:
    session = _session(demo_ws, settings)
    for n in range(25):
        session.update_company("tessellate", lambda c, n=n: setattr(c, "notes", f"v{n}"), "n")
    for _ in range(25):
        assert session.undo() is not None
    assert "notes" not in _on_disk(demo_ws, "tessellate")
    assert session.undo() is None
    assert UNDO_LIMIT >= 20


def test_undo_of_an_add_removes_the_file(demo_ws: Path, settings: Settings) -> None:
    session = _session(demo_ws, settings)
    slug, _ = session.add_company(Company(name="Initech", stage=Stage.APPLIED))
    assert _on_disk(demo_ws, slug)["stage_history"][0]["stage"] == "applied"
    session.undo()
    assert not (demo_ws / "companies" / f"{slug}.toml").exists()
    assert slug not in session.companies


def test_a_failed_write_stays_in_memory_and_a_retry_saves_it(
    demo_ws: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _session(demo_ws, settings)
    path = demo_ws / "companies" / "tessellate.toml"
    before = path.read_bytes()
    real_replace = os.replace

    def disk_full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    outcome = session.update_company("tessellate", lambda c: setattr(c, "notes", "kept"), "n")
    assert not outcome.saved
    assert "No space left on device" in outcome.message
    assert session.companies["tessellate"].notes == "kept"
    assert path.read_bytes() == before
    assert session.pending

    monkeypatch.setattr(os, "replace", real_replace)
    outcomes = session.retry_pending()
    assert [o.saved for o in outcomes] == [True]
    assert _on_disk(demo_ws, "tessellate")["notes"] == "kept"
    assert not session.pending
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_an_edit_made_elsewhere_is_reloaded(demo_ws: Path, settings: Settings) -> None:
    session = _session(demo_ws, settings)
    path = demo_ws / "companies" / "tessellate.toml"
    path.write_text(path.read_text().replace('name = "Tessellate"', 'name = "Tessellate Inc"'))
    events = session.reload_external()
    assert ("companies/tessellate.toml", "reloaded") in events
    assert session.companies["tessellate"].name == "Tessellate Inc"


def test_an_edit_elsewhere_while_ours_is_pending_keeps_both(
    demo_ws: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _session(demo_ws, settings)
    path = demo_ws / "companies" / "tessellate.toml"
    real_replace = os.replace
    monkeypatch.setattr(
        os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.EROFS, "Read-only"))
    )
    session.update_company("tessellate", lambda c: setattr(c, "notes", "mine"), "n")
    monkeypatch.setattr(os, "replace", real_replace)
    theirs = path.read_text() + '\nnotes = "theirs"\n'
    path.write_text(theirs)
    events = session.reload_external()
    assert events and "waits" in events[0][1]
    outcome = session.retry_pending()[0]
    assert outcome.conflict
    assert path.read_text() == theirs
    kept = list((demo_ws / "conflicts").iterdir())
    assert len(kept) == 1 and 'notes = "mine"' in kept[0].read_text()


def test_calendar_fields_bump_the_sequence(demo_ws: Path, settings: Settings) -> None:
    session = _session(demo_ws, settings)
    before = session.companies["acme-robotics"].round_by_id("r-acme-design")
    assert before is not None
    session.update_company(
        "acme-robotics",
        lambda c: setattr(c.round_by_id("r-acme-design"), "where", "https://meet.example/new"),
        "where",
    )
    after = _on_disk(demo_ws, "acme-robotics")["rounds"][1]
    assert after["sequence"] == before.sequence + 1
    session.update_company(
        "acme-robotics",
        lambda c: setattr(c.round_by_id("r-acme-design"), "prep_notes", "More notes"),
        "notes",
    )
    assert _on_disk(demo_ws, "acme-robotics")["rounds"][1]["sequence"] == before.sequence + 1
