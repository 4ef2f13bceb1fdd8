"""Amounts of money as people type them: `185000`, `185,000`, `185k`, `$185,000`,
`185.000 €`, `1.2m`, and, for a bonus, `10%` of the base.

Kept out of the TUI so the same reading serves any field or command that takes money.
An amount is a whole number in the offer's own currency; a currency sign or code typed
with it is allowed and dropped (the offer has its own currency field).
"""

from __future__ import annotations

import re
import unicodedata

_CODE = re.compile(r"^[A-Za-z]{3}\s*|\s*[A-Za-z]{3}$")
"""A currency code typed before or after the number (USD 185k, 185000 EUR)."""
_THOUSANDS_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")
"""185.000 or 1.250.000: dots that group thousands (as much of Europe writes them)."""
_THOUSANDS_COMMAS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
"""185,000 or 1,250,000.50: commas that group thousands (a comma elsewhere is not one)."""
_SPACES = re.compile(r"\s")
_SUFFIX = {"k": 1_000, "m": 1_000_000}


def parse_amount(text: str, *, percent_of: int | None = None, what: str = "amount") -> int:
    """A whole amount from what was typed (empty is 0).

    `percent_of`: what a percentage is of (a bonus of `10%` is 10% of the base); without
    it a percentage is refused, never read as a plain number (10% is not 10)."""
    raw = text.strip()
    # Any space groups thousands: " ", no-break, and the narrow no-break French writes.
    cleaned = _SPACES.sub("", _without_currency(raw)).replace("_", "")
    if not cleaned:
        return 0
    if cleaned.endswith("%"):
        return _percent(cleaned[:-1], raw, percent_of, what)
    factor = _SUFFIX.get(cleaned[-1].lower(), 1)
    if factor != 1:
        cleaned = cleaned[:-1]
    if _THOUSANDS_DOTS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if "," in cleaned:
        if not _THOUSANDS_COMMAS.match(cleaned):
            # 10,5k is ten and a half thousand where a comma is the decimal point: never
            # read as 105k.
            raise ValueError(f"{raw!r} is not an amount; write 185000, 185k or $185,000")
        cleaned = cleaned.replace(",", "")
    value = _number(cleaned, raw) * factor
    return _whole(value, what)


def _without_currency(text: str) -> str:
    """The text without currency signs ($, €, £, ¥, ₹ …) or a three-letter code beside
    a number ("ten" alone is not a code with nothing typed)."""
    signless = "".join(ch for ch in text if unicodedata.category(ch) != "Sc").strip()
    coded = _CODE.sub("", signless)
    return coded if any(ch.isdigit() for ch in coded) else signless


def _percent(number: str, raw: str, of: int | None, what: str) -> int:
    if of is None:
        raise ValueError(f"{what}: write an amount, not a percentage ({raw!r})")
    if of == 0:
        raise ValueError(f"{what}: {raw} of what? Enter the base salary first")
    return _whole(_number(number, raw) * of / 100, what)


_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$|^-?\.\d+$")
"""Digits with one optional decimal point: what float() reads beyond it (1e400, nan,
inf) is not an amount anyone types."""


def _number(text: str, raw: str) -> float:
    if len(text) > 20 or not _DECIMAL.match(text):
        raise ValueError(f"{raw!r} is not an amount; write 185000, 185k or $185,000")
    return float(text)


def _whole(value: float, what: str) -> int:
    if value < 0:
        raise ValueError(f"{what} cannot be negative")
    return round(value)
