"""Rounds and open offers to `.ics` bytes (see the package doc for the decisions).

Nothing here touches the disk or the clock: the same state always exports to the same
bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from roundplanner.calendar.cleaning import _clean, _clean_line, _has_control
from roundplanner.calendar.vtimezones import vtimezone_ical
from roundplanner.calendar.writer import Component, Text, Uri
from roundplanner.model import (
    Company,
    Offer,
    OfferStatus,
    Round,
    RoundRef,
    RoundStatus,
    zone,
)

PRODID = "-//roundplanner//roundplanner 0.1//EN"
UID_SUFFIX = "@roundplanner"
PREP_SUFFIX = f".prep{UID_SUFFIX}"
"""UIDs of the prep events written for rounds that came from an invite."""
PREP_MINUTES = 30
"""Length of a prep event when no reminder is set (else it lasts the reminder's time)."""


def export_calendar(
    companies: Mapping[str, Company],
    *,
    kinds: Mapping[str, str],
    reminder_minutes: int,
    name: str = "roundplanner",
    select: Callable[[RoundRef], bool] | None = None,
    include_offers: bool = True,
    extra_events: Sequence[tuple[tuple[datetime, str], Component]] = (),
) -> bytes:
    """The whole calendar as `.ics` bytes: one VEVENT per round that has a start.

    `select` narrows the rounds (None: every round); offer deadlines come along for the
    companies that have a selected round, or for every company when nothing is selected.
    `extra_events` (the opt-in prep blocks, see prep_blocks.py) are added as they are.
    """
    calendar, zones = build_calendar(
        companies,
        kinds=kinds,
        reminder_minutes=reminder_minutes,
        name=name,
        select=select,
        include_offers=include_offers,
        extra_events=extra_events,
    )
    return calendar.to_ical(
        inner=[vtimezone_ical(tzid, first, last) for tzid, first, last in zones]
    )


def build_calendar(
    companies: Mapping[str, Company],
    *,
    kinds: Mapping[str, str],
    reminder_minutes: int,
    name: str = "roundplanner",
    select: Callable[[RoundRef], bool] | None = None,
    include_offers: bool = True,
    extra_events: Sequence[tuple[tuple[datetime, str], Component]] = (),
) -> tuple[Component, list[tuple[str, date, date]]]:
    """What `export_calendar` writes: the VCALENDAR with its events, and the VTIMEZONEs
    it needs as (zone, first date, last date), to go before the events in zone order.

    Apart so that the tests can serialise the same components with icalendar too.
    """
    labels = dict(kinds)
    events: list[tuple[tuple[datetime, str], Component]] = []
    zone_dates: dict[str, list[date]] = {}
    chosen: set[str] = set()
    uids: set[str] = set()
    for ref in _rounds_to_export(companies, select):
        chosen.add(ref.slug)
        uid = _unique_uid(ref, uids)
        if ref.round.imported_uid:
            event, used = _prep_event(ref, uid, labels, reminder_minutes)
        else:
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
    events.extend(extra_events)
    calendar = _new_calendar(name)
    for _key, event in sorted(events, key=lambda item: item[0]):
        calendar.add_component(event)
    zones = [(tzid, min(days), max(days)) for tzid, days in sorted(zone_dates.items())]
    return calendar, zones


@dataclass(frozen=True)
class EventObject:
    """One event of the export as its own calendar object (CalDAV, a vdir).

    `data` is a VCALENDAR holding this VEVENT and the VTIMEZONE it needs: the same UID and
    the same event lines as in `export_calendar`. `slug` and `round_id` say where it came
    from; `kind` is "round", "prep" (a round from a recruiter's invite) or "offer".
    """

    uid: str
    data: bytes
    slug: str
    round_id: str
    kind: str


def export_events(
    companies: Mapping[str, Company],
    *,
    kinds: Mapping[str, str],
    reminder_minutes: int,
    name: str = "roundplanner",
) -> list[EventObject]:
    """Every event of `export_calendar(companies)`, each as a calendar object of its own.

    Built by the same builders as the whole calendar (UIDs included, repeated round ids
    disambiguated the same way), so a synced object and the `.ics` export never disagree.
    """
    labels = dict(kinds)
    objects: list[EventObject] = []
    uids: set[str] = set()
    for ref in _rounds_to_export(companies, None):
        uid = _unique_uid(ref, uids)
        prep = bool(ref.round.imported_uid)
        builder = _prep_event if prep else _round_event
        event, used = builder(ref, uid, labels, reminder_minutes)
        kind = "prep" if prep else "round"
        objects.append(EventObject(uid, _alone(event, used, name), ref.slug, ref.round.id, kind))
    for slug in sorted(companies):
        offer_event = _offer_event(slug, companies[slug], reminder_minutes)
        if offer_event is not None:
            (_day, uid), event = offer_event
            objects.append(EventObject(uid, _alone(event, [], name), slug, "", "offer"))
    return objects


def _alone(event: Component, used: list[tuple[str, date]], name: str) -> bytes:
    """A VCALENDAR holding `event` and the VTIMEZONEs of the (zone, date) pairs it uses."""
    calendar = _new_calendar(name)
    calendar.add_component(event)
    zones: dict[str, list[date]] = {}
    for tzid, day in used:
        zones.setdefault(tzid, []).append(day)
    inner = [vtimezone_ical(tzid, min(days), max(days)) for tzid, days in sorted(zones.items())]
    return calendar.to_ical(inner=inner)


def round_uid(round_: Round) -> str:
    """The UID of a round's event: stable across exports and machines (see package doc)."""
    return f"{round_.id}{UID_SUFFIX}"


def offer_uid(slug: str) -> str:
    """The UID of a company's offer-deadline event: one offer per company, so the slug."""
    return f"offer-{slug}{UID_SUFFIX}"


def _unique_uid(ref: RoundRef, taken: set[str]) -> str:
    """`round_uid` (or the prep event's UID), unless another company's round already has
    that id.

    Round ids are unique per company only, and hand-edited files may repeat one ("r-1");
    two events with one UID would merge in every calendar app. The first company by slug
    keeps the plain UID, later ones get their slug in it.
    """
    suffix = PREP_SUFFIX if ref.round.imported_uid else UID_SUFFIX
    uid = f"{ref.round.id}{suffix}"
    if uid in taken:
        uid = f"{ref.round.id}.{ref.slug}{suffix}"
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


def _new_calendar(name: str) -> Component:
    calendar = Component("VCALENDAR")
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("NAME", Text(_clean_line(name)))
    calendar.add("X-WR-CALNAME", Text(_clean_line(name)))
    return calendar


# --------------------------------------------------------------------------- round events


_CONFERENCE = {"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": "Join the call"}
_STATUS = {
    RoundStatus.TENTATIVE: "TENTATIVE",
    RoundStatus.SCHEDULED: "CONFIRMED",
    RoundStatus.DONE: "CONFIRMED",
    RoundStatus.CANCELLED: "CANCELLED",
}


def _round_event(
    ref: RoundRef, uid: str, kinds: dict[str, str], reminder_minutes: int
) -> tuple[Component, list[tuple[str, date]]]:
    """The VEVENT of one round, and the (zone, local date) pairs its times use."""
    round_ = ref.round
    start, end = round_.starts_at, round_.ends_at
    assert start is not None and end is not None
    summary = event_summary(ref.company, round_, kinds)
    link = video_link_of(round_.where)
    event = Component("VEVENT")
    event.add("UID", uid)
    event.add("DTSTAMP", _stamp(round_))
    event.add("SEQUENCE", round_.sequence)
    used = [
        _add_time(event, "DTSTART", start, round_.timezone),
        _add_time(event, "DTEND", end, round_.timezone),
    ]
    if round_.updated is not None:
        event.add("LAST-MODIFIED", round_.updated)
    event.add("SUMMARY", Text(summary))
    location = link or _clean(round_.where).strip()
    if location:
        event.add("LOCATION", Text(location))
    if link:
        event.add("URL", Uri(link))
        event.add("CONFERENCE", Uri(link), _CONFERENCE)
    event.add("DESCRIPTION", Text(round_description(round_, link)))
    event.add("STATUS", _STATUS[round_.status])
    event.add("TRANSP", "TRANSPARENT" if round_.is_cancelled else "OPAQUE")
    event.add("CATEGORIES", _categories(round_, kinds))
    if reminder_minutes > 0 and not round_.is_cancelled:
        event.add_component(
            _alarm(timedelta(minutes=-reminder_minutes), f"{summary} {_in(reminder_minutes)}")
        )
    return event, [pair for pair in used if pair is not None]


def _prep_event(
    ref: RoundRef, uid: str, kinds: dict[str, str], reminder_minutes: int
) -> tuple[Component, list[tuple[str, date]]]:
    """The prep event of a round that came from a recruiter's invite.

    The user's calendar already holds the recruiter's event for the round; a second event
    at the same time would show the interview twice. So the round's own event is not
    written, and this one is instead: it ends when the interview starts, takes no busy
    time, and carries what our event would (who you meet, the checklist, the link, the
    round id to open in roundplanner).
    """
    round_ = ref.round
    start = round_.starts_at
    assert start is not None
    length = timedelta(minutes=reminder_minutes or PREP_MINUTES)
    summary = f"Prep: {event_summary(ref.company, round_, kinds)}"
    event = Component("VEVENT")
    event.add("UID", uid)
    event.add("DTSTAMP", _stamp(round_))
    event.add("SEQUENCE", round_.sequence)
    try:
        begin = start.astimezone(UTC) - length
    except OverflowError:  # a round at the very start of time: a zero-length prep event
        begin = start
    used = [
        _add_time(event, "DTSTART", begin, round_.timezone),
        _add_time(event, "DTEND", start, round_.timezone),
    ]
    if round_.updated is not None:
        event.add("LAST-MODIFIED", round_.updated)
    event.add("SUMMARY", Text(summary))
    note = "The interview itself is the recruiter's invite in your calendar."
    link = video_link_of(round_.where)
    event.add("DESCRIPTION", Text(f"{note}\n\n{round_description(round_, link)}"))
    event.add("STATUS", _STATUS[round_.status])
    event.add("TRANSP", "TRANSPARENT")
    event.add("CATEGORIES", ["Interview prep"])
    if reminder_minutes > 0 and not round_.is_cancelled:
        event.add_component(_alarm(timedelta(0), f"{summary}: the interview starts soon"))
    return event, [pair for pair in used if pair is not None]


_SEPARATORS = r"(?:\s*(?:—|–|:|\||<>|·|@)\s*|\s+(?:-|/|x|×)\s+)"


def strip_company(title: str, company_name: str) -> str:
    """'Acme — System design' -> 'System design': the company is said by the company.

    Our own export's 'Acme — ' and the senders' 'Acme: ', 'Acme | ', 'Acme <> Alex: '
    come off the front; 'Interview with Acme' and ' (Acme)' off the end.
    """
    name = re.escape(_clean_line(company_name).strip())
    if not name:
        return title
    stripped = re.sub(rf"^{name}{_SEPARATORS}", "", title, flags=re.IGNORECASE)
    stripped = re.sub(
        rf"(?:\s+(?:with|at|@)\s+{name}|{_SEPARATORS}{name}|\s*\({name}\))$",
        "",
        stripped,
        flags=re.IGNORECASE,
    )
    return title if stripped == title else stripped.strip() or title


def event_summary(company: Company, round_: Round, kinds: Mapping[str, str]) -> str:
    """'Acme — System design'; 'Cancelled: ' in front, since some apps ignore STATUS.

    A label that already names the company ('Acme: onsite', 'Onsite (Acme)') is not
    prefixed again.
    """
    name = _clean_line(company.name).strip()
    label = _clean(round_.label(dict(kinds)))
    text = label if strip_company(label, name) != label else f"{name} — {label}"
    return f"Cancelled: {text}" if round_.is_cancelled else text


def _stamp(round_: Round) -> datetime:
    """When the round last changed; without a record of that, a fixed stand-in (the start)."""
    if round_.updated is not None:
        return round_.updated.astimezone(UTC)
    start = round_.starts_at
    assert start is not None
    return start.astimezone(UTC)


def _add_time(event: Component, name: str, when: datetime, tzid: str) -> tuple[str, date] | None:
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
    return local.replace(fold=0).utcoffset() == local.utcoffset()


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


def _alarm(trigger: timedelta, description: str) -> Component:
    alarm = Component("VALARM")
    alarm.add("ACTION", "DISPLAY")
    alarm.add("DESCRIPTION", Text(description))
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
) -> tuple[tuple[datetime, str], Component] | None:
    """The all-day deadline event of an open offer, with its sort key; None without one."""
    offer: Offer | None = company.offer
    if offer is None or offer.deadline is None or offer.status not in _OPEN_OFFERS:
        return None
    day = offer.deadline
    uid = offer_uid(slug)
    event = Component("VEVENT")
    event.add("UID", uid)
    event.add("DTSTAMP", datetime(day.year, day.month, day.day, tzinfo=UTC))
    event.add("SEQUENCE", 0)
    event.add("DTSTART", day)
    event.add("DTEND", day + timedelta(days=1))
    summary = f"{_clean_line(company.name)} — offer deadline"
    event.add("SUMMARY", Text(summary))
    event.add("DESCRIPTION", Text(_offer_description(offer)))
    event.add("STATUS", "CONFIRMED")
    event.add("TRANSP", "TRANSPARENT")
    event.add("CATEGORIES", ["Offer deadline"])
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
