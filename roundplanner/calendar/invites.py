"""Recruiters' `.ics` invites to plain `InvitedRound` values, or a `CalendarError`.

A file is checked line by line before icalendar parses it (size, encoding, structure,
nesting, number of events, the cost of its time-zone rules), so a hostile or broken file
is refused with the line at fault instead of a parser's traceback. Then each event is read
on its own: one that cannot become a round is skipped with a warning naming its line, and
only a file with nothing usable is an error. See the package doc for the import decisions.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar, Component

from roundplanner.calendar.boilerplate import clean_description, clean_title
from roundplanner.calendar.cleaning import (
    MAX_LINE,
    MAX_TEXT,
    _clean,
    _clean_line,
    _strip_controls,
)
from roundplanner.calendar.export import PREP_SUFFIX
from roundplanner.calendar.fields import _email, _int, _interviewers, _text, _where
from roundplanner.calendar.rules import (
    LAST_RULE_YEAR,
    MAX_IMPORT_EVENTS,
    Budget,
    too_costly,
    year_of,
)
from roundplanner.calendar.series import SeriesError, pick_occurrence
from roundplanner.calendar.zones import EMPTY_TZID, FileZones
from roundplanner.model import Interviewer, check_local_time, zone

MAX_INVITE_BYTES = 5 * 1024 * 1024
"""Invites are a few kilobytes; anything this big is not an invite."""
MAX_EVENTS = MAX_IMPORT_EVENTS
"""Events one import may hold, all its calendars together (see `rules.Budget`)."""
MAX_DEPTH = 8
MAX_RDATES = 1000
"""Extra dates (RDATE) one series may list; an interview loop has a handful."""


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
    """0 for a zero-length event: the round takes its kind's default length."""
    where: str
    interviewers: list[Interviewer] = field(default_factory=list)
    organizer_email: str = ""
    cancelled: bool = False
    description: str = ""
    organizer_name: str = ""
    sequence: int = 0
    """The invite's SEQUENCE: versions of one UID are ordered by it, then by `stamp`."""
    stamp: datetime | None = None
    """DTSTAMP in UTC, or None when the invite has none."""
    line: int = 0
    """The line of the event's BEGIN:VEVENT in its file, for messages."""
    occurrence_of: datetime | None = None
    """For a changed occurrence sent without its series (RECURRENCE-ID only): the instant
    of the occurrence it replaces, in UTC, so that it only changes that occurrence."""
    occurrence_at: datetime | None = None
    """For an occurrence of a series or a changed occurrence: the instant it had in the
    series (its RECURRENCE-ID, in UTC), kept on the round so that a second change of the
    same occurrence is still recognised once the round has moved."""

    @property
    def starts_at(self) -> datetime:
        return self.start.replace(tzinfo=zone(self.timezone))

    @property
    def version(self) -> tuple[int, datetime]:
        """What orders two copies of this invite: SEQUENCE, then DTSTAMP."""
        return self.sequence, self.stamp or datetime.min.replace(tzinfo=UTC)


@dataclass
class InviteFile:
    """What a file holds: its rounds, and a one-line warning for each event skipped."""

    invites: list[InvitedRound]
    warnings: list[str] = field(default_factory=list)


def read_invites(
    data: bytes,
    source: str = "invite.ics",
    *,
    default_timezone: str | None = None,
    now: datetime | None = None,
) -> list[InvitedRound]:
    """The timed events of an `.ics` file (see `read_calendar`), without the warnings."""
    return read_calendar(data, source, default_timezone=default_timezone, now=now).invites


