"""Where things live: the workspace, the user's config file, the shipped defaults, the clock.

Every location can be overridden by a flag or an environment variable, so tests,
scripts and a coach running several people's searches can point the app anywhere.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

APP_NAME = "roundplanner"
WORKSPACE_ENV = "ROUNDPLANNER_WORKSPACE"
CONFIG_ENV = "ROUNDPLANNER_CONFIG"
NOW_ENV = "ROUNDPLANNER_NOW"
"""A fixed ISO 8601 instant to use as 'now' (tests, screenshots, demos)."""


def default_workspace() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "workspace"


def workspace_dir(override: str | Path | None = None) -> Path:
    """The workspace folder: the flag, else ROUNDPLANNER_WORKSPACE, else the user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(WORKSPACE_ENV)
    if env:
        return Path(env).expanduser()
    return default_workspace()


def user_config_file(override: str | Path | None = None) -> Path:
    """The user's settings file: the flag, else ROUNDPLANNER_CONFIG, else the config dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def shipped_config_dir() -> Path:
    """The defaults shipped with the app: inside the wheel, or `config/` in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "_config"
    if installed.is_dir():
        return installed
    return here.parent / "config"


def now() -> datetime:
    """The current instant (UTC), or the one fixed by ROUNDPLANNER_NOW."""
    fixed = os.environ.get(NOW_ENV)
    if fixed:
        value = datetime.fromisoformat(fixed)
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    return datetime.now(UTC).replace(microsecond=0)


def local_zone_name() -> str:
    """The IANA name of the machine's zone (TZ, /etc/localtime), or 'UTC' when unknown."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and "/" in tz and not tz.startswith("/") and _is_zone(tz):
        return tz
    if tz == "UTC":
        return "UTC"
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return "UTC"
    marker = "zoneinfo/"
    if marker in target:
        name = target.split(marker, 1)[1]
        for candidate in (name, name.removeprefix("posix/").removeprefix("right/")):
            if _is_zone(candidate):
                return candidate
    return "UTC"


def _is_zone(name: str) -> bool:
    """Whether `name` is a zone this machine knows (a bad TZ must not crash every command)."""
    from zoneinfo import ZoneInfo

    if ".." in name:
        return False
    try:
        ZoneInfo(name)
    except Exception:
        return False
    return True
