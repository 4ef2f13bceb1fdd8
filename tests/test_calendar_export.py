"""Export of rounds to `.ics`: lint, determinism, UIDs and SEQUENCE, zones, parsers, round trip,
and our content-line writer against icalendar's own serialiser (the same bytes).

The golden file pins the exact bytes. After an intended change to the export, regenerate
it and review the diff:

    ROUNDPLANNER_UPDATE_GOLDEN=1 python3 -m pytest tests/test_calendar_export.py -k golden
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import ics
import pytest
import vobject
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from ics_lint import lint_ics  # tests/ is on sys.path (rootdir-less test modules)

from roundplanner.calendar import (
    PRODID,
    InvitedRound,
    export_calendar,
    merge_invite,
    read_invites,
    round_uid,
    vtimezone,
)
from roundplanner.calendar.export import build_calendar
from roundplanner.calendar.writer import Component, Text, Uri, fold
from roundplanner.model import (
    Company,
    Interviewer,
    Offer,
    OfferStatus,
    Round,
    RoundRef,
    RoundStatus,
    Topic,
)
from roundplanner.sanitize import UNSAFE_CHARS

GOLDEN = Path(__file__).parent / "data" / "golden" / "calendar.ics"
KINDS = {
    "recruiter_screen": "Recruiter screen",
    "system_design": "System design",
    "coding": "Coding",
    "behavioral": "Behavioral",
    "other": "Other",
}
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
MEET = "https://meet.google.com/abc-defg-hij"


def workspace() -> dict[str, Company]:
    """Two companies covering every case the export has to get right."""
    acme = Company(
        name="Acme",
        domain="acme.com",
        rounds=[
            Round(
                id="r-acme1",
                kind="system_design",
                start=datetime(2026, 12, 3, 10, 0),
                timezone="America/Los_Angeles",
                duration_minutes=60,
                where=MEET,
                interviewers=[
                    Interviewer(name="Priya Natarajan", role="Staff Engineer, Payments"),
                    Interviewer(name="Marco Rossi"),
                ],
                topics=[Topic(title="Caching", done=True), Topic(title="Sharding; replicas")],
                questions=["How is on-call shared?", "What does a good first 90 days look like?"],
            ),
            Round(
                id="r-acme2",
                kind="coding",
                start=datetime(2026, 3, 8, 10, 0),  # the day clocks spring forward in LA
                timezone="America/Los_Angeles",
                duration_minutes=45,
                where="Acme HQ, 1 Infinite Loop; Building 4\nRoom \\ 2",
                status=RoundStatus.TENTATIVE,
            ),
            Round(
                id="r-acme3",
                kind="behavioral",
                start=datetime(2026, 11, 1, 0, 30),  # ends in the repeated hour of fall-back
                timezone="America/Los_Angeles",
                duration_minutes=90,
                status=RoundStatus.CANCELLED,
            ),
            Round(id="r-acme4", kind="other", title="Team lunch"),  # no start: not exported
        ],
        offer=Offer(base=180_000, equity=200_000, deadline=date(2026, 12, 18)),
    )
    globex = Company(
        name="Globex, GmbH",
        rounds=[
            Round(
                id="r-globex1",
                kind="recruiter_screen",
                title="Intro call — Ünïcödé, commas; semicolons",
                start=datetime(2026, 10, 25, 9, 0),  # Berlin falls back that day
                timezone="Europe/Berlin",
                duration_minutes=30,
                where="https://globex.zoom.us/j/123456789?pwd=abc",
                status=RoundStatus.DONE,
            ),
            Round(
                id="r-globex2",
                kind="coding",
                start=datetime(2026, 12, 3, 9, 0),
                timezone="Asia/Kolkata",
                duration_minutes=60,
            ),
            Round(
                id="r-globex3",
                kind="other",
                start=datetime(2026, 12, 3, 18, 0),
                timezone="UTC",
                duration_minutes=30,
            ),
        ],
        offer=Offer(base=1, deadline=date(2026, 12, 1), status=OfferStatus.DECLINED),
    )
    return {"acme": acme, "globex": globex}


def export(companies: dict[str, Company] | None = None, **options: Any) -> bytes:
    settings_: dict[str, Any] = {"kinds": KINDS, "reminder_minutes": 30}
    settings_.update(options)
    return export_calendar(companies if companies is not None else workspace(), **settings_)


def events_of(data: bytes) -> dict[str, Any]:
    """Events by UID (typed Any: icalendar's property union is too wide to be useful here)."""
    calendar: Any = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def expected_instants(companies: dict[str, Company]) -> dict[str, tuple[datetime, datetime]]:
    found = {}
    for company in companies.values():
        for round_ in company.rounds:
            if round_.starts_at is not None and round_.ends_at is not None:
                found[round_uid(round_)] = (round_.starts_at, round_.ends_at)
    return found


def merge(company: Company, invite: InvitedRound, **options: Any) -> tuple[Round, bool]:
    """`merge_invite`, as (the round now in the company, whether it is new)."""
    merged = merge_invite(company, invite, **options)
    return merged.round, merged.created


# --------------------------------------------------------------------------- lint


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"reminder_minutes": 0},
        {"include_offers": False},
        {"name": "Job hunt, 2026; Q4 \\ Ünïcödé " + "x" * 80},
        {"select": lambda ref: ref.slug == "globex"},
    ],
    ids=["default", "no-reminder", "no-offers", "long-name", "one-company"],
)
def test_every_export_passes_the_lint(options: dict[str, Any]) -> None:
    assert lint_ics(export(**options)) == []