def read_calendar(
    data: bytes,
    source: str = "invite.ics",
    *,
    default_timezone: str | None = None,
    now: datetime | None = None,
    budget: Budget | None = None,
) -> InviteFile:
    """The rounds of an `.ics` file, one per UID, or CalendarError when none is usable.

    `default_timezone` is the zone for floating times when the file names none
    (X-WR-TIMEZONE). `now` picks which occurrence of a recurring series is the round
    (the next one not cancelled that has not ended); without it, the first one.
    `budget` is what the whole import may still spend (an email's other calendars share
    it); a file read alone gets a budget of its own.
    """
    budget = budget if budget is not None else Budget()
    text = _strip_controls(_decode(data, source))
    scan = _scan(_content_lines(text), source, budget)
    calendars = _parse(scan.text, source)
    context = _Context.build(calendars, default_timezone, scan.ignored_zones, budget)
    events = [
        component
        for calendar in calendars
        for component in calendar.subcomponents
        if component.name == "VEVENT"
    ]
    if not events:
        raise CalendarError(f"{source}: no events (VEVENT) in the file")
    event_lines = scan.events
    if len(events) != len(event_lines):  # pragma: no cover - both passes agree on VEVENTs
        event_lines = [{} for _ in events]
    problems = _Problems(source, list(scan.warnings))
    groups = _by_uid(events, [_Lines(source, where) for where in event_lines], problems)
    invites: list[InvitedRound] = []
    for members in groups.values():
        try:
            invites.append(_invite_of_uid(members, context, now))
        except CalendarError as error:
            problems.skip(error, members[0][1].begin)
        except _AllDay as all_day:
            problems.all_day(all_day.lines)
        except Exception as error:  # a safety net: one odd event never costs the rest
            lines = members[0][1]
            problems.skip(
                lines.error("BEGIN", f"cannot be read: {_first_line(error)}"), lines.begin
            )
    if not invites:
        raise problems.nothing_usable()
    return InviteFile(invites, problems.warnings + context.notes)


def _by_uid(
    events: list[Component], where: list[_Lines], problems: _Problems
) -> dict[str, list[tuple[Component, _Lines]]]:
    """The events of each UID (versions, a series and its overrides), in file order; an
    event without a usable UID, or one of our own prep events, is skipped."""
    groups: dict[str, list[tuple[Component, _Lines]]] = {}
    for event, lines in zip(events, where, strict=True):
        uid = _clean_line(_text(event.get("UID"))).strip()
        why = _uid_problem(uid)
        if why is None:
            groups.setdefault(uid, []).append((event, lines))
        else:
            problems.skip(lines.error(*why), lines.begin)
    return groups


def _uid_problem(uid: str) -> tuple[str, str] | None:
    """(property, why) an event cannot be imported by its UID; None when it can."""
    if not uid:
        return "BEGIN", "VEVENT has no UID, so it could never be updated"
    if len(uid) > MAX_LINE:
        return "UID", f"longer than {MAX_LINE} characters"
    if uid.endswith(PREP_SUFFIX):
        return "UID", "a prep event of roundplanner's own export"
    return None


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


@dataclass
class _Scan:
    """What the line-by-line pass found: where each VEVENT's properties are, the text
    icalendar may parse (trailing junk and unsafe zones left out), and why."""

    events: list[dict[str, int]]
    text: str
    warnings: list[str]
    ignored_zones: dict[str, str] = field(default_factory=dict)
    """TZID -> why its VTIMEZONE was left out."""


@dataclass
class _ZoneBlock:
    """One VTIMEZONE as the line pass sees it, to bound its rules before icalendar does."""

    tzid: str
    first: int
    """Index into the content lines of its BEGIN."""
    begin_line: int
    start_year: int = 1
    problem: str | None = None
    offsets: set[str] = field(default_factory=set)
    """TZOFFSETFROM/TZOFFSETTO seen in the current STANDARD/DAYLIGHT block."""


