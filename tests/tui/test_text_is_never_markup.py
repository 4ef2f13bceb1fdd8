"""Text from files and invites is data on screen, never markup (issue 11, items 2 and 10).

A workspace whose every text field holds markup, a terminal escape and a bidi override is
walked through every screen and dialog by pressing keys, as a user would: the app must
stay responsive, show the text literally (`[/]` prints as `[/]`) and show none of the
control or bidi characters. A static check beside it keeps computed strings away from the
widget calls that read a `str` as markup.
"""

from __future__ import annotations

import ast
import html
import io
import re
import tomllib
from collections.abc import Awaitable, Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from textual.command import CommandPalette
from textual.screen import Screen

from roundplanner import cli
from roundplanner.tui.app import RoundPlannerApp
from roundplanner.tui.screens.add_company import AddCompanyScreen
from roundplanner.tui.screens.company import CompanyScreen
from roundplanner.tui.screens.confirm import ConfirmScreen
from roundplanner.tui.screens.funnel import FunnelScreen
from roundplanner.tui.screens.help import HelpScreen
from roundplanner.tui.screens.import_dialog import ImportScreen
from roundplanner.tui.screens.negotiation_form import NegotiationFormScreen
from roundplanner.tui.screens.offers import OffersScreen
from roundplanner.tui.screens.pipeline import PipelineScreen
from roundplanner.tui.screens.review import ReviewScreen
from roundplanner.tui.screens.round import RoundScreen
from roundplanner.tui.screens.stories import StoriesScreen
from roundplanner.tui.screens.story_form import StoryFormScreen
from roundplanner.tui.screens.text_prompt import TextPromptScreen
from roundplanner.tui.screens.upcoming import UpcomingScreen

MakeApp = Callable[..., RoundPlannerApp]

MARKUP = "[/] [blink reverse]x[/] [link=https://x]y[/link] [bold"
"""What a hostile (or careless) file puts in a name: a stray closing tag, tags that would
be obeyed, an unclosed one. Shown, it must read exactly like this."""
HOSTILE = f" {MARKUP} \x1b[31m\u202e"
"""Appended to every text field: the markup, then a colour escape and a bidi override
(which `sanitize.clean` takes out before anything reaches the terminal)."""
INVISIBLE = ("\x1b", "\u202e")

TEXT_KEYS = {
    "name",
    "role",
    "email",
    "profile",
    "notes",
    "note",
    "title",
    "domain",
    "where",
    "what_they_do",
    "why_them",
    "how_i_contribute",
    "prep_notes",
    "went_well",
    "to_improve",
    "feedback",
    "asked",
    "response",
    "setup",
    "actions",
}
"""Every free-text field of a company file and of the story bank."""
LIST_KEYS = {"questions", "questions_asked", "gaps", "tags", "links", "focus"}
"""Lists of free text (a round's `stories` holds story ids, so it is left alone)."""

INVITE_TITLE = "Final round [/] [blink reverse]x[/] [link=https://x]y[/link]"


def invite_ics(title: str = INVITE_TITLE) -> bytes:
    """A recruiter's invite for tomorrow 15:00 UTC, titled `title`."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        "BEGIN:VEVENT",
        "UID:hostile-invite@example.com",
        "DTSTAMP:20261120T120000Z",
        "DTSTART:20261127T150000Z",
        "DTEND:20261127T160000Z",
        f"SUMMARY:{title}",
        "LOCATION:https://meet.example/[/]",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(f"{line}\r\n" for line in lines).encode()


def _spike(data: Any, *, story_bank: bool, key: str = "") -> Any:
    """`data` with HOSTILE appended to every free-text value."""
    if isinstance(data, dict):
        return {k: _spike(v, story_bank=story_bank, key=k) for k, v in data.items()}
    if isinstance(data, list):
        if key in LIST_KEYS:
            return [f"{item}{HOSTILE}" for item in data]
        return [_spike(item, story_bank=story_bank, key=key) for item in data]
    text_keys = TEXT_KEYS | ({"outcome"} if story_bank else set())  # a debrief's is an enum
    if isinstance(data, str) and key in text_keys:
        return data + HOSTILE
    return data


@pytest.fixture
def hostile_dir(demo_dir: Path) -> Path:
    """The demo workspace with every text field spiked, a broken file whose name is
    markup, and a recruiter's invite titled with markup imported into Acme."""
    for path in [*sorted((demo_dir / "companies").glob("*.toml")), demo_dir / "stories.toml"]:
        data = tomllib.loads(path.read_text())
        spiked = _spike(data, story_bank=path.name == "stories.toml")
        path.write_text(tomli_w.dumps(spiked))
    invite = demo_dir.parent / "invite.ics"
    invite.write_bytes(invite_ics())
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = cli.main(["import", str(invite), "--company", "acme-robotics"])
    assert code == 0, out.getvalue()
    (demo_dir / "companies" / "bad [blink reverse]file.toml").write_text('name = "unterminated\n')
    return demo_dir


