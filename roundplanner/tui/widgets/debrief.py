"""The debrief of a round: the outcome and the post-mortem, offered once the round began.

The panel owns whether the form is offered (`state`) and what it says until then; its
fields are bound to the round by the round screen like the round's other fields, by
the ids in `DebriefPanel.TEXTS`.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.reactive import reactive
from textual.widgets import Label, Select, Static, TextArea

from roundplanner.model import Outcome
from roundplanner.tui.widgets.fields import FieldRow

DebriefState = Literal["untimed", "ahead", "open"]
"""No time set yet; the round has not started; the debrief can be written."""

_WAITING: dict[DebriefState, str] = {
    "untimed": "The debrief opens once the round has started: set its time first (press w).",
    "ahead": "The debrief opens once the round has started. Until then: the checklist (2).",
    "open": "",
}


class DebriefPanel(Vertical):
    """The outcome and five notes after the round; a hint instead until it has started."""

    DEFAULT_CSS = """
    DebriefPanel { height: 1fr; }
    DebriefPanel > .debrief-waiting { color: $text-muted; height: auto; margin-top: 1; }
    DebriefPanel > .debrief-form { height: 1fr; }
    DebriefPanel .debrief-outcome { width: 30; }
    DebriefPanel .debrief-grid { grid-size: 2; grid-gutter: 0 2; height: 1fr; }
    DebriefPanel .debrief-cell { height: 1fr; }
    DebriefPanel .debrief-cell Label { text-style: bold; color: $accent; }
    DebriefPanel .debrief-cell TextArea { height: 1fr; }
    DebriefPanel.-narrow .debrief-grid { grid-size: 1; height: auto; }
    DebriefPanel.-narrow .debrief-form { overflow-y: auto; }
    DebriefPanel.-narrow .debrief-cell { height: auto; }
    DebriefPanel.-narrow .debrief-cell TextArea { height: 5; }
    """

    OUTCOME_ID: ClassVar[str] = "debrief-outcome"
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
                    id=self.OUTCOME_ID,
                    classes="debrief-outcome",
                    allow_blank=False,
                    compact=True,
                ),
            )
            with Grid(classes="debrief-grid"):
                for widget_id, _, label in self.TEXTS:
                    with Vertical(classes="debrief-cell"):
                        yield Label(label)
                        yield TextArea(id=widget_id, soft_wrap=True)

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
