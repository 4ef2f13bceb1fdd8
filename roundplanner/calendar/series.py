"""Which occurrence of a recurring invite is the round, computed as calendar apps do.

recurring-ical-events (on icalendar) applies RRULE, RDATE, EXDATE and the RECURRENCE-ID
overrides, cancelled ones included, exactly as the sender's calendar shows them; we only
choose among its occurrences, and stop early. The cost of each rule was bounded before
(`rules.too_costly`); here the number of occurrences looked at and the time span are
bounded too.

The round is the next occurrence, not cancelled, that has not ended at `now`; when every
one is over, the last one that took place; when every one was cancelled, the last
cancelled one (the round is then cancelled). Without `now`, the first occurrence not
cancelled.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import recurring_ical_events
from icalendar import Calendar, Component

MAX_OCCURRENCES = 1000
"""Occurrences looked at for one series before giving up on finding a later one."""
LOOK_BACK = timedelta(days=366)
LOOK_AHEAD = timedelta(days=2 * 366)


class SeriesError(Exception):
    """A series recurring-ical-events cannot expand; one line."""


def pick_occurrence(parts: list[Component], now: datetime | None, floating: tzinfo) -> Component:
    """The occurrence of the series made of `parts` (master first, then overrides) that is
    the round; SeriesError when it has none in the time span looked at."""
    calendar = Calendar()
    for part in parts:
        calendar.add_component(part)
    first = _aware(_dt(parts[0], "DTSTART"), floating)
    anchor = now if now is not None else first
    begin = anchor - LOOK_BACK if now is not None else first
    end = anchor + LOOK_AHEAD
    last_held: Component | None = None
    last_cancelled: Component | None = None
    try:
        query = recurring_ical_events.of(calendar, skip_bad_series=False)
        for count, occurrence in enumerate(query.after(begin)):
            start = _aware(_dt(occurrence, "DTSTART"), floating)
            if count >= MAX_OCCURRENCES or start > end:
                break
            if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
                last_cancelled = occurrence
                continue
            if now is None or _end(occurrence, start, floating) > now:
                return occurrence
            last_held = occurrence
    except Exception as error:  # the library raises many types for a broken series
        text = str(error).strip().splitlines()
        why = text[0][:120] if text else type(error).__name__
        raise SeriesError(f"repeats in a way that cannot be read: {why}") from None
    chosen = last_held or last_cancelled
    if chosen is None:
        span = f"{begin:%Y-%m-%d} and {end:%Y-%m-%d}"
        raise SeriesError(f"repeats, but has no occurrence between {span}")
    return chosen


def _dt(component: Component, prop: str) -> Any:
    item: Any = component[prop]
    return item.dt


def _aware(value: date | datetime, floating: tzinfo) -> datetime:
    """A DATE or DATE-TIME as an aware instant; floating times read in `floating`."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        return value.replace(tzinfo=floating)
    return value.astimezone(UTC)


def _end(occurrence: Component, start: datetime, floating: tzinfo) -> datetime:
    """When an occurrence ends (recurring-ical-events always writes DTEND); its start when
    it cannot say."""
    try:
        return _aware(_dt(occurrence, "DTEND"), floating)
    except Exception:  # no or unreadable DTEND: a zero-length occurrence
        return start
