"""The round screen, driven by keys from the pipeline: what it shows, where the focus goes,
and that a change redraws only the part that changed."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from textual.pilot import Pilot
from textual.scroll_view import ScrollView
from textual.widgets import Input, TabbedContent

from roundplanner.tui.app import RoundPlannerApp
from roundplanner.tui.screens.export_dialog import ExportScreen
from roundplanner.tui.screens.round import RoundScreen
from roundplanner.tui.widgets.checklist import TopicChecklist
from roundplanner.tui.widgets.interviewers import InterviewerList
from roundplanner.tui.widgets.prep import QuestionList, StoryList

MakeApp = Callable[..., RoundPlannerApp]
DESIGN = ("down", "enter")
"""On Acme's rounds table: the system design round (the second)."""


async def open_acme_round(pilot: Pilot[Any], *round_keys: str) -> RoundScreen:
    """From the pipeline, as a user would: filter to Acme, open it, open a round."""
    await pilot.pause()
    await pilot.press("slash", *"acme", "enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*round_keys)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RoundScreen)
    return screen


async def _last_lines(pilot: Pilot[Any], widget: ScrollView, after: str) -> list[str]:
    """The lines `widget` shows after the line holding `after`, scrolled to its end,
    as they are on screen (blank ones left out)."""
    widget.scroll_end(animate=False)
    await pilot.pause()
    lines = [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]
    first = next(i for i, line in enumerate(lines) if after in line)
    return [lines[first], *(line for line in lines[first + 1 :] if line.strip())]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _edit_round(demo_dir: Path, round_id: str, **values: Any) -> None:
    """Change one of Acme's rounds in its file before the app starts (None drops a key)."""
    path = demo_dir / "companies" / "acme-robotics.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    design = next(r for r in data["rounds"] if r["id"] == round_id)
    for key, value in values.items():
        if value is None:
            design.pop(key, None)
        else:
            design[key] = value
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


async def test_the_title_field_shows_the_title(demo_dir: Path, make_app: MakeApp) -> None:
    """The heading and the Title input both had the id `round-title`: the field stayed
    empty whatever the round's title."""
    _edit_round(demo_dir, "r-acme-design", title="Fleet scheduler deep dive")
    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_acme_round(pilot, *DESIGN)
        assert screen.query_one("#round-title", Input).value == "Fleet scheduler deep dive"


async def test_a_round_without_a_time_keeps_the_app_keys(demo_dir: Path, make_app: MakeApp) -> None:
    """It opened with the cursor in the Date field, where X (export) and r (review) were
    typed instead. Now the focus is on a list, the missing time is said, w goes there."""
    _edit_round(demo_dir, "r-acme-onsite", start=None)
    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_acme_round(pilot, "down", "down", "enter")
        assert screen.round_id == "r-acme-onsite"
        assert isinstance(app.focused, InterviewerList)
        assert "No time yet" in str(screen.query_one("#row-when .field-hint").render())
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert app.focused is screen.query_one("#round-when", Input)


async def test_every_tab_key_works_from_every_tab(demo_dir: Path, make_app: MakeApp) -> None:
    """4 on the prep tab stayed on prep: the list losing the focus gave it to its
    neighbour in the same pane, which pulled that pane back."""
    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_acme_round(pilot, *DESIGN)
        tabs = screen.query_one(TabbedContent)
        names = {"1": "overview", "2": "checklist", "3": "prep", "4": "debrief"}
        for key in "3423141232":
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == names[key], key


async def test_ticking_a_topic_redraws_only_the_checklist(
    demo_dir: Path, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[int] = []
    show = InterviewerList.watch_items

    def counted(self: InterviewerList, items: Any) -> None:
        drawn.append(len(items))
        show(self, items)

    monkeypatch.setattr(InterviewerList, "watch_items", counted)
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "acme-robotics.toml"
    async with app.run_test(size=(120, 36)) as pilot:
        await open_acme_round(pilot, *DESIGN)
        before = len(drawn)
        await pilot.press("2", "down", "down", "down", "space")
        await pilot.pause()
        rounds = tomllib.loads(path.read_text(encoding="utf-8"))["rounds"]
        design = next(r for r in rounds if r["id"] == "r-acme-design")
        assert design["topics"][3].get("done") is True
        assert len(drawn) == before  # the interviewers did not change: not redrawn


async def test_stories_and_questions_share_the_prep_column(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """The story bank's `#stories { height: 1fr }` sized the round's story list too: 14
    rows beside 3 for the questions."""
    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_acme_round(pilot, *DESIGN)
        await pilot.press("3")
        await pilot.pause()
        stories = screen.query_one(StoryList).outer_size.height
        questions = screen.query_one(QuestionList).outer_size.height
        assert questions >= 8 and abs(stories - questions) <= 1, (stories, questions)


async def test_wrapped_interviewer_notes_keep_their_indent(
    demo_dir: Path, make_app: MakeApp
) -> None:
    notes = (
        "Wrote the post on their event pipeline and the follow-up on back-pressure "
        "in the fleet scheduler; ask how they shard the work queue"
    )
    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_acme_round(pilot, *DESIGN)
        await pilot.press("a", *"Bo Park", "tab", "tab", "tab", *notes, "ctrl+s")
        await pilot.pause()
        name, *below = await _last_lines(pilot, screen.query_one(InterviewerList), "Bo Park")
        assert len(below) >= 2, below  # the notes wrapped
        indents = {_indent(line) for line in below}
        assert len(indents) == 1 and indents.pop() > _indent(name), [name, *below]


async def test_a_long_topic_wraps_under_its_own_text(demo_dir: Path, make_app: MakeApp) -> None:
    title = (
        "Capacity planning for the fleet scheduler: peak robots per site, messages per "
        "second, and how far the queue may fall behind"
    )
    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_acme_round(pilot, *DESIGN)
        await pilot.press("2", "a", *title, "enter")
        await pilot.pause()
        first, *wrapped = await _last_lines(
            pilot, screen.query_one(TopicChecklist), "Capacity planning"
        )
        assert wrapped, first
        column = first.index("Capacity planning")
        assert all(_indent(line) == column for line in wrapped), [first, *wrapped]
