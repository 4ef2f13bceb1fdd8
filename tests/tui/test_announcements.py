"""The screens follow the session's announcements: a change made anywhere is shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from roundplanner.tui.app import RoundPlannerApp

MakeApp = Callable[..., RoundPlannerApp]


def _shown(app: RoundPlannerApp) -> str:
    return app.export_screenshot().replace("&#160;", " ")


async def test_a_change_nobody_reported_reaches_the_screen_showing(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """The session announces every change itself: code that changes data through it (an
    import, the sync, a widget) need not tell the app, and the screen still redraws."""
    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        before = app.revision
        app.session.update_company("tessellate", lambda c: setattr(c, "name", "Renamedco"))
        await pilot.pause()
        assert app.revision == before + 1
        assert "Renamedco" in _shown(app)


async def test_undo_is_shown_without_anyone_posting(demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.session.update_company("tessellate", lambda c: setattr(c, "name", "Renamedco"))
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        shown = _shown(app)
        assert "Renamedco" not in shown and "Tessellate" in shown
