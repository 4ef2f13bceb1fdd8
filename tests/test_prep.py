"""The pure helpers behind Upcoming and the review: bars, countdowns, both zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from roundplanner.model import Company, Round, Topic
from roundplanner.prep import (
    both_zones,
    find_topic,
    is_link,
    live_countdown,
    readiness_bar,
    readiness_text,
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


def test_find_topic_by_position_then_by_title() -> None:
    company = Company(
        name="Acme",
        rounds=[Round(id="r-1", topics=[Topic(title="A"), Topic(title="B")])],
    )
    assert find_topic(company, "r-1", 1, "B") is company.rounds[0].topics[1]
    assert find_topic(company, "r-1", 0, "B") is company.rounds[0].topics[1]  # moved
    assert find_topic(company, "r-1", 0, "C") is None  # gone
    assert find_topic(company, "r-2", 0, "A") is None


def test_is_link() -> None:
    assert is_link("https://meet.example/x")
    assert not is_link("Acme HQ, 500 Harbor Blvd")
