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
`RoundChosen`, `ReviewAsked`, `CompanyChosen`. The cursor, its keys, the header line and
the drawing of lines on columns are the pipeline list's too (`ColumnList`, columns.py).

Text from files (company names, round titles, who, where) is cleaned (`sanitize.clean`)
and drawn as plain `Text`: never read as markup. Columns give way on narrow terminals:
when, the time and the company keep their full text; the round may shrink; who gives
way first, then where, then readiness (`COLUMNS`).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, ClassVar
from zoneinfo import ZoneInfo

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from roundplanner.output.phrases import is_link, readiness_text
from roundplanner.sanitize import clean
from roundplanner.summary import DAY_GROUPS, RoundRow, day_group
from roundplanner.timefmt import countdown, day_text, day_time_text
from roundplanner.tui.widgets.columns import Column, ColumnList

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
"""After a tentative round's name where the Round column has room; where it has not
(80 columns), "?" (`TENTATIVE_SHORT`) in the same muted italic, so the name stays whole."""
TENTATIVE_SHORT = "?"
DEADLINE = "Offer deadline"

Cell = tuple[str, str]
"""A cell's text (cleaned, shown as it is) and its roles: the component classes (without
the `agenda-list--` prefix, space separated) whose styles it is drawn with. A row gives
the cells it has by column key; the others are blank."""
BLANK: Cell = ("", "")


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


def _scheduled(row: RoundRow, tz: ZoneInfo) -> dict[str, Cell]:
    """The cells every row of a scheduled round has: its time, company and who."""
    return {
        "time": (day_time_text(row.round.starts_at.astimezone(tz)), ""),
        "company": (clean(row.company.name), ""),
        "who": (", ".join(clean(name) for name in row.round.who), ""),
    }


def _short_where(where: str) -> str:
    """A link without its scheme: the column is narrow and 'https://' says nothing."""
    text = clean(where)
    for scheme in ("https://", "http://"):
        if text.lower().startswith(scheme):
            return text[len(scheme) :]
    return text


@dataclass(slots=True)
class _Leads:
    """What a row leads to, kept as plain fields (thousands of rows are made at each
    refresh; a `Target` is made only when one is asked for)."""

    slug: str
    round_id: str | None

    @property
    def target(self) -> Target:
        return Target(self.slug, self.round_id)

    def leads_to(self, target: Target) -> bool:
        return self.slug == target.slug and self.round_id == target.round_id


def _readiness_role(done: int, total: int) -> str:
    if not total:
        return "muted"
    return "ready" if done == total else ("partly-ready" if done else "not-ready")


@dataclass(slots=True)
class _RoundRow(_Leads):
    """A round still ahead: its countdown, who, where and how ready."""

    row: RoundRow

    def cells(self, now: datetime, tz: ZoneInfo) -> dict[str, Cell]:
        round_ = self.row.round
        return {
            **_scheduled(self.row, tz),
            "when": (countdown(round_.starts_at, now), "countdown"),
            "round": (
                (clean(round_.label) + TENTATIVE, "tentative")
                if round_.tentative
                else (clean(round_.label), "")
            ),
            "where": (_short_where(round_.where), "link" if is_link(round_.where) else ""),
            "ready": (
                readiness_text(round_.done, round_.total),
                _readiness_role(round_.done, round_.total),
            ),
        }


@dataclass(slots=True)
class _DebriefRow(_Leads):
    """A round that happened and has no post-mortem yet."""

    row: RoundRow

    def cells(self, now: datetime, tz: ZoneInfo) -> dict[str, Cell]:
        return {
            **_scheduled(self.row, tz),
            "when": (countdown(self.row.round.ends_at, now), "due"),
            "round": (clean(self.row.round.label), ""),
            "where": ("write the post-mortem", "muted"),
            "ready": ("debrief due", "due"),
        }


@dataclass(slots=True)
class _UntimedRow(_Leads):
    """A round with no time yet: enter opens it with the time field ready."""

    company: CompanySummary
    label: str

    def cells(self, now: datetime, tz: ZoneInfo) -> dict[str, Cell]:
        return {
            "when": ("no time", "untimed"),
            "company": (clean(self.company.name), ""),
            "round": (clean(self.label), ""),
            "where": ("ask for a time, then type it", "muted"),
        }


