"""The one way the app reads a file it did not write, and writes any file: safely.

Every file roundplanner opens (company files, the story bank, settings, an invite, the
cache) comes through `read_regular`. A FIFO would block a plain `read_bytes()` forever, a
link to `/dev/zero` reports `st_size == 0` and then reads until memory runs out, and a
socket or a device is never a user's data. So the file is opened without blocking, checked
to be a regular file *on the descriptor we read from* (no race between a check and the
open), and read with a hard limit that holds whatever `st_size` says.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


class StoreError(Exception):
    """A write that could not happen; nothing on disk changed. The message says why, and
    each caller says what became of the change (the TUI keeps it in memory and retries).

    Defined here, beside the writes, rather than in store.py: the command line catches it
    around every command, and importing the store (and with it pydantic, ~0.15 s) just
    for that would delay the TUI's first frame, which needs neither."""


class UnreadableFile(OSError):
    """A file that cannot be read as data; the message is one line, without the path.

    An OSError, so that code which already treats a failed read as "not there" or "skip
    it" (caches, probes) treats these the same way without knowing of them."""


def _describe(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a pipe (FIFO), not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    return "is not a regular file"


def _too_large(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"the limit is {limit // (1024 * 1024)} MB"
    return f"the limit is {limit // 1024} KB"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path` (links followed), at most `limit` of them.

    Raises FileNotFoundError when there is no such file (callers treat that as "absent"),
    and UnreadableFile for everything else that stops a read: a folder, a FIFO, a device,
    a file larger than `limit`, a permission or I/O error.
    """
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not hang; on a regular file it
        # changes nothing.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise UnreadableFile("is a folder, not a file") from None
    except OSError as error:
        if error.errno == errno.ENOTDIR:
            raise FileNotFoundError(str(path)) from None
        raise UnreadableFile(f"cannot read: {error.strerror or error}") from None
    return _read_open(fd, limit)


def read_private(path: Path, limit: int) -> bytes:
    """Like `read_regular`, but only a file this user owns and nobody else may write
    (what is unpickled must not be something another user could have planted)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    info = os.fstat(fd)
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        os.close(fd)
        raise UnreadableFile("is not private to this user")
    return _read_open(fd, limit)


def _read_open(fd: int, limit: int) -> bytes:
    """Read an opened descriptor as `read_regular` promises, closing it."""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(_describe(info.st_mode))
        if info.st_size > limit:
            size = info.st_size / (1024 * 1024)
            raise UnreadableFile(f"file is {size:.1f} MB; {_too_large(limit)}")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                # The file grew while we read it (or lied about its size).
                raise UnreadableFile(f"file is larger than allowed; {_too_large(limit)}")
        return b"".join(chunks)
    except UnreadableFile:
        raise
    except OSError as error:
        raise UnreadableFile(f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(fd)


def read_stream(stream: object, limit: int) -> bytes:
    """At most `limit` bytes from a binary stream (stdin), refusing anything longer."""
    read = getattr(stream, "read")  # noqa: B009 - a file-like object
    data: bytes = read(limit + 1)
    if len(data) > limit:
        raise UnreadableFile(f"input is larger than allowed; {_too_large(limit)}")
    return data


# --------------------------------------------------------------------------- writing

TEMP_SUFFIX = ".tmp"


def temp_prefix(target: Path) -> str:
    """`.<name>.<pid>.`: a temp file names its writer, so a later run can tell a live
    writer's file from one a killed process left behind."""
    return f".{target.name}.{os.getpid()}."


def _writer_alive(name: str, target_name: str) -> bool:
    """Whether the process that made temp file `name` (for `target_name`) still runs."""
    middle = name[len(target_name) + 2 : -len(TEMP_SUFFIX)]
    pid_text = middle.split(".", 1)[0]
    if not pid_text.isdigit():
        return True  # not ours, or an older naming: leave it to the age-based sweep
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def sweep_dead_temp_files(target: Path) -> None:
    """Remove temp files for `target` left by writers that no longer run (a SIGKILL mid-write).

    Best effort: a folder that cannot be listed, or a file that cannot be removed, is left
    as it is (the write itself will report what matters).
    """
    prefix = f".{target.name}."
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        ours = name.startswith(prefix) and name.endswith(TEMP_SUFFIX)
        if ours and not _writer_alive(name, target.name):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def resolve_target(path: Path) -> Path:
    """Where a write to `path` must land: through every symlink to the real file.

    Replacing the link itself would turn a link into a synced calendar (or a company file
    kept elsewhere) into a private copy that nothing reads. Refuses what is not a regular
    file (a device, a FIFO, a folder): `-o /dev/null` as root must not replace the device.
    """
    real = Path(os.path.realpath(path))
    try:
        info = os.stat(real)
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise UnreadableFile(f"folder {real.parent} does not exist") from None
        return real
    except OSError as error:
        raise UnreadableFile(f"cannot write: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(f"{_describe(info.st_mode)}; nothing was written to it")
    return real


def atomic_write(
    path: Path,
    data: bytes,
    *,
    mode: int | None = None,
    before_replace: Callable[[Path], None] | None = None,
) -> Path:
    """Replace the file at `path` (through links) with `data`, whole or not at all.

    A temp file beside the real target, fsync, rename, fsync of the folder: a crash at any
    moment leaves the old bytes or the new ones. `mode` sets the permissions; without it an
    existing file keeps its own and a new file is user-only (0600). Temp files of killed
    writers are swept first. `before_replace(target)` runs after the data is durable and
    just before the rename, to check the target once more (it raises to call the write
    off). Returns the path written. Raises UnreadableFile for a target that is not a
    regular file, OSError for a failed write (nothing is left behind).
    """
    target = resolve_target(path)
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = 0o600
    sweep_dead_temp_files(target)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(target), suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        _keep_owner(tmp, target)
        if before_replace is not None:
            before_replace(target)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(target.parent)
    return target


def _keep_owner(tmp: str, target: Path) -> None:
    """Give the new file the old one's owner (root exporting into a user's file, `sudo`),
    so the user can still read their own calendar. Best effort: only root may chown."""
    try:
        info = os.stat(target)
    except OSError:
        return
    if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):
            os.chown(tmp, info.st_uid, info.st_gid)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort: some file systems refuse)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