def _scan(lines: list[tuple[int, str]], source: str, budget: Budget) -> _Scan:
    """Refuse what is not a well-formed iCalendar stream, with the line at fault.

    What icalendar would choke on but a calendar app shrugs off is left out of the text
    it parses: lines after the last END:VCALENDAR (a mailer's signature; icalendar reads
    past them too), every VALARM (we never use the sender's alarms, and `TRIGGER:PT-2H`
    fails the whole parse), and a VTIMEZONE whose rules would cost too much to expand
    (icalendar expands them while parsing). Exchange 2010's empty TZID gets a stand-in.
    """
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise CalendarError(
            f"{source}: line {lines[0][0] if lines else 1}: does not start with "
            "BEGIN:VCALENDAR; not an iCalendar file"
        )
    scanner = _Scanner(source, budget)
    for index, (number, line) in enumerate(lines):
        if not scanner.stack and not line.strip().upper().startswith("BEGIN:VCALENDAR"):
            scanner.notes.append(f"{source}: line {number}: text after END:VCALENDAR ignored")
            scanner.drop.update(range(index, len(lines)))
            break
        scanner.line(index, number, line)
    if scanner.stack:
        component, opened = scanner.stack[-1]
        raise CalendarError(
            f"{source}: line {opened}: BEGIN:{component} is never closed (no END:{component})"
        )
    kept = [
        scanner.replace.get(index, line)
        for index, (_number, line) in enumerate(lines)
        if index not in scanner.drop
    ]
    return _Scan(scanner.events, "\r\n".join(kept) + "\r\n", scanner.notes, scanner.ignored)


@dataclass
class _Scanner:
    """The state of `_scan` as it walks the content lines (indexes into them)."""

    source: str
    budget: Budget
    stack: list[tuple[str, int]] = field(default_factory=list)
    events: list[dict[str, int]] = field(default_factory=list)
    drop: set[int] = field(default_factory=set)
    replace: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    ignored: dict[str, str] = field(default_factory=dict)
    zone_block: _ZoneBlock | None = None
    alarm_at: int | None = None

    def line(self, index: int, number: int, line: str) -> None:
        match = _NAME.match(line)
        if match is None:
            shown = _clean_line(line)[:40]
            raise CalendarError(f"{self.source}: line {number}: not a 'NAME:value' line: {shown!r}")
        name = match.group(0).upper()
        value = line[match.end() + 1 :].strip() if line[match.end()] == ":" else ""
        if name == "BEGIN":
            self.begin(index, number, value.upper())
        elif name == "END":
            self.end(index, number, value.upper())
        elif self.zone_block is not None:
            if name == "TZID" and not value.strip('" '):
                self.replace[index] = f"TZID:{EMPTY_TZID}"
            _zone_property(self.zone_block, name, value, self.budget)
        elif self.stack and self.stack[-1][0] == "VEVENT" and len(self.stack) == 2:
            self.events[-1].setdefault(name, number)

    def begin(self, index: int, number: int, component: str) -> None:
        if component == "VCALENDAR" and self.stack:
            # icalendar reads only the outer calendar's events: say so, do not drop silently.
            self.notes.append(
                f"{self.source}: line {number}: a calendar nested inside another; "
                "its events are not read"
            )
        _begin(self.stack, self.events, component, number, self.source, self.budget)
        if component == "VTIMEZONE":
            self.zone_block = _ZoneBlock("", index, number)
        elif component in ("STANDARD", "DAYLIGHT") and self.zone_block is not None:
            self.zone_block.offsets.clear()
        elif component == "VALARM" and self.alarm_at is None:
            self.alarm_at = index

    def end(self, index: int, number: int, component: str) -> None:
        _end(self.stack, component, number, self.source)
        block = self.zone_block
        if component in ("STANDARD", "DAYLIGHT") and block is not None and block.problem is None:
            missing = {"TZOFFSETFROM", "TZOFFSETTO"} - block.offsets
            if missing:
                # icalendar refuses the whole file for this: only the zone is left out.
                block.problem = f"its {component} block has no {' or '.join(sorted(missing))}"
        if component == "VALARM" and self.alarm_at is not None:
            self.drop.update(range(self.alarm_at, index + 1))
            self.alarm_at = None
        elif component == "VTIMEZONE" and self.zone_block is not None:
            block, self.zone_block = self.zone_block, None
            if block.problem is not None:
                self.ignored[block.tzid.strip('" ')] = block.problem
                self.drop.update(range(block.first, index + 1))
                self.notes.append(
                    f"{self.source}: line {block.begin_line}: time zone "
                    f"{_clean_line(block.tzid)[:60]!r} ignored: {block.problem}"
                )


