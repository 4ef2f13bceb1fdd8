"""The round screen's fields and forms: which widget edits which value of the round.

Every `Bound` here reaches the round through `RoundAccess`, so that a round deleted
meanwhile (an undo, another writer) reads as empty and is never written to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Select

from roundplanner.model import Company, Debrief, Interviewer, Outcome, Round, RoundStatus, zone
from roundplanner.settings import Settings
from roundplanner.timefmt import day_text, day_time_text
from roundplanner.timeparse import EXAMPLES, format_when, parse_when, resolve_zone, zone_names
from roundplanner.tui.screens.editing import Bound
from roundplanner.tui.screens.form import FormField, FormScreen, FormValues
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.fields import FieldRow, parse_whole

_M = TypeVar("_M", bound=BaseModel)

DEBRIEF_TEXTS = (
    ("went_well", "What went well"),
    ("to_improve", "What to improve"),
    ("questions_asked", "Questions they asked (one per line)"),
    ("gaps", "Gaps to close (one per line)"),
    ("feedback", "Feedback heard"),
)
_LISTS = {"questions_asked", "gaps"}


class RoundAccess:
    """Finds the round `round_id` in a company, and reads and writes its fields."""

    def __init__(self, round_id: str, settings: Settings, clock: Callable[[], datetime]) -> None:
        self.round_id = round_id
        self.settings = settings
        self.clock = clock

    def of(self, company: Company | None) -> Round | None:
        return company.round_by_id(self.round_id) if company is not None else None

    def read(self, key: str) -> Callable[[Company], str]:
        def read(company: Company) -> str:
            round_ = self.of(company)
            return "" if round_ is None else _shown(getattr(round_, key))

        return read

    def write(self, key: str) -> Callable[[Company, Any], None]:
        def write(company: Company, value: Any) -> None:
            round_ = self.of(company)
            if round_ is not None:
                setattr(round_, key, value)

        return write

    def bound(
        self, key: str, label: str, parse: Callable[[str], Any] = str, live: bool = True
    ) -> Bound:
        return Bound(self.read(key), self.write(key), label, parse, live)

    # -- parsing what is typed

    def parse_start(self, company_of: Callable[[], Company | None]) -> Callable[[str], Any]:
        """Typed time -> wall-clock start in the round's own zone (empty: no time yet)."""

        def parse(raw: str) -> datetime | None:
            if not raw.strip():
                return None
            round_ = self.of(company_of())
            zone_name = round_.timezone if round_ is not None else self.settings.zone_name
            return parse_when(raw, zone_name, self.clock())

        return parse

    def parse_kind(self, raw: str) -> str:
        if raw not in self.settings.kinds:
            raise ValueError(f"unknown round kind {raw!r}")
        return raw

    # -- the debrief, made on first edit

    def debrief_bound(self, key: str) -> Bound:
        def read(company: Company) -> str:
            round_ = self.of(company)
            if round_ is None or round_.debrief is None:
                return "pending" if key == "outcome" else ""
            return _shown(getattr(round_.debrief, key))

        def write(company: Company, value: Any) -> None:
            round_ = self.of(company)
            if round_ is None:
                return
            if round_.debrief is None:
                round_.debrief = Debrief()
            assert round_.debrief is not None
            setattr(round_.debrief, key, value)

        parse: Callable[[str], Any] = str
        if key in _LISTS:
            parse = _lines
        elif key == "outcome":
            parse = Outcome
        return Bound(read, write, f"debrief: {key.replace('_', ' ')}", parse)


