"""The `[caldav]` settings made usable: the calendar address, TLS, the password.

The password comes from ROUNDPLANNER_CALDAV_PASSWORD or `password_command` (run without a
shell, with a timeout), lives only in memory, and never reaches a file or a message.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roundplanner import safeio
from roundplanner.calendar.sync.errors import SyncSetupError

if TYPE_CHECKING:
    from roundplanner.settings import CaldavSpec

PASSWORD_ENV = "ROUNDPLANNER_CALDAV_PASSWORD"
PASSWORD_TIMEOUT = 30
"""Seconds a password command may take (a keyring prompt needs a moment, not forever)."""


@dataclass(frozen=True)
class Account:
    """How to reach the calendar collection; the password only ever lives in memory."""

    url: str
    username: str
    password: str | None
    verify: bool | str
    timeout: int

    def __repr__(self) -> str:  # never print a password by accident
        return f"Account(url={self.url!r}, username={self.username!r})"


def account_from(spec: CaldavSpec, shown: str) -> Account:
    """The account the settings describe; SyncSetupError naming `shown` (the settings file)
    and the key when one cannot be used."""
    if not spec.url:
        raise SyncSetupError(f"{shown}: caldav.url: not set; sync needs a calendar address")
    url = spec.url if spec.url.endswith("/") else spec.url + "/"
    verify: bool | str = True
    if spec.ca_file:
        ca = Path(spec.ca_file).expanduser()
        try:
            safeio.read_regular(ca, 16 * 1024 * 1024)
        except FileNotFoundError:
            raise SyncSetupError(f"{shown}: caldav.ca_file: no such file: {ca}") from None
        except safeio.UnreadableFile as error:
            raise SyncSetupError(f"{shown}: caldav.ca_file: {ca}: {error}") from None
        verify = str(ca)
    password = os.environ.get(PASSWORD_ENV)
    if password is None and spec.password_command:
        password = _run_password_command(spec.password_command, shown)
    if spec.username and password is None:
        raise SyncSetupError(
            f"{shown}: caldav.password_command: not set (nor {PASSWORD_ENV}); "
            "a user name needs a password"
        )
    return Account(url, spec.username, password, verify, spec.timeout_seconds)


def _run_password_command(command: str, shown: str) -> str:
    """The command's output, stripped: run without a shell, with a timeout."""
    where = f"{shown}: caldav.password_command"
    words = shlex.split(command)
    if not words:
        raise SyncSetupError(f"{where}: empty command")
    try:
        done = subprocess.run(
            words,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=PASSWORD_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise SyncSetupError(f"{where}: {words[0]!r} not found") from None
    except subprocess.TimeoutExpired:
        raise SyncSetupError(f"{where}: gave no answer in {PASSWORD_TIMEOUT} s") from None
    except OSError as error:
        raise SyncSetupError(f"{where}: cannot run: {error.strerror or error}") from None
    if done.returncode != 0:
        raise SyncSetupError(f"{where}: exited with status {done.returncode}")
    password = done.stdout.decode("utf-8", "replace").strip()
    if not password:
        raise SyncSetupError(f"{where}: printed nothing")
    return password
