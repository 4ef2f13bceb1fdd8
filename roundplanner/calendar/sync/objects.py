"""Reading a server's calendar object: the start, length and place of our event in it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar

from roundplanner.calendar.cleaning import clean_text
from roundplanner.calendar.export import EventObject, video_link_of
from roundplanner.model import Company, zone
from roundplanner.timefmt import entry_text


def moved_change(
    data: bytes, obj: EventObject, company: Company | None
) -> tuple[Callable[[Company], None], str] | None:
    """The change (and its description) that makes our round match the server's event:
    its start, length and place. None when those are as we have them, or unreadable."""
    if company is None:
        return None
    round_ = next((r for r in company.rounds if r.id == obj.round_id), None)
    if round_ is None or round_.starts_at is None:
        return None
    theirs = _event_times(data, obj.uid, round_.timezone)
    if theirs is None:
        return None
    start, end, location = theirs
    told: list[str] = []
    new_start = round_.start
    if start != round_.starts_at:
        new_start = start.astimezone(zone(round_.timezone)).replace(tzinfo=None)
        told.append(f"moved to {entry_text(new_start)} {round_.timezone}")
    minutes = round_.duration_minutes
    if end is not None:
        length = int((end - start).total_seconds() // 60)
        if 0 < length <= 24 * 60 and length != minutes:
            minutes = length
            told.append(f"now {minutes} minutes")
    where = round_.where
    ours = video_link_of(round_.where) or round_.where.strip()
    if location is not None and location.strip() and location.strip() != ours:
        where = clean_text(location.strip())
        told.append(f"now at {where}")
    if not told:
        return None
    round_id = round_.id

    def change(company: Company) -> None:
        for r in company.rounds:
            if r.id == round_id:
                r.start = new_start
                r.duration_minutes = minutes
                r.where = where

    return change, "; ".join(told)


def _event_times(
    data: bytes, uid: str, fallback_zone: str
) -> tuple[datetime, datetime | None, str | None] | None:
    """(start, end, location) of the event `uid` in a server's object, aware; None when it
    has no usable timed start (an all-day event, a broken file)."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception:  # a server's object we cannot read is not applied, never a crash
        return None
    for event in calendar.walk("VEVENT"):
        if str(event.get("UID", "")) != uid or event.get("RECURRENCE-ID") is not None:
            continue
        try:
            start = _aware(event.decoded("DTSTART"), fallback_zone)
            if start is None:
                return None
            end: datetime | None = None
            if event.get("DTEND") is not None:
                end = _aware(event.decoded("DTEND"), fallback_zone)
            elif event.get("DURATION") is not None:
                duration = event.decoded("DURATION")
                if isinstance(duration, timedelta):
                    end = start + duration
        except Exception:
            return None
        location = event.get("LOCATION")
        return start, end, (str(location) if location is not None else None)
    return None


_COMPARED = ("DTSTART", "DTEND", "SEQUENCE", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS")


def same_event(theirs: bytes, ours: bytes, uid: str) -> bool:
    """Whether the server's object holds our event as we would write it. Compared on the
    values, not the bytes: servers re-serialise what they store (Radicale does)."""

    def values(data: bytes) -> list[Any] | None:
        try:
            calendar = icalendar.Calendar.from_ical(data)
            for event in calendar.walk("VEVENT"):
                if str(event.get("UID", "")) == uid:
                    return [event.decoded(name) if name in event else None for name in _COMPARED]
        except Exception:  # unreadable: not the same
            return None
        return None

    mine = values(ours)
    return mine is not None and values(theirs) == mine


def _aware(value: Any, fallback_zone: str) -> datetime | None:
    if not isinstance(value, datetime):
        return None  # an all-day date: not a round's time
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone(fallback_zone))
    return value.astimezone(UTC)
