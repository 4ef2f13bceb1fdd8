"""The pipeline: every company with its stage, source, next round and readiness.

Answers "where do I stand?" at a glance: counts per stage on top (`StageBar`), then the
companies (`CompanyList`), which filter as you type (`/`) and by stage (`t`), and sort
(`o`). The screen is the layout and the actions that change the workspace (add, delete,
mark ghosted); the list owns its rows, cursor, sort and filters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, Static

from roundplanner.safeio import StoreError
from roundplanner.sanitize import clean
from roundplanner.tui.screens.base import SummaryScreen
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.company_list import CompanyList, Listing
from roundplanner.tui.widgets.footer import Footer
from roundplanner.tui.widgets.stage_bar import StageBar

if TYPE_CHECKING:
    # The model is imported where used: the rows come from the app's summaries
    # (summary.py), so a quick start draws this screen before pydantic is loaded.
    from roundplanner.model import Company


class PipelineScreen(SummaryScreen):
    """Every company in the pipeline: the stage bar, the filter, the list (a layout; the
    list owns the rows, the cursor, the sort and the filters)."""

    HELP_TITLE = "Pipeline"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="add", tooltip="Add a company"),
        Binding("d", "delete", "Delete", id="delete", tooltip="Delete the company (asks first)"),
        # priority: the app runs it before forwarding the keys typed right after `/`, so
        # they land in the filter instead of the list (where `a` would add a company).
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            id="filter",
            tooltip="Filter as you type",
            priority=True,
        ),
        Binding(
            "g",
            "mark_ghosted",
            "Ghosted",
            id="ghosted",
            show=False,
            tooltip="Mark the company as ghosted",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            show=False,
            id="clear",
            tooltip="Clear the filter",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="pipeline"):
            yield StageBar()
            yield Static(id="broken-files", classes="warning-line")
            # Always on screen, so that `/` can focus it at once (see the binding).
            with Horizontal(id="filter-bar"):
                yield Input(
                    placeholder="/ filter: name, stage, source…", id="filter-input", compact=True
                )
                yield Static(id="filter-state", classes="muted")
            yield CompanyList()
            yield Static(id="welcome", classes="welcome")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(CompanyList).focus()

    @property
    def companies(self) -> CompanyList:
        """The list of companies."""
        return self.query_one(CompanyList)

    def refresh_data(self) -> None:
        """Show the current summaries (the data or the time changed). Only while shown:
        a screen under another is refreshed when it comes back."""
        if not self.is_mounted or not self.is_current:
            return
        summary = self.planner.summary
        self.companies.listing = Listing(
            summary.companies,
            tuple(stage for stage, _label in summary.stages),
            self.now().timestamp(),
        )
        self.query_one(StageBar).counts = tuple(summary.counts())
        broken = summary.broken
        line = self.query_one("#broken-files", Static)
        line.display = bool(broken)
        if broken:
            line.update(
                plain(
                    f"⚠ {len(broken)} file(s) could not be read and are left untouched: "
                    + ", ".join(broken)
                    + "  (roundplanner validate)"
                )
            )
        self.drawn()

    def _selected_slug(self) -> str | None:
        return self.companies.selected_slug

    # -- events

    @on(CompanyList.Listed)
    def _listed(self, message: CompanyList.Listed) -> None:
        """The list shows other rows: the stage mark, the state line, the greeting."""
        self.query_one(StageBar).chosen = message.stage_filter
        total = message.total
        welcome = self.query_one("#welcome", Static)
        welcome.display = total == 0
        # The list takes the remaining height; hide it so the greeting is what shows.
        self.companies.display = total > 0
        if total == 0:
            welcome.update(
                Text.assemble(
                    ("Welcome to roundplanner.", "bold"),
                    "\n\nNo companies yet. Press ",
                    ("a", "bold"),
                    " to add the first one,\nor quit and run ",
                    ("roundplanner --demo", "bold"),
                    " to look around a demo workspace.\n\nYour files live in ",
                    plain(str(self.planner.summary.root)),
                )
            )
        parts = [f"sorted by {message.sort}"]
        if message.stage_filter is not None:
            labels = dict(self.planner.summary.stages)
            parts.append(f"stage: {labels.get(message.stage_filter, message.stage_filter)}")
        if message.filter_text:
            parts.append(f"filter: {clean(message.filter_text)!r}")
        parts.append(f"{message.shown} of {total} shown")
        # The filter is what was typed: `[/]` in it is text to look for, not markup.
        self.query_one("#filter-state", Static).update(plain(" · ".join(parts)))

    @on(CompanyList.CompanyChosen)
    def _chosen(self, message: CompanyList.CompanyChosen) -> None:
        self.planner.open_company(message.slug)

    @on(Input.Changed, "#filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.companies.filter_text = event.value

    @on(Input.Submitted, "#filter-input")
    def _filter_done(self) -> None:
        self.companies.focus()

    # -- actions

    def action_filter(self) -> None:
        # set_focus, not focus(): focus() is deferred, and the next keys must find it.
        self.set_focus(self.query_one("#filter-input", Input))

    def action_clear_filter(self) -> None:
        self.query_one("#filter-input", Input).value = ""
        companies = self.companies
        companies.filter_text = ""
        companies.stage_filter = None
        companies.focus()

    def action_add(self) -> None:
        from roundplanner.tui.screens.add_company import AddCompanyScreen

        def added(company: Company | None) -> None:
            if company is None:
                return
            from roundplanner.session import ChangeRejected

            try:
                slug, _ = self.session.add_company(company)
            except ChangeRejected as error:
                self.notify(str(error), severity="error")
                return
            self.planner.open_company(slug)

        self.app.push_screen(AddCompanyScreen(), added)

    def action_delete(self) -> None:
        slug = self._selected_slug()
        if slug is None:
            return
        company = self.session.companies[slug]
        from roundplanner.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.session.delete_company(slug)
            except StoreError as error:
                self.notify(str(error), severity="error")

        rounds = len(company.rounds)
        self.app.push_screen(
            ConfirmScreen(
                f"Delete {clean(company.name)}?",
                f"Its file and {rounds} round(s) go to the workspace's .trash; ctrl+z brings "
                "them back.",
            ),
            answered,
        )

    def action_mark_ghosted(self) -> None:
        slug = self._selected_slug()
        if slug is None:
            return
        from roundplanner.model import Stage

        today = self.session.today()
        self.apply(slug, lambda c: c.set_stage(Stage.GHOSTED, today), "mark ghosted")