def _shown(value: object) -> str:
    """A model value as a field shows it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_when(value)
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, RoundStatus | Outcome):
        return value.value
    return str(value)


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.splitlines() if line.strip()]


def _minutes(raw: str) -> int:
    return parse_whole(raw, "the duration in minutes")


def round_fields(access: RoundAccess, company_of: Callable[[], Company | None]) -> dict[str, Bound]:
    """Widget id -> the round value it edits."""
    fields = {
        "round-title": access.bound("title", "edit round title"),
        "round-kind": access.bound("kind", "change round kind", access.parse_kind),
        "round-when": access.bound(
            "start", "set round time", access.parse_start(company_of), False
        ),
        "round-zone": access.bound("timezone", "change time zone", resolve_zone, False),
        "round-duration": access.bound("duration_minutes", "change duration", _minutes, False),
        "round-where": access.bound("where", "edit where"),
        "round-status": access.bound("status", "change round status", RoundStatus),
        "prep-notes": access.bound("prep_notes", "edit prep notes"),
        "debrief-outcome": access.debrief_bound("outcome"),
    }
    fields.update({f"debrief-{key}": access.debrief_bound(key) for key, _ in DEBRIEF_TEXTS})
    return fields


def round_form_rows(settings: Settings) -> Iterator[Widget]:
    """The round's own fields, one compact row each."""
    kinds = [(plain(label), key) for key, label in settings.kind_labels.items()]  # from config
    statuses = [(s.value.capitalize(), s.value) for s in RoundStatus]
    yield FieldRow("Title", Input(id="round-title", compact=True, placeholder="(the kind's name)"))
    yield FieldRow("Kind", Select(kinds, id="round-kind", allow_blank=False, compact=True))
    yield FieldRow(
        "Date and time",
        Input(id="round-when", compact=True, placeholder=EXAMPLES),
        hint=" ",
        id="row-when",
    )
    zones = SuggestFromList(zone_names(), case_sensitive=False)
    yield FieldRow(
        "Time zone",
        Input(id="round-zone", compact=True, suggester=zones, placeholder="Europe/Berlin"),
    )
    yield FieldRow("Minutes", Input(id="round-duration", compact=True, type="integer"))
    yield FieldRow(
        "Where", Input(id="round-where", compact=True, placeholder="a place or a video link")
    )
    yield FieldRow("Status", Select(statuses, id="round-status", allow_blank=False, compact=True))


def when_hint(round_: Round, user_zone: str, now: datetime) -> str:
    """The time in the user's own zone when it differs, and how far away it is."""
    from roundplanner.model import countdown

    start = round_.starts_at
    if start is None:
        return "No time yet: type one and press enter"
    parts = [day_text(start)]
    if user_zone != round_.timezone:
        mine = start.astimezone(zone(user_zone))
        if mine.replace(tzinfo=None) != start.replace(tzinfo=None):
            parts = [f"= {day_time_text(mine)} in your zone ({user_zone})"]
    parts.append(countdown(start, now))
    return " · ".join(parts)


# --------------------------------------------------------------------------- forms


def interviewer_form(current: Interviewer | None) -> FormScreen:
    return FormScreen(
        "Edit interviewer" if current else "Who do you meet?",
        [
            FormField("name", "Name", current.name if current else "", required=True),
            FormField("role", "Role", current.role if current else "", "Staff Engineer"),
            FormField("profile", "Profile link", current.profile if current else ""),
            FormField(
                "notes",
                "Notes: what they work on, what to ask them",
                current.notes if current else "",
                multiline=True,
            ),
        ],
    )


def one_line_form(title: str, label: str, value: str = "") -> FormScreen:
    return FormScreen(title, [FormField("text", label, value, required=True)])


def set_item(items: list[_M], index: int | None, model: type[_M], values: FormValues) -> list[_M]:
    """A new list with an item added (index None) or updated, keeping hand-added keys."""
    result = list(items)
    if index is None:
        result.append(model.model_validate(values))
    else:
        merged = {**result[index].model_dump(), **values}
        result[index] = model.model_validate(merged)
    return result


def moved(items: list[Any], index: int, delta: int) -> int | None:
    """Move one item by `delta` in place; its new index, or None at either end."""
    target = index + delta
    if not 0 <= index < len(items) or not 0 <= target < len(items):
        return None
    items.insert(target, items.pop(index))
    return target
