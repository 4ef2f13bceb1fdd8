"""The funnel: which stages and sources convert, what has gone quiet, what keeps coming up.

Answers "is my pipeline working?": bars of how many companies reached each stage, the
conversion from one stage to the next, a table by source (warm leads against cold
applications), the median days per stage, the companies that may have ghosted (g on that
table marks one so) and the gaps that recur across debriefs (a on that table puts the
selected gap on the checklists of that company's upcoming rounds, f on the personal focus
list). All numbers come from `roundplanner.insights`, the same place as `roundplanner
stats`, read in one method (`read`); the widgets (widgets/funnel.py) draw them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Header, Static

from roundplanner.insights import (
    Funnel,
    RecurringGap,
    Silence,
    add_gap_to_upcoming,
    focus_topics,
    funnel,
    funnel_by_source,
    funnel_warm_cold,
    possibly_ghosted,
    recurring_gaps,
    time_in_stages,
    toggle_focus,
    upcoming_rounds_of,
)
from roundplanner.model import Company, Stage, StoryBank, counts_per_stage
from roundplanner.output.phrases import days_text
from roundplanner.sanitize import clean
from roundplanner.tui.screens.base import PlannerScreen
from roundplanner.tui.widgets.footer import Footer
from roundplanner.tui.widgets.funnel import (
    FocusLine,
    FunnelChart,
    FunnelPicture,
    GapTable,
    QuietCompanies,
    SourceTable,
)

EXITS = (Stage.REJECTED, Stage.WITHDRAWN, Stage.GHOSTED)


@dataclass(frozen=True)
class FunnelData:
    """Everything the funnel screen shows, read from the session at once."""

    picture: FunnelPicture
    sources: tuple[Funnel, ...]
    silences: tuple[Silence, ...]
    gaps: tuple[RecurringGap, ...]
    focus: tuple[str, ...]


class FunnelScreen(PlannerScreen):
    """Conversion by stage and source, possible ghosts, recurring gaps."""

    HELP_TITLE = "Funnel"
    DEFAULT_CSS = """
    FunnelScreen .funnel-body { height: 1fr; }
    FunnelScreen .funnel-top { height: auto; }
    FunnelScreen FunnelChart { width: 1fr; }
    FunnelScreen .funnel-sources { width: 54; height: auto; }
    FunnelScreen .funnel-bottom { height: 1fr; }
    FunnelScreen .funnel-quiet { width: 54; }
    FunnelScreen .funnel-gaps { width: 1fr; }
    FunnelScreen .section-title { height: 1; padding: 0 1; }
    /* Below 100 columns the halves stack and the whole screen scrolls: side by side,
       the bars had ~20 cells and wrapped into garbage at 80x24. */
    FunnelScreen.-narrow .funnel-body { overflow-y: auto; }
    FunnelScreen.-narrow .funnel-top, FunnelScreen.-narrow .funnel-bottom {
        layout: vertical;
        height: auto;
    }
    FunnelScreen.-narrow .funnel-sources, FunnelScreen.-narrow .funnel-quiet,
    FunnelScreen.-narrow .funnel-gaps { width: 100%; height: auto; margin-top: 1; }
    FunnelScreen.-narrow QuietCompanies, FunnelScreen.-narrow GapTable {
        height: auto;
        max-height: 12;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="funnel-back", tooltip="Back to the pipeline"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(classes="funnel-body"):
            with Horizontal(classes="funnel-top"):
                yield FunnelChart(id="funnel-chart")
                with Vertical(classes="funnel-sources"):
                    yield Static("[b]By source[/b] — reached each stage", classes="section-title")
                    yield SourceTable(id="funnel-sources")
            with Horizontal(classes="funnel-bottom"):
                with Vertical(classes="funnel-quiet"):
                    yield Static(self._quiet_title(), classes="section-title")
                    yield QuietCompanies(id="funnel-ghosted")
                with Vertical(classes="funnel-gaps"):
                    yield Static(
                        "[b]Recurring gaps[/b] — [b]a[/b] onto next rounds · [b]f[/b] focus list",
                        classes="section-title",
                    )
                    yield GapTable(id="funnel-gaps")
                    yield FocusLine(id="funnel-focus")
        yield Footer()

    def _quiet_title(self) -> Text:
        after = self.session.settings.ghosted_after_days
        return Text.assemble(
            ("Possibly ghosted", "bold"), f" — quiet {after}+ days · ", ("g", "bold"), " marks"
        )

    data: reactive[FunnelData | None] = reactive(None, init=False)
    """Everything shown, as last read; its watcher hands each widget its slice."""

    def on_mount(self) -> None:
        self.data = self.read()
        # Focused without scrolling to it: a narrow screen opens at the bars, on top.
        self.query_one(GapTable).focus(scroll_visible=False)

    # -- data

    def read(self) -> FunnelData:
        """The numbers, from the read model (the app keeps it in step with the session)."""
        companies = self.planner.summary.companies
        everyone = list(companies.values())
        now = counts_per_stage(everyone)
        medians = tuple(
            f"{spent.stage.label} {days_text(spent.median_days)}"
            for spent in time_in_stages(everyone)
            if spent.samples
        )
        picture = FunnelPicture(funnel(everyone), tuple((s.value, now[s]) for s in EXITS), medians)
        silences = possibly_ghosted(
            companies, self.session.today(), self.session.settings.ghosted_after_days
        )
        return FunnelData(
            picture=picture,
            sources=(*funnel_by_source(everyone), *funnel_warm_cold(everyone)),
            silences=tuple(silences),
            gaps=tuple(recurring_gaps(companies)),
            focus=tuple(focus_topics(self.session.stories)),
        )

    def refresh_data(self) -> None:
        if self.is_mounted:
            self.data = self.read()

    def watch_data(self, data: FunnelData | None) -> None:
        """Hand each widget its slice; the ones whose slice is unchanged do not redraw."""
        if data is None:
            return
        self.query_one(FunnelChart).picture = data.picture
        self.query_one(SourceTable).groups = data.sources
        self.query_one(QuietCompanies).silences = data.silences
        self.query_one(GapTable).gaps = data.gaps
        self.query_one(FocusLine).topics = data.focus

    # -- changes asked for by the widgets

    @on(QuietCompanies.MarkGhosted)
    def _mark_ghosted(self, message: QuietCompanies.MarkGhosted) -> None:
        company = self.session.companies.get(message.slug)
        if company is None:
            return
        today = self.session.today()
        name = clean(company.name)
        if self.apply(
            message.slug, lambda c: c.set_stage(Stage.GHOSTED, today), f"mark {name} ghosted"
        ):
            self.notify(f"{name} marked ghosted (ctrl+z to undo)")

    @on(QuietCompanies.OpenCompany)
    def _open_company(self, message: QuietCompanies.OpenCompany) -> None:
        self.planner.open_company(message.slug)

    @on(GapTable.AddGap)
    def _add_gap(self, message: GapTable.AddGap) -> None:
        """The gap onto the upcoming rounds of each company whose debrief named it."""
        gap = message.gap
        now = self.now()
        added_total, where = 0, []
        for slug in gap.slugs:
            company = self.session.companies.get(slug)
            if company is None or not upcoming_rounds_of(company, now):
                continue
            added = add_gap_to_rounds(self, slug, gap.title)
            if added is None:
                return
            if added:
                added_total += added
                where.append(clean(company.name))
        if added_total:
            self.notify(
                f"Added “{clean(gap.title)}” to {added_total} upcoming round(s) at "
                + ", ".join(where)
            )
        else:
            self.notify(
                "Nothing to add: no upcoming round at "
                + ", ".join(clean(c) for c in gap.companies)
                + " lacks it (f puts it on your focus list)",
                severity="warning",
            )

    @on(GapTable.FocusGap)
    def _focus_gap(self, message: GapTable.FocusGap) -> None:
        title = message.gap.title
        added: list[bool] = []

        def change(bank: StoryBank) -> None:
            added.append(toggle_focus(bank, title))

        if not self.apply_stories(change, "focus list"):
            return
        verb = "Added to" if added and added[0] else "Taken off"
        self.notify(f"{verb} your focus list: {clean(title)}")

    def action_back(self) -> None:
        self.planner.action_pipeline()


def add_gap_to_rounds(screen: PlannerScreen, slug: str, gap: str) -> int | None:
    """Put `gap` on the checklists of the company's upcoming rounds through the session.

    Returns how many rounds got it (0 without a change, so no empty undo step), or None
    when the change was refused (the user has been told why). Any screen that shows a
    debrief's gaps can call this with its own company: the round screen, the company.
    """
    now = screen.now()
    trial = screen.session.companies[slug].model_copy(deep=True)
    if add_gap_to_upcoming(trial, gap, now) == 0:
        return 0
    counted: list[int] = []

    def change(company: Company) -> None:
        counted.append(add_gap_to_upcoming(company, gap, now))

    if not screen.apply(slug, change, f"add gap “{gap}”"):
        return None
    return counted[0] if counted else 0
