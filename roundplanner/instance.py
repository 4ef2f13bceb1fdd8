"""Tell a second instance of the app on the same workspace that it is not alone.

Two instances cannot lose each other's work (the store refuses to clobber a changed
file and keeps both versions), but conflicts are tiresome, so the second one is warned.
A marker file holds the pid of the instance that opened the workspace first; a marker
left by a process that died is ignored and replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from roundplanner import safeio

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


def _marker_pid(root: Path) -> int | None:
    """The pid the marker holds, read through the safe reader (a FIFO or a link to
    /dev/zero planted there must not hang the app), or None."""
    try:
        data = safeio.read_regular(root / MARKER, 64)
        return int(data.decode("ascii").strip() or "0")
    except (OSError, ValueError, safeio.UnreadableFile):
        return None


def other_instance(root: Path) -> int | None:
    """The pid of another live instance on this workspace, if there is one."""
    pid = _marker_pid(root)
    return pid if pid is not None and pid != os.getpid() and _alive(pid) else None


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
        if (os.path.lexists(path) and not path.is_file()) or path.is_symlink():
            return None  # not a marker we wrote: never write through a link or into a FIFO
        # O_NOFOLLOW: a link planted between the check and the open is refused, not
        # followed to overwrite whatever it points at.
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o600)
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                os.write(fd, f"{os.getpid()}\n".encode())
        finally:
            os.close(fd)
    return None


def release(root: Path) -> None:
    """Remove our marker (and only ours)."""
    path = root / MARKER
    with contextlib.suppress(OSError):
        if not path.is_symlink() and _marker_pid(root) == os.getpid():
            path.unlink()
