"""Rounds to `.ics` and recruiters' `.ics` invites to rounds.

This is the only module that imports icalendar: the rest of the app hands it companies
and gets bytes back (export), or hands it bytes and gets plain `InvitedRound` values back
(import). Nothing here touches the disk or the clock, so the same state always exports to
the same bytes and every function can be tested without fixtures on disk.

Export decisions
----------------
* UID is always ``<round id>@roundplanner``, even for a round that came from a recruiter's
  invite. The exported file is the candidate's own plan (checklist, reminder, notes),
  usually subscribed to as a separate calendar. Reusing the recruiter's UID would make a
  calendar app treat our copy as a stale version of the recruiter's meeting (our SEQUENCE
  starts at 0, theirs may be 3; we carry no ORGANIZER), so it would be ignored at best and
  overwrite the real invite at worst. `merge_invite` still matches a round both by the
  recruiter's UID (`Round.imported_uid`) and by our own UID, so nothing is duplicated on
  the roundplanner side either way.
* Round ids are unique per company only; if a hand-edited workspace repeats one across
  companies, the later company (by slug) gets ``<id>.<slug>@roundplanner`` so no two
  events share a UID.
* DTSTAMP is the round's last change (`Round.updated`), else the start in UTC: never the
  clock, so re-exporting unchanged state gives identical bytes.
* Times carry TZID and a VTIMEZONE we write ourselves: one STANDARD/DAYLIGHT block per
  transition over the whole calendar years the events use, with plain DTSTARTs (no RRULE
  and no RDATE, which some Outlook versions ignore inside VTIMEZONE). Rounds in "UTC" are
  written with a ``Z`` and need no VTIMEZONE.
* A DTEND whose wall-clock time falls in the repeated hour of a fall-back day cannot be
  written unambiguously with a TZID, so it is written in UTC instead.
* Offer deadlines are all-day, transparent events, only for offers still open (pending or
  negotiating): an accepted or declined offer has no deadline left to remind of.
* Cancelled rounds get no alarm; interviewers are listed in DESCRIPTION, not as ATTENDEE,
  because we know no addresses and attendees make calendar apps offer to send invitations.
* Prep notes and debriefs stay out of the file: calendars get synced and shared.

Import decisions
----------------
* Only timed events become rounds. All-day events are skipped (an interview is never
  all-day, and our own offer deadlines must not come back as rounds); a file with no timed
  event at all is an error. An event without DTSTART or UID is an error.
* A time with TZID keeps that zone (Windows names mapped to IANA through CLDR data, a
  vendor prefix like ``/citadel.org/.../Europe/Paris`` stripped, X-LIC-LOCATION honoured);
  an unknown TZID with a VTIMEZONE in the file is matched to an IANA zone with the same
  offsets, else the instant is kept in UTC. A time in UTC (``Z``) stays in "UTC". A
  floating time is read in X-WR-TIMEZONE or `default_timezone`, else it is an error.
* A wall-clock time in a spring-forward gap is resolved to the instant it names (the
  offset before the gap, as RFC 5545 says), i.e. it moves an hour later. A time in a
  fall-back overlap (which a `Round` refuses as ambiguous) is kept as its UTC instant.
* Attendees become interviewers (name from CN, email in `notes`), except the organizer
  (usually the recruiter or scheduler), rooms and resources, ROLE=NON-PARTICIPANT, and,
  when the organizer writes from a company domain, attendees on personal mail services
  (that is the candidate). Otherwise the candidate cannot be told apart from the panel.
* When no attendee is left, the organizer is who you meet (a recruiter screen, a Calendly
  booking), unless it is a scheduling robot (no-reply@...).
* With several VEVENTs of one UID, the one with the highest SEQUENCE wins (later wins a
  tie); recurrence is ignored: the first occurrence is the round.
* Without DTEND and DURATION a round lasts an hour (RFC 5545 says zero, which a `Round`
  cannot hold); an event longer than a day is an error.
* Limits against hostile files: 5 MB, 1000 events, components nested 8 deep. Invalid
  UTF-8 is an error, but folds that split a UTF-8 character (some mailers) are mended.
* Every imported text is stripped of terminal escape sequences and control characters
  (C0 but newline and tab, DEL, C1, bidirectional overrides), so an invite cannot restyle
  or spoof the TUI.

Merging decisions
-----------------
* An invite always sets time, zone and length. It sets the place only when it names one,
  and not when it only says "Microsoft Teams Meeting" over a link the round already has;
  the title only when it differs from the round's label ("Acme — " of our own SUMMARY
  removed). Interviewers are added, never removed, so the user's notes on them stay.
* A cancelled invite cancels the round; an invite for a cancelled round schedules it again.
* An invite that changes nothing leaves the round untouched, `updated` included.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from urllib.parse import urlsplit

from icalendar import (
    Alarm,
    Calendar,
    Component,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
)
from icalendar.prop import vCategory, vText, vUri

from roundplanner.model import (
    Company,
    Interviewer,
    Offer,
    OfferStatus,
    Round,
    RoundRef,
    RoundStatus,
    check_local_time,
    new_id,
    zone,
)

PRODID = "-//roundplanner//roundplanner 0.1//EN"
UID_SUFFIX = "@roundplanner"
MAX_INVITE_BYTES = 5 * 1024 * 1024
"""Invites are a few kilobytes; anything this big is not an invite."""
MAX_EVENTS = 1000
MAX_DEPTH = 8
MAX_TEXT = 10_000
"""Longest description kept from an invite; the rest is boilerplate at best."""
MAX_LINE = 500
"""Longest one-line field (title, place, name) kept from an invite."""


class CalendarError(Exception):
    """A calendar file we cannot use, with a one-line message naming what is wrong."""


# =========================================================================== export


def export_calendar(
    companies: Mapping[str, Company],
    *,
    kinds: Mapping[str, str],
    reminder_minutes: int,
    name: str = "roundplanner",
    select: Callable[[RoundRef], bool] | None = None,
    include_offers: bool = True,
) -> bytes:
    """The whole calendar as `.ics` bytes: one VEVENT per round that has a start.

    `select` narrows the rounds (None: every round); offer deadlines come along for the
    companies that have a selected round, or for every company when nothing is selected.
    """
    labels = dict(kinds)
    events: list[tuple[tuple[datetime, str], Event]] = []
    zone_dates: dict[str, list[date]] = {}
    chosen: set[str] = set()
    uids: set[str] = set()
    for ref in _rounds_to_export(companies, select):
        chosen.add(ref.slug)
        uid = _unique_uid(ref, uids)
        event, used = _round_event(ref, uid, labels, reminder_minutes)
        events.append((_sort_key(ref.round, uid), event))
        for tzid, day in used:
            zone_dates.setdefault(tzid, []).append(day)
    if include_offers:
        for slug in sorted(companies):
            company = companies[slug]
            if select is not None and slug not in chosen:
                continue
            offer_event = _offer_event(slug, company, reminder_minutes)
            if offer_event is not None:
                events.append(offer_event)
    calendar = _new_calendar(name)
    for tzid in sorted(zone_dates):
        days = zone_dates[tzid]
        calendar.add_component(vtimezone(tzid, min(days), max(days)))
    for _key, event in sorted(events, key=lambda item: item[0]):
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def round_uid(round_: Round) -> str:
    """The UID of a round's event: stable across exports and machines (see module doc)."""
    return f"{round_.id}{UID_SUFFIX}"


