"""Everything the app prints, in one room: what a terminal shows and what scripts read.

- `text`    the command line's text: agenda, checklist, today, stats.
- `json_data` the same, as plain data for `--json` (named so as not to shadow `json`).
- `phrases` the short pieces both the command line and the TUI's cells use: money,
  percentages, bars, readiness, deadlines.

Dates and times are phrased by `roundplanner.timefmt`, the one module for them.
The core (`model`, `insights`, `plan`, `summary`) computes; these modules only phrase
what it computed. None imports pydantic, so the quick start can use any of them.
"""