def test_empty_workspace_exports_a_valid_empty_calendar() -> None:
    data = export({})
    assert lint_ics(data) == []
    assert b"BEGIN:VEVENT" not in data


def test_lint_catches_what_it_is_for() -> None:
    """The lint is only worth something if it fails on the mistakes it names."""
    good = export()
    assert lint_ics(good.replace(b"\r\n", b"\n"))
    floating = re.sub(rb"DTSTART;TZID=[^:]+:", b"DTSTART:", good, count=1)
    assert any("floating" in problem for problem in lint_ics(floating))
    no_zone = good.replace(b"TZID:Asia/Kolkata", b"TZID:Asia/Elsewhere")
    assert any("has no VTIMEZONE" in problem for problem in lint_ics(no_zone))
    no_text = good.replace(b"DESCRIPTION:Acme \xe2\x80\x94 System design starts", b"X-A:")
    assert any("DISPLAY VALARM without DESCRIPTION" in p for p in lint_ics(no_text))
    long_line = good.replace(b"NAME:roundplanner", b"NAME:" + b"r" * 80)
    assert any("octets" in problem for problem in lint_ics(long_line))
    no_stamp = re.sub(rb"DTSTAMP:[0-9TZ]+\r\n", b"", good, count=1)
    assert any("DTSTAMP" in problem for problem in lint_ics(no_stamp))


# --------------------------------------------------------------------------- determinism, UIDs


def test_same_state_exports_to_the_same_bytes() -> None:
    first = export()
    reloaded = {
        slug: Company.model_validate(company.model_dump(by_alias=True))
        for slug, company in workspace().items()
    }
    assert export(reloaded) == first
    assert export() == first


def test_order_of_companies_and_rounds_does_not_change_the_bytes() -> None:
    shuffled = workspace()
    for company in shuffled.values():
        company.rounds = list(reversed(company.rounds))
    assert export(dict(reversed(list(shuffled.items())))) == export()


def test_uids_derive_from_round_ids_and_stay_put() -> None:
    events = events_of(export())
    assert set(events) == {
        "r-acme1@roundplanner",
        "r-acme2@roundplanner",
        "r-acme3@roundplanner",
        "r-globex1@roundplanner",
        "r-globex2@roundplanner",
        "r-globex3@roundplanner",
        "offer-acme@roundplanner",
    }
    moved = workspace()
    moved["acme"].rounds[0].start = datetime(2026, 12, 4, 11, 0)
    assert set(events_of(export(moved))) == set(events)


def test_round_ids_repeated_across_companies_still_get_distinct_uids() -> None:
    companies = workspace()
    companies["globex"].rounds[1].id = "r-acme1"  # hand-edited files may do this
    uids = list(events_of(export(companies)))
    assert "r-acme1@roundplanner" in uids and "r-acme1.globex@roundplanner" in uids
    assert len(uids) == len(set(uids))


def test_a_round_from_an_invite_is_exported_as_its_prep_not_a_second_interview() -> None:
    """Issue 12.5: the user's calendar already holds the recruiter's event for the round;
    our export must not add the interview again, but keeps the checklist reachable."""
    companies = workspace()
    round_ = companies["acme"].rounds[0]
    round_.imported_uid = "5m1n0q3ke7cbq6bf9fhtv0nq2c@google.com"
    events = events_of(export(companies))
    assert "r-acme1@roundplanner" not in events
    prep = events["r-acme1.prep@roundplanner"]
    assert round_.starts_at is not None
    assert prep.end == round_.starts_at  # it ends when the interview starts
    assert prep.start == round_.starts_at - timedelta(minutes=30)
    assert str(prep["TRANSP"]) == "TRANSPARENT"
    assert str(prep["SUMMARY"]).startswith("Prep: Acme — ")
    description = str(prep["DESCRIPTION"])
    assert "[x] Caching" in description and "Round r-acme1 in roundplanner." in description
    # Importing our own export back never turns the prep event into a round.
    fresh = Company(name="Acme")
    for invite in read_invites(export(companies)):
        merge_invite(fresh, invite, now=NOW, kinds=KINDS)
    assert all(r.title != str(prep["SUMMARY"]) for r in fresh.rounds)
    assert not any(r.start == round_.start and r.timezone == round_.timezone for r in fresh.rounds)


