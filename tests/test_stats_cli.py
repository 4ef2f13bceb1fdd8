"""`roundplanner stats`: the funnel for scripts (--json) and for a quick look."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from roundplanner.cli import main
from roundplanner.demo import write_demo
from roundplanner.settings import load_settings

NOW = datetime.fromisoformat("2026-11-26T09:00:00+00:00")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    write_demo(root, load_settings(None), NOW)
    return root


def test_stats_json_on_the_demo(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workspace", str(demo), "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["companies"] == 12
    reached = {s["stage"]: s["reached"] for s in data["funnel"]["stages"]}
    assert reached == {
        "interested": 12,
        "applied": 11,
        "screening": 9,
        "interviewing": 6,
        "offer": 3,
        "accepted": 1,
    }
    assert data["warm"]["companies"] == 9 and data["cold"]["companies"] == 3
    assert data["warm"]["applied_to_offer"] == pytest.approx(3 / 8)
    assert data["cold"]["applied_to_offer"] == 0
    sources = {group["label"]: group["companies"] for group in data["by_source"]}
    assert sources["referral"] == 3 and sources["applied"] == 3
    assert [g["slug"] for g in data["possibly_ghosted"]] == ["harbor-bank"]
    assert len(data["recurring_gaps"]) == 4
    assert data["median_days_in_stage"]["applied"]["samples"] == 5


def test_stats_text_has_bars_and_numbers(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workspace", str(demo), "stats"]) == 0
    out = capsys.readouterr().out
    assert "█" in out
    assert "warm" in out and "cold" in out
    assert "Harbor Bank" in out


def test_stats_on_an_empty_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workspace", str(tmp_path / "empty"), "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["companies"] == 0
    assert data["funnel"]["applied_to_offer"] is None
    assert datetime.fromisoformat(data["today"]).date().isoformat() == "2026-11-26"
