"""How people (interviewers, contacts) read in a list: name, role, and what to remember."""

from __future__ import annotations

from rich.text import Text

from roundplanner.model import Contact, Interviewer
from roundplanner.sanitize import clean


def interviewer_line(person: Interviewer) -> Text:
    """`Ann Lee · Staff Engineer` with the profile link and the notes on lines below."""
    line = Text(clean(person.name), style="bold")
    if person.role:
        line += Text(f" · {clean(person.role)}")
    if person.profile:
        line += Text(f"\n  {clean(person.profile)}", style="underline dim")
    if person.notes:
        line += Text(f"\n  {clean(person.notes)}", style="italic")
    return line


def contact_line(person: Contact) -> Text:
    """`Priya Natarajan · Recruiter · priya@…` and the notes below."""
    line = Text(clean(person.name), style="bold")
    for part in (person.role, person.email):
        if part:
            line += Text(f" · {clean(part)}")
    if person.notes:
        line += Text(f"\n  {clean(person.notes)}", style="italic")
    return line
