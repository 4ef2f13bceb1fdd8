"""Settings: the defaults shipped in `config/` merged with the user's own config file.

The shipped files are split by subject (settings, kinds, templates, checklists) so they
stay readable; the user's file is one TOML file with the same keys, and any key it sets
wins. Tables merge key by key, lists are replaced whole. A bad value is reported as a
`SettingsError` naming the file and the key, never as a traceback.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from datetime import time
from pathlib import Path
from typing import Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from roundplanner import paths, safeio
from roundplanner.model import zone
from roundplanner.problems import Problem, deep_key_line, syntax_problem, validation_problems

SHIPPED_FILES = ("settings.toml", "kinds.toml", "templates.toml", "checklists.toml")


class SettingsError(Exception):
    """A settings file that cannot be used; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KindSpec(_Strict):
    label: str
    duration_minutes: int = Field(default=60, gt=0, le=24 * 60)
    checklists: list[str] = Field(default_factory=list)


class TemplateSpec(_Strict):
    label: str
    rounds: list[str] = Field(min_length=1)


class ChecklistSpec(_Strict):
    label: str
    items: list[str] = Field(default_factory=list)


class PrepSettings(_Strict):
    """How the prep plan spends your days (see plan.py)."""

    minutes_per_day: int = Field(default=90, ge=0, le=24 * 60)
    minutes_per_topic: int = Field(default=30, ge=1, le=24 * 60)
    review_minutes: int = Field(default=30, ge=0, le=24 * 60)
    hours: str = "18:00-21:00"
    horizon_days: int = Field(default=30, ge=1, le=366)
    follow_up_after_days: int = Field(default=5, ge=1, le=365)
    calendar_blocks: bool = False
    """Export prep blocks to the calendar as free-time events."""
    open_on_today: bool = True
    """Open the TUI on Today when something is due today (before Upcoming)."""

    @field_validator("hours")
    @classmethod
    def _hours_are_a_span(cls, value: str) -> str:
        start, end = _span(value)
        if end <= start:
            raise ValueError(f"hours {value!r}: the end must be after the start (18:00-21:00)")
        return value

    @property
    def hours_start(self) -> time:
        return _span(self.hours)[0]

    @property
    def hours_end(self) -> time:
        return _span(self.hours)[1]

    @property
    def window_minutes(self) -> int:
        start, end = _span(self.hours)
        return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def _span(text: str) -> tuple[time, time]:
    """'18:00-21:00' as two times of day; ValueError naming the form otherwise."""
    parts = text.replace(" ", "").split("-")
    try:
        start, end = (time.fromisoformat(part) for part in parts)
    except ValueError:
        raise ValueError(f"hours {text!r} must look like 18:00-21:00") from None
    return start, end


class CaldavSpec(_Strict):
    """Where `roundplanner sync` pushes the calendar: a CalDAV calendar collection.

    The password is never stored here: `password_command` prints it (as khal and
    vdirsyncer do), and ROUNDPLANNER_CALDAV_PASSWORD overrides it.
    """

    url: str = ""
    username: str = ""
    password_command: str = ""
    ca_file: str = ""
    timeout_seconds: int = Field(default=30, ge=1, le=600)

    @field_validator("url")
    @classmethod
    def _url_is_http(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"https?://[^\s/?#]+(/\S*)?", value, flags=re.IGNORECASE):
            raise ValueError("must be an http:// or https:// address of a calendar collection")
        return value

    @field_validator("password_command")
    @classmethod
    def _command_splits(cls, value: str) -> str:
        try:
            shlex.split(value)
        except ValueError as error:
            raise ValueError(f"cannot be split into words: {error}") from None
        return value

    @property
    def configured(self) -> bool:
        return bool(self.url)


