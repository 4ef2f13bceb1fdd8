"""Upcoming's agenda: a line-API widget that draws only the lines in view.

The rounds ahead across every company, grouped by day in the user's zone (Today,
Tomorrow, This week, Later), then the rounds waiting for a debrief, the rounds with no
time yet (Needs scheduling) and the offer deadlines: one line each under a heading line.
Upcoming is the screen most users open on, and at 1,000 companies it lists thousands of
rounds; an option list measured and drew every one of them (a Rich table, then a Visual
per row) and was cleared and filled again on every refresh. This list keeps the rows as
the read model's summaries (summary.py), groups them in plain Python, and makes and
draws a line's cells only when the compositor asks for it (`render_line`).

It owns its state (`agenda`, the summaries and the zone; `now`, the instant the
countdowns count from; `cursor`, which skips the heading lines and stays on its round
when the rows are made again), its keys (cursor and page keys, enter, `c`), its styles
(`DEFAULT_CSS`, component classes for the headings, the cursor, the countdowns and the
readiness colours) and tells its screen what the user asked for through messages:
`RoundChosen`, `ReviewAsked`, `CompanyChosen`.

Text from files (company names, round titles, who, where) is cleaned (`sanitize.clean`)
and drawn as plain `Text`: never read as markup. Columns give way on narrow terminals:
when, the time and the company keep their full text; the round may shrink; where, who
and readiness go first (`COLUMNS`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, ClassVar
from zoneinfo import ZoneInfo

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from roundplanner.output.phrases import is_link, readiness_text
from roundplanner.sanitize import clean
from roundplanner.summary import DAY_GROUPS, RoundRow, day_group
from roundplanner.timefmt import countdown, day_text, day_time_text
from roundplanner.tui.widgets.columns import Column, draw_line, layout

if TYPE_CHECKING:
    from roundplanner.summary import CompanySummary, WorkspaceSummary

COLUMNS: tuple[Column, ...] = (
    Column("when", "When", 11, keep=0, justify="right"),  # "18h 54m ago" fits
    Column("time", "Time", 16, keep=0),  # "Wed 16 Dec 16:00"
    Column("company", "Company", 24, keep=0, min_width=12),
    Column("round", "Round", 24, keep=1, min_width=14),
    Column("who", "Who", 20, keep=4, min_width=12),
    Column("where", "Where", 30, keep=3, min_width=12, stretch=True),
    Column("ready", "Ready", 11, keep=2),  # "██░░░░ 2/18", "debrief due"
)
"""In display order. When, the time and the company are what a glance at the agenda is
for: they keep their full text at 80 columns; the round may shrink; who gives way
first, then where (a call's link matters on the day), then how ready."""
GAP = 2
"""Spaces between columns."""
TENTATIVE = " (tentative)"

Cell = tuple[str, str]
"""A cell's text (cleaned, shown as it is) and its roles: the component classes (without
the `agenda-list--` prefix, space separated) whose styles it is drawn with."""


@dataclass(frozen=True)
class Target:
    """What a row leads to: a round (enter opens it, `c` walks its checklist), or, for an
    offer deadline, the company. A row is known by its target: no round is listed twice,
    and a company's offer deadline has no round."""

    slug: str
    round_id: str | None = None


@dataclass(frozen=True)
class Agenda:
    """What the list shows: the read model and the zone its times are said in."""

    summary: WorkspaceSummary | None = None
    zone: str = "UTC"


@dataclass(frozen=True)
class _Heading:
    """A group's heading line: its name, how many rows it has, and its colour's role."""

    name: str
    count: int
    role: str = ""


def _who(row: RoundRow) -> str:
    return ", ".join(clean(name) for name in row.round.who)


def _short_where(where: str) -> str:
    """A link without its scheme: the column is narrow and 'https://' says nothing."""
    text = clean(where)
    for scheme in ("https://", "http://"):
        if text.lower().startswith(scheme):
            return text[len(scheme) :]
    return text


def _readiness_role(done: int, total: int) -> str:
    if not total:
        return "muted"
    return "ready" if done == total else ("partly-ready" if done else "not-ready")


@dataclass(frozen=True)
class _RoundRow:
    """A round still ahead: its countdown, who, where and how ready."""

    target: Target
    row: RoundRow

    def cells(self, now: datetime, tz: ZoneInfo) -> dict[str, Cell]:
        round_ = self.row.round
        label = clean(round_.label) + (TENTATIVE if round_.tentative else "")
        return {
            "when": (countdown(round_.starts_at, now), "countdown"),
            "time": (day_time_text(round_.starts_at.astimezone(tz)), ""),
            "company": (clean(self.row.company.name), ""),
            "round": (label, ""),
            "who": (_who(self.row), ""),
            "where": (_short_where(round_.where), "link" if is_link(round_.where) else ""),
            "ready": (
                readiness_text(round_.done, round_.total),
                _readiness_role(round_.done, round_.total),
            ),
        }


@dataclass(frozen=True)
class _DebriefRow:
    """A round that happened and has no post-mortem yet."""

    target: Target
    row: RoundRow

    def cells(self, now: datetime, tz: ZoneInfo) -> dict[str, Cell]:
        round_ = self.row.round
        return {
            "when": (countdown(round_.ends_at, now), "due"),
            "time": (day_time_text(round_.starts_at.astimezone(tz)), ""),
            "company": (clean(self.row.company.name), ""),
            "round": (clean(round_.label), ""),
            "who": (_who(self.row), ""),
            "where": ("write the post-mortem", "muted"),
            "ready": ("debrief due", "due"),
        }


@dataclass(frozen=True)
class _UntimedRow:
    """A round with no time yet: enter opens it with the time field ready."""

    target: Target
    company: CompanySummary
    label: str

    def cells(self, now: datetime, tz: ZoneInfo) -> dict[str, Cell]:
        return {
            "when": ("no time", "untimed"),
            "time": ("", ""),
            "company": (clean(self.company.name), ""),
            "round": (clean(self.label), ""),
            "who": ("", ""),
            "where": ("ask for a time, then type it", "muted"),
            "ready": ("", ""),
        }


@dataclass(frozen=True)
class _DeadlineRow:
    """An open offer's deadline: enter opens the company."""

    target: Target
    company: CompanySummary
    deadline: date

    def cells(self, now: datetime, tz: ZoneInfo) -> dict[str, Cell]:
        left = (self.deadline - now.astimezone(tz).date()).days
        when = "today" if left == 0 else ("tomorrow" if left == 1 else f"in {left}d")
        return {
            "when": (when, "countdown deadline" if left > 2 else "countdown urgent"),
            "time": (day_text(self.deadline), ""),
            "company": (clean(self.company.name), ""),
            "round": ("Offer deadline", ""),
            "who": ("", ""),
            "where": ("decide or ask for time", "muted"),
            "ready": ("", ""),
        }


_Row = _RoundRow | _DebriefRow | _UntimedRow | _DeadlineRow
"""A row: what it leads to (`target`) and how its cells are made (`cells`, when drawn)."""
_Line = _Heading | _Row


def agenda_lines(summary: WorkspaceSummary, now: datetime, tz: ZoneInfo) -> list[_Line]:
    """Every line of the agenda, headings included, in order: the rows ahead by day, the
    debriefs due, the rounds to schedule, the offer deadlines. No cell is made here."""
    lines: list[_Line] = []
    upcoming = summary.upcoming(now)
    # Soonest first, so each day group is a run: find where each starts by bisection
    # (a few calls of `day_group`, not one per row).
    rank = {name: index for index, name in enumerate(DAY_GROUPS)}
    starts = [
        bisect_left(upcoming, index, key=lambda row: rank[day_group(row.round.starts_at, now, tz)])
        for index in range(len(DAY_GROUPS))
    ]
    for index, name in enumerate(DAY_GROUPS):
        end = starts[index + 1] if index + 1 < len(starts) else len(upcoming)
        group = upcoming[starts[index] : end]
        if group:
            lines.append(_Heading(name, len(group)))
            lines += [_RoundRow(Target(row.slug, row.round.id), row) for row in group]
    due = summary.awaiting_debrief(now)
    if due:
        lines.append(_Heading("Debrief due", len(due), "due"))
        lines += [_DebriefRow(Target(row.slug, row.round.id), row) for row in due]
    untimed = summary.needs_scheduling()
    if untimed:
        lines.append(_Heading("Needs scheduling", len(untimed), "untimed"))
        lines += [
            _UntimedRow(Target(slug, round_id), company, label)
            for slug, company, round_id, label in untimed
        ]
    deadlines = summary.offer_deadlines(now.astimezone(tz).date())
    if deadlines:
        lines.append(_Heading("Offer deadlines", len(deadlines), "deadline"))
        lines += [
            _DeadlineRow(Target(slug), company, deadline) for slug, company, deadline in deadlines
        ]
    return lines


class AgendaList(ScrollView, can_focus=True):
    """The agenda, one line per round or deadline under its group's heading, drawn from
    the read model."""

    @dataclass
    class RoundChosen(Message):
        """The user chose a round (enter, or a click on the highlighted row)."""

        slug: str
        round_id: str

    @dataclass
    class ReviewAsked(Message):
        """The user asked to walk the checklist of a round (`c`)."""

        slug: str
        round_id: str

    @dataclass
    class CompanyChosen(Message):
        """The user chose an offer deadline: its company."""

        slug: str

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open", id="open", tooltip="Open the round (or the company)"),
        Binding(
            "c",
            "review",
            "Checklist",
            id="review-selected",
            tooltip="Walk the checklist of the selected round",
        ),
        Binding("up", "cursor_up", "Up", show=False, id="up", tooltip="Previous row"),
        Binding("down", "cursor_down", "Down", show=False, id="down", tooltip="Next row"),
        Binding("pageup", "page_up", "Page up", show=False, id="page-up", tooltip="A page up"),
        Binding(
            "pagedown", "page_down", "Page down", show=False, id="page-down", tooltip="A page down"
        ),
        Binding("home", "first", "First", show=False, id="first", tooltip="The first row"),
        Binding("end", "last", "Last", show=False, id="last", tooltip="The last row"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "agenda-list--header",
        "agenda-list--heading",
        "agenda-list--count",
        "agenda-list--cursor",
        "agenda-list--countdown",
        "agenda-list--due",
        "agenda-list--untimed",
        "agenda-list--deadline",
        "agenda-list--urgent",
        "agenda-list--ready",
        "agenda-list--partly-ready",
        "agenda-list--not-ready",
        "agenda-list--muted",
        "agenda-list--link",
    }

    DEFAULT_CSS = """
    AgendaList {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .agenda-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .agenda-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .agenda-list--heading { text-style: bold; color: $accent; }
        & > .agenda-list--count { color: $text-muted; text-style: not bold; }
        & > .agenda-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .agenda-list--countdown { text-style: bold; }
        & > .agenda-list--due { color: $text-warning; }
        & > .agenda-list--untimed { color: $text-secondary; }
        & > .agenda-list--deadline { color: $text-success; }
        & > .agenda-list--urgent { color: $text-error; }
        & > .agenda-list--ready { color: $text-success; }
        & > .agenda-list--partly-ready { color: $text-warning; }
        & > .agenda-list--not-ready { color: $text-error; }
        & > .agenda-list--muted { color: $text-muted; }
        & > .agenda-list--link { text-style: underline; }
    }
    """

    agenda: reactive[Agenda] = reactive(Agenda, always_update=True, init=False)
    """The summaries and the zone (set by the screen whenever the read model changes; the
    summaries change in place, so every assignment makes the rows again)."""
    now: reactive[datetime] = reactive(lambda: datetime.fromtimestamp(0, UTC), init=False)
    """The instant the rows are for: what is ahead or due, and the countdowns."""
    cursor: reactive[int] = reactive(0, init=False)
    """The index of the highlighted line: always a row, never a heading (when any)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[_Line] = []
        self._tz = ZoneInfo("UTC")
        self._cells: dict[int, dict[str, Text]] = {}
        """The cells of the rows drawn so far, by line index (a screenful or a few)."""
        self._layout: tuple[int, list[tuple[Column, int]]] | None = None
        self._strips: dict[tuple[int, bool], Strip] = {}
        """Rendered lines by (index, under the cursor)."""

    # -- what is shown (public: the screen and the tests read it)

    @property
    def row_count(self) -> int:
        """How many rows (heading lines not counted)."""
        return sum(1 for line in self._lines if isinstance(line, _Row))

    @property
    def outline(self) -> list[str | Target]:
        """Every line top to bottom: a heading's name, or the target of a row."""
        return [line.name if isinstance(line, _Heading) else line.target for line in self._lines]

    @property
    def selected(self) -> Target | None:
        """What the highlighted row leads to, or None when there is no row."""
        line = self._lines[self.cursor] if self.cursor < len(self._lines) else None
        return line.target if isinstance(line, _Row) else None

    def row_text(self, target: Target) -> dict[str, str]:
        """The cells of `target`'s row by column key, as drawn (whether in view or not)."""
        for index, line in enumerate(self._lines):
            if isinstance(line, _Row) and line.target == target:
                return {key: str(text) for key, text in self._row_cells(index, line).items()}
        raise KeyError(target)

    def show(self, agenda: Agenda, now: datetime) -> None:
        """Show `agenda` at `now`: both set, the rows made once."""
        self.set_reactive(AgendaList.now, now)
        self.agenda = agenda

    # -- state changes

    def watch_agenda(self) -> None:
        self._remake()

    def watch_now(self) -> None:
        self._remake()

    def validate_cursor(self, cursor: int) -> int:
        """On a row: a heading passes the cursor on to the row below it (above, at the end)."""
        cursor = max(0, min(cursor, len(self._lines) - 1))
        return self._row_from(cursor, 1) if self._lines else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self._refresh_line(old)
        self._refresh_line(new)

    def _remake(self) -> None:
        """Make the lines again (the data or the instant changed), keeping the cursor on
        its row: on the same round, else where it was."""
        selected, position = self.selected, self.cursor
        agenda = self.agenda
        self._tz = ZoneInfo(agenda.zone)
        self._lines = (
            [] if agenda.summary is None else agenda_lines(agenda.summary, self.now, self._tz)
        )
        self._cells.clear()
        self._forget_layout()
        index = (
            next(
                (
                    i
                    for i, line in enumerate(self._lines)
                    if isinstance(line, _Row) and line.target == selected
                ),
                position,
            )
            if selected is not None
            else position
        )
        self.set_reactive(AgendaList.cursor, self.validate_cursor(index))
        self.virtual_size = Size(self.size.width, len(self._lines) + 1)
        self._scroll_to_cursor()
        self.refresh()

    def _row_from(self, index: int, step: int) -> int:
        """The first row from `index` on in the direction of `step`, else the other way."""
        for direction in (step, -step):
            at = index
            while 0 <= at < len(self._lines):
                if isinstance(self._lines[at], _Row):
                    return at
                at += direction
        return index

    # -- drawing

    def _column_widths(self) -> dict[str, int]:
        """The widest cell of the columns whose width the data decides, from the
        summaries' fields (no cell made): the company, the round, who and where."""
        widths = dict.fromkeys(("company", "round", "who", "where"), 0)

        def fit(key: str, width: int) -> None:
            widths[key] = max(widths[key], width)

        for line in self._lines:
            if isinstance(line, _RoundRow | _DebriefRow):
                round_ = line.row.round
                fit("company", len(line.row.company.name))
                fit("round", len(round_.label) + (len(TENTATIVE) if round_.tentative else 0))
                fit("who", sum(len(name) + 2 for name in round_.who) - 2)
                fit("where", len(round_.where))
            elif isinstance(line, _UntimedRow):
                fit("company", len(line.company.name))
                fit("round", len(line.label))
            elif isinstance(line, _DeadlineRow):
                fit("company", len(line.company.name))
                fit("round", len("Offer deadline"))
        return widths

    def _columns(self) -> list[tuple[Column, int]]:
        width = self.scrollable_content_region.width - 2  # a cell of margin each side
        if self._layout is None or self._layout[0] != width:
            self._strips.clear()
            self._layout = (width, layout(COLUMNS, self._column_widths(), max(width, 1), GAP))
        return self._layout[1]

    def _forget_layout(self) -> None:
        """The columns or the cells may have changed: measure and draw lines again."""
        self._layout = None
        self._strips.clear()

    def notify_style_update(self) -> None:
        # Focus, theme and hover change the component styles the lines are drawn with.
        super().notify_style_update()
        self._strips.clear()
        self._cells.clear()

    def _style(self, roles: str) -> Style:
        """The style of cells with `roles`: the first role's whole style (its colour
        blended on the background, as `$text-muted` needs), then what each further role
        sets itself (a colour over a bold heading or countdown keeps it bold)."""
        if not roles:
            return Style()
        first, *more = (f"agenda-list--{role}" for role in roles.split())
        style = self.get_component_rich_style(first)
        for name in more:
            style += self.get_component_rich_style(name, partial=True)
        return style

    def _row_cells(self, index: int, row: _Row) -> dict[str, Text]:
        cells = self._cells.get(index)
        if cells is None:
            cells = {
                key: Text(text, style=self._style(roles))
                for key, (text, roles) in row.cells(self.now, self._tz).items()
            }
            self._cells[index] = cells
        return cells

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view: the column headers on top, then the lines in view."""
        width = self.scrollable_content_region.width
        columns = self._columns()
        if y == 0:
            style = self.get_component_rich_style("agenda-list--header")
            return self._draw({c.key: Text(c.header) for c, _ in columns}, columns, style, width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        under_cursor = index == self.cursor
        strip = self._strips.get((index, under_cursor))
        if strip is None:
            if len(self._strips) > 512:  # a few screens; each Strip holds its caches
                self._strips.clear()
            line = self._lines[index]
            if isinstance(line, _Heading):
                strip = self._heading(line, width)
            else:
                cursor = (
                    self.get_component_rich_style("agenda-list--cursor") if under_cursor else None
                )
                strip = self._draw(
                    self._row_cells(index, line), columns, self.rich_style, width, cursor
                )
            self._strips[index, under_cursor] = strip
        return strip

    def _draw(
        self,
        texts: Mapping[str, Text],
        columns: list[tuple[Column, int]],
        style: Style,
        width: int,
        over: Style | None = None,
    ) -> Strip:
        return draw_line(
            texts, columns, gap=GAP, style=style, width=width, console=self.app.console, over=over
        )

    def _heading(self, heading: _Heading, width: int) -> Strip:
        """A group's name in its colour, then how many rows it has."""
        roles = f"heading {heading.role}".strip()
        text = Text.assemble(
            " ",
            (heading.name, self._style(roles)),
            (f"  {heading.count}", self._style("count")),
            no_wrap=True,
            end="",
        )
        segments = Segment.apply_style(text.render(self.app.console), self.rich_style)
        return Strip(segments).adjust_cell_length(width, self.rich_style)

    def _refresh_line(self, index: int) -> None:
        self.refresh_lines(index + 1)  # virtual lines: the header is line 0

    def _scroll_to_cursor(self) -> None:
        """Scroll so that the cursor row is in view (below the header line), with its
        group's heading when it is the group's first row."""
        rows = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_offset.y)
        first = self.cursor
        if first > 0 and isinstance(self._lines[first - 1], _Heading):
            first -= 1
        if first < top:
            top = first
        elif self.cursor >= top + rows:
            top = self.cursor - rows + 1
        if top != int(self.scroll_offset.y):
            self.scroll_to(y=top, animate=False, immediate=True)

    def on_resize(self) -> None:
        self._forget_layout()
        self.virtual_size = Size(self.size.width, len(self._lines) + 1)
        self._scroll_to_cursor()

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on a row; a click on the cursor row opens it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = self.scroll_offset.y + offset.y - 1
        if index >= len(self._lines) or not isinstance(self._lines[index], _Row):
            return
        if index == self.cursor:
            self.action_choose()
        else:
            self.cursor = index

    # -- actions

    def action_choose(self) -> None:
        target = self.selected
        if target is None:
            return
        if target.round_id is None:
            self.post_message(self.CompanyChosen(target.slug))
        else:
            self.post_message(self.RoundChosen(target.slug, target.round_id))

    def action_review(self) -> None:
        target = self.selected
        if target is None or target.round_id is None:
            self.notify("Pick a round to walk its checklist", severity="warning")
            return
        self.post_message(self.ReviewAsked(target.slug, target.round_id))

    def _move(self, by: int) -> None:
        """Move the cursor `by` lines, onto the nearest row in that direction."""
        if not self._lines:
            return
        step = 1 if by > 0 else -1
        at = max(0, min(self.cursor + by, len(self._lines) - 1))
        self.cursor = self._row_from(at, step)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def action_page_up(self) -> None:
        self._move(-self._page())

    def action_page_down(self) -> None:
        self._move(self._page())

    def action_first(self) -> None:
        self._move(-len(self._lines))

    def action_last(self) -> None:
        self._move(len(self._lines))
