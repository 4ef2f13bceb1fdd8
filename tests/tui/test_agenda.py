"""Upcoming's agenda (widgets/agenda.py), driven by keys as a user would.

The demo workspace at the fixed clock (Thu 26 Nov 2026 09:00 UTC) lists, in order:
Today (Acme's system design), Tomorrow (Orbital's system design), This week (Northwind's
offer call, Quill's recruiter screen, Acme's onsite), Debrief due (Orbital's coding,
Kite's behavioral) and Offer deadlines (Lumen Labs, Northwind Health).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from roundplanner.tui.app import RoundPlannerApp
from roundplanner.tui.screens.company import CompanyScreen
from roundplanner.tui.screens.review import ReviewScreen
from roundplanner.tui.screens.round import RoundScreen
from roundplanner.tui.screens.upcoming import UpcomingScreen
from roundplanner.tui.widgets.agenda import AgendaList, Target

from .test_upcoming_review import rendered

MakeApp = Callable[..., RoundPlannerApp]
SMALL = (80, 24)
ACME_DESIGN = Target("acme-robotics", "r-acme-design")
ORBITAL_DESIGN = Target("orbital-freight", "r-orbital-design")
NW_OFFER = Target("northwind-health", "r-nw-offer")
QUILL = Target("quill-ai", "r-quill-screen")
ACME_ONSITE = Target("acme-robotics", "r-acme-onsite")
ORBITAL_CODING = Target("orbital-freight", "r-orbital-coding")
KITE = Target("kite-payments", "r-kite-behavioral")
LUMEN_OFFER = Target("lumen-labs")
NW_DEADLINE = Target("northwind-health")


def agenda(app: RoundPlannerApp) -> AgendaList:
    """The agenda of the screen showing (Upcoming)."""
    return app.screen.query_one(AgendaList)


def drawn(widget: AgendaList) -> list[str]:
    """The lines the list draws (only those in view), as plain text."""
    return [line.rstrip() for line in rendered(widget).splitlines()]


async def on_quill(app: RoundPlannerApp, pilot: Any) -> AgendaList:
    """Upcoming, the cursor moved down to Quill's recruiter screen."""
    await pilot.pause()
    await pilot.press("down", "down", "down")
    rows = agenda(app)
    assert rows.selected == QUILL
    return rows


