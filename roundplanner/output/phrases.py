"""Short phrases the command line and the TUI share: money, shares, bars, readiness.

Pure functions of numbers and strings (no model, no Textual), so the funnel screen and
`roundplanner stats`, or Upcoming and the review, phrase the same number the same way.
"""

from __future__ import annotations

BAR_FULL = "█"
BAR_EMPTY = "░"


def money(amount: float, currency: str = "") -> str:
    """'182,000 USD': whole units with thousands separators."""
    text = f"{round(amount):,}"
    return f"{text} {currency}" if currency else text


def percent(rate: float | None) -> str:
    """'38%' or '–' when there is nothing to divide by."""
    return "–" if rate is None else f"{round(rate * 100)}%"


def days_text(days: float | None) -> str:
    """'4.5d', or '–' when there is nothing to count."""
    if days is None:
        return "–"
    return f"{days:g}d"


def deadline_text(days_left: int | None) -> str:
    """'today', 'in 1 day', 'in 9 days', '2 days ago', or '' without a deadline."""
    if days_left is None:
        return ""
    if days_left == 0:
        return "today"
    if days_left > 0:
        return f"in {days_left} day{'s' if days_left != 1 else ''}"
    return f"{-days_left} day{'s' if days_left != -1 else ''} ago"


def bar(value: float, maximum: float, width: int) -> str:
    """A horizontal bar of `width` cells, full when value == maximum (eighths for the tip)."""
    if maximum <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = round(min(value / maximum, 1.0) * width * 8)
    full, part = divmod(eighths, 8)
    tip = " ▏▎▍▌▋▊▉"[part] if part else ""
    return (BAR_FULL * full + tip).rstrip()


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


def is_link(where: str) -> bool:
    """True when `where` is something to click (a video call) rather than an address."""
    return where.strip().lower().startswith(("https://", "http://"))