def test_the_summary_never_repeats_the_company() -> None:
    """Issue 12.6: 'Bluefin Analytics — Bluefin Analytics <> Alex…' no more."""
    round_ = Round(
        id="r-blue",
        title="Bluefin Analytics <> Alex: Pair Programming",
        start=datetime(2026, 12, 1, 15, 0),
        timezone="America/New_York",
    )
    company = Company(name="Bluefin Analytics", rounds=[round_])
    [event] = events_of(export({"bluefin": company})).values()
    assert str(event["SUMMARY"]) == "Bluefin Analytics <> Alex: Pair Programming"


def test_events_sorted_by_start_then_uid_and_zones_by_name() -> None:
    calendar: Any = icalendar.Calendar.from_ical(export())
    keys = []
    for event in calendar.walk("VEVENT"):
        start = event.start
        if not isinstance(start, datetime):
            start = datetime(start.year, start.month, start.day, tzinfo=UTC)
        keys.append((start.astimezone(UTC), str(event["UID"])))
    assert keys == sorted(keys)
    zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["America/Los_Angeles", "Asia/Kolkata", "Europe/Berlin"]


# --------------------------------------------------------------------------- SEQUENCE, DTSTAMP


def test_sequence_rises_and_dtstamp_follows_after_moving_a_round() -> None:
    companies = workspace()
    round_ = companies["acme"].rounds[0]
    before_export = events_of(export(companies))["r-acme1@roundplanner"]
    assert int(before_export["SEQUENCE"]) == 0
    assert before_export["DTSTAMP"].dt == datetime(2026, 12, 3, 18, 0, tzinfo=UTC)

    before = round_.model_copy(deep=True)
    round_.start = datetime(2026, 12, 4, 14, 0)
    round_.touch(before, NOW)
    after = events_of(export(companies))["r-acme1@roundplanner"]
    assert int(after["SEQUENCE"]) == 1
    assert after["DTSTAMP"].dt == NOW
    assert after["LAST-MODIFIED"].dt == NOW
    assert after.start == datetime(2026, 12, 4, 14, 0, tzinfo=ZoneInfo("America/Los_Angeles"))


def test_sequence_stays_when_only_the_checklist_changes() -> None:
    companies = workspace()
    round_ = companies["acme"].rounds[0]
    before = round_.model_copy(deep=True)
    round_.topics[1].done = True
    round_.touch(before, NOW)
    event = events_of(export(companies))["r-acme1@roundplanner"]
    assert int(event["SEQUENCE"]) == 0
    assert "[x] Sharding; replicas" in str(event["DESCRIPTION"])


# --------------------------------------------------------------------------- statuses


