"""`roundplanner sync` against a real Radicale on loopback: no mock of the server.

The phone is played by the `caldav` client editing the calendar the way a calendar app
does (fetch the event, change it, save it back).
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from caldav.davclient import DAVClient
from radicale_server import PASSWORD, USER, Radicale  # tests/ is on sys.path

from roundplanner.calendar import export_calendar, export_events
from roundplanner.calendar.sync import Account, Dav, Syncer, state_dir
from roundplanner.cli import main
from roundplanner.session import Session
from roundplanner.settings import Settings
from roundplanner.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """One server for the module; each test gets a calendar of its own."""
    server = Radicale(tmp_path_factory.mktemp("radicale"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def own_radicale(tmp_path: Path) -> Iterator[Radicale]:
    """A server of the test's own, for the tests that stop it."""
    (tmp_path / "radicale-own").mkdir()
    server = Radicale(tmp_path / "radicale-own")
    server.start()
    yield server
    server.stop()


def write_config(tmp_path: Path, url: str, **extra: str) -> Path:
    import tomli_w

    config = tmp_path / "config.toml"
    config.write_text(tomli_w.dumps({"caldav": {"url": url, "username": USER, **extra}}))
    return config


@pytest.fixture
def calendar_url(radicale: Radicale) -> str:
    return radicale.calendar()