BORDERS = re.compile("[\u2500-\u259f]")
"""Box drawing and block elements: the borders of dialogs and toasts."""


def flat(text: str) -> str:
    """Borders dropped and whitespace collapsed, so wrapped lines still hold their phrases."""
    return " ".join(BORDERS.sub(" ", text).split())


def screen_text(app: RoundPlannerApp) -> str:
    """Every character on the terminal now (toasts and dialogs included), as text."""
    svg = app.export_screenshot()
    parts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.DOTALL)
    return html.unescape("".join(parts)).replace("\xa0", " ")


class Walk:
    """Keys pressed on the app, and what must be on screen after them."""

    def __init__(self, app: RoundPlannerApp, pilot: Any) -> None:
        self.app = app
        self.pilot = pilot
        self.seen: list[str] = []

    async def press(self, *keys: str, then: type[Screen[Any]]) -> str:
        """Press `keys`; the app must answer by showing a `then` screen, drawn cleanly."""
        await self.pilot.press(*keys)
        await self.pilot.pause()
        await self.pilot.pause()  # a toast is mounted a moment after `notify`
        screen = self.app.screen
        assert isinstance(screen, then), f"after {keys}: {type(screen).__name__}, not {then}"
        text = screen_text(self.app)
        for char in INVISIBLE:
            assert char not in text, f"{char!r} reached the terminal on {type(screen).__name__}"
        self.seen.append(type(screen).__name__)
        return text

    async def expect(self, *keys: str, then: type[Screen[Any]], shows: str) -> str:
        """Like `press`, and `shows` must be on screen literally."""
        text = await self.press(*keys, then=then)
        assert flat(shows) in flat(text), (
            f"{shows!r} not on {type(self.app.screen).__name__}:\n{text}"
        )
        return text


ACME = f"Acme Robotics {MARKUP}"


async def walk_app(app: RoundPlannerApp, steps: Callable[[Walk], Awaitable[None]]) -> None:
    """Run `steps` on the app at a size where long names fit, toasts shown."""
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await pilot.pause()
        await steps(Walk(app, pilot))


