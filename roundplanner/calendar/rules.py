"""A bound on the cost of expanding a recurrence rule, checked before anything expands it.

Every RRULE in a file is expanded by dateutil somewhere: icalendar turns each VTIMEZONE
into transitions while it parses (up to 2038), recurring-ical-events lists an event's
occurrences. dateutil walks every period from DTSTART, so `FREQ=MINUTELY` from 1900 is
66 million steps (issue 11.5: 1.5 GB in 90 s), and a rule whose filters never match
(`BYMONTH=2;BYMONTHDAY=30`) walks to the year 9999 whatever its COUNT or UNTIL says. So
each rule's walk is estimated from its text alone, pessimistically, and a rule over
`MAX_RULE_STEPS` is never handed to either library.

A step is one candidate day (or time) dateutil looks at: a YEARLY period builds a set of
366 days, a MONTHLY one 31, a WEEKLY one 7, whatever BY parts then filter them (issue
probe 2: `FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30` counted as 12 steps a year cost 372).
Every rule of one import (all its calendars, zones and events) draws on one `Budget`, so
many rules each just under the bound cannot add up to minutes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MAX_RULE_STEPS = 1_000_000
"""Candidate days dateutil may look at for one rule: a quarter of a second here."""
MAX_IMPORT_STEPS = 8_000_000
"""Candidate days for every rule of one import together: about two seconds here."""
MAX_IMPORT_EVENTS = 1000
"""Events (VEVENTs) one import may hold, over all its calendars."""
MAX_IMPORT_OCCURRENCES = 20_000
"""Occurrences of recurring series one import may look at, over all its events."""
LAST_RULE_YEAR = 2199
"""The last year anything asks a rule about (a round's times stop at 2199)."""


@dataclass
class Budget:
    """What one import may still spend: rule steps (see the module doc) and events.

    One is made per import and handed to every calendar in it, so the limits hold for
    the whole file (an mbox of many invites), not for each calendar part.
    """

    steps: int = MAX_IMPORT_STEPS
    events: int = MAX_IMPORT_EVENTS
    occurrences: int = MAX_IMPORT_OCCURRENCES
    spent: int = 0
    """Steps charged so far (for tests and messages)."""

    def charge(self, steps: int) -> bool:
        """Take `steps` from the budget; False (and nothing taken) when they do not fit."""
        if steps > self.steps:
            return False
        self.steps -= steps
        self.spent += steps
        return True


_PERIODS_PER_YEAR = {
    "YEARLY": 1,
    "MONTHLY": 12,
    "WEEKLY": 53,
    "DAILY": 366,
    "HOURLY": 366 * 24,
    "MINUTELY": 366 * 24 * 60,
    "SECONDLY": 366 * 24 * 3600,
}
_DAYS_PER_PERIOD = {"YEARLY": 366, "MONTHLY": 31, "WEEKLY": 7}
"""Candidate days dateutil builds for each period before its BY parts filter them."""
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
    if freq in _DAYS_PER_PERIOD:
        # The day set is built once a period; BY parts that only pick days among it
        # (BYMONTH, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYDAY) do not multiply it.
        candidates = max(1, len(rule.get("BYHOUR", []))) * max(1, len(rule.get("BYMINUTE", [])))
        candidates *= _DAYS_PER_PERIOD[freq]
    return math.ceil(per_year / max(1, interval)) * years * candidates


def too_costly(
    rule_text: str, first_year: int, last_year: int, budget: Budget | None = None
) -> str | None:
    """Why a rule must not be expanded, or None when its cost is bounded (and then
    charged to `budget`, the import's, when given)."""
    rule = parse_rule(rule_text)
    steps = rule_steps(rule, first_year, last_year)
    freq = (rule.get("FREQ") or ["?"])[0].lower()
    if steps > MAX_RULE_STEPS:
        return (
            f"repeats {freq} from {first_year} (about {steps:,} steps to compute, "
            f"more than the {MAX_RULE_STEPS:,} allowed)"
        )
    if budget is not None and not budget.charge(steps):
        return (
            f"repeats {freq} from {first_year} (about {steps:,} steps to compute, more "
            f"than the {budget.steps:,} left of the {MAX_IMPORT_STEPS:,} one import may use)"
        )
    return None


_SAFE_LIMIT = {"BYMONTHDAY": 31, "BYYEARDAY": 366, "BYWEEKNO": 53}
"""Alone (without BYMONTH), a value up to this matches in some month or year soon."""
_DAYS_A_WEEKDAY = {"WEEKLY": 1, "MONTHLY": 4, "YEARLY": 52}
"""How often each weekday comes at least in one period of this FREQ."""


def _may_match_nothing(rule: dict[str, list[str]]) -> bool:
    """Whether a rule's filters could leave every period empty (dateutil then searches to
    9999). Pessimistic, but common real patterns ("the 15th", "the second Tuesday", "the
    last weekday of the month", a month in a year) are known to match."""
    filters = [part for part in _FILTERING if part in rule]
    if "BYMONTH" in rule and len(filters) > 1:
        return True  # 'February 30', 'week 1 in July'
    for part, limit in _SAFE_LIMIT.items():
        if part in rule and not all(abs(_number(v, 999)) <= limit for v in rule[part]):
            return True
    freq = (rule.get("FREQ") or [""])[0]
    per_period = _DAYS_A_WEEKDAY.get(freq, 0)
    days = rule.get("BYDAY", [])
    for day in days:
        ordinal = re.match(r"([+-]?\d+)", day)
        if ordinal and abs(int(ordinal.group(1))) > max(per_period, 1 if freq else 0):
            return True  # '5MO' (the fifth Monday) does not exist in every month
    if "BYSETPOS" in rule:
        plain = [day for day in days if re.fullmatch(r"[A-Z]{2}", day)]
        if len(filters) > 1 or len(plain) != len(days) or not plain:
            return True
        smallest = len(plain) * per_period
        return not all(1 <= abs(_number(v, 0)) <= smallest for v in rule["BYSETPOS"])
    return False


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