@pytest.fixture
def config(tmp_path: Path, calendar_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ROUNDPLANNER_CALDAV_PASSWORD", PASSWORD)
    return write_config(tmp_path, calendar_url)


def sync(ws: Path, config: Path, *more: str) -> int:
    return main(["--workspace", str(ws), "--config", str(config), "sync", *more])


class Phone:
    """Another calendar app on the same collection, through the caldav client."""

    def __init__(self, url: str) -> None:
        self.client = DAVClient(url=url, username=USER, password=PASSWORD, auth_type="basic")
        self.calendar = self.client.calendar(url=url)

    def uids(self) -> list[str]:
        return sorted(str(e.icalendar_component["UID"]) for e in self.calendar.events())

    def event(self, uid: str) -> Any:
        return self.calendar.event_by_uid(uid)

    def start_of(self, uid: str) -> datetime:
        return self.event(uid).icalendar_component.decoded("DTSTART")

    def move(self, uid: str, by: timedelta, *, length: timedelta | None = None) -> None:
        """Drag the event `by` later (and resize it), as a phone's calendar does."""
        event = self.event(uid)
        component = event.icalendar_component
        start = component.decoded("DTSTART") + by
        end = start + (length or component.decoded("DTEND") - component.decoded("DTSTART"))
        for name, value in (("DTSTART", start), ("DTEND", end)):
            del component[name]
            component.add(name, value)
        event.save()

    def add_foreign(self, uid: str) -> None:
        self.calendar.save_event(
            dtstart=datetime(2026, 12, 5, 9, 0),
            dtend=datetime(2026, 12, 5, 10, 0),
            summary="Dentist",
            uid=uid,
        )

    def etag_of(self, uid: str) -> str:
        reply = self.client.request(self.calendar.url.join(f"{uid}.ics"), "HEAD")
        return str(reply.headers.get("ETag"))


def company_file(ws: Path, slug: str) -> bytes:
    return (ws / "companies" / f"{slug}.toml").read_bytes()


def snapshot(ws: Path) -> dict[str, bytes]:
    return {str(p.relative_to(ws)): p.read_bytes() for p in sorted(ws.rglob("*")) if p.is_file()}


def session_for(ws: Path, settings: Settings) -> Session:
    store = Store(ws, settings.kinds)
    return Session(store, store.load(), settings)


def account(url: str, password: str = PASSWORD) -> Account:
    return Account(url, USER, password, True, 10)


# --------------------------------------------------------------------------- first sync


def test_first_sync_writes_every_event_as_the_export_has_it(
    demo_ws: Path, config: Path, calendar_url: str, settings: Settings
) -> None:
    assert sync(demo_ws, config) == 0
    store = Store(demo_ws, settings.kinds)
    companies = store.load().companies
    expected = export_events(
        companies, kinds=settings.kind_labels, reminder_minutes=settings.reminder_minutes
    )
    phone = Phone(calendar_url)
    assert phone.uids() == sorted(e.uid for e in expected)
    # Same UID and the same event lines as the .ics export, prep events included.
    whole = export_calendar(
        companies, kinds=settings.kind_labels, reminder_minutes=settings.reminder_minutes
    )
    for event in expected:
        body = event.data.split(b"BEGIN:VEVENT", 1)[1].split(b"END:VEVENT", 1)[0]
        assert body in whole
    assert any(e.uid.endswith(".prep@roundplanner") for e in expected) or all(
        not r.imported_uid for c in companies.values() for r in c.rounds
    )


def test_the_state_lives_outside_the_workspace(demo_ws: Path, config: Path, tmp_path: Path) -> None:
    before = snapshot(demo_ws)
    assert sync(demo_ws, config) == 0
    assert snapshot(demo_ws) == before  # nothing written into the workspace
    assert list(state_dir().glob("*.json"))
    assert state_dir().is_relative_to(tmp_path / "sync-state")
    for path in state_dir().glob("*.json"):
        assert PASSWORD.encode() not in path.read_bytes()


def test_a_sync_with_nothing_changed_makes_one_request(
    demo_ws: Path, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sync(demo_ws, config) == 0
    sent: list[str] = []
    real = DAVClient.request

    def counting(self: DAVClient, url: str, method: str = "GET", *a: Any, **k: Any) -> Any:
        sent.append(method)
        return real(self, url, method, *a, **k)

    monkeypatch.setattr(DAVClient, "request", counting)
    for _ in range(2):
        sent.clear()
        assert sync(demo_ws, config) == 0
        assert sent == ["PROPFIND"]  # one listing, no GET per event


# --------------------------------------------------------------------------- both ways


def test_a_round_moved_here_is_moved_on_the_server(
    demo_ws: Path, config: Path, calendar_url: str, settings: Settings
) -> None:
    assert sync(demo_ws, config) == 0
    session = session_for(demo_ws, settings)
    phone = Phone(calendar_url)
    was = phone.start_of("r-acme-design@roundplanner")

    def later(company: Any) -> None:
        round_ = next(r for r in company.rounds if r.id == "r-acme-design")
        round_.start = round_.start + timedelta(hours=3)

    session.update_company("acme-robotics", later)
    count = len(phone.uids())
    assert sync(demo_ws, config) == 0
    assert phone.start_of("r-acme-design@roundplanner") == was + timedelta(hours=3)
    assert len(phone.uids()) == count  # updated, not duplicated


def test_a_round_moved_on_the_phone_is_applied_through_the_session(
    demo_ws: Path, calendar_url: str, settings: Settings, config: Path
) -> None:
    assert sync(demo_ws, config) == 0
    phone = Phone(calendar_url)
    uid = "r-acme-design@roundplanner"
    was = phone.start_of(uid)
    phone.move(uid, timedelta(days=1, hours=1), length=timedelta(minutes=90))

    session = session_for(demo_ws, settings)
    result = Syncer(session, account(calendar_url)).run()
    assert result.ok, result.summary()
    assert [s.action for s in result.steps] == ["pull", "update"]
    round_ = next(r for r in session.companies["acme-robotics"].rounds if r.id == "r-acme-design")
    assert round_.starts_at == was + timedelta(days=1, hours=1)  # the same instant
    assert round_.duration_minutes == 90
    assert round_.sequence >= 1  # the calendar's SEQUENCE rises with the change
    # Saved to the file, and the server now holds our version of it, no duplicate.
    assert b"duration_minutes = 90" in company_file(demo_ws, "acme-robotics")
    assert phone.start_of(uid) == round_.starts_at
    assert int(phone.event(uid).icalendar_component["SEQUENCE"]) == round_.sequence
    assert phone.uids().count(uid) == 1
    # Recorded like any edit: ctrl+z takes it back.
    assert session.undo_stack[-1].label == "sync from calendar"
    session.undo()
    back = next(r for r in session.companies["acme-robotics"].rounds if r.id == "r-acme-design")
    assert back.starts_at == was
    # And the next sync after the undo is a plain push.
    assert sync(demo_ws, config) == 0
    assert phone.start_of(uid) == was


def test_a_round_relocated_on_the_phone_changes_its_place(
    demo_ws: Path, calendar_url: str, config: Path, settings: Settings
) -> None:
    assert sync(demo_ws, config) == 0
    phone = Phone(calendar_url)
    event = phone.event("r-acme-design@roundplanner")
    del event.icalendar_component["LOCATION"]
    event.icalendar_component.add("LOCATION", "Acme HQ, room 4")
    event.save()
    assert sync(demo_ws, config) == 0
    assert b'where = "Acme HQ, room 4"' in company_file(demo_ws, "acme-robotics")


def test_a_deleted_round_is_removed_and_a_cancelled_one_stays_cancelled(
    demo_ws: Path, calendar_url: str, config: Path, settings: Settings
) -> None:
    assert sync(demo_ws, config) == 0
    session = session_for(demo_ws, settings)

    def drop_and_cancel(company: Any) -> None:
        from roundplanner.model import RoundStatus

        company.rounds = [r for r in company.rounds if r.id != "r-acme-onsite"]
        next(r for r in company.rounds if r.id == "r-acme-design").status = RoundStatus.CANCELLED

    session.update_company("acme-robotics", drop_and_cancel)
    assert sync(demo_ws, config) == 0
    phone = Phone(calendar_url)
    assert "r-acme-onsite@roundplanner" not in phone.uids()
    cancelled = phone.event("r-acme-design@roundplanner").icalendar_component
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_changed_on_both_sides_ours_wins_and_theirs_is_kept(
    demo_ws: Path,
    calendar_url: str,
    config: Path,
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert sync(demo_ws, config) == 0
    uid = "r-acme-design@roundplanner"
    phone = Phone(calendar_url)
    was = phone.start_of(uid)
    phone.move(uid, timedelta(hours=5))
    session = session_for(demo_ws, settings)

    def ours(company: Any) -> None:
        round_ = next(r for r in company.rounds if r.id == "r-acme-design")
        round_.start = round_.start + timedelta(hours=1)

    session.update_company("acme-robotics", ours)
    capsys.readouterr()
    assert sync(demo_ws, config) == 0
    out = capsys.readouterr().out
    assert f"conflict {uid}" in out and "conflicts/" in out
    assert phone.start_of(uid) == was + timedelta(hours=1)  # ours on the server
    kept = list((demo_ws / "conflicts").glob("r-acme-design_roundplanner-*.ics"))
    assert len(kept) == 1
    theirs = icalendar.Calendar.from_ical(kept[0].read_bytes())
    event = next(iter(theirs.walk("VEVENT")))
    assert event.decoded("DTSTART") == was + timedelta(hours=5)


def test_objects_we_did_not_write_are_never_touched(
    demo_ws: Path, calendar_url: str, config: Path, settings: Settings
) -> None:
    phone = Phone(calendar_url)
    phone.add_foreign("dentist-1@phone")
    etag = phone.etag_of("dentist-1@phone")
    assert sync(demo_ws, config) == 0
    session = session_for(demo_ws, settings)
    session.delete_company("acme-robotics")  # our deletes must not spill over
    assert sync(demo_ws, config) == 0
    assert "dentist-1@phone" in phone.uids()
    assert phone.etag_of("dentist-1@phone") == etag
    assert not any(uid.startswith("r-acme-") for uid in phone.uids())


def test_an_event_deleted_on_the_server_is_written_again(
    demo_ws: Path, calendar_url: str, config: Path
) -> None:
    assert sync(demo_ws, config) == 0
    phone = Phone(calendar_url)
    phone.event("r-acme-screen@roundplanner").delete()
    assert sync(demo_ws, config) == 0
    assert "r-acme-screen@roundplanner" in phone.uids()


def test_a_lost_state_adopts_our_objects_without_duplicates(
    demo_ws: Path, calendar_url: str, config: Path
) -> None:
    assert sync(demo_ws, config) == 0
    count = len(Phone(calendar_url).uids())
    for path in state_dir().glob("*.json"):
        path.unlink()
    assert sync(demo_ws, config) == 0
    assert len(Phone(calendar_url).uids()) == count
    assert not (demo_ws / "conflicts").exists()


def test_a_move_written_in_utc_keeps_the_rounds_zone_and_instant(
    demo_ws: Path, calendar_url: str, config: Path, settings: Settings
) -> None:
    """Some apps write a moved event in UTC: the round keeps its own zone, same instant."""
    assert sync(demo_ws, config) == 0
    phone = Phone(calendar_url)
    uid = "r-acme-design@roundplanner"
    event = phone.event(uid)
    component = event.icalendar_component
    start = component.decoded("DTSTART").astimezone(UTC) + timedelta(minutes=30)
    for name, value in (("DTSTART", start), ("DTEND", start + timedelta(hours=1))):
        del component[name]
        component.add(name, value)
    event.save()
    assert sync(demo_ws, config) == 0
    round_ = session_for(demo_ws, settings).companies["acme-robotics"].round_by_id("r-acme-design")
    assert round_ is not None
    assert round_.timezone == "America/Los_Angeles" and round_.starts_at == start


def test_a_broken_company_file_does_not_delete_its_events(
    demo_ws: Path, calendar_url: str, config: Path
) -> None:
    assert sync(demo_ws, config) == 0
    path = demo_ws / "companies" / "acme-robotics.toml"
    path.write_text(path.read_text() + "\n[[[ not toml\n")  # mid-edit in an editor
    assert sync(demo_ws, config) == 1  # the broken file is reported
    assert "r-acme-design@roundplanner" in Phone(calendar_url).uids()


# --------------------------------------------------------------------------- failures


def test_a_wrong_password_is_one_line_and_changes_nothing(
    demo_ws: Path,
    config: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ROUNDPLANNER_CALDAV_PASSWORD", "wrong")
    before = snapshot(demo_ws)
    capsys.readouterr()
    assert sync(demo_ws, config) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "refused the user name or password" in err[0]
    assert snapshot(demo_ws) == before
    assert not list(state_dir().glob("*.json"))


def test_a_server_that_is_down_is_one_line(
    demo_ws: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from radicale_server import free_port

    monkeypatch.setenv("ROUNDPLANNER_CALDAV_PASSWORD", PASSWORD)
    config = write_config(tmp_path, f"http://127.0.0.1:{free_port()}/alice/cal/")
    before = snapshot(demo_ws)
    capsys.readouterr()
    assert sync(demo_ws, config) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot reach" in err[0] and "Traceback" not in err[0]
    assert snapshot(demo_ws) == before


def test_a_calendar_that_does_not_exist_is_one_line(
    demo_ws: Path,
    radicale: Radicale,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ROUNDPLANNER_CALDAV_PASSWORD", PASSWORD)
    config = write_config(tmp_path, f"{radicale.base}{USER}/no-such-calendar/")
    capsys.readouterr()
    assert sync(demo_ws, config) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no calendar at" in err[0] and "caldav.url" in err[0]


def test_a_server_that_goes_away_mid_sync_loses_nothing(
    demo_ws: Path,
    own_radicale: Radicale,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
) -> None:
    url = own_radicale.calendar()
    monkeypatch.setenv("ROUNDPLANNER_CALDAV_PASSWORD", PASSWORD)
    config = write_config(tmp_path, url)
    before = snapshot(demo_ws)
    real_send = Dav.send
    calls = 0

    def dying(self: Dav, *args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 5:  # the listing and three objects went through
            own_radicale.stop()
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(Dav, "send", dying)
    assert sync(demo_ws, config) == 1
    assert snapshot(demo_ws) == before
    monkeypatch.setattr(Dav, "send", real_send)
    own_radicale.start()
    assert sync(demo_ws, config) == 0
    phone = Phone(url)
    store = Store(demo_ws, settings.kinds)
    expected = export_events(
        store.load().companies,
        kinds=settings.kind_labels,
        reminder_minutes=settings.reminder_minutes,
    )
    assert phone.uids() == sorted(e.uid for e in expected)  # all there, none twice


def test_dry_run_prints_the_plan_and_changes_nothing(
    demo_ws: Path, config: Path, calendar_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert sync(demo_ws, config, "--dry-run") == 0
    out = capsys.readouterr()
    assert "create r-acme-design@roundplanner" in out.out
    assert "would sync" in out.err
    assert Phone(calendar_url).uids() == []
    assert not list(state_dir().glob("*.json"))


# --------------------------------------------------------------------------- settings


def test_unusable_settings_are_exit_2_naming_the_file_and_key(
    demo_ws: Path, tmp_path: Path, calendar_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        ({"url": "ftp://example.com/cal"}, "caldav.url"),
        ({"password_command": "false"}, "caldav.password_command"),
        ({"password_command": "no-such-command-xyz"}, "caldav.password_command"),
        ({"ca_file": str(tmp_path / "missing.pem")}, "caldav.ca_file"),
        ({}, "caldav.password_command"),  # a user name and no password at all
    ]
    for extra, key in cases:
        url = extra.pop("url", calendar_url)
        config = write_config(tmp_path, url, **extra)
        capsys.readouterr()
        assert sync(demo_ws, config) == 2, key
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and str(config) in err[0] and key in err[0], err


def test_sync_without_a_caldav_table_is_exit_2(
    demo_ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--workspace", str(demo_ws), "sync"]) == 2
    assert "caldav.url" in capsys.readouterr().err


def test_the_password_command_runs_without_a_shell(
    demo_ws: Path, tmp_path: Path, calendar_url: str
) -> None:
    command = shlex.join([sys.executable, "-c", f"print({PASSWORD!r} + '  ')"])
    config = write_config(tmp_path, calendar_url, password_command=command)
    assert "ROUNDPLANNER_CALDAV_PASSWORD" not in os.environ
    assert sync(demo_ws, config) == 0
    assert Phone(calendar_url).uids()


def test_tls_is_verified_unless_a_ca_file_is_named(tmp_path: Path) -> None:
    from roundplanner.calendar.sync import account_from
    from roundplanner.settings import CaldavSpec

    os.environ.pop("ROUNDPLANNER_CALDAV_PASSWORD", None)
    plain = account_from(CaldavSpec(url="https://dav.example.com/cal"), "config.toml")
    assert plain.verify is True and plain.url.endswith("/")
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    named = account_from(CaldavSpec(url="https://dav.example.com/cal", ca_file=str(ca)), "c")
    assert named.verify == str(ca)
    assert PASSWORD not in repr(account("https://x.example/"))
