"""An error nobody handled ends the app as Textual does: one line, the crash log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from roundplanner.tui.app import RoundPlannerApp

MakeApp = Callable[..., RoundPlannerApp]


def test_a_bug_in_an_action_ends_the_app_and_the_traceback_goes_to_the_crash_log(
    demo_dir: Path, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ROUNDPLANNER_DEBUG", raising=False)
    app = make_app(demo_dir, upcoming_hours=0)

    def broken() -> None:
        raise RuntimeError("a bug [/] in one action")

    monkeypatch.setattr(app, "action_help", broken)

    async def press_help(pilot: Pilot[int]) -> None:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()

    log = app.run_keeping_tracebacks(headless=True, size=(120, 36), auto_pilot=press_help)
    assert app.return_code == 1
    assert log is not None
    kept = Path(log).read_text()
    assert "RuntimeError" in kept and "a bug [/] in one action" in kept