def test_cancelled_round_keeps_its_uid_and_says_so() -> None:
    companies = workspace()
    round_ = companies["acme"].rounds[0]
    before = round_.model_copy(deep=True)
    round_.status = RoundStatus.CANCELLED
    round_.touch(before, NOW)
    event = events_of(export(companies))["r-acme1@roundplanner"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Acme — System design"
    assert int(event["SEQUENCE"]) == 1
    assert not event.walk("VALARM")


def test_tentative_and_confirmed_statuses() -> None:
    events = events_of(export())
    assert str(events["r-acme2@roundplanner"]["STATUS"]) == "TENTATIVE"
    assert str(events["r-acme1@roundplanner"]["STATUS"]) == "CONFIRMED"
    assert str(events["r-globex1@roundplanner"]["STATUS"]) == "CONFIRMED"  # done


# --------------------------------------------------------------------------- contents


def test_summary_description_and_video_link() -> None:
    event = events_of(export())["r-acme1@roundplanner"]
    assert str(event["SUMMARY"]) == "Acme — System design"
    assert str(event["URL"]) == MEET
    assert str(event["LOCATION"]) == MEET
    conference = event["CONFERENCE"]
    assert str(conference) == MEET
    assert conference.params["VALUE"] == "URI"
    description = str(event["DESCRIPTION"])
    assert f"Join: {MEET}" in description
    assert "- Priya Natarajan (Staff Engineer, Payments)\n- Marco Rossi" in description
    assert "Checklist (1/2 done):\n[x] Caching\n[ ] Sharding; replicas" in description
    assert "Questions to ask:\n- How is on-call shared?" in description
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Interview", "System design"]


def test_physical_place_goes_to_location_only() -> None:
    event = events_of(export())["r-acme2@roundplanner"]
    assert str(event["LOCATION"]) == "Acme HQ, 1 Infinite Loop; Building 4\nRoom \\ 2"
    assert "URL" not in event
    assert "CONFERENCE" not in event


def test_own_title_wins_over_kind_label() -> None:
    event = events_of(export())["r-globex1@roundplanner"]
    assert str(event["SUMMARY"]) == "Globex, GmbH — Intro call — Ünïcödé, commas; semicolons"


def test_display_alarm_at_the_reminder() -> None:
    event = events_of(export(reminder_minutes=45))["r-acme1@roundplanner"]
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(minutes=-45)
    assert str(alarm["DESCRIPTION"]) == "Acme — System design starts in 45 minutes"


def test_no_alarm_when_reminders_are_off() -> None:
    assert b"BEGIN:VALARM" not in export(reminder_minutes=0)


@pytest.mark.parametrize("title", ["C:\\New", "\\N", "a\\nb", "x\\\\N;y,z\n", "\\,\\;"])
def test_backslashes_survive_the_escaping(title: str) -> None:
    """icalendar's own escaping turns a literal backslash-N into a line break; ours must not."""
    round_ = Round(id="r-bs", title=title, start=datetime(2026, 12, 3, 10), timezone="UTC")
    data = export({"a": Company(name="A", rounds=[round_])})
    assert lint_ics(data) == []
    assert str(events_of(data)["r-bs@roundplanner"]["SUMMARY"]) == f"A — {title}"
    assert vobject.readOne(data.decode(), validate=True).vevent.summary.value == f"A — {title}"
    assert [invite.title for invite in read_invites(data)] == [f"A — {title.strip()}"]


def test_control_characters_do_not_reach_the_file() -> None:
    companies = workspace()
    companies["acme"].rounds[0].title = "Design\x1b[31m red\x07 \x9b"
    data = export(companies)
    assert lint_ics(data) == []
    assert str(events_of(data)["r-acme1@roundplanner"]["SUMMARY"]) == "Acme — Design red "


# --------------------------------------------------------------------------- time zones


def test_times_carry_tzid_and_utc_is_written_as_utc() -> None:
    data = export()
    assert b"DTSTART;TZID=America/Los_Angeles:20261203T100000\r\n" in data
    assert b"DTSTART;TZID=Asia/Kolkata:20261203T090000\r\n" in data
    assert b"DTSTART:20261203T180000Z\r\n" in data
    assert b"TZID:UTC" not in data and b"TZID=UTC" not in data


def test_round_on_the_day_clocks_change() -> None:
    """10:00 on the spring-forward day in LA is 17:00 UTC (PDT), not 18:00 (PST)."""
    event = events_of(export())["r-acme2@roundplanner"]
    assert event.start.astimezone(UTC) == datetime(2026, 3, 8, 17, 0, tzinfo=UTC)
    assert event.end.astimezone(UTC) == datetime(2026, 3, 8, 17, 45, tzinfo=UTC)
    berlin = events_of(export())["r-globex1@roundplanner"]
    assert berlin.start.astimezone(UTC) == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)


def test_end_in_the_repeated_hour_is_written_in_utc() -> None:
    """00:30 PDT + 90 min is the *second* 01:00 that night; a TZID wall clock means the first."""
    data = export()
    assert b"DTSTART;TZID=America/Los_Angeles:20261101T003000\r\n" in data
    assert b"DTEND:20261101T090000Z\r\n" in data


def test_rounds_in_different_zones_each_get_their_vtimezone() -> None:
    calendar = icalendar.Calendar.from_ical(export())
    assert calendar.get_missing_tzids() == set()
    kolkata = events_of(export())["r-globex2@roundplanner"]
    assert kolkata.start.astimezone(UTC) == datetime(2026, 12, 3, 3, 30, tzinfo=UTC)
    acme = events_of(export())["r-acme1@roundplanner"]
    assert acme.start.astimezone(UTC) == datetime(2026, 12, 3, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "tzid",
    [
        "America/Los_Angeles",
        "Europe/Berlin",
        "Europe/Dublin",  # "negative" DST in the tz source
        "Australia/Sydney",  # southern hemisphere
        "Australia/Lord_Howe",  # 30-minute DST
        "Asia/Kathmandu",  # +05:45, no DST
        "America/Sao_Paulo",  # DST abolished
        "Pacific/Chatham",  # +12:45 / +13:45
    ],
)
def test_vtimezone_agrees_with_iana_over_the_years_it_covers(tzid: str) -> None:
    """Read our VTIMEZONE back as a zone of its own and compare with zoneinfo every 6 hours."""
    component = vtimezone(tzid, date(2026, 5, 1), date(2027, 2, 1))
    theirs = component.to_tz(lookup_tzid=False)
    ours = ZoneInfo(tzid)
    instant = datetime(2026, 1, 1, 12, tzinfo=UTC)
    while instant < datetime(2027, 12, 31, tzinfo=UTC):
        assert instant.astimezone(theirs).utcoffset() == instant.astimezone(ours).utcoffset(), (
            instant
        )
        instant += timedelta(hours=6)


