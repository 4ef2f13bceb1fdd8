"""The debrief of a round: the outcome and the post-mortem, offered once the round began.

The panel is a form over the round (`RoundForm`): it owns its fields, which debrief value
each edits (the debrief is made on the first edit), and whether the form is offered yet
(`state`) with what it says until then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Literal

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.reactive import reactive
from textual.widgets import Select, Static, TextArea

from roundplanner.model import Company, Debrief, Outcome
from roundplanner.tui.widgets.fields import FieldRow
from roundplanner.tui.widgets.form import Bound
from roundplanner.tui.widgets.round_form import RoundForm, shown

DebriefState = Literal["untimed", "ahead", "open"]
"""No time set yet; the round has not started; the debrief can be written."""

_WAITING: dict[DebriefState, str] = {
    "untimed": "The debrief opens once the round has started: set its time first (press w).",
    "ahead": "The debrief opens once the round has started. Until then: the checklist (2).",
    "open": "",
}


class DebriefPanel(RoundForm):
    """The outcome and five notes after the round; a hint instead until it has started."""

    DEFAULT_CSS = """
    DebriefPanel { height: 1fr; }
    DebriefPanel > .debrief-waiting { color: $text-muted; height: auto; margin-top: 1; }
    DebriefPanel > .debrief-form { height: 1fr; }
    DebriefPanel .debrief-outcome { width: 30; }
    DebriefPanel .debrief-grid { grid-size: 2; grid-gutter: 0 2; height: 1fr; }
    DebriefPanel .debrief-grid > FieldRow { height: 1fr; margin-bottom: 0; }
    DebriefPanel .debrief-grid TextArea { height: 1fr; }
    DebriefPanel.-narrow .debrief-grid { grid-size: 1; height: auto; }
    DebriefPanel.-narrow .debrief-form { overflow-y: auto; }
    DebriefPanel.-narrow .debrief-grid > FieldRow { height: auto; }
    DebriefPanel.-narrow .debrief-grid TextArea { height: 5; }
    """

    TEXTS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("debrief-went_well", "went_well", "What went well"),
        ("debrief-to_improve", "to_improve", "What to improve"),
        ("debrief-questions_asked", "questions_asked", "Questions they asked (one per line)"),
        ("debrief-gaps", "gaps", "Gaps to close (one per line)"),
        ("debrief-feedback", "feedback", "Feedback heard"),
    )
    """(widget id, Debrief field, label) of each note, in the order shown."""

    state: reactive[DebriefState] = reactive("untimed", init=False)
    """Whether the debrief can be written yet, and if not, why."""

    def compose(self) -> ComposeResult:
        yield Static(classes="debrief-waiting")
        with Vertical(classes="debrief-form", id="debrief-form"):
            outcomes = [(o.value.capitalize(), o.value) for o in Outcome]
            yield FieldRow(
                "Outcome",
                Select(
                    outcomes,
                    id="debrief-outcome",
                    classes="debrief-outcome",
                    allow_blank=False,
                    compact=True,
                ),
                bound=self._debrief_bound("outcome", Outcome),
            )
            with Grid(classes="debrief-grid"):
                for widget_id, key, label in self.TEXTS:
                    parse = _lines if key in ("questions_asked", "gaps") else str
                    yield FieldRow(
                        label,
                        TextArea(id=widget_id, soft_wrap=True),
                        bound=self._debrief_bound(key, parse),
                        stacked=True,
                    )

    def on_mount(self) -> None:
        self.watch_state(self.state)

    def on_resize(self) -> None:
        # Two columns of notes left each ~35 columns at 80x24: one column that scrolls.
        self.set_class(self.size.width < 90, "-narrow")

    def watch_state(self, state: DebriefState) -> None:
        waiting = self.query_one(".debrief-waiting", Static)
        waiting.update(_WAITING[state])
        waiting.display = state != "open"
        self.query_one(".debrief-form").display = state == "open"

    def _debrief_bound(self, key: str, parse: Callable[[str], Any]) -> Bound[Company]:
        """A debrief value of the round; the debrief is made on its first edit."""

        def read(company: Company) -> str:
            round_ = self.round_of(company)
            if round_ is None or round_.debrief is None:
                return "pending" if key == "outcome" else ""
            return shown(getattr(round_.debrief, key))

        def write(company: Company, value: Any) -> None:
            round_ = self.round_of(company)
            if round_ is None:
                return
            if round_.debrief is None:
                round_.debrief = Debrief()
            setattr(round_.debrief, key, value)

        return Bound(read, write, f"debrief: {key.replace('_', ' ')}", parse)


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.splitlines() if line.strip()]
