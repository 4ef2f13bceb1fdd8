"""The story bank: every story, whether it is ready to tell, and where it was told.

A story is told well with a setup, the actions and challenges, and a measurable outcome;
one without a number in its outcome is marked incomplete. The detail beside the list
shows where the story is planned or was told (company, round, who was in the room), and
warnings say when one company would hear the same story twice. A small layout of the
widgets in widgets/stories.py; the screen reads the bank once (`read`) and turns the
list's requests into changes through the session, so a delete is undone with ctrl+z like
any other change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import DataTable, Header, Static

from roundplanner.insights import StoryUse, story_uses, story_warnings
from roundplanner.model import Story, StoryBank, new_id
from roundplanner.sanitize import clean
from roundplanner.tui.screens.base import PlannerScreen
from roundplanner.tui.screens.story_form import StoryDraft, StoryFormScreen
from roundplanner.tui.widgets.footer import Footer
from roundplanner.tui.widgets.stories import StoryDetail, StoryTable, StoryWarnings


@dataclass(frozen=True)
class StoriesData:
    """The bank and where each story is used, read from the session at once."""

    stories: tuple[Story, ...]
    uses: dict[str, list[StoryUse]]
    warnings: tuple[str, ...]


class StoriesScreen(PlannerScreen):
    """The story bank, with where each story was told and what is missing."""

    HELP_TITLE = "Story bank"
    DEFAULT_CSS = """
    StoriesScreen .stories-body { height: 1fr; }
    StoriesScreen .stories-list { width: 45%; min-width: 58; }
    StoriesScreen .stories-detail {
        width: 1fr;
        padding: 0 1;
        border-left: vkey $foreground 20%;
    }
    StoriesScreen .section-title { height: 1; padding: 0 1; }
    /* Below 100 columns the list goes above the story, each half the height. */
    StoriesScreen.-narrow .stories-body { layout: vertical; }
    StoriesScreen.-narrow .stories-list { width: 100%; height: 1fr; }
    StoriesScreen.-narrow .stories-detail {
        width: 100%;
        height: 1fr;
        border-left: none;
        border-top: hkey $foreground 20%;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="stories-back", tooltip="Back to the pipeline"),
    ]

    data: reactive[StoriesData] = reactive(StoriesData((), {}, ()), init=False)
    """The bank and where each story is used, as last read; its watcher hands each
    widget its part."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="stories-body"):
            with Vertical(classes="stories-list"):
                yield Static(
                    "[b]Story bank[/b] — [b]![/b] marks a story that is not ready to tell",
                    classes="section-title",
                )
                yield StoryTable(id="stories-table")
                yield StoryWarnings(id="stories-warnings")
            with VerticalScroll(classes="stories-detail"):
                yield StoryDetail(id="stories-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(StoryDetail).zone_name = self.session.settings.zone_name
        self.data = self.read()
        self.query_one(StoryTable).focus()

    # -- data

    def read(self) -> StoriesData:
        """The bank, its uses and warnings, from the session (the one place that reads)."""
        companies = self.session.companies
        bank = self.session.stories
        uses = story_uses(companies, self.now(), self.session.settings.kind_labels)
        warnings = tuple(clean(w.text) for w in story_warnings(companies, bank))
        return StoriesData(tuple(bank.stories), uses, warnings)

    def refresh_data(self) -> None:
        if self.is_mounted:
            self.data = self.read()

    def watch_data(self, data: StoriesData) -> None:
        """Hand each widget its part; unchanged parts do not redraw."""
        table = self.query_one(StoryTable)
        with self.app.batch_update():
            table.stories = data.stories
            table.used = tuple(len(data.uses.get(s.id, [])) for s in data.stories)
            self.query_one(StoryWarnings).warnings = data.warnings
            self._show_detail()

    def _show_detail(self) -> None:
        story = self.selected_story()
        detail = self.query_one(StoryDetail)
        detail.uses = tuple(self.data.uses.get(story.id, [])) if story else ()
        detail.story = story

    def selected_id(self) -> str | None:
        return self.query_one(StoryTable).selected_key

    def selected_story(self) -> Story | None:
        story_id = self.selected_id()
        return self.session.stories.by_id(story_id) if story_id else None

    # -- the list's requests

    @on(DataTable.RowHighlighted, "StoryTable")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(StoryTable.Add)
    def _add(self) -> None:
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

            if self.apply_stories(change, f"add story {draft.title}"):
                self.refresh_data()
                self.query_one(StoryTable).select_key(story_id)

        self.app.push_screen(StoryFormScreen(), written)

    @on(StoryTable.Edit)
    def _edit(self, message: StoryTable.Edit) -> None:
        story = self.session.stories.by_id(message.story_id)
        if story is None:
            return
        story_id = story.id

        def written(draft: StoryDraft | None) -> None:
            if draft is None:
                return

            def change(bank: StoryBank) -> None:
                target = bank.by_id(story_id)
                if target is not None:
                    draft.apply_to(target)

            self.apply_stories(change, f"edit story {draft.title}")

        self.app.push_screen(StoryFormScreen(story), written)

    @on(StoryTable.Delete)
    def _delete(self, message: StoryTable.Delete) -> None:
        story = self.session.stories.by_id(message.story_id)
        if story is None:
            return
        from roundplanner.tui.screens.confirm import ConfirmScreen

        story_id, title = story.id, clean(story.title)
        used = len(self.data.uses.get(story_id, []))

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def change(bank: StoryBank) -> None:
                bank.stories = [s for s in bank.stories if s.id != story_id]

            if self.apply_stories(change, f"delete story {title}"):
                self.notify(f"Deleted “{title}” (ctrl+z to undo)")

        detail = "ctrl+z brings it back."
        if used:
            detail = f"{used} round(s) plan it and will show it as missing. " + detail
        self.app.push_screen(ConfirmScreen(f"Delete the story “{title}”?", detail), answered)

    def action_back(self) -> None:
        self.planner.action_pipeline()