# --------------------------------------------------------------------------- offers, selection


def test_offer_deadline_is_an_all_day_event() -> None:
    data = export()
    event = events_of(data)["offer-acme@roundplanner"]
    assert b"DTSTART;VALUE=DATE:20261218\r\n" in data
    assert b"DTEND;VALUE=DATE:20261219\r\n" in data
    assert event.start == date(2026, 12, 18)
    assert str(event["SUMMARY"]) == "Acme — offer deadline"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert "offer-globex@roundplanner" not in events_of(data)  # declined: nothing to remind of


def test_offers_can_be_left_out() -> None:
    assert "offer-acme@roundplanner" not in events_of(export(include_offers=False))


def test_select_narrows_rounds_and_offers() -> None:
    def globex_only(ref: RoundRef) -> bool:
        return ref.slug == "globex"

    assert set(events_of(export(select=globex_only))) == {
        "r-globex1@roundplanner",
        "r-globex2@roundplanner",
        "r-globex3@roundplanner",
    }
    one_round = set(events_of(export(select=lambda ref: ref.round.id == "r-acme1")))
    assert one_round == {"r-acme1@roundplanner", "offer-acme@roundplanner"}


def test_calendar_header() -> None:
    calendar = icalendar.Calendar.from_ical(export(name="Interviews"))
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["NAME"]) == "Interviews"
    assert str(calendar["X-WR-CALNAME"]) == "Interviews"
    assert "METHOD" not in calendar


# --------------------------------------------------------------------------- golden file


def test_golden_file() -> None:
    data = export()
    if os.environ.get("ROUNDPLANNER_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(data)
    assert data == GOLDEN.read_bytes(), (
        "export changed; if intended, regenerate with ROUNDPLANNER_UPDATE_GOLDEN=1 (see module doc)"
    )


# --------------------------------------------------------------------------- other parsers


def _instants_icalendar(data: bytes) -> dict[str, tuple[datetime, datetime]]:
    calendar: Any = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): (e.start, e.end) for e in calendar.walk("VEVENT")}


def _instants_vobject(data: bytes) -> dict[str, tuple[datetime, datetime]]:
    calendar = vobject.readOne(data.decode("utf-8"), validate=True)
    return {e.uid.value: (e.dtstart.value, e.dtend.value) for e in calendar.vevent_list}


def _instants_ics(data: bytes) -> dict[str, tuple[datetime, datetime]]:
    calendar = ics.Calendar(data.decode("utf-8"))
    return {e.uid: (e.begin.datetime, e.end.datetime) for e in calendar.events}


@pytest.mark.parametrize(
    "read", [_instants_icalendar, _instants_vobject, _instants_ics], ids=lambda f: f.__name__[10:]
)
def test_other_parsers_read_the_same_instants(read: object) -> None:
    companies = workspace()
    found = read(export(companies))  # type: ignore[operator]
    for uid, (start, end) in expected_instants(companies).items():
        got_start, got_end = found[uid]
        assert got_start.astimezone(UTC) == start.astimezone(UTC), uid
        assert got_end.astimezone(UTC) == end.astimezone(UTC), uid


def test_other_parsers_read_the_text_back() -> None:
    data = export()
    summary = "Globex, GmbH — Intro call — Ünïcödé, commas; semicolons"
    place = "Acme HQ, 1 Infinite Loop; Building 4\nRoom \\ 2"
    by_vobject = {e.uid.value: e for e in vobject.readOne(data.decode(), validate=True).vevent_list}
    assert by_vobject["r-globex1@roundplanner"].summary.value == summary
    assert by_vobject["r-acme2@roundplanner"].location.value == place
    by_ics = {e.uid: e for e in ics.Calendar(data.decode()).events}
    assert by_ics["r-globex1@roundplanner"].name == summary
    assert by_ics["r-acme2@roundplanner"].location == place


# --------------------------------------------------------------------------- round trip


def _essentials(round_: Round) -> tuple[object, ...]:
    return (
        round_.start,
        round_.timezone,
        round_.duration_minutes,
        round_.label(KINDS),
        round_.where,
        round_.is_cancelled,
    )


def test_export_import_merge_gives_back_the_same_rounds() -> None:
    original = workspace()
    copy = {slug: company.model_copy(deep=True) for slug, company in original.items()}
    for invite in read_invites(export(original), "roundplanner.ics"):
        slug = "acme" if invite.title.startswith("Acme") else "globex"
        round_, created = merge(copy[slug], invite, now=NOW, kinds=KINDS)
        assert not created
        assert round_.updated is None, "an unchanged round must not be touched"
    for slug, company in original.items():
        assert [r.model_dump() for r in copy[slug].rounds] == [
            r.model_dump() for r in company.rounds
        ]


