"""The line of counts per stage above the pipeline: every stage, whatever the width.

At 80 columns the full labels ("Interviewing 3  Offer 2  …  Ghosted 1") took ~110 cells
and the last stages (Rejected, Withdrawn, Ghosted) were cut off. The bar draws the
longest form that fits its width: full labels two spaces apart, then one space apart,
then short labels ("Intv 3"), then the shortest ("Iv3"), so no stage ever drops out.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

SHORT: dict[str, tuple[str, str]] = {
    "interested": ("Intr", "In"),
    "applied": ("Appl", "Ap"),
    "screening": ("Scrn", "Sc"),
    "interviewing": ("Intv", "Iv"),
    "offer": ("Offr", "Of"),
    "accepted": ("Acc", "Ac"),
    "rejected": ("Rej", "Rj"),
    "withdrawn": ("Wdrn", "Wd"),
    "ghosted": ("Ghst", "Gh"),
}
"""Short labels by Stage value: four letters, then two (a stage not listed is cut)."""


class StageBar(Widget):
    """How many companies stand at each stage; the stage filtered on is marked ▸."""

    DEFAULT_CSS = """
    StageBar {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    counts: reactive[tuple[tuple[str, str, int], ...]] = reactive(())
    """(stage value, label, count) for every stage, in funnel order."""
    chosen: reactive[str | None] = reactive(None)
    """The stage the list is filtered on, if any."""

    FORMS: ClassVar[tuple[tuple[int, str], ...]] = ((0, "  "), (0, " "), (1, "  "), (1, " "))
    """(label form, gap), longest first: 0 the full label, 1 four letters; when none fits,
    two letters with no space before the count."""

    def render(self) -> Text:
        width = self.content_region.width or self.size.width
        for form, gap in self.FORMS:
            line = self._line(form, gap)
            if line.cell_len <= width:
                return line
        return self._line(2, " ", tight=True)

    def _line(self, form: int, gap: str, *, tight: bool = False) -> Text:
        line = Text(no_wrap=True, overflow="crop")
        for index, (stage, label, count) in enumerate(self.counts):
            short = SHORT.get(stage, (label[:4], label[:2]))[form - 1] if form else label
            marker = "▸" if stage == self.chosen else ""
            space = "" if tight else " "
            line.append(gap if index else "")
            line.append(f"{marker}{short}{space}{count}", style="bold" if count else "dim")
        return line
