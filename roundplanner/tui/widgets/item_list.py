"""A list of editable items (interviewers, questions, stories, contacts) as an OptionList.

The list only shows; the screen owning it does the editing through the session and then
calls `show_items` again. The highlight stays on the same position across refreshes so
that ticking or moving items keeps the cursor where the user is working.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class ItemList(OptionList):
    """An OptionList of lines; shows `empty_hint` (greyed, not selectable) when empty."""

    DEFAULT_CSS = """
    ItemList { height: auto; max-height: 16; min-height: 3; }
    """

    def __init__(self, empty_hint: str = "Nothing yet.", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.empty_hint = empty_hint
        self.count = 0
        self._next: int | None = None

    def select_next(self, index: int) -> None:
        """Highlight `index` once the list is shown again (an item was just added or moved)."""
        self._next = index
        if index < self.option_count:
            self.highlighted = index

    def show_items(self, lines: list[RenderableType], *, highlight: int | None = None) -> None:
        """Replace the lines, keeping the highlight at the same index (or at `highlight`)."""
        keep = self.highlighted if highlight is None else highlight
        if self._next is not None:
            keep, self._next = self._next, None
        self.clear_options()
        self.count = len(lines)
        if not lines:
            self.add_option(Option(Text(self.empty_hint, style="dim italic"), disabled=True))
            return
        self.add_options([Option(line) for line in lines])
        self.highlighted = max(0, min(keep if keep is not None else 0, len(lines) - 1))

    @property
    def current(self) -> int | None:
        """The index of the highlighted item, or None when the list is empty."""
        if not self.count or self.highlighted is None:
            return None
        return self.highlighted


def with_details(head: Text, details: list[Text]) -> RenderableType:
    """`head` with `details` indented on the lines below it.

    Padded rather than prefixed with spaces, so that a detail too long for a narrow list
    wraps under itself instead of back to the left edge."""
    if not details:
        return head
    return Group(head, Padding(Text("\n").join(details), (0, 0, 0, 2)))
