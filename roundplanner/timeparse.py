"""Dates and times as people type them: `2026-12-03 10:00`, `dec 3 10am`, `tue 14:30`.

A round's time is typed in the round's own zone, so everything here works on wall-clock
(naive) date-times plus a zone name, the way the model stores them. A time that cannot be
understood is a ValueError whose message says what to type instead: the form shows it
right under the field. Kept free of Textual so the command line can use it too.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import available_timezones

from roundplanner.model import check_local_time, zone

DISPLAY_FORMAT = "%Y-%m-%d %H:%M"
"""How a valid time is shown back once typed: one unambiguous form."""

EXAMPLES = "2026-12-03 10:00, dec 3 10am, tue 14:30, tomorrow 9:30"

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
    )
}
_MONTHS["sept"] = 9

_WEEKDAYS = {
    name: number
    for number in range(7)
    for name in (calendar.day_name[number].lower(), calendar.day_abbr[number].lower())
}
_WEEKDAYS.update({"tues": 1, "wednes": 2, "thur": 3, "thurs": 3})

_TIME = r"(?P<time>\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?|noon|midnight)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"(?P<month>[a-z]+)\.?"
_YEAR = r"(?:\s+(?P<year>\d{4}))?"

_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[ t]+" + _TIME + ")?")
_MONTH_DAY = re.compile(_MONTH + r"\s+" + _DAY + _YEAR + r"(?:\s+" + _TIME + ")?")
_DAY_MONTH = re.compile(_DAY + r"\s+" + _MONTH + _YEAR + r"(?:\s+" + _TIME + ")?")
_WEEKDAY = re.compile(r"(?:next\s+)?(?P<weekday>[a-z]+)\.?(?:\s+" + _TIME + ")?")
_RELATIVE = re.compile(r"(?P<word>today|tomorrow|tmrw)(?:\s+" + _TIME + ")?")
_IN_DAYS = re.compile(r"in\s+(?P<count>\d{1,3})\s+(?P<unit>days?|weeks?)(?:\s+" + _TIME + ")?")
_SLASHED = re.compile(r"\d{1,4}[/.]\d{1,2}(?:[/.]\d{2,4})?")


def parse_when(text: str, zone_name: str, now: datetime) -> datetime:
    """The wall-clock time `text` names in `zone_name`, or ValueError saying what to type.

    `now` is an aware instant; days without a year mean the next such day from today
    (in the round's zone), and a weekday means the next one, today included if the
    time is still ahead. A time that does not exist or happens twice in the zone (a
    daylight-saving change) is refused here, so the message comes while typing.
    """
    tz = zone(zone_name)
    here = now.astimezone(tz).replace(tzinfo=None)
    cleaned = _normalise(text)
    if not cleaned:
        raise ValueError(f"type a date and time, e.g. {EXAMPLES}")
    if _SLASHED.fullmatch(cleaned.split(" ")[0]):
        raise ValueError(
            f"{cleaned.split(' ')[0]!r} is ambiguous (month/day or day/month?); "
            "write 2026-12-03 10:00 or dec 3 10:00"
        )
    result = _parse(cleaned, here)
    check_local_time(result, tz, zone_name)
    return result


def format_when(value: datetime) -> str:
    """The one form a time is shown in once typed: `2026-12-03 10:00`."""
    return value.strftime(DISPLAY_FORMAT)


def _normalise(text: str) -> str:
    cleaned = text.strip().lower().replace(",", " ")
    cleaned = re.sub(r"\b(at|on|the)\b", " ", cleaned)
    cleaned = re.sub(r"(\d)\s+(am|pm)\b", r"\1\2", cleaned)
    return re.sub(r"\s+", " ", cleaned).strip()


def _parse(cleaned: str, here: datetime) -> datetime:
    """Try each accepted form in turn; the first that matches decides."""
    if match := _ISO.fullmatch(cleaned):
        day = _make_date(int(match["year"]), int(match["month"]), int(match["day"]))
        return _combine(day, match["time"], cleaned)
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        match = pattern.fullmatch(cleaned)
        if match and match["month"] in _MONTHS:
            month, day_number = _MONTHS[match["month"]], int(match["day"])
            if match["year"]:
                day = _make_date(int(match["year"]), month, day_number)
            else:
                day = _next_date(month, day_number, here.date())
            return _combine(day, match["time"], cleaned)
    if match := _RELATIVE.fullmatch(cleaned):
        offset = 0 if match["word"] == "today" else 1
        return _combine(here.date() + timedelta(days=offset), match["time"], cleaned)
    if match := _IN_DAYS.fullmatch(cleaned):
        days = int(match["count"]) * (7 if match["unit"].startswith("week") else 1)
        return _combine(here.date() + timedelta(days=days), match["time"], cleaned)
    if (match := _WEEKDAY.fullmatch(cleaned)) and match["weekday"] in _WEEKDAYS:
        at = _parse_time(match["time"], cleaned)
        return _next_weekday(_WEEKDAYS[match["weekday"]], at, here)
    raise ValueError(f"cannot read {cleaned!r} as a date and time; try {EXAMPLES}")


def _combine(day: date, time_text: str | None, whole: str) -> datetime:
    return datetime.combine(day, _parse_time(time_text, whole))


def _parse_time(text: str | None, whole: str) -> time:
    """`10:00`, `10am`, `2:30pm`, `14:30`, `noon`; a bare hour without am/pm is refused."""
    if not text:
        raise ValueError(f"{whole!r} has no time of day; add one, e.g. 10:00 or 2:30pm")
    text = text.replace(".", "").replace(" ", "")
    if text in ("noon", "midnight"):
        return time(12 if text == "noon" else 0, 0)
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(am|pm)?", text)
    if match is None:
        raise ValueError(f"cannot read {text!r} as a time of day; write 10:00 or 2:30pm")
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half is None and match[2] is None:
        raise ValueError(f"{text!r}: add minutes or am/pm (10:00, 10am)")
    if minute > 59:
        raise ValueError(f"{text!r}: minutes go up to 59")
    if half is not None:
        if not 1 <= hour <= 12:
            raise ValueError(f"{text!r}: with am/pm the hour is 1 to 12")
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif hour > 23:
        raise ValueError(f"{text!r}: the hour is 0 to 23")
    return time(hour, minute)


def _make_date(year: int, month: int, day: int) -> date:
    """The date, or a message that says why it is not one (`feb 30`, month 13)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist (1 to 12)")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        raise ValueError(f"{name} {year} has {days} days; there is no {name} {day}")
    return date(year, month, day)


def _next_date(month: int, day: int, today: date) -> date:
    """The next `month day` on or after today (Feb 29 waits for a leap year)."""
    longest = 29 if month == 2 else calendar.monthrange(2001, month)[1]
    if not 1 <= day <= longest:
        name = calendar.month_name[month]
        raise ValueError(f"{name} has at most {longest} days; there is no {name} {day}")
    for year in range(today.year, today.year + 9):
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) >= today:
            return date(year, month, day)
    raise ValueError(f"no {calendar.month_name[month]} {day} in the coming years")


