"""Issue 15, what a week of use at 80x24 and 120x36 still found on the company screen, its
offer and its dialogs: each test drives the app as a user would and reads the screen or
the TOML on disk."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input

from roundplanner.settings import load_settings
from roundplanner.store import Store
from roundplanner.tui.app import RoundPlannerApp
from roundplanner.tui.screens.company import CompanyScreen
from roundplanner.tui.widgets.contacts import ContactList
from roundplanner.tui.widgets.fields import FieldRow
from roundplanner.tui.widgets.funnel import QuietCompanies
from roundplanner.tui.widgets.offers import NegotiationLog

MakeApp = Callable[..., RoundPlannerApp]
SMALL = (80, 24)


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _error_of(screen: Any, widget_id: str) -> str:
    field = screen.query_one(f"#{widget_id}")
    row = next(node for node in field.ancestors_with_self if isinstance(node, FieldRow))
    return str(row.query_one(".field-error").render())


async def _open(pilot: Any, company: str, *keys: str) -> CompanyScreen:
    """From the pipeline, as a user would: filter to `company`, open it, press `keys`."""
    await pilot.press("slash", *company, "enter", "enter", *keys)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CompanyScreen)
    return screen


async def test_contacts_scroll_on_their_own_below_the_company_form_at_80x24(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """Focusing the contacts at 80x24 scrolled the whole tab, and the Name field with it,
    off the top. The form stays put; the contacts scroll in the rows left under it."""
    path = demo_dir / "companies" / "acme-robotics.toml"
    more = "".join(f'\n[[contacts]]\nname = "Person {n}"\nrole = "Engineer"\n' for n in range(12))
    path.write_text(path.read_text(encoding="utf-8") + more, encoding="utf-8")
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=SMALL) as pilot:
        screen = await _open(pilot, "acme", "3", "end")
        contacts = screen.query_one(ContactList)
        assert screen.focused is contacts
        assert contacts.highlighted == 13
        pane = screen.query_one(".company-details").region
        for field in ("#company-name", "#company-stage", "#company-links"):
            region = screen.query_one(field).region
            assert pane.contains_region(region), (field, region, pane)
        # The list scrolled itself to its last contact, and shows several at once.
        assert contacts.scroll_y > 0
        assert pane.contains_region(contacts.region)
        assert contacts.region.height >= 6


@pytest.mark.parametrize("size", [SMALL, (120, 36)])
@pytest.mark.parametrize(("company", "tab"), [("acme", "3"), ("northwind", "4")])
async def test_fields_beside_their_labels_end_inside_their_row(
    demo_dir: Path, make_app: MakeApp, size: tuple[int, int], company: str, tab: str
) -> None:
    """An Input is 100% wide: beside its 17-column label it ran past the right edge of
    the screen at 80x24 (and into the contacts at 120x36), taking its cursor with it."""
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=size) as pilot:
        screen = await _open(pilot, company, tab)
        rows = [row for row in screen.query(FieldRow) if row.region and row.query(Input)]
        assert len(rows) >= 3
        for row in rows:
            field = row.query_one(Input).region
            assert row.region.contains_region(field), (row.label, field, row.region)
            assert field.right <= size[0]


async def test_a_bonus_typed_as_a_percentage_is_of_the_base(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """`10%` was refused on the offer form though amounts.py reads it: it is 10% of the
    base salary, saved and then shown as the amount; with no base, a one-line reason."""
    path = demo_dir / "companies" / "harbor-bank.toml"
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open(pilot, "harbor", "f")
        bonus = screen.query_one("#offer-bonus", Input)
        assert "10%" in bonus.placeholder
        bonus.focus()
        await pilot.press(*"10%", "enter")
        await pilot.pause()
        reason = _error_of(screen, "offer-bonus")
        assert reason == "✗ bonus: 10% of what? Enter the base salary first"
        assert "bonus" not in _load(path)["offer"]

        screen.query_one("#offer-base", Input).focus()
        await pilot.press(*"$185,000", "tab")
        await pilot.pause()
        assert screen.focused is bonus
        await pilot.press("ctrl+u", *"10%", "enter")
        await pilot.pause()
        assert _load(path)["offer"]["bonus"] == 18_500
        assert _error_of(screen, "offer-bonus") == ""
        assert bonus.value == "18500"
        # An amount is still an amount.
        await pilot.press("ctrl+u", *"20k", "enter")
        await pilot.pause()
        assert _error_of(screen, "offer-bonus") == "", bonus.value
        assert _load(path)["offer"]["bonus"] == 20_000


@pytest.mark.parametrize(
    ("theme", "named"),
    [("solar[/]ized", "'solar[/]ized'"), ("x" * 100_000, repr("x" * 40 + "…"))],
    ids=["markup", "100k-long"],
)
async def test_a_theme_the_app_does_not_have_is_said_naming_the_file(
    demo_dir: Path, tmp_path: Path, theme: str, named: str
) -> None:
    """A bad theme in the settings file was skipped in silence (only the app knows its
    themes, so loading the settings cannot refuse it): the start says so in one line
    naming the file and the key, as text (the value is data, not markup), and a long one
    shortened (100,000 characters filled the screen for 12 seconds)."""
    config = tmp_path / "config.toml"
    config.write_text(f'timezone = "UTC"\ntheme = "{theme}"\n', encoding="utf-8")
    settings = load_settings(config)
    assert settings.source == str(config)
    store = Store(demo_dir, settings.kinds)
    app = RoundPlannerApp(store, store.load(), settings, watch_disk=False)
    said: list[tuple[str, dict[str, Any]]] = []
    app.notify = lambda message, **how: said.append((message, how))  # type: ignore[method-assign]

    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
    [(message, how)] = said
    assert message.startswith(f"{config}: theme: {named} is not a theme here;")
    assert len(message) < len(str(config)) + 150
    assert "\n" not in message
    assert how["markup"] is False and how["severity"] == "warning"


async def test_every_offer_cell_keeps_its_full_text_at_80x24(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """With three offers at 80 columns each column got 18 cells and a deadline a week
    past, '18 Nov (8 days ago)', lost its last character: a column is now as wide as its
    longest cell, and the table scrolls sideways when they do not all fit."""
    path = demo_dir / "companies" / "harbor-bank.toml"
    offer = "\n[offer]\nbase = 170000\ndeadline = 2026-11-18\n"
    path.write_text(path.read_text(encoding="utf-8") + offer, encoding="utf-8")
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("O")
        await pilot.pause()
        table = app.screen.query_one("#offers-table", DataTable)
        assert len(table.columns) == 4
        assert "18 Nov (8 days ago)" in [str(cell) for cell in table.get_row("Deadline")]
        for key, column in table.columns.items():
            for label in ("Deadline", "First year", "Vesting"):
                cell = table.get_cell(label, key)
                assert len(str(cell)) <= column.width, (label, str(cell), column.width)


async def test_the_offer_deadline_says_which_day_it_was_read_as(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """A deadline typed without a year is the nearest date, which may be past: the line
    under the field says the day, the year and how far it is, as round dates do."""
    path = demo_dir / "companies" / "harbor-bank.toml"
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=SMALL) as pilot:
        screen = await _open(pilot, "harbor", "f")
        deadline = screen.query_one("#offer-deadline", Input)
        row = next(node for node in deadline.ancestors if isinstance(node, FieldRow))
        hint = row.query_one(".field-hint")
        assert not hint.display  # no deadline yet, no empty line
        deadline.focus()
        for typed, saved, said in [
            ("nov 20", "2026-11-20", "Fri 20 Nov 2026 · 6 days ago"),
            ("dec 10", "2026-12-10", "Thu 10 Dec 2026 · in 14 days"),
        ]:
            await pilot.press("ctrl+u", *typed, "enter")
            await pilot.pause()
            assert _load(path)["offer"]["deadline"].isoformat() == saved
            assert hint.display and str(hint.render()) == said
        await pilot.press("ctrl+u", "enter")
        await pilot.pause()
        assert "deadline" not in _load(path)["offer"]
        assert not hint.display


async def test_the_whole_offer_shows_at_80x24(demo_dir: Path, make_app: MakeApp) -> None:
    """The offer's rows, each with a blank line under it, ran below the bottom of an
    80x24 screen (status and notes had to be scrolled to): packed, they all show."""
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=SMALL) as pilot:
        screen = await _open(pilot, "northwind", "4")
        footer_top = SMALL[1] - 1
        rows = list(screen.query("OfferForm FieldRow"))
        assert len(rows) == 10
        for row in rows:
            assert row.region and row.region.bottom <= footer_top, (row, row.region)


async def test_dates_in_the_funnel_and_the_negotiation_log_read_as_everywhere_else(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """'Last seen 2026-11-08' and a negotiation step on '2026-11-24' were the only dates
    on screen in the file's form: they read as every other date does ('8 Nov')."""
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        quiet = app.screen.query_one(QuietCompanies)
        assert quiet.row_count >= 1
        last_seen = str(quiet.get_row_at(0)[2])
        assert "-" not in last_seen and last_seen.split()[-1].isalpha(), last_seen
        await pilot.press("escape", "O", "right")
        await pilot.pause()
        log = app.screen.query_one(NegotiationLog)
        assert str(log.get_row_at(0)[0]) == "Tue 24 Nov"
