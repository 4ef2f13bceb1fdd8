"""One lock for every read-check-write of a workspace file, shared by the CLI and the TUI.

Two `roundplanner import`s into the same company, or an import while the TUI saves, each
read the file, change it and write it back. Without a lock between the check "has the file
changed since I read it?" and the rename, one writer's round is lost or pushed aside. Every
writer therefore holds this lock from the moment it (re)reads the file it is about to
change until the rename is done.

The lock is `flock` on the workspace folder itself: nothing extra is created in the
workspace (it stays clean in git or on a sync drive), the kernel drops it when a process
dies (no stale lock files), and it works between processes and between threads of one
process (each holder opens its own descriptor). Where `flock` does not exist (Windows) or
the folder cannot be opened, writers go on unlocked: the store's on-disk check still keeps
both versions apart, as before.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

WAIT_SECONDS = 15.0
"""How long a writer waits for another to finish; a save takes milliseconds."""


class WorkspaceBusy(Exception):
    """Another process held the workspace lock for longer than WAIT_SECONDS."""


class WorkspaceLock:
    """A re-entrant (per thread) exclusive lock on one workspace folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._local = threading.local()

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the `with` block; nested uses in one thread share one hold."""
        depth = getattr(self._local, "depth", 0)
        if depth:
            self._local.depth = depth + 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        fd = self._acquire()
        self._local.depth = 1
        try:
            yield
        finally:
            self._local.depth = 0
            if fd is not None:
                os.close(fd)  # closing the descriptor releases the flock

    def _acquire(self) -> int | None:
        if fcntl is None:
            return None
        try:
            fd = os.open(self.root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            return None  # no folder yet, or not ours to open: the write will say why
        deadline = time.monotonic() + WAIT_SECONDS
        delay = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise WorkspaceBusy(
                        f"{self.root}: another roundplanner has been writing for "
                        f"{WAIT_SECONDS:.0f} s; try again"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
            except OSError:
                os.close(fd)
                return None  # a file system without flock: go on unlocked
