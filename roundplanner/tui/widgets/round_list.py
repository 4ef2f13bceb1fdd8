"""A list of one part of a round (interviewers, topics, stories, questions) that edits itself.

Each list on the round screen is one of these: it holds the items it shows in a
reactive, owns the keys that work on them (a add, e edit, x remove, shift+↑/↓ move) and
says in `check_action` which apply. It never calls the session: every change goes up as
a `RoundEdit` message (a function on the round and its undo label), which the round
screen applies through the session. The session's announcement then hands the list its
items again; reactives compare by value, so a list whose items did not change does not
redraw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel
from rich.console import RenderableType
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from roundplanner.model import Round
from roundplanner.tui.screens.form import FormField, FormScreen, FormValues
from roundplanner.tui.widgets.item_list import ItemList

T = TypeVar("T")
_M = TypeVar("_M", bound=BaseModel)


@dataclass
class RoundEdit(Message):
    """Change the round shown: `change` edits it (a copy the session validates and saves),
    `label` names the change in the undo history. When it went through, the list that
    asked highlights `select` (an item just added or moved), and `said` is told."""

    change: Callable[[Round], None]
    label: str
    origin: RoundList[Any] | None = None
    select: int | None = None
    said: str = ""


class RoundList(ItemList, Generic[T]):
    """The items of one part of a round, and the keys that edit them."""

    DEFAULT_CSS = """
    RoundList { height: 1fr; max-height: 100%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="round-list-add", tooltip="Add to this list"),
        Binding("e", "edit", "Edit", id="round-list-edit", tooltip="Edit the selected item"),
        Binding(
            "x,delete",
            "remove",
            "Remove",
            id="round-list-remove",
            tooltip="Remove the selected item (ctrl+z undoes)",
        ),
        Binding(
            "shift+up,ctrl+up",
            "move(-1)",
            "Up",
            id="round-list-up",
            tooltip="Move the item up",
            show=False,
            key_display="shift+↑",
        ),
        Binding(
            "shift+down,ctrl+down",
            "move(1)",
            "Down",
            id="round-list-down",
            tooltip="Move the item down",
            show=False,
            key_display="shift+↓",
        ),
    ]

    items: reactive[tuple[T, ...]] = reactive((), init=False)
    """What the list shows, handed down by the round screen."""

    NOUN: ClassVar[str] = "item"
    """What one item is called in undo labels and toasts."""
    EDITABLE: ClassVar[bool] = True
    """Whether `e` opens the item in a dialog (a story is edited in the story bank)."""

    def on_mount(self) -> None:
        self.watch_items(self.items)

    def watch_items(self, items: tuple[T, ...]) -> None:
        had_items = bool(self.count)
        self.show_items([self.line(item) for item in items])
        if bool(items) != had_items:
            self.refresh_bindings()  # e, x and the moves need an item (the footer redraws)

    def line(self, item: T) -> RenderableType:
        """How one item reads in the list."""
        raise NotImplementedError

    def items_of(self, round_: Round) -> list[T]:
        """This list's part of `round_` (what the round screen hands down)."""
        raise NotImplementedError

    # -- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            return self.EDITABLE and self.current is not None
        if action in ("remove", "move"):
            return self.current is not None
        return True

    def action_add(self) -> None:
        """Open the dialog that makes a new item (each list says which)."""

    def action_edit(self) -> None:
        """Open the selected item in a dialog (each editable list says which)."""

    def action_remove(self) -> None:
        index = self.current
        if index is None:
            return
        self.edit(
            lambda r: _remove(self.items_of(r), index),
            f"remove {self.NOUN}",
            said=f"Removed the {self.NOUN} (ctrl+z to undo)",
        )

    def action_move(self, delta: int) -> None:
        index = self.current
        if index is None:
            return
        target = index + delta
        if not 0 <= target < len(self.items):
            return
        self.edit(
            lambda r: _move(self.items_of(r), index, delta), f"reorder {self.NOUN}s", select=target
        )

    # -- sending changes up

    def edit(
        self,
        change: Callable[[Round], None],
        label: str,
        *,
        select: int | None = None,
        said: str = "",
    ) -> None:
        """Ask the screen to make `change` to the round (and to say `said` when done)."""
        self.post_message(RoundEdit(change, label, self, select, said))

    def append(self, item: T, label: str) -> None:
        """Add `item` at the end and highlight it once shown."""
        self.edit(lambda r: self.items_of(r).append(item), label, select=len(self.items))

    def replace(self, index: int, item: T, label: str) -> None:
        """Put `item` at `index`."""
        self.edit(lambda r: self.items_of(r).__setitem__(index, item), label)

    def form(self, dialog: FormScreen, then: Callable[[FormValues], None]) -> None:
        """Open `dialog`; `then` gets what was typed unless it was cancelled."""

        def done(values: FormValues | None) -> None:
            if values is not None:
                then(values)

        self.app.push_screen(dialog, done)

    def ask_text(self, title: str, label: str, value: str, then: Callable[[str], None]) -> None:
        """A dialog of one required line; `then` gets it unless cancelled."""
        dialog = FormScreen(title, [FormField("text", label, value, required=True)])
        self.form(dialog, lambda values: then(values["text"]))


def updated(current: _M | None, model: type[_M], values: FormValues) -> _M:
    """A new item from a dialog's values, keeping the keys of `current` a user added by
    hand (unknown keys survive an edit)."""
    if current is None:
        return model.model_validate(values)
    return model.model_validate({**current.model_dump(), **values})


def _remove(items: list[Any], index: int) -> None:
    if 0 <= index < len(items):
        del items[index]


def _move(items: list[Any], index: int, delta: int) -> None:
    target = index + delta
    if 0 <= index < len(items) and 0 <= target < len(items):
        items.insert(target, items.pop(index))