@dataclass(slots=True)
class _DeadlineRow(_Leads):
    """An open offer's deadline: enter opens the company."""

    company: CompanySummary
    deadline: date

    def cells(self, now: datetime, tz: ZoneInfo) -> dict[str, Cell]:
        left = (self.deadline - now.astimezone(tz).date()).days
        when = "today" if left == 0 else ("tomorrow" if left == 1 else f"in {left}d")
        return {
            "when": (when, "countdown deadline" if left > 2 else "countdown urgent"),
            "time": (day_text(self.deadline), ""),
            "company": (clean(self.company.name), ""),
            "round": (DEADLINE, ""),
            "where": ("decide or ask for time", "muted"),
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
            lines += [_RoundRow(row.slug, row.round.id, row) for row in group]
    due = summary.awaiting_debrief(now)
    if due:
        lines.append(_Heading("Debrief due", len(due), "due"))
        lines += [_DebriefRow(row.slug, row.round.id, row) for row in due]
    untimed = summary.needs_scheduling()
    if untimed:
        lines.append(_Heading("Needs scheduling", len(untimed), "untimed"))
        lines += [
            _UntimedRow(slug, round_id, company, label)
            for slug, company, round_id, label in untimed
        ]
    deadlines = summary.offer_deadlines(now.astimezone(tz).date())
    if deadlines:
        lines.append(_Heading("Offer deadlines", len(deadlines), "deadline"))
        lines += [
            _DeadlineRow(slug, None, company, deadline) for slug, company, deadline in deadlines
        ]
    return lines


class AgendaList(ColumnList):
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
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "agenda-list--heading",
        "agenda-list--count",
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
        "agenda-list--tentative",
    }

    DEFAULT_CSS = """
    AgendaList {
        & > .agenda-list--heading { text-style: bold; color: $accent; }
        & > .agenda-list--count { color: $text-muted; text-style: not bold; }
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
        & > .agenda-list--tentative { color: $text-muted; text-style: italic; }
    }
    """

    COLUMNS = COLUMNS
    GAP = GAP

    agenda: reactive[Agenda] = reactive(Agenda, always_update=True, init=False)
    """The summaries and the zone (set by the screen whenever the read model changes; the
    summaries change in place, so every assignment makes the rows again)."""
    now: reactive[datetime] = reactive(lambda: datetime.fromtimestamp(0, UTC), init=False)
    """The instant the rows are for: what is ahead or due, and the countdowns."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[_Line] = []
        self._row_count = 0
        self._tz = ZoneInfo("UTC")
        self._cells: dict[int, dict[str, Text]] = {}
        """The cells of the rows drawn so far, by line index (a screenful or a few)."""

    # -- what is shown (public: the screen and the tests read it)

    @property
    def row_count(self) -> int:
        """How many rows (heading lines not counted)."""
        return self._row_count

    @property
    def outline(self) -> list[str | Target]:
        """Every line top to bottom: a heading's name, or the target of a row."""
        return [line.name if isinstance(line, _Heading) else line.target for line in self._lines]

    @property
    def selected(self) -> Target | None:
        """What the highlighted row leads to, or None when there is no row."""
        line = self._lines[self.cursor] if self.cursor < len(self._lines) else None
        return line.target if isinstance(line, _Leads) else None

    def row_text(self, target: Target) -> dict[str, str]:
        """The cells of `target`'s row by column key, as drawn (whether in view or not)."""
        for index, line in enumerate(self._lines):
            if isinstance(line, _Leads) and line.leads_to(target):
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

    def _remake(self) -> None:
        """Make the lines again (the data or the instant changed), keeping the cursor on
        its row: on the same round, else where it was."""
        selected, position = self.selected, self.cursor
        agenda = self.agenda
        self._tz = ZoneInfo(agenda.zone)
        summary = agenda.summary
        self._lines = [] if summary is None else agenda_lines(summary, self.now, self._tz)
        self._row_count = sum(1 for line in self._lines if isinstance(line, _Leads))
        self._cells.clear()
        self._forget_layout()
        index = position
        if selected is not None:
            index = next(
                (
                    i
                    for i, line in enumerate(self._lines)
                    if isinstance(line, _Leads) and line.leads_to(selected)
                ),
                position,
            )
        self.set_reactive(AgendaList.cursor, self.validate_cursor(index))
        self._lines_changed()

    # -- what the list says (ColumnList)

    def _line_count(self) -> int:
        return len(self._lines)

    def _is_row(self, index: int) -> bool:
        return not isinstance(self._lines[index], _Heading)

    def _column_widths(self) -> dict[str, int]:
        """The widest cell of the columns whose width the data decides, from the
        summaries' fields (no cell made): the company, the round, who and where."""
        held = [line.row for line in self._lines if isinstance(line, _RoundRow | _DebriefRow)]
        others = [line for line in self._lines if isinstance(line, _UntimedRow | _DeadlineRow)]
        names = [len(row.company.name) for row in held] + [len(o.company.name) for o in others]
        labels = [len(row.round.label) + len(TENTATIVE) * row.round.tentative for row in held]
        labels += [len(o.label if isinstance(o, _UntimedRow) else DEADLINE) for o in others]
        return {
            "company": max(names, default=0),
            "round": max(labels, default=0),
            "who": max((len(", ".join(row.round.who)) for row in held), default=0),
            "where": max((len(row.round.where) for row in held), default=0),
        }

    def notify_style_update(self) -> None:
        # The cells are made with the component styles: make them again too.
        super().notify_style_update()
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
            made = row.cells(self.now, self._tz)
            cells = {}
            for column in COLUMNS:
                text, roles = made.get(column.key, BLANK)
                cells[column.key] = Text(text, style=self._style(roles))
            self._cells[index] = cells
        return cells

    def _render_row(self, index: int, columns: list[tuple[Column, int]], width: int) -> Strip:
        line = self._lines[index]
        if isinstance(line, _Heading):
            return self._heading(line, width)
        cells = _tentative_fitted(self._row_cells(index, line), columns)
        return self._draw(cells, columns, self.rich_style, width, self._cursor_style(index))

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


def _tentative_fitted(cells: dict[str, Text], columns: list[tuple[Column, int]]) -> dict[str, Text]:
    """`cells` with a tentative round marked by "?" when " (tentative)" would not fit
    the Round column: "Onsite (tentati…" lost the name's room to the word."""
    label = cells["round"]
    if not label.plain.endswith(TENTATIVE):
        return cells
    width = next((size for column, size in columns if column.key == "round"), 0)
    if label.cell_len <= width:
        return cells
    short = Text(label.plain[: -len(TENTATIVE)] + TENTATIVE_SHORT, style=label.style)
    return {**cells, "round": short}
