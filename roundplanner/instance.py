"""Tell a second instance of the app on the same workspace that it is not alone.

Two instances cannot lose each other's work (the store refuses to clobber a changed
file and keeps both versions), but conflicts are tiresome, so the second one is warned.
A marker file holds the pid of the instance that opened the workspace first; a marker
left by a process that died is ignored and replaced.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

MARKER = ".roundplanner.pid"


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def other_instance(root: Path) -> int | None:
    """The pid of another live instance on this workspace, if there is one."""
    try:
        pid = int((root / MARKER).read_text().strip() or "0")
    except (OSError, ValueError):
        return None
    return pid if pid != os.getpid() and _alive(pid) else None


def claim(root: Path) -> int | None:
    """Mark the workspace as open by this process; return the other live pid, if any.

    When another instance holds the marker it is left in place (it was first).
    """
    other = other_instance(root)
    if other is not None:
        return other
    with contextlib.suppress(OSError):
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = root / MARKER
        path.write_text(f"{os.getpid()}\n")
        os.chmod(path, 0o600)
    return None


def release(root: Path) -> None:
    """Remove our marker (and only ours)."""
    path = root / MARKER
    with contextlib.suppress(OSError, ValueError):
        if int(path.read_text().strip()) == os.getpid():
            path.unlink()