def offer_uid(slug: str) -> str:
    """The UID of a company's offer-deadline event: one offer per company, so the slug."""
    return f"offer-{slug}{UID_SUFFIX}"


def _unique_uid(ref: RoundRef, taken: set[str]) -> str:
    """`round_uid`, unless another company's round already has that id.

    Round ids are unique per company only, and hand-edited files may repeat one ("r-1");
    two events with one UID would merge in every calendar app. The first company by slug
    keeps the plain UID, later ones get their slug in it.
    """
    uid = round_uid(ref.round)
    if uid in taken:
        uid = f"{ref.round.id}.{ref.slug}{UID_SUFFIX}"
    taken.add(uid)
    return uid


def _rounds_to_export(
    companies: Mapping[str, Company], select: Callable[[RoundRef], bool] | None
) -> Iterator[RoundRef]:
    """Selected rounds with a start, companies in slug order (so UIDs are deterministic)."""
    for slug in sorted(companies):
        company = companies[slug]
        for round_ in company.rounds:
            ref = RoundRef(slug, company, round_)
            if round_.start is not None and (select is None or select(ref)):
                yield ref


def _sort_key(round_: Round, uid: str) -> tuple[datetime, str]:
    start = round_.starts_at
    assert start is not None
    return start.astimezone(UTC), uid


def _new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("NAME", _Text(_clean_line(name)))
    calendar.add("X-WR-CALNAME", _Text(_clean_line(name)))
    return calendar


class _Text(vText):
    """A TEXT value escaped by RFC 5545 alone.

    icalendar 7 first turns a literal backslash-N in the text into a line break, so a
    title such as 'C:\\New' would change on the way out. Backslash first, then the rest.
    """

    __slots__ = ()

    def to_ical(self) -> bytes:
        text = str(self).replace("\r\n", "\n").replace("\r", "\n")
        for char, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
            text = text.replace(char, escaped)
        return text.encode("utf-8")  # what vText uses; an .ics file is UTF-8


def _text_list(values: list[str]) -> vCategory:
    """A CATEGORIES value whose items escape like `_Text` (vCategory would re-wrap them)."""
    categories = vCategory([])
    categories.cats = [_Text(value) for value in values]
    return categories


# --------------------------------------------------------------------------- round events


_STATUS = {
    RoundStatus.TENTATIVE: "TENTATIVE",
    RoundStatus.SCHEDULED: "CONFIRMED",
    RoundStatus.DONE: "CONFIRMED",
    RoundStatus.CANCELLED: "CANCELLED",
}


def _round_event(
    ref: RoundRef, uid: str, kinds: dict[str, str], reminder_minutes: int
) -> tuple[Event, list[tuple[str, date]]]:
    """The VEVENT of one round, and the (zone, local date) pairs its times use."""
    round_ = ref.round
    start, end = round_.starts_at, round_.ends_at
    assert start is not None and end is not None
    summary = event_summary(ref.company, round_, kinds)
    link = video_link_of(round_.where)
    event = Event()
    event.add("UID", uid)
    event.add("DTSTAMP", _stamp(round_))
    event.add("SEQUENCE", round_.sequence)
    used = [
        _add_time(event, "DTSTART", start, round_.timezone),
        _add_time(event, "DTEND", end, round_.timezone),
    ]
    if round_.updated is not None:
        event.add("LAST-MODIFIED", round_.updated)
    event.add("SUMMARY", _Text(summary))
    location = link or _clean(round_.where).strip()
    if location:
        event.add("LOCATION", _Text(location))
    if link:
        event.add("URL", vUri(link))
        event.add(
            "CONFERENCE",
            vUri(link),
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Join the call"},
        )
    event.add("DESCRIPTION", _Text(round_description(round_, link)))
    event.add("STATUS", _STATUS[round_.status])
    event.add("TRANSP", "TRANSPARENT" if round_.is_cancelled else "OPAQUE")
    event.add("CATEGORIES", _text_list(_categories(round_, kinds)))
    if reminder_minutes > 0 and not round_.is_cancelled:
        event.add_component(
            _alarm(timedelta(minutes=-reminder_minutes), f"{summary} {_in(reminder_minutes)}")
        )
    return event, [pair for pair in used if pair is not None]


def event_summary(company: Company, round_: Round, kinds: Mapping[str, str]) -> str:
    """'Acme — System design'; 'Cancelled: ' in front, since some apps ignore STATUS."""
    text = f"{_clean_line(company.name)} — {_clean(round_.label(dict(kinds)))}"
    return f"Cancelled: {text}" if round_.is_cancelled else text


def _stamp(round_: Round) -> datetime:
    """When the round last changed; without a record of that, a fixed stand-in (the start)."""
    if round_.updated is not None:
        return round_.updated.astimezone(UTC)
    start = round_.starts_at
    assert start is not None
    return start.astimezone(UTC)


