"""Cold start and peak memory of a real process in a pseudo-terminal.

The clock starts just before the process is spawned and stops when the bytes the app
writes to its terminal first contain a company name: Textual writes each frame in one
go, so that is the first frame in which the companies are visible. The terminal is a
fixed 120x36 (TIOCSWINSZ on the pty before the process starts). Then the app is asked
to quit (ctrl+q), and, if it does not within a few seconds, its process group gets
SIGTERM and then SIGKILL; the child is always reaped, and `os.wait4` hands back its
resource usage, whose `ru_maxrss` is the peak RSS of that process.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

COLUMNS, LINES = 120, 36
CTRL_Q = b"\x11"


class LaunchError(Exception):
    """The process never drew what we waited for (it crashed, or timed out)."""


@dataclass(frozen=True)
class Launch:
    """One run: seconds to the first frame showing the pattern, the CPU seconds the
    process had used by then (all its threads), and its peak RSS in bytes."""

    seconds: float
    cpu_seconds: float
    peak_rss: int


def launch(
    argv: Sequence[str],
    pattern: bytes,
    *,
    env: Mapping[str, str],
    cwd: str,
    timeout: float = 60.0,
    settle: bool = False,
) -> Launch:
    """Run `argv` in a 120x36 pty until its output matches `pattern`; then stop it.

    With `settle`, wait after the match until the process has gone idle (loaded what
    it loads after its first frame) before stopping it: for peak memory.
    """
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    found = re.compile(pattern)
    start = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=dict(env),
        cwd=cwd,
        start_new_session=True,  # its own process group: stopping it stops its children
        close_fds=True,
    )
    os.close(slave)
    output = bytearray()
    seconds: float | None = None
    cpu = 0.0
    try:
        seconds = _wait_for(master, found, output, start, timeout)
        cpu = cpu_seconds(process.pid)
        if settle and seconds is not None:
            _wait_idle(process.pid, master, timeout)
    finally:
        peak = _stop(process, master)
        os.close(master)
    if seconds is None:
        tail = bytes(output[-400:]).decode("utf-8", "replace")
        raise LaunchError(f"{argv[1:]!r}: no match for {pattern!r} in {timeout}s: {tail!r}")
    return Launch(seconds, cpu, peak)


def _wait_for(
    master: int, found: re.Pattern[bytes], output: bytearray, start: float, timeout: float
) -> float | None:
    """Read the app's output until `found` matches it; the elapsed seconds, or None."""
    deadline = start + timeout
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the process closed the terminal (it exited)
            return None
        if not chunk:
            return None
        now = time.perf_counter()
        # Search only what can hold a new match: the new bytes and a short overlap.
        window = bytes(output[-64:]) + chunk
        output.extend(chunk)
        if found.search(window):
            return now - start
    return None


IDLE_WINDOW = 0.5
"""Seconds without (much) CPU use after which a process counts as idle."""


def _wait_idle(pid: int, master: int, timeout: float) -> None:
    """Keep draining the pty until `pid` used under 2% of a CPU for IDLE_WINDOW seconds."""
    deadline = time.perf_counter() + timeout
    window: list[tuple[float, float]] = []
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            with contextlib.suppress(OSError):
                os.read(master, 65536)
        now = time.perf_counter()
        window.append((now, cpu_seconds(pid)))
        while window and now - window[0][0] > IDLE_WINDOW:
            if len(window) > 1 and now - window[1][0] >= IDLE_WINDOW:
                window.pop(0)
            else:
                break
        first_time, first_cpu = window[0]
        if now - first_time >= IDLE_WINDOW and window[-1][1] - first_cpu < 0.02 * IDLE_WINDOW:
            return


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by every thread of `pid` (Linux schedstat, nanoseconds).

    Less sensitive than wall time to other work on a busy machine: it counts only the
    time the process itself ran.
    """
    total = 0
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/schedstat") as handle:
                    total += int(handle.read().split()[0])
            except (OSError, ValueError, IndexError):
                continue  # a thread that ended meanwhile
    return total / 1e9


def _stop(process: subprocess.Popen[bytes], master: int) -> int:
    """Quit the app politely, then firmly; reap it and return its peak RSS in bytes."""
    with contextlib.suppress(OSError):
        os.write(master, CTRL_Q)
    for sig in (None, signal.SIGTERM, signal.SIGKILL):
        if sig is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, sig)
        if _drain_until_exit(process, master, 5.0):
            break
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    # Anything the app started in its group goes with it.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    return usage.ru_maxrss * 1024  # kilobytes on Linux


def _drain_until_exit(process: subprocess.Popen[bytes], master: int, seconds: float) -> bool:
    """Keep reading (a full pty would block the app's exit) until it exits; True if it did."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if _exited(process.pid):
            return True
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            with contextlib.suppress(OSError):
                os.read(master, 65536)
    return _exited(process.pid)


def _exited(pid: int) -> bool:
    """True once `pid` is a zombie (exited, not yet reaped), without reaping it."""
    status = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    return status is not None
