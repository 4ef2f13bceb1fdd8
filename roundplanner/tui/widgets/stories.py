"""The story bank's parts: the list of stories, the story in full, and the warnings.

`StoryTable` owns the list and its keys (a adds, e or enter edits, d deletes) and posts
what the user asked for; `StoryDetail` shows the story it is handed and where it is told;
`StoryWarnings` the repeats and missing stories. The screen reads the bank once and
hands each its part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Static

from roundplanner.insights import StoryUse, is_incomplete, story_missing_parts
from roundplanner.model import Story, zone
from roundplanner.timefmt import day_text
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.keyed_table import KeyedTable

NO_STORIES = (
    "No stories yet. Press [b]a[/b] to write one: a setup, what you did and what "
    "stood in the way, and an outcome with a number in it."
)


class StoryTable(KeyedTable):
    """Every story: ready to tell or not (! marks a missing part), its tags, its uses."""

    DEFAULT_CSS = """
    StoryTable { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="stories-add", tooltip="Write a new story"),
        Binding("e", "edit", "Edit", id="stories-edit", tooltip="Edit the selected story"),
        Binding(
            "d", "delete", "Delete", id="stories-delete", tooltip="Delete the story (asks first)"
        ),
    ]

    COLUMNS = (
        ("flag", "", 1),
        ("title", "Story", None),
        ("tags", "Tags", 12),
        ("used", "Used", 4),
    )
    WRAP = True

    stories: reactive[tuple[Story, ...]] = reactive(())
    """The bank's stories, in the bank's order."""
    used: reactive[tuple[int, ...]] = reactive(())
    """How many rounds plan or told each story, in the same order."""

    class Add(Message):
        """Write a new story."""

    @dataclass
    class Edit(Message):
        """Edit the story `story_id`."""

        story_id: str

    @dataclass
    class Delete(Message):
        """Delete the story `story_id` (after asking)."""

        story_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def watch_stories(self) -> None:
        self.fill()

    def watch_used(self) -> None:
        self.fill()

    def fill(self) -> None:
        used = self.used if len(self.used) == len(self.stories) else (0,) * len(self.stories)
        self.refill(
            (
                story.id,
                [
                    Text("!", "bold yellow") if is_incomplete(story) else Text("✓", "green"),
                    plain(story.title),
                    _one_line(plain(", ".join(story.tags))),
                    Text(str(count)),
                ],
            )
            for story, count in zip(self.stories, used, strict=True)
        )

    def action_add(self) -> None:
        self.post_message(self.Add())

    def action_edit(self) -> None:
        if self.selected_key is None:
            self.notify("No story selected", severity="warning")
            return
        self.post_message(self.Edit(self.selected_key))

    def action_delete(self) -> None:
        if self.selected_key is not None:
            self.post_message(self.Delete(self.selected_key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()


class StoryDetail(Static):
    """The story in full, then the rounds it is planned for or was told in."""

    story: reactive[Story | None] = reactive(None)
    """The story shown; None shows how to write the first one."""
    uses: reactive[tuple[StoryUse, ...]] = reactive(())
    """Where the story is planned or was told."""
    zone_name: str = "UTC"
    """The user's time zone, for the days of the rounds (set by the screen)."""

    def on_mount(self) -> None:
        self._show()

    def watch_story(self) -> None:
        self._show()

    def watch_uses(self) -> None:
        self._show()

    def _show(self) -> None:
        story = self.story
        if story is None:
            self.update(NO_STORIES)
            return
        text = Text()
        text.append_text(plain(story.title, "bold"))
        text.append("\n")
        missing = story_missing_parts(story)
        if missing:
            text.append("Incomplete: missing " + ", ".join(missing) + "\n", style="bold yellow")
        for heading, body in (
            ("Setup", story.setup),
            ("Actions and challenges", story.actions),
            ("Outcome", story.outcome),
        ):
            text.append(f"\n{heading}\n", style="bold")
            text.append_text(plain(body, keep_newlines=True) if body else Text("—"))
            text.append("\n")
        if story.tags:
            text.append("\nTags: ", style="bold")
            text.append_text(plain(", ".join(story.tags)))
            text.append("\n")
        text.append("\nWhere it is told\n", style="bold")
        if not self.uses:
            text.append("Not planned for any round yet.\n", style="dim")
        for use in self.uses:
            text.append_text(self._use_line(use))
        self.update(text)

    def _use_line(self, use: StoryUse) -> Text:
        line = Text()
        if use.told:
            line.append("told    ", style="green")
        else:
            line.append("planned ", style="cyan")
        when = _day(use.starts_at, self.zone_name) if use.starts_at else "time not set"
        line.append(f"{when}  ")
        line.append_text(plain(use.company, "bold"))
        line.append_text(plain(f" — {use.round_label}"))
        if use.interviewers:
            line.append_text(plain(" · with " + ", ".join(use.interviewers)))
        line.append("\n")
        return line


class StoryWarnings(Static):
    """One line per warning (a story told twice at one company, one the bank lacks)."""

    DEFAULT_CSS = """
    StoryWarnings { color: $warning; padding: 0 1; height: auto; max-height: 6; }
    """

    warnings: reactive[tuple[str, ...]] = reactive(())
    """The warnings' texts."""

    def watch_warnings(self, warnings: tuple[str, ...]) -> None:
        self.display = bool(warnings)
        self.update(plain("\n".join(f"⚠ {w}" for w in warnings), keep_newlines=True))


def _one_line(text: Text) -> Text:
    """`text` cut with an ellipsis rather than wrapped: the tags give way to the title."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def _day(start: datetime, zone_name: str) -> str:
    """'Thu 26 Nov' in the user's zone."""
    return day_text(start.astimezone(zone(zone_name)))