def _add_time(event: Event, name: str, when: datetime, tzid: str) -> tuple[str, date] | None:
    """Write `when` with its TZID, or in UTC when the zone is UTC or the wall clock is ambiguous.

    Returns the (zone, local date) the VTIMEZONE must cover, or None when none is needed.
    """
    local = when.astimezone(zone(tzid))
    if tzid == "UTC" or not _wall_clock_is_exact(local):
        event.add(name, when.astimezone(UTC))
        return None
    event.add(name, local.replace(tzinfo=None), parameters={"TZID": tzid})
    return tzid, local.date()


def _wall_clock_is_exact(local: datetime) -> bool:
    """True when the wall-clock time alone (first occurrence, RFC 5545) names this instant."""
    naive = local.replace(tzinfo=None)
    first = naive.replace(tzinfo=local.tzinfo, fold=0)
    return first.astimezone(UTC) == local.astimezone(UTC)


def video_link_of(where: str) -> str:
    """`where` when it is a single web address (a video call), else ''."""
    text = where.strip()
    if re.fullmatch(r"https?://\S+", text, flags=re.IGNORECASE) and not _has_control(text):
        return text
    return ""


def round_description(round_: Round, link: str = "") -> str:
    """The event's notes: the link, who you meet, the checklist, the questions to ask."""
    parts: list[str] = []
    if link:
        parts.append(f"Join: {link}")
    elif round_.where.strip():
        parts.append(f"Where: {_clean(round_.where).strip()}")
    if round_.status is RoundStatus.TENTATIVE:
        parts.append("Status: tentative (not confirmed yet)")
    if round_.interviewers:
        lines = ["Who you meet:"]
        for person in round_.interviewers:
            role = f" ({_clean_line(person.role)})" if person.role.strip() else ""
            lines.append(f"- {_clean_line(person.name)}{role}")
        parts.append("\n".join(lines))
    if round_.topics:
        done, total = round_.progress
        lines = [f"Checklist ({done}/{total} done):"]
        lines += [f"[{'x' if t.done else ' '}] {_clean_line(t.title)}" for t in round_.topics]
        parts.append("\n".join(lines))
    if round_.questions:
        lines = ["Questions to ask:"] + [f"- {_clean_line(q)}" for q in round_.questions]
        parts.append("\n".join(lines))
    parts.append(f"Round {round_.id} in roundplanner.")
    return "\n\n".join(parts)


def _categories(round_: Round, kinds: dict[str, str]) -> list[str]:
    label = _clean_line(kinds.get(round_.kind) or round_.kind.replace("_", " ").capitalize())
    return ["Interview", label] if label and label != "Interview" else ["Interview"]


def _alarm(trigger: timedelta, description: str) -> Alarm:
    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", _Text(description))
    alarm.add("TRIGGER", trigger)
    return alarm


def _in(minutes: int) -> str:
    """'starts in 30 minutes', 'starts in 1 hour', 'starts in 2 days'."""
    for unit, size in (("day", 1440), ("hour", 60)):
        if minutes % size == 0:
            count = minutes // size
            return f"starts in {count} {unit}{'s' if count != 1 else ''}"
    return f"starts in {minutes} minutes"


# --------------------------------------------------------------------------- offer events


_OPEN_OFFERS = frozenset({OfferStatus.PENDING, OfferStatus.NEGOTIATING})


def _offer_event(
    slug: str, company: Company, reminder_minutes: int
) -> tuple[tuple[datetime, str], Event] | None:
    """The all-day deadline event of an open offer, with its sort key; None without one."""
    offer: Offer | None = company.offer
    if offer is None or offer.deadline is None or offer.status not in _OPEN_OFFERS:
        return None
    day = offer.deadline
    uid = offer_uid(slug)
    event = Event()
    event.add("UID", uid)
    event.add("DTSTAMP", datetime(day.year, day.month, day.day, tzinfo=UTC))
    event.add("SEQUENCE", 0)
    event.add("DTSTART", day)
    event.add("DTEND", day + timedelta(days=1))
    summary = f"{_clean_line(company.name)} — offer deadline"
    event.add("SUMMARY", _Text(summary))
    event.add("DESCRIPTION", _Text(_offer_description(offer)))
    event.add("STATUS", "CONFIRMED")
    event.add("TRANSP", "TRANSPARENT")
    event.add("CATEGORIES", _text_list(["Offer deadline"]))
    if reminder_minutes > 0:
        # 09:00 the day before: a reminder at midnight of an all-day event helps nobody.
        event.add_component(_alarm(timedelta(hours=-15), f"{summary} is tomorrow"))
    key = (datetime(day.year, day.month, day.day, tzinfo=UTC), uid)
    return key, event


def _offer_description(offer: Offer) -> str:
    money = [
        (label, value)
        for label, value in (("Base", offer.base), ("Bonus", offer.bonus), ("Equity", offer.equity))
        if value
    ]
    lines = [f"Offer status: {offer.status.value}."]
    lines += [f"{label}: {value:,} {_clean_line(offer.currency)}" for label, value in money]
    return "\n".join(lines)


# --------------------------------------------------------------------------- time zones


_SEARCH_STEP = timedelta(hours=6)


