"""The dialog that writes or edits a story: setup, actions and challenges, outcome, tags."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from roundplanner.model import Story
from roundplanner.tui.text import editable
from roundplanner.tui.widgets.dialog import DialogBody, DialogButtons, DialogFrame


@dataclass(frozen=True)
class StoryDraft:
    """What the form gathered; the stories screen turns it into a change of the bank."""

    title: str
    setup: str
    actions: str
    outcome: str
    tags: list[str]

    def apply_to(self, story: Story) -> None:
        story.title = self.title
        story.setup = self.setup
        story.actions = self.actions
        story.outcome = self.outcome
        story.tags = self.tags


def parse_tags(text: str) -> list[str]:
    """'impact, Leadership ,impact' -> ['impact', 'Leadership']: comma separated, no repeats."""
    tags: list[str] = []
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag and tag.casefold() not in (t.casefold() for t in tags):
            tags.append(tag)
    return tags


class StoryFormScreen(ModalScreen[StoryDraft | None]):
    """Dismisses with a StoryDraft, or None when cancelled."""

    DEFAULT_CSS = """
    StoryFormScreen DialogFrame { width: 80; }
    StoryFormScreen Label { margin-top: 0; }
    StoryFormScreen TextArea { height: 5; margin-bottom: 1; }
    /* Compact inputs on the dialog's own background were nearly invisible: the panel
       colour, and an accent bar while focused, like the text areas beside them. */
    StoryFormScreen Input { margin-bottom: 1; background: $panel; }
    StoryFormScreen Input:focus { background: $panel-lighten-1; border-left: outer $accent; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="story-save", tooltip="Save the story"),
        Binding(
            "escape", "cancel", "Cancel", id="story-cancel", tooltip="Keep the story as it was"
        ),
    ]

    def __init__(self, story: Story | None = None) -> None:
        super().__init__()
        self.story = story

    def compose(self) -> ComposeResult:
        story = self.story
        heading = "Edit the story" if story else "A new story"
        with DialogFrame(id="story-form"):
            with DialogBody():
                yield from self._fields(heading)
            with DialogButtons():
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def _fields(self, heading: str) -> ComposeResult:
        """The title, the three parts of the story, its tags, and where errors show."""
        story = self.story
        yield Static(Text(f"{heading} — ctrl+s saves, escape cancels"), classes="dialog-title")
        yield Label("Title")
        yield Input(editable(story.title) if story else "", id="story-title", compact=True)
        yield Label("Setup: the situation and what was at stake")
        yield TextArea(editable(story.setup) if story else "", id="story-setup", soft_wrap=True)
        yield Label("Actions and challenges: what you did, what stood in the way")
        yield TextArea(editable(story.actions) if story else "", id="story-actions", soft_wrap=True)
        yield Label("Outcome, with a number: '40% faster', '3 teams', '$2M saved'")
        yield Input(editable(story.outcome) if story else "", id="story-outcome", compact=True)
        yield Label("Tags, comma separated")
        tags = editable(", ".join(story.tags)) if story else ""
        yield Input(tags, id="story-tags", compact=True)
        yield Static("", id="story-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#story-title", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        title = " ".join(self.query_one("#story-title", Input).value.split())
        if not title:
            self.query_one("#story-error", Static).update("A story needs a title.")
            self.query_one("#story-title", Input).focus()
            return
        self.dismiss(
            StoryDraft(
                title=title,
                setup=self.query_one("#story-setup", TextArea).text.strip(),
                actions=self.query_one("#story-actions", TextArea).text.strip(),
                outcome=self.query_one("#story-outcome", Input).value.strip(),
                tags=parse_tags(self.query_one("#story-tags", Input).value),
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
