"""Invites as real senders produce them (issue 12), and bounded cost and versions (11.5, 11.7).

Each test names the finding it proves. The fixtures in tests/data/ics and tests/data/mail
are written by hand in the shapes Google, Outlook/Exchange, Apple, Zimbra and Zoom send.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from roundplanner.calendar import (
    CalendarError,
    InvitedRound,
    KindDefaults,
    company_from_invite,
    export_calendar,
    invite_domain,
    merge_invite,
    read_calendar,
    read_import,
    read_invites,
)
from roundplanner.calendar.rules import MAX_RULE_STEPS, parse_rule, rule_steps
from roundplanner.model import Company, Round, RoundStatus, Topic

ICS = Path(__file__).parent / "data" / "ics"
MAIL = Path(__file__).parent / "data" / "mail"
ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
KINDS = {
    "technical": "Technical interview",
    "coding": "Coding",
    "system_design": "System design",
    "hiring_manager": "Hiring manager",
    "onsite": "Onsite",
    "recruiter_screen": "Recruiter screen",
}
DEFAULTS = {
    "technical": KindDefaults(50, ("Data structures", "Complexity")),
    "hiring_manager": KindDefaults(45, ("Why this company",)),
    "onsite": KindDefaults(240, ("Stories",)),
}
UTC_Z = "%Y%m%dT%H%M%SZ"


def read(name: str, now: datetime | None = NOW) -> list[InvitedRound]:
    return read_invites((ICS / name).read_bytes(), name, now=now)


def calendar(*blocks: str) -> bytes:
    """A calendar around VEVENT/VTIMEZONE blocks written with plain newlines."""
    body = "".join(textwrap.dedent(block).strip() + "\n" for block in blocks)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


def event(uid: str = "u@x", *lines: str, stamp: str = "20261101T000000Z") -> str:
    return "\n".join(["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}", *lines, "END:VEVENT"])


# --------------------------------------------------------------------------- 12.1 series


def test_12_1_the_round_is_the_next_occurrence_not_a_cancelled_override() -> None:
    """A Google series with an EXDATE, a cancelled and a moved occurrence: the round is the
    next occurrence the user will attend, not the cancelled one taken as the series."""
    [invite] = read("google_series_overrides.ics")
    assert (invite.start, invite.timezone) == (datetime(2026, 12, 1, 15, 0), "America/New_York")
    assert not invite.cancelled
    assert invite.title == "Bluefin Analytics <> Alex: Pair Programming (moved)"
    assert invite.sequence == 2  # the newest part of the file
    # The moved occurrence names only its new time: the panel and notes are the series'.
    assert [person.name for person in invite.interviewers] == ["Noor Haddad"]
    assert invite.description == "Weekly pairing block while we run the loop."


def test_12_1_without_a_clock_the_round_is_the_first_occurrence_not_excluded() -> None:
    [invite] = read("google_series_overrides.ics", now=None)
    assert invite.start == datetime(2026, 11, 10, 10, 0)  # 3 Nov is an EXDATE


def test_12_1_an_exdate_on_the_first_occurrence_moves_the_round() -> None:
    data = calendar(
        event(
            "series@x",
            "DTSTART;TZID=Europe/Paris:20261103T100000",
            "DURATION:PT45M",
            "RRULE:FREQ=WEEKLY;COUNT=3",
            "EXDATE;TZID=Europe/Paris:20261103T100000",
            "SUMMARY:Coding",
        )
    )
    [invite] = read_invites(data)
    assert (invite.start, invite.timezone) == (datetime(2026, 11, 10, 10, 0), "Europe/Paris")


def test_12_1_a_series_that_is_over_is_its_last_occurrence() -> None:
    data = calendar(
        event("past@x", "DTSTART:20260105T170000Z", "DURATION:PT30M", "RRULE:FREQ=DAILY;COUNT=5")
    )
    [invite] = read_invites(data, now=NOW)
    assert invite.start == datetime(2026, 1, 9, 17, 0)


def test_12_1_a_series_with_every_occurrence_cancelled_is_a_cancelled_round() -> None:
    data = calendar(
        event("gone@x", "DTSTART:20261201T170000Z", "DURATION:PT30M", "RRULE:FREQ=DAILY;COUNT=2"),
        event("gone@x", "RECURRENCE-ID:20261201T170000Z", "DTSTART:20261201T170000Z",
              "DURATION:PT30M", "STATUS:CANCELLED", "SEQUENCE:1"),
        event("gone@x", "RECURRENCE-ID:20261202T170000Z", "DTSTART:20261202T170000Z",
              "DURATION:PT30M", "STATUS:CANCELLED", "SEQUENCE:1"),
    )  # fmt: skip
    [invite] = read_invites(data, now=NOW)
    assert invite.cancelled and invite.start == datetime(2026, 12, 2, 17, 0)


def _single_occurrence(original: str, start: str) -> bytes:
    """A CANCEL of one occurrence of the Bluefin series, sent without the series."""
    return calendar(
        "METHOD:CANCEL",
        event(
            "7q2kd0v9m3s1f8h4c6b2n5x0pl@google.com",
            f"RECURRENCE-ID;TZID=America/New_York:{original}",
            f"DTSTART;TZID=America/New_York:{start}",
            "DURATION:PT45M",
            "STATUS:CANCELLED",
            "SEQUENCE:3",
        ),
    )


def test_12_1_a_cancelled_occurrence_sent_alone_cancels_only_that_occurrence() -> None:
    company = Company(name="Bluefin Analytics")
    [series] = read("google_series_overrides.ics")  # the round: 1 Dec, moved to 15:00
    merge_invite(company, series, now=NOW)
    other = read_invites(_single_occurrence("20261208T100000", "20261208T100000"))[0]
    merged = merge_invite(company, other, now=NOW)
    assert merged.action == "ignored"
    assert "changes another occurrence of the series (2026-12-08 15:00 UTC)" in merged.note
    assert company.rounds[0].status is RoundStatus.SCHEDULED
    this = read_invites(_single_occurrence("20261201T100000", "20261201T150000"))[0]
    assert merge_invite(company, this, now=NOW).action == "updated"
    assert company.rounds[0].status is RoundStatus.CANCELLED


# --------------------------------------------------------------------------- 12.2 tolerance


def test_12_2_a_zero_length_event_imports_with_its_kinds_length() -> None:
    [invite] = read("zero_length_odd_alarm.ics")
    assert invite.duration_minutes == 0
    company = Company(name="Tidewater")
    merged = merge_invite(company, invite, now=NOW, kinds=KINDS, defaults=DEFAULTS)
    assert merged.round.duration_minutes == 50  # the kind's default length


def test_12_2_an_odd_alarm_does_not_fail_the_file() -> None:
    """`TRIGGER:PT-2H` (sign inside the duration) and an absolute trigger in 1976."""
    [invite] = read("zero_length_odd_alarm.ics")
    assert invite.start == datetime(2026, 12, 4, 17, 0)


def test_12_2_exchange_2010_empty_tzid_uses_the_files_only_zone() -> None:
    [invite] = read("exchange2010_empty_tzid.ics")
    assert invite.starts_at == datetime(2026, 12, 8, 13, 0, tzinfo=UTC)
    assert invite.timezone == "Europe/Berlin"  # the first CLDR zone with these rules


def test_12_2_text_after_end_vcalendar_is_ignored_with_a_warning() -> None:
    data = calendar(event("u@x", "DTSTART:20261203T100000Z")) + b"--\r\nSent from my phone\r\n"
    found = read_calendar(data, "invite.ics")
    assert [invite.uid for invite in found.invites] == ["u@x"]
    assert found.warnings == ["invite.ics: line 10: text after END:VCALENDAR ignored"]


def test_12_2_one_unusable_event_is_skipped_and_the_rest_imported() -> None:
    data = calendar(
        event("long@x", "DTSTART:20261203T100000Z", "DURATION:P2D", "SUMMARY:Offsite"),
        event("ok@x", "DTSTART:20261204T100000Z", "SUMMARY:Coding"),
        event("nostart@x", "SUMMARY:When?"),
        "BEGIN:VEVENT\nDTSTART:20261205T100000Z\nEND:VEVENT",
        event("day@x", "DTSTART;VALUE=DATE:20261206"),
    )
    found = read_calendar(data, "invite.ics")
    assert [invite.uid for invite in found.invites] == ["ok@x"]
    assert found.warnings == [
        "invite.ics: line 8: DURATION: the event lasts 48 hours; not an interview; event skipped",
        "invite.ics: line 17: VEVENT has no DTSTART; event skipped",
        "invite.ics: line 22: VEVENT has no UID, so it could never be updated; event skipped",
        "invite.ics: line 25: all-day event skipped (not a round)",
    ]


def test_12_2_a_file_with_nothing_usable_says_why_in_one_line() -> None:
    data = calendar(event("long@x", "DTSTART:20261203T100000Z", "DURATION:P2D"))
    with pytest.raises(CalendarError) as raised:
        read_invites(data, "invite.ics")
    assert str(raised.value) == (
        "invite.ics: nothing to import: line 8: DURATION: the event lasts 48 hours; "
        "not an interview"
    )


@pytest.mark.parametrize(
    ("start", "extra", "year"),
    [
        ("DTSTART;TZID=Customized Time Zone:00010101T000000", "", 1),
        ("DTSTART;TZID=Customized Time Zone:99991231T230000", "RRULE:FREQ=YEARLY", 9999),
        ("DTSTART:99991231T235959Z", "RRULE:FREQ=YEARLY", 9999),
        ("DTSTART:20261203T100000Z", "DTEND:99991231T235959Z", 9999),
    ],
)
def test_a_time_far_outside_any_interview_is_skipped_in_one_line(
    start: str, extra: str, year: int
) -> None:
    """Year 1 or 9999 overflowed on the way to UTC (a traceback); now the event says why."""
    data = calendar(
        CUSTOM.format(offset="-0500"),
        event("far@x", start, *([extra] if extra else [])),
        event("ok@x", "DTSTART:20261204T100000Z"),
    )
    found = read_calendar(data, "invite.ics", now=NOW)
    assert [invite.uid for invite in found.invites] == ["ok@x"]
    [warning] = found.warnings
    assert f"year {year} is outside 1900–2199; not an interview; event skipped" in warning


# --------------------------------------------------------------------------- 12.3 zones


def test_12_3_the_files_vtimezone_beats_the_name_it_gives() -> None:
    """TZID America/New_York, but the file's VTIMEZONE says +05:00: the sender saw 11:00
    at +05:00, so that is the instant; the zone is a fixed offset the user can see."""
    [invite] = read("mislabelled_zone.ics")
    assert invite.starts_at == datetime(2026, 12, 7, 6, 0, tzinfo=UTC)
    assert (invite.start, invite.timezone) == (datetime(2026, 12, 7, 11, 0), "Etc/GMT-5")


def test_12_3_outlook_display_name_keeps_its_place() -> None:
    [invite] = read("outlook_sydney.ics")
    assert invite.starts_at == datetime(2026, 12, 9, 22, 30, tzinfo=UTC)
    assert invite.timezone in ("Australia/Canberra", "Australia/Melbourne", "Australia/Sydney")


def test_12_3_a_named_zone_that_agrees_with_its_vtimezone_is_kept() -> None:
    [invite] = read("google_series_overrides.ics")
    assert invite.timezone == "America/New_York"


CUSTOM = """\
BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:{offset}
TZOFFSETTO:{offset}
END:STANDARD
END:VTIMEZONE"""


def test_12_3_each_file_uses_its_own_definition_of_a_shared_zone_name() -> None:
    """icalendar caches a custom TZID for the whole process; the second file must still
    be read with its own rules (the TUI imports many files in one process)."""
    when = "DTSTART;TZID=Customized Time Zone:20261203T100000"
    first = calendar(CUSTOM.format(offset="+0300"), event("a@x", when))
    second = calendar(CUSTOM.format(offset="-0700"), event("b@x", when))
    assert read_invites(first)[0].starts_at == datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
    assert read_invites(second)[0].starts_at == datetime(2026, 12, 3, 17, 0, tzinfo=UTC)


# --------------------------------------------------------------------------- 12.4 / 11.7


def _invite(sequence: int, start: datetime, *, cancelled: bool = False, stamp: str = "") -> bytes:
    status = "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED"
    head = "METHOD:CANCEL" if cancelled else "METHOD:REQUEST"
    return calendar(
        head,
        event(
            "loop-1@acme.com",
            f"SEQUENCE:{sequence}",
            f"DTSTART:{start.strftime(UTC_Z)}",
            "DURATION:PT1H",
            "SUMMARY:System design",
            status,
            stamp=stamp or "20261101T000000Z",
        ),
    )


def test_11_7_an_older_sequence_does_not_move_the_round_back() -> None:
    company = Company(name="Acme")
    first = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
    merge_invite(company, read_invites(_invite(2, first))[0], now=NOW)
    older = read_invites(_invite(1, first - timedelta(days=1)))[0]
    merged = merge_invite(company, older, now=NOW)
    assert merged.action == "ignored"
    assert "older version of the invite (SEQUENCE 1, already have 2)" in merged.note
    assert company.rounds[0].start == datetime(2026, 12, 3, 17, 0)


def test_11_7_a_cancel_at_sequence_5_is_not_undone_by_sequence_4() -> None:
    company = Company(name="Acme")
    when = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
    merge_invite(company, read_invites(_invite(3, when))[0], now=NOW)
    merge_invite(company, read_invites(_invite(5, when, cancelled=True))[0], now=NOW)
    assert company.rounds[0].status is RoundStatus.CANCELLED
    merged = merge_invite(company, read_invites(_invite(4, when + timedelta(hours=2)))[0])
    assert merged.action == "ignored"
    assert company.rounds[0].status is RoundStatus.CANCELLED
    assert company.rounds[0].start == datetime(2026, 12, 3, 17, 0)
    assert company.rounds[0].imported_sequence == 5


def test_11_7_same_sequence_orders_by_dtstamp() -> None:
    company = Company(name="Acme")
    when = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
    newer = _invite(1, when, stamp="20261120T120000Z")
    older = _invite(1, when + timedelta(hours=3), stamp="20261119T120000Z")
    merge_invite(company, read_invites(newer)[0], now=NOW)
    assert merge_invite(company, read_invites(older)[0], now=NOW).action == "ignored"
    assert company.rounds[0].imported_stamp == datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def test_11_7_within_one_file_the_newest_copy_wins_whatever_the_order() -> None:
    old = event("u@x", "SEQUENCE:1", "DTSTART:20261203T120000Z")
    new = event("u@x", "SEQUENCE:2", "DTSTART:20261203T100000Z")
    for order in ((old, new), (new, old)):
        [invite] = read_invites(calendar(*order))
        assert invite.start == datetime(2026, 12, 3, 10, 0)


# --------------------------------------------------------------------------- 12.5 duplicates


def test_12_5_an_invite_fills_the_untimed_round_of_its_kind() -> None:
    planned = Round(
        id="r-hm",
        kind="hiring_manager",
        start=None,
        topics=[Topic(title="My own topic")],
        prep_notes="Ask about the roadmap",
    )
    company = Company(name="Nordlicht Systems", rounds=[planned])
    [invite] = read("exchange2010_empty_tzid.ics")  # "Hiring Manager Interview"
    merged = merge_invite(company, invite, now=NOW, kinds=KINDS, defaults=DEFAULTS)
    assert merged.action == "filled"
    assert [r.id for r in company.rounds] == ["r-hm"]
    filled = company.rounds[0]
    assert filled.starts_at == datetime(2026, 12, 8, 13, 0, tzinfo=UTC)
    assert filled.imported_uid == invite.uid
    assert [t.title for t in filled.topics] == ["My own topic"]
    assert filled.prep_notes == "Ask about the roadmap"
    assert [p.name for p in filled.interviewers] == ["Felix Braun"]


def test_12_5_every_imported_round_gets_its_kinds_checklist() -> None:
    company = Company(name="Tidewater")
    [invite] = read("zero_length_odd_alarm.ics")
    merged = merge_invite(company, invite, now=NOW, kinds=KINDS, defaults=DEFAULTS)
    assert merged.action == "added"
    assert [t.title for t in merged.round.topics] == ["Data structures", "Complexity"]


# --------------------------------------------------------------------------- 12.6 noise


@pytest.mark.parametrize(
    ("name", "link", "kept", "noise"),
    [
        (
            "google_invite.ics",
            "https://meet.google.com/xkq-hvdn-rzp",
            "Looking forward to the system design interview",
            ["-::~:~::~", "Please do not edit", "Join with Google Meet", "Or dial"],
        ),
        (
            "zoom_body.ics",
            "https://quillpay.zoom.us/j/86123456789?pwd=UXZkWlR5a2N0",
            "Please bring questions about our ledger.",
            ["Join Zoom Meeting", "Meeting ID", "One tap mobile", "Passcode", "+1 312"],
        ),
        (
            "outlook_sydney.ics",
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZmE3Y2QxYjQtOWI0%40thread"
            ".v2/0?context=%7b%22Tid%22%3a%22a1b2%22%7d",
            "Final round with the platform team.",
            ["Microsoft Teams meeting", "____", "Meeting ID", "Download Teams"],
        ),
    ],
)
def test_12_6_meeting_tool_boilerplate_stays_out_of_prep_notes(
    name: str, link: str, kept: str, noise: list[str]
) -> None:
    [invite] = read(name)
    assert invite.where == link  # the join link is the round's place
    assert kept in invite.description
    for text in noise:
        assert text not in invite.description


def test_12_6_a_cancellation_does_not_keep_its_prefix_as_title() -> None:
    data = calendar(
        "METHOD:CANCEL",
        event("u@x", "DTSTART:20261203T100000Z", "SUMMARY:Canceled event: Onsite", "SEQUENCE:3"),
    )
    [invite] = read_invites(data)
    assert invite.cancelled and invite.title == "Onsite"


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Technical Phone Screen", "technical"),
        ("Hiring Manager Interview", "hiring_manager"),
        ("Alex: Pair Programming", "coding"),
        ("Intro call with the recruiting team", "recruiter_screen"),
        ("Final round (virtual onsite)", "onsite"),
    ],
)
def test_12_6_the_kind_is_inferred_from_the_words_invites_use(title: str, kind: str) -> None:
    invite = InvitedRound("u@x", title, datetime(2026, 12, 3, 10), "UTC", 60, "")
    assert merge_invite(Company(name="Acme"), invite, kinds=KINDS).round.kind == kind


def test_12_6_the_company_is_not_repeated_in_the_rounds_title() -> None:
    [invite] = read("google_series_overrides.ics")
    merged = merge_invite(Company(name="Bluefin Analytics"), invite, now=NOW, kinds=KINDS)
    assert merged.round.title == "Alex: Pair Programming (moved)"


# --------------------------------------------------------------------------- 12.7 company


def test_12_7_a_company_is_made_from_the_organizers_domain() -> None:
    [invite] = read("google_series_overrides.ics")
    assert invite_domain(invite) == "bluefin-analytics.com"
    company = company_from_invite(invite, NOW)
    assert (company.name, company.domain) == ("Bluefin Analytics", "bluefin-analytics.com")
    [contact] = company.contacts
    assert (contact.name, contact.role, contact.email) == (
        "Jordan Blake",
        "Recruiter",
        "jordan.blake@bluefin-analytics.com",
    )


@pytest.mark.parametrize(
    "organizer",
    [
        "someone@gmail.com",
        "no-reply@calendly.com",
        "scheduler@goodtime.io",
        "interviews@greenhouse.io",
        "no-reply@us.greenhouse-mail.io",
        "noreply@hire.lever.co",
        "x@ashbyhq.com",
        "no-reply@zoom.us",
        "",
    ],
)
def test_12_7_a_generic_sender_never_names_a_company(organizer: str) -> None:
    invite = InvitedRound(
        "u", "Interview", datetime(2026, 12, 3, 10), "UTC", 60, "", organizer_email=organizer
    )
    assert invite_domain(invite) == ""


# --------------------------------------------------------------------------- email


def test_a_gmail_message_gives_its_invite_once() -> None:
    """Gmail sends the invite inline (text/calendar) and again as invite.ics."""
    found = read_import((MAIL / "gmail_invite.eml").read_bytes(), "gmail_invite.eml", now=NOW)
    [invite] = found.invites
    assert invite.uid == "7q2kd0v9m3s1f8h4c6b2n5x0pl@google.com"
    assert invite.start == datetime(2026, 12, 1, 15, 0)


def test_an_outlook_message_with_a_base64_calendar() -> None:
    data = (MAIL / "outlook_invite.eml").read_bytes()
    assert b"BEGIN:VCALENDAR" not in data  # only in the base64 part
    [invite] = read_import(data, "outlook_invite.eml", now=NOW).invites
    assert invite.starts_at == datetime(2026, 12, 9, 22, 30, tzinfo=UTC)


def test_an_mbox_gives_every_invite_in_it() -> None:
    found = read_import((MAIL / "invites.mbox").read_bytes(), "invites.mbox", now=NOW)
    assert sorted(invite.title for invite in found.invites) == [
        "Koala Freight - Onsite (virtual)",
        "Quillpay | System Design Interview",
    ]


def test_mail_is_told_by_its_content_not_its_name() -> None:
    data = (MAIL / "outlook_invite.eml").read_bytes()
    assert len(read_import(data, "saved.txt", now=NOW).invites) == 1


def test_an_email_without_an_invite_is_one_line() -> None:
    data = b"From: a@b.com\r\nTo: c@d.com\r\nSubject: hi\r\n\r\nNo invite here.\r\n"
    with pytest.raises(CalendarError, match=r"^mail.eml: an email with no calendar invite"):
        read_import(data, "mail.eml")


# --------------------------------------------------------------------------- 11.5 bounded


def _read_in_child(data: bytes, seconds: float = 30) -> str:
    """Read `data` in a child process that must finish within `seconds` (a runaway
    expansion fails the test instead of hanging the suite)."""
    code = (
        "import sys\n"
        "from roundplanner.calendar import read_calendar, CalendarError\n"
        "try:\n"
        "    found = read_calendar(sys.stdin.buffer.read(), 'invite.ics')\n"
        "    print(len(found.invites)); print('\\n'.join(found.warnings))\n"
        "except CalendarError as error:\n"
        "    print('error:', error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=data,
        capture_output=True,
        timeout=seconds,
        check=True,
        cwd=ROOT,
    )
    return result.stdout.decode()


MINUTELY_ZONE = """\
BEGIN:VTIMEZONE
TZID:Evil
BEGIN:STANDARD
DTSTART:19000101T000000
RRULE:FREQ=MINUTELY
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19000101T000030
RRULE:FREQ=MINUTELY
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
END:DAYLIGHT
END:VTIMEZONE"""


def test_11_5_a_minutely_vtimezone_is_refused_at_once() -> None:
    data = calendar(MINUTELY_ZONE, event("evil@x", "DTSTART;TZID=Evil:20261203T100000"))
    assert len(data) < 600
    out = _read_in_child(data)
    assert "time zone 'Evil' ignored: repeats minutely from 1900" in out


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MINUTELY",
        "FREQ=SECONDLY;COUNT=100000000",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",  # never matches: dateutil walks to 9999
        # 1440 times a day: the day set is built once, each day has every time.
        "FREQ=DAILY;BYHOUR="
        + ",".join(map(str, range(24)))
        + ";BYMINUTE="
        + ",".join(map(str, range(60))),
    ],
)
def test_11_5_an_event_rule_too_costly_to_expand_is_skipped_at_once(rule: str) -> None:
    good = event("ok@x", "DTSTART:20261204T100000Z")
    data = calendar(event("evil@x", "DTSTART:19000101T000000Z", f"RRULE:{rule}"), good)
    out = _read_in_child(data)
    assert out.startswith("1\n")
    assert "line 8: RRULE: repeats" in out and "event skipped" in out


def test_11_5_rule_cost_estimates() -> None:
    weekly = parse_rule("FREQ=WEEKLY;BYDAY=TU")
    assert rule_steps(weekly, 2026, 2029) == 53 * 4 * 7  # a 7-day set each week
    google_zone = parse_rule("FREQ=YEARLY;BYMONTH=3;BYDAY=2SU")
    assert rule_steps(google_zone, 1970, 2038) < MAX_RULE_STEPS
    outlook_zone = parse_rule("FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10")
    assert rule_steps(outlook_zone, 1601, 2199) < MAX_RULE_STEPS
    monthly = parse_rule("FREQ=MONTHLY;BYDAY=2TU")  # "the second Tuesday": allowed
    assert rule_steps(monthly, 2026, 2029) < MAX_RULE_STEPS


def test_our_own_prep_events_never_come_back_as_rounds() -> None:
    round_ = Round(
        id="r-1", kind="coding", start=datetime(2026, 12, 3, 10), imported_uid="x@google.com"
    )
    data = export_calendar(
        {"acme": Company(name="Acme", rounds=[round_])}, kinds=KINDS, reminder_minutes=15
    )
    with pytest.raises(CalendarError, match="a prep event of roundplanner's own export"):
        read_invites(data)


def test_11_5_a_series_with_too_many_extra_dates_is_skipped() -> None:
    dates = ",".join(f"2027{m:02d}{d:02d}T100000Z" for m in range(1, 13) for d in range(1, 29))
    data = calendar(
        event("many@x", "DTSTART:20261203T100000Z", *[f"RDATE:{dates}"] * 4),
        event("ok@x", "DTSTART:20261204T100000Z"),
    )
    found = read_calendar(data, "invite.ics")
    assert [invite.uid for invite in found.invites] == ["ok@x"]
    assert found.warnings == [
        "invite.ics: line 8: RDATE: 1,344 extra dates, more than the 1,000 allowed; event skipped"
    ]
