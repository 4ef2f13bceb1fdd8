"""Every date and time a person reads, in one style: the day before the month.

One module so that the command line, the TUI, the calendar's descriptions and the
morning plan say a date the same way:

    day_text          "Tue 1 Dec"          a day in a list, a heading, a deadline
    day_year_text     "Tue 1 Dec 2026"     a day that stands alone (the morning view)
    day_month_text    "1 Dec"              where a column is narrow (flags, history)
    day_time_text     "Tue 1 Dec 14:00"    a moment
    clock_text        "14:00"              a time on a day already said
    local_span        "Tue 1 Dec 14:00–15:00 Europe/Berlin"
    countdown         "in 2d 3h", "now", "3h ago"

The day of the month has no leading zero ("1 Dec", not "01 Dec"); it is taken from
`date.day`, because `%-d` is not portable.

The *entry* style, "2026-12-01 14:00", is the other one: what a time field shows for
editing (`timeparse` reads it back), and what a message quotes when it names a value as
the file holds it (a time that does not exist in its zone, a series' window). Machine
formats (.ics, JSON, TOML) follow their own standards (ISO 8601) and are not here.

Free of pydantic, so the quick start's first frame can use it.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

CLOCK_FORMAT = "%H:%M"
"""A time of day, 24 hours: '14:00'."""
ENTRY_FORMAT = "%Y-%m-%d %H:%M"
"""A date-time as typed into a field and quoted from a file: '2026-12-01 14:00'."""
ENTRY_DAY_FORMAT = "%Y-%m-%d"
"""A date as typed into a field and quoted from a file: '2026-12-01'."""


# --------------------------------------------------------------------------- days


def day_month_text(day: date) -> str:
    """'1 Dec': the short form, for narrow columns."""
    return f"{day.day} {day:%b}"


def day_text(day: date) -> str:
    """'Tue 1 Dec'."""
    return f"{day:%a} {day_month_text(day)}"


def day_year_text(day: date) -> str:
    """'Tue 1 Dec 2026'."""
    return f"{day_text(day)} {day:%Y}"


def clock_text(moment: datetime) -> str:
    """'14:00', as the clock of `moment`'s own zone reads."""
    return moment.strftime(CLOCK_FORMAT)


def day_time_text(moment: datetime) -> str:
    """'Tue 1 Dec 14:00', as the clock of `moment`'s own zone reads."""
    return f"{day_text(moment)} {clock_text(moment)}"


def entry_text(moment: datetime) -> str:
    """'2026-12-01 14:00': the entry style (see the module docstring)."""
    return moment.strftime(ENTRY_FORMAT)


def entry_day_text(day: date) -> str:
    """'2026-12-01': the entry style of a date."""
    return day.strftime(ENTRY_DAY_FORMAT)


# --------------------------------------------------------------------------- spans


def local_span(start: datetime, end: datetime | None, zone_name: str) -> str:
    """'Thu 26 Nov 14:00–15:00 America/Los_Angeles': the span as a clock in that zone reads.

    `zone_name` is already valid (a round's zone or the user's, both checked on load).
    """
    tz = ZoneInfo(zone_name)
    text = day_time_text(start.astimezone(tz))
    if end is not None:
        text += f"–{clock_text(end.astimezone(tz))}"
    return f"{text} {zone_name}"


def both_zones(
    start: datetime | None, end: datetime | None, round_zone: str, user_zone: str
) -> tuple[str, str | None]:
    """(the user's time, the round's own time or None when both clocks read the same).

    The recruiter's "10am" and the user's "7pm" both belong on screen; when the zones
    agree the second line would only repeat the first.
    """
    if start is None:
        return "not scheduled yet", None
    mine = local_span(start, end, user_zone)
    same = (
        start.astimezone(ZoneInfo(user_zone)).utcoffset()
        == start.astimezone(ZoneInfo(round_zone)).utcoffset()
    )
    return mine, None if same or round_zone == user_zone else local_span(start, end, round_zone)


# --------------------------------------------------------------------------- countdowns


def countdown(start: datetime, now: datetime) -> str:
    """A short relative time: 'in 2d 3h', 'in 45m', 'now', '3h ago'."""
    delta = start - now
    seconds = int(delta.total_seconds())
    future = seconds > 0
    seconds = abs(seconds)
    if seconds < 60:
        return "now"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        text = f"{days}d {hours}h" if hours else f"{days}d"
    elif hours:
        text = f"{hours}h {minutes}m" if minutes else f"{hours}h"
    else:
        text = f"{minutes}m"
    return f"in {text}" if future else f"{text} ago"


def live_countdown(start: datetime | None, end: datetime | None, now: datetime) -> str:
    """The countdown the review shows, to the second in the last hour.

    Before the last hour it reads like `countdown` ('in 13h'), so the agenda and the
    review agree; in the last hour seconds matter ('in 12m 05s'); during the round it
    says so, and afterwards how long ago it ended.
    """
    if start is None:
        return "not scheduled yet"
    seconds = int((start - now).total_seconds())
    if seconds > 3600:
        return countdown(start, now)
    if seconds > 0:
        minutes, rest = divmod(seconds, 60)
        return f"in {minutes}m {rest:02d}s"
    if end is not None and now < end:
        left = int((end - now).total_seconds()) // 60
        return f"in progress, {left}m left" if left else "in progress, ending now"
    if end is not None:
        return f"ended {countdown(end, now).removesuffix(' ago')} ago"
    return countdown(start, now)
