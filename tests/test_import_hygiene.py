"""Nothing outside `tui/` imports Textual; only the calendar imports icalendar and caldav.

Checked twice: by importing the core in a fresh interpreter and looking at sys.modules
(what really happens), and by reading every import statement in the source (what could
happen in a code path the first check did not take, such as a lazy import).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "roundplanner"

NAMED_CORE = ["model", "store", "settings", "cli", "demo", "output.text", "output.json_data"]
"""The modules the design names as core; each must exist."""


def core_modules() -> list[str]:
    """Every top-level module of the package, and of output/ (the TUI and the calendar
    are packages with their own rules)."""
    top = [
        f"roundplanner.{path.stem}"
        for path in sorted(PACKAGE.glob("*.py"))
        if path.name not in ("__init__.py", "__main__.py", "calendar.py")
    ]
    output = [f"roundplanner.output.{path.stem}" for path in sorted(PACKAGE.glob("output/*.py"))]
    return top + [name for name in output if not name.endswith("__init__")]


def loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return set(json.loads(result.stdout))


def top_package(name: str) -> str:
    return name.split(".")[0]


def test_the_named_core_modules_exist() -> None:
    for name in NAMED_CORE:
        assert f"roundplanner.{name}" in core_modules()


def test_importing_the_core_loads_neither_textual_nor_icalendar() -> None:
    modules = core_modules()
    loaded = {top_package(name) for name in loaded_after_import(modules)}
    assert "roundplanner" in loaded and "pydantic" in loaded  # the import did happen
    assert "textual" not in loaded
    assert "icalendar" not in loaded
    assert "recurring_ical_events" not in loaded
    assert "caldav" not in loaded
    assert "niquests" not in loaded


@pytest.mark.parametrize("module", NAMED_CORE)
def test_each_core_module_alone(module: str) -> None:
    loaded = {top_package(name) for name in loaded_after_import([f"roundplanner.{module}"])}
    assert not {"textual", "icalendar", "caldav"} & loaded


def imports_of(path: Path) -> set[str]:
    """Top-level package names imported anywhere in a file, lazy imports included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(top_package(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(top_package(node.module))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(top_package(str(node.args[0].value)))
    return names


def source_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_only_the_tui_imports_textual() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in source_files()
        if "textual" in imports_of(path) and "tui" not in path.relative_to(PACKAGE).parts
    ]
    assert offenders == []


@pytest.mark.parametrize("library", ["icalendar", "recurring_ical_events", "caldav"])
def test_only_the_calendar_imports_icalendar(library: str) -> None:
    def in_calendar(path: Path) -> bool:
        relative = path.relative_to(PACKAGE)
        return relative.parts[0] in ("calendar", "calendar.py")

    offenders = [
        str(path.relative_to(ROOT))
        for path in source_files()
        if library in imports_of(path) and not in_calendar(path)
    ]
    assert offenders == []


def test_the_grep_sees_the_calendar_libraries() -> None:
    """The source check would be vacuous if it could not find them where they are used."""
    calendar = [p for p in source_files() if p.relative_to(PACKAGE).parts[0] == "calendar"]
    used = set().union(*(imports_of(path) for path in calendar))
    assert {"icalendar", "recurring_ical_events", "caldav"} <= used


def test_importing_the_calendar_package_does_not_load_caldav() -> None:
    """Only a sync pays for the CalDAV client: export and import never load it."""
    loaded = {top_package(name) for name in loaded_after_import(["roundplanner.calendar"])}
    assert "icalendar" in loaded
    assert "caldav" not in loaded


def test_the_grep_sees_the_tui() -> None:
    """The source check would be vacuous if it could not find Textual where it is used."""
    tui = [path for path in source_files() if "tui" in path.relative_to(PACKAGE).parts]
    if not tui:
        pytest.skip("no TUI in this tree")
    assert any("textual" in imports_of(path) for path in tui)
