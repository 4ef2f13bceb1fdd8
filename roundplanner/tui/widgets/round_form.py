"""A round's own fields: when and where, what kind, its status, and the prep notes.

Each form edits one round of the company it is given (`Form.model` is the company, as
the screen has it from the session): every field finds the round by its id each time
it reads or writes, so a round deleted meanwhile (an undo, another writer) reads as
empty and is never written. Typing, autosave and errors are `Form`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Select, TextArea

from roundplanner.model import Company, Outcome, Round, RoundStatus, countdown, zone
from roundplanner.settings import Settings
from roundplanner.timefmt import day_text, day_time_text
from roundplanner.timeparse import EXAMPLES, format_when, parse_when, resolve_zone, zone_names
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.fields import FieldRow, parse_whole
from roundplanner.tui.widgets.form import Bound, Form


class RoundForm(Form[Company]):
    """A form over the round `round_id` of the company it shows."""

    def __init__(self, round_id: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.round_id = round_id

    def round_of(self, company: Company | None) -> Round | None:
        """This form's round in `company` (None: no company, or the round is gone)."""
        return company.round_by_id(self.round_id) if company is not None else None

    def bound(
        self, key: str, label: str, parse: Callable[[str], Any] = str, live: bool = True
    ) -> Bound[Company]:
        """The round's value `key`, saved as `label` in the undo history."""

        def read(company: Company) -> str:
            round_ = self.round_of(company)
            return "" if round_ is None else shown(getattr(round_, key))

        def write(company: Company, value: Any) -> None:
            round_ = self.round_of(company)
            if round_ is not None:
                setattr(round_, key, value)

        return Bound(read, write, label, parse, live)


class RoundDetails(RoundForm):
    """Title, kind, date and time (with the time in the user's zone and how far away it
    is), time zone, minutes, where, status: one compact row each."""

    def __init__(
        self,
        round_id: str,
        settings: Settings,
        clock: Callable[[], datetime],
        *,
        classes: str | None = None,
    ) -> None:
        super().__init__(round_id, classes=classes)
        self.settings = settings
        self.clock = clock
        self._when = Input(id="round-when", compact=True, placeholder=EXAMPLES)
        self._when_row = FieldRow(
            "Date and time",
            self._when,
            hint=" ",
            id="row-when",
            bound=self.bound("start", "set round time", self._parse_start, live=False),
        )

    def compose(self) -> ComposeResult:
        yield from self._rows()

    def _rows(self) -> Iterator[FieldRow]:
        def row(
            label: str,
            field: Widget,
            key: str,
            undo: str,
            parse: Callable[[str], Any] = str,
            live: bool = True,
        ) -> FieldRow:
            return FieldRow(label, field, bound=self.bound(key, undo, parse, live))

        kinds = [(plain(label), key) for key, label in self.settings.kind_labels.items()]
        statuses = [(s.value.capitalize(), s.value) for s in RoundStatus]
        zones = SuggestFromList(zone_names(), case_sensitive=False)
        title = Input(id="round-title", compact=True, placeholder="(the kind's name)")
        yield row("Title", title, "title", "edit round title")
        kind = Select(kinds, id="round-kind", allow_blank=False, compact=True)
        yield row("Kind", kind, "kind", "change round kind", self._parse_kind)
        yield self._when_row
        # Enter takes the zone the suggestion shows (resolve_zone finds the same one).
        zone_field = Input(
            id="round-zone", compact=True, suggester=zones, placeholder="Europe/Berlin"
        )
        yield row("Time zone", zone_field, "timezone", "change time zone", resolve_zone, False)
        minutes = Input(id="round-duration", compact=True, type="integer")
        yield row("Minutes", minutes, "duration_minutes", "change duration", _minutes, False)
        where = Input(id="round-where", compact=True, placeholder="a place or a video link")
        yield row("Where", where, "where", "edit where")
        status = Select(statuses, id="round-status", allow_blank=False, compact=True)
        yield row("Status", status, "status", "change round status", RoundStatus)

    def watch_model(self) -> None:
        super().watch_model()
        round_ = self.round_of(self.model)
        if round_ is not None:
            self._when_row.show_hint(when_hint(round_, self.settings.zone_name, self.clock()))

    def focus_when(self) -> None:
        """The cursor to the Date field (where a new round's first value goes)."""
        self._when.focus()

    def _parse_start(self, raw: str) -> datetime | None:
        """Typed time -> wall-clock start in the round's own zone (empty: no time yet)."""
        if not raw.strip():
            return None
        round_ = self.round_of(self.model)
        zone_name = round_.timezone if round_ is not None else self.settings.zone_name
        return parse_when(raw, zone_name, self.clock())

    def _parse_kind(self, raw: str) -> str:
        if raw not in self.settings.kinds:
            raise ValueError(f"unknown round kind {raw!r}")
        return raw


class PrepNotes(RoundForm):
    """The prep notes, a text area filling the column, saved as typed."""

    DEFAULT_CSS = """
    PrepNotes { height: 1fr; }
    PrepNotes > FieldRow { height: 1fr; margin-bottom: 0; }
    PrepNotes TextArea { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield FieldRow(
            "Prep notes  (ctrl+o: $EDITOR)",
            TextArea(id="prep-notes", soft_wrap=True),
            bound=self.bound("prep_notes", "edit prep notes"),
            stacked=True,
        )


def when_hint(round_: Round, user_zone: str, now: datetime) -> str:
    """The time in the user's own zone when it differs, and how far away it is."""
    start = round_.starts_at
    if start is None:
        return "No time yet: press w, type one (tue 3pm) and press enter"
    parts = [day_text(start)]
    if user_zone != round_.timezone:
        mine = start.astimezone(zone(user_zone))
        if mine.replace(tzinfo=None) != start.replace(tzinfo=None):
            parts = [f"= {day_time_text(mine)} in your zone ({user_zone})"]
    parts.append(countdown(start, now))
    return " · ".join(parts)


def shown(value: object) -> str:
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


def _minutes(raw: str) -> int:
    return parse_whole(raw, "the duration in minutes")