def vtimezone(tzid: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE for `tzid` covering the whole calendar years from `first` to `last`.

    One block per transition, each with a plain DTSTART: the simplest form, understood by
    every calendar app, and exact for the years the events use. The first block is the
    last real transition before those years (so it is labelled and dated like any other),
    or, for a zone without one in the year before, a block with the constant offset.
    """
    tz = zone(tzid)
    begin = datetime(first.year, 1, 1, tzinfo=tz).astimezone(UTC)
    end = datetime(last.year + 1, 1, 1, tzinfo=tz).astimezone(UTC)
    component = Timezone()
    component.add("TZID", tzid)
    component.add("X-LIC-LOCATION", tzid)
    earlier = list(_transitions(tz, begin - timedelta(days=366), begin))
    if not earlier:
        offset = _offset(begin.astimezone(tz))
        component.add_component(_observance(begin.astimezone(tz), offset, offset))
    for instant in earlier[-1:] + list(_transitions(tz, begin, end)):
        after = instant.astimezone(tz)
        before = _offset((instant - timedelta(seconds=1)).astimezone(tz))
        component.add_component(_observance(after, before, _offset(after)))
    return component


def _offset(local: datetime) -> timedelta:
    offset = local.utcoffset()
    assert offset is not None
    return offset


def _observance(
    local: datetime, offset_from: timedelta, offset_to: timedelta
) -> TimezoneStandard | TimezoneDaylight:
    """One block starting at `local` (an aware time in the new offset).

    DAYLIGHT when the clocks went forward to enter it, else STANDARD. Not zoneinfo's
    dst(): Europe/Dublin has a "negative DST" winter there, and readers such as dateutil
    derive DST from the labels and end up an hour off around the transitions.
    """
    summer = offset_to > offset_from
    block: TimezoneStandard | TimezoneDaylight = (
        TimezoneDaylight() if summer else TimezoneStandard()
    )
    # DTSTART of an observance is the wall clock still in the *old* offset (RFC 5545).
    onset = (local.astimezone(UTC) + offset_from).replace(tzinfo=None)
    block.add("DTSTART", onset)
    block.add("TZOFFSETFROM", offset_from)
    block.add("TZOFFSETTO", offset_to)
    block.add("TZNAME", local.tzname() or _format_offset(offset_to))
    return block


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{rest:02d}"


def _zone_state(instant: datetime, tz: tzinfo) -> tuple[Any, ...]:
    local = instant.astimezone(tz)
    return local.utcoffset(), local.dst(), local.tzname()


def _transitions(tz: tzinfo, begin: datetime, end: datetime) -> Iterator[datetime]:
    """The UTC instants in [begin, end) where the zone's offset, DST flag or name change."""
    here = begin
    state = _zone_state(here, tz)
    while here < end:
        there = min(here + _SEARCH_STEP, end)
        if _zone_state(there, tz) != state:
            low, high = here, there
            while high - low > timedelta(seconds=1):
                middle = low + timedelta(seconds=(high - low).total_seconds() // 2)
                if _zone_state(middle, tz) == state:
                    low = middle
                else:
                    high = middle
            yield high
            state = _zone_state(high, tz)
        here = there


# =========================================================================== import


@dataclass
class InvitedRound:
    """One timed event of an invite, in plain values: what a round can be made from."""

    uid: str
    title: str
    start: datetime
    """Naive wall-clock time in `timezone`; never in a DST gap or overlap."""
    timezone: str
    duration_minutes: int
    where: str
    interviewers: list[Interviewer] = field(default_factory=list)
    organizer_email: str = ""
    cancelled: bool = False
    description: str = ""

    @property
    def starts_at(self) -> datetime:
        return self.start.replace(tzinfo=zone(self.timezone))


def read_invites(
    data: bytes, source: str = "invite.ics", *, default_timezone: str | None = None
) -> list[InvitedRound]:
    """The timed events of an `.ics` file, or CalendarError naming what is wrong.

    `default_timezone` is the zone for floating times when the file names none
    (X-WR-TIMEZONE); without either, a floating time is an error.
    """
    text = _strip_controls(_decode(data, source))
    lines = _content_lines(text)
    event_lines = _check_structure(lines, source)
    calendars = _parse(text, source)
    context = _Context.build(calendars, default_timezone)
    events = [
        component
        for calendar in calendars
        for component in calendar.subcomponents
        if component.name == "VEVENT"
    ]
    if not events:
        raise CalendarError(f"{source}: no events (VEVENT) in the file")
    if len(events) != len(event_lines):  # pragma: no cover - both passes agree on VEVENTs
        event_lines = [{} for _ in events]
    found: dict[str, tuple[int, InvitedRound]] = {}
    skipped = 0
    for event, where in zip(events, event_lines, strict=True):
        invite = _invite_from_event(event, _Lines(source, where), context)
        if invite is None:
            skipped += 1
            continue
        sequence = _int(event.get("SEQUENCE"))
        previous = found.get(invite.uid)
        if previous is None or sequence >= previous[0]:
            found[invite.uid] = (sequence, invite)
    if not found:
        raise CalendarError(
            f"{source}: no timed events to import ({skipped} all-day event"
            f"{'s' if skipped != 1 else ''} skipped)"
        )
    return [invite for _sequence, invite in found.values()]


# --------------------------------------------------------------------------- lexical checks


def _decode(data: bytes, source: str) -> str:
    """UTF-8 text of a file of sane size, without BOM; or CalendarError."""
    if len(data) > MAX_INVITE_BYTES:
        raise CalendarError(
            f"{source}: file is {len(data):,} bytes, more than the "
            f"{MAX_INVITE_BYTES // (1024 * 1024)} MB an invite can be"
        )
    if not data.strip():
        raise CalendarError(f"{source}: file is empty")
    if b"\x00" in data:
        raise CalendarError(f"{source}: contains NUL bytes; not a text calendar file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        unfolded = _decode_unfolded(data)
        if unfolded is not None:
            return unfolded.removeprefix("\ufeff")
        line = data[: exc.start].count(b"\n") + 1
        raise CalendarError(
            f"{source}: line {line}: not valid UTF-8 (byte {exc.start}); "
            "iCalendar files must be UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def _decode_unfolded(data: bytes) -> str | None:
    """The text of a file whose folds split UTF-8 characters (some mailers fold by octet
    without care), or None when it is not UTF-8 even then."""
    unfolded = re.sub(rb"\r?\n[ \t]", b"", data)
    try:
        return unfolded.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _content_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines with the physical line number each one starts on."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if raw[:1] in (" ", "\t") and lines:
            first, sofar = lines[-1]
            lines[-1] = (first, sofar + raw[1:])
        elif raw.strip():
            lines.append((number, raw))
    return lines


_NAME = re.compile(r"[A-Za-z0-9-]+(?=[;:])")


def _check_structure(lines: list[tuple[int, str]], source: str) -> list[dict[str, int]]:
    """Refuse what is not a well-formed iCalendar stream, with the line at fault.

    Returns, for each top-level VEVENT in order, the line of each property's first
    occurrence (and of BEGIN), so later errors can name a line too.
    """
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise CalendarError(
            f"{source}: line {lines[0][0] if lines else 1}: does not start with "
            "BEGIN:VCALENDAR; not an iCalendar file"
        )
    stack: list[tuple[str, int]] = []
    events: list[dict[str, int]] = []
    for number, line in lines:
        match = _NAME.match(line)
        if match is None:
            shown = _clean_line(line)[:40]
            raise CalendarError(f"{source}: line {number}: not a 'NAME:value' line: {shown!r}")
        name = match.group(0).upper()
        value = line[match.end() + 1 :].strip().upper() if line[match.end()] == ":" else ""
        if name == "BEGIN":
            _begin(stack, events, value, number, source)
        elif name == "END":
            _end(stack, value, number, source)
        elif not stack:
            raise CalendarError(f"{source}: line {number}: {name} outside of BEGIN:VCALENDAR")
        elif stack[-1][0] == "VEVENT" and len(stack) == 2:
            events[-1].setdefault(name, number)
    if stack:
        component, opened = stack[-1]
        raise CalendarError(
            f"{source}: line {opened}: BEGIN:{component} is never closed (no END:{component})"
        )
    return events


def _begin(
    stack: list[tuple[str, int]],
    events: list[dict[str, int]],
    component: str,
    number: int,
    source: str,
) -> None:
    if not re.fullmatch(r"[A-Z0-9-]+", component):
        raise CalendarError(f"{source}: line {number}: BEGIN without a component name")
    if not stack and component != "VCALENDAR":
        raise CalendarError(f"{source}: line {number}: BEGIN:{component} outside of VCALENDAR")
    if len(stack) >= MAX_DEPTH:
        raise CalendarError(
            f"{source}: line {number}: components nested more than {MAX_DEPTH} deep"
        )
    if component == "VEVENT" and len(stack) == 1:
        if len(events) >= MAX_EVENTS:
            raise CalendarError(f"{source}: more than {MAX_EVENTS} events; not an invite")
        events.append({"BEGIN": number})
    stack.append((component, number))


def _end(stack: list[tuple[str, int]], component: str, number: int, source: str) -> None:
    if not stack:
        raise CalendarError(f"{source}: line {number}: END:{component} without a BEGIN")
    opened, opened_at = stack.pop()
    if opened != component:
        raise CalendarError(
            f"{source}: line {number}: END:{component} does not close "
            f"BEGIN:{opened} from line {opened_at}"
        )


def _parse(text: str, source: str) -> list[Calendar]:
    try:
        with warnings.catch_warnings():
            # e.g. "globally unique TZID guessed": we resolve zone names ourselves.
            warnings.simplefilter("ignore")
            calendars = Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # icalendar raises many types; all mean "cannot parse"
        raise CalendarError(f"{source}: cannot be read as iCalendar: {_first_line(exc)}") from None
    return list(calendars)


def _first_line(exc: BaseException) -> str:
    text = _clean(str(exc)).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


# --------------------------------------------------------------------------- per event


@dataclass
class _Lines:
    """Where one VEVENT's properties are in the file, to put a line number in errors."""

    source: str
    lines: dict[str, int]

    def error(self, prop: str, message: str) -> CalendarError:
        line = self.lines.get(prop) or self.lines.get("BEGIN")
        where = f"line {line}: " if line else ""
        label = f"{prop}: " if prop != "BEGIN" else ""
        return CalendarError(f"{self.source}: {where}{label}{message}")


@dataclass
class _Context:
    """What the whole file says that events need: its zones, its method, its default zone."""

    timezones: dict[str, Component]
    floating_zone: str | None
    cancel_all: bool

    @classmethod
    def build(cls, calendars: list[Calendar], default_timezone: str | None) -> _Context:
        timezones: dict[str, Component] = {}
        floating: str | None = None
        cancel_all = False
        for calendar in calendars:
            for component in calendar.walk("VTIMEZONE"):
                timezones[str(component.get("TZID", ""))] = component
            declared = _iana_name(_clean_line(str(calendar.get("X-WR-TIMEZONE", ""))), {})
            floating = floating or declared
            cancel_all = cancel_all or str(calendar.get("METHOD", "")).upper() == "CANCEL"
        if floating is None and default_timezone:
            floating = _iana_name(default_timezone, {})
        return cls(timezones, floating, cancel_all)


_NEEDED = ("UID", "DTSTART", "DTEND", "DURATION")


def _invite_from_event(event: Component, lines: _Lines, context: _Context) -> InvitedRound | None:
    """The round an event describes; None for an all-day event."""
    for prop, message in getattr(event, "errors", []):
        if prop in _NEEDED:
            raise lines.error(prop, _clean_line(str(message))[:200])
    uid = _clean_line(_text(event.get("UID"))).strip()
    if not uid:
        raise lines.error("BEGIN", "VEVENT has no UID, so it could never be updated later")
    if len(uid) > MAX_LINE:
        raise lines.error("UID", f"longer than {MAX_LINE} characters")
    if event.get("DTSTART") is None:
        raise lines.error("BEGIN", "VEVENT has no DTSTART")
    start_value = _value(event, "DTSTART", lines)
    if not isinstance(start_value, datetime):
        return None
    tzid, instant = _instant(event["DTSTART"], "DTSTART", start_value, lines, context)
    timezone_name, wall_clock = _wall_clock(tzid, instant)
    cancelled = context.cancel_all or _text(event.get("STATUS")).strip().upper() == "CANCELLED"
    title = _clean(_text(event.get("SUMMARY"))).strip()[:MAX_LINE]
    if cancelled:
        title = re.sub(r"^cancell?ed\s*:\s*", "", title, flags=re.IGNORECASE)
    organizer = _email(event.get("ORGANIZER"))
    return InvitedRound(
        uid=uid,
        title=title,
        start=wall_clock,
        timezone=timezone_name,
        duration_minutes=_duration(event, instant, lines, context),
        where=_where(event),
        interviewers=_interviewers(event, organizer),
        organizer_email=organizer,
        cancelled=cancelled,
        description=_clean(_text(event.get("DESCRIPTION"))).strip()[:MAX_TEXT],
    )


def _value(event: Component, prop: str, lines: _Lines) -> Any:
    """The decoded value (`.dt`) of a date/time property, or CalendarError at its line."""
    item = event.get(prop)
    if isinstance(item, list):
        raise lines.error(prop, "appears more than once")
    try:
        return item.dt
    except Exception as exc:
        raise lines.error(prop, _first_line(exc)) from None


def _instant(
    prop: Any, name: str, value: datetime, lines: _Lines, context: _Context
) -> tuple[str, datetime]:
    """(IANA zone, aware instant) of a DATE-TIME property, whatever way it names its zone."""
    tzid = prop.params.get("TZID")
    naive = value.replace(tzinfo=None)
    if tzid:
        iana = _iana_name(str(tzid), context.timezones)
        if iana is not None:
            return iana, naive.replace(tzinfo=zone(iana))
        if str(tzid) in context.timezones and value.tzinfo is not None:
            # A zone only the file defines ("Customized Time Zone"): trust its rules.
            return _matching_zone(value) or "UTC", value
        shown = _clean_line(str(tzid))[:60]
        raise lines.error(name, f"unknown time zone {shown!r} (and no VTIMEZONE defines it)")
    if value.tzinfo is not None:
        return "UTC", value.astimezone(UTC)
    if context.floating_zone is None:
        raise lines.error(
            name, "time has no time zone (floating); the file names none (X-WR-TIMEZONE)"
        )
    return context.floating_zone, naive.replace(tzinfo=zone(context.floating_zone))


def _wall_clock(tzid: str, instant: datetime) -> tuple[str, datetime]:
    """(zone, naive wall clock) a Round can hold for this instant.

    A time in a gap was already resolved to its instant; a time in a fall-back overlap
    cannot be stored as a wall clock, so it stays in UTC.
    """
    tz = zone(tzid)
    # Through UTC: astimezone() to the zone the time already carries changes nothing.
    local = instant.astimezone(UTC).astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)
    try:
        check_local_time(local, tz, tzid)
    except ValueError:
        return "UTC", instant.astimezone(UTC).replace(tzinfo=None, second=0, microsecond=0)
    return tzid, local


def _duration(event: Component, start: datetime, lines: _Lines, context: _Context) -> int:
    """Minutes from DTSTART to DTEND (or DURATION); an hour when the invite says neither."""
    if event.get("DTEND") is not None:
        end_value = _value(event, "DTEND", lines)
        if not isinstance(end_value, datetime):
            raise lines.error("DTEND", "is a date but DTSTART is a date-time")
        _zone, end = _instant(event["DTEND"], "DTEND", end_value, lines, context)
        length = end.astimezone(UTC) - start.astimezone(UTC)
        prop = "DTEND"
    elif event.get("DURATION") is not None:
        length = _value(event, "DURATION", lines)
        if not isinstance(length, timedelta):
            raise lines.error("DURATION", "is not a duration")
        prop = "DURATION"
    else:
        return 60
    minutes = round(length.total_seconds() / 60)
    if length <= timedelta(0):
        raise lines.error(prop, "the event ends before it starts")
    if minutes > 24 * 60:
        raise lines.error(prop, f"the event lasts {minutes // 60} hours; not an interview")
    return max(minutes, 1)


# --------------------------------------------------------------------------- zone names


def _windows_zones() -> Mapping[str, str]:
    """Windows zone names to IANA (CLDR windowsZones), as shipped by icalendar."""
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # pragma: no cover - moved in some icalendar release
        return _COMMON_WINDOWS_ZONES
    return WINDOWS_TO_OLSON


_COMMON_WINDOWS_ZONES = {
    "Pacific Standard Time": "America/Los_Angeles",
    "Mountain Standard Time": "America/Denver",
    "US Mountain Standard Time": "America/Phoenix",
    "Central Standard Time": "America/Chicago",
    "Eastern Standard Time": "America/New_York",
    "Atlantic Standard Time": "America/Halifax",
    "Alaskan Standard Time": "America/Anchorage",
    "Hawaiian Standard Time": "Pacific/Honolulu",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "W. Europe Standard Time": "Europe/Berlin",
    "Romance Standard Time": "Europe/Paris",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "E. Europe Standard Time": "Europe/Chisinau",
    "FLE Standard Time": "Europe/Kiev",
    "GTB Standard Time": "Europe/Bucharest",
    "Russian Standard Time": "Europe/Moscow",
    "Israel Standard Time": "Asia/Jerusalem",
    "Arabian Standard Time": "Asia/Dubai",
    "India Standard Time": "Asia/Calcutta",
    "Singapore Standard Time": "Asia/Singapore",
    "China Standard Time": "Asia/Shanghai",
    "Tokyo Standard Time": "Asia/Tokyo",
    "Korea Standard Time": "Asia/Seoul",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "New Zealand Standard Time": "Pacific/Auckland",
    "E. South America Standard Time": "America/Sao_Paulo",
    "UTC": "Etc/UTC",
}


def _iana_name(tzid: str, timezones: Mapping[str, Component]) -> str | None:
    """The IANA name a TZID means, trying the ways real invites spell zones; None if unknown."""
    cleaned = tzid.strip().strip('"').strip()
    candidates = [cleaned, cleaned.strip("/")]
    windows = _windows_zones().get(cleaned)
    if windows:
        candidates.append(windows)
    if cleaned.startswith("/"):
        parts = cleaned.strip("/").split("/")
        candidates += ["/".join(parts[index:]) for index in range(1, len(parts))]
    component = timezones.get(tzid)
    if component is not None:
        candidates.append(_clean_line(str(component.get("X-LIC-LOCATION", ""))).strip())
    for candidate in candidates:
        if candidate and _known_zone(candidate):
            return candidate
    return None


def _known_zone(name: str) -> bool:
    try:
        zone(name)
    except ValueError:
        return False
    return True


def _matching_zone(value: datetime) -> str | None:
    """An IANA zone with the same offsets as a file-defined zone around `value`, or None.

    Any zone with the same offsets through the year gives the same instants; CLDR's
    default zones, alphabetically, make the choice stable ("Europe/Berlin" over "Paris").
    """
    custom = value.tzinfo
    assert custom is not None
    instants = [value.astimezone(UTC)] + [
        datetime(value.year, month, 15, 12, tzinfo=UTC) for month in range(1, 13)
    ]
    try:
        wanted = [instant.astimezone(custom).utcoffset() for instant in instants]
    except Exception:  # a broken VTIMEZONE: better no match than a crash
        return None
    for candidate in sorted(set(_windows_zones().values())):
        if not _known_zone(candidate):
            continue
        tz = zone(candidate)
        if [instant.astimezone(tz).utcoffset() for instant in instants] == wanted:
            return candidate
    return None


# --------------------------------------------------------------------------- people, places


_VIDEO_HOSTS = (
    "meet.google.com",
    "hangouts.google.com",
    "zoom.us",
    "zoom.com",
    "zoomgov.com",
    "teams.microsoft.com",
    "teams.live.com",
    "webex.com",
    "whereby.com",
    "chime.aws",
    "bluejeans.com",
    "gotomeeting.com",
    "meet.goto.com",
    "meet.jit.si",
    "around.co",
)
_URL = re.compile(r"https?://[^\s<>\"'\\]+", re.IGNORECASE)
_PLACEHOLDER = re.compile(
    r"(microsoft teams( meeting)?|teams( meeting)?|zoom( meeting| call)?|google meet|"
    r"meet|video( call| conference)?|online( meeting)?|virtual|remote|webex( meeting)?|"
    r"phone( call)?|tbd|tba|n/?a|see (description|below))",
    re.IGNORECASE,
)
_LINK_PROPS = (
    "CONFERENCE",
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-ONLINEMEETINGURL",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "URL",
    "LOCATION",
    "DESCRIPTION",
    "X-ALT-DESC",
)


def _where(event: Component) -> str:
    """The place, or the video link when the place is missing or only says 'Teams Meeting'."""
    location = _clean(_text(event.get("LOCATION"))).strip()[:MAX_LINE]
    if video_link_of(location):
        return location
    link = _video_link(event)
    if location and not (link and is_placeholder_place(location)):
        return location
    return link or location


def is_placeholder_place(where: str) -> bool:
    """True for a LOCATION that names a call, not a place: 'Microsoft Teams Meeting', 'Zoom'."""
    return bool(_PLACEHOLDER.fullmatch(where.strip(" .:-")))


def _video_link(event: Component) -> str:
    """The first video-call link found where Google, Outlook and schedulers put it."""
    for prop in _LINK_PROPS:
        values = event.get(prop)
        for value in values if isinstance(values, list) else [values]:
            for match in _URL.finditer(_clean(_text(value))):
                url = match.group(0).rstrip(".,;:!?)]}>")
                if _is_video_host(url):
                    return url[:MAX_LINE]
    return ""


def _is_video_host(url: str) -> bool:
    host = _host(url)
    return any(host == known or host.endswith("." + known) for known in _VIDEO_HOSTS)


def _host(url: str) -> str:
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


_PERSONAL_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.de",
        "gmx.net",
        "web.de",
        "hey.com",
        "fastmail.com",
    }
)


def _interviewers(event: Component, organizer: str) -> list[Interviewer]:
    """Attendees who take part, minus the organizer (the recruiter), rooms and the candidate.

    The candidate cannot be named for sure, but when the organizer writes from a company
    domain, an attendee on a personal mail service (gmail.com, ...) is the candidate:
    interviewers do not interview from their private address.
    """
    people: list[Interviewer] = []
    seen: set[str] = set()
    corporate = bool(organizer) and organizer.rpartition("@")[2] not in _PERSONAL_MAIL
    attendees = event.get("ATTENDEE")
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        if attendee is None:
            continue
        params = getattr(attendee, "params", {})
        if str(params.get("ROLE", "")).upper() == "NON-PARTICIPANT":
            continue
        if str(params.get("CUTYPE", "INDIVIDUAL")).upper() not in ("INDIVIDUAL", "UNKNOWN"):
            continue
        email = _email(attendee)
        if email and email == organizer:
            continue
        if corporate and email.rpartition("@")[2] in _PERSONAL_MAIL:
            continue
        name = _clean_line(str(params.get("CN", ""))).strip().strip('"')[:MAX_LINE]
        name = name or (email.split("@")[0] if email else "")
        key = email or name.casefold()
        if not name or key in seen:
            continue
        seen.add(key)
        people.append(Interviewer(name=name, notes=email))
    if not people:
        return _organizer_as_interviewer(event.get("ORGANIZER"), organizer)
    return people


_ROBOT = re.compile(r"(no-?reply|do-?not-?reply|notifications?|calendar|scheduling)@", re.I)


def _organizer_as_interviewer(value: Any, email: str) -> list[Interviewer]:
    """Nobody else takes part (a recruiter screen, a Calendly booking): the organizer is who
    you meet, unless the organizer is a scheduling robot."""
    if value is None or isinstance(value, list) or not email or _ROBOT.search(email):
        return []
    name = _clean_line(str(value.params.get("CN", ""))).strip().strip('"')[:MAX_LINE]
    return [Interviewer(name=name or email.split("@")[0], notes=email)]


_EMAIL = re.compile(r"[^@\s<>\"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _email(value: Any) -> str:
    """The address of a CAL-ADDRESS ('mailto:Jane@Acme.com' -> 'jane@acme.com'), or ''."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    text = _clean_line(str(value)).strip()
    text = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE)
    return text.lower() if _EMAIL.fullmatch(text) else ""


def _text(value: Any) -> str:
    """A property as text; the first of repeated ones."""
    if value is None:
        return ""
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    return str(value)


def _int(value: Any) -> int:
    try:
        return int(_text(value).strip() or 0)
    except ValueError:
        return 0


# --------------------------------------------------------------------------- cleaning


# Never across a line break: an unterminated sequence must not swallow the lines after it.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?"  # CSI: colours, cursor moves
    r"|\][^\x07\x1b\r\n]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|[PX^_][^\x1b\r\n]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|[^\r\n]?)"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """`text` without terminal escape sequences and control characters (newline, tab kept).

    Used on every text taken from an invite, and on what we export (RFC 5545 forbids
    control characters in TEXT values).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


_clean = clean_text
_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _strip_controls(text: str) -> str:
    """The whole file without escape sequences and control characters, line breaks kept.

    Done before parsing, so hostile bytes in a parameter (where icalendar would drop the
    whole property) are removed and the rest of the line still counts.
    """
    return _RAW_CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def _clean_line(text: str) -> str:
    """Cleaned text for one-line fields: newlines and tabs become spaces."""
    return re.sub(r"[\n\t]+", " ", clean_text(text))


def _has_control(text: str) -> bool:
    return clean_text(text) != text or "\n" in text or "\t" in text


# =========================================================================== matching


_GENERIC_HOSTS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "linkedin.com",
        "github.com",
        "glassdoor.com",
        "greenhouse.io",
        "lever.co",
        "ashbyhq.com",
        "workday.com",
        "myworkdayjobs.com",
        "goodtime.io",
        "calendly.com",
        "wellfound.com",
        "indeed.com",
        "notion.site",
        "google.com",
        "medium.com",
        "x.com",
        "twitter.com",
        "youtube.com",
    }
)


