"""The company's rounds, by start time: open one, add one or a whole loop, delete one.

The table owns its keys (enter opens, n adds a round, l adds a loop from a template, x
deletes after asking) and sends the changes up as `Edit`; the screen applies them. It
redraws when its rounds or the minute change, keeping the cursor on the same round, and
fits its columns to its width: the times and the countdown keep their full text, the
title gives way first.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from roundplanner.model import Company, Round, Topic, countdown, zone
from roundplanner.sanitize import clean
from roundplanner.settings import Settings
from roundplanner.timefmt import day_time_text
from roundplanner.tui.screens.confirm import ConfirmScreen
from roundplanner.tui.screens.pick import PickScreen
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.edit import Edit

WIDE = 110
"""From this width the kind and the title get a column each; below, one "Round" column."""
TITLE_MAX = 48
"""The title column takes what is left up to this (wider, the status drifts out of sight)."""


def new_round(settings: Settings, kind: str) -> Round:
    """A round of `kind` with its default length and checklist, in the user's zone, no time."""
    return Round(
        kind=kind,
        duration_minutes=settings.kind_duration(kind),
        timezone=settings.zone_name,
        topics=[Topic(title=item) for item in settings.checklist_items(kind)],
    )


def sorted_rounds(rounds: tuple[Round, ...]) -> list[Round]:
    """Rounds by start time; rounds without a time keep their order, at the end."""
    timed = [r for r in rounds if r.starts_at is not None]
    untimed = [r for r in rounds if r.starts_at is None]
    timed.sort(key=lambda r: r.starts_at.timestamp() if r.starts_at else 0.0)
    return timed + untimed