def test_export_import_into_empty_companies_recreates_the_rounds() -> None:
    original = workspace()
    fresh = {"acme": Company(name="Acme"), "globex": Company(name="Globex, GmbH")}
    for invite in read_invites(export(original, include_offers=False)):
        slug = "acme" if invite.title.startswith("Acme") else "globex"
        _round, created = merge(fresh[slug], invite, now=NOW, kinds=KINDS)
        assert created
    for slug, company in original.items():
        expected = sorted(_essentials(r) for r in company.rounds if r.start is not None)
        assert sorted(_essentials(r) for r in fresh[slug].rounds) == expected


# --------------------------------------------------------------------------- property


ZONES = [
    "UTC",
    "America/Los_Angeles",
    "America/New_York",
    "Europe/Berlin",
    "Europe/London",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Sydney",
    "Pacific/Auckland",
]
_TEXT = st.text(
    # No format characters (Cf) nor the other characters that draw nothing (variation
    # selectors, fillers): they are stripped from every text on purpose
    # (sanitize.INVISIBLE_CHARS), so they cannot survive a round trip.
    alphabet=st.characters(
        blacklist_categories=["Cc", "Cf", "Cs", "Co", "Cn"],
        blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ).filter(lambda char: not UNSAFE_CHARS.match(char))
    | st.sampled_from(list(",;:\\\n\"'—é漢🙂")),
    max_size=40,
).map(str.strip)
_PLACE = _TEXT.filter(lambda text: not text.lower().startswith("http")) | st.builds(
    "https://{}.zoom.us/j/{}".format, st.sampled_from(["acme", "us06web"]), st.integers(1, 10**11)
)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31)),
    tzid=st.sampled_from(ZONES),
    title=_TEXT,
    place=_PLACE,
    minutes=st.integers(min_value=1, max_value=24 * 60),
)
def test_any_round_survives_export_and_import(
    start: datetime, tzid: str, title: str, place: str, minutes: int
) -> None:
    try:
        round_ = Round(
            id="r-prop",
            kind="coding",
            title=title,
            start=start,
            timezone=tzid,
            duration_minutes=minutes,
            where=place,
        )
    except ValueError:  # a wall-clock time in a DST gap or overlap is refused by the model
        assume(False)
        raise
    company = Company(name="Prop Co", rounds=[round_])
    data = export_calendar({"prop": company}, kinds=KINDS, reminder_minutes=10)
    assert lint_ics(data) == []
    [invite] = read_invites(data)
    assert (invite.start, invite.timezone, invite.duration_minutes) == (
        round_.start,
        tzid,
        minutes,
    )
    assert invite.where == place
    again = company.model_copy(deep=True)
    merged, created = merge(again, invite, kinds=KINDS)
    assert not created
    assert (merged.start, merged.timezone, merged.title, merged.where) == (
        round_.start,
        tzid,
        title,
        place,
    )


# --------------------------------------------------------------------------- our writer


class _IcalText(icalendar.vText):
    """How the export escaped TEXT while icalendar serialised it (RFC 5545 alone)."""

    __slots__ = ()

    def to_ical(self) -> bytes:
        text = str(self).replace("\r\n", "\n").replace("\r", "\n")
        for char, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
            text = text.replace(char, escaped)
        return text.encode("utf-8")


_ICALENDAR_CLASSES: dict[str, type[icalendar.Component]] = {
    "VCALENDAR": icalendar.Calendar,
    "VEVENT": icalendar.Event,
    "VALARM": icalendar.Alarm,
}


def _icalendar_value(value: object) -> object:
    """Our value as the export handed it to icalendar's `Component.add` before."""
    if isinstance(value, Text):
        return _IcalText(value)
    if isinstance(value, Uri):
        return icalendar.vUri(value)
    if isinstance(value, list):
        categories = icalendar.vCategory([])
        categories.cats = [_IcalText(item) for item in value]
        return categories
    return value


def to_icalendar(component: Component, inner: list[Any] | None = None) -> Any:
    """The same component built with icalendar, property by property, as `add`ed."""
    made = _ICALENDAR_CLASSES[component.name]()
    for name, value, params in component.props:
        made.add(name, _icalendar_value(value), parameters=dict(params) if params else None)
    for sub in inner or []:
        made.add_component(sub)
    for sub in component.subcomponents:
        made.add_component(to_icalendar(sub))
    return made


def export_by_icalendar(companies: dict[str, Company], **options: Any) -> bytes:
    """The reference: the same calendar serialised by icalendar, as the export once did."""
    calendar, zones = build_calendar(companies, **options)
    timezones = [vtimezone(tzid, first, last) for tzid, first, last in zones]
    return bytes(to_icalendar(calendar, timezones).to_ical())


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"reminder_minutes": 0},
        {"reminder_minutes": 61},
        {"include_offers": False},
        {"name": "Job hunt, 2026; Q4 \\ Ünïcödé " + "x" * 80},
        {"select": lambda ref: ref.slug == "globex"},
    ],
    ids=["default", "no-reminder", "odd-reminder", "no-offers", "long-name", "one-company"],
)
def test_export_writes_what_icalendar_would(options: dict[str, Any]) -> None:
    settings_: dict[str, Any] = {"kinds": KINDS, "reminder_minutes": 30, **options}
    assert export(**options) == export_by_icalendar(workspace(), **settings_)


