"""One interview round: when and where, who, what to prepare, and the debrief after.

Four tabs (keys 1–4): the round's fields and its interviewers; the topic checklist;
prep notes, stories and questions to ask; the debrief, offered once the round has
started. The list keys (a add, e edit, x remove, shift+↑/↓ move, space tick, n note)
act on whichever list has the focus, and the footer shows only those that apply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import (
    Footer,
    Header,
    Label,
    ProgressBar,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from roundplanner.external_editor import EditorFailed, edit_text
from roundplanner.model import Company, Outcome, Round, Topic
from roundplanner.sanitize import clean
from roundplanner.session import Session
from roundplanner.timefmt import day_time_text
from roundplanner.tui.screens.round_lists import RoundListsScreen
from roundplanner.tui.screens.round_parts import (
    DEBRIEF_TEXTS,
    round_fields,
    round_form_rows,
    when_hint,
)
from roundplanner.tui.widgets.checklist import TopicChecklist, progress_text
from roundplanner.tui.widgets.fields import FieldRow
from roundplanner.tui.widgets.item_list import ItemList
from roundplanner.tui.widgets.people import interviewer_line


def _binding(
    key: str, action: str, text: str, tip: str, *, show: bool = True, display: str | None = None
) -> Binding:
    """A binding whose id is its action's name (the round screen has one per action)."""
    action_id = action.split("(")[0] + (
        "-" + action.split("(")[1].strip("()'") if "(" in action else ""
    )
    return Binding(key, action, text, id=action_id, tooltip=tip, show=show, key_display=display)


