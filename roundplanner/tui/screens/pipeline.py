"""The pipeline: every company with its stage, source, next round and readiness.

Answers "where do I stand?" at a glance: counts per stage on top, then a table that
filters as you type (`/`) and by stage (`t`), and sorts (`o`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Input, Static

from roundplanner.sanitize import clean
from roundplanner.timefmt import countdown, day_month_text
from roundplanner.tui.screens.base import SummaryScreen
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.tables import selected_key

if TYPE_CHECKING:
    # The model is imported where used: the rows come from the app's summaries
    # (summary.py), so a quick start draws this screen before pydantic is loaded.
    from roundplanner.model import Company
    from roundplanner.summary import CompanySummary

SORTS = ("next round", "name", "stage")
FILL_CHUNK = 60
"""Rows added to the table per frame (a screen shows about 30)."""
STAGE_STYLE: dict[str, str] = {  # by Stage value (a Stage looks itself up as its value)
    "interested": "dim",
    "applied": "",
    "screening": "cyan",
    "interviewing": "bold cyan",
    "offer": "bold green",
    "accepted": "green",
    "rejected": "red",
    "withdrawn": "dim",
    "ghosted": "dim red",
}


@dataclass
class _Row:
    """One company's row, made once per refresh: typing a filter only picks rows. Its
    cells are made when the row first goes into the table (a screenful at first)."""

    slug: str
    company: CompanySummary
    now: float
    haystack: str

    @cached_property
    def cells(self) -> list[object]:
        return _cells(self.company, self.now)


class PipelineScreen(SummaryScreen):
    """Every company in the pipeline."""

    HELP_TITLE = "Pipeline"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="open", tooltip="Open the company"),
        Binding("a", "add", "Add", id="add", tooltip="Add a company"),
        Binding("d", "delete", "Delete", id="delete", tooltip="Delete the company (asks first)"),
        # priority: the app runs it before forwarding the keys typed right after `/`, so
        # they land in the filter instead of the table (where `a` would add a company).
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
            "t",
            "stage_filter",
            "Stage",
            id="stage-filter",
            tooltip="Show one stage at a time (cycles)",
        ),
        Binding("o", "sort", "Sort", id="sort", tooltip="Sort by next round, name or stage"),
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

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.filter_text = ""
        self.stage_filter: str | None = None
        """A Stage value: only companies at that stage are shown."""
        self.sort_index = 0
        self._rows: list[_Row] = []
        self._shown: list[str] | None = None
        self._fills = 0
        """How many times the table was refilled: a pending `_fill` of an older one stops."""
        self._pending: tuple[list[_Row], str | None] | None = None
        """The rows still being added, and the row to put the cursor on once it is in."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="pipeline"):
            yield Static(id="stage-counts")
            yield Static(id="broken-files", classes="warning-line")
            # Always on screen, so that `/` can focus it at once (see the binding).
            with Horizontal(id="filter-bar"):
                yield Input(
                    placeholder="/ filter: name, stage, source…", id="filter-input", compact=True
                )
                yield Static(id="filter-state", classes="muted")
            yield DataTable(id="companies", cursor_type="row", zebra_stripes=True)
            yield Static(id="welcome", classes="welcome")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#companies", DataTable)
        table.add_column("Company", key="name", width=24)
        table.add_column("Stage", key="stage", width=13)
        table.add_column("Source", key="source", width=9)
        table.add_column("Next round", key="next", width=26)
        table.add_column("When", key="when", width=10)
        table.add_column("Ready", key="ready", width=6)
        table.add_column("Flags", key="flags")
        self.refresh_data()
        table.focus()

    # -- data

    def _ordered(self, now: float) -> list[tuple[str, CompanySummary]]:
        """The companies the stage filter lets through, in the chosen order."""
        rows = [
            (slug, company)
            for slug, company in self.planner.summary.companies.items()
            if self.stage_filter is None or company.stage == self.stage_filter
        ]
        sort = SORTS[self.sort_index]
        if sort == "name":
            rows.sort(key=lambda row: row[1].name.casefold())
        elif sort == "stage":
            order = [stage for stage, _label in self.planner.summary.stages]
            rows.sort(key=lambda row: (order.index(row[1].stage), row[1].name.casefold()))
        else:
            rows.sort(key=lambda row: _next_key(row[1], now))
        return rows

    def refresh_data(self) -> None:
        """Compute every row again (the data or the time changed), then show them. Only
        while shown: a screen under another is refreshed when it comes back."""
        if not self.is_mounted or not self.is_current:
            return
        now = self.now().timestamp()
        self._rows = [
            _Row(slug, company, now, company.haystack) for slug, company in self._ordered(now)
        ]
        self._show_rows(rebuild=True)
        self._refresh_counts()
        self.drawn()

    def _show_rows(self, *, rebuild: bool = False) -> None:
        """Put the rows the text filter lets through in the table. The table is rebuilt
        only when that list changes: most keystrokes in the filter keep it as it is.

        A table measures every cell of every row it is given (~0.3 ms a row), so a key
        that brings back 1,000 rows would hold its frame for a third of a second: the
        first FILL_CHUNK rows (more than a screenful) go in at once, and the rest
        FILL_CHUNK per frame after (`_fill`), until the next change starts again."""
        text = self.filter_text.casefold()
        shown = [row for row in self._rows if not text or text in row.haystack]
        keys = [row.slug for row in shown]
        if rebuild or keys != self._shown:
            table = self.query_one("#companies", DataTable)
            selected = self._selected_slug() if self._pending is None else self._pending[1]
            table.clear()
            self._fills += 1
            self._pending = (shown, selected)
            self._fill(self._fills, 0)
            self._shown = keys
        self._refresh_state(len(shown), len(self.planner.summary.companies))

    def _fill(self, fill: int, start: int) -> None:
        """Add the next FILL_CHUNK rows of fill number `fill`, from `start` (a later
        change has started another fill: this one stops)."""
        if fill != self._fills or self._pending is None:
            return
        rows, selected = self._pending
        table = self.query_one("#companies", DataTable)
        end = min(len(rows), start + FILL_CHUNK)
        for row in rows[start:end]:
            table.add_row(*row.cells, key=row.slug)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
            self._pending = (rows, None)  # the cursor is back where it was
        if end < len(rows):
            self.call_after_refresh(self._fill, fill, end)
        else:
            self._pending = None

    @property
    def filling(self) -> bool:
        """True while rows are still being added to the table (see `_show_rows`)."""
        return self._pending is not None

    def _refresh_counts(self) -> None:
        summary = self.planner.summary
        self._show_counts(
            [(label, count, stage == self.stage_filter) for stage, label, count in summary.counts()]
        )
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

    def _show_counts(self, counts: list[tuple[str, int, bool]]) -> None:
        """The line of (stage label, count, is the stage filter) on top."""
        line = Text()
        for index, (label, count, chosen) in enumerate(counts):
            marker = "▸" if chosen else ""
            line.append("  " if index else "")
            line.append(f"{marker}{label} {count}", style="bold" if count else "dim")
        self.query_one("#stage-counts", Static).update(line)

    def _refresh_state(self, shown: int, total: int) -> None:
        welcome = self.query_one("#welcome", Static)
        welcome.display = total == 0
        # The table takes the remaining height; hide it so the greeting is what shows.
        self.query_one("#companies", DataTable).display = total > 0
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
        parts = [f"sorted by {SORTS[self.sort_index]}"]
        if self.stage_filter is not None:
            labels = dict(self.planner.summary.stages)
            parts.append(f"stage: {labels.get(self.stage_filter, self.stage_filter)}")
        if self.filter_text:
            parts.append(f"filter: {clean(self.filter_text)!r}")
        parts.append(f"{shown} of {total} shown")
        # The filter is what was typed: `[/]` in it is text to look for, not markup.
        self.query_one("#filter-state", Static).update(plain(" · ".join(parts)))

    def _selected_slug(self) -> str | None:
        return selected_key(self.query_one("#companies", DataTable))

    # -- events

    @on(DataTable.RowSelected, "#companies")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.planner.open_company(str(event.row_key.value))

    @on(Input.Changed, "#filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self._show_rows()  # the rows are computed already: only pick them

    @on(Input.Submitted, "#filter-input")
    def _filter_done(self) -> None:
        self.query_one("#companies", DataTable).focus()

    # -- actions

    def action_open(self) -> None:
        slug = self._selected_slug()
        if slug:
            self.planner.open_company(slug)

    def action_filter(self) -> None:
        # set_focus, not focus(): focus() is deferred, and the next keys must find it.
        self.set_focus(self.query_one("#filter-input", Input))

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter-input", Input)
        field.value = ""
        self.filter_text = ""
        self.stage_filter = None
        self.query_one("#companies", DataTable).focus()
        self.refresh_data()

    def action_stage_filter(self) -> None:
        stages: list[str | None] = [None, *(stage for stage, _ in self.planner.summary.stages)]
        self.stage_filter = stages[(stages.index(self.stage_filter) + 1) % len(stages)]
        self.refresh_data()

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.refresh_data()

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
            from roundplanner.store import StoreError

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


def _cells(company: CompanySummary, now: float) -> list[object]:
    """One company's row: name, stage, source, next round, when, ready, flags."""
    next_ = company.next_round(now)
    if next_ is not None:
        upcoming = clean(next_.label)
        when = countdown(next_.starts_at, datetime.fromtimestamp(now, UTC))
        ready = f"{next_.done}/{next_.total}" if next_.total else "–"
    else:
        upcoming, when, ready = "", "", ""
    flags = []
    due = bool(company.rounds_needing_debrief(now))
    if due:
        flags.append("debrief due")
    if company.deadline is not None:
        flags.append(f"offer until {day_month_text(company.deadline)}")
    stage = Text(company.stage_label, style=STAGE_STYLE.get(company.stage, ""))
    flag_text = Text(" · ".join(flags), style="bold yellow" if due else "green")
    # Text, not str: the table would parse a str as markup (a "[b]" in a name would
    # vanish) and parsing costs more than the rest of a row when filtering 1,000.
    plain = [clean(company.name), company.source, upcoming, when, ready]
    name, source, upcoming_text, when_text, ready_text = (Text(p) for p in plain)
    return [name, stage, source, upcoming_text, when_text, ready_text, flag_text]


def _next_key(company: CompanySummary, now: float) -> tuple[int, float, str]:
    next_ = company.next_round(now)
    if next_ is not None:
        return (0, next_.start, company.name.casefold())
    return (1 if company.active else 2, 0.0, company.name.casefold())