def guess_company(invite: InvitedRound, companies: Mapping[str, Company]) -> str | None:
    """The slug of the company an invite comes from, by email domain; None if unsure.

    The organizer's domain weighs most, then the attendees'. A match on `Company.domain`
    beats one on the host of a link. A tie between companies is no answer: the user picks.
    """
    organizer = _base_domain(invite.organizer_email.rpartition("@")[2])
    attendees = {
        _base_domain(person.notes.rpartition("@")[2])
        for person in invite.interviewers
        if "@" in person.notes
    }
    scores: dict[str, int] = {}
    for slug, company in companies.items():
        own, linked = _company_domains(company)
        score = 0
        if organizer:
            score += 4 if organizer in own else 2 if organizer in linked else 0
        score += sum(2 if d in own else 1 if d in linked else 0 for d in attendees if d)
        if score:
            scores[slug] = score
    if not scores:
        return None
    best = max(scores.values())
    winners = sorted(slug for slug, score in scores.items() if score == best)
    return winners[0] if len(winners) == 1 else None


def _company_domains(company: Company) -> tuple[set[str], set[str]]:
    """(domains the company declares, domains of its links), as registrable domains."""
    own = {_base_domain(_host(company.domain) or company.domain.strip().lower())} - {""}
    linked = {_base_domain(_host(link)) for link in company.links}
    return own, {domain for domain in linked if domain and domain not in _GENERIC_HOSTS}


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"})