async def test_markup_in_names_is_text_on_the_pipeline_company_dialogs_and_palette(
    hostile_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(hostile_dir, upcoming_hours=0)

    async def steps(walk: Walk) -> None:
        # The pipeline, and the line (and toast) naming a broken file.
        text = await walk.expect(then=PipelineScreen, shows="Acme Robotics [/]")
        assert "bad [blink reverse]file.toml" in text
        # The filter quotes what is typed: `[b]` is text to look for (`/` cannot be
        # typed there: it is the key that focuses the filter).
        await walk.expect("slash", *"[b]x", then=PipelineScreen, shows="filter: '[b]x'")
        await walk.press("enter", "escape", then=PipelineScreen)
        await walk.press("slash", *"acme", "enter", then=PipelineScreen)
        # Delete asks first, naming the company (this froze the app).
        await walk.expect("d", then=ConfirmScreen, shows=f"Delete {ACME}?")
        await walk.press("n", then=PipelineScreen)
        # The company (its name in the header too): every tab, a confirm, a toast.
        await walk.expect("enter", then=CompanyScreen, shows=f"roundplanner — {ACME}")
        await walk.expect("1", then=CompanyScreen, shows="Final round [/]")
        await walk.expect("x", then=ConfirmScreen, shows="Delete the round")
        await walk.press("n", then=CompanyScreen)
        await walk.expect("2", then=CompanyScreen, shows=MARKUP)
        await walk.expect("3", then=CompanyScreen, shows="Priya Natarajan [/]")
        await walk.expect("x", then=ConfirmScreen, shows="Remove the contact Priya Natarajan [/]")
        await walk.expect("y", then=CompanyScreen, shows="Removed Priya Natarajan [/]")
        await walk.expect("ctrl+z", then=CompanyScreen, shows="Undid")
        await walk.press("4", then=CompanyScreen)
        await walk.press("escape", then=PipelineScreen)
        # A company added with markup in its name: its screen, its header, a toast.
        await walk.press("a", then=AddCompanyScreen)
        await walk.expect(*"New [/] Co", "enter", then=CompanyScreen, shows="New [/] Co")
        await walk.press("escape", then=PipelineScreen)
        # The command palette finds companies by name.
        await walk.press("ctrl+p", then=CommandPalette)
        await walk.pilot.press(*"acme")
        await walk.pilot.pause(0.3)  # the palette searches in a worker
        await walk.expect(then=CommandPalette, shows="Open Acme Robotics [/]")
        await walk.press("escape", then=PipelineScreen)
        await walk.press("u", then=UpcomingScreen)  # still answering keys

    await walk_app(app, steps)


async def test_markup_in_every_field_is_text_on_upcoming_review_and_the_other_screens(
    hostile_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(hostile_dir, upcoming_hours=0)

    async def steps(walk: Walk) -> None:
        # Upcoming, a Rich table per row: the imported invite's title blanked it.
        await walk.expect("u", then=UpcomingScreen, shows="Final round [/]")
        # The next round, every tab.
        await walk.expect("enter", then=RoundScreen, shows=MARKUP)
        await walk.expect("2", then=RoundScreen, shows=MARKUP)
        await walk.expect("3", then=RoundScreen, shows=MARKUP)
        await walk.press("4", then=RoundScreen)
        await walk.press("escape", then=UpcomingScreen)
        # The checklist review, its note dialog and the end of the walk.
        await walk.expect("c", then=ReviewScreen, shows=ACME)
        await walk.expect("n", then=TextPromptScreen, shows="Note on")
        await walk.press("escape", then=ReviewScreen)
        await walk.expect("e", then=ReviewScreen, shows=MARKUP)
        await walk.press("escape", then=UpcomingScreen)
        # Funnel, stories (and their dialogs), offers (and the negotiation form), help.
        await walk.expect("F", then=FunnelScreen, shows="Harbor Bank [/]")
        await walk.expect("S", then=StoriesScreen, shows=MARKUP)
        await walk.expect("d", then=ConfirmScreen, shows="Delete the story")
        await walk.press("n", then=StoriesScreen)
        await walk.expect("e", then=StoryFormScreen, shows=MARKUP)
        await walk.press("escape", then=StoriesScreen)
        await walk.expect("O", then=OffersScreen, shows=MARKUP)
        await walk.expect("n", then=NegotiationFormScreen, shows="Negotiation with Lumen")
        await walk.press("escape", then=OffersScreen)
        await walk.press("question_mark", then=HelpScreen)
        await walk.press("escape", then=OffersScreen)
        # A recruiter's invite read in the import dialog.
        await walk.press("I", then=ImportScreen)
        path = str(walk.app.session.store.root.parent / "invite.ics")
        await walk.expect(*path, "enter", then=ImportScreen, shows=INVITE_TITLE)
        await walk.press("escape", then=OffersScreen)

    await walk_app(app, steps)


async def test_the_reported_cases_open_show_the_text_and_answer_keys(
    demo_dir: Path, make_app: MakeApp
) -> None:
    """Issue 11, item 2 as reported: an invite titled `Final round [/]` opened on a blank
    screen that ignored every key; `d` on `Aardvark [/] Labs` froze the app."""
    acme = demo_dir / "companies" / "acme-robotics.toml"
    acme.write_text(acme.read_text().replace('"Acme Robotics"', '"Aardvark [/] Labs"', 1))
    invite = demo_dir.parent / "invite.ics"
    invite.write_bytes(invite_ics("Final round [/]"))
    with redirect_stdout(io.StringIO()):
        assert cli.main(["import", str(invite), "--company", "acme-robotics"]) == 0
    app = make_app(demo_dir)  # a round within `upcoming_hours`: it opens on Upcoming

    async def steps(walk: Walk) -> None:
        await walk.expect(then=UpcomingScreen, shows="Final round [/]")
        await walk.press("p", "slash", *"aardvark", "enter", then=PipelineScreen)
        await walk.expect("d", then=ConfirmScreen, shows="Delete Aardvark [/] Labs?")
        await walk.press("y", then=PipelineScreen)
        assert "acme-robotics" not in walk.app.session.companies
        await walk.expect("ctrl+z", then=PipelineScreen, shows="Aardvark [/] Labs")

    await walk_app(app, steps)


async def test_a_toast_is_plain_text_whatever_the_caller_asks(
    demo_dir: Path, make_app: MakeApp
) -> None:
    app = make_app(demo_dir, upcoming_hours=0)

    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause()
        app.screen.notify("[b]x[/b] [/] \u202e", title="[/]\x1b[2J", markup=True)
        await pilot.pause(0.1)
        text = screen_text(app)
        assert "[b]x[/b] [/]" in flat(text)
        assert "\u202e" not in text and "\x1b" not in text
        (note,) = app._notifications
        assert note.markup is False


# --------------------------------------------------------------------------- static check

TUI = Path(__file__).parents[2] / "roundplanner" / "tui"

MARKUP_SINKS = {
    # widgets and options that read a str argument as markup
    "Static",
    "Label",
    "Button",
    "RadioButton",
    "Checkbox",
    "Option",
    "Hit",
    "DiscoveryHit",
    # methods that do: Static.update, DataTable/Rich Table rows and column labels
    "update",
    "add_row",
    "add_column",
}
PLAIN_MAKERS = {"Text", "assemble", "plain", "highlight", "Content"}
"""Calls whose result is never read as markup."""
COMPUTED = {"clean", "str", "repr", "format", "join"}
"""Calls that build a str (often from a file's text): never straight into a sink."""


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _computed_str(node: ast.expr) -> str | None:
    """Why `node` is a computed str, or None (a literal, a variable, a Text)."""
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name in PLAIN_MAKERS:
            return None
        return f"{name}(…)" if name in COMPUTED else None
    if isinstance(node, ast.JoinedStr):
        interpolated = any(isinstance(v, ast.FormattedValue) for v in node.values)
        return "an f-string" if interpolated else None
    if isinstance(node, ast.BinOp):
        return "a concatenation"
    return None


def markup_sink_violations(root: Path) -> list[str]:
    """Computed strings passed straight to a call that reads a str as markup.

    A plain string literal is the app's own markup and may stay; a call that says
    `markup=True` declares the same (help's rows are the app's own bindings). Keyword
    arguments `id` and `key` are identifiers, not shown.
    """
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call) or _name(node.func) not in MARKUP_SINKS:
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            declared = keywords.get("markup")
            if isinstance(declared, ast.Constant) and declared.value is True:
                continue
            shown = [*node.args] + [v for k, v in keywords.items() if k not in ("id", "key")]
            for arg in shown:
                why = _computed_str(arg)
                if why:
                    where = f"{path.relative_to(root.parent.parent)}:{node.lineno}"
                    found.append(f"{where}: {why} passed to {_name(node.func)}()")
    return found


def test_no_computed_string_reaches_a_markup_reading_call() -> None:
    """Wrap text from files in `roundplanner.tui.text.plain` (or any Text), not a str."""
    assert markup_sink_violations(TUI) == []


def test_the_static_check_finds_the_patterns_it_is_for(tmp_path: Path) -> None:
    sample = tmp_path / "roundplanner" / "tui" / "sample.py"
    sample.parent.mkdir(parents=True)
    sample.write_text(
        "Static(f'Delete {name}?')\n"
        "table.add_row(clean(company.name), key=slug)\n"
        "line.update('⚠ ' + ', '.join(broken))\n"
        "error.update(str(problem))\n"
        # fine: a literal, a Text, plain(), a declared markup block, an id
        "Static('[b]Title[/b]')\n"
        "Static(Text(f'Delete {name}?'))\n"
        "line.update(plain(', '.join(broken)))\n"
        "Static('\\n'.join(rows), markup=True)\n"
        "Option(Text('x'), id=f'row:{slug}')\n"
    )
    found = markup_sink_violations(sample.parent)
    assert [line.split(": ", 1)[1] for line in found] == [
        "an f-string passed to Static()",
        "clean(…) passed to add_row()",
        "a concatenation passed to update()",
        "str(…) passed to update()",
    ]
