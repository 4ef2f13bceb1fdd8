"""The second-instance warning: a live pid in the marker is reported, a dead one is not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from roundplanner import instance


def test_first_instance_claims_and_releases(tmp_path: Path) -> None:
    assert instance.claim(tmp_path) is None
    assert (tmp_path / instance.MARKER).read_text().strip() == str(os.getpid())
    instance.release(tmp_path)
    assert not (tmp_path / instance.MARKER).exists()


def test_second_live_instance_is_reported(tmp_path: Path) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / instance.MARKER).write_text(f"{other.pid}\n")
        assert instance.claim(tmp_path) == other.pid
        instance.release(tmp_path)  # not ours: left alone
        assert (tmp_path / instance.MARKER).exists()
    finally:
        other.kill()
        other.wait()


def test_marker_of_a_dead_process_is_replaced(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / instance.MARKER).write_text(f"{dead.pid}\n")
    assert instance.claim(tmp_path) is None
    assert (tmp_path / instance.MARKER).read_text().strip() == str(os.getpid())


def test_garbage_marker_is_ignored(tmp_path: Path) -> None:
    (tmp_path / instance.MARKER).write_text("not a pid")
    assert instance.claim(tmp_path) is None