class RoundScreen(RoundListsScreen):
    """Everything about one round, edited in place."""

    HELP_TITLE = "Round"
    TABS_ID = "round-tabs"
    HOME: ClassVar[dict[str, str]] = {
        "overview": "interviewers",
        "checklist": "topics",
        "prep": "stories",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        _binding("escape", "back", "Back", "Leave the field; from elsewhere go back (all saved)"),
        _binding("a", "add", "Add", "Add to the focused list"),
        _binding("e", "edit", "Edit", "Edit the selected item"),
        _binding("x,delete", "remove", "Remove", "Remove the selected item (ctrl+z undoes)"),
        _binding("space", "tick", "Tick", "Tick or untick the topic"),
        _binding("n", "note", "Note", "A note on the topic"),
        _binding(
            "shift+up,ctrl+up", "move(-1)", "Up", "Move the item up", show=False, display="shift+↑"
        ),
        _binding(
            "shift+down,ctrl+down",
            "move(1)",
            "Down",
            "Move the item down",
            show=False,
            display="shift+↓",
        ),
        _binding("t", "template", "From template", "Add the topics of a checklist template"),
        _binding("ctrl+o", "edit_notes", "$EDITOR", "Edit the prep notes in $EDITOR"),
        _binding(
            "ctrl+g",
            "gaps_forward",
            "Gaps → next rounds",
            "Add this debrief's gaps to the checklists of the company's upcoming rounds",
        ),
        _binding("1", "tab('overview')", "Overview", "Time, place, interviewers", show=False),
        _binding("2", "tab('checklist')", "Checklist", "Topics to prepare", show=False),
        _binding("3", "tab('prep')", "Prep", "Notes, stories, questions", show=False),
        _binding("4", "tab('debrief')", "Debrief", "The post-mortem", show=False),
    ]

    def __init__(self, session: Session, slug: str, round_id: str) -> None:
        super().__init__(session, slug, round_id)
        self.bound = round_fields(self.access, lambda: self.company)

    # -- layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="round-title")
        with TabbedContent(id="round-tabs", initial="overview"):
            with TabPane("1 Overview", id="overview"), Horizontal(id="round-overview"):
                with Vertical(id="round-form"):
                    yield from round_form_rows(self.session.settings)
                with Vertical(id="interviewers-column"):
                    yield Label(
                        "Interviewers  (a add · e edit · x remove)", classes="section-label"
                    )
                    yield ItemList("Nobody yet: press a to add who you meet.", id="interviewers")
            with TabPane("2 Checklist", id="checklist"):
                with Horizontal(id="checklist-progress"):
                    yield Static(id="progress-text")
                    yield ProgressBar(id="progress-bar", show_eta=False)
                yield TopicChecklist(id="topics")
                yield Static(
                    "space tick · a add · e edit · n note · x remove · shift+↑/↓ move · "
                    "t add from a template",
                    classes="tab-hint",
                )
            with TabPane("3 Prep", id="prep"), Horizontal(id="prep-columns"):
                with Vertical(id="prep-notes-column"):
                    yield Label("Prep notes  (ctrl+o: edit in $EDITOR)", classes="section-label")
                    yield TextArea(id="prep-notes", soft_wrap=True)
                with Vertical(id="prep-lists"):
                    yield Label("Stories to tell  (a pick from the bank)", classes="section-label")
                    yield ItemList("None yet: press a to pick from the story bank.", id="stories")
                    yield Label("Questions to ask them", classes="section-label")
                    yield ItemList("None yet: press a to add one.", id="questions")
            with TabPane("4 Debrief", id="debrief"):
                yield Static(id="debrief-hint", classes="muted-block")
                with Vertical(id="debrief-form"):
                    outcomes = [(o.value.capitalize(), o.value) for o in Outcome]
                    yield FieldRow(
                        "Outcome",
                        Select(outcomes, id="debrief-outcome", allow_blank=False, compact=True),
                    )
                    with Grid(id="debrief-grid"):
                        for key, label in DEBRIEF_TEXTS:
                            with Vertical(classes="debrief-cell"):
                                yield Label(label, classes="section-label")
                                yield TextArea(id=f"debrief-{key}", soft_wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        round_ = self.round
        if round_ is not None and round_.start is None:
            self.query_one("#round-when").focus()  # a new round: the time comes first
        else:
            self.query_one("#interviewers").focus()

    # -- data

    def refresh_data(self) -> None:
        if not self.is_mounted:
            return
        company, round_ = self.company, self.round
        if company is None or round_ is None:
            self.notify("This round is no longer in the workspace", severity="warning")
            self.app.pop_screen()
            return
        self.sub_title = clean(
            f"{company.name} › {round_.label(self.session.settings.kind_labels)}"
        )
        self.sync_fields(company)
        self._show_title(company.name, round_)
        self.query_one("#row-when", FieldRow).show_hint(
            when_hint(round_, self.session.settings.zone_name, self.now())
        )
        self.query_one("#interviewers", ItemList).show_items(
            [interviewer_line(i) for i in round_.interviewers]
        )
        self._show_checklist(round_.topics)
        self.query_one("#stories", ItemList).show_items(self.story_lines(round_))
        self.query_one("#questions", ItemList).show_items(
            [Text(clean(q)) for q in round_.questions]
        )
        self._show_debrief(round_)

    def _show_title(self, company_name: str, round_: Round) -> None:
        kinds = self.session.settings.kind_labels
        done, total = round_.progress
        parts = [
            Text(clean(company_name), style="bold"),
            Text(" › "),
            Text(clean(round_.label(kinds)), style="bold cyan"),
            Text(f"  {round_.status.value}", style="dim"),
        ]
        if round_.start is not None:
            parts.append(Text(f" · {day_time_text(round_.start)} {round_.timezone}"))
        if total:
            parts.append(Text(f" · ready {done}/{total}", style="green" if done == total else ""))
        self.query_one("#round-title", Static).update(Text.assemble(*parts))

    def _show_checklist(self, topics: list[Topic]) -> None:
        self.query_one("#topics", TopicChecklist).show_topics(topics)
        self.query_one("#progress-text", Static).update(progress_text(topics))
        done = sum(1 for t in topics if t.done)
        self.query_one("#progress-bar", ProgressBar).update(
            total=max(len(topics), 1), progress=done
        )

    def _show_debrief(self, round_: Round) -> None:
        open_ = round_.has_started(self.now()) or round_.debrief is not None
        self.query_one("#debrief-form").display = open_
        hint = self.query_one("#debrief-hint", Static)
        hint.display = not open_
        if round_.start is None:
            hint.update("The debrief opens once the round has started: set its time first.")
        elif not open_:
            hint.update(
                "The debrief opens once the round has started. Until then: the checklist (2)."
            )

    # -- which keys apply where

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        where = self.focused_list()
        allowed: dict[str, Callable[[], bool]] = {
            "add": lambda: where is not None,
            "edit": lambda: where in ("interviewers", "topics", "questions"),
            "remove": lambda: where is not None,
            "tick": lambda: where == "topics",
            "note": lambda: where == "topics",
            "move": lambda: where in ("topics", "questions", "interviewers", "stories"),
            "template": lambda: self.query_one("#round-tabs", TabbedContent).active == "checklist",
            "gaps_forward": lambda: (
                self.query_one("#round-tabs", TabbedContent).active == "debrief"
            ),
        }
        check = allowed.get(action)
        return check() if check else True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()
        round_ = self.round
        if round_ is not None:
            self._show_debrief(round_)  # the clock moves: a round may have started since

    # -- the learning loop

    def action_gaps_forward(self) -> None:
        """What the debrief says to work on lands on the next rounds' checklists."""
        from roundplanner.insights import add_gap_to_upcoming

        self.save_pending()  # the gaps may have been typed a moment ago
        round_ = self.round
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

    # -- $EDITOR

    def action_edit_notes(self) -> None:
        """Prep notes in the user's own editor (the app steps aside while it runs)."""
        self.save_pending()
        round_ = self.round
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
