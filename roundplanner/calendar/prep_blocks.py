"""Prep blocks (plan.py) as calendar events: free time, so they never block a slot.

Opt-in (`[prep] calendar_blocks = true`). Each block is a VEVENT with TRANSP:TRANSPARENT
(free/busy: free, so a recruiter's scheduling tool still sees the slot open), its own
category, and a UID from the round and topic it is for, so that a re-planned block moves
instead of multiplying. The day's blocks follow each other from the start of the prep
hours. Times are written in UTC: a block needs no VTIMEZONE, and lands at the same instant
in every calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from roundplanner.calendar.cleaning import _clean_line
from roundplanner.calendar.writer import Component, Text
from roundplanner.model import zone
from roundplanner.plan import Block
from roundplanner.timefmt import day_time_text

CATEGORY = "roundplanner prep"
UID_SUFFIX = "@roundplanner"
_EPOCH = date(2000, 1, 1)


def prep_uid(block: Block) -> str:
    """Stable per round and topic (not per day): a moved block updates its event."""
    return f"prep-{block.key}{UID_SUFFIX}"


def prep_events(
    blocks: Sequence[Block], zone_name: str, starts: time, planned_on: date
) -> list[tuple[tuple[datetime, str], Component]]:
    """The VEVENTs of `blocks`, each with its sort key; `planned_on` (the plan's day)
    gives SEQUENCE, which rises as the plan is made again on later days."""
    tz = zone(zone_name)
    events: list[tuple[tuple[datetime, str], Component]] = []
    cursor: dict[date, datetime] = {}
    for block in sorted(blocks, key=lambda b: (b.day, b.is_review, b.key)):
        start = cursor.get(block.day) or datetime.combine(block.day, starts).replace(tzinfo=tz)
        end = start + timedelta(minutes=block.minutes)
        cursor[block.day] = end
        uid = prep_uid(block)
        what = "Review: checklist, stories, questions" if block.is_review else block.title
        event = Component("VEVENT")
        event.add("UID", uid)
        event.add("DTSTAMP", start.astimezone(UTC))
        event.add("SEQUENCE", max(0, (planned_on - _EPOCH).days))
        event.add("DTSTART", start.astimezone(UTC))
        event.add("DTEND", end.astimezone(UTC))
        event.add("SUMMARY", Text(_clean_line(f"Prep: {what}")))
        rounds = "\n".join(
            _clean_line(
                f"{key.company} — {key.label}, {day_time_text(key.starts_at)} {key.starts_at:%Z}"
            )
            for key in block.rounds
        )
        event.add("DESCRIPTION", Text(f"For:\n{rounds}\n\nPlanned by roundplanner (today)."))
        event.add("STATUS", "CONFIRMED")
        event.add("TRANSP", "TRANSPARENT")
        event.add("CATEGORIES", [CATEGORY])
        events.append(((start.astimezone(UTC), uid), event))
    return events
