"""The session: every change validated, saved at once, undoable; failed writes kept.

These are the promises the TUI stands on, tested without a screen.
"""

from __future__ import annotations

import errno
import os
import tomllib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from roundplanner.model import Company, Debrief, Offer, Round, Stage
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


# --------------------------------------------------------------------------- the loop moves


def _add_round(kind: str, start: datetime | None) -> Callable[[Company], None]:
    def change(company: Company) -> None:
        company.rounds = [*company.rounds, Round(kind=kind, start=start)]

    return change


def test_the_first_timed_round_moves_the_stage_and_undo_takes_it_back(
    demo_ws: Path, settings: Settings
) -> None:
    """An applied company with a recruiter screen on the calendar is screening; with a
    technical round, interviewing. Each move is in the history and undone with its cause."""
    session = _session(demo_ws, settings)
    assert session.companies["harbor-bank"].stage is Stage.APPLIED
    untimed = session.update_company("harbor-bank", _add_round("technical", None))
    assert session.companies["harbor-bank"].stage is Stage.APPLIED and not untimed.message
    screen = session.update_company(
        "harbor-bank", _add_round("recruiter_screen", datetime(2026, 12, 2, 10))
    )
    assert "stage applied → screening" in screen.message
    session.update_company("harbor-bank", _add_round("technical", datetime(2026, 12, 8, 10)))
    saved = _on_disk(demo_ws, "harbor-bank")
    assert saved["stage"] == "interviewing"
    assert [h["stage"] for h in saved["stage_history"]][-2:] == ["screening", "interviewing"]
    session.undo()
    assert _on_disk(demo_ws, "harbor-bank")["stage"] == "screening"


def test_a_recorded_offer_moves_to_offer_but_never_out_of_a_final_stage(
    demo_ws: Path, settings: Settings
) -> None:
    session = _session(demo_ws, settings)
    session.update_company("harbor-bank", lambda c: setattr(c, "offer", Offer(base=150000)))
    assert _on_disk(demo_ws, "harbor-bank")["stage"] == "offer"
    # Never backwards: a round timed after the offer leaves the stage at offer.
    session.update_company("harbor-bank", _add_round("technical", datetime(2026, 12, 8, 10)))
    assert _on_disk(demo_ws, "harbor-bank")["stage"] == "offer"
    # A final stage is the user's word: a rejected company stays rejected.
    session.update_company(
        "harbor-bank", lambda c: c.set_stage(Stage.REJECTED, c.stage_history[-1].on)
    )
    session.update_company("harbor-bank", _add_round("onsite", datetime(2026, 12, 9, 10)))
    assert _on_disk(demo_ws, "harbor-bank")["stage"] == "rejected"


def test_a_stage_typed_into_the_file_is_recorded_in_the_history(
    demo_ws: Path, settings: Settings
) -> None:
    path = demo_ws / "companies/harbor-bank.toml"
    path.write_text(
        path.read_text().replace('stage = "applied"\nsource', 'stage = "withdrawn"\nsource', 1)
    )
    session = _session(demo_ws, settings)
    session.update_company("harbor-bank", lambda c: setattr(c, "notes", "moved on"))
    history = _on_disk(demo_ws, "harbor-bank")["stage_history"]
    assert history[-1]["stage"] == "withdrawn"
    assert history[-1]["on"].isoformat() == "2026-11-26"


def test_a_past_round_with_a_debrief_is_done(demo_ws: Path, settings: Settings) -> None:
    session = _session(demo_ws, settings)
    past = datetime(2026, 11, 20, 10)

    def debriefed(company: Company) -> None:
        company.rounds = [*company.rounds, Round(id="r-past", kind="technical", start=past)]

    session.update_company("harbor-bank", debriefed)
    assert _on_disk(demo_ws, "harbor-bank")["rounds"][-1]["status"] == "scheduled"
    outcome = session.update_company(
        "harbor-bank", lambda c: setattr(c.rounds[-1], "debrief", Debrief(went_well="clear"))
    )
    assert _on_disk(demo_ws, "harbor-bank")["rounds"][-1]["status"] == "done"
    assert "done" in outcome.message


