"""Make the README's screenshots from the demo workspace, so they never go stale.

Each entry in SHOTS names a file and the keys that reach its screen from a fresh app on a
fresh demo workspace (written at a fixed instant, in UTC, at 120x36), so the pictures are
the same on every machine. The SVG comes from Textual; the PNG from rsvg-convert (Debian's
librsvg2-bin) or, failing that, cairosvg.

To add a screen, append a `Shot(name, steps, screen)` to SHOTS. A shot whose screen is
not built yet (or whose steps fail) is skipped with a note, never stopping the others.

    python3 scripts/screenshots.py              # every shot, into screenshots/
    python3 scripts/screenshots.py review stories --out /tmp/shots
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

FIXED_NOW = "2026-11-26T09:00:00+00:00"
"""The instant the demo is written at and the app believes it is (as in the TUI tests)."""
SIZE = (120, 36)
SUBTITLE = "~/demo-workspace"
"""Shown in the header instead of the temp folder's path."""

Steps = Callable[[Any], Awaitable[None]]


@dataclass(frozen=True)
class Shot:
    """One screenshot: its file name, how to get there, and the screen that must show."""

    name: str
    steps: Steps
    screen: str
    """The class name of the screen on top when the steps are done; else the shot is skipped."""
    upcoming_hours: int = 0
    """0 opens on the pipeline; 48 lets the app open on Upcoming as a user would see it."""


def keys(*pressed: str) -> Steps:
    """Steps that press `pressed` one by one, letting the app settle after each."""

    async def steps(pilot: Any) -> None:
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()

    return steps


def call(method: str, *args: str) -> Steps:
    """Steps that call an app method, for screens reached by selection (a company, a round)."""

    async def steps(pilot: Any) -> None:
        getattr(pilot.app, method)(*args)
        await pilot.pause()

    return steps


SHOTS: list[Shot] = [
    Shot("pipeline", keys(), "PipelineScreen"),
    Shot("today", keys("T"), "TodayScreen"),
    Shot("upcoming", keys(), "UpcomingScreen", upcoming_hours=48),
    Shot("review", keys("r", "j", "j", "j"), "ReviewScreen"),
    Shot("review-end", keys("r", "e"), "ReviewScreen"),
    Shot("company", call("open_company", "acme-robotics"), "CompanyScreen"),
    Shot("round", call("open_round", "acme-robotics", "r-acme-design"), "RoundScreen"),
    Shot("funnel", keys("F"), "FunnelScreen"),
    Shot("stories", keys("S"), "StoriesScreen"),
    Shot("offers", keys("O"), "OffersScreen"),
]


class Skipped(Exception):
    """A shot that could not be taken; the message says why."""


def _fixed_environment() -> None:
    os.environ["ROUNDPLANNER_NOW"] = FIXED_NOW
    os.environ["TZ"] = "UTC"
    time.tzset()


async def _take(shot: Shot, workspace: Path) -> str:
    """Run a fresh app on `workspace`, follow the steps, return the screen as SVG."""
    from roundplanner.settings import load_settings
    from roundplanner.store import Store
    from roundplanner.tui.app import RoundPlannerApp

    defaults = load_settings(None)
    settings = defaults.model_copy(
        update={
            "timezone": "UTC",
            "upcoming_hours": shot.upcoming_hours,
            "prep": defaults.prep.model_copy(update={"open_on_today": False}),
        }
    )
    store = Store(workspace, settings.kinds)
    app = RoundPlannerApp(store, store.load(), settings, watch_disk=False)
    svg = ""
    async with app.run_test(size=SIZE) as pilot:
        app.sub_title = SUBTITLE
        await pilot.pause()
        await shot.steps(pilot)
        await pilot.pause(0.2)  # let toasts and layout settle
        shown = type(app.screen).__name__
        if shown != shot.screen:
            raise Skipped(f"expected {shot.screen}, got {shown}")
        svg = app.export_screenshot(title=f"roundplanner — {shot.name}")
    return svg


def _to_png(svg_path: Path, png_path: Path) -> bool:
    """SVG to PNG: rsvg-convert (librsvg) honours the SVG's text lengths, so box-drawing
    lines stay aligned; cairosvg draws them a little too wide and is only the fallback."""
    import shutil
    import subprocess

    if shutil.which("rsvg-convert"):
        subprocess.run(["rsvg-convert", str(svg_path), "-o", str(png_path)], check=True)
        return True
    try:
        import cairosvg
    except ImportError:
        return False
    cairosvg.svg2png(url=str(svg_path), write_to=str(png_path))
    return True


def take(shot: Shot, out: Path) -> bool:
    """Take one shot into `out`; print a note and return False when it cannot be taken."""
    from roundplanner.demo import write_demo
    from roundplanner.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="roundplanner-shots-") as tmp:
        workspace = Path(tmp) / "workspace"
        settings = load_settings(None).model_copy(update={"timezone": "UTC"})
        write_demo(workspace, settings, datetime.fromisoformat(FIXED_NOW))
        noise = io.StringIO()
        try:
            # A screen that is not built yet fails inside the app, which prints its own
            # traceback; keep that out of the way and say it in one line instead.
            with contextlib.redirect_stderr(noise), contextlib.redirect_stdout(noise):
                svg = asyncio.run(_take(shot, workspace))
        except Exception as error:
            reason = str(error).strip().splitlines()[-1] if str(error).strip() else ""
            print(f"skipped {shot.name}: {type(error).__name__}: {reason}")
            return False
    svg_path = out / f"{shot.name}.svg"
    svg_path.write_text(svg, encoding="utf-8")
    made = [svg_path.name]
    png_path = out / f"{shot.name}.png"
    if _to_png(svg_path, png_path):
        made.append(png_path.name)
    else:
        print(f"{shot.name}: no rsvg-convert or cairosvg here, SVG only")
    print(f"saved {', '.join(made)}")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("names", nargs="*", help="only these shots (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="output folder")
    args = parser.parse_args(argv)
    known = {shot.name for shot in SHOTS}
    unknown = [name for name in args.names if name not in known]
    if unknown:
        parser.error(f"unknown shot(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    _fixed_environment()
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = [shot for shot in SHOTS if not args.names or shot.name in args.names]
    taken = sum(take(shot, args.out) for shot in wanted)
    print(f"{taken} of {len(wanted)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
