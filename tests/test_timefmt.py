"""Dates and times as people read them (timefmt), and the phrases Upcoming and the review
share with the command line: one style everywhere, day before month."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from roundplanner.model import Round
from roundplanner.output.phrases import is_link, readiness_bar, readiness_text
from roundplanner.timefmt import (
    both_zones,
    clock_text,
    day_month_text,
    day_text,
    day_time_text,
    day_year_text,
    entry_day_text,
    entry_text,
    live_countdown,
    local_span,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_readiness_bar_is_only_full_when_everything_is_ticked() -> None:
    assert readiness_bar(3, 6) == "███░░░"
    assert readiness_bar(17, 18) == "█████░"
    assert readiness_bar(18, 18) == "██████"
    assert readiness_bar(0, 0) == ""
    assert readiness_text(0, 0) == "no checklist"
    assert readiness_text(1, 4) == "█░░░░░ 1/4"


def test_live_countdown_before_during_and_after() -> None:
    def end(start: datetime) -> datetime:
        return start + timedelta(hours=1)

    far = NOW + timedelta(hours=13)
    assert live_countdown(far, end(far), NOW) == "in 13h"
    soon = NOW + timedelta(minutes=11, seconds=30)
    assert live_countdown(soon, end(soon), NOW) == "in 11m 30s"
    started = NOW - timedelta(minutes=15)
    assert live_countdown(started, end(started), NOW) == "in progress, 45m left"
    over = NOW - timedelta(hours=3)
    assert live_countdown(over, end(over), NOW) == "ended 2h ago"
    assert live_countdown(None, None, NOW) == "not scheduled yet"


def test_both_zones_only_repeats_the_time_when_the_clocks_differ() -> None:
    la = Round(start=datetime(2026, 11, 26, 14, 0), timezone="America/Los_Angeles")
    assert la.starts_at is not None
    mine, theirs = both_zones(la.starts_at, la.ends_at, la.timezone, "UTC")
    assert mine == "Thu 26 Nov 22:00–23:00 UTC"
    assert theirs == "Thu 26 Nov 14:00–15:00 America/Los_Angeles"
    london = Round(start=datetime(2026, 11, 26, 14, 0), timezone="Europe/London")
    assert london.starts_at is not None
    assert both_zones(london.starts_at, None, "Europe/London", "UTC")[1] is None


def test_is_link() -> None:
    assert is_link("https://meet.example/x")
    assert not is_link("Acme HQ, 500 Harbor Blvd")


def test_one_style_day_before_month_without_a_leading_zero() -> None:
    moment = datetime(2026, 12, 1, 9, 5, tzinfo=UTC)
    assert day_text(moment.date()) == "Tue 1 Dec"
    assert day_year_text(moment.date()) == "Tue 1 Dec 2026"
    assert day_month_text(moment.date()) == "1 Dec"
    assert day_time_text(moment) == "Tue 1 Dec 09:05"
    assert clock_text(moment) == "09:05"
    assert day_text(date(2026, 11, 26)) == "Thu 26 Nov"


def test_the_entry_style_is_what_a_field_shows_and_reads_back() -> None:
    assert entry_text(datetime(2026, 12, 3, 10, 0)) == "2026-12-03 10:00"
    assert entry_day_text(date(2026, 12, 3)) == "2026-12-03"


def test_a_span_reads_as_the_clock_of_its_zone() -> None:
    start = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
    end = start + timedelta(hours=1)
    assert local_span(start, end, "Europe/Berlin") == "Thu 3 Dec 19:00–20:00 Europe/Berlin"
    assert local_span(start, None, "UTC") == "Thu 3 Dec 18:00 UTC"


SHOWN_DATE_CODES = re.compile(r"%[aAbB]|%H:%M|%Y-%m-%d|%d %b|%b %d")
"""strftime codes of a date or time meant for a person (file-name stamps do not match)."""


def test_only_timefmt_spells_out_date_formats() -> None:
    """Every user-facing date goes through timefmt, so the styles cannot drift apart."""
    package = Path(__file__).resolve().parent.parent / "roundplanner"
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if path.name != "timefmt.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SHOWN_DATE_CODES.search(line)
    ]
    assert offenders == []
