"""The footer is recomposed once per burst of binding changes, and shows the last state."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer as TextualFooter

from roundplanner.tui.widgets.footer import Footer


class Toggling(App[None]):
    """One binding shown only while `armed`; nothing else."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("f", "fire", "Fire")]
    armed = False

    def compose(self) -> ComposeResult:
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.armed if action == "fire" else True


async def test_a_burst_of_binding_changes_recomposes_the_footer_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recomposes = 0
    recompose = TextualFooter.recompose

    async def counted(self: TextualFooter) -> None:
        nonlocal recomposes
        recomposes += 1
        await recompose(self)

    monkeypatch.setattr(TextualFooter, "recompose", counted)
    app = Toggling()
    async with app.run_test() as pilot:
        await pilot.pause()
        recomposes = 0
        for _ in range(10):  # as opening a round screen did: stack, focus, lists, tab
            app.armed = not app.armed
            app.screen.refresh_bindings()
        app.armed = True
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert recomposes == 1
        shown = [getattr(key, "key", None) for key in app.query("FooterKey")]
        assert "f" in shown  # the last state, not the first
