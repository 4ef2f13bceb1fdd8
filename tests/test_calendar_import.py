"""Import of recruiters' invites: real-world shapes, hostile text, malformed files, merging.

The fixtures in tests/data/ics are hand-written in the shape Google, Exchange/Outlook,
Greenhouse, GoodTime and Calendly send (see the README there).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roundplanner.calendar import (
    MAX_INVITE_BYTES,
    CalendarError,
    InvitedRound,
    clean_text,
    export_calendar,
    guess_company,
    merge_invite,
    read_invites,
)
from roundplanner.model import Company, Interviewer, Round, RoundStatus

FIXTURES = Path(__file__).parent / "data" / "ics"
NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
KINDS = {"system_design": "System design", "coding": "Coding", "behavioral": "Behavioral"}
TEAMS = (
    "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ5YTBkZGEtMDg1Ny00"
    "%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf%22%7d"
)


def fixture(name: str) -> list[InvitedRound]:
    return read_invites((FIXTURES / name).read_bytes(), name)


def ics(*event_lines: str, head: str = "", zones: str = "") -> bytes:
    """A minimal calendar around one VEVENT's lines, CRLF-terminated."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//test//EN"]
    lines += [line for line in (head, zones) if line]
    lines += ["BEGIN:VEVENT", *event_lines, "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines).encode("utf-8")


BASIC = ("UID:basic-1@example.com", "DTSTAMP:20261101T000000Z", "SUMMARY:Interview")


def people(invite: InvitedRound) -> list[tuple[str, str]]:
    return [(person.name, person.notes) for person in invite.interviewers]


def merge(company: Company, invite: InvitedRound, **options: Any) -> tuple[Round, bool]:
    """`merge_invite`, as (the round now in the company, whether it is new)."""
    merged = merge_invite(company, invite, **options)
    return merged.round, merged.created


# --------------------------------------------------------------------------- vendors


def test_google_invite() -> None:
    [invite] = fixture("google_invite.ics")
    assert invite.uid == "5m1n0q3ke7cbq6bf9fhtv0nq2c@google.com"
    assert invite.title == "Acme Onsite: System Design (Sam Lee)"
    assert (invite.start, invite.timezone) == (datetime(2026, 12, 3, 10, 0), "America/Los_Angeles")
    assert invite.duration_minutes == 45
    assert invite.where == "https://meet.google.com/xkq-hvdn-rzp"
    assert invite.organizer_email == "riley.chen@acme.com"
    # The organizer (recruiter) and the candidate's gmail address are not interviewers.
    assert people(invite) == [
        ("Priya Natarajan", "priya.natarajan@acme.com"),
        ("Marco Rossi", "marco.rossi@acme.com"),
        ("Interview Shadow", "shadow@acme.com"),
    ]
    assert "Looking forward to the system design interview" in invite.description
    assert not invite.cancelled


def test_outlook_invite_with_windows_zone_and_teams() -> None:
    [invite] = fixture("outlook_invite.ics")
    assert invite.uid.startswith("040000008200E00074C5B7101A82E008")
    assert invite.uid.endswith("D1E1F6C2A6AC4840A2E3A0F77B3A4B2E")  # folded across lines
    assert invite.title == "Technical Interview – Globex (Backend)"
    assert (invite.start, invite.timezone) == (datetime(2026, 10, 29, 14, 30), "Europe/Berlin")
    assert invite.duration_minutes == 60
    assert invite.where == TEAMS  # not the placeholder "Microsoft Teams Meeting"
    # The room (CUTYPE=RESOURCE, NON-PARTICIPANT) and outlook.com candidate are left out;
    # a quoted CN with a comma and a name folded inside "Weiß" come through whole.
    assert people(invite) == [
        ("Jonas Weiß", "jonas.weiss@globex.de"),
        ("Dr. Amala Osei, PhD", "amala.osei@globex.de"),
    ]


def test_outlook_pacific_onsite_on_the_dst_day() -> None:
    [invite] = fixture("outlook_pacific_onsite.ics")
    assert invite.timezone == "America/Los_Angeles"
    assert invite.start == datetime(2026, 3, 8, 9, 0)
    assert invite.starts_at.astimezone(UTC) == datetime(2026, 3, 8, 16, 0, tzinfo=UTC)
    assert invite.duration_minutes == 180
    assert invite.where == "Initech HQ, 4120 Freidrich Ln, Austin, TX 78744"
    assert people(invite) == [("Bill Lumbergh", "bill.lumbergh@initech.com")]  # no room


def test_outlook_customized_zone_is_matched_to_iana() -> None:
    [invite] = fixture("outlook_custom_zone.ics")
    assert invite.timezone == "America/Los_Angeles"
    assert invite.start == datetime(2026, 7, 15, 13, 30)
    assert invite.where == "Phone call"
    # Nobody but the organizer: a recruiter screen, so the organizer is who you meet.
    assert people(invite) == [("Lumbergh, Bill", "bill.lumbergh@initech.com")]


def test_outlook_cancellation() -> None:
    [invite] = fixture("outlook_cancel.ics")
    assert invite.cancelled
    assert invite.title == "Technical Interview – Globex (Backend)"  # "Canceled: " dropped


def test_greenhouse_invite_in_utc() -> None:
    [invite] = fixture("greenhouse_invite.ics")
    assert (invite.start, invite.timezone) == (datetime(2026, 11, 10, 17, 0), "UTC")
    assert invite.where == "https://hooli.zoom.us/j/93817264510?pwd=bWJkZ2Z1ZEVrUT09"
    assert people(invite) == [("Gavin Belson", "gavin@hooli.xyz")]


def test_goodtime_panel_with_vendor_tzid_and_floating_time() -> None:
    first, second = fixture("goodtime_panel.ics")
    assert (first.start, first.timezone) == (datetime(2026, 11, 12, 9, 0), "America/New_York")
    assert first.duration_minutes == 45
    # Floating time, read in the calendar's X-WR-TIMEZONE; DURATION instead of DTEND.
    assert (second.start, second.timezone) == (datetime(2026, 11, 12, 10, 0), "America/New_York")
    assert second.duration_minutes == 60
    assert second.where == "Vandelay Industries, 129 W 81st St, New York, NY"


def test_calendly_booking() -> None:
    [invite] = fixture("calendly_invite.ics")
    assert invite.where == "https://us06web.zoom.us/j/81234567890?pwd=Zk9aQ1Bj"  # not "Zoom"
    assert people(invite) == [("Dana Scully", "dana@xfiles-labs.io")]
    assert invite.duration_minutes == 30


def test_every_fixture_imports_clean_text() -> None:
    for path in sorted(FIXTURES.glob("*.ics")):
        for invite in read_invites(path.read_bytes(), path.name):
            for text in (invite.title, invite.where, invite.description):
                assert clean_text(text) == text


# --------------------------------------------------------------------------- times


def test_utc_time_stays_utc() -> None:
    [invite] = read_invites(ics(*BASIC, "DTSTART:20261203T180000Z", "DTEND:20261203T183000Z"))
    assert (invite.start, invite.timezone, invite.duration_minutes) == (
        datetime(2026, 12, 3, 18, 0),
        "UTC",
        30,
    )


def test_time_in_a_dst_gap_resolves_to_the_instant_it_names() -> None:
    """02:30 does not exist on 8 March 2026 in New York: it means 07:30 UTC, i.e. 03:30 EDT."""
    data = ics(*BASIC, "DTSTART;TZID=America/New_York:20260308T023000", "DURATION:PT1H")
    [invite] = read_invites(data)
    assert (invite.start, invite.timezone) == (datetime(2026, 3, 8, 3, 30), "America/New_York")
    assert invite.starts_at.astimezone(UTC) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    Round(start=invite.start, timezone=invite.timezone)  # the model accepts it


def test_time_in_a_fall_back_overlap_is_kept_as_utc() -> None:
    data = ics(*BASIC, "DTSTART;TZID=America/New_York:20261101T013000", "DURATION:PT30M")
    [invite] = read_invites(data)
    assert (invite.start, invite.timezone) == (datetime(2026, 11, 1, 5, 30), "UTC")


def test_windows_zone_without_vtimezone() -> None:
    data = ics(*BASIC, "DTSTART;TZID=Tokyo Standard Time:20261203T100000", "DURATION:PT1H")
    [invite] = read_invites(data)
    assert (invite.start, invite.timezone) == (datetime(2026, 12, 3, 10, 0), "Asia/Tokyo")


def test_floating_time_uses_the_default_zone_when_the_file_names_none() -> None:
    data = ics(*BASIC, "DTSTART:20261203T100000", "DURATION:PT1H")
    [invite] = read_invites(data, default_timezone="Europe/Paris")
    assert (invite.start, invite.timezone) == (datetime(2026, 12, 3, 10, 0), "Europe/Paris")


def test_missing_end_means_an_hour() -> None:
    [invite] = read_invites(ics(*BASIC, "DTSTART:20261203T100000Z"))
    assert invite.duration_minutes == 60


def test_all_day_events_are_skipped() -> None:
    data = ics(*BASIC, "DTSTART:20261203T100000Z").replace(
        b"END:VCALENDAR",
        b"BEGIN:VEVENT\r\nUID:day@x\r\nDTSTART;VALUE=DATE:20261204\r\nEND:VEVENT\r\nEND:VCALENDAR",
    )
    assert [invite.uid for invite in read_invites(data)] == ["basic-1@example.com"]


def test_highest_sequence_of_a_uid_wins() -> None:
    first = "BEGIN:VEVENT\r\nUID:u@x\r\nSEQUENCE:2\r\nDTSTART:20261203T100000Z\r\nEND:VEVENT"
    second = "BEGIN:VEVENT\r\nUID:u@x\r\nSEQUENCE:1\r\nDTSTART:20261203T120000Z\r\nEND:VEVENT"
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{first}\r\n{second}\r\nEND:VCALENDAR\r\n"
    [invite] = read_invites(data.encode())
    assert invite.start == datetime(2026, 12, 3, 10, 0)


def test_lf_line_endings_and_bom_are_tolerated() -> None:
    data = b"\xef\xbb\xbf" + ics(*BASIC, "DTSTART:20261203T100000Z").replace(b"\r\n", b"\n")
    assert read_invites(data)[0].title == "Interview"


def test_fold_inside_a_utf8_character_is_tolerated() -> None:
    """Some mailers fold at 75 octets even in the middle of a multi-byte character."""
    data = ics(*BASIC[:2], "SUMMARY:Gespr\xe4ch", "DTSTART:20261203T100000Z")
    split = data.replace("ä".encode(), b"\xc3\r\n \xa4")
    assert read_invites(split)[0].title == "Gespräch"


# --------------------------------------------------------------------------- hostile text


def test_terminal_escapes_and_control_characters_are_stripped() -> None:
    data = ics(
        "UID:evil@x",
        "DTSTART:20261203T100000Z",
        "SUMMARY:\x1b[2J\x1b[31mRed\x1b[0m \x1b]0;pwned\x07title \x1b]8;;http://x\x1b\\link"
        "\x1b]8;;\x1b\\ \u202eevil\x9b",
        "LOCATION:Room\x07 1\x00",
        "DESCRIPTION:line\\nnext\x1bP+q\x1b\\\x08",
        "ATTENDEE;CN=\x1b[5mBlink:mailto:blink@acme.com",
    )
    with pytest.raises(CalendarError, match="NUL"):
        read_invites(data)
    [invite] = read_invites(data.replace(b"\x00", b""))
    assert invite.title == "Red title link evil"
    assert invite.where == "Room 1"
    assert invite.description == "line\nnext"
    assert people(invite) == [("Blink", "blink@acme.com")]


def test_unterminated_escape_sequence_does_not_swallow_the_next_lines() -> None:
    data = ics(
        *BASIC[:2], "SUMMARY:Hi\x1b]0;set the title, never ended", "DTSTART:20261203T100000Z"
    )
    [invite] = read_invites(data)
    assert invite.title == "Hi"
    assert invite.start == datetime(2026, 12, 3, 10, 0)


# --------------------------------------------------------------------------- malformed


VEVENT_OK = "UID:x@y\r\nDTSTART:20261203T100000Z\r\n"


def _cal(body: str) -> bytes:
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n".encode()


def _event(body: str) -> bytes:
    return _cal(f"BEGIN:VEVENT\r\n{body}END:VEVENT\r\n")


MALFORMED: list[tuple[str, bytes, str]] = [
    ("empty", b"", "file is empty"),
    ("blank", b"\r\n \r\n", "file is empty"),
    (
        "plain text",
        b"hello, this is not a calendar\r\n",
        "line 1: does not start with BEGIN:VCALENDAR",
    ),
    ("html", b"<!DOCTYPE html>\n<html><body>Sign in</body></html>\n", "not an iCalendar file"),
    ("vcard", b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane\r\nEND:VCARD\r\n", "BEGIN:VCALENDAR"),
    (
        "latin-1",
        _event(VEVENT_OK + "SUMMARY:Gespr\xe4ch\r\n").replace(b"\xc3\xa4", b"\xe4"),
        "line 6: not valid UTF-8",
    ),
    ("nul bytes", b"BEGIN:VCALENDAR\r\n\x00\x00\x00", "NUL bytes"),
    ("too big", b"BEGIN:VCALENDAR\r\n" + b"X-PAD:" + b"a" * MAX_INVITE_BYTES, "5 MB"),
    (
        "unterminated",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n" + VEVENT_OK.encode(),
        "line 3: BEGIN:VEVENT is never closed",
    ),
    (
        "mismatched end",
        _cal(f"BEGIN:VEVENT\r\n{VEVENT_OK}END:VTODO\r\n"),
        "line 6: END:VTODO does not close BEGIN:VEVENT from line 3",
    ),
    (
        "stray end",
        b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nEND:VEVENT\r\n",
        "no events (VEVENT)",  # the stray line after END:VCALENDAR is ignored
    ),
    (
        "line without colon",
        _event(VEVENT_OK + "SUMMARY Interview\r\n"),
        "line 6: not a 'NAME:value' line",
    ),
    (
        "too deep",
        _cal(
            "".join(f"BEGIN:X{i}\r\n" for i in range(9))
            + "".join(f"END:X{i}\r\n" for i in reversed(range(9)))
        ),
        "nested more than 8 deep",
    ),
    (
        "too many events",
        _cal("BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\n" * 1001),
        "more than 1000 events",
    ),
    ("no events", _cal("BEGIN:VTODO\r\nUID:t\r\nEND:VTODO\r\n"), "no events (VEVENT)"),
    ("no uid", _event("DTSTART:20261203T100000Z\r\n"), "line 3: VEVENT has no UID"),
    ("no dtstart", _event("UID:x@y\r\nSUMMARY:When?\r\n"), "line 3: VEVENT has no DTSTART"),
    ("bad date", _event("UID:x@y\r\nDTSTART:20261303T100000\r\n"), "line 5: DTSTART: "),
    ("bad time", _event("UID:x@y\r\nDTSTART:20261203T250000Z\r\n"), "line 5: DTSTART: "),
    (
        "unknown zone",
        _event("UID:x@y\r\nDTSTART;TZID=Mars/Olympus_Mons:20261203T100000\r\n"),
        "line 5: DTSTART: unknown time zone 'Mars/Olympus_Mons'",
    ),
    (
        "path in zone",
        _event("UID:x@y\r\nDTSTART;TZID=../../etc/passwd:20261203T100000\r\n"),
        "unknown time zone '../../etc/passwd'",
    ),
    (
        "end before start",
        _event(VEVENT_OK + "DTEND:20261203T090000Z\r\n"),
        "line 6: DTEND: the event ends before it starts",
    ),
    ("bad duration", _event(VEVENT_OK + "DURATION:PTXM\r\n"), "line 6: DURATION: "),
    ("three days", _event(VEVENT_OK + "DURATION:P3D\r\n"), "lasts 72 hours; not an interview"),
    (
        "date end",
        _event(VEVENT_OK + "DTEND;VALUE=DATE:20261204\r\n"),
        "DTEND: is a date but DTSTART is a date-time",
    ),
    (
        "floating",
        _event("UID:x@y\r\nDTSTART:20261203T100000\r\n"),
        "line 5: DTSTART: time has no time zone",
    ),
    (
        "two starts",
        _event(VEVENT_OK + "DTSTART:20261204T100000Z\r\n"),
        "DTSTART: appears more than once",
    ),
    (
        "only all-day",
        _event("UID:x@y\r\nDTSTART;VALUE=DATE:20261203\r\n"),
        "no timed events to import (1 all-day event skipped)",
    ),
]


@pytest.mark.parametrize(
    ("data", "message"), [c[1:] for c in MALFORMED], ids=[c[0] for c in MALFORMED]
)
def test_malformed_files_get_a_clear_one_line_error(data: bytes, message: str) -> None:
    with pytest.raises(CalendarError) as raised:
        read_invites(data, "invite.ics")
    text = str(raised.value)
    assert text.startswith("invite.ics: ")
    assert message in text
    assert "\n" not in text and len(text) < 300


_JUNK = [b"\x1b[31m", b";", b":", b"\r\n", b"\r\n ", b'"', b"=", b"\xff", b"\xc3", b"\\"]
_JUNK += [b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n", b"TZID=", b"VALUE=DATE:", b"Z", b"99"]
_EDIT = st.tuples(
    st.floats(0, 1, exclude_max=True), st.integers(0, 2), st.sampled_from(_JUNK), st.integers(1, 30)
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(sorted(p.name for p in FIXTURES.glob("*.ics"))),
    edits=st.lists(_EDIT, min_size=1, max_size=6),
)
def test_mangled_invites_never_crash(name: str, edits: list[tuple[float, int, bytes, int]]) -> None:
    """Whatever the damage: invites that merge cleanly, or a one-line CalendarError."""
    data = bytearray((FIXTURES / name).read_bytes())
    for where, kind, junk, length in edits:
        at = int(where * len(data))
        if kind == 0:
            data[at:at] = junk
        elif kind == 1:
            del data[at : at + length]
        else:
            data[at : at + 1] = bytes([length * 7 % 256])
    try:
        invites = read_invites(bytes(data), name)
    except CalendarError as error:
        assert "\n" not in str(error)
        return
    company = Company(name="Acme", domain="acme.com")
    for invite in invites:
        guess_company(invite, {"acme": company})
        merge_invite(company, invite, now=NOW)


# --------------------------------------------------------------------------- guessing


def _companies() -> dict[str, Company]:
    return {
        "acme": Company(name="Acme", domain="acme.com"),
        "globex": Company(name="Globex", links=["https://careers.globex.de/jobs/123"]),
        "initech": Company(name="Initech", domain="https://www.initech.com/"),
        "hooli": Company(name="Hooli", links=["https://boards.greenhouse.io/hooli"]),
    }


def test_guess_company_by_organizer_domain() -> None:
    assert guess_company(fixture("google_invite.ics")[0], _companies()) == "acme"
    assert guess_company(fixture("outlook_invite.ics")[0], _companies()) == "globex"
    assert guess_company(fixture("outlook_custom_zone.ics")[0], _companies()) == "initech"


def test_guess_company_ignores_job_board_hosts_but_uses_attendees() -> None:
    invite = fixture("greenhouse_invite.ics")[0]
    assert guess_company(invite, _companies()) is None  # greenhouse.io is everyone's
    companies = _companies() | {"hooli": Company(name="Hooli", domain="hooli.xyz")}
    assert guess_company(invite, companies) == "hooli"  # an interviewer's address


def test_guess_company_refuses_a_tie() -> None:
    companies = {
        "a": Company(name="A", domain="acme.com"),
        "b": Company(name="B", domain="acme.com"),
    }
    assert guess_company(fixture("google_invite.ics")[0], companies) is None


def test_guess_company_matches_subdomains() -> None:
    invite = InvitedRound(
        "u", "t", datetime(2026, 1, 5, 9), "UTC", 30, "", organizer_email="r@eng.acme.com"
    )
    assert guess_company(invite, _companies()) == "acme"


# --------------------------------------------------------------------------- merging


def test_new_invite_becomes_a_round() -> None:
    company = Company(name="Acme", domain="acme.com")
    invite = fixture("google_invite.ics")[0]
    round_, created = merge(company, invite, now=NOW, kinds=KINDS)
    assert created
    assert company.rounds == [round_]
    assert round_.imported_uid == invite.uid
    assert round_.kind == "system_design"  # "System Design" is in the title
    assert round_.title == "Acme Onsite: System Design (Sam Lee)"
    assert round_.starts_at == datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert round_.where == "https://meet.google.com/xkq-hvdn-rzp"
    assert [p.name for p in round_.interviewers] == [
        "Priya Natarajan",
        "Marco Rossi",
        "Interview Shadow",
    ]
    assert round_.updated == NOW and round_.sequence == 0
    assert "Looking forward" in round_.prep_notes


def test_new_round_takes_the_default_kind() -> None:
    company = Company(name="Initech")
    round_, _ = merge(
        company, fixture("outlook_custom_zone.ics")[0], default_kind="recruiter_screen"
    )
    assert round_.kind == "recruiter_screen"


def test_updated_invite_moves_the_round_and_bumps_sequence() -> None:
    company = Company(name="Globex")
    round_, _ = merge(company, fixture("outlook_invite.ics")[0], now=NOW)
    round_.interviewers[0].notes = "Ask about the event bus"  # the user's own note survives
    moved = fixture("outlook_invite.ics")[0]
    moved.start = datetime(2026, 10, 30, 9, 0)
    moved.interviewers.append(Interviewer(name="New Person", notes="new@globex.de"))
    later = datetime(2026, 11, 22, tzinfo=UTC)
    updated, created = merge(company, moved, now=later)
    assert not created and len(company.rounds) == 1
    assert company.rounds[0] is updated
    assert updated.id == round_.id
    assert updated.start == datetime(2026, 10, 30, 9, 0)
    assert updated.sequence == 1 and updated.updated == later
    assert [p.name for p in updated.interviewers] == [
        "Jonas Weiß",
        "Dr. Amala Osei, PhD",
        "New Person",
    ]
    assert updated.interviewers[0].notes == "Ask about the event bus"


def test_reimporting_the_same_invite_changes_nothing() -> None:
    company = Company(name="Globex")
    first, _ = merge(company, fixture("outlook_invite.ics")[0], now=NOW)
    again, created = merge(
        company, fixture("outlook_invite.ics")[0], now=datetime(2027, 1, 1, tzinfo=UTC)
    )
    assert not created and again is first and again.updated == NOW


def test_cancellation_cancels_and_keeps_the_link() -> None:
    company = Company(name="Globex")
    merge_invite(company, fixture("outlook_invite.ics")[0], now=NOW)
    cancelled, created = merge(company, fixture("outlook_cancel.ics")[0], now=NOW)
    assert not created
    assert cancelled.status is RoundStatus.CANCELLED
    assert cancelled.sequence == 1
    assert cancelled.where == TEAMS  # "Microsoft Teams Meeting" does not replace the link


def test_own_export_round_trips_onto_the_same_round() -> None:
    round_ = Round(
        id="r-own", kind="coding", start=datetime(2026, 12, 1, 15, 0), timezone="Europe/Berlin"
    )
    company = Company(name="Acme", rounds=[round_])
    data = export_calendar({"acme": company}, kinds=KINDS, reminder_minutes=15)
    [invite] = read_invites(data)
    invite.start = datetime(2026, 12, 2, 15, 0)  # as if moved in the calendar app
    merged, created = merge(company, invite, now=NOW, kinds=KINDS)
    assert not created and merged.id == "r-own"
    assert merged.title == ""  # "Acme — Coding" is just the label
    assert merged.start == datetime(2026, 12, 2, 15, 0) and merged.sequence == 1