class Settings(_Strict):
    """Everything configurable, validated as a whole."""

    timezone: str = ""
    reminder_minutes: int = Field(default=30, ge=0, le=7 * 24 * 60)
    upcoming_hours: int = Field(default=48, ge=0, le=24 * 365)
    ghosted_after_days: int = Field(default=21, ge=1, le=3650)
    auto_export: str = ""
    theme: str = "textual-dark"
    caldav: CaldavSpec = Field(default_factory=CaldavSpec)
    kinds: dict[str, KindSpec] = Field(default_factory=dict)
    templates: dict[str, TemplateSpec] = Field(default_factory=dict)
    checklists: dict[str, ChecklistSpec] = Field(default_factory=dict)
    prep: PrepSettings = Field(default_factory=PrepSettings)
    _source: str = PrivateAttr("defaults")

    @property
    def source(self) -> str:
        """The file the user's values came from ("defaults" when there is none): what a
        value that only the TUI can check (the theme) is reported against."""
        return self._source

    @field_validator("timezone")
    @classmethod
    def _zone_exists(cls, value: str) -> str:
        if value:
            zone(value)
        return value

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        for name, kind in self.kinds.items():
            for checklist in kind.checklists:
                if checklist not in self.checklists:
                    raise ValueError(f"kinds.{name}.checklists: unknown checklist {checklist!r}")
        for name, template in self.templates.items():
            for kind_name in template.rounds:
                if kind_name not in self.kinds:
                    raise ValueError(f"templates.{name}.rounds: unknown round kind {kind_name!r}")
        return self

    @property
    def zone_name(self) -> str:
        """The user's zone: the configured one, else the machine's."""
        return self.timezone or paths.local_zone_name()

    @property
    def kind_labels(self) -> dict[str, str]:
        return {name: kind.label for name, kind in self.kinds.items()}

    def kind_duration(self, kind: str) -> int:
        spec = self.kinds.get(kind)
        return spec.duration_minutes if spec else 60

    def checklist_items(self, kind: str) -> list[str]:
        """The default topics for a new round of `kind`, in order, without repeats."""
        spec = self.kinds.get(kind)
        items: list[str] = []
        for checklist in spec.checklists if spec else []:
            for item in self.checklists[checklist].items:
                if item not in items:
                    items.append(item)
        return items


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` on top of `base`: tables merge key by key, everything else is replaced."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


MAX_SETTINGS_BYTES = 1024 * 1024
"""A settings file is a few KB; anything near this is not one."""


MAX_KEY_PARTS = 64
"""No setting's key has more than a few parts (`[themes.x.colors]`)."""


def read_toml(path: Path, shown_as: str | None = None) -> dict[str, Any]:
    """Parse a TOML file, or raise SettingsError naming the file and line."""
    shown = shown_as or str(path)
    try:
        data = safeio.read_regular(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        raise SettingsError([Problem(shown, "cannot read: no such file")]) from None
    except safeio.UnreadableFile as error:
        raise SettingsError([Problem(shown, str(error))]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SettingsError([Problem(shown, "not UTF-8 text")]) from None
    deep = deep_key_line(text, MAX_KEY_PARTS)
    if deep is not None:  # tomllib would take minutes over a key of thousands of parts
        raise SettingsError([Problem(shown, "TOML nested too deeply", deep)])
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError([syntax_problem(error, shown, text)]) from None
    except RecursionError:
        raise SettingsError([Problem(shown, "TOML nested too deeply")]) from None
    except ValueError as error:  # an integer of more than 4300 digits, say
        reason = str(error).split(";")[0]
        raise SettingsError([Problem(shown, f"cannot read a value: {reason}")]) from None


def shipped_defaults() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    folder = paths.shipped_config_dir()
    for name in SHIPPED_FILES:
        merged = deep_merge(merged, read_toml(folder / name))
    return merged


def load_settings(user_file: Path | None = None, *, required: bool = False) -> Settings:
    """Shipped defaults, overridden by `user_file` when it exists (it must when `required`)."""
    data = shipped_defaults()
    shown = "defaults"
    if user_file is not None and (required or user_file.exists()):
        shown = str(user_file)
        data = deep_merge(data, read_toml(user_file))
    try:
        settings = Settings.model_validate(data)
    except ValidationError as error:
        raise SettingsError(_settings_problems(error, shown)) from None
    settings._source = shown
    return settings


def _settings_problems(error: ValidationError, shown: str) -> list[Problem]:
    problems = validation_problems(error, shown)
    # Cross-reference errors carry their own key path in the message; lift it out.
    fixed = []
    for problem in problems:
        if not problem.field and ": " in problem.message:
            key, _, message = problem.message.partition(": ")
            fixed.append(Problem(problem.path, message, None, key))
        else:
            fixed.append(problem)
    return fixed
