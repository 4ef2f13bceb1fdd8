"""A real Radicale CalDAV server on loopback for the sync tests: no mock of the server.

Started as a subprocess on 127.0.0.1 with a free port, a temporary storage folder and an
htpasswd file of one user; waited for (bounded); stopped (and restartable on the same
port and storage, for the "server went away" tests).
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import subprocess
import sys
import time
from pathlib import Path

USER = "alice"
PASSWORD = "correct horse"
_names = itertools.count(1)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Radicale:
    """One Radicale process; `calendar()` makes a fresh collection and returns its URL."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.log = folder / "radicale.log"
        self.process: subprocess.Popen[bytes] | None = None
        (folder / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{self.port}",
            "--storage-filesystem-folder",
            str(self.folder / "storage"),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(self.folder / "users"),
            "--auth-htpasswd-encryption",
            "plain",
            "--auth-delay",
            "0",
            "--rights-type",
            "owner_only",
            "--logging-level",
            "info",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        for _ in range(200):  # at most ~10 s
            if self.process.poll() is not None:
                raise RuntimeError(f"radicale exited: {self.log.read_text()[-2000:]}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("radicale did not answer in time")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def calendar(self) -> str:
        """A new, empty calendar collection of the user; its URL."""
        from caldav.davclient import DAVClient

        url = f"{self.base}{USER}/cal{next(_names)}/"
        client = DAVClient(url=self.base, username=USER, password=PASSWORD, auth_type="basic")
        # The principal's home is made on the first authenticated request.
        client.request(f"{self.base}{USER}/", "PROPFIND", "", {"Depth": "0"})
        reply = client.request(url, "MKCALENDAR", "")
        assert reply.status == 201, reply.status
        client.close()
        return url