async def test_the_outline_is_grouped_and_the_cursor_skips_headings(
    demo_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        rows = agenda(app)
        assert rows.outline == [
            "Today",
            ACME_DESIGN,
            "Tomorrow",
            ORBITAL_DESIGN,
            "This week",
            NW_OFFER,
            QUILL,
            ACME_ONSITE,
            "Debrief due",
            ORBITAL_CODING,
            KITE,
            "Offer deadlines",
            LUMEN_OFFER,
            NW_DEADLINE,
        ]
        assert rows.has_focus and rows.selected == ACME_DESIGN  # not the "Today" line
        await pilot.press("up")  # nothing above the first row but its heading: it stays
        assert rows.selected == ACME_DESIGN
        await pilot.press("down")  # over the "Tomorrow" heading
        assert rows.selected == ORBITAL_DESIGN
        await pilot.press("down", "down", "down", "down")  # over "This week", "Debrief due"
        assert rows.selected == ORBITAL_CODING
        await pilot.press("up")
        assert rows.selected == ACME_ONSITE
        await pilot.press("end")
        assert rows.selected == NW_DEADLINE
        await pilot.press("home")
        assert rows.selected == ACME_DESIGN
        await pilot.press("pagedown")  # past the end: the last row
        assert rows.selected == NW_DEADLINE
        await pilot.press("pageup")
        assert rows.selected == ACME_DESIGN


async def test_enter_opens_the_round_and_c_walks_its_checklist(
    demo_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(demo_dir)  # a round within 48 h: it opens on Upcoming

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        upcoming = app.screen
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
        assert (app.screen.slug, app.screen.round_id) == (NW_OFFER.slug, NW_OFFER.round_id)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is upcoming and agenda(app).selected == NW_OFFER
        await pilot.press("down", "c")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert (app.screen.slug, app.screen.round_id) == (QUILL.slug, QUILL.round_id)


async def test_an_offer_deadline_opens_its_company_and_has_no_checklist(
    demo_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(demo_dir)

    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("end", "up")
        assert agenda(app).selected == LUMEN_OFFER
        await pilot.press("c")  # a deadline has no round: said, nothing opens
        await pilot.pause()
        assert isinstance(app.screen, UpcomingScreen)
        assert any("Pick a round" in str(n.message) for n in app._notifications)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompanyScreen) and app.screen.slug == "lumen-labs"


async def test_the_cursor_stays_on_its_round_after_a_change_on_another_screen(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """Ticking a topic in the review changes the row's readiness; back on Upcoming the
    cursor is still on that round, and the row says so."""
    app = make_app(demo_dir)

    async with app.run_test(size=(120, 36)) as pilot:
        rows = await on_quill(app, pilot)
        assert "0/9" in rows.row_text(QUILL)["ready"]
        await pilot.press("c", "space")  # tick Quill's first topic in the review
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert agenda(app) is rows and rows.selected == QUILL
        assert "1/9" in rows.row_text(QUILL)["ready"]
        assert any("1/9" in line and "Quill AI" in line for line in drawn(rows))


async def test_the_cursor_stays_on_its_round_when_the_workspace_changes(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """A round moved before the selected one (by another writer, announced by the
    session): the rows shift, the cursor stays with its round."""
    app = make_app(demo_dir)

    async with app.run_test(size=(120, 36)) as pilot:
        rows = await on_quill(app, pilot)
        before = rows.cursor

        def sooner(company: Any) -> None:
            round_ = company.round_by_id("r-acme-onsite")
            round_.start = datetime(2026, 11, 26, 15, 0)  # today, before Quill's screen
            round_.timezone = "UTC"

        app.session.update_company("acme-robotics", sooner, "move")
        await pilot.pause()
        assert rows.outline[:4] == ["Today", ACME_ONSITE, ACME_DESIGN, "Tomorrow"]
        assert rows.selected == QUILL and rows.cursor == before + 1

        def gone(company: Any) -> None:
            company.rounds = [r for r in company.rounds if r.id != "r-quill-screen"]

        app.session.update_company("quill-ai", gone, "drop")  # its row goes: the next one
        await pilot.pause()
        assert QUILL not in rows.outline
        assert rows.selected == ORBITAL_CODING


async def test_countdowns_tick_with_the_clock(
    demo_dir: Path, make_app: MakeApp, monkeypatch: Any
) -> None:
    """Every 30 s the screen hands the list the time; a round that ended moves to
    Debrief due, and the cursor stays with it."""
    app = make_app(demo_dir)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        rows = agenda(app)
        assert rows.row_text(ACME_DESIGN)["when"] == "in 13h"
        monkeypatch.setenv("ROUNDPLANNER_NOW", "2026-11-26T23:30:00+00:00")
        rows.now = app.screen.now()  # what the 30-second interval does
        await pilot.pause()
        assert rows.outline.index(ACME_DESIGN) > rows.outline.index("Debrief due")
        assert rows.selected == ACME_DESIGN
        assert rows.row_text(ACME_DESIGN)["when"] == "30m ago"


async def test_an_empty_agenda_says_so(tmp_path: Path, make_app: MakeApp) -> None:
    app = make_app(tmp_path / "empty", upcoming_hours=0)

    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("u")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, UpcomingScreen)
        message = screen.query_one("#upcoming-empty")
        assert message.display and not agenda(app).display
        assert "Nothing coming up." in str(message.render())
        await pilot.press("enter", "c")  # nothing to open, nothing breaks
        await pilot.pause()
        assert app.screen is screen


async def test_at_80_columns_when_time_and_company_keep_their_full_text(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """Issue 15: "Wed 9 Dec 16…" and "in 8d 1…" were cut at 80x24. Who and where give
    way; the times, the countdowns and the companies are whole."""
    app = make_app(demo_dir)

    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        rows = agenda(app)
        lines = drawn(rows)
        header = lines[0].split()
        assert header[:4] == ["When", "Time", "Company", "Round"]
        assert "Who" not in header and "Where" not in header
        for target in rows.outline:
            if not isinstance(target, Target):
                continue
            cells = rows.row_text(target)
            line = next(line for line in lines if cells["when"] in line and cells["time"] in line)
            assert f"{cells['when']}  {cells['time']}" in line
            assert cells["company"] in line
            assert len(line) <= SMALL[0]
        assert "…" not in "".join(lines[:3])


async def test_at_200_columns_who_and_where_show_whole(demo_dir: Path, make_app: MakeApp) -> None:
    """Issue 15 asks for 200x60 too: the room a wide terminal has goes first to the
    columns whose text is wider than they like to be ("Marcus Chen, Lena O…" was cut
    while the Where column took ninety spare cells), then to Where."""
    app = make_app(demo_dir)

    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        rows = agenda(app)
        lines = drawn(rows)
        for target in rows.outline:
            if not isinstance(target, Target):
                continue
            cells = rows.row_text(target)
            line = next(line for line in lines if cells["when"] in line and cells["time"] in line)
            for key in ("who", "where", "round", "company"):
                assert cells.get(key, "") in line, (key, cells.get(key), line)
        assert not any("…" in line for line in lines)


async def test_text_from_files_is_shown_as_it_is(demo_dir: Path, make_app: MakeApp) -> None:
    """A company called `[b]Acme[/b]` and a round titled `[/] Final` are text, not markup."""
    path = demo_dir / "companies" / "acme-robotics.toml"
    text = path.read_text().replace('"Acme Robotics"', '"[b]Acme[/b] \\u202e"', 1)
    path.write_text(text)
    data = tomllib.loads(text)
    assert data["name"] == "[b]Acme[/b] \u202e"
    app = make_app(demo_dir)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()

        def titled(company: Any) -> None:
            company.round_by_id("r-acme-design").title = "[/] Final [blink]x"

        app.session.update_company("acme-robotics", titled, "title")
        await pilot.pause()
        rows = agenda(app)
        line = next(line for line in drawn(rows) if "in 13h" in line)
        assert "[b]Acme[/b]" in line and "[/] Final [blink]x" in line
        assert "\u202e" not in line
        assert rows.row_text(ACME_DESIGN)["company"] == "[b]Acme[/b]"


async def test_a_tentative_round_keeps_its_name_at_80_columns(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """At 80x24 Acme's tentative onsite read "Onsite (tentati…": the word ate the Round
    column. Where it does not fit the round is marked "?" (muted, italic); where it does
    (120 columns) the word stays."""
    for size, shown in ((SMALL, "Onsite?"), ((120, 36), "Onsite (tentative)")):
        app = make_app(demo_dir)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            line = next(line for line in drawn(agenda(app)) if "Wed 2 Dec" in line)
            assert f"Acme Robotics     {shown} " in line, line
            assert "…" not in line.split("Acme Robotics")[1][:20]
