"""The story bank: every story, whether it is ready to tell, and where it was told.

A story is told well with a setup, the actions and challenges, and a measurable outcome;
one without a number in its outcome is marked incomplete. The detail beside the list
shows where the story is planned or was told (company, round, who was in the room), and
warnings say when one company would hear the same story twice. Changes go through the
session, so a delete is undone with ctrl+z like any other change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from roundplanner.insights import (
    StoryUse,
    is_incomplete,
    story_missing_parts,
    story_uses,
    story_warnings,
)
from roundplanner.model import Story, StoryBank, new_id, zone
from roundplanner.sanitize import clean
from roundplanner.timefmt import day_text
from roundplanner.tui.screens.base import PlannerScreen
from roundplanner.tui.screens.story_form import StoryDraft, StoryFormScreen
from roundplanner.tui.widgets.tables import selected_key


class StoriesScreen(PlannerScreen):
    """The story bank, with where each story was told and what is missing."""

    HELP_TITLE = "Story bank"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="stories-add", tooltip="Write a new story"),
        Binding("e", "edit", "Edit", id="stories-edit", tooltip="Edit the selected story"),
        Binding(
            "d", "delete", "Delete", id="stories-delete", tooltip="Delete the story (asks first)"
        ),
        Binding("escape", "back", "Back", id="stories-back", tooltip="Back to the pipeline"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="stories"):
            with Vertical(id="stories-left"):
                yield Static(
                    "[b]Story bank[/b] — [b]![/b] marks a story that is not ready to tell",
                    classes="section-title",
                )
                yield DataTable(id="stories-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="stories-warnings", classes="warning-line")
            with VerticalScroll(id="stories-detail-box"):
                yield Static(id="stories-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#stories-table", DataTable)
        table.add_column("", key="flag", width=1)
        table.add_column("Story", key="title", width=30)
        table.add_column("Tags", key="tags", width=14)
        table.add_column("Used", key="used", width=4)
        self.refresh_data()
        table.focus()

    # -- data

    def _uses(self) -> dict[str, list[StoryUse]]:
        return story_uses(self.session.companies, self.now(), self.session.settings.kind_labels)

    def refresh_data(self) -> None:
        if not self.is_mounted:
            return
        table = self.query_one("#stories-table", DataTable)
        selected = self.selected_id()
        table.clear()
        uses = self._uses()
        for story in self.session.stories.stories:
            flag = Text("!", style="bold yellow") if is_incomplete(story) else Text("✓", "green")
            table.add_row(
                flag,
                Text(clean(story.title)),
                Text(clean(", ".join(story.tags))),
                Text(str(len(uses.get(story.id, [])))),
                key=story.id,
            )
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        self._show_warnings()
        self._show_detail()

    def _show_warnings(self) -> None:
        warnings = story_warnings(self.session.companies, self.session.stories)
        line = self.query_one("#stories-warnings", Static)
        line.display = bool(warnings)
        line.update(Text("\n".join(f"⚠ {clean(w.text)}" for w in warnings)))

    def _show_detail(self) -> None:
        detail = self.query_one("#stories-detail", Static)
        story = self.selected_story()
        if story is None:
            detail.update(
                "No stories yet. Press [b]a[/b] to write one: a setup, what you did and what "
                "stood in the way, and an outcome with a number in it."
            )
            return
        detail.update(self._detail_text(story, self._uses().get(story.id, [])))

    def _detail_text(self, story: Story, uses: list[StoryUse]) -> Text:
        """The story in full, then the rounds it is planned for or was told in."""
        text = Text()
        text.append(clean(story.title) + "\n", style="bold")
        missing = story_missing_parts(story)
        if missing:
            text.append("Incomplete: missing " + ", ".join(missing) + "\n", style="bold yellow")
        for heading, body in (
            ("Setup", story.setup),
            ("Actions and challenges", story.actions),
            ("Outcome", story.outcome),
        ):
            text.append(f"\n{heading}\n", style="bold")
            text.append((clean(body, keep_newlines=True) or "—") + "\n")
        if story.tags:
            text.append("\nTags: ", style="bold")
            text.append(clean(", ".join(story.tags)) + "\n")
        text.append("\nWhere it is told\n", style="bold")
        if not uses:
            text.append("Not planned for any round yet.\n", style="dim")
        for use in uses:
            text.append_text(self._use_line(use))
        return text

    def _use_line(self, use: StoryUse) -> Text:
        tz = zone(self.session.settings.zone_name)
        line = Text()
        if use.told:
            line.append("told    ", style="green")
        else:
            line.append("planned ", style="cyan")
        when = _day(use.starts_at, tz) if use.starts_at else "time not set"
        line.append(f"{when}  ")
        line.append(clean(use.company), style="bold")
        line.append(f" — {clean(use.round_label)}")
        if use.interviewers:
            line.append(" · with " + ", ".join(clean(name) for name in use.interviewers))
        line.append("\n")
        return line

    def selected_id(self) -> str | None:
        return selected_key(self.query_one("#stories-table", DataTable))

    def selected_story(self) -> Story | None:
        story_id = self.selected_id()
        return self.session.stories.by_id(story_id) if story_id else None

    # -- events

    @on(DataTable.RowHighlighted, "#stories-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#stories-table")
    def _selected(self) -> None:
        self.action_edit()

    # -- actions

    def _save(self, change_label: str, change: Callable[[StoryBank], None]) -> bool:
        return self.apply_stories(change, change_label)

    def action_add(self) -> None:
        def written(draft: StoryDraft | None) -> None:
            if draft is None:
                return
            story_id = new_id("s")
            taken = {s.id for s in self.session.stories.stories}
            while story_id in taken:
                story_id = new_id("s")

            def change(bank: StoryBank) -> None:
                story = Story(id=story_id, title=draft.title)
                draft.apply_to(story)
                bank.stories = [*bank.stories, story]

            if self._save(f"add story {draft.title}", change):
                self.refresh_data()
                table = self.query_one("#stories-table", DataTable)
                if story_id in table.rows:
                    table.move_cursor(row=table.get_row_index(story_id))

        self.app.push_screen(StoryFormScreen(), written)

    def action_edit(self) -> None:
        story = self.selected_story()
        if story is None:
            self.notify("No story selected", severity="warning")
            return
        story_id = story.id

        def written(draft: StoryDraft | None) -> None:
            if draft is None:
                return

            def change(bank: StoryBank) -> None:
                target = bank.by_id(story_id)
                if target is not None:
                    draft.apply_to(target)

            self._save(f"edit story {draft.title}", change)

        self.app.push_screen(StoryFormScreen(story), written)

    def action_delete(self) -> None:
        story = self.selected_story()
        if story is None:
            return
        from roundplanner.tui.screens.confirm import ConfirmScreen

        story_id, title = story.id, clean(story.title)
        used = len(self._uses().get(story_id, []))

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def change(bank: StoryBank) -> None:
                bank.stories = [s for s in bank.stories if s.id != story_id]

            if self._save(f"delete story {title}", change):
                self.notify(f"Deleted “{title}” (ctrl+z to undo)")

        detail = "ctrl+z brings it back."
        if used:
            detail = f"{used} round(s) plan it and will show it as missing. " + detail
        self.app.push_screen(ConfirmScreen(f"Delete the story “{title}”?", detail), answered)

    def action_back(self) -> None:
        self.planner.action_pipeline()


def _day(start: datetime, tz: tzinfo) -> str:
    """'Thu 26 Nov' in the user's zone."""
    return day_text(start.astimezone(tz))
