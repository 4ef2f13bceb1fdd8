"""The pipeline's list of companies: a line-API widget that draws only the rows in view.

A DataTable measures and renders every row it is given (~0.3 ms a row here), so a filter
key that brought 1,000 companies back held its frame for a third of a second or more.
This list keeps the companies as the read model's summaries (summary.py), orders and
filters them in plain Python, and renders a line only when the compositor asks for it
(`render_line`): a keystroke costs the same at 10 companies as at 1,000.

It owns its state (the data, the text and stage filters, the sort, the cursor, all
reactives whose watchers redo only what depends on them), its keys (cursor movement,
enter, `t`, `o`), its styles (`DEFAULT_CSS`, component classes for the header, the
cursor and the zebra stripes) and tells its screen what happened through messages:
`CompanyChosen` (enter or a click on the cursor row) and `Listed` (what is shown now).
What it does as any list of rows on columns does (the cursor, its keys, the header,
drawing and keeping lines) comes from `ColumnList` (columns.py), as Upcoming's does.

Columns give way on narrow terminals: the company, the next round and when it is keep
their full text; the stage, then the flags, readiness and source go first (see
`COLUMNS` and `columns.layout`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from roundplanner.sanitize import clean
from roundplanner.timefmt import countdown, day_month_text
from roundplanner.tui.widgets.columns import Column, ColumnList

if TYPE_CHECKING:
    from roundplanner.summary import CompanySummary

SORTS = ("next round", "name", "stage")
STAGE_STYLE: dict[str, str] = {  # by Stage value
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


COLUMNS: tuple[Column, ...] = (
    Column("name", "Company", 30, keep=0, min_width=12),
    Column("stage", "Stage", 12, keep=2),
    Column("source", "Source", 9, keep=5),
    Column("next", "Next round", 26, keep=0, min_width=10),
    Column("when", "When", 11, keep=0),
    Column("ready", "Ready", 5, keep=4),
    Column("flags", "Flags", 34, keep=3, min_width=11, stretch=True),
)
"""In display order. The company and its next round (with when) are what a glance at the
pipeline is for; the stage is on the stage bar too; flags shrink before they go."""
GAP = 2
"""Spaces between columns."""


@dataclass(frozen=True)
class Listing:
    """What the list shows: the companies (by slug, as the read model has them), the
    stages in funnel order (for the stage sort), and the instant the rows are made for."""

    companies: Mapping[str, CompanySummary] = field(default_factory=dict)
    stages: tuple[str, ...] = ()
    now: float = 0.0


@dataclass
class _Row:
    """One company's row: ordered and filtered on the cheap fields; its cells are made
    the first time it is drawn (a screenful, whatever the workspace size)."""

    slug: str
    company: CompanySummary
    now: float
    haystack: str

    @cached_property
    def cells(self) -> dict[str, Text]:
        return cells(self.company, self.now)


def cells(company: CompanySummary, now: float) -> dict[str, Text]:
    """One company's cells by column key. Text throughout: names come from files, and
    are never read as markup."""
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
    return {
        "name": Text(clean(company.name)),
        "stage": Text(company.stage_label, style=STAGE_STYLE.get(company.stage, "")),
        "source": Text(company.source),
        "next": Text(upcoming),
        "when": Text(when),
        "ready": Text(ready),
        "flags": Text(" · ".join(flags), style="bold yellow" if due else "green"),
    }


def _next_key(company: CompanySummary, now: float) -> tuple[int, float, str]:
    next_ = company.next_round(now)
    if next_ is not None:
        return (0, next_.start, company.name.casefold())
    return (1 if company.active else 2, 0.0, company.name.casefold())


class CompanyList(ColumnList):
    """Every company of the pipeline, one line each, drawn from the read model."""

    @dataclass
    class CompanyChosen(Message):
        """The user chose a company (enter, or a click on the highlighted row)."""

        slug: str

    @dataclass
    class Listed(Message):
        """What the list shows changed: how many of how many, by which filters."""

        shown: int
        total: int
        sort: str
        stage_filter: str | None
        filter_text: str

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open", id="open", show=False, tooltip="Open the company"),
        Binding(
            "t",
            "stage_filter",
            "Stage",
            id="stage-filter",
            tooltip="Show one stage at a time (cycles)",
        ),
        Binding("o", "sort", "Sort", id="sort", tooltip="Sort by next round, name or stage"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"company-list--even-row"}

    DEFAULT_CSS = """
    CompanyList {
        & > .company-list--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .company-list--even-row {
            background: $surface-darken-1 40%;
        }
    }
    """

    COLUMNS = COLUMNS
    GAP = GAP

    listing: reactive[Listing] = reactive(Listing, always_update=True, init=False)
    """The companies shown and the instant their rows are for (set by the screen)."""
    filter_text: reactive[str] = reactive("", init=False)
    """Typed text: only companies whose name, stage or source holds it are shown."""
    stage_filter: reactive[str | None] = reactive(None, init=False)
    """A Stage value: only companies at that stage are shown; None shows every stage."""
    sort: reactive[str] = reactive(SORTS[0], init=False)
    """One of SORTS."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._ordered: list[_Row] = []
        """The companies the stage filter lets through, in order."""
        self._shown: list[_Row] = []
        """Of those, the ones the text filter lets through: the rows."""
        self._widths: dict[str, int] = {}

    # -- what is shown (public: the screen and the tests read it)

    @property
    def slugs(self) -> list[str]:
        """The slugs of the rows, top to bottom."""
        return [row.slug for row in self._shown]

    @property
    def row_count(self) -> int:
        return len(self._shown)

    @property
    def selected_slug(self) -> str | None:
        """The company under the cursor, or None when no row is shown."""
        if not self._shown:
            return None
        return self._shown[min(self.cursor, len(self._shown) - 1)].slug

    def select(self, slug: str) -> bool:
        """Put the cursor on `slug`'s row; False if it is not shown."""
        for index, row in enumerate(self._shown):
            if row.slug == slug:
                self.cursor = index
                return True
        return False

    def row_cells(self, slug: str) -> dict[str, Text]:
        """The cells of `slug`'s row by column key (whether shown or not)."""
        for row in self._ordered:
            if row.slug == slug:
                return row.cells
        raise KeyError(slug)

    # -- state changes

    def watch_listing(self) -> None:
        self._reorder()

    def watch_sort(self) -> None:
        self._reorder()

    def watch_stage_filter(self) -> None:
        self._reorder()

    def watch_filter_text(self) -> None:
        self._refilter()

    def _reorder(self) -> None:
        """Order the companies the stage filter lets through (data, sort or stage changed)."""
        listing = self.listing
        now = listing.now
        rows = [
            _Row(slug, company, now, company.haystack)
            for slug, company in listing.companies.items()
            if self.stage_filter is None or company.stage == self.stage_filter
        ]
        if self.sort == "name":
            rows.sort(key=lambda row: row.company.name.casefold())
        elif self.sort == "stage":
            order = {stage: index for index, stage in enumerate(listing.stages)}
            rows.sort(
                key=lambda row: (order.get(row.company.stage, 0), row.company.name.casefold())
            )
        else:
            keys = {row.slug: _next_key(row.company, now) for row in rows}
            rows.sort(key=lambda row: keys[row.slug])
        self._ordered = rows
        self._widths = {}
        self._forget_layout()
        self._refilter()

    def _refilter(self) -> None:
        """Pick the rows the text filter lets through, keeping the cursor on its company."""
        selected = self.selected_slug
        text = self.filter_text.casefold()
        self._shown = [row for row in self._ordered if not text or text in row.haystack]
        index = next((i for i, row in enumerate(self._shown) if row.slug == selected), 0)
        self.set_reactive(CompanyList.cursor, self.validate_cursor(index))
        self._lines_changed()
        self.post_message(
            self.Listed(
                len(self._shown),
                len(self.listing.companies),
                self.sort,
                self.stage_filter,
                self.filter_text,
            )
        )

    # -- drawing

    def _column_widths(self) -> dict[str, int]:
        """The widest cell of each column among the companies the stage filter lets
        through, from the summaries' fields (no row's cells made): the name and source as
        they are, the next round as wide as the widest label of any round (it does not
        move as time passes), the flags as wide as they can be (they take the rest)."""
        if not self._widths:
            name = source = label = 0
            for row in self._ordered:
                company = row.company
                name = max(name, len(company.name))
                source = max(source, len(company.source))
                for round_ in company.rounds:
                    label = max(label, len(round_.label))
            self._widths = {"name": name, "source": source, "next": label}
        return self._widths

    def _line_count(self) -> int:
        return len(self._shown)

    def _strip_key(self, index: int) -> tuple[str, str]:
        """A company's line is kept by slug and row style: a filter key mostly shows
        lines drawn before, at other places."""
        kind = "cursor" if index == self.cursor else ("even" if index % 2 else "odd")
        return (self._shown[index].slug, kind)

    def _render_row(self, index: int, columns: list[tuple[Column, int]], width: int) -> Strip:
        if index % 2:
            style = self.get_component_rich_style("company-list--even-row")
        else:
            style = self.rich_style
        # The cursor goes over the cells' own colours (a red "Rejected" stays readable).
        return self._draw(
            self._shown[index].cells, columns, style, width, self._cursor_style(index)
        )

    # -- actions

    def action_choose(self) -> None:
        slug = self.selected_slug
        if slug is not None:
            self.post_message(self.CompanyChosen(slug))

    def action_stage_filter(self) -> None:
        stages: list[str | None] = [None, *self.listing.stages]
        index = stages.index(self.stage_filter) if self.stage_filter in stages else 0
        self.stage_filter = stages[(index + 1) % len(stages)]

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