def _zone_property(block: _ZoneBlock, name: str, value: str, budget: Budget) -> None:
    """Note a VTIMEZONE's TZID, and check each observance's RRULE against the cost bound.

    An observance's DTSTART comes before its RRULE in every real file; a rule seen
    first is judged from the year 1, the most pessimistic start. Every rule of the zone
    (and of the whole import) is charged to `budget`: a zone of 200 observances each under
    the bound for one rule is left out once they add up.
    """
    if name == "TZID":
        block.tzid = value
    elif name in ("TZOFFSETFROM", "TZOFFSETTO"):
        block.offsets.add(name)
        if block.problem is None and not _usable_offset(value):
            block.problem = f"{name} {_clean_line(value)[:20]!r} is not an offset under 24 hours"
    elif name == "DTSTART":
        block.start_year = year_of(value)
    elif name == "RRULE" and block.problem is None:
        # dateutil's zone (tzical) walks the rule up to each instant it is asked about:
        # at most a round's last year, or 9999 for a rule that may match nothing.
        block.problem = too_costly(value, block.start_year, LAST_RULE_YEAR, budget)


def _usable_offset(value: str) -> bool:
    """'+0530', '-1200', '+053017': an offset icalendar reads (under 24 hours)."""
    match = re.fullmatch(r"[+-](\d\d)(\d\d)(\d\d)?", value.strip())
    if match is None:
        return False
    return int(match[1]) < 24 and int(match[2]) < 60 and int(match[3] or 0) < 60


