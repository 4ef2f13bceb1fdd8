"""Where things live: the workspace, the user's config file, the shipped defaults, the clock.

Every location can be overridden by a flag or an environment variable, so tests,
scripts and a coach running several people's searches can point the app anywhere.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

APP_NAME = "roundplanner"
WORKSPACE_ENV = "ROUNDPLANNER_WORKSPACE"
CONFIG_ENV = "ROUNDPLANNER_CONFIG"
NOW_ENV = "ROUNDPLANNER_NOW"
DEBUG_ENV = "ROUNDPLANNER_DEBUG"
"""Set to let an unexpected error raise with its traceback (the test suite sets it)."""
"""A fixed ISO 8601 instant to use as 'now' (tests, screenshots, demos)."""

# platformdirs (~14 ms) and traceback (~4 ms) are imported where a default folder or a
# crash needs them: `roundplanner agenda` with a workspace given needs neither.


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


class BadEnvironment(ValueError):
    """An environment variable the app reads holds something it cannot use."""


def now() -> datetime:
    """The current instant (UTC), or the one fixed by ROUNDPLANNER_NOW.

    A fixed instant outside 1900-2199 (the model's range) is refused like any other
    unusable value: countdowns and exports add days and zones to it."""
    fixed = os.environ.get(NOW_ENV)
    if fixed:
        try:
            value = datetime.fromisoformat(fixed.strip())
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            value = value.astimezone(UTC)
        except (ValueError, OverflowError):
            value = None
        if value is None or not 1900 <= value.year <= 2199:
            raise BadEnvironment(
                f"{NOW_ENV}={fixed[:60]!r} is not an ISO 8601 date-time between 1900 and 2199"
            )
        return value
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
    if ".." in name:
        return False
    try:
        ZoneInfo(name)
    except Exception:
        return False
    return True


def write_crash_log(error: BaseException) -> str:
    """Append the traceback to the crash log in the user's state folder; return its path.

    Used by the TUI and the command line alike, so an unexpected error is one line on the
    screen and the whole story in one file."""
    import traceback

    return write_crash_text("".join(traceback.format_exception(error)))


def write_crash_text(details: str) -> str:
    """Append `details` (a traceback, as text) to the crash log; return the log's path."""
    from platformdirs import user_state_path

    try:
        folder = user_state_path(APP_NAME, appauthor=False)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        log = folder / "crash.log"
        # Appended without blocking and only to a regular file: a FIFO planted there must
        # not hang the one step meant to report a problem.
        flags = (
            os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
        )
        fd = os.open(log, flags, 0o600)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return "nowhere: crash.log is not a regular file"
            text = f"--- {datetime.now(UTC).isoformat()}\n"
            text += details
            os.write(fd, text.encode("utf-8", "backslashreplace"))
        finally:
            os.close(fd)
        return str(log)
    except OSError as failure:
        return f"nowhere: the crash log cannot be written ({failure.strerror or failure})"
