"""What to bring to the round: the stories to tell and the questions to ask them."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive

from roundplanner.model import Round, Story
from roundplanner.sanitize import clean
from roundplanner.tui.screens.pick import PickScreen
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.item_list import with_details
from roundplanner.tui.widgets.round_list import RoundList


class StoryList(RoundList[str]):
    """The stories picked for this round (by id), shown by title from the story bank.

    A story is written and edited on the story bank screen (S); here it is only picked,
    removed or moved."""

    NOUN: ClassVar[str] = "story"
    EDITABLE: ClassVar[bool] = False

    bank: reactive[tuple[Story, ...]] = reactive((), init=False)
    """The story bank, handed down: what the ids name, and what can be picked."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("None yet: press a to pick from the story bank.", id=id)

    def watch_bank(self) -> None:
        self.watch_items(self.items)  # a title changed in the bank reads here too

    def line(self, item: str) -> RenderableType:
        story = next((s for s in self.bank if s.id == item), None)
        if story is None:
            return Text(f"(missing story {clean(item)})", style="red")
        outcome = [plain(f"→ {story.outcome}", "dim")] if story.outcome else []
        return with_details(plain(story.title, "bold"), outcome)

    def items_of(self, round_: Round) -> list[str]:
        return round_.stories

    def action_add(self) -> None:
        choices = [(s.id, s.title) for s in self.bank if s.id not in self.items]
        if not choices:
            self.notify(
                "No more stories in the bank: add some on the story bank screen (S)",
                severity="warning",
            )
            return
        detail = "Stories with a setup, the actions and a measurable outcome land best."
        self.app.push_screen(PickScreen("Which story will you tell?", choices, detail), self._pick)

    def _pick(self, story_id: str | None) -> None:
        if story_id is not None:
            self.append(story_id, "add story")


class QuestionList(RoundList[str]):
    """Questions to ask the interviewers, one line each."""

    NOUN: ClassVar[str] = "question"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("None yet: press a to add one.", id=id)

    def line(self, item: str) -> RenderableType:
        return Text(clean(item))

    def items_of(self, round_: Round) -> list[str]:
        return round_.questions

    def action_add(self) -> None:
        self.ask_text(
            "A question to ask them",
            "Question",
            "",
            lambda text: self.append(text, "add question"),
        )

    def action_edit(self) -> None:
        index = self.current
        if index is not None:
            self.ask_text(
                "Edit the question",
                "Question",
                self.items[index],
                lambda text: self.replace(index, text, "edit question"),
            )
