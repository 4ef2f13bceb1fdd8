"""The funnel: which stages and sources convert, what has gone quiet, what keeps coming up.

Answers "is my pipeline working?": bars of how many companies reached each stage, the
conversion from one stage to the next, a table by source (warm leads against cold
applications), the median days per stage, the companies that may have ghosted (one key
marks them so) and the gaps that recur across debriefs (one key puts the selected gap on
the checklists of that company's upcoming rounds, another on the personal focus list).
All numbers come from `roundplanner.insights`, the same place as `roundplanner stats`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Static

from roundplanner.insights import (
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
from roundplanner.output.phrases import bar, days_text, percent
from roundplanner.sanitize import clean
from roundplanner.timefmt import day_month_text
from roundplanner.tui.screens.base import PlannerScreen
from roundplanner.tui.widgets.tables import selected_key

BAR_WIDTH = 26
SOURCE_STAGES = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER)


def _plain(text: str) -> Text:
    """Text from a file, cleaned and never read as markup."""
    return Text(clean(text))


class FunnelScreen(PlannerScreen):
    """Conversion by stage and source, possible ghosts, recurring gaps."""

    HELP_TITLE = "Funnel"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "g",
            "mark_ghosted",
            "Mark ghosted",
            id="funnel-ghosted",
            tooltip="Mark the selected quiet company as ghosted",
        ),
        Binding(
            "a",
            "add_gap",
            "Gap → next rounds",
            id="funnel-add-gap",
            tooltip="Add the selected gap to the checklists of that company's upcoming rounds",
        ),
        Binding(
            "f",
            "focus_gap",
            "Focus list",
            id="funnel-focus",
            tooltip="Put the selected gap on (or take it off) your personal focus list",
        ),
        Binding("escape", "back", "Back", id="funnel-back", tooltip="Back to the pipeline"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="funnel"):
            with Horizontal(id="funnel-top"):
                yield Static(id="funnel-chart")
                with Vertical(id="funnel-sources-box"):
                    yield Static("[b]By source[/b] — reached each stage", classes="section-title")
                    yield DataTable(id="funnel-sources", cursor_type="none", show_cursor=False)
            with Horizontal(id="funnel-bottom"):
                with Vertical(id="funnel-ghosted-box"):
                    yield Static(id="funnel-ghosted-title", classes="section-title")
                    yield DataTable(id="funnel-ghosted", cursor_type="row", zebra_stripes=True)
                with Vertical(id="funnel-gaps-box"):
                    yield Static(
                        "[b]Recurring gaps[/b] — [b]a[/b] onto next rounds · [b]f[/b] focus list",
                        classes="section-title",
                    )
                    yield DataTable(id="funnel-gaps", cursor_type="row", zebra_stripes=True)
                    yield Static(id="funnel-focus", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        sources = self.query_one("#funnel-sources", DataTable)
        sources.add_column("Source", key="source", width=9)
        sources.add_column("Cos", key="n", width=3)
        for stage, label in zip(SOURCE_STAGES, ("Appl", "Scr", "Intv", "Offer"), strict=True):
            sources.add_column(label, key=stage.value, width=5)
        sources.add_column("→Offer", key="rate", width=6)
        ghosted = self.query_one("#funnel-ghosted", DataTable)
        ghosted.add_column("Company", key="name", width=18)
        ghosted.add_column("Stage", key="stage", width=12)
        ghosted.add_column("Last seen", key="last", width=10)
        ghosted.add_column("Quiet", key="days", width=5)
        gaps = self.query_one("#funnel-gaps", DataTable)
        gaps.add_column("×", key="count", width=2)
        gaps.add_column("Gap", key="gap", width=30)
        gaps.add_column("Companies", key="companies", width=16)
        gaps.add_column("Last", key="last", width=6)
        self.refresh_data()
        gaps.focus()

    # -- data

    def refresh_data(self) -> None:
        if not self.is_mounted:
            return
        companies = self.planner.summary.companies
        self.query_one("#funnel-chart", Static).update(self._chart())
        self._fill_sources()
        self._fill_ghosted()
        self._fill_gaps()
        focus = focus_topics(self.session.stories)
        line = "Focus topics: " + (", ".join(clean(t) for t in focus) if focus else "none yet")
        self.query_one("#funnel-focus", Static).update(Text(line))
        if not companies:
            self.query_one("#funnel-chart", Static).update(
                "No companies yet: the funnel fills in as you add them (p, then a)."
            )

    def _chart(self) -> Text:
        """Bars of how many companies reached each stage, with the numbers beside them."""
        everyone = list(self.planner.summary.companies.values())
        total = funnel(everyone)
        top = max((step.reached for step in total.steps), default=0)
        text = Text()
        text.append("Funnel", style="bold")
        text.append(f" — {total.companies} companies; reached · now there · on to next\n")
        for step in total.steps:
            text.append(f"{step.stage.label:<13}")
            text.append(f"{bar(step.reached, top, BAR_WIDTH):<{BAR_WIDTH}}", style="cyan")
            text.append(f" {step.reached:>3}", style="bold")
            text.append(f"  now {step.current:<3}", style="dim")
            if step.conversion is not None:
                text.append(f" → {percent(step.conversion)}")
            text.append("\n")
        now = counts_per_stage(everyone)
        exits = (Stage.REJECTED, Stage.WITHDRAWN, Stage.GHOSTED)
        text.append("Left the funnel: " + " · ".join(f"{s.value} {now[s]}" for s in exits))
        text.append("\n\n")
        text.append("Median days in stage", style="bold")
        text.append(" (finished stays)\n")
        parts = [
            f"{spent.stage.label} {days_text(spent.median_days)}"
            for spent in time_in_stages(everyone)
            if spent.samples
        ]
        text.append(" · ".join(parts) or "no finished stays yet")
        return text

    def _fill_sources(self) -> None:
        table = self.query_one("#funnel-sources", DataTable)
        table.clear()
        everyone = list(self.planner.summary.companies.values())
        warm, cold = funnel_warm_cold(everyone)
        for group in [*funnel_by_source(everyone), warm, cold]:
            style = "bold" if group.label in ("warm", "cold") else ""
            cells: list[object] = [Text(group.label, style=style), str(group.companies)]
            cells += [str(group.reached(stage)) for stage in SOURCE_STAGES]
            cells.append(Text(percent(group.rate(Stage.APPLIED, Stage.OFFER)), style=style))
            table.add_row(*cells, key=f"source-{group.label}")

    def _fill_ghosted(self) -> None:
        after = self.session.settings.ghosted_after_days
        self.query_one("#funnel-ghosted-title", Static).update(
            Text.assemble(
                ("Possibly ghosted", "bold"),
                f" — quiet {after}+ days · ",
                ("g", "bold"),
                " marks ghosted",
            )
        )
        table = self.query_one("#funnel-ghosted", DataTable)
        selected = selected_key(table)
        table.clear()
        for silence in self._silences():
            table.add_row(
                _plain(silence.company.name),
                silence.company.stage_label,
                silence.last_activity.isoformat(),
                Text(f"{silence.days}d"),
                key=silence.slug,
            )
        _restore(table, selected)

    def _fill_gaps(self) -> None:
        table = self.query_one("#funnel-gaps", DataTable)
        selected = selected_key(table)
        table.clear()
        for gap in recurring_gaps(self.planner.summary.companies):
            table.add_row(
                Text(str(gap.count)),
                _plain(gap.title),
                _plain(", ".join(gap.companies)),
                day_month_text(gap.last_seen) if gap.last_seen else "",
                key=gap.key,
            )
        _restore(table, selected)

    def _silences(self) -> list[Silence]:
        return possibly_ghosted(
            self.planner.summary.companies,
            self.session.today(),
            self.session.settings.ghosted_after_days,
        )

    def selected_gap(self) -> RecurringGap | None:
        key = selected_key(self.query_one("#funnel-gaps", DataTable))
        gaps = recurring_gaps(self.planner.summary.companies)
        return next((g for g in gaps if g.key == key), None)

    # -- actions

    def action_mark_ghosted(self) -> None:
        slug = selected_key(self.query_one("#funnel-ghosted", DataTable))
        if slug is None or slug not in self.session.companies:
            self.notify("No quiet company selected", severity="warning")
            return
        today = self.session.today()
        name = clean(self.session.companies[slug].name)
        if self.apply(slug, lambda c: c.set_stage(Stage.GHOSTED, today), f"mark {name} ghosted"):
            self.notify(f"{name} marked ghosted (ctrl+z to undo)")

    def action_add_gap(self) -> None:
        """The selected gap onto the upcoming rounds of each company whose debrief named it."""
        gap = self.selected_gap()
        if gap is None:
            self.notify("No gap selected", severity="warning")
            return
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

    def action_focus_gap(self) -> None:
        gap = self.selected_gap()
        if gap is None:
            self.notify("No gap selected", severity="warning")
            return
        added: list[bool] = []

        def change(bank: StoryBank) -> None:
            added.append(toggle_focus(bank, gap.title))

        if not self.apply_stories(change, "focus list"):
            return
        verb = "Added to" if added and added[0] else "Taken off"
        self.notify(f"{verb} your focus list: {clean(gap.title)}")

    def action_back(self) -> None:
        self.planner.action_pipeline()

    @on(DataTable.RowSelected, "#funnel-ghosted")
    def _open_quiet_company(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.planner.open_company(str(event.row_key.value))


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


def _restore(table: DataTable[object], key: str | None) -> None:
    """Put the cursor back on the row it was on, when that row is still there."""
    if key is not None and key in table.rows:
        table.move_cursor(row=table.get_row_index(key))
