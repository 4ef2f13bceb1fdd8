"""Issue 15 in the lists area: at 80x24 the funnel's bars fit, dialogs keep their buttons,
help keeps its indent, the chosen export scope is marked by shape, and "all" exports
what the CLI's `export` does."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, Input

from roundplanner import cli
from roundplanner.tui.app import RoundPlannerApp
from roundplanner.tui.screens.export_dialog import ExportScreen
from roundplanner.tui.widgets.choices import CHOSEN, NOT_CHOSEN, MarkedRadioButton
from roundplanner.tui.widgets.dialog import DialogFrame
from roundplanner.tui.widgets.funnel import FunnelChart
from roundplanner.tui.widgets.key_table import KEY_WIDTH, KeyTable

MakeApp = Callable[..., RoundPlannerApp]
SMALL = (80, 24)


def lines(widget: Widget) -> list[str]:
    """What the widget draws, as plain text lines."""
    width, height = widget.outer_size
    strips = widget.render_lines(Region(0, 0, width, height))
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


async def test_funnel_bars_fit_80_columns(demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("F")
        await pilot.pause()
        chart = app.screen.query_one(FunnelChart)
        drawn = lines(chart)
        # Each stage keeps its bar, count and conversion on one line.
        for stage in ("Interested", "Applied", "Screening", "Interviewing", "Offer"):
            row = next(line for line in drawn if line.strip().startswith(stage))
            assert "█" in row and "now" in row and "→" in row, row
            assert len(row) <= chart.size.width


@pytest.mark.parametrize("keys", [("S", "e"), ("S", "a"), ("O", "n"), ("X",), ("I",)])
async def test_dialog_buttons_stay_on_screen_at_80x24(
    demo_dir: Path, make_app: MakeApp, keys: tuple[str, ...]
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=SMALL) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        frame = app.screen.query_one(DialogFrame).region
        buttons = list(app.screen.query(Button))
        assert buttons
        for button in buttons:
            assert frame.contains_region(button.region), (button.label, button.region, frame)
            assert button.region.bottom <= SMALL[1]


async def test_help_lines_that_wrap_keep_their_indent(demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("F", "question_mark")
        await pilot.pause()
        first = app.screen.query_one(KeyTable)
        drawn = lines(first)
        # The funnel's own keys are listed, those of its tables too (they own them).
        assert any("Mark ghosted" in line for line in drawn)
        assert any("Gap → next rounds" in line for line in drawn)
        continued = [line for line in drawn[1:] if line and line[: KEY_WIDTH + 2].isspace()]
        assert continued, "a description is long enough to wrap at 80 columns"
        for line in drawn[1:]:
            if line and line[:3].isspace():
                assert line[: KEY_WIDTH + 2].isspace(), line


async def test_the_chosen_export_scope_is_marked_by_shape(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """Textual's radio buttons tell the chosen one by colour alone: ours by ● and ○."""
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter")  # open the first company
        await pilot.pause()
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        buttons = {b.id: b for b in app.screen.query(MarkedRadioButton)}
        assert set(buttons) >= {"all", "company"}

        def marks() -> dict[str | None, str]:
            return {key: str(button.render()) for key, button in buttons.items()}

        assert CHOSEN in marks()["all"] and NOT_CHOSEN in marks()["company"]
        await pilot.click(buttons["company"])
        await pilot.pause()
        assert CHOSEN in marks()["company"] and NOT_CHOSEN in marks()["all"]
        # And the choice is what gets exported: that company's rounds only.
        slug = app.screen.scope.slug
        target = demo_dir.parent / "company.ics"
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export-go")
        await pilot.pause()
    uids = [line for line in target.read_text().splitlines() if line.startswith("UID:")]
    rounds = [uid for uid in uids if uid.startswith("UID:r-")]
    assert rounds and all(uid.startswith("UID:r-" + (slug or "?").split("-")[0]) for uid in rounds)


async def test_export_all_writes_what_the_cli_export_writes(
    demo_dir: Path, make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "All" means every round, past ones included, and the offer deadlines, in both."""
    tui_file, cli_file = tmp_path / "tui.ics", tmp_path / "cli.ics"
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("X")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = str(tui_file)
        await pilot.press("enter")
        await pilot.pause()
    monkeypatch.setenv("ROUNDPLANNER_CONFIG", str(tmp_path / "none.toml"))
    said = io.StringIO()
    with redirect_stderr(said):
        code = cli.main(["export", "-o", str(cli_file), "--workspace", str(demo_dir)])
    assert code == 0
    assert "wrote" in said.getvalue()  # the CLI says what it wrote
    exported = tui_file.read_bytes()
    assert b"UID:r-acme-screen@roundplanner" in exported  # a round already over
    assert exported == cli_file.read_bytes()


async def test_a_tick_redraws_the_walk_not_the_brief(demo_dir: Path, make_app: MakeApp) -> None:
    """The review hands each widget its slice: a tick changes the topics, so the walk,
    the progress and the detail redraw, while the heading and the brief keep theirs."""
    from roundplanner.tui.widgets.review import Brief, RoundHeading, WalkProgress

    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        brief = app.screen.query_one(Brief).checklist
        heading = app.screen.query_one(RoundHeading).checklist
        assert brief is not None and heading is not None
        await pilot.press("j", "j", "j", "space")
        await pilot.pause()
        assert app.screen.query_one(WalkProgress).counts == (4, 6)
        assert app.screen.query_one(Brief).checklist is brief
        assert app.screen.query_one(RoundHeading).checklist is heading


async def test_the_review_says_when_its_round_is_gone(demo_dir: Path, make_app: MakeApp) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("r")
        await pilot.pause()
        slug, round_id = app.screen.showing().slug, app.screen.showing().round_id
        assert slug is not None

        def drop(company: object) -> None:
            company.rounds = [r for r in company.rounds if r.id != round_id]  # type: ignore[attr-defined]

        app.session.update_company(slug, drop, "drop the round")
        await pilot.pause()
        title = str(app.screen.query_one("#review-title").render())
        assert "This round is gone" in title
        assert not app.screen.query_one(".review-body").display
