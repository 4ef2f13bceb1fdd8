"""Quitting before the first screen is up, in a real terminal: the app ends cleanly.

A first open at many companies takes a moment (prefetch.py); a key pressed meanwhile is
handled as soon as the first screen is made, and quitting then took the app down: the
header's title was set on a header already being taken down. Only a real process in a
pseudo-terminal shows it (the prefetch needs a terminal, and the race needs a real
driver), so this test runs one.
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from datetime import datetime
from pathlib import Path

import pytest

from roundplanner.demo import generate_realistic, write_generated
from roundplanner.settings import Settings

from .conftest import FIXED_NOW

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a pseudo-terminal")

ALTERNATE_SCREEN = b"\x1b[?1049h"
"""Textual has taken the terminal: the app is starting, its first screen not drawn yet."""


def _run_and_quit_at_once(root: Path, env: dict[str, str]) -> tuple[int, bytes]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "roundplanner", "--workspace", str(root)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    output = bytearray()
    quit_sent = False
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and process.poll() is None:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    output += os.read(master, 65536)
                except OSError:
                    break
            if not quit_sent and ALTERNATE_SCREEN in output:
                os.write(master, b"\x11")  # ctrl+q
                quit_sent = True
        return process.wait(timeout=30), bytes(output)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)


def test_quitting_while_a_first_open_is_still_loading_ends_cleanly(
    tmp_path: Path, tui_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ROUNDPLANNER_DEBUG", raising=False)
    root = tmp_path / "ws"
    write_generated(root, generate_realistic(300, tui_settings, datetime.fromisoformat(FIXED_NOW)))
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONDONTWRITEBYTECODE": "1"}
    code, output = _run_and_quit_at_once(root, env)
    crash_log = Path(env["XDG_STATE_HOME"]) / "roundplanner" / "crash.log"
    assert not crash_log.exists(), crash_log.read_text()[-600:]
    assert code == 0, output[-400:]
