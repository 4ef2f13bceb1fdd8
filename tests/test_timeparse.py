"""Typed dates and times: the accepted forms, the refusals and what they say."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roundplanner.timeparse import (
    format_when,
    parse_day,
    parse_when,
    resolve_zone,
    zone_names,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03 10:00", datetime(2026, 12, 3, 10, 0)),
        ("2026-12-03T10:00", datetime(2026, 12, 3, 10, 0)),
        ("dec 3 10am", datetime(2026, 12, 3, 10, 0)),
        ("3 dec 14:30", datetime(2026, 12, 3, 14, 30)),
        ("Dec 3 at 2:30pm", datetime(2026, 12, 3, 14, 30)),
        ("December 3rd, 2:30 pm", datetime(2026, 12, 3, 14, 30)),
        ("dec 3 2027 9:00", datetime(2027, 12, 3, 9, 0)),
        ("tue 14:30", datetime(2026, 12, 1, 14, 30)),
        ("thu 10:00", datetime(2026, 11, 26, 10, 0)),  # today, still ahead
        ("thu 8:00", datetime(2026, 12, 3, 8, 0)),  # today, gone: next week
        ("today 15:00", datetime(2026, 11, 26, 15, 0)),
        ("tomorrow 9:30", datetime(2026, 11, 27, 9, 30)),
        ("in 2 days 10am", datetime(2026, 11, 28, 10, 0)),
        ("nov 1 10:00", datetime(2026, 11, 1, 10, 0)),  # the nearest nov 1: 25 days ago
        ("may 20 10:00", datetime(2027, 5, 20, 10, 0)),  # the nearest may 20 is ahead
        ("nov 26 10:00", datetime(2026, 11, 26, 10, 0)),  # today counts
        ("feb 29 12pm", datetime(2028, 2, 29, 12, 0)),  # waits for a leap year
        ("dec 3 12am", datetime(2026, 12, 3, 0, 0)),
    ],
)
def test_accepted_forms(text: str, expected: datetime) -> None:
    assert parse_when(text, "UTC", NOW) == expected


def test_missing_year_is_relative_to_the_rounds_zone() -> None:
    # 09:00 UTC on the 26th is still the 26th in Los Angeles, 01:00.
    assert parse_when("today 15:00", "America/Los_Angeles", NOW) == datetime(2026, 11, 26, 15)
    late = NOW + timedelta(hours=14)  # 23:00 UTC: already the 27th in Tokyo
    assert parse_when("today 15:00", "Asia/Tokyo", late) == datetime(2026, 11, 27, 15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12/3 10:00", "ambiguous"),
        ("3.12 10:00", "ambiguous"),
        ("feb 30 10:00", "no February 30"),
        ("2026-02-29 10:00", "February 2026 has 28 days"),
        ("2026-13-01 10:00", "month 13"),
        ("dec 3", "no time of day"),
        ("dec 3 10", "add minutes or am/pm"),
        ("dec 3 13pm", "1 to 12"),
        ("dec 3 25:00", "0 to 23"),
        ("dec 3 10:75", "up to 59"),
        ("someday", "cannot read"),
        ("", "type a date"),
    ],
)
def test_refusals_say_why(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_when(text, "UTC", NOW)


TUESDAY = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
"""The day a user met these: Tue 1 Dec, noon."""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nov 30 3pm", datetime(2026, 11, 30, 15, 0)),  # yesterday, not 2027
        ("yesterday 3pm", datetime(2026, 11, 30, 15, 0)),
        ("3pm yesterday", datetime(2026, 11, 30, 15, 0)),
        ("noon tomorrow", datetime(2026, 12, 2, 12, 0)),
        ("tomorrow noon", datetime(2026, 12, 2, 12, 0)),
        ("10am dec 9", datetime(2026, 12, 9, 10, 0)),
        ("10am on dec 9", datetime(2026, 12, 9, 10, 0)),
        ("next tue 10am", datetime(2026, 12, 8, 10, 0)),  # on a Tuesday: next week's
        ("tue 10am", datetime(2026, 12, 8, 10, 0)),  # today's 10:00 is gone
        ("tue 3pm", datetime(2026, 12, 1, 15, 0)),  # today's 15:00 is ahead
        ("last fri 2pm", datetime(2026, 11, 27, 14, 0)),
        ("next mon 9:00", datetime(2026, 12, 7, 9, 0)),
        ("in 2 hours", datetime(2026, 12, 1, 14, 0)),
        ("in 90 minutes", datetime(2026, 12, 1, 13, 30)),
        ("2 days ago 11am", datetime(2026, 11, 29, 11, 0)),
        ("jan 5 9am", datetime(2027, 1, 5, 9, 0)),  # ahead is nearer
        ("dec 31 2026 23:30", datetime(2026, 12, 31, 23, 30)),
        ("2026-12-03t10:00", datetime(2026, 12, 3, 10, 0)),
    ],
)
def test_what_people_type_lands_on_the_day_they_mean(text: str, expected: datetime) -> None:
    """The week of use at 1 Dec: none of these may land on a day the user did not mean."""
    assert parse_when(text, "UTC", TUESDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dec 10", date(2026, 12, 10)),
        ("2026-12-10", date(2026, 12, 10)),
        ("10 december", date(2026, 12, 10)),
        ("tomorrow", date(2026, 12, 2)),
        ("fri", date(2026, 12, 4)),
        ("in 2 weeks", date(2026, 12, 15)),
        ("nov 28", date(2026, 11, 28)),
    ],
)
def test_date_fields_take_the_same_forms(text: str, expected: date) -> None:
    """An offer deadline refused `dec 10`, which round dates accepted: one parser now."""
    assert parse_day(text, TUESDAY.date()) == expected


@pytest.mark.parametrize("text", ["", "someday", "12/10", "feb 30", "3000-01-01"])
def test_date_fields_refuse_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        parse_day(text, TUESDAY.date())


def test_daylight_saving_gaps_and_overlaps_are_refused() -> None:
    with pytest.raises(ValueError, match="does not exist"):
        parse_when("2027-03-14 02:30", "America/New_York", NOW)
    with pytest.raises(ValueError, match="happens twice"):
        parse_when("2026-11-01 01:30", "America/New_York", NOW)


def test_unknown_zone() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        parse_when("dec 3 10:00", "Mars/Olympus", NOW)


def test_zone_names_and_resolving() -> None:
    names = zone_names()
    assert names == sorted(names)
    assert "Europe/Berlin" in names and "posixrules" not in names
    assert resolve_zone("Europe/Berlin") == "Europe/Berlin"
    assert resolve_zone("europe/berlin") == "Europe/Berlin"
    assert resolve_zone("berlin") == "Europe/Berlin"
    assert resolve_zone("new york") == "America/New_York"
    with pytest.raises(ValueError, match="did you mean"):
        resolve_zone("york")


def test_enter_takes_the_zone_the_suggestion_shows() -> None:
    """Typing `America/New` showed "America/New_York", but Enter submitted the typed text
    and then asked "did you mean America/New_York?"."""
    import asyncio

    from textual.suggester import SuggestFromList

    suggester = SuggestFromList(zone_names(), case_sensitive=False)
    for typed in ("America/New", "america/new_y", "Europe/Ber", "Asia/Tok"):
        shown = asyncio.run(suggester.get_suggestion(typed.casefold()))  # as Input asks
        assert shown is not None and resolve_zone(typed) == shown


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0)
    )
)
def test_round_trip_iso(value: datetime) -> None:
    assert parse_when(format_when(value), "UTC", NOW) == value


@given(
    st.datetimes(min_value=datetime(2026, 5, 30), max_value=datetime(2027, 5, 26, 23, 59))
    .map(lambda d: d.replace(second=0, microsecond=0))
    .filter(lambda d: d.date() != NOW.date())
)
def test_round_trip_month_day_12_hour(value: datetime) -> None:
    """`mon D h:mmam` has no year: any day within half a year either way comes back as
    itself (the nearest such day)."""
    hour = value.hour % 12 or 12
    half = "am" if value.hour < 12 else "pm"
    text = f"{_MONTHS[value.month - 1]} {value.day} {hour}:{value.minute:02d}{half}"
    assert parse_when(text, "UTC", NOW) == value
