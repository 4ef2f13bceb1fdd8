"""Dates and times as people type them: `2026-12-03 10:00`, `10am dec 3`, `yesterday 3pm`.

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

from roundplanner.model import FIRST_DAY, LAST_DAY, check_local_time, zone
from roundplanner.timefmt import entry_text

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

_TIME = r"(?:\d{1,2}(?::\d{2})?(?:am|pm|a\.m\.|p\.m\.)?|noon|midnight)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"(?P<month>[a-z]+)\.?"
_YEAR = r"(?:\s+(?P<year>\d{4}))?"

_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_ISO_WITH_T = re.compile(r"(?P<date>\d{4}-\d{1,2}-\d{1,2})t(?P<time>.+)")
_MONTH_DAY = re.compile(_MONTH + r"\s+" + _DAY + _YEAR)
_DAY_MONTH = re.compile(_DAY + r"\s+" + _MONTH + _YEAR)
_WEEKDAY = re.compile(r"(?:(?P<which>next|last|this)\s+)?(?P<weekday>[a-z]+)\.?")
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}
_IN_DAYS = re.compile(r"in\s+(?P<count>\d{1,3})\s+(?P<unit>days?|weeks?)")
_DAYS_AGO = re.compile(r"(?P<count>\d{1,3})\s+(?P<unit>days?|weeks?)\s+ago")
_IN_TIME = re.compile(r"in\s+(?P<count>\d{1,4})\s+(?P<unit>minutes?|mins?|hours?|hrs?|h)")
_TIME_FIRST = re.compile(r"(?P<time>" + _TIME + r")\s+(?P<day>.+)")
_TIME_LAST = re.compile(r"(?P<day>.+?)\s+(?P<time>" + _TIME + r")")
_SLASHED = re.compile(r"\d{1,4}[/.]\d{1,2}(?:[/.]\d{2,4})?")


def parse_when(text: str, zone_name: str, now: datetime) -> datetime:
    """The wall-clock time `text` names in `zone_name`, or ValueError saying what to type.

    `now` is an aware instant and "today" is today in the round's zone. A day and a time
    come in either order (`dec 9 10am`, `10am dec 9`, `noon tomorrow`). A date without a
    year is the nearest such date (`nov 30` on 1 Dec is yesterday, not next year); a
    plain weekday is the next one, today included while the time is still ahead (the
    field's hint then shows the day and "… ago" when it lands in the past);
    `next tue` is the coming Tuesday after today, `last tue` the one before. `in 2 hours`
    counts from now. A time that does not exist or happens twice in the zone (a
    daylight-saving change) is refused here, so the message comes while typing.
    """
    tz = zone(zone_name)
    here = now.astimezone(tz).replace(tzinfo=None)
    cleaned = _normalise(text)
    if not cleaned:
        raise ValueError(f"type a date and time, e.g. {EXAMPLES}")
    if match := _IN_TIME.fullmatch(cleaned):
        result = _in_time(int(match["count"]), match["unit"], now).astimezone(tz)
        return result.replace(tzinfo=None, second=0, microsecond=0)
    _refuse_slashes(cleaned)
    result = _parse(cleaned, here)
    check_local_time(result, tz, zone_name)
    return result


def parse_day(text: str, today: date) -> date:
    """The calendar day `text` names (`dec 10`, `2026-12-10`, `tomorrow`, `fri`, `in 3 days`):
    the same forms and rules as the day part of `parse_when`, for fields without a time."""
    cleaned = _normalise(text)
    if not cleaned:
        raise ValueError(f"type a date, e.g. {DAY_EXAMPLES}")
    _refuse_slashes(cleaned)
    day = _day(cleaned, today, None)
    if day is None:
        raise ValueError(f"cannot read {cleaned!r} as a date; try {DAY_EXAMPLES}")
    return day


DAY_EXAMPLES = "2026-12-10, dec 10, tomorrow, fri, in 3 days"


def format_when(value: datetime) -> str:
    """The one form a time is shown in once typed: `2026-12-03 10:00`."""
    return entry_text(value)


def _normalise(text: str) -> str:
    cleaned = text.strip().lower().replace(",", " ")
    cleaned = re.sub(r"\b(at|on|the|of)\b", " ", cleaned)
    cleaned = re.sub(r"(\d)\s+(am|pm|a\.m\.|p\.m\.)(?=\s|$)", r"\1\2", cleaned)
    return re.sub(r"\s+", " ", cleaned).strip()


def _refuse_slashes(cleaned: str) -> None:
    for word in cleaned.split(" "):
        if _SLASHED.fullmatch(word):
            raise ValueError(
                f"{word!r} is ambiguous (month/day or day/month?); write 2026-12-03 or dec 3"
            )


def _in_time(count: int, unit: str, now: datetime) -> datetime:
    minutes = count * 60 if unit.startswith("h") else count
    if minutes > 60 * 24 * 366:
        raise ValueError("that is more than a year ahead; type the date instead")
    return now + timedelta(minutes=minutes)


def _parse(cleaned: str, here: datetime) -> datetime:
    """A day and a time of day in either order; the day part decides what day it is."""
    if match := _ISO_WITH_T.fullmatch(cleaned):
        cleaned = f"{match['date']} {match['time']}"
    for pattern in (_TIME_LAST, _TIME_FIRST):
        match = pattern.fullmatch(cleaned)
        if match is None or _day(match["day"], here.date(), None) is None:
            continue
        at = _parse_time(match["time"], cleaned)
        day = _day(match["day"], here.date(), (here, at))
        assert day is not None  # the same text named a day just above
        return datetime.combine(day, at)
    if _day(cleaned, here.date(), None) is not None:
        raise ValueError(f"{cleaned!r} has no time of day; add one, e.g. 10:00 or 2:30pm")
    if re.fullmatch(r"(?:.+\s)?\d{1,2}", cleaned) and _day(
        cleaned.rsplit(" ", 1)[0], here.date(), None
    ):
        hour = cleaned.rsplit(" ", 1)[1]
        raise ValueError(f"{hour!r}: add minutes or am/pm (10:00, 10am)")
    raise ValueError(f"cannot read {cleaned!r} as a date and time; try {EXAMPLES}")


def _day(text: str, today: date, timed: tuple[datetime, time] | None) -> date | None:
    """The day `text` names, or None when it names none (ValueError when it names an
    impossible one, such as feb 30). `timed` (now, time of day) lets a plain weekday
    mean today while that time is still ahead."""
    text = text.strip()
    if match := _ISO.fullmatch(text):
        return _make_date(int(match["year"]), int(match["month"]), int(match["day"]))
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        match = pattern.fullmatch(text)
        if match and match["month"] in _MONTHS:
            month, number = _MONTHS[match["month"]], int(match["day"])
            if match["year"]:
                return _make_date(int(match["year"]), month, number)
            return _nearest_date(month, number, today)
    if text in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[text])
    if match := _IN_DAYS.fullmatch(text):
        return today + timedelta(days=_count_days(match["count"], match["unit"]))
    if match := _DAYS_AGO.fullmatch(text):
        return today - timedelta(days=_count_days(match["count"], match["unit"]))
    if (match := _WEEKDAY.fullmatch(text)) and match["weekday"] in _WEEKDAYS:
        return _weekday(_WEEKDAYS[match["weekday"]], match["which"], today, timed)
    return None


def _count_days(count: str, unit: str) -> int:
    return int(count) * (7 if unit.startswith("week") else 1)


def _weekday(
    weekday: int, which: str | None, today: date, timed: tuple[datetime, time] | None
) -> date:
    """`tue`: the next Tuesday, today while its time is ahead; `next tue`: the coming one
    after today (never today); `last tue`: the one before today; `this tue`: this week's."""
    ahead = (weekday - today.weekday()) % 7
    if which == "last":
        return today - timedelta(days=(today.weekday() - weekday) % 7 or 7)
    if which == "this":
        return today + timedelta(days=weekday - today.weekday())
    if which == "next":
        return today + timedelta(days=ahead or 7)
    day = today + timedelta(days=ahead)
    if ahead == 0:
        if timed is None:
            return day
        here, at = timed
        if datetime.combine(day, at) <= here:
            return day + timedelta(days=7)
    return day


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
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise ValueError(f"{year} is outside {FIRST_DAY.year}-{LAST_DAY.year}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        raise ValueError(f"{name} {year} has {days} days; there is no {name} {day}")
    return date(year, month, day)


def _nearest_date(month: int, day: int, today: date) -> date:
    """The `month day` nearest to today, past or ahead (a tie goes ahead; Feb 29 takes
    the nearest leap year). Logging yesterday's round must not land a year ahead."""
    longest = 29 if month == 2 else calendar.monthrange(2001, month)[1]
    if not 1 <= day <= longest:
        name = calendar.month_name[month]
        raise ValueError(f"{name} has at most {longest} days; there is no {name} {day}")
    candidates = [
        date(year, month, day)
        for year in range(today.year - 4, today.year + 5)
        if day <= calendar.monthrange(year, month)[1]
    ]
    return min(candidates, key=lambda d: (abs((d - today).days), d < today))


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
    """The IANA name `text` means: exact, any case, a unique city (`berlin`), or the first
    name that starts with it once it names a region (`America/New` is America/New_York).

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
    prefixed = [name for name in names if name.casefold().startswith(folded)]
    if prefixed and "/" in folded:
        # What the field's suggestion shows (the first name that starts with the text, as
        # SuggestFromList finds it), so Enter takes the zone the user sees offered.
        return prefixed[0]
    close = [name for name in names if folded in name.casefold()][:4]
    hint = f"; did you mean {', '.join(close)}?" if close else " (e.g. Europe/Berlin)"
    raise ValueError(f"unknown time zone {wanted!r}{hint}")