_PIECES = st.sampled_from(
    [
        *("\\N", "\\n", "\\", "^", ",", ";", ":", '"', "'", "’", "\r\n", "\r", "\n", "\t"),
        *("\ufeff", "é", "漢", "🙂", "e\u0301", " ", "\x1b[31m", "\u202e", "x" * 33, "ü" * 20),
    ]
)
_WILD = st.lists(st.characters(blacklist_categories=["Cs"]) | _PIECES, max_size=50).map("".join)
"""Any text at all: escapes, quotes, line breaks, multi-byte characters, a leading BOM."""


@st.composite
def _round(draw: st.DrawFn, round_id: str) -> Round | None:
    people = st.builds(Interviewer, name=_WILD, role=_WILD)
    try:
        return Round(
            id=round_id,
            kind=draw(st.sampled_from([*KINDS, "take_home"])),
            title=draw(st.just("") | _WILD),
            start=draw(st.none() | st.datetimes(datetime(2025, 1, 1), datetime(2028, 12, 31))),
            timezone=draw(st.sampled_from(ZONES)),
            duration_minutes=draw(st.integers(1, 24 * 60)),
            where=draw(_WILD | st.just(MEET) | st.just("http://a.example/x?a=1,2;b\\c^d")),
            status=draw(st.sampled_from(RoundStatus)),
            interviewers=draw(st.lists(people, max_size=2)),
            topics=draw(st.lists(st.builds(Topic, title=_WILD, done=st.booleans()), max_size=4)),
            questions=draw(st.lists(_WILD, max_size=2)),
            sequence=draw(st.integers(0, 5)),
            updated=draw(
                st.none()
                | st.datetimes(
                    datetime(2000, 1, 1),
                    datetime(2100, 1, 1),
                    timezones=st.sampled_from([UTC, ZoneInfo("Asia/Kolkata")]),
                )
            ),
        )
    except ValueError:  # a wall-clock time in a DST gap or overlap
        return None


@st.composite
def _workspaces(draw: st.DrawFn) -> dict[str, Company]:
    companies = {}
    slugs = draw(st.lists(st.text("ab-\\N", min_size=1, max_size=4), max_size=3, unique=True))
    for slug in slugs:
        ids = draw(st.lists(st.sampled_from(["r-1", "r-2", "r.x_3"]), max_size=3, unique=True))
        rounds = [found for found in (draw(_round(i)) for i in ids) if found is not None]
        offer = draw(
            st.none()
            | st.builds(
                Offer,
                base=st.integers(0, 10**7),
                bonus=st.integers(0, 10**5),
                currency=_WILD,
                deadline=st.none() | st.dates(date(2025, 1, 1), date(2028, 12, 31)),
                status=st.sampled_from(OfferStatus),
            )
        )
        name = draw(_WILD.filter(str.strip))
        companies[slug] = Company(name=name, rounds=rounds, offer=offer)
    return companies


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    companies=_workspaces(),
    reminder=st.sampled_from([0, 1, 30, 61, 90, 1440, 2880]) | st.integers(0, 100_000),
    name=_WILD,
    include_offers=st.booleans(),
    only=st.none() | st.sets(st.sampled_from(["r-1", "r-2", "r.x_3"])),
)
def test_any_export_is_byte_for_byte_what_icalendar_would_write(
    companies: dict[str, Company],
    reminder: int,
    name: str,
    include_offers: bool,
    only: set[str] | None,
) -> None:
    options: dict[str, Any] = {
        "kinds": KINDS,
        "reminder_minutes": reminder,
        "name": name,
        "include_offers": include_offers,
        "select": None if only is None else (lambda ref: ref.round.id in only),
    }
    data = export_calendar(companies, **options)
    assert data == export_by_icalendar(companies, **options)
    assert lint_ics(data) == []


