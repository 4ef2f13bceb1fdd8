"""The company screen's fields and forms: which widget edits which value, and how.

Kept apart from the screen so that the screen file reads as layout and behaviour, and
this one as the mapping between the TOML fields and the widgets that edit them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, TypeVar

from textual.widget import Widget
from textual.widgets import Input, Label, Select, TextArea

from roundplanner import paths
from roundplanner.model import Company, Contact, Offer, OfferStatus, Round, Source, Stage
from roundplanner.session import Session
from roundplanner.timeparse import parse_day
from roundplanner.tui.screens.editing import Bound
from roundplanner.tui.widgets.fields import FieldRow, parse_money, parse_whole
from roundplanner.tui.widgets.forms import FormField, FormScreen, FormValues

RESEARCH = (
    ("what_they_do", "What they do (and who pays them)"),
    ("why_them", "Why them"),
    ("how_i_contribute", "How I would contribute"),
    ("notes", "Notes"),
)

_T = TypeVar("_T")


def remove_at(items: list[_T], index: int) -> None:
    """Drop one item (a change function for the session)."""
    del items[index]


def new_round(session: Session, kind: str) -> Round:
    """A round of `kind` with its default length and checklist, in the user's zone, no time."""
    from roundplanner.model import Topic

    settings = session.settings
    return Round(
        kind=kind,
        duration_minutes=settings.kind_duration(kind),
        timezone=settings.zone_name,
        topics=[Topic(title=item) for item in settings.checklist_items(kind)],
    )


def _name(raw: str) -> str:
    if not raw.strip():
        raise ValueError("a company needs a name")
    return raw.strip()


def _links(raw: str) -> list[str]:
    return raw.replace(",", " ").split()


def _set_stage(session: Session) -> Callable[[Company, Stage], None]:
    def write(company: Company, stage: Stage) -> None:
        company.set_stage(stage, session.today())

    return write


def _research(key: str) -> Bound:
    return Bound(
        read=lambda c: str(getattr(c.research, key)),
        write=lambda c, v: setattr(c.research, key, v),
        label="edit research notes",
    )


def company_fields(session: Session) -> dict[str, Bound]:
    """Widget id -> the company value it edits."""
    fields = {
        "company-name": Bound(
            read=lambda c: c.name,
            write=lambda c, v: setattr(c, "name", v),
            label="rename company",
            parse=_name,
        ),
        "company-stage": Bound(
            read=lambda c: c.stage.value,
            write=_set_stage(session),
            label="change stage",
            parse=Stage,
        ),
        "company-source": Bound(
            read=lambda c: c.source.value,
            write=lambda c, v: setattr(c, "source", v),
            label="change source",
            parse=Source,
        ),
        "company-domain": Bound(
            read=lambda c: c.domain,
            write=lambda c, v: setattr(c, "domain", v.strip()),
            label="edit domain",
        ),
        "company-links": Bound(
            read=lambda c: " ".join(c.links),
            write=lambda c, v: setattr(c, "links", v),
            label="edit links",
            parse=_links,
        ),
    }
    fields.update({f"research-{key}": _research(key) for key, _ in RESEARCH})
    fields.update(_offer_fields())
    return fields


# --------------------------------------------------------------------------- offer

_MONEY = (("base", "Base"), ("bonus", "Bonus / year"), ("equity", "Equity (total)"))
_MONEY_2 = (("sign_on", "Sign-on"),)
_WHOLE = (("vesting_years", "Vesting years"), ("cliff_months", "Cliff months"))


def _offer_read(key: str) -> Callable[[Company], str]:
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


def _offer_write(key: str) -> Callable[[Company, Any], None]:
    def write(company: Company, value: Any) -> None:
        if company.offer is None:
            if value in (None, "", getattr(Offer(), key)):
                # A form showing its defaults (the status Select announces its first
                # value when it mounts) is not an offer: a new company has none until
                # one is entered, or Offers would list it as "pending" with zeros.
                return
            company.offer = Offer()
        setattr(company.offer, key, value)

    return write


def _deadline(raw: str) -> date | None:
    """A typed deadline, in every form a round's date takes (`dec 10`, `fri`, ISO)."""
    if not raw.strip():
        return None
    return parse_day(raw, paths.now().astimezone().date())


def _currency(raw: str) -> str:
    code = raw.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise ValueError("a currency is a three-letter code such as USD or EUR")
    return code


def _whole(label: str) -> Callable[[str], int]:
    return lambda raw: parse_whole(raw, label)


def _offer_bound(key: str, parse: Callable[[str], Any], live: bool = True) -> Bound:
    return Bound(_offer_read(key), _offer_write(key), f"edit offer {key}", parse, live)


def _offer_fields() -> dict[str, Bound]:
    fields: dict[str, Bound] = {}
    for key, _ in (*_MONEY, *_MONEY_2):
        fields[f"offer-{key}"] = _offer_bound(key, parse_money, live=False)
    for key, label in _WHOLE:
        fields[f"offer-{key}"] = _offer_bound(key, _whole(label), live=False)
    fields["offer-currency"] = _offer_bound("currency", _currency, live=False)
    fields["offer-deadline"] = _offer_bound("deadline", _deadline, live=False)
    fields["offer-status"] = _offer_bound("status", OfferStatus)
    fields["offer-notes"] = _offer_bound("notes", str)
    return fields


def offer_form_rows() -> Iterator[Widget]:
    """The offer's fields, one compact row each, then its notes."""
    for key, label in (*_MONEY, *_MONEY_2):
        yield FieldRow(label, Input(id=f"offer-{key}", compact=True, placeholder="185000 or 185k"))
    for key, label in _WHOLE:
        yield FieldRow(label, Input(id=f"offer-{key}", compact=True))
    yield FieldRow("Currency", Input(id="offer-currency", compact=True, placeholder="USD"))
    yield FieldRow(
        "Deadline", Input(id="offer-deadline", compact=True, placeholder="dec 10, 2026-12-10, fri")
    )
    statuses = [(s.value.capitalize(), s.value) for s in OfferStatus]
    yield FieldRow("Status", Select(statuses, id="offer-status", allow_blank=False, compact=True))
    yield Label("Notes", classes="section-label")
    yield TextArea(id="offer-notes", soft_wrap=True, classes="note")


# --------------------------------------------------------------------------- contacts


def contact_form(current: Contact | None) -> FormScreen:
    return FormScreen(
        "Edit contact" if current else "Add a contact",
        [
            FormField("name", "Name", current.name if current else "", required=True),
            FormField("role", "Role", current.role if current else "", "Recruiter, referrer…"),
            FormField("email", "Email", current.email if current else ""),
            FormField("notes", "Notes", current.notes if current else "", multiline=True),
        ],
        validate=contact_problem,
    )


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def contact_problem(values: FormValues) -> str | None:
    """Why the contact form cannot be saved, or None: an email must look like one (a
    file may hold anything there, but what is typed here is checked while it is fixable)."""
    email = values.get("email", "").strip()
    if email and not _EMAIL.fullmatch(email):
        return f"{email!r} is not an email address (name@example.com), or leave it empty"
    return None


def set_contact(company: Company, index: int | None, values: FormValues) -> None:
    """Add a contact (index None) or change one, keeping keys the user added by hand."""
    if index is None:
        company.contacts = [*company.contacts, Contact(**values)]
        return
    updated = company.contacts[index].model_copy(update=values)
    contacts = list(company.contacts)
    contacts[index] = Contact.model_validate(updated.model_dump())
    company.contacts = contacts
