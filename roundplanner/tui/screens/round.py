"""One interview round: when and where, who, what to prepare, and the debrief after.

Four tabs (keys 1–4): the round's fields and its interviewers; the topic checklist;
prep notes, stories and questions to ask; the debrief, offered once the round has
started. Each list is a widget that owns its items and its keys (a add, e edit,
x remove, shift+↑/↓ move; on the checklist also space, n and t) and sends its changes
up as `RoundEdit`; this screen applies them through the session. The round's own
fields (title, time, zone, … prep notes, the debrief's) are declared once, in
`round_fields`, and saved as typed by `EditingScreen`.

The screen opens with the focus on the interviewer list, never in a text field, so that
the app-wide keys (X export, r review, …) work at once; a round without a time says so
in its heading and under the Date field, and w puts the cursor there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import (
    Footer,
    Header,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from roundplanner.external_editor import EditorFailed, edit_text
from roundplanner.model import (
    Company,
    Debrief,
    Outcome,
    Round,
    RoundStatus,
    countdown,
    zone,
)
from roundplanner.sanitize import clean
from roundplanner.session import Session
from roundplanner.settings import Settings
from roundplanner.timefmt import day_text, day_time_text
from roundplanner.timeparse import EXAMPLES, format_when, parse_when, resolve_zone, zone_names
from roundplanner.tui.screens.base import Showing
from roundplanner.tui.screens.editing import Bound, EditingScreen
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.checklist import ChecklistProgress, TopicChecklist
from roundplanner.tui.widgets.debrief import DebriefPanel, DebriefState
from roundplanner.tui.widgets.fields import FieldRow, parse_whole
from roundplanner.tui.widgets.interviewers import InterviewerList
from roundplanner.tui.widgets.prep import QuestionList, StoryList
from roundplanner.tui.widgets.round_heading import RoundHeading
from roundplanner.tui.widgets.round_list import RoundEdit


class RoundScreen(EditingScreen):
    """Everything about one round, edited in place."""

    DEFAULT_CSS = """
    RoundScreen TabbedContent { height: 1fr; }
    RoundScreen TabPane { padding: 0 1; }
    RoundScreen .section-label { margin-top: 1; }
    RoundScreen .round-overview { height: 1fr; }
    RoundScreen .round-form { width: 70; height: auto; padding-right: 2; }
    RoundScreen .round-people { width: 1fr; height: 1fr; }
    RoundScreen .round-prep { height: 1fr; }
    RoundScreen .round-prep-notes { width: 1fr; height: 1fr; }
    RoundScreen .round-prep-notes TextArea { height: 1fr; }
    RoundScreen .round-prep-lists { width: 54; height: 1fr; padding-left: 2; }
    RoundScreen .tab-hint { color: $text-muted; height: auto; margin-top: 1; }

    /* 80x24: the form above the interviewers, its rows without gaps, all scrolling; the
       prep notes and the lists share the width. */
    RoundScreen.-narrow .round-overview { layout: vertical; overflow-y: auto; }
    RoundScreen.-narrow .round-form { width: 100%; padding-right: 0; }
    RoundScreen.-narrow .round-people { width: 100%; height: auto; }
    RoundScreen.-narrow .round-people InterviewerList { height: auto; max-height: 12; }
    RoundScreen.-narrow .round-prep-lists { width: 1fr; padding-left: 1; }
    """

    HELP_TITLE = "Round"
    TABS_ID = "round-tabs"
    HOME: ClassVar[dict[str, str]] = {
        "overview": "interviewers",
        "checklist": "topics",
        "prep": "round-stories",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "back",
            "Back",
            id="back",
            tooltip="Leave the field; from elsewhere go back (all saved)",
        ),
        Binding("w", "when", "When", id="when", tooltip="Type the round's date and time"),
        Binding(
            "ctrl+o",
            "edit_notes",
            "$EDITOR",
            id="edit_notes",
            tooltip="Edit the prep notes in $EDITOR",
        ),
        Binding(
            "ctrl+g",
            "gaps_forward",
            "Gaps → next rounds",
            id="gaps_forward",
            tooltip="Add this debrief's gaps to the checklists of the company's upcoming rounds",
        ),
        Binding(
            "1",
            "tab('overview')",
            "Overview",
            id="tab-overview",
            tooltip="Time, place, interviewers",
            show=False,
        ),
        Binding(
            "2",
            "tab('checklist')",
            "Checklist",
            id="tab-checklist",
            tooltip="Topics to prepare",
            show=False,
        ),
        Binding(
            "3",
            "tab('prep')",
            "Prep",
            id="tab-prep",
            tooltip="Notes, stories, questions",
            show=False,
        ),
        Binding(
            "4",
            "tab('debrief')",
            "Debrief",
            id="tab-debrief",
            tooltip="The post-mortem",
            show=False,
        ),
    ]

    round: reactive[Round | None] = reactive(None, init=False)
    """The round as the session last announced it; each part goes down to its widget."""

    def __init__(self, session: Session, slug: str, round_id: str) -> None:
        super().__init__(session, slug)
        self.round_id = round_id
        self.access = RoundAccess(round_id, session.settings, session.clock)
        self.bound = round_fields(self.access, lambda: self.company)

    # -- layout

    def compose(self) -> ComposeResult:
        settings = self.session.settings
        yield Header()
        yield RoundHeading()
        with TabbedContent(id="round-tabs", initial="overview"):
            with TabPane("1 Overview", id="overview"), Horizontal(classes="round-overview"):
                with Vertical(classes="round-form"):
                    yield from round_form_rows(settings)
                with Vertical(classes="round-people"):
                    yield Label(
                        "Interviewers  (a add · e edit · x remove)", classes="section-label"
                    )
                    yield InterviewerList(id="interviewers")
            with TabPane("2 Checklist", id="checklist"):
                yield ChecklistProgress()
                yield TopicChecklist(settings.checklists, id="topics")
                yield Static(
                    "space tick · a add · e edit · n note · x remove · shift+↑/↓ move · "
                    "t add from a template",
                    classes="tab-hint",
                )
            with TabPane("3 Prep", id="prep"), Horizontal(classes="round-prep"):
                with Vertical(classes="round-prep-notes"):
                    yield Label("Prep notes  (ctrl+o: $EDITOR)", classes="section-label")
                    yield TextArea(id="prep-notes", soft_wrap=True)
                with Vertical(classes="round-prep-lists"):
                    yield Label("Stories to tell  (a pick)", classes="section-label")
                    yield StoryList(id="round-stories")
                    yield Label("Questions to ask them", classes="section-label")
                    yield QuestionList(id="questions")
            with TabPane("4 Debrief", id="debrief"):
                yield DebriefPanel()
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(InterviewerList).focus()

    def showing(self) -> Showing:
        return Showing(self.slug, self.round_id)

    # -- data down

    def refresh_data(self) -> None:
        if not self.is_mounted:
            return
        company = self.company
        round_ = self.access.of(company)
        if company is None or round_ is None:
            self.notify("This round is no longer in the workspace", severity="warning")
            self.app.pop_screen()
            return
        self.sync_fields(company)
        self.round = round_
        self.query_one(StoryList).bank = tuple(self.session.stories.stories)
        label = round_.label(self.session.settings.kind_labels)
        self.query_one(RoundHeading).heading = (company.name, label, round_)
        self.sub_title = clean(f"{company.name} › {label}")

    def watch_round(self, round_: Round | None) -> None:
        if round_ is None:
            return
        self.query_one("#row-when", FieldRow).show_hint(
            when_hint(round_, self.session.settings.zone_name, self.now())
        )
        self.query_one(InterviewerList).items = tuple(round_.interviewers)
        self.query_one(TopicChecklist).items = tuple(round_.topics)
        self.query_one(ChecklistProgress).topics = tuple(round_.topics)
        self.query_one(StoryList).items = tuple(round_.stories)
        self.query_one(QuestionList).items = tuple(round_.questions)
        self._show_debrief_state(round_)

    def _show_debrief_state(self, round_: Round) -> None:
        state: DebriefState = "open"
        if round_.debrief is None and not round_.has_started(self.now()):
            state = "untimed" if round_.start is None else "ahead"
        self.query_one(DebriefPanel).state = state

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()
        if self.round is not None:
            self._show_debrief_state(self.round)  # the clock moves: it may have started

    # -- changes up

    def edit_round(self, change: Callable[[Round], None], label: str) -> bool:
        """Change this round through the session; False (and a toast) if refused."""

        def on_company(company: Company) -> None:
            round_ = self.access.of(company)
            if round_ is not None:
                change(round_)

        return self.apply(self.slug, on_company, label)

    @on(RoundEdit)
    def _round_edit(self, event: RoundEdit) -> None:
        event.stop()
        if not self.edit_round(event.change, event.label):
            return
        if event.origin is not None and event.select is not None:
            event.origin.select_next(event.select)
        if event.said:
            self.notify(event.said)

    # -- keys of the screen

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "gaps_forward":
            on_debrief = self.query_one(TabbedContent).active == "debrief"
            return on_debrief and self.query_one(DebriefPanel).state == "open"
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        # Let go of the focus first: a list focused in the pane being hidden handed the
        # focus to its neighbour in the same pane, which pulled that pane back (4 from
        # the prep tab stayed on prep).
        self.set_focus(None)
        super().action_tab(tab)

    def action_when(self) -> None:
        """The cursor to the Date field (where a new round's first value goes)."""
        self.query_one(TabbedContent).active = "overview"
        self.call_after_refresh(self.query_one("#round-when").focus)

    def action_gaps_forward(self) -> None:
        """What the debrief says to work on lands on the next rounds' checklists."""
        from roundplanner.insights import add_gap_to_upcoming

        self.save_pending()  # the gaps may have been typed a moment ago
        round_ = self.access.of(self.company)
        gaps = list(round_.debrief.gaps) if round_ and round_.debrief else []
        if not gaps:
            self.notify("Write the gaps first, one per line", severity="warning")
            return
        now = self.now()
        added = 0

        def forward(company: Company) -> None:
            nonlocal added
            added = sum(add_gap_to_upcoming(company, gap, now) for gap in gaps)

        if not self.apply(self.slug, forward, "send gaps to the next rounds"):
            return
        if added:
            self.notify(f"Added {added} topic(s) to upcoming rounds (ctrl+z undoes)")
        else:
            self.notify("Every upcoming round has these gaps already (or none is planned)")

    def action_edit_notes(self) -> None:
        """Prep notes in the user's own editor (the app steps aside while it runs)."""
        self.save_pending()
        round_ = self.access.of(self.company)
        if round_ is None:
            return
        before = round_.prep_notes
        try:
            edited = self._run_editor(before + "\n" if before else "")
        except EditorFailed as error:
            self.notify(f"{error}. Your notes are unchanged.", title="$EDITOR", severity="error")
            return
        edited = edited.rstrip("\n")
        if edited == before:
            self.notify("Prep notes unchanged")
            return
        if self.edit_round(lambda r: setattr(r, "prep_notes", edited), "edit prep notes"):
            self.show_value(self.query_one("#prep-notes"), edited)
            self.notify("Prep notes saved from $EDITOR")

    def _run_editor(self, text: str) -> str:
        try:
            with self.app.suspend():
                return edit_text(text)
        except SuspendNotSupported:
            if not self.app.is_headless:
                raise EditorFailed("this terminal cannot hand over to an editor") from None
        # Headless (tests, scripts): there is no terminal to hand over, so just run it.
        return edit_text(text)


# --------------------------------------------------------------------------- the fields
#
# The round's own fields, in one place: which widget (by id) edits which value, and the
# rows that show them. Every `Bound` reaches the round through `RoundAccess`, so that a
# round deleted meanwhile (an undo, another writer) reads as empty and is never written.


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
        DebriefPanel.OUTCOME_ID: access.debrief_bound("outcome", Outcome),
    }
    for widget_id, key, _ in DebriefPanel.TEXTS:
        parse = _lines if key in ("questions_asked", "gaps") else str
        fields[widget_id] = access.debrief_bound(key, parse)
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


class RoundAccess:
    """Finds the round `round_id` in a company, and reads and writes its fields."""

    def __init__(self, round_id: str, settings: Settings, clock: Callable[[], datetime]) -> None:
        self.round_id = round_id
        self.settings = settings
        self.clock = clock

    def of(self, company: Company | None) -> Round | None:
        return company.round_by_id(self.round_id) if company is not None else None

    def bound(
        self, key: str, label: str, parse: Callable[[str], Any] = str, live: bool = True
    ) -> Bound:
        def read(company: Company) -> str:
            round_ = self.of(company)
            return "" if round_ is None else _shown(getattr(round_, key))

        def write(company: Company, value: Any) -> None:
            round_ = self.of(company)
            if round_ is not None:
                setattr(round_, key, value)

        return Bound(read, write, label, parse, live)

    def debrief_bound(self, key: str, parse: Callable[[str], Any]) -> Bound:
        """A debrief field; the debrief is made on its first edit."""

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
            setattr(round_.debrief, key, value)

        return Bound(read, write, f"debrief: {key.replace('_', ' ')}", parse)

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
