"""Settings: shipped defaults merged with the user's file; a bad value names file and key."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from roundplanner import paths
from roundplanner.settings import (
    SHIPPED_FILES,
    Settings,
    SettingsError,
    deep_merge,
    load_settings,
    read_toml,
    shipped_defaults,
)

ROOT = Path(__file__).resolve().parent.parent


def user_file(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "config.toml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def problem_texts(error: SettingsError) -> list[str]:
    return [str(p) for p in error.problems]


# --------------------------------------------------------------------------- defaults


def test_the_shipped_config_is_found() -> None:
    folder = paths.shipped_config_dir()
    assert folder == ROOT / "config"
    for name in SHIPPED_FILES:
        assert (folder / name).is_file()


def test_defaults_load(settings: Settings) -> None:
    assert settings.timezone == ""
    assert settings.reminder_minutes == 30
    assert {"recruiter_screen", "technical", "system_design", "behavioral", "onsite"} <= set(
        settings.kinds
    )
    assert {"coding", "system_design", "behavioral", "company_research", "questions_to_ask"} <= (
        set(settings.checklists)
    )
    assert settings.templates["standard"].rounds == [
        "recruiter_screen",
        "technical",
        "onsite",
        "hiring_manager",
    ]
    assert settings.kind_labels["system_design"] == "System design"
    assert settings.kind_duration("onsite") == 240
    assert settings.kind_duration("no-such-kind") == 60


def test_every_reference_in_the_defaults_resolves(settings: Settings) -> None:
    for kind in settings.kinds.values():
        assert kind.label
        assert all(name in settings.checklists for name in kind.checklists)
    for template in settings.templates.values():
        assert all(kind in settings.kinds for kind in template.rounds)


def test_checklist_items_in_order_without_repeats(settings: Settings) -> None:
    items = settings.checklist_items("onsite")
    assert len(items) == len(set(items))
    assert items[: len(settings.checklists["coding"].items)] == settings.checklists["coding"].items
    assert settings.checklist_items("other") == []
    assert settings.checklist_items("no-such-kind") == []


def test_a_missing_user_file_is_fine(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nope.toml") == load_settings(None)


def test_a_missing_required_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(tmp_path / "nope.toml", required=True)
    assert problem_texts(info.value) == [f"{tmp_path / 'nope.toml'}: cannot read: no such file"]


def test_zone_name_falls_back_to_the_machine(settings: Settings) -> None:
    assert settings.zone_name == "UTC"  # conftest sets TZ=UTC


def test_a_bad_tz_variable_does_not_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Mars/Olympus_Mons")
    name = paths.local_zone_name()
    assert name != "Mars/Olympus_Mons"
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert paths.local_zone_name() == "Europe/Berlin"


# --------------------------------------------------------------------------- overrides


def test_user_file_overrides_merge(tmp_path: Path) -> None:
    path = user_file(
        tmp_path,
        """\
timezone = "Europe/Berlin"
reminder_minutes = 45

[kinds.coding]
duration_minutes = 90

[kinds.pair_programming]
label = "Pair programming"
duration_minutes = 90
checklists = ["coding"]

