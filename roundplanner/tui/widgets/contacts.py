"""The company's contacts: recruiters, referrers, hiring managers, and what to remember.

The list owns its keys (c add, e or enter edit, x remove after asking) and its dialog, and
sends each change up as `Edit`; the screen applies it. The highlight stays where the user
was working when the contacts change.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from roundplanner.model import Company, Contact
from roundplanner.sanitize import clean
from roundplanner.tui.screens.confirm import ConfirmScreen
from roundplanner.tui.screens.form import FormField, FormScreen, FormValues
from roundplanner.tui.widgets.edit import Edit

EMPTY_HINT = "No contacts yet: press c to add one."

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def contact_problem(values: FormValues) -> str | None:
    """Why the contact form cannot be saved, or None: an email must look like one (a
    file may hold anything there, but what is typed here is checked while it is fixable)."""
    email = values.get("email", "").strip()
    if email and not _EMAIL.fullmatch(email):
        return f"{email!r} is not an email address (name@example.com), or leave it empty"
    return None


def contact_form(current: Contact | None) -> FormScreen:
    """The dialog that adds a contact (None) or edits one."""
    return FormScreen(
        "Edit contact" if current else "Add a contact",
        [
            FormField("name", "Name", current.name if current else "", required=True),
            FormField("role", "Role", current.role if current else "", "Recruiter, referrer…"),
            FormField("email", "Email", current.email if current else ""),
            FormField("notes", "Notes", current.notes if current else "", multiline=True),
        ],
        validate=contact_problem,
    )


def set_contact(company: Company, index: int | None, values: FormValues) -> None:
    """Add a contact (index None) or change one, keeping keys the user added by hand."""
    if index is None:
        company.contacts = [*company.contacts, Contact(**values)]
        return
    updated = company.contacts[index].model_copy(update=values)
    contacts = list(company.contacts)
    contacts[index] = Contact.model_validate(updated.model_dump())
    company.contacts = contacts


def contact_entry(person: Contact) -> RenderableType:
    """`Priya Natarajan · Recruiter · priya@…`, and the notes below, indented on every
    line they wrap to (they lost their indent when wrapped)."""
    line = Text(clean(person.name), style="bold")
    for part in (person.role, person.email):
        if part:
            line += Text(f" · {clean(part)}")
    if not person.notes:
        return line
    notes = Text(clean(person.notes, keep_newlines=True), style="italic")
    return Group(line, Padding(notes, (0, 0, 0, 2)))


class ContactList(OptionList):
    """One entry per contact (name · role · email, notes indented below)."""

    DEFAULT_CSS = """
    ContactList { height: auto; max-height: 1fr; min-height: 3; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c,a", "add", "Add contact", id="add-contact", tooltip="Add a contact"),
        Binding("e", "edit", "Edit", id="edit-contact", tooltip="Edit the contact"),
        Binding(
            "x,delete",
            "remove",
            "Remove",
            id="remove-contact",
            tooltip="Remove the contact (asks first); ctrl+z undoes",
        ),
    ]

    contacts: reactive[tuple[Contact, ...]] = reactive((), init=False)
    """The company's contacts, as stored."""

    def on_mount(self) -> None:
        self.watch_contacts()

    def watch_contacts(self) -> None:
        keep = self.highlighted
        self.clear_options()
        if not self.contacts:
            self.add_option(Option(Text(EMPTY_HINT, style="dim italic"), disabled=True))
            return
        self.add_options([Option(contact_entry(person)) for person in self.contacts])
        self.highlighted = max(0, min(keep or 0, len(self.contacts) - 1))

    @property
    def current(self) -> int | None:
        """The index of the highlighted contact, or None when there is none."""
        if not self.contacts or self.highlighted is None:
            return None
        return self.highlighted

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "remove"):
            return self.current is not None
        return True

    def action_add(self) -> None:
        self._dialog(None)

    def action_edit(self) -> None:
        if self.current is not None:
            self._dialog(self.current)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def _dialog(self, index: int | None) -> None:
        current = self.contacts[index] if index is not None else None

        def done(values: FormValues | None) -> None:
            if values is not None:
                label = "edit contact" if current else "add contact"
                self.post_message(Edit(lambda c: set_contact(c, index, values), label))

        self.app.push_screen(contact_form(current), done)

    def action_remove(self) -> None:
        """Ask, then remove the highlighted contact (it went at once, from a key that the
        footer called "Delete", which read as deleting the company)."""
        index = self.current
        if index is None:
            return
        name = clean(self.contacts[index].name)

        def drop(company: Company) -> None:
            del company.contacts[index]

        def answered(yes: bool | None) -> None:
            if yes:
                done = f"Removed {name} (ctrl+z to undo)"
                self.post_message(Edit(drop, "remove contact", done=done))

        question = f"Remove the contact {name}?"
        self.app.push_screen(ConfirmScreen(question, "ctrl+z undoes."), answered)
