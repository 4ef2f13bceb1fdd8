"""Upcoming: the agenda of the next rounds across every company, with live countdowns.

Answers "what is next, and am I ready?" in one glance: rounds grouped by day in the
user's zone (Today, Tomorrow, This week, Later), each with its countdown, who and where,
and how much of its checklist is ticked; then the rounds still waiting for a debrief and
the offer deadlines. An OptionList with disabled heading rows keeps it keyboard-first:
the cursor skips the headings, enter opens a round, `c` walks its checklist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from roundplanner.output.phrases import readiness_text
from roundplanner.sanitize import clean
from roundplanner.summary import DAY_GROUPS, CompanySummary, RoundRow, day_group
from roundplanner.timefmt import countdown, day_text, day_time_text
from roundplanner.tui.screens.base import SummaryScreen

REFRESH_SECONDS = 30.0
"""Countdowns move by the minute; redrawing twice a minute keeps them honest and cheap."""

COLUMNS: tuple[tuple[str, int | None, str], ...] = (
    # (heading, width or None for the flexible column, justify)
    ("When", 11, "right"),  # "18h 54m ago" fits
    ("Time", 16, "left"),
    ("Company", 16, "left"),
    ("Round", 16, "left"),
    ("Who", 17, "left"),
    ("Where", None, "left"),
    ("Ready", 12, "left"),
)


@dataclass(frozen=True)
class Target:
    """What a row leads to: a round (enter opens it, `c` reviews it) or a company's offer."""

    slug: str
    round_id: str | None = None


def _grid(cells: list[Text]) -> Table:
    """One row laid out on the shared columns, so every row and the heading line align.

    Cells are Text, never str: Rich reads a str cell as markup, and these name companies,
    rounds and people (`[/]` in an invite's title blanked the screen).
    """
    table = Table.grid(padding=(0, 1, 0, 0), expand=True)
    for _heading, width, justify in COLUMNS:
        if width is None:
            table.add_column(ratio=1, min_width=10, no_wrap=True, overflow="ellipsis")
        else:
            table.add_column(
                width=width,
                no_wrap=True,
                overflow="ellipsis",
                justify=justify,  # type: ignore[arg-type]
            )
    table.add_row(*cells)
    return table


FIXED_WIDTH = sum((width or 0) + 1 for _h, width, _j in COLUMNS) - 1
"""The fixed columns with the gaps between all columns: the flexible one gets the rest."""
FLEX_MIN = 10


class _Line(Visual):
    """One agenda row laid out on COLUMNS at whatever width it is drawn: what `_grid`
    draws, made directly, and always one line high. The agenda lists every round ahead
    (hundreds at 200 companies) and the option list measures every row to lay itself out:
    a Rich table per row made Upcoming's first frame several times slower than the
    pipeline's. As a Visual, a row is measured without being drawn, and its cells are
    made (`make`) and drawn only when it scrolls into view."""

    def __init__(self, make: Callable[[], list[Text | str]]) -> None:
        self._make = make
        self._drawn: tuple[int, Text] | None = None

    @cached_property
    def cells(self) -> list[Text]:
        return [cell if isinstance(cell, Text) else Text(cell) for cell in self._make()]

    def text(self, width: int) -> Text:
        """The row as one line of `width` cells (the last made is kept: widths rarely change)."""
        if self._drawn is not None and self._drawn[0] == width:
            return self._drawn[1]
        flexible = max(FLEX_MIN, width - FIXED_WIDTH)
        line = Text(no_wrap=True)
        for index, (cell, (_heading, fixed, justify)) in enumerate(
            zip(self.cells, COLUMNS, strict=True)
        ):
            size = flexible if fixed is None else fixed
            part = cell.copy()
            part.rstrip_end(size)
            if justify == "right":
                part.rstrip()
                part.truncate(size, overflow="ellipsis")
                part.pad_left(size - part.cell_len)
            else:
                part.truncate(size, overflow="ellipsis", pad=True)
            if index:
                line.append(" ")
            line.append_text(part)
        line.truncate(width)
        self._drawn = (width, line)
        return line

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        content = Content.from_rich_text(self.text(width))
        return content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(container_width, FIXED_WIDTH + FLEX_MIN)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1


