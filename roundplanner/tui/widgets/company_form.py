"""The company's own fields: the details form, the research notes, and the stage history.

Each form declares which field edits which value of the company (`Bound`) and leaves the
typing, the autosave and the errors to `Form`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import Input, Select, Static, TextArea

from roundplanner.model import Company, Source, Stage, StageChange
from roundplanner.sanitize import clean
from roundplanner.timefmt import day_month_text
from roundplanner.tui.text import one_line
from roundplanner.tui.widgets.fields import FieldRow
from roundplanner.tui.widgets.form import Bound, Form

RESEARCH = (
    ("what_they_do", "What they do (and who pays them)"),
    ("why_them", "Why them"),
    ("how_i_contribute", "How I would contribute"),
    ("notes", "Notes"),
)


def _name(raw: str) -> str:
    if not raw.strip():
        raise ValueError("a company needs a name")
    return raw.strip()


def _links(raw: str) -> list[str]:
    return raw.replace(",", " ").split()


def _enum_select(kind: type[Stage] | type[Source], widget_id: str) -> Select[str]:
    options = [(member.value.capitalize(), member.value) for member in kind]
    return Select(options, id=widget_id, allow_blank=False, compact=True)


class CompanyDetails(Form[Company]):
    """Name, stage (a hand edit is dated in the stage history), source, domain, links."""

    def __init__(self, today: Callable[[], date], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        """Today in the user's zone: the date a stage chosen here is recorded with."""

    def compose(self) -> ComposeResult:
        def set_stage(company: Company, stage: Stage) -> None:
            company.set_stage(stage, self.today())

        yield FieldRow(
            "Name",
            Input(id="company-name", compact=True),
            bound=Bound(lambda c: c.name, _set("name"), "rename company", _name),
        )
        yield FieldRow(
            "Stage",
            _enum_select(Stage, "company-stage"),
            bound=Bound(lambda c: c.stage.value, set_stage, "change stage", Stage),
        )
        yield FieldRow(
            "Source",
            _enum_select(Source, "company-source"),
            bound=Bound(lambda c: c.source.value, _set("source"), "change source", Source),
        )
        yield FieldRow(
            "Domain",
            Input(id="company-domain", compact=True),
            bound=Bound(lambda c: c.domain, _set("domain"), "edit domain", str.strip),
        )
        yield FieldRow(
            "Links",
            Input(id="company-links", compact=True),
            hint="separate links with spaces",
            bound=Bound(lambda c: " ".join(c.links), _set("links"), "edit links", _links),
        )


def _set(key: str) -> Callable[[Any, Any], None]:
    return lambda model, value: setattr(model, key, value)


def _research(key: str) -> Bound[Company]:
    return Bound(
        read=lambda c: str(getattr(c.research, key)),
        write=lambda c, v: setattr(c.research, key, v),
        label="edit research notes",
    )


class ResearchNotes(Form[Company]):
    """What they do, why them, how I would contribute, notes: saved as typed."""

    DEFAULT_CSS = """
    ResearchNotes TextArea { height: 5; }
    """

    def compose(self) -> ComposeResult:
        for key, label in RESEARCH:
            yield FieldRow(label, TextArea(soft_wrap=True), bound=_research(key), stacked=True)


class StageHistory(Static):
    """`Stage history: Applied 2 Nov → Screening 9 Nov → …`, dimmed, wrapping."""

    DEFAULT_CSS = """
    StageHistory { color: $text-muted; height: auto; margin-top: 1; }
    """

    history: reactive[tuple[StageChange, ...]] = reactive(())
    """The company's stage changes, oldest first."""

    def render(self) -> Text:
        steps = [f"{change.stage.label} {day_month_text(change.on)}" for change in self.history]
        return Text("Stage history: " + (" → ".join(steps) if steps else "none yet"))


class CompanyHeading(Static):
    """The name in bold, the stage, the source, the domain, and debriefs that are due."""

    DEFAULT_CSS = """
    CompanyHeading { height: 1; padding: 0 1; background: $boost; }
    """

    company: reactive[Company | None] = reactive(None)
    """The company shown."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.clock = clock

    def render(self) -> Text:
        """One line: at 80 columns the domain, then the source, give way; the name, the
        stage and the debriefs that are due always show."""
        company = self.company
        if company is None:
            return Text("")
        parts = [
            (Text(clean(company.name), style="bold"), 0),
            (Text(f"  {company.stage.label}", style="cyan"), 0),
            (Text(f" · {company.source.value}"), 1),
        ]
        if company.domain:
            parts.append((Text(f" · {clean(company.domain)}", style="dim"), 2))
        due = len(company.rounds_needing_debrief(self.clock()))
        if due:
            parts.append((Text(f"  · {due} debrief{'s' if due > 1 else ''} due", "bold yellow"), 0))
        return one_line(self.content_size.width, parts)
