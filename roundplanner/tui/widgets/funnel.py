"""The funnel screen's parts: the bars, the table by source, the quiet companies, the
recurring gaps and the focus list. Each is handed its slice of `insights`' numbers
through a reactive and redraws only when that slice changed; the keys that act on a row
live on its table and post a message up, and the screen makes the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Static

from roundplanner.insights import Funnel, RecurringGap, Silence
from roundplanner.model import Stage
from roundplanner.output.phrases import bar, percent
from roundplanner.timefmt import day_month_text
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.keyed_table import KeyedTable

SOURCE_STAGES = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER)
STAGE_HEADS = ("Appl", "Scr", "Intv", "Offer")
LABEL_WIDTH = 13
"""Cells of a bar's stage name ('Interviewing' and a space)."""
NUMBERS_WIDTH = 21
"""Cells after a bar: ' 999  now 99  → 100%'."""
MIN_BAR, MAX_BAR = 4, 40
"""A bar is never so short that one company cannot be told from none, nor wider than
a glance takes in."""


@dataclass(frozen=True)
class FunnelPicture:
    """What the chart draws: the funnel of every company, who left it, how long stages take."""

    total: Funnel
    left: tuple[tuple[str, int], ...]
    """(exit stage, how many companies are there now)."""
    medians: tuple[str, ...]
    """'Applied 6d' per stage with finished stays."""


class FunnelChart(Widget):
    """Bars of how many companies reached each stage, scaled to the width it is given."""

    DEFAULT_CSS = """
    FunnelChart { height: auto; padding: 0 1; }
    """

    picture: reactive[FunnelPicture | None] = reactive(None, layout=True)
    """The numbers to draw; None before the first read (or with no companies)."""

    def bar_width(self) -> int:
        """The bars' full length: what the width leaves after the names and numbers."""
        room = self.content_size.width - LABEL_WIDTH - NUMBERS_WIDTH
        return max(MIN_BAR, min(MAX_BAR, room))

    def render(self) -> Text:
        picture = self.picture
        if picture is None or picture.total.companies == 0:
            return Text("No companies yet: the funnel fills in as you add them (p, then a).")
        total = picture.total
        width = self.bar_width()
        top = max((step.reached for step in total.steps), default=0)
        text = Text()
        text.append("Funnel", style="bold")
        text.append(f" — {total.companies} companies; reached · now there · on to next\n")
        for step in total.steps:
            text.append(f"{step.stage.label:<{LABEL_WIDTH}}")
            text.append(f"{bar(step.reached, top, width):<{width}}", style="cyan")
            text.append(f" {step.reached:>3}", style="bold")
            text.append(f"  now {step.current:<3}", style="dim")
            if step.conversion is not None:
                text.append(f" → {percent(step.conversion)}")
            text.append("\n")
        text.append("Left the funnel: " + " · ".join(f"{s} {n}" for s, n in picture.left))
        text.append("\n\n")
        text.append("Median days in stage", style="bold")
        text.append(" (finished stays)\n")
        text.append(" · ".join(picture.medians) or "no finished stays yet")
        return text


