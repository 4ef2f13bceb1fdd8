"""Nothing is ever fetched from the network: every command works with sockets forbidden."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from roundplanner.cli import main

FIXTURE = Path(__file__).parent / "data" / "ics" / "google_invite.ics"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[:2]))
        raise OSError("network use is forbidden in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_every_command_works_offline(
    demo_ws: Path, tmp_path: Path, no_network: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    ws = ["--workspace", str(demo_ws)]
    assert main([*ws, "agenda"]) == 0
    assert main([*ws, "checklist", "r-acme-design"]) == 1  # unchecked topics
    assert main([*ws, "validate"]) == 0
    assert main([*ws, "stats", "--json"]) == 0
    assert main([*ws, "export", "-o", str(tmp_path / "out.ics")]) == 0
    assert main([*ws, "import", str(FIXTURE), "--company", "tessellate"]) == 0
    capsys.readouterr()
    assert no_network == []
