"""One interview round: when and where, who, what to prepare, and the debrief after.

Four tabs (keys 1–4): the round's fields and its interviewers; the topic checklist;
prep notes, stories and questions to ask; the debrief, offered once the round has
started. The screen is a layout of widgets that each own their part of the round,
their keys and their styles, and send their changes up, each applied through the
session: the lists (a add, e edit, x remove, shift+↑/↓ move; on the checklist also
space, n and t) send `RoundEdit`, applied here; the forms (`RoundDetails`, `PrepNotes`,
`DebriefPanel`, each a `Form` over this round of the company) send `Form.Edited`,
applied by `PlannerScreen`. When the session announces a change the screen reads the
company again and hands each widget its slice; only the widgets whose slice changed
redraw, and a field keeps what is being typed in it.

The screen opens with the focus on the interviewer list, never in a text field, so that
the app-wide keys (X export, r review, …) work at once; a round without a time says so
in its heading and under the Date field, and w puts the cursor there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Header, Label, Static, TabbedContent, TabPane

from roundplanner.external_editor import EditorFailed, edit_text
from roundplanner.model import Company, Round
from roundplanner.sanitize import clean
from roundplanner.session import Session
from roundplanner.tui.screens.base import Showing
from roundplanner.tui.screens.tabbed import CompanyTabsScreen
from roundplanner.tui.widgets.checklist import ChecklistProgress, TopicChecklist
from roundplanner.tui.widgets.debrief import DebriefPanel, DebriefState
from roundplanner.tui.widgets.footer import Footer
from roundplanner.tui.widgets.interviewers import InterviewerList
from roundplanner.tui.widgets.prep import QuestionList, StoryList
from roundplanner.tui.widgets.round_form import PrepNotes, RoundDetails
from roundplanner.tui.widgets.round_heading import RoundHeading
from roundplanner.tui.widgets.round_list import RoundEdit


class RoundScreen(CompanyTabsScreen):
    """Everything about one round, edited in place."""

    DEFAULT_CSS = """
    RoundScreen TabbedContent { height: 1fr; }
    RoundScreen TabPane { padding: 0 1; }
    RoundScreen .section-label { margin-top: 1; }
    RoundScreen .round-overview { height: 1fr; }
    RoundScreen .round-form { width: 70; height: auto; padding-right: 2; }
    RoundScreen .round-people { width: 1fr; height: 1fr; }
    RoundScreen .round-prep { height: 1fr; }
    RoundScreen .round-prep-notes { width: 1fr; }
    RoundScreen .round-prep-lists { width: 54; height: 1fr; padding-left: 2; }
    RoundScreen .tab-hint { color: $text-muted; height: auto; margin-top: 1; }

    /* 80x24: the form above the interviewers, its rows without gaps, all scrolling; the
       prep notes and the lists share the width. */
    RoundScreen.-narrow .round-overview { layout: vertical; overflow-y: auto; }
    RoundScreen.-narrow .round-form { width: 100%; padding-right: 0; }
    RoundScreen.-narrow .round-form FieldRow { margin-bottom: 0; }
    RoundScreen.-narrow .round-people { width: 100%; height: auto; }
    RoundScreen.-narrow .round-people InterviewerList { height: auto; max-height: 12; }
    RoundScreen.-narrow .round-prep-lists { width: 1fr; padding-left: 1; }
    """

    HELP_TITLE = "Round"
    HOME: ClassVar[dict[str, type[Widget]]] = {
        "overview": InterviewerList,
        "checklist": TopicChecklist,
        "prep": StoryList,
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

    # -- layout

    def compose(self) -> ComposeResult:
        settings = self.session.settings
        yield Header()
        yield RoundHeading()
        with TabbedContent(id="round-tabs", initial="overview"):
            with TabPane("1 Overview", id="overview"), Horizontal(classes="round-overview"):
                yield RoundDetails(
                    self.round_id, settings, self.session.clock, classes="round-form"
                )
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
                yield PrepNotes(self.round_id, classes="round-prep-notes")
                with Vertical(classes="round-prep-lists"):
                    yield Label("Stories to tell  (a pick)", classes="section-label")
                    yield StoryList(id="round-stories")
                    yield Label("Questions to ask them", classes="section-label")
                    yield QuestionList(id="questions")
            with TabPane("4 Debrief", id="debrief"):
                yield DebriefPanel(self.round_id)
        yield Footer()

    def on_mount(self) -> None:
        # The data comes with the screen's first resume (PlannerScreen.on_screen_resume),
        # right after this: the screen does not count as mounted yet here.
        self.query_one(InterviewerList).focus()

    def showing(self) -> Showing:
        return Showing(self.slug, self.round_id)

    # -- data down

    def refresh_data(self) -> None:
        """Read the company again; the forms and the widgets whose part changed redraw."""
        if not self.is_mounted:
            return
        company = self.session.companies.get(self.slug)
        round_ = self._round_in(company)
        if company is None or round_ is None:
            self.notify("This round is no longer in the workspace", severity="warning")
            self.app.pop_screen()
            return
        self.company = company
        self.round = round_
        self.query_one(StoryList).bank = tuple(self.session.stories.stories)
        label = round_.label(self.session.settings.kind_labels)
        self.query_one(RoundHeading).heading = (company.name, label, round_)
        self.sub_title = clean(f"{company.name} › {label}")

    def _round_in(self, company: Company | None) -> Round | None:
        return company.round_by_id(self.round_id) if company is not None else None

    def watch_round(self, round_: Round | None) -> None:
        if round_ is None:
            return
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
            round_ = self._round_in(company)
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
        self.call_after_refresh(self.query_one(RoundDetails).focus_when)

    def action_gaps_forward(self) -> None:
        """What the debrief says to work on lands on the next rounds' checklists."""
        from roundplanner.insights import add_gap_to_upcoming

        self.save_pending()  # the gaps may have been typed a moment ago
        round_ = self._round_in(self.session.companies.get(self.slug))
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
        round_ = self._round_in(self.session.companies.get(self.slug))
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
            self.refresh_data()  # the box shows them now, even with the cursor in it
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