def _begin(
    stack: list[tuple[str, int]],
    events: list[dict[str, int]],
    component: str,
    number: int,
    source: str,
    budget: Budget,
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
        if budget.events <= 0:
            raise CalendarError(
                f"{source}: more than {MAX_EVENTS} events in one import; not an invite"
            )
        budget.events -= 1
        events.append({"BEGIN": number})
    stack.append((component, number))


def _end(stack: list[tuple[str, int]], component: str, number: int, source: str) -> None:
    opened, opened_at = stack.pop()  # never empty: lines after the calendar are dropped
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

    @property
    def begin(self) -> int:
        return self.lines.get("BEGIN", 0)


class _AllDay(Exception):
    """An all-day event: skipped, and counted apart (our own offer deadlines are these)."""

    def __init__(self, lines: _Lines) -> None:
        super().__init__()
        self.lines = lines


@dataclass
class _Problems:
    """The events skipped so far; the warnings in file order; the error when nothing was
    usable."""

    source: str
    notes: list[str]
    skipped: list[tuple[int, str]] = field(default_factory=list)
    all_days: list[int] = field(default_factory=list)

    def skip(self, error: CalendarError, line: int) -> None:
        self.skipped.append((line, str(error).removeprefix(f"{self.source}: ")))

    def all_day(self, lines: _Lines) -> None:
        self.all_days.append(lines.begin)

    @property
    def warnings(self) -> list[str]:
        events = [(line, f"{self.source}: {text}; event skipped") for line, text in self.skipped]
        events += [
            (line, f"{self.source}: {f'line {line}: ' if line else ''}all-day event skipped "
             "(not a round)")
            for line in self.all_days
        ]  # fmt: skip
        return self.notes + [text for _line, text in sorted(events, key=lambda e: e[0])]

    def nothing_usable(self) -> CalendarError:
        if not self.skipped:
            days = len(self.all_days)
            return CalendarError(
                f"{self.source}: no timed events to import ({days} all-day event"
                f"{'s' if days != 1 else ''} skipped)"
            )
        first = min(self.skipped, key=lambda item: item[0])[1]
        more = len(self.skipped) - 1 + len(self.all_days)
        tail = f" (and {more} more event{'s' if more != 1 else ''} skipped)" if more else ""
        return CalendarError(f"{self.source}: nothing to import: {first}{tail}")


@dataclass
class _Context:
    """What the whole file says that events need: its zones, its method, its default zone."""

    zones: FileZones
    floating_zone: str | None
    cancel_all: bool
    budget: Budget = field(default_factory=Budget)
    """What the import may still spend expanding rules (shared by all its calendars)."""
    notes: list[str] = field(default_factory=list)
    """Warnings about events imported with a value clamped or left out."""

    @classmethod
    def build(
        cls,
        calendars: list[Calendar],
        default_timezone: str | None,
        ignored: dict[str, str] | None = None,
        budget: Budget | None = None,
    ) -> _Context:
        timezones: dict[str, Component] = {}
        floating: str | None = None
        cancel_all = False
        for calendar in calendars:
            for component in calendar.walk("VTIMEZONE"):
                timezones[str(component.get("TZID", "")).strip().strip('"')] = component
            declared = FileZones({}).iana_name(_clean_line(str(calendar.get("X-WR-TIMEZONE", ""))))
            floating = floating or declared
            cancel_all = cancel_all or str(calendar.get("METHOD", "")).upper() == "CANCEL"
        if floating is None and default_timezone:
            floating = FileZones({}).iana_name(default_timezone)
        return cls(FileZones(timezones, ignored), floating, cancel_all, budget or Budget())


def _invite_of_uid(
    members: list[tuple[Component, _Lines]], context: _Context, now: datetime | None
) -> InvitedRound:
    """The round one UID stands for: the newest version, or the occurrence of a series
    the user will attend (see `series.pick_occurrence`)."""
    masters = [m for m in members if m[0].get("RECURRENCE-ID") is None]
    overrides = [m for m in members if m[0].get("RECURRENCE-ID") is not None]
    sequence = _sequence(members, context)
    stamp = max((s for s in (_stamp(e) for e, _l in members) if s), default=None)
    for event, where in members:
        if event.get("DTSTAMP") is not None and _stamp(event) is None:
            context.notes.append(
                str(where.error("DTSTAMP", "unreadable or outside 1900–2199; left out"))
            )
    if masters:
        # Several copies of one event in one file: the newest wins, the later on a tie.
        master, lines = max(enumerate(masters), key=lambda m: (_version(m[1][0]), m[0]))[1]
    else:
        master, lines = overrides[0]
    _check_start(master, lines)
    _check_year(_value(master, "DTSTART", lines), "DTSTART", lines)
    if not isinstance(_value(master, "DTSTART", lines), datetime):
        raise _AllDay(lines)
    chosen = master
    if not masters or _is_series(master):
        singles = [event for event, _lines in overrides]
        parts = [master, *singles] if masters else singles
        chosen = _occurrence(parts, master, lines, context, now)
        if masters and chosen is not master:
            _inherit(chosen, master)
    invite = _invite_from_event(chosen, lines, context)
    invite.sequence, invite.stamp = sequence, stamp
    if not masters:
        invite.occurrence_of = _occurrence_instant(chosen, lines, context)
        invite.occurrence_at = invite.occurrence_of
    elif _is_series(master):
        original = _occurrence_instant(chosen, lines, context)
        invite.occurrence_at = original or invite.starts_at.astimezone(UTC)
    return invite


_INHERITED = (
    "SUMMARY",
    "DESCRIPTION",
    "LOCATION",
    "ORGANIZER",
    "ATTENDEE",
    "URL",
    "CONFERENCE",
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-ONLINEMEETINGURL",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
)
"""What a changed occurrence that leaves it out still has from its series."""


def _inherit(occurrence: Component, master: Component) -> None:
    """Fill what a changed occurrence leaves out (some senders write only the new time)
    from its series: the people, the notes, the place and the link."""
    for name in _INHERITED:
        if occurrence.get(name) is None and master.get(name) is not None:
            occurrence[name] = master[name]


def _occurrence_instant(event: Component, lines: _Lines, context: _Context) -> datetime | None:
    """The instant a changed occurrence replaces (its RECURRENCE-ID), in UTC; None when it
    cannot be read (the invite is then treated as a plain event)."""
    prop = event.get("RECURRENCE-ID")
    try:
        value = prop.dt if prop is not None and not isinstance(prop, list) else None
        if not isinstance(value, datetime):
            return None
        return _instant(prop, "RECURRENCE-ID", value, lines, context)[1].astimezone(UTC)
    except Exception:  # a broken RECURRENCE-ID: no occurrence to check, a plain event
        return None


MAX_SEQUENCE = 2**31 - 1
"""RFC 5545's SEQUENCE is a 32-bit integer, and so is a round's."""


def _sequence(members: list[tuple[Component, _Lines]], context: _Context) -> int:
    """The highest SEQUENCE of a UID's events, clamped to 0..2**31-1 with a warning (a
    negative or 23-digit SEQUENCE failed the whole file when saved)."""
    highest = max(_int(event.get("SEQUENCE")) for event, _lines in members)
    clamped = min(max(highest, 0), MAX_SEQUENCE)
    if clamped != highest:
        lines = next(w for e, w in members if _int(e.get("SEQUENCE")) == highest)
        shown = str(highest) if len(str(highest)) <= 20 else f"{str(highest)[:20]}…"
        context.notes.append(str(lines.error("SEQUENCE", f"{shown} read as {clamped}")))
    return clamped


def _is_series(event: Component) -> bool:
    return event.get("RRULE") is not None or event.get("RDATE") is not None


def _version(event: Component) -> tuple[int, datetime]:
    return _int(event.get("SEQUENCE")), _stamp(event) or datetime.min.replace(tzinfo=UTC)


def _stamp(event: Component) -> datetime | None:
    """DTSTAMP in UTC; None when absent or unreadable (a version then orders by SEQUENCE)."""
    try:
        value = _dt(event, "DTSTAMP")
    except Exception:  # absent, repeated or malformed: not worth refusing the event
        return None
    if not isinstance(value, datetime) or not FIRST_YEAR <= value.year <= LAST_YEAR_OF_ROUNDS:
        return None  # 9999-12-31 or 0001-01-01: a round cannot keep it, so no order
    try:
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except (OverflowError, ValueError):
        return None


def _occurrence(
    parts: list[Component],
    master: Component,
    lines: _Lines,
    context: _Context,
    now: datetime | None,
) -> Component:
    """The occurrence of a series (or of a set of single changed occurrences) that is the
    round, with the cost of every RRULE (overrides' too) and the number of RDATEs checked
    first."""
    for part in parts:
        _check_rules(part, lines, now, context.budget)
    floating = zone(context.floating_zone) if context.floating_zone else UTC
    try:
        return pick_occurrence(parts, now, floating, context.budget)
    except SeriesError as error:
        raise lines.error("RRULE" if "RRULE" in lines.lines else "BEGIN", str(error)) from None


def _check_rules(event: Component, lines: _Lines, now: datetime | None, budget: Budget) -> None:
    """CalendarError when expanding this event's rules could cost without bound, or more
    than the import has left (`budget`, charged here)."""
    try:
        first_year = _dt(event, "DTSTART").year
    except Exception:  # no usable DTSTART: recurring-ical-events will say so
        return
    window_end = (now.year if now is not None else first_year) + 3
    for rule in _all(event.get("RRULE")):
        text = rule.to_ical().decode("ascii", "replace")
        problem = too_costly(text, first_year, window_end, budget)
        if problem is not None:
            raise lines.error("RRULE", problem)
    dates = sum(len(getattr(rdate, "dts", [])) for rdate in _all(event.get("RDATE")))
    if dates > MAX_RDATES:
        raise lines.error("RDATE", f"{dates:,} extra dates, more than the {MAX_RDATES:,} allowed")


def _all(value: Any) -> list[Any]:
    """A property that may appear once, several times, or not at all, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


_NEEDED = ("UID", "DTSTART", "DTEND", "DURATION")
FIRST_YEAR, LAST_YEAR_OF_ROUNDS = 1900, 2199
"""Years an invite's times may fall in: an interview is never in year 1 or 9999, and
times that far out overflow on the way to UTC or to a calendar file."""


def _check_year(value: Any, prop: str, lines: _Lines) -> None:
    year = getattr(value, "year", None)
    if isinstance(year, int) and not FIRST_YEAR <= year <= LAST_YEAR_OF_ROUNDS:
        raise lines.error(
            prop, f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR_OF_ROUNDS}; not an interview"
        )


def _check_start(event: Component, lines: _Lines) -> None:
    for prop, message in getattr(event, "errors", []):
        if prop in _NEEDED:
            raise lines.error(prop, _clean_line(str(message))[:200])
    if event.get("DTSTART") is None:
        raise lines.error("BEGIN", "VEVENT has no DTSTART")


def _invite_from_event(event: Component, lines: _Lines, context: _Context) -> InvitedRound:
    """The round an event (or one occurrence of a series) describes."""
    _check_start(event, lines)
    start_value = _value(event, "DTSTART", lines)
    _check_year(start_value, "DTSTART", lines)
    if not isinstance(start_value, datetime):
        raise _AllDay(lines)
    tzid, instant = _instant(event["DTSTART"], "DTSTART", start_value, lines, context)
    if instant.second and not start_value.second:
        # An offset like +053017: a round keeps minutes, and no named zone has seconds.
        context.notes.append(
            str(lines.error("DTSTART", "its zone's offset has seconds; cut to the minute"))
        )
    timezone_name, wall_clock = _wall_clock(tzid, instant)
    cancelled = context.cancel_all or _text(event.get("STATUS")).strip().upper() == "CANCELLED"
    organizer = _email(event.get("ORGANIZER"))
    return InvitedRound(
        uid=_clean_line(_text(event.get("UID"))).strip(),
        # Cut before cleaning: the cleaning's patterns then see a bounded text.
        title=clean_title(_clean(_text(event.get("SUMMARY"))[: 4 * MAX_LINE]).strip())[:MAX_LINE],
        start=wall_clock,
        timezone=timezone_name,
        duration_minutes=_duration(event, instant, lines, context),
        where=_where(event),
        interviewers=_interviewers(event, organizer),
        organizer_email=organizer,
        organizer_name=_organizer_name(event.get("ORGANIZER")),
        cancelled=cancelled,
        description=clean_description(_clean(_text(event.get("DESCRIPTION"))[:MAX_TEXT])),
        line=lines.begin,
    )


def _organizer_name(value: Any) -> str:
    if value is None or isinstance(value, list):
        return ""
    return _clean_line(str(value.params.get("CN", ""))).strip().strip('"')[:MAX_LINE]


def _dt(event: Component, prop: str) -> Any:
    """A date/time property's decoded value; KeyError or a parse error when it has none."""
    item: Any = event[prop]
    return item.dt


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
    """(zone name, aware instant) of a DATE-TIME property, whatever way it names its zone.

    The file's own VTIMEZONE is the truth for its times (it is what the sender's calendar
    showed); see `FileZones.resolve` for the zone name kept.
    """
    raw_tzid = prop.params.get("TZID")
    naive = value.replace(tzinfo=None)
    if raw_tzid is not None:
        tzid = str(raw_tzid).strip().strip('"').strip()
        try:
            resolved = context.zones.resolve(tzid, naive)
        except ValueError as error:
            raise lines.error(name, str(error)) from None
        if resolved is not None:
            return resolved
        if tzid:
            shown = _clean_line(tzid)[:60]
            raise lines.error(name, f"unknown time zone {shown!r} (and no VTIMEZONE defines it)")
        # An empty TZID with no zone in the file to stand for: read it as floating.
    elif value.tzinfo is not None:
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
    """Minutes from DTSTART to DTEND (or DURATION); an hour when the invite says neither,
    0 for a zero-length event (the round then takes its kind's length)."""
    if event.get("DTEND") is not None:
        end_value = _value(event, "DTEND", lines)
        _check_year(end_value, "DTEND", lines)
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
    if length < timedelta(0):
        raise lines.error(prop, "the event ends before it starts")
    if minutes > 24 * 60:
        raise lines.error(prop, f"the event lasts {minutes // 60} hours; not an interview")
    return minutes
