"""How people (interviewers) read in a list: name, role, and what to remember."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from roundplanner.model import Interviewer
from roundplanner.sanitize import clean
from roundplanner.tui.text import plain
from roundplanner.tui.widgets.item_list import with_details


def interviewer_line(person: Interviewer) -> RenderableType:
    """`Ann Lee · Staff Engineer`, with the profile link and the notes indented below."""
    line = Text(clean(person.name), style="bold")
    if person.role:
        line += Text(f" · {clean(person.role)}")
    below = []
    if person.profile:
        below.append(plain(person.profile, "underline dim"))
    if person.notes:
        below.append(plain(person.notes, "italic", keep_newlines=True))
    return with_details(line, below)