class RoundsTable(DataTable[Text]):
    """One row per round: when (in the user's zone), how long until, kind, title, status,
    checklist progress, debrief."""

    DEFAULT_CSS = """
    RoundsTable { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            id="open-round",
            show=False,  # the footer keeps its room for the keys one would not guess
            tooltip="Open the round",
        ),
        Binding("n", "new_round", "New round", id="new-round", tooltip="Add a round of a kind"),
        Binding(
            "l", "add_loop", "Add loop", id="add-loop", tooltip="Add a whole loop from a template"
        ),
        Binding(
            "x,delete",
            "delete",
            "Remove",
            id="delete-round",
            tooltip="Delete the selected round (asks first); ctrl+z undoes",
        ),
    ]

    rounds: reactive[tuple[Round, ...]] = reactive((), init=False)
    """The company's rounds, as stored."""
    minute: reactive[int] = reactive(0, init=False)
    """The minute the countdowns were counted at (a new minute redraws them)."""

    class Open(Message):
        """Open the round `round_id`."""

        def __init__(self, round_id: str) -> None:
            super().__init__()
            self.round_id = round_id

    def __init__(self, settings: Settings, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.settings = settings
        self._wide: bool | None = None
        self._go_to: str | None = None

    # -- drawing

    def watch_rounds(self) -> None:
        self._draw()

    def watch_minute(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE
        if wide != self._wide or not self.columns:
            self._wide = wide
            self._draw(columns=True)
        else:
            self._fit_flexible()

    def _columns(self) -> list[tuple[str, str, int]]:
        if self._wide:
            return [
                ("When (your zone)", "when", 16),
                ("", "countdown", 11),  # "13h 36m ago", "12d 23h ago"
                ("Kind", "kind", 20),
                ("Title", "title", 0),
                ("Status", "status", 9),
                ("Ready", "ready", 5),
                ("Debrief", "debrief", 9),
            ]
        return [
            ("When (your zone)", "when", 16),
            ("", "countdown", 11),
            ("Round", "title", 0),
            ("Status", "status", 9),
            ("Ready", "ready", 5),
            ("Debrief", "debrief", 9),
        ]

    def _flexible_width(self) -> int:
        """What the title column gets: the width left over by the others (and their
        padding, and a scrollbar if there is one), between 10 and `TITLE_MAX`."""
        fixed = self._columns()
        used = sum(width for _, _, width in fixed) + 2 * self.cell_padding * len(fixed)
        return max(10, min(TITLE_MAX, self.scrollable_content_region.width - used))

    def _fit_flexible(self) -> None:
        column = self.columns.get("title")  # type: ignore[call-overload]
        width = self._flexible_width()
        if column is not None and column.width != width:
            self._draw(columns=True)

    def _draw(self, *, columns: bool = False) -> None:
        if not self.is_mounted or self._wide is None:
            return
        selected = self._go_to or self.selected_round_id()
        self._go_to = None
        self.clear(columns=columns)
        if columns or not self.columns:
            flexible = self._flexible_width()
            for label, key, width in self._columns():
                self.add_column(label, key=key, width=width or flexible)
        now = datetime.fromtimestamp(self.minute * 60).astimezone()
        for round_ in sorted_rounds(self.rounds):
            self.add_row(*self._cells(round_, now), key=round_.id)
        if selected is not None and selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected))

    def _cells(self, round_: Round, now: datetime) -> list[Text]:
        here = zone(self.settings.zone_name)
        start = round_.starts_at
        if start is None:
            when, left = Text("time to set", style="italic yellow"), Text("")
        else:
            when = Text(day_time_text(start.astimezone(here)))
            left = Text(countdown(start, now), style="dim" if start < now else "bold")
        done, total = round_.progress
        ready = Text(f"{done}/{total}" if total else "–", style="green" if done == total else "")
        if round_.needs_debrief(now):
            debrief = Text("due", style="bold yellow")
        elif round_.debrief is not None:
            debrief = Text(f"✓ {round_.debrief.outcome.value}", style="green")
        else:
            debrief = Text("")
        kind = self.settings.kind_labels.get(round_.kind, round_.kind)
        status = Text(round_.status.value)
        if self._wide:
            return [when, left, plain(kind), plain(round_.title), status, ready, debrief]
        return [when, left, plain(round_.title or kind), status, ready, debrief]

    def selected_round_id(self) -> str | None:
        """The round under the cursor, or None in an empty table."""
        if self.row_count == 0 or not self.is_valid_row_index(self.cursor_row):
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return str(row_key.value) if row_key.value is not None else None

    def go_to(self, round_id: str) -> None:
        """Put the cursor on `round_id` once it is shown (it was just added)."""
        self._go_to = round_id
        if round_id in self.rows:
            self.move_cursor(row=self.get_row_index(round_id))
            self._go_to = None

    # -- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("select_cursor", "delete"):
            return self.row_count > 0
        return True

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Open(str(event.row_key.value)))

    def action_new_round(self) -> None:
        settings = self.settings
        choices = [
            (key, f"{label}  ({settings.kind_duration(key)} min)")
            for key, label in settings.kind_labels.items()
        ]

        def picked(kind: str | None) -> None:
            if kind is None:
                return
            round_ = new_round(settings, kind)
            self.post_message(
                Edit(
                    lambda c: c.rounds.append(round_),
                    "add round",
                    then=lambda: self._open_new(round_.id),
                )
            )

        self.app.push_screen(PickScreen("Add a round: what kind?", choices), picked)

    def _open_new(self, round_id: str) -> None:
        self.post_message(self.Open(round_id))

    def action_add_loop(self) -> None:
        templates = self.settings.templates
        if not templates:
            self.notify("No loop templates in the settings", severity="warning")
            return
        choices = [(key, spec.label) for key, spec in templates.items()]

        def picked(key: str | None) -> None:
            if key is None:
                return
            rounds = [new_round(self.settings, kind) for kind in templates[key].rounds]
            self.post_message(
                Edit(
                    lambda c: c.rounds.extend(rounds),
                    "add loop",
                    done=f"Added {len(rounds)} rounds: open each to set its time",
                    then=lambda: self.go_to(rounds[0].id),
                )
            )

        detail = "Rounds get their default length and checklist; times are left to fill in."
        self.app.push_screen(PickScreen("Add a whole loop", choices, detail), picked)

    def action_delete(self) -> None:
        round_id = self.selected_round_id()
        round_ = next((r for r in self.rounds if r.id == round_id), None)
        if round_ is None:
            return
        label = clean(round_.label(self.settings.kind_labels))

        def drop(company: Company) -> None:
            company.rounds = [r for r in company.rounds if r.id != round_id]

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(
                    Edit(drop, f"delete round {label}", done=f"Deleted {label} (ctrl+z to undo)")
                )

        detail = "Its interviewers, checklist, notes and debrief go with it; ctrl+z undoes."
        self.app.push_screen(ConfirmScreen(f"Delete the round {label}?", detail), answered)