def _short_where(where: str) -> str:
    """A link without its scheme: the column is narrow and 'https://' says nothing."""
    text = clean(where)
    for scheme in ("https://", "http://"):
        if text.lower().startswith(scheme):
            return text[len(scheme) :]
    return text


def _who(row: RoundRow) -> str:
    return ", ".join(clean(name) for name in row.round.who)


def _when(start: datetime, user_zone: str) -> str:
    local = start.astimezone(ZoneInfo(user_zone))
    return day_time_text(local)


def _round_cells(row: RoundRow, now: datetime, user_zone: str) -> list[Text | str]:
    round_ = row.round
    start = round_.starts_at
    done, total = round_.done, round_.total
    ready_style = "green" if round_.ready else ("yellow" if done else "red")
    label = clean(round_.label)
    if round_.tentative:
        label += " (tentative)"
    return [
        Text(countdown(start, now), style="bold"),
        _when(start, user_zone),
        clean(row.company.name),
        label,
        _who(row),
        Text(_short_where(round_.where), style="underline" if round_.where else ""),
        Text(readiness_text(done, total), style=ready_style if total else "dim"),
    ]


def _debrief_cells(row: RoundRow, now: datetime, user_zone: str) -> list[Text | str]:
    round_ = row.round
    return [
        Text(countdown(round_.ends_at, now), style="yellow"),
        _when(round_.starts_at, user_zone),
        clean(row.company.name),
        clean(round_.label),
        _who(row),
        Text("write the post-mortem", style="dim"),
        Text("debrief due", style="bold yellow"),
    ]