[checklists.coding]
items = ["Only this"]
""",
    )
    settings = load_settings(path)
    assert settings.timezone == "Europe/Berlin" and settings.zone_name == "Europe/Berlin"
    assert settings.reminder_minutes == 45
    # A table merges key by key: the shipped label stays, the duration changes.
    assert settings.kinds["coding"].label == "Coding"
    assert settings.kinds["coding"].duration_minutes == 90
    assert settings.kinds["coding"].checklists == ["coding"]
    assert settings.kinds["pair_programming"].label == "Pair programming"
    assert "system_design" in settings.kinds
    # A list is replaced whole.
    assert settings.checklists["coding"].items == ["Only this"]
    assert settings.checklists["coding"].label == "Coding"
    assert settings.upcoming_hours == load_settings(None).upcoming_hours


def test_the_readme_settings_example_loads(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    block = next(
        b for b in re.findall(r"```toml\n(.*?)```", readme, re.DOTALL) if "reminder_minutes" in b
    )
    settings = load_settings(user_file(tmp_path, block))
    assert settings.reminder_minutes == 45
    assert "pair_programming" in settings.kinds


def test_deep_merge() -> None:
    base = {"a": {"x": 1, "y": [1, 2]}, "b": 1, "c": {"z": 1}}
    over = {"a": {"y": [3]}, "b": {"now": "a table"}, "c": 5}
    assert deep_merge(base, over) == {"a": {"x": 1, "y": [3]}, "b": {"now": "a table"}, "c": 5}
    assert base == {"a": {"x": 1, "y": [1, 2]}, "b": 1, "c": {"z": 1}}  # untouched


def test_shipped_defaults_are_not_changed_by_a_load(tmp_path: Path) -> None:
    before = shipped_defaults()
    load_settings(user_file(tmp_path, '[kinds.coding]\nlabel = "X"\n'))
    assert shipped_defaults() == before


def test_a_bom_and_crlf_are_tolerated(tmp_path: Path) -> None:
    path = user_file(tmp_path, b'\xef\xbb\xbfreminder_minutes = 5\r\ntimezone = "UTC"\r\n')
    assert load_settings(path).reminder_minutes == 5


# --------------------------------------------------------------------------- bad values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('timezone = "PST8"\n', "timezone: unknown time zone 'PST8'"),
        ('timezone = "../../etc"\n', "timezone: unknown time zone '../../etc'"),
        ("reminder_minutes = -5\n", "reminder_minutes: Input should be greater than or equal to 0"),
        ('reminder_minutes = "soon"\n', "reminder_minutes: Input should be a valid integer"),
        ("ghosted_after_days = 0\n", "ghosted_after_days: Input should be greater than or equal"),
        (
            "[kinds.coding]\nduration_minutes = 0\n",
            "kinds.coding.duration_minutes: Input should be greater than 0",
        ),
        (
            '[kinds.coding]\nchecklists = ["leetcode"]\n',
            "kinds.coding.checklists: unknown checklist 'leetcode'",
        ),
        (
            '[kinds.lunch]\nchecklists = ["coding"]\n',
            "kinds.lunch.label: Field required",
        ),
        (
            '[templates.mine]\nlabel = "Mine"\nrounds = ["recruiter_screen", "lunch"]\n',
            "templates.mine.rounds: unknown round kind 'lunch'",
        ),
        ('[templates.mine]\nlabel = "Mine"\nrounds = []\n', "templates.mine.rounds: List should"),
        ("colour = 'blue'\n", "colour: unknown key"),
        ("[kinds.coding]\nlabl = 'typo'\n", "kinds.coding.labl: unknown key"),
        ('kinds = "none"\n', "kinds: Input should be a valid dictionary"),
    ],
)
def test_a_bad_value_names_the_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    path = user_file(tmp_path, text)
    with pytest.raises(SettingsError) as info:
        load_settings(path)
    texts = problem_texts(info.value)
    assert len(texts) == 1, texts
    assert texts[0].startswith(f"{path}: {expected}"), texts[0]
    assert str(info.value) == texts[0]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('timezone = "UTC"\nreminder_minutes = \n', 2, "TOML syntax: Invalid value"),
        ('timezone = "UTC"\n\n[kinds\n', 3, "TOML syntax:"),
        ("a = 1\na = 2\n", 2, "TOML syntax: a key is set twice"),
        ('timezone = "UTC', 1, "TOML syntax: Unterminated string"),
    ],
)
def test_a_syntax_error_has_its_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = user_file(tmp_path, text)
    with pytest.raises(SettingsError) as info:
        load_settings(path)
    (problem,) = info.value.problems
    assert problem.line == line
    assert str(problem).startswith(f"{path}:{line}: {fragment}")


def test_a_key_of_thousands_of_parts_is_refused_before_tomllib_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # tomllib took minutes and gigabytes over a 200 KB key `a.a.a.…`; 5,000 parts here.
    def never(text: str) -> None:
        raise AssertionError("tomllib was asked to read it")

    path = user_file(tmp_path, 'timezone = "UTC"\n[' + ".".join(["a"] * 5000) + "]\n")
    monkeypatch.setattr(tomllib, "loads", never)
    with pytest.raises(SettingsError) as info:
        read_toml(path)  # the shipped defaults (read first by load_settings) use tomllib
    assert [str(problem) for problem in info.value.problems] == [
        f"{path}:2: TOML nested too deeply"
    ]


def test_not_utf8(tmp_path: Path) -> None:
    path = user_file(tmp_path, b"timezone = '\xff'\n")
    with pytest.raises(SettingsError, match="not UTF-8 text"):
        load_settings(path)


def test_a_folder_instead_of_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "config.toml"
    folder.mkdir()
    with pytest.raises(SettingsError, match="is a folder"):
        load_settings(folder)


def test_settings_are_frozen(settings: Settings) -> None:
    with pytest.raises(ValueError, match="frozen"):
        settings.reminder_minutes = 5  # type: ignore[misc]


# --------------------------------------------------------------------------- paths


def test_paths_follow_flags_then_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert paths.workspace_dir() == tmp_path / "ws"  # conftest's ROUNDPLANNER_WORKSPACE
    assert paths.workspace_dir(tmp_path / "flag") == tmp_path / "flag"
    assert paths.user_config_file() == tmp_path / "no-such-config.toml"
    assert paths.user_config_file("~/x.toml") == Path.home() / "x.toml"
    monkeypatch.delenv("ROUNDPLANNER_WORKSPACE")
    monkeypatch.delenv("ROUNDPLANNER_CONFIG")
    assert paths.workspace_dir() == paths.default_workspace()
    assert paths.user_config_file().name == "config.toml"


def test_now_is_fixed_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert paths.now().isoformat() == "2026-11-26T09:00:00+00:00"
    monkeypatch.setenv("ROUNDPLANNER_NOW", "2026-12-01T10:00:00+01:00")
    assert paths.now().isoformat() == "2026-12-01T09:00:00+00:00"
    monkeypatch.setenv("ROUNDPLANNER_NOW", "2026-12-01T10:00:00")
    assert paths.now().isoformat() == "2026-12-01T10:00:00+00:00"