class SourceTable(KeyedTable):
    """How far the companies of each source got, warm leads against cold applications."""

    DEFAULT_CSS = """
    SourceTable { height: auto; max-height: 100%; }
    """

    COLUMNS = (
        ("source", "Source", 9),
        ("n", "Cos", 3),
        *((stage.value, label, 5) for stage, label in zip(SOURCE_STAGES, STAGE_HEADS, strict=True)),
        ("rate", "→Offer", 6),
    )

    groups: reactive[tuple[Funnel, ...]] = reactive(())
    """One funnel per source, then the warm and the cold one."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="none", show_cursor=False)

    def watch_groups(self) -> None:
        self.fill()

    def fill(self) -> None:
        rows = []
        for group in self.groups:
            style = "bold" if group.label in ("warm", "cold") else ""
            cells: list[object] = [Text(group.label, style=style), str(group.companies)]
            cells += [str(group.reached(stage)) for stage in SOURCE_STAGES]
            cells.append(Text(percent(group.rate(Stage.APPLIED, Stage.OFFER)), style=style))
            rows.append((f"source-{group.label}", cells))
        self.refill(rows)


class QuietCompanies(KeyedTable):
    """Companies waiting with nothing heard for a while; g marks the chosen one ghosted."""

    DEFAULT_CSS = """
    QuietCompanies { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "g",
            "mark_ghosted",
            "Mark ghosted",
            id="funnel-ghosted",
            tooltip="Mark the selected quiet company as ghosted",
        ),
    ]

    silences: reactive[tuple[Silence, ...]] = reactive(())
    """The quiet companies, longest silence first."""

    @dataclass
    class MarkGhosted(Message):
        """Mark the company `slug` ghosted."""

        slug: str

    @dataclass
    class OpenCompany(Message):
        """Open the company `slug`."""

        slug: str

    COLUMNS = (
        ("name", "Company", None),
        ("stage", "Stage", 12),
        ("last", "Last seen", 10),
        ("days", "Quiet", 5),
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def watch_silences(self) -> None:
        self.fill()

    def fill(self) -> None:
        self.refill(
            (
                s.slug,
                [
                    plain(s.company.name),
                    s.company.stage_label,
                    day_month_text(s.last_activity),
                    Text(f"{s.days}d"),
                ],
            )
            for s in self.silences
        )

    def action_mark_ghosted(self) -> None:
        if self.selected_key is None:
            self.notify("No quiet company selected", severity="warning")
            return
        self.post_message(self.MarkGhosted(self.selected_key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.OpenCompany(str(event.row_key.value)))


class GapTable(KeyedTable):
    """Gaps named in more than one debrief; a puts one on the next rounds, f on the focus list."""

    DEFAULT_CSS = """
    GapTable { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
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
    ]

    gaps: reactive[tuple[RecurringGap, ...]] = reactive(())
    """Every recurring gap, most often named first."""

    @dataclass
    class AddGap(Message):
        """Put `gap` on the upcoming rounds of the companies whose debriefs named it."""

        gap: RecurringGap

    @dataclass
    class FocusGap(Message):
        """Put `gap` on the personal focus list, or take it off."""

        gap: RecurringGap

    COLUMNS = (
        ("count", "×", 2),
        ("gap", "Gap", None),
        ("companies", "Companies", 18),
        ("last", "Last", 6),
    )
    WRAP = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def watch_gaps(self) -> None:
        self.fill()

    def fill(self) -> None:
        self.refill(
            (
                gap.key,
                [
                    Text(str(gap.count)),
                    plain(gap.title),
                    plain(", ".join(gap.companies)),
                    day_month_text(gap.last_seen) if gap.last_seen else "",
                ],
            )
            for gap in self.gaps
        )

    @property
    def selected_gap(self) -> RecurringGap | None:
        key = self.selected_key
        return next((gap for gap in self.gaps if gap.key == key), None)

    def _post(self, make: type[AddGap] | type[FocusGap]) -> None:
        gap = self.selected_gap
        if gap is None:
            self.notify("No gap selected", severity="warning")
            return
        self.post_message(make(gap))

    def action_add_gap(self) -> None:
        self._post(self.AddGap)

    def action_focus_gap(self) -> None:
        self._post(self.FocusGap)


class FocusLine(Static):
    """The personal focus list, on one line."""

    DEFAULT_CSS = """
    FocusLine { color: $text-muted; padding: 0 1; height: auto; }
    """

    topics: reactive[tuple[str, ...]] = reactive(())
    """The focus topics, in the order they were added."""

    def watch_topics(self, topics: tuple[str, ...]) -> None:
        body = ", ".join(topics) if topics else "none yet"
        self.update(plain(f"Focus topics: {body}"))
