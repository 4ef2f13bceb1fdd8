"""Synthetic workspaces for the benchmarks, built with the demo generator.

Each size is written once into a scratch folder, with a settings file that opens the
app on the pipeline (`upcoming_hours = 0`), so the first screen is the company table
whatever the generated rounds' dates are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROUNDS = 5
TOPICS = 10
NOW = "2026-11-26T09:00:00+00:00"
"""The fixed clock of every benchmark (ROUNDPLANNER_NOW), the demo generator's 'today'."""
FIRST_NAME = "Company 00000"
"""A name the generator always makes; the pattern below matches any of them."""
NAME_PATTERN = rb"Company \d{5}"
CONFIG = 'timezone = "UTC"\nupcoming_hours = 0\n'


@dataclass(frozen=True)
class Bench:
    """A generated workspace and the settings file to open it with."""

    companies: int
    root: Path
    config: Path


def build(scratch: Path, companies: int) -> Bench:
    """Write a workspace of `companies` companies x ROUNDS rounds x TOPICS topics."""
    from roundplanner.demo import generate, write_generated

    folder = scratch / f"ws-{companies}"
    config = scratch / "config.toml"
    if not config.exists():
        config.write_text(CONFIG, encoding="utf-8")
    if not (folder / "companies").is_dir():
        write_generated(folder, generate(companies, ROUNDS, TOPICS))
    return Bench(companies, folder, config)
