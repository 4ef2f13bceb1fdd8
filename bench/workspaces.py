"""Workspaces for the benchmarks that look like users': built with the demo's realistic
generator (`demo.generate_realistic`: 5-15 rounds per company, interviewers with notes,
the shipped checklists, debriefs, offers), with rounds in the next 48 hours, so the app
opens on Upcoming as it does for a job seeker in the middle of a search.

Each size is written once into a scratch folder. Two settings files open it: the user's
defaults (`upcoming_hours = 48`: the app opens on Upcoming) and one with
`upcoming_hours = 0`, which opens on the pipeline, to measure both first screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

NOW = "2026-11-26T09:00:00+00:00"
"""The fixed clock of every benchmark (ROUNDPLANNER_NOW), the generator's 'now'."""
FIRST_NAME = "Company 00000"
"""A name the generator always makes; the pattern below matches any of them."""
NAME_PATTERN = rb"Company \d{5}"
SCREENS = {
    "upcoming": 'timezone = "UTC"\nupcoming_hours = 48\n[prep]\nopen_on_today = false\n',
    "pipeline": 'timezone = "UTC"\nupcoming_hours = 0\n[prep]\nopen_on_today = false\n',
}
"""The settings file for each first screen."""


@dataclass(frozen=True)
class Bench:
    """A generated workspace and the settings file of each first screen."""

    companies: int
    root: Path
    configs: dict[str, Path]


def build(scratch: Path, companies: int) -> Bench:
    """Write a realistic workspace of `companies` companies (once per scratch folder)."""
    from roundplanner.demo import generate_realistic, write_generated
    from roundplanner.settings import load_settings

    folder = scratch / f"ws-{companies}"
    configs = {}
    for screen, text in SCREENS.items():
        configs[screen] = scratch / f"config-{screen}.toml"
        if not configs[screen].exists():
            configs[screen].write_text(text, encoding="utf-8")
    if not (folder / "companies").is_dir():
        settings = load_settings(None)
        write_generated(
            folder, generate_realistic(companies, settings, datetime.fromisoformat(NOW))
        )
    return Bench(companies, folder, configs)