def _base_domain(host: str) -> str:
    """'eng.acme.co.uk' -> 'acme.co.uk', 'careers.acme.com' -> 'acme.com'."""
    labels = [label for label in host.strip().lower().strip(".").split(".") if label]
    if len(labels) < 2:
        return ""
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


# --------------------------------------------------------------------------- merging


def merge_invite(
    company: Company,
    invite: InvitedRound,
    *,
    default_kind: str = "other",
    now: datetime | None = None,
    kinds: Mapping[str, str] | None = None,
) -> tuple[Round, bool]:
    """Put an invite into `company`: update the round it came from, or add a new one.

    A round matches by the recruiter's UID (`imported_uid`) or by our own export UID, so
    importing our own export or a recruiter's update changes the round in place. The
    returned round is the one now in `company.rounds` (an updated round is a new, validated
    object in the same place). `created` is True for a new round. Re-importing an unchanged
    invite changes nothing, not even `updated`. `kinds` (kind -> label) lets a title equal
    to the round's label leave its title empty, and guesses the kind of a new round.
    """
    labels = dict(kinds or {})
    title = _strip_company(invite.title, company.name)
    for index, round_ in enumerate(company.rounds):
        if invite.uid in (round_.imported_uid, round_uid(round_)):
            updated = _updated_round(round_, invite, title, labels, now)
            company.rounds[index] = updated
            return updated, False
    created = _new_round(company, invite, title, default_kind, labels, now)
    company.rounds = [*company.rounds, created]
    return company.rounds[-1], True