def _next_weekday(weekday: int, at: time, here: datetime) -> datetime:
    """The next `weekday` at `at`; today counts while that time is still ahead."""
    days = (weekday - here.weekday()) % 7
    result = datetime.combine(here.date() + timedelta(days=days), at)
    if result <= here:
        result += timedelta(days=7)
    return result


# --------------------------------------------------------------------------- zones

_NOT_ZONES = {"Factory", "localtime", "posixrules"}


@lru_cache(maxsize=1)
def zone_names() -> list[str]:
    """Every IANA zone name, sorted, for completion (read once: the list does not change)."""
    return sorted(
        name
        for name in available_timezones()
        if name not in _NOT_ZONES and not name.startswith(("posix/", "right/"))
    )


def resolve_zone(text: str) -> str:
    """The IANA name `text` means: exact, any case, or a unique city (`berlin`).

    ValueError says what is wrong, naming close matches when there are a few.
    """
    wanted = text.strip()
    if not wanted:
        raise ValueError("type a time zone, e.g. Europe/Berlin or America/New_York")
    names = zone_names()
    if wanted in names:
        return wanted
    folded = wanted.casefold().replace(" ", "_")
    exact = [name for name in names if name.casefold() == folded]
    if exact:
        return exact[0]
    cities = [name for name in names if name.casefold().rsplit("/", 1)[-1] == folded]
    if len(cities) == 1:
        return cities[0]
    close = [name for name in names if folded in name.casefold()][:4]
    hint = f"; did you mean {', '.join(close)}?" if close else " (e.g. Europe/Berlin)"
    raise ValueError(f"unknown time zone {wanted!r}{hint}")
