"""A bound on the cost of expanding a recurrence rule, checked before anything expands it.

Every RRULE in a file is expanded by dateutil somewhere: icalendar turns each VTIMEZONE
into transitions while it parses (up to 2038), recurring-ical-events lists an event's
occurrences. dateutil walks every period from DTSTART, so `FREQ=MINUTELY` from 1900 is
66 million steps (issue 11.5: 1.5 GB in 90 s), and a rule whose filters never match
(`BYMONTH=2;BYMONTHDAY=30`) walks to the year 9999 whatever its COUNT or UNTIL says. So
each rule's walk is estimated from its text alone, pessimistically, and a rule over
`MAX_RULE_STEPS` is never handed to either library.
"""

from __future__ import annotations

import math
import re

MAX_RULE_STEPS = 200_000
"""Periods dateutil may walk for one rule: well under a second on a slow machine."""

_PERIODS_PER_YEAR = {
    "YEARLY": 1,
    "MONTHLY": 12,
    "WEEKLY": 53,
    "DAILY": 366,
    "HOURLY": 366 * 24,
    "MINUTELY": 366 * 24 * 60,
    "SECONDLY": 366 * 24 * 3600,
}
_EXPANDING = ("BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYHOUR", "BYMINUTE")
_FILTERING = ("BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYSETPOS")
"""Parts that can make a rule match nothing, so that dateutil searches up to 9999."""
LAST_YEAR = 9999


def parse_rule(text: str) -> dict[str, list[str]]:
    """'FREQ=WEEKLY;BYDAY=MO,TU' -> {'FREQ': ['WEEKLY'], 'BYDAY': ['MO', 'TU']}."""
    parts: dict[str, list[str]] = {}
    for item in text.strip().split(";"):
        name, _, value = item.partition("=")
        if name.strip():
            parts[name.strip().upper()] = [v.strip().upper() for v in value.split(",")]
    return parts


def rule_steps(rule: dict[str, list[str]], first_year: int, last_year: int) -> int:
    """How many periods dateutil may walk to expand `rule` from `first_year` on.

    `last_year` is where the caller stops asking (a window's end, 2038 for icalendar's
    zones); a rule that can match nothing is walked to 9999 instead. Every BY part is
    counted as multiplying the candidates of a period, which overestimates on purpose.
    """
    freq = (rule.get("FREQ") or [""])[0]
    per_year = _PERIODS_PER_YEAR.get(freq)
    if per_year is None:
        return 0  # no valid FREQ: dateutil refuses the rule before walking anything
    interval = _number((rule.get("INTERVAL") or ["1"])[0], default=1)
    until = _until_year((rule.get("UNTIL") or [""])[0])
    if _may_match_nothing(rule):
        last_year = LAST_YEAR
    elif until is not None:
        last_year = min(last_year, until)
    years = max(1, last_year - first_year + 1)
    candidates = 1
    for part in _EXPANDING:
        candidates *= max(1, len(rule.get(part, [])))
    return math.ceil(per_year / max(1, interval)) * years * candidates


def too_costly(rule_text: str, first_year: int, last_year: int) -> str | None:
    """Why a rule must not be expanded, or None when its cost is bounded."""
    rule = parse_rule(rule_text)
    steps = rule_steps(rule, first_year, last_year)
    if steps <= MAX_RULE_STEPS:
        return None
    freq = (rule.get("FREQ") or ["?"])[0].lower()
    return (
        f"repeats {freq} from {first_year} (about {steps:,} steps to compute, "
        f"more than the {MAX_RULE_STEPS:,} allowed)"
    )


def _may_match_nothing(rule: dict[str, list[str]]) -> bool:
    if any(part in rule for part in _FILTERING):
        return True
    # '5MO' (the fifth Monday) does not exist in every month.
    return any(re.match(r"[+-]?\d", day) for day in rule.get("BYDAY", []))


def _number(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


def _until_year(text: str) -> int | None:
    match = re.match(r"(\d{4})", text)
    return int(match.group(1)) if match else None


def year_of(value: str) -> int:
    """The year of an iCalendar DATE or DATE-TIME value ('19000101T000000' -> 1900)."""
    match = re.search(r"(\d{4})\d{4}", value)
    return int(match.group(1)) if match else 1
