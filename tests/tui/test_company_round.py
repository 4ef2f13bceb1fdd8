"""Company and round screens: a whole loop from the keyboard, checked in the TOML on disk."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Select, TextArea

from roundplanner.tui.screens.company import CompanyScreen
from roundplanner.tui.screens.round import RoundScreen
from roundplanner.tui.widgets.contacts import ContactList
from roundplanner.tui.widgets.fields import FieldRow
from roundplanner.tui.widgets.rounds_table import RoundsTable


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _error_of(screen: Any, widget_id: str) -> str:
    row = screen.query_one(f"#{widget_id}").ancestors_with_self
    field_row = next(a for a in row if isinstance(a, FieldRow))
    return str(field_row.query_one(".field-error").render())


async def test_whole_loop_from_the_keyboard(
    demo_dir: Path, make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "zephyr-systems.toml"

    async with app.run_test(size=(120, 36)) as pilot:
        # Add a company from the pipeline: its screen opens.
        await pilot.press("a", *"Zephyr Systems", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CompanyScreen)
        assert _load(path)["name"] == "Zephyr Systems"
        # Looking at the offer tab records no offer (it was an empty [offer] table,
        # so Offers listed every new company as "pending" with zeros).
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert "offer" not in _load(path)

        # A whole loop from the first template, in one action.
        await pilot.press("l", "enter")
        await pilot.pause()
        rounds = _load(path)["rounds"]
        assert [r["kind"] for r in rounds] == [
            "recruiter_screen",
            "technical",
            "onsite",
            "hiring_manager",
        ]
        assert [r["duration_minutes"] for r in rounds] == [30, 60, 240, 45]
        assert all("start" not in r for r in rounds)
        assert rounds[0]["topics"][0]["title"] == "What they do and who pays them"
        assert not rounds[0]["topics"][0].get("done", False)
        first_id = rounds[0]["id"]

        # Open the first round: it has no time yet; w puts the cursor there.
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RoundScreen) and screen.round_id == first_id
        await pilot.press("w", *"dec 3 10am", "enter")
        await pilot.pause()
        saved = _load(path)["rounds"][0]
        assert saved["start"].isoformat() == "2026-12-03T10:00:00"
        assert saved["timezone"] == "UTC"
        assert screen.query_one("#round-when").value == "2026-12-03 10:00"  # type: ignore[attr-defined]

        # Tick two topics on the checklist.
        await pilot.press("escape", "2", "space", "down", "space")
        await pilot.pause()
        topics = _load(path)["rounds"][0]["topics"]
        assert [t.get("done", False) for t in topics[:3]] == [True, True, False]

        # Before the round: no debrief form. Once it has started: write one.
        await pilot.press("4")
        await pilot.pause()
        assert not screen.query_one("#debrief-form").display
        monkeypatch.setenv("ROUNDPLANNER_NOW", "2026-12-03T11:00:00+00:00")
        await pilot.press("1", "4")
        await pilot.pause()
        assert screen.query_one("#debrief-form").display
        screen.query_one("#debrief-outcome", Select).value = "passed"
        screen.query_one("#debrief-went_well", TextArea).focus()
        await pilot.press(*"Clear why-robotics story")
        screen.query_one("#debrief-gaps", TextArea).focus()  # leaving saves at once
        await pilot.press(*"Salary range", "enter", *"Team size")
        await pilot.press("escape")  # out of the field: saved
        await pilot.pause()
        debrief = _load(path)["rounds"][0]["debrief"]
        assert debrief["outcome"] == "passed"
        assert debrief["went_well"] == "Clear why-robotics story"
        assert debrief["gaps"] == ["Salary range", "Team size"]

        # Back to the company; delete the round (asks first), then undo.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CompanyScreen)
        table = app.screen.query_one("#rounds-table", DataTable)
        table.move_cursor(row=table.get_row_index(first_id))
        await pilot.press("x", "y")
        await pilot.pause()
        assert [r["id"] for r in _load(path)["rounds"]].count(first_id) == 0
        await pilot.press("ctrl+z")
        await pilot.pause()
        restored = [r for r in _load(path)["rounds"] if r["id"] == first_id]
        assert restored and restored[0]["debrief"]["outcome"] == "passed"


async def test_bad_time_or_zone_is_explained_and_not_saved(demo_dir: Path, make_app: Any) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "acme-robotics.toml"
    before = path.read_bytes()

    async with app.run_test(size=(120, 36)) as pilot:
        app.open_round("acme-robotics", "r-acme-design")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#round-when").focus()
        await pilot.press("ctrl+u", *"12/3 10:00", "enter")
        await pilot.pause()
        assert "ambiguous" in _error_of(screen, "round-when")
        await pilot.press("ctrl+u", *"feb 30 10:00", "enter")
        await pilot.pause()
        assert "no February 30" in _error_of(screen, "round-when")
        screen.query_one("#round-zone").focus()  # leaving the time field: still refused
        await pilot.press("ctrl+u", *"Mars/Olympus", "enter")
        await pilot.pause()
        assert "unknown time zone" in _error_of(screen, "round-zone")
        await pilot.press("ctrl+u", *"0", "enter")
        assert path.read_bytes() == before

        # A city is enough for a zone; shown back as its IANA name.
        await pilot.press("ctrl+u", *"berlin", "enter")
        await pilot.pause()
        assert _load(path)["rounds"][1]["timezone"] == "Europe/Berlin"
        assert screen.query_one("#round-zone").value == "Europe/Berlin"  # type: ignore[attr-defined]
        assert _error_of(screen, "round-zone") == ""


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.sh"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


async def test_prep_notes_in_editor(
    demo_dir: Path, make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", _editor(tmp_path, 'echo "Ask about back-pressure" >> "$1"'))
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "acme-robotics.toml"

    async with app.run_test(size=(120, 36)) as pilot:
        app.open_round("acme-robotics", "r-acme-design")
        await pilot.pause()
        await pilot.press("3", "ctrl+o")
        await pilot.pause()
        notes = _load(path)["rounds"][1]["prep_notes"]
        assert notes.endswith("before the call.\nAsk about back-pressure")
        shown = app.screen.query_one("#prep-notes", TextArea).text
        assert shown == notes


async def test_failing_editor_keeps_the_notes(
    demo_dir: Path, make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "exit 3"))
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "acme-robotics.toml"
    before = path.read_bytes()

    async with app.run_test(size=(120, 36)) as pilot:
        app.open_round("acme-robotics", "r-acme-design")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert path.read_bytes() == before
        assert isinstance(app.screen, RoundScreen)


async def test_company_fields_save_as_typed(demo_dir: Path, make_app: Any) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "acme-robotics.toml"

    async with app.run_test(size=(120, 36)) as pilot:
        app.open_company("acme-robotics")
        await pilot.pause()
        screen = app.screen
        for _ in range(50):  # a loaded machine may need more than one pause to mount
            if screen.query("#company-tabs"):
                break
            await pilot.pause(0.1)
        # Stage change records the date.
        screen.query_one("#company-stage", Select).value = "offer"
        await pilot.pause()
        data = _load(path)
        assert data["stage"] == "offer"
        assert data["stage_history"][-1]["stage"] == "offer"
        assert data["stage_history"][-1]["on"].isoformat() == "2026-11-26"
        # Research notes: saved after a short pause, without leaving the field.
        await pilot.press("2")
        screen.query_one("ResearchNotes TextArea").focus()
        await pilot.press("end", *" Hiring fast.")
        await pilot.pause(0.8)
        assert _load(path)["research"]["what_they_do"].endswith("Hiring fast.")
        # An offer: a bad amount is refused under the field, a good one saved.
        await pilot.press("escape", "f")
        await pilot.pause()
        await pilot.press("ctrl+u", *"lots", "enter")
        await pilot.pause()
        assert "not an amount" in _error_of(screen, "offer-base")
        await pilot.press("ctrl+u", *"$185,000", "enter")
        await pilot.pause()
        assert _load(path)["offer"]["base"] == 185000
        assert _error_of(screen, "offer-base") == ""
        # A bonus typed as a percentage is of the base, never saved as 0.
        bonus = screen.query_one("#offer-bonus", Input)
        bonus.focus()
        await pilot.press("ctrl+u", *"10%", "enter")
        await pilot.pause()
        assert _load(path)["offer"]["bonus"] == 18500
        # The deadline takes the same forms as a round's date (it refused `dec 10`).
        deadline = screen.query_one("#offer-deadline", Input)
        deadline.focus()
        await pilot.press("ctrl+u", *"dec 10", "enter")
        await pilot.pause()
        assert _error_of(screen, "offer-deadline") == ""
        assert _load(path)["offer"]["deadline"].isoformat() == "2026-12-10"


async def test_round_lists(demo_dir: Path, make_app: Any) -> None:
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "acme-robotics.toml"

    def design() -> dict[str, Any]:
        return next(r for r in _load(path)["rounds"] if r["id"] == "r-acme-design")

    async with app.run_test(size=(120, 36)) as pilot:
        app.open_round("acme-robotics", "r-acme-design")
        await pilot.pause()
        # An interviewer, through the form.
        await pilot.press("a", *"Bo Park")
        await pilot.press("tab", *"Engineering Manager", "enter")
        await pilot.pause()
        assert design()["interviewers"][1] == {"name": "Bo Park", "role": "Engineering Manager"}
        # Checklist: add, move up, note, from a template.
        await pilot.press("2", "a", *"Rate limiting", "enter")
        await pilot.pause()
        assert design()["topics"][-1]["title"] == "Rate limiting"
        await pilot.press("shift+up")
        await pilot.pause()
        assert design()["topics"][-2]["title"] == "Rate limiting"
        await pilot.press("n", *"token bucket", "enter")
        await pilot.pause()
        assert design()["topics"][-2]["note"] == "token bucket"
        await pilot.press("t", "enter")  # coding: every item is new here
        await pilot.pause()
        assert len(design()["topics"]) == 7 + 7
        # Stories and questions.
        await pilot.press("3")
        await pilot.press("a", "enter")
        await pilot.pause()
        assert design()["stories"] == ["s-latency", "s-outage"]
        await pilot.press("tab", "a", *"Who is on call?", "enter")
        await pilot.pause()
        assert design()["questions"][-1] == "Who is on call?"
        await pilot.press("x")
        await pilot.pause()
        assert "Who is on call?" not in design()["questions"]


async def test_debrief_gaps_go_to_the_next_rounds(demo_dir: Path, make_app: Any) -> None:
    """The recruiter screen's debrief gap lands on Acme's upcoming rounds with one key."""
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "acme-robotics.toml"
    gap = "Salary expectations with a researched range"

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.open_round("acme-robotics", "r-acme-screen")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        rounds = {r["id"]: r for r in _load(path)["rounds"]}
        for upcoming in ("r-acme-design", "r-acme-onsite"):
            titles = [t["title"] for t in rounds[upcoming]["topics"]]
            assert titles.count(gap) == 1
        assert gap not in [t["title"] for t in rounds["r-acme-screen"]["topics"]]
        await pilot.press("ctrl+g")  # twice: nothing added twice
        await pilot.pause()
        rounds = {r["id"]: r for r in _load(path)["rounds"]}
        assert [t["title"] for t in rounds["r-acme-design"]["topics"]].count(gap) == 1


async def test_a_contact_email_must_look_like_one(demo_dir: Path, make_app: Any) -> None:
    """Contact email took any text; now the dialog says why and keeps what was typed."""
    from roundplanner.tui.screens.form import FormScreen

    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "harbor-bank.toml"

    async with app.run_test(size=(120, 36)) as pilot:
        app.open_company("harbor-bank")
        await pilot.pause()
        await pilot.press("3", "c")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Sam Ortiz", "tab", "tab", *"sam at harbor", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "not an email address" in str(app.screen.query_one("#form-error").render())
        assert "contacts" not in _load(path)
        email = app.screen.query_one("#f-email", Input)
        email.value = "sam@harbor.example"
        await pilot.press("enter")
        await pilot.pause()
        assert _load(path)["contacts"] == [{"name": "Sam Ortiz", "email": "sam@harbor.example"}]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_dialogs_keep_their_buttons_on_screen(
    demo_dir: Path, make_app: Any, size: tuple[int, int]
) -> None:
    """ "Add a contact" and "Who do you meet?" were taller than a 120x36 screen: Save and
    Cancel could not be seen. The fields now scroll and the buttons stay."""
    from roundplanner.tui.screens.form import FormScreen
    from roundplanner.tui.widgets.interviewers import interviewer_form

    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=size) as pilot:
        app.open_company("acme-robotics")
        await pilot.pause()
        await pilot.press("3", "c")
        await pilot.pause()
        for make in (None, lambda: interviewer_form(None)):
            if make is not None:
                await pilot.press("escape")
                await pilot.pause()
                app.push_screen(make())
                await pilot.pause()
            assert isinstance(app.screen, FormScreen)
            for button in ("#form-save", "#form-cancel"):
                region = app.screen.query_one(button).region
                assert region.height >= 3 and region.bottom <= size[1] - 1, (button, region)


async def _open_acme(pilot: Any) -> CompanyScreen:
    """From the pipeline, as a user would: filter to Acme, open it."""
    await pilot.press("slash", *"acme", "enter", "enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CompanyScreen)
    return screen


async def test_rounds_table_keeps_times_whole_at_80_columns(demo_dir: Path, make_app: Any) -> None:
    """At 80x24 the table was wider than the screen ("13h 36m ag" cut off): the times,
    the countdown, the status and the debrief keep their full text; the title gives way."""
    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_acme(pilot)
        table = screen.query_one(RoundsTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert table.row_count == 3
        for row in range(table.row_count):
            for key in ("when", "countdown", "status", "ready", "debrief"):
                column = table.columns[key]  # type: ignore[index]
                text = table.get_cell(table.coordinate_to_cell_key((row, 0)).row_key, key)
                assert len(text.plain) <= column.width, (key, text.plain)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_add_company_dialog_keeps_its_buttons(
    demo_dir: Path, make_app: Any, size: tuple[int, int]
) -> None:
    """Add and Cancel were below the bottom of an 80x24 screen; the fields scroll now."""
    from roundplanner.tui.screens.add_company import AddCompanyScreen

    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=size) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddCompanyScreen)
        for button in ("#add", "#cancel"):
            region = app.screen.query_one(button).region
            assert region.height >= 3 and region.bottom <= size[1] - 1, (button, region)


async def test_a_change_redraws_only_what_shows_it(
    demo_dir: Path, make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a contact redraws the contacts, not the rounds table (it was cleared and
    rebuilt after every save), and leaves a note being typed where it is."""
    drawn: list[str] = []
    draw = RoundsTable._draw

    def counting(self: RoundsTable, *, columns: bool = False) -> None:
        drawn.append("rounds")
        draw(self, columns=columns)

    monkeypatch.setattr(RoundsTable, "_draw", counting)
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "acme-robotics.toml"
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open_acme(pilot)
        drawn.clear()
        await pilot.press("3", "c", *"Sam Ortiz", "enter")
        await pilot.pause()
        assert [c["name"] for c in _load(path)["contacts"]][-1] == "Sam Ortiz"
        assert "Sam Ortiz" in str(screen.query_one(ContactList).get_option_at_index(2).prompt)
        assert drawn == []

        # Typing in a note while the company changes elsewhere: the text and the
        # cursor stay; the change from elsewhere shows in the other fields.
        await pilot.press("2")
        notes = screen.query_one("ResearchNotes TextArea", TextArea)
        notes.focus()
        await pilot.press("end", *" Typing")
        before = (notes.text, notes.cursor_location)
        app.session.update_company(
            "acme-robotics", lambda c: setattr(c.research, "why_them", "Changed elsewhere"), "x"
        )
        await pilot.pause()
        assert (notes.text, notes.cursor_location) == before
        why = screen.query("ResearchNotes TextArea").results(TextArea)
        assert [area.text for area in why][1] == "Changed elsewhere"


