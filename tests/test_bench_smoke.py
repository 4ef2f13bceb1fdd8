"""The benchmark harness still runs: one quick pass at the smallest size.

Benchmarks are not tests, so nothing here looks at a time: only that every figure is
measured and reported under the keys docs/performance.md and scripts rely on.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_harness_reports_every_figure() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert set(report) >= {
        "machine",
        "settings",
        "cold_start",
        "first_open",
        "save",
        "filter",
        "export",
        "memory",
        "targets",
    }
    assert report["settings"]["quick"] is True
    cold = report["cold_start"]["upcoming 12"]
    assert {"app_ms", "baseline_ms", "ratio", "target_ratio", "ok"} <= set(cold)
    assert {"app_ms", "baseline_ms", "ratio"} <= set(report["first_open"]["12"])
    assert {"small_ms", "large_ms", "ratio", "ok"} <= set(report["save"])
    assert {"keystroke_ms", "keystroke_max_ms", "full_refresh_ms", "ok"} <= set(report["filter"])
    assert {"app_ms", "icalendar_ms", "ratio", "same_content_ratio", "ok"} <= set(report["export"])
    assert {"app_mb", "baseline_mb", "ratio", "ok"} <= set(report["memory"])
    assert isinstance(report["targets"]["all"], bool)
    numbers = [
        cold["app_ms"],
        cold["baseline_ms"],
        report["save"]["small_ms"],
        report["filter"]["keystroke_ms"],
        report["export"]["app_ms"],
        report["memory"]["app_mb"],
    ]
    assert all(isinstance(n, int | float) and n > 0 for n in numbers)