class UpcomingScreen(SummaryScreen):
    """The agenda: next rounds by day, debriefs due, offer deadlines."""

    HELP_TITLE = "Upcoming"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the focused OptionList binds enter too (hidden); this one shows in the footer.
        Binding(
            "enter",
            "open",
            "Open",
            id="open",
            priority=True,
            tooltip="Open the round (or the company)",
        ),
        Binding(
            "c",
            "review",
            "Checklist",
            id="review-selected",
            tooltip="Walk the checklist of the selected round",
        ),
        Binding("escape", "back", "Back", id="back", tooltip="Back to the pipeline"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.targets: dict[str, Target] = {}
        """Option id -> what the row leads to (heading rows have no entry)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="upcoming"):
            yield Static(id="upcoming-title")
            yield Static(_grid([Text(h, style="bold") for h, _w, _j in COLUMNS]), id="agenda-head")
            yield OptionList(id="agenda")
            yield Static(id="upcoming-empty", classes="welcome")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#agenda", OptionList).focus()
        self.set_interval(REFRESH_SECONDS, self.refresh_data)

    # -- data

    def refresh_data(self) -> None:
        """Rebuild every row from the app's summaries, keeping the cursor on the same row.
        Only while shown: a screen under another is refreshed when it comes back."""
        if not self.is_mounted or not self.is_current:
            return
        now = self.now()
        user_zone = self.planner.zone_name
        agenda = self.query_one("#agenda", OptionList)
        selected = self._selected_id()
        options = self._options(now, user_zone)
        agenda.clear_options()
        agenda.add_options(options)
        self._restore(agenda, selected)
        self.query_one("#upcoming-title", Static).update(
            Text.assemble(
                ("Upcoming", "bold"),
                f"  ·  times in {user_zone}  ·  now {_when(now, user_zone)}",
            )
        )
        empty = not self.targets
        self.query_one("#upcoming-empty", Static).display = empty
        self.query_one("#agenda-head").display = not empty
        agenda.display = not empty
        if empty:
            self.query_one("#upcoming-empty", Static).update(
                "[b]Nothing coming up.[/b]\n\nNo rounds are scheduled, no debrief is due and no "
                "offer is waiting.\nPress [b]p[/b] for the pipeline and add a round to a company."
            )
        self.drawn()

    def _options(self, now: datetime, user_zone: str) -> list[Option | None]:
        """Heading rows (disabled, so the cursor skips them) followed by their rows."""
        summary = self.planner.summary
        tz = ZoneInfo(user_zone)
        self.targets = {}
        options: list[Option | None] = []
        groups: dict[str, list[RoundRow]] = {name: [] for name in DAY_GROUPS}
        for row in summary.upcoming(now):
            groups[day_group(row.round.starts_at, now, tz)].append(row)
        for name, rows in groups.items():
            if rows:
                options.append(self._heading(name, len(rows), "bold"))
                options += [self._round_row(row, now, user_zone) for row in rows]
        due = summary.awaiting_debrief(now)
        if due:
            options.append(self._heading("Debrief due", len(due), "bold yellow"))
            options += [self._debrief_row(row, now, user_zone) for row in due]
        untimed = summary.needs_scheduling()
        if untimed:
            options.append(self._heading("Needs scheduling", len(untimed), "bold cyan"))
            options += [self._untimed_row(*item) for item in untimed]
        today = now.astimezone(tz).date()
        deadlines = summary.offer_deadlines(today)
        if deadlines:
            options.append(self._heading("Offer deadlines", len(deadlines), "bold green"))
            options += [
                self._deadline_row(slug, clean(company.name), deadline, today)
                for slug, company, deadline in deadlines
            ]
        return options

    def _heading(self, name: str, count: int, style: str) -> Option:
        """A group heading; day headings take their colour from app.tcss, others bring one."""
        return Option(
            Text.assemble((name, style), (f"  {count}", "dim")),
            id=f"heading:{name}",
            disabled=True,
        )

    def _add(self, option_id: str, target: Target, cells: Callable[[], list[Text | str]]) -> Option:
        self.targets[option_id] = target
        return Option(_Line(cells), id=option_id)

    def _round_row(self, row: RoundRow, now: datetime, user_zone: str) -> Option:
        option_id = f"round:{row.slug}:{row.round.id}"
        target = Target(row.slug, row.round.id)
        return self._add(option_id, target, lambda: _round_cells(row, now, user_zone))

    def _debrief_row(self, row: RoundRow, now: datetime, user_zone: str) -> Option:
        option_id = f"debrief:{row.slug}:{row.round.id}"
        target = Target(row.slug, row.round.id)
        return self._add(option_id, target, lambda: _debrief_cells(row, now, user_zone))

    def _untimed_row(self, slug: str, company: CompanySummary, round_id: str, label: str) -> Option:
        """A round with no time yet: enter opens it with the time field ready."""
        cells: list[Text | str] = [
            Text("no time", style="cyan"),
            "",
            clean(company.name),
            clean(label),
            "",
            Text("ask for a time, then type it", style="dim"),
            "",
        ]
        return self._add(f"untimed:{slug}:{round_id}", Target(slug, round_id), lambda: cells)

    def _deadline_row(self, slug: str, name: str, deadline: date, today: date) -> Option:
        left = (deadline - today).days
        when = "today" if left == 0 else ("tomorrow" if left == 1 else f"in {left}d")
        cells: list[Text | str] = [
            Text(when, style="bold green" if left > 2 else "bold red"),
            Text(day_text(deadline)),
            clean(name),
            Text("Offer deadline"),
            Text(""),
            Text("decide or ask for time", style="dim"),
            Text(""),
        ]
        return self._add(f"offer:{slug}", Target(slug), lambda: cells)

    # -- cursor

    def _selected_id(self) -> str | None:
        option = self.query_one("#agenda", OptionList).highlighted_option
        return option.id if option is not None else None

    def _restore(self, agenda: OptionList, selected: str | None) -> None:
        """Put the cursor back on the row it was on, else on the first real row."""
        if selected is not None and selected in self.targets:
            agenda.highlighted = agenda.get_option_index(selected)
            return
        first = next(
            (i for i, option in enumerate(agenda.options) if not option.disabled),
            None,
        )
        agenda.highlighted = first

    def selected_target(self) -> Target | None:
        """What the highlighted row leads to, or None (no rows)."""
        option_id = self._selected_id()
        return self.targets.get(option_id) if option_id else None

    # -- events and actions

    @on(OptionList.OptionSelected, "#agenda")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        target = self.selected_target()
        if target is None:
            return
        if target.round_id is None:
            self.planner.open_company(target.slug)
        else:
            self.planner.open_round(target.slug, target.round_id)

    def action_review(self) -> None:
        target = self.selected_target()
        if target is None or target.round_id is None:
            self.notify("Pick a round to walk its checklist", severity="warning")
            return
        from roundplanner.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.session, target.slug, target.round_id))

    def action_back(self) -> None:
        self.planner.action_pipeline()
