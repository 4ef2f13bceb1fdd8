"""The one way the app reads a file it did not write itself: regular files only, bounded.

Every file roundplanner opens (company files, the story bank, settings, an invite, the
cache) comes through `read_regular`. A FIFO would block a plain `read_bytes()` forever, a
link to `/dev/zero` reports `st_size == 0` and then reads until memory runs out, and a
socket or a device is never a user's data. So the file is opened without blocking, checked
to be a regular file *on the descriptor we read from* (no race between a check and the
open), and read with a hard limit that holds whatever `st_size` says.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class UnreadableFile(Exception):
    """A file that cannot be read as data; the message is one line, without the path."""


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
