"""Who the round is with: the interviewer list, and the dialog that adds or edits one."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType

from roundplanner.model import Interviewer, Round
from roundplanner.tui.screens.form import FormField, FormScreen
from roundplanner.tui.widgets.people import interviewer_line
from roundplanner.tui.widgets.round_list import RoundList, updated


def interviewer_form(current: Interviewer | None) -> FormScreen:
    """The "Who do you meet?" dialog, filled from `current` when editing."""
    return FormScreen(
        "Edit interviewer" if current else "Who do you meet?",
        [
            FormField("name", "Name", current.name if current else "", required=True),
            FormField("role", "Role", current.role if current else "", "Staff Engineer"),
            FormField("profile", "Profile link", current.profile if current else ""),
            FormField(
                "notes",
                "Notes: what they work on, what to ask them",
                current.notes if current else "",
                multiline=True,
            ),
        ],
    )


class InterviewerList(RoundList[Interviewer]):
    """The people the round is with: name and role, their profile and notes below."""

    NOUN: ClassVar[str] = "interviewer"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Nobody yet: press a to add who you meet.", id=id)

    def line(self, item: Interviewer) -> RenderableType:
        return interviewer_line(item)

    def items_of(self, round_: Round) -> list[Interviewer]:
        return round_.interviewers

    def action_add(self) -> None:
        self.form(
            interviewer_form(None),
            lambda values: self.append(updated(None, Interviewer, values), "add interviewer"),
        )

    def action_edit(self) -> None:
        index = self.current
        if index is None:
            return
        current = self.items[index]
        self.form(
            interviewer_form(current),
            lambda values: self.replace(
                index, updated(current, Interviewer, values), "edit interviewer"
            ),
        )
