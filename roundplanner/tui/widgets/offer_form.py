"""The offer: base, bonus, equity, sign-on, vesting, currency, deadline, status and notes.

A new company has no offer; the form says how to record one (`f`) until there is one,
and a form showing its defaults never creates one (Offers would list the company as
"pending" with zeros).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static, TextArea

from roundplanner import paths
from roundplanner.amounts import parse_amount
from roundplanner.model import Company, Offer, OfferStatus
from roundplanner.output.phrases import deadline_text
from roundplanner.timefmt import day_year_text
from roundplanner.timeparse import parse_day
from roundplanner.tui.widgets.fields import FieldRow, parse_whole
from roundplanner.tui.widgets.form import Bound, Form

_MONEY = (("base", "Base"), ("equity", "Equity (total)"), ("sign_on", "Sign-on"))
_WHOLE = (("vesting_years", "Vesting years"), ("cliff_months", "Cliff months"))


def _read(key: str) -> Callable[[Company], str]:
    def read(company: Company) -> str:
        if company.offer is None:
            return ""
        value = getattr(company.offer, key)
        if value is None:
            return ""
        if isinstance(value, OfferStatus):
            return value.value
        return value.isoformat() if isinstance(value, date) else str(value)

    return read


def _write(key: str) -> Callable[[Company, Any], None]:
    def write(company: Company, value: Any) -> None:
        if company.offer is None:
            if value in (None, "", getattr(Offer(), key)):
                # A form showing its defaults (the status Select announces its first
                # value when it mounts) is not an offer.
                return
            company.offer = Offer()
        setattr(company.offer, key, value)

    return write


def _today() -> date:
    return paths.now().astimezone().date()


def _deadline(raw: str) -> date | None:
    """A typed deadline, in every form a round's date takes (`dec 10`, `fri`, ISO)."""
    if not raw.strip():
        return None
    return parse_day(raw, _today())


def deadline_hint(deadline: date | None, today: date) -> str:
    """`Mon 30 Nov 2026 · 8 days ago`: the day a typed deadline was read as, and how far
    it is (a date typed without a year is the nearest one, which may be past)."""
    if deadline is None:
        return ""
    return f"{day_year_text(deadline)} · {deadline_text((deadline - today).days)}"


def _currency(raw: str) -> str:
    code = raw.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ValueError("a currency is a three-letter code such as USD or EUR")
    return code


def _whole(label: str) -> Callable[[str], int]:
    return lambda raw: parse_whole(raw, label)


def _bound(key: str, parse: Callable[[str], Any], live: bool = True) -> Bound[Company]:
    return Bound(_read(key), _write(key), f"edit offer {key}", parse, live)


class OfferForm(Form[Company]):
    """The offer's fields, one compact row each, then its notes; a hint while there is none."""

    DEFAULT_CSS = """
    OfferForm { max-width: 70; }
    OfferForm FieldRow { margin-bottom: 1; }
    OfferForm TextArea { height: 5; }
    OfferForm .offer-none { color: $text-muted; margin-top: 1; display: none; }
    OfferForm.-none .offer-none { display: block; }
    OfferForm.-none FieldRow { display: none; }
    """

    def compose(self) -> ComposeResult:
        yield Static(
            "No offer recorded. Press f to record one: base, bonus, equity, deadline.",
            classes="offer-none",
        )
        yield from self._rows()

    def _rows(self) -> Iterator[FieldRow]:
        for key, label in _MONEY:
            field = Input(id=f"offer-{key}", compact=True, placeholder="185000 or 185k")
            yield FieldRow(label, field, bound=_bound(key, parse_amount, live=False))
            if key == "base":
                bonus = Input(id="offer-bonus", compact=True, placeholder="20000, 20k or 10%")
                yield FieldRow("Bonus / year", bonus, bound=_bound("bonus", self._bonus, False))
        for key, label in _WHOLE:
            field = Input(id=f"offer-{key}", compact=True)
            yield FieldRow(label, field, bound=_bound(key, _whole(label), live=False))
        currency = Input(id="offer-currency", compact=True, placeholder="USD")
        yield FieldRow("Currency", currency, bound=_bound("currency", _currency, live=False))
        deadline = Input(id="offer-deadline", compact=True, placeholder="dec 10, 2026-12-10, fri")
        self._deadline_row = FieldRow(
            "Deadline", deadline, hint=" ", bound=_bound("deadline", _deadline, live=False)
        )
        yield self._deadline_row
        statuses = [(s.value.capitalize(), s.value) for s in OfferStatus]
        status = Select(statuses, id="offer-status", allow_blank=False, compact=True)
        yield FieldRow("Status", status, bound=_bound("status", OfferStatus))
        notes = TextArea(id="offer-notes", soft_wrap=True)
        yield FieldRow("Notes", notes, bound=_bound("notes", str), stacked=True)

    def _bonus(self, raw: str) -> int:
        """A bonus as an amount, or as a percentage of the base saved above it (`10%` of
        185000 is saved, and then shown, as 18500); refused while there is no base."""
        offer = self.model.offer if self.model is not None else None
        base = offer.base if offer is not None else 0
        return parse_amount(raw, percent_of=base, what="bonus")

    def watch_model(self) -> None:
        super().watch_model()
        company = self.model
        self.set_class(company is None or company.offer is None, "-none")
        if self.is_mounted:
            offer = company.offer if company is not None else None
            hint = deadline_hint(offer.deadline if offer is not None else None, _today())
            self._deadline_row.show_hint(hint, hide_empty=True)

    def focus_first(self) -> None:
        """Put the cursor in the first amount (after `f` recorded an offer)."""
        self.query_one(Input).focus()