_PARAMS = st.none() | st.dictionaries(
    st.sampled_from(["CN", "LABEL", "ALTREP", "X-PARAM", "LANGUAGE", "TZID", "FEATURE"]),
    _WILD | st.sampled_from(["UTC", "Europe/Berlin", "Join the call"]),
    max_size=3,
)
_PROPS = st.one_of(
    st.tuples(st.sampled_from(["SUMMARY", "DESCRIPTION", "X-NOTE"]), _WILD.map(Text), _PARAMS),
    st.tuples(st.sampled_from(["UID", "STATUS", "COMMENT"]), _WILD, _PARAMS),
    st.tuples(
        st.sampled_from(["URL", "CONFERENCE"]),
        _WILD.filter(lambda text: "\n" not in text and "\r" not in text).map(Uri),
        _PARAMS,
    ),
    st.tuples(st.sampled_from(["SEQUENCE", "PRIORITY"]), st.integers(-(10**9), 10**9), _PARAMS),
    st.tuples(st.just("CATEGORIES"), st.lists(_WILD, min_size=1, max_size=3), _PARAMS),
    st.tuples(
        st.sampled_from(["DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED", "CREATED"]),
        st.datetimes() | st.datetimes(timezones=st.just(UTC)),
        _PARAMS,
    ),
    st.tuples(
        st.sampled_from(["DTSTAMP", "LAST-MODIFIED"]),
        st.datetimes(
            datetime(1900, 1, 1),
            datetime(2200, 1, 1),
            timezones=st.sampled_from([ZoneInfo("Europe/Berlin"), ZoneInfo("UTC")]),
        ),
        _PARAMS,
    ),
    st.tuples(st.sampled_from(["DTSTART", "DTEND", "RDATE"]), st.dates(), _PARAMS),
    st.tuples(st.sampled_from(["TRIGGER", "DURATION"]), st.timedeltas(), _PARAMS),
)


@st.composite
def _components(draw: st.DrawFn, name: str = "VEVENT") -> Component:
    component = Component(name)
    for prop in draw(st.lists(_PROPS, max_size=12)):
        component.add(*prop)
    if name == "VEVENT":
        for _ in range(draw(st.integers(0, 2))):
            component.add_component(draw(_components("VALARM")))
    return component


@settings(max_examples=300, deadline=None)
@given(component=_components())
def test_any_component_is_written_as_icalendar_writes_it(component: Component) -> None:
    """Every kind of value, parameter and text, in any order and repeated."""
    assert component.to_ical() == to_icalendar(component).to_ical()


_TRICKY_PARAMETERS = [
    *('a"b', "a b", "a'b", "a:b", "a,b", "a;b", "a’b", "a^b", "a\nb", "\r", "", "UTC"),
]


@settings(max_examples=500, deadline=None)
@given(
    params=st.dictionaries(
        st.sampled_from(["CN", "ALTREP", "DELEGATED-TO", "LABEL", "TZID", "X-A"]),
        st.sampled_from(_TRICKY_PARAMETERS) | _WILD,
        min_size=1,
        max_size=4,
    )
)
@example(params={"CN": 'a"b'})
@example(params={"CN": "a'b", "LABEL": 'a"b', "ALTREP": "x", "TZID": "UTC"})
def test_parameters_are_escaped_and_quoted_as_icalendar_does(params: dict[str, str]) -> None:
    event = Component("VEVENT")
    event.add("DESCRIPTION", Text("x"), params)
    assert event.to_ical() == to_icalendar(event).to_ical()


@settings(max_examples=500, deadline=None)
@given(
    line=st.lists(
        st.characters(blacklist_categories=["Cs"], blacklist_characters="\n")
        | st.sampled_from(["\\", "^", "é", "漢", "🙂", "x" * 30, "\\" * 5]),
        max_size=120,
    ).map("".join)
)
def test_folding_is_icalendars(line: str) -> None:
    assert fold(line) == icalendar.parser.Contentline(line).to_ical()


@pytest.mark.parametrize("size", range(70, 160))
@pytest.mark.parametrize("tail", ["", "é", "漢", "🙂", "\\n", "\\\\", "^^", "\\;x"])
def test_folding_at_every_boundary(size: int, tail: str) -> None:
    line = "x" * size + tail + "y" * 80
    folded = fold(line)
    assert folded == icalendar.parser.Contentline(line).to_ical()
    assert all(len(part) <= 75 for part in folded.split(b"\r\n"))
    assert folded.replace(b"\r\n ", b"").decode("utf-8") == line


def test_writer_refuses_what_it_cannot_write_faithfully() -> None:
    event = Component("VEVENT")
    event.add("DTSTART", datetime(2026, 1, 1, 9, tzinfo=ZoneInfo("Europe/Berlin")))
    with pytest.raises(ValueError, match="UTC or a wall-clock time"):
        event.to_ical()
    event = Component("VEVENT")
    event.add("X-FLAG", True)
    with pytest.raises(TypeError, match="cannot write a bool"):
        event.to_ical()
    event = Component("VEVENT")
    event.add("DTSTART", datetime(2026, 1, 1, 9), {"tzid": "Europe/Berlin"})
    with pytest.raises(ValueError, match="upper case"):
        event.to_ical()
    event = Component("VEVENT")
    event.add("URL", Uri("https://example.com/\r\nX-EVIL:1"))
    with pytest.raises(ValueError, match="line break"):
        event.to_ical()
    with pytest.raises(ValueError, match="no property order"):
        Component("VTODO")
