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

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import recurring_ical_events
from icalendar import Calendar, Component

from roundplanner.calendar.rules import MAX_IMPORT_OCCURRENCES, Budget
from roundplanner.timefmt import entry_day_text

MAX_OCCURRENCES = 1000
"""Occurrences looked at for one series before it is refused (searching from near the
import date, an interview series never comes close)."""
LOOK_BACK = timedelta(days=366)
LOOK_AHEAD = timedelta(days=2 * 366)


class SeriesError(Exception):
    """A series recurring-ical-events cannot expand; one line."""


def pick_occurrence(
    parts: list[Component], now: datetime | None, floating: tzinfo, budget: Budget | None = None
) -> Component:
    """The occurrence of the series made of `parts` (master first, then overrides) that is
    the round; SeriesError when it has none in the time span looked at, when more than
    `MAX_OCCURRENCES` had to be looked at, or when the import's `budget` is spent.

    The search starts a day before `now` (an interview lasts at most a day), or at the
    series' first time when that is later: a series of two-hourly meetings since January
    is not walked from January, and a series starting in three years is found like a
    single event in three years. Only when nothing is ahead does it look back, a window
    at a time, for the last one held.
    """
    calendar = Calendar()
    for part in parts:
        calendar.add_component(part)
    first = min(_aware(_dt(part, "DTSTART"), floating) for part in parts)
    search = _Search(recurring_ical_events.of(calendar, skip_bad_series=False), floating, budget)
    try:
        if now is None:
            ahead = search.forward(first, first + LOOK_AHEAD)
        else:
            begin = max(first, now - timedelta(days=1))
            ahead = search.forward(begin, max(first, now) + LOOK_AHEAD)
        for occurrence in ahead:
            if _cancelled(occurrence):
                search.note_cancelled(occurrence)
            elif now is None or _end(occurrence, search.start(occurrence), floating) > now:
                return occurrence
            else:
                search.note_held(occurrence)
        if now is not None and search.last_held is None:
            search.backward(now - LOOK_BACK, max(now - timedelta(days=1), first))
    except SeriesError:
        raise
    except Exception as error:  # the library raises many types for a broken series
        text = str(error).strip().splitlines()
        why = text[0][:120] if text else type(error).__name__
        raise SeriesError(f"repeats in a way that cannot be read: {why}") from None
    chosen = search.last_held or search.last_cancelled
    if chosen is None:
        anchor = now if now is not None else first
        since, until = anchor - LOOK_BACK, max(anchor, first) + LOOK_AHEAD
        span = f"{entry_day_text(since)} and {entry_day_text(until)}"
        raise SeriesError(f"repeats, but has no occurrence between {span}")
    return chosen


_FIRST_WINDOW = timedelta(days=1)
_LARGEST_WINDOW = timedelta(days=64)


class _Search:
    """Occurrences asked of recurring-ical-events one window at a time (a day, growing
    fourfold while empty, up to 64 days), each counted against `MAX_OCCURRENCES` and the
    import's budget before the next is asked: its own `after()` grows its windows past a
    long empty stretch and then builds a whole dense year at once."""

    def __init__(self, query: Any, floating: tzinfo, budget: Budget | None) -> None:
        self.query = query
        self.floating = floating
        self.budget = budget
        self.looked = 0
        self.last_held: Component | None = None
        self.last_cancelled: Component | None = None
        self._last_cancelled_at: datetime | None = None

    def start(self, occurrence: Component) -> datetime:
        return _aware(_dt(occurrence, "DTSTART"), self.floating)

    def note_held(self, occurrence: Component) -> None:
        self.last_held = occurrence

    def note_cancelled(self, occurrence: Component) -> None:
        at = self.start(occurrence)
        if self._last_cancelled_at is None or at > self._last_cancelled_at:
            self.last_cancelled, self._last_cancelled_at = occurrence, at

    def _window(self, begin: datetime, end: datetime) -> list[Component]:
        found = sorted(self.query.between(begin, end), key=self.start)
        self.looked += len(found)
        if self.looked > MAX_OCCURRENCES:
            raise SeriesError(
                f"repeats more than {MAX_OCCURRENCES:,} times near the import date; "
                "not an interview"
            )
        if self.budget is not None:
            if self.budget.occurrences < len(found):
                raise SeriesError(
                    f"more than the {MAX_IMPORT_OCCURRENCES:,} occurrences one import may look at"
                )
            self.budget.occurrences -= len(found)
        return found

    def forward(self, begin: datetime, end: datetime) -> Iterator[Component]:
        """Occurrences starting in [begin, end), in order."""
        size = _FIRST_WINDOW
        while begin < end:
            stop = min(begin + size, end)
            found = [o for o in self._window(begin, stop) if begin <= self.start(o) < stop]
            yield from found
            begin = stop
            size = _FIRST_WINDOW if found else min(size * 4, _LARGEST_WINDOW)

    def backward(self, begin: datetime, end: datetime) -> None:
        """Look back from `end` to `begin` for the last occurrence held (and note the
        cancelled ones on the way)."""
        size = _FIRST_WINDOW
        while begin < end:
            start = max(end - size, begin)
            found = [o for o in self._window(start, end) if start <= self.start(o) < end]
            for occurrence in reversed(found):
                if not _cancelled(occurrence):
                    self.last_held = occurrence
                    return
                self.note_cancelled(occurrence)
            end = start
            size = _FIRST_WINDOW if found else min(size * 4, _LARGEST_WINDOW)


def _cancelled(occurrence: Component) -> bool:
    return str(occurrence.get("STATUS", "")).upper() == "CANCELLED"


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
