"""The key bar at the bottom of every screen: Textual's Footer, redrawn once per burst.

Textual's Footer recomposes all its keys each time the screen announces that bindings
may have changed. Opening a round screen announced it 13 times (the screen stack, each
focus change, each list given its items, the tab shown), and those recomposes — a dozen
keys each, every one styled anew — were about a third of the CPU of opening the screen.
This one lets the announcements of one burst pass and recomposes once, after the refresh
that follows the first of them, with the bindings as they are then.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's Footer, recomposed once per burst of binding changes."""

    _announced: Screen | None = None
    """The screen whose bindings changed since the last recompose was asked for."""

    def bindings_changed(self, screen: Screen) -> None:
        if self._announced is None:
            self.call_after_refresh(self._burst_over)
        self._announced = screen

    def _burst_over(self) -> None:
        screen, self._announced = self._announced, None
        if screen is not None:
            super().bindings_changed(screen)