async def test_typing_then_leaving_at_once_saves(demo_dir: Path, make_app: Any) -> None:
    """What was typed a moment before leaving the screen (or quitting) is saved."""
    app = make_app(demo_dir, upcoming_hours=0)
    path = demo_dir / "companies" / "acme-robotics.toml"
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open_acme(pilot)
        await pilot.press("3")
        screen.query_one("#company-domain", Input).focus()
        await pilot.press("end", *".org")
        app.exit()
    assert _load(path)["domain"] == "acme-robotics.example.org"


async def test_headings_keep_one_line_at_80_columns(demo_dir: Path, make_app: Any) -> None:
    """At 80x24 the company heading wrapped "1 debrief(s) due" onto a second line (and
    the round heading its readiness): the domain and the status give way instead, and
    what matters stays on the one line."""
    from roundplanner.tui.widgets.company_form import CompanyHeading
    from roundplanner.tui.widgets.round_heading import RoundHeading

    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_company("orbital-freight")
        await pilot.pause()
        heading = app.screen.query_one(CompanyHeading)
        text = str(heading.render())
        assert heading.size.height == 1
        assert len(text) <= 78, text
        assert text.startswith("Orbital Freight  Interviewing")
        assert text.endswith("1 debrief due"), text
        await pilot.press("n", "enter")
        await pilot.pause()
        heading = app.screen.query_one(RoundHeading)
        text = str(heading.render())
        assert heading.size.height == 1
        assert text == "Orbital Freight › Recruiter screen · no time yet (w sets it) · ready 0/9"
    async with make_app(demo_dir, upcoming_hours=0).run_test(size=(120, 36)) as pilot:
        pilot.app.open_company("orbital-freight")
        await pilot.pause()
        text = str(pilot.app.screen.query_one(CompanyHeading).render())
        assert "orbitalfreight.example" in text and "alumni" in text


async def test_add_company_at_80x24_shows_every_field_and_its_buttons(
    demo_dir: Path, make_app: Any
) -> None:
    """At 80x24 the add-company dialog showed two fields at a time and scrolled, the
    Source hint below the fold. On a short screen the dialog drops its blank rows: the
    three fields, the hint and Add/Cancel all show at once."""
    from textual.containers import VerticalScroll

    from roundplanner.tui.screens.add_company import AddCompanyScreen

    app = make_app(demo_dir, upcoming_hours=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddCompanyScreen)
        fields = dialog.query_one(".add-company-fields", VerticalScroll)
        assert fields.max_scroll_y == 0
        assert "Source" in "".join(str(label.render()) for label in dialog.query("Label"))
        for button in ("#add", "#cancel"):
            region = dialog.query_one(button).region
            assert region.height >= 1 and region.bottom <= 23, (button, region)