def _strip_company(title: str, company_name: str) -> str:
    """'Acme — System design' -> 'System design': undo our own export's SUMMARY."""
    prefix = f"{_clean_line(company_name)} — "
    return title[len(prefix) :] if title.startswith(prefix) else title


def _updated_round(
    round_: Round, invite: InvitedRound, title: str, kinds: dict[str, str], now: datetime | None
) -> Round:
    data = round_.model_dump()
    data.update(
        start=invite.start,
        timezone=invite.timezone,
        duration_minutes=invite.duration_minutes,
    )
    if invite.where and not (round_.where and is_placeholder_place(invite.where)):
        data["where"] = invite.where
    if title and title != round_.label(kinds):
        data["title"] = title
    if invite.cancelled:
        data["status"] = RoundStatus.CANCELLED
    elif round_.is_cancelled:
        data["status"] = RoundStatus.SCHEDULED
    data["interviewers"] = _merge_people(round_.interviewers, invite.interviewers)
    updated = Round.model_validate(data)
    if updated.model_dump() == round_.model_dump():
        return round_
    updated.touch(round_, now)
    return updated


def _merge_people(known: list[Interviewer], invited: Iterable[Interviewer]) -> list[Interviewer]:
    """Everyone already known (with the user's notes), plus newcomers from the invite."""
    people = list(known)
    keys = {p.name.casefold() for p in known} | {p.notes.lower() for p in known if "@" in p.notes}
    for person in invited:
        if person.name.casefold() in keys or (person.notes and person.notes.lower() in keys):
            continue
        people.append(person)
        keys |= {person.name.casefold(), person.notes.lower()}
    return people


