"""Money as people type it (issue 15: a bonus typed as 10% silently became 0)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roundplanner.amounts import parse_amount


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("185000", 185_000),
        ("185,000", 185_000),
        ("185k", 185_000),
        ("185K", 185_000),
        ("1.2m", 1_200_000),
        ("$185,000", 185_000),
        ("€ 185.000", 185_000),
        ("185.000 €", 185_000),
        ("1.250.000", 1_250_000),
        ("£95k", 95_000),
        ("USD 185000", 185_000),
        ("185000 eur", 185_000),
        ("185 000", 185_000),
        ("185\u202f000 €", 185_000),  # French: a narrow no-break space groups thousands
        ("1,250,000.50", 1_250_000),
        ("12.5k", 12_500),
        ("", 0),
        ("  ", 0),
    ],
)
def test_amounts_as_people_type_them(typed: str, amount: int) -> None:
    assert parse_amount(typed) == amount


def test_a_percentage_is_of_the_base_and_never_a_plain_number() -> None:
    assert parse_amount("10%", percent_of=180_000) == 18_000
    assert parse_amount("12.5 %", percent_of=200_000) == 25_000
    with pytest.raises(ValueError, match="not a percentage"):
        parse_amount("10%")
    with pytest.raises(ValueError, match="base salary first"):
        parse_amount("10%", percent_of=0)


@pytest.mark.parametrize(
    "typed", ["ten", "-5k", "1e400", "nan", "12..5", "$", "9" * 400, "10,5k", "1,2m", "18,50"]
)
def test_what_is_not_an_amount_is_refused_with_a_reason(typed: str) -> None:
    """A comma that does not group thousands is a decimal point somewhere: 10,5k was 105k."""
    if typed == "$":
        assert parse_amount(typed) == 0  # a sign alone is an empty amount
        return
    with pytest.raises(ValueError):
        parse_amount(typed)


@given(st.integers(min_value=0, max_value=10**12))
def test_every_whole_amount_reads_back_in_every_common_spelling(n: int) -> None:
    assert parse_amount(str(n)) == n
    assert parse_amount(f"{n:,}") == n
    assert parse_amount(f"${n:,}") == n
