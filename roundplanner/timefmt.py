"""Relative times for people ('in 2d 3h'), free of pydantic so the quick start can use it."""

from __future__ import annotations

from datetime import datetime


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