def _new_round(
    company: Company,
    invite: InvitedRound,
    title: str,
    default_kind: str,
    kinds: dict[str, str],
    now: datetime | None,
) -> Round:
    kind = _guess_kind(title, kinds) or default_kind
    if title.casefold() == kinds.get(kind, "").casefold():
        title = ""
    taken = {round_.id for round_ in company.rounds}
    round_id = new_id("r")
    while round_id in taken:  # pragma: no cover - 16 million ids to pick from
        round_id = new_id("r")
    round_ = Round(
        id=round_id,
        kind=kind,
        title=title,
        start=invite.start,
        timezone=invite.timezone,
        duration_minutes=invite.duration_minutes,
        where=invite.where,
        status=RoundStatus.CANCELLED if invite.cancelled else RoundStatus.SCHEDULED,
        interviewers=list(invite.interviewers),
        prep_notes=invite.description,
        imported_uid=invite.uid,
    )
    round_.touch(None, now)
    return round_


def _guess_kind(title: str, kinds: dict[str, str]) -> str | None:
    """The kind whose label the title contains ('System Design Interview' -> system_design)."""
    folded = title.casefold()
    matches = [(len(label), kind) for kind, label in kinds.items() if label.casefold() in folded]
    return max(matches)[1] if matches and folded else None
