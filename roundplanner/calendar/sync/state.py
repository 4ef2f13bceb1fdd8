"""What a sync knows of the server: per object we wrote, its href, ETag and digest.

Kept in the user's state folder (ROUNDPLANNER_STATE overrides it), never in the workspace,
so a workspace in git or on a sync drive stays clean.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_state_path

from roundplanner import paths, safeio

STATE_ENV = "ROUNDPLANNER_STATE"
"""A folder for the sync state instead of the user's state folder (tests, scripts)."""
STATE_FORMAT = 1
MAX_STATE_BYTES = 64 * 1024 * 1024


def state_dir() -> Path:
    """ROUNDPLANNER_STATE, else the user's state folder: never inside the workspace."""
    override = os.environ.get(STATE_ENV)
    if override:
        return Path(override).expanduser()
    return user_state_path(paths.APP_NAME, appauthor=False) / "sync"


def state_file(url: str, workspace: Path) -> Path:
    """One state file per (calendar, workspace): two workspaces may sync to two calendars."""
    key = f"{url}\0{os.path.realpath(workspace)}".encode()
    return state_dir() / f"{hashlib.blake2b(key, digest_size=12).hexdigest()}.json"


@dataclass
class Known:
    """What we last agreed with the server about one of our objects."""

    href: str
    etag: str | None
    digest: str
    slug: str = ""
    """The company it belongs to: while that file cannot be read, its objects stay."""


def load_state(path: Path) -> dict[str, Known]:
    """The recorded objects by UID; an absent or unreadable state is an empty one (the
    first sync then finds our objects at their hrefs and adopts them)."""
    try:
        data = json.loads(safeio.read_regular(path, MAX_STATE_BYTES))
        if data.get("format") != STATE_FORMAT:
            return {}
        return {
            uid: Known(
                str(entry["href"]),
                entry.get("etag"),
                str(entry["digest"]),
                str(entry.get("slug", "")),
            )
            for uid, entry in data["objects"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_state(path: Path, url: str, known: dict[str, Known]) -> None:
    objects = {
        uid: {"href": k.href, "etag": k.etag, "digest": k.digest, "slug": k.slug}
        for uid, k in sorted(known.items())
    }
    data = {"format": STATE_FORMAT, "url": url, "objects": objects}
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    safeio.atomic_write(path, json.dumps(data, indent=1).encode())


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