# --------------------------------------------------------------------------- undo and others


def test_undo_never_overwrites_what_another_writer_saved_since(
    demo_ws: Path, settings: Settings
) -> None:
    """ctrl+z after an import had changed the file put back the old copy and the imported
    round was gone, with no copy anywhere. Theirs stays; ours goes to conflicts/."""
    session = _session(demo_ws, settings)
    path = demo_ws / "companies" / "acme-robotics.toml"
    session.update_company("acme-robotics", lambda c: setattr(c, "rounds", c.rounds[1:]), "x")
    theirs = path.read_text() + 'imported_note = "from an import"\n'
    path.write_text(theirs)
    session.reload_external()  # the TUI's disk check picks it up
    outcome = session.undo()
    assert outcome is not None and outcome.conflict
    assert "Not undone" in outcome.message and "conflicts/" in outcome.message
    assert path.read_text() == theirs
    [kept] = list((demo_ws / "conflicts").iterdir())
    assert len(tomllib.loads(kept.read_text())["rounds"]) == 3  # the state before our change
    assert session.companies["acme-robotics"] == Store(demo_ws).load().companies["acme-robotics"]


def test_undo_of_a_delete_never_overwrites_a_company_made_since(
    demo_ws: Path, settings: Settings
) -> None:
    session = _session(demo_ws, settings)
    path = demo_ws / "companies" / "harbor-bank.toml"
    session.delete_company("harbor-bank")
    path.write_text('schema = 1\nname = "Harbor Bank"\nnotes = "made by an import"\n')
    session.reload_external()
    outcome = session.undo()
    assert outcome is not None and outcome.conflict
    assert "made by an import" in path.read_text()
    assert len(list((demo_ws / "conflicts").iterdir())) == 1


def test_undo_still_works_when_nobody_else_wrote(demo_ws: Path, settings: Settings) -> None:
    session = _session(demo_ws, settings)
    before = (demo_ws / "companies" / "tessellate.toml").read_text()
    session.update_company("tessellate", lambda c: setattr(c, "notes", "x"), "notes")
    outcome = session.undo()
    assert outcome is not None and not outcome.conflict and outcome.message == "Undid notes"
    assert (demo_ws / "companies" / "tessellate.toml").read_text() == before


def test_every_change_is_announced_with_who_made_it(demo_ws: Path, settings: Settings) -> None:
    """The TUI redraws from these announcements: a change made anywhere — a screen, an
    undo, the sync, another writer — must be heard, and a refused one must not."""
    from roundplanner.session import Change

    session = _session(demo_ws, settings)
    heard: list[Change] = []
    session.subscribe(heard.append)
    key = "companies/tessellate.toml"

    session.update_company("tessellate", lambda c: setattr(c, "notes", "Call Sam"), "notes")
    assert [(c.keys, c.origin) for c in heard] == [((key,), "user")]
    assert heard[-1].outcome is not None and heard[-1].outcome.saved

    with pytest.raises(ChangeRejected):
        session.update_company("tessellate", lambda c: setattr(c, "name", ""), "name")
    assert len(heard) == 1

    session.undo()
    assert heard[-1].keys == (key,) and "Undid notes" in heard[-1].outcome.message  # type: ignore[union-attr]

    with session.changes_from("sync"):
        session.update_stories(lambda b: setattr(b, "focus", ["System design"]), "focus")
    assert (heard[-1].keys, heard[-1].origin) == (("stories.toml",), "sync")
    assert session.origin == "user"

    path = demo_ws / "companies" / "acme-robotics.toml"
    path.write_text(path.read_text().replace('notes = "', 'notes = "Edited. ', 1))
    os.utime(path, (1, 1))
    session.reload_external()
    assert (heard[-1].keys, heard[-1].origin, heard[-1].outcome) == (
        ("companies/acme-robotics.toml",),
        "disk",
        None,
    )
