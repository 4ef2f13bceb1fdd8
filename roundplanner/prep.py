"""Small pure helpers for showing how ready a round is: bars, live countdowns, both zones.

The checklist itself comes from `model.build_checklist` (the one source the command line
and the review screen share); these helpers only decide how parts of it read on screen,
so the upcoming agenda and the review phrase time and readiness the same way. No I/O and
no Textual, so they are tested without a screen.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from roundplanner.timefmt import countdown

if TYPE_CHECKING:
    # Imported where used: Upcoming's first frame shows readiness before pydantic loads.
    from roundplanner.model import Company, Topic

BAR_FULL = "█"
BAR_EMPTY = "░"


def readiness_bar(done: int, total: int, width: int = 6) -> str:
    """'███░░░': checklist progress in `width` cells ('' when there is no checklist).

    Rounded down, so a bar is only full when every topic is ticked: a full bar must
    never lie about one last unchecked item.
    """
    if total <= 0 or width <= 0:
        return ""
    filled = min(width, done * width // total)
    return BAR_FULL * filled + BAR_EMPTY * (width - filled)


def readiness_text(done: int, total: int, width: int = 6) -> str:
    """'███░░░ 3/6', or 'no checklist' when the round has no topics."""
    if total <= 0:
        return "no checklist"
    return f"{readiness_bar(done, total, width)} {done}/{total}"


def live_countdown(start: datetime | None, end: datetime | None, now: datetime) -> str:
    """The countdown the review shows, to the second in the last hour.

    Before the last hour it reads like `model.countdown` ('in 13h'), so the agenda and
    the review agree; in the last hour seconds matter ('in 12m 05s'); during the round
    it says so, and afterwards how long ago it ended.
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


def local_span(start: datetime, end: datetime | None, zone_name: str) -> str:
    """'Thu 26 Nov 14:00–15:00 America/Los_Angeles': the span as a clock in that zone reads."""
    from roundplanner.model import zone

    tz = zone(zone_name)
    begin = start.astimezone(tz)
    text = f"{begin:%a} {begin.day} {begin:%b %H:%M}"
    if end is not None:
        text += f"–{end.astimezone(tz):%H:%M}"
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
    from roundplanner.model import zone

    mine = local_span(start, end, user_zone)
    same = (
        start.astimezone(zone(user_zone)).utcoffset()
        == start.astimezone(zone(round_zone)).utcoffset()
    )
    return mine, None if same or round_zone == user_zone else local_span(start, end, round_zone)


def is_link(where: str) -> bool:
    """True when `where` is something to click (a video call) rather than an address."""
    return where.strip().lower().startswith(("https://", "http://"))


def find_topic(company: Company, round_id: str, index: int, title: str) -> Topic | None:
    """The topic a screen showed at `index`, found again in a (possibly reloaded) company.

    By position when the title still matches, else by title: if the file changed on disk
    between drawing and ticking, the tick must land on the item the user saw, or nowhere.
    """
    round_ = company.round_by_id(round_id)
    if round_ is None:
        return None
    topics = round_.topics
    if 0 <= index < len(topics) and topics[index].title == title:
        return topics[index]
    return next((topic for topic in topics if topic.title == title), None)
