"""VTIMEZONE components we write ourselves, one block per transition.

Not named `vtimezone.py`: the package re-exports the `vtimezone` function under that name,
and a submodule of the same name would shadow it on the package.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from roundplanner.model import zone

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


def vtimezone_ical(tzid: str, first: date, last: date) -> bytes:
    """`vtimezone(tzid, first, last)` serialised, made once per zone and years."""
    return _vtimezone_ical(tzid, first.year, last.year)


@lru_cache(maxsize=128)
def _vtimezone_ical(tzid: str, first_year: int, last_year: int) -> bytes:
    return bytes(vtimezone(tzid, date(first_year, 1, 1), date(last_year, 1, 1)).to_ical())


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
