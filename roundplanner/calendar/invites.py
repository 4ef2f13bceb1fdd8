"""Recruiters' `.ics` invites to plain `InvitedRound` values, or a `CalendarError`.

A file is checked line by line before icalendar parses it (size, encoding, structure,
nesting, number of events), so a hostile or broken file is refused with the line at fault
instead of a parser's traceback. See the package doc for the import decisions.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar, Component

from roundplanner.calendar.cleaning import (
    MAX_LINE,
    MAX_TEXT,
    _clean,
    _clean_line,
    _strip_controls,
)
from roundplanner.calendar.fields import _email, _int, _interviewers, _text, _where
from roundplanner.calendar.zones import _iana_name, _matching_zone
from roundplanner.model import Interviewer, check_local_time, zone

MAX_INVITE_BYTES = 5 * 1024 * 1024
"""Invites are a few kilobytes; anything this big is not an invite."""
MAX_EVENTS = 1000
MAX_DEPTH = 8


class CalendarError(Exception):
    """A calendar file we cannot use, with a one-line message naming what is wrong."""


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
