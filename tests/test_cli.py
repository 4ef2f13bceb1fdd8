"""The command line: every command with its exit codes (0 ok, 1 problems, 2 bad usage)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from roundplanner.cli import main
from roundplanner.store import Store

ROOT = Path(__file__).resolve().parent.parent
CaptureFixture = pytest.CaptureFixture[str]

BROKEN = """\
schema = 1
name = "Broken Co"

[[rounds]]
id = "r-broken"
timezone = "PST8"
"""


def run(capsys: CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def break_one(ws: Path) -> Path:
    path = ws / "companies" / "broken-co.toml"
    path.write_text(BROKEN)
    return path


# --------------------------------------------------------------------------- agenda


def test_agenda(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, out, err = run(capsys, "agenda")  # the workspace comes from ROUNDPLANNER_WORKSPACE
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Upcoming rounds, next 14 days (times in UTC)"
    assert lines[1] == "Today"
    assert "in 13h  Acme Robotics — System design  [3/6 ready]" in lines[2]
    assert "Thu 26 Nov 22:00–23:00 UTC (14:00 America/Los_Angeles)" in out
    assert "with Ann Lee (Staff Engineer)" in out
    assert "Debrief due" in out and "Orbital Freight — Coding" in out
    assert "Offer deadlines" in out and "in 5d  Lumen Labs  (Tue 1 Dec)" in out
    # Soonest first, in the order of the instants (zones differ).
    order = [out.index(name) for name in ("Acme Robotics", "Orbital Freight", "Quill AI")]
    assert order == sorted(order)


def test_agenda_days(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, out, _ = run(capsys, "agenda", "--days", "1")
    assert code == 0
    assert "Acme Robotics" in out and "Quill AI" not in out and "Lumen Labs" not in out


def test_agenda_json(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, out, err = run(capsys, "agenda", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["now"] == "2026-11-26T09:00:00+00:00"
    assert data["timezone"] == "UTC"
    assert [r["id"] for r in data["upcoming"]] == [
        "r-acme-design",
        "r-orbital-design",
        "r-nw-offer",
        "r-quill-screen",
        "r-acme-onsite",
    ]
    first = data["upcoming"][0]
    assert first["start"] == "2026-11-26T14:00:00-08:00"
    assert first["countdown"] == "in 13h" and first["group"] == "Today"
    assert first["progress"] == {"done": 3, "total": 6}
    assert [r["id"] for r in data["debrief_due"]] == ["r-orbital-coding", "r-kite-behavioral"]
    assert [d["slug"] for d in data["offer_deadlines"]] == ["lumen-labs", "northwind-health"]


def test_agenda_on_an_empty_workspace(workspace_dir: Path, capsys: CaptureFixture) -> None:
    code, out, err = run(capsys, "agenda")
    assert code == 0 and "nothing scheduled" in out and err == ""


def test_workspace_flag_wins_over_the_environment(
    demo_ws: Path, tmp_path: Path, capsys: CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROUNDPLANNER_WORKSPACE", str(tmp_path / "elsewhere"))
    assert run(capsys, "agenda", "--json")[1].count("r-acme-design") == 0
    code, out, _ = run(capsys, "--workspace", str(demo_ws), "agenda", "--json")
    assert code == 0 and "r-acme-design" in out
    code, out, _ = run(capsys, "agenda", "--workspace", str(demo_ws), "--json")
    assert code == 0 and "r-acme-design" in out


def test_agenda_negative_days(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, out, err = run(capsys, "agenda", "--days", "-1")
    assert (code, out) == (2, "")
    assert err == "roundplanner: --days must be between 0 and 3660\n"


# --------------------------------------------------------------------------- checklist


def test_checklist_of_the_next_round(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, out, err = run(capsys, "checklist")
    assert code == 1  # items still unchecked
    assert err == ""
    assert out.startswith("Acme Robotics — System design   (id r-acme-design)\n")
    assert "Who you meet\n  Ann Lee, Staff Engineer\n" in out
    assert "  [x] Clarify requirements and scale first" in out
    assert "  [ ] Caching, queues and their failure modes" in out
    assert "Stories to tell\n  • Cut checkout latency in half" in out
    assert "Questions to ask\n  ? How do robots fall back" in out
    assert out.rstrip().endswith("Still unchecked: 3")


def test_checklist_json_of_a_named_round(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, out, _ = run(capsys, "checklist", "r-quill-screen", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["round"] == "r-quill-screen" and data["company"] == "Quill AI"
    assert data["progress"]["done"] == 0 and len(data["unchecked"]) == data["progress"]["total"]


def test_checklist_needs_the_exact_id_and_suggests_it(
    demo_ws: Path, capsys: CaptureFixture
) -> None:
    code, out, err = run(capsys, "checklist", "r-quill", "--json")
    assert (code, out) == (2, "")
    assert err == "roundplanner: no round with id 'r-quill'; did you mean r-quill-screen?\n"
    code, out, _ = run(capsys, "checklist", "r-quill-screen", "--json")
    assert code == 1 and json.loads(out)["round"] == "r-quill-screen"


def test_checklist_all_done_exits_0(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, out, err = run(capsys, "checklist", "r-acme-screen")  # every topic ticked
    assert code == 0 and err == ""
    assert out.rstrip().endswith("All topics checked. Good luck!")
    code, out, _ = run(capsys, "checklist", "r-acme-screen", "--json")
    assert code == 0 and json.loads(out)["unchecked"] == []


def test_checklist_unknown_round(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, out, err = run(capsys, "checklist", "r-nope")
    assert (code, out) == (2, "")
    assert err.startswith("roundplanner: no round with id 'r-nope'")
    assert err.count("\n") == 1


def test_checklist_ambiguous_prefix(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, _, err = run(capsys, "checklist", "r-acme")
    assert code == 2 and "no round with id 'r-acme'" in err


def test_checklist_with_no_upcoming_round(workspace_dir: Path, capsys: CaptureFixture) -> None:
    code, out, err = run(capsys, "checklist")
    assert (code, out) == (2, "")
    assert err == "roundplanner: no upcoming round; name one: roundplanner checklist ROUND\n"


def test_checklist_is_free_of_terminal_escapes(demo_ws: Path, capsys: CaptureFixture) -> None:
    store = Store(demo_ws)
    company = store.load().companies["acme-robotics"]
    design = company.round_by_id("r-acme-design")
    assert design is not None
    design.interviewers[0].notes = "evil \x1b]0;owned\x07 \x1b[2J note"
    design.prep_notes = "line\x1b[31m red\nsecond"
    store.save_company("acme-robotics", company)
    code, out, _ = run(capsys, "checklist", "r-acme-design")
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out
    assert "    evil   note\n" in out and "  line red\n  second\n" in out


# --------------------------------------------------------------------------- validate


def test_validate_ok(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, out, err = run(capsys, "validate")
    assert (code, out) == (0, "")
    assert err == "12 company file(s) checked: ok\n"


def test_validate_json_ok(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, out, _ = run(capsys, "validate", "--json")
    assert code == 0
    assert json.loads(out) == {"ok": True, "companies": 12, "problems": []}


def test_validate_reports_every_problem(demo_ws: Path, capsys: CaptureFixture) -> None:
    path = break_one(demo_ws)
    (demo_ws / "companies" / "syntax.toml").write_text('name = "Syntax"\nstage = \n')
    before = path.read_bytes()
    code, out, err = run(capsys, "validate")
    assert code == 1
    assert out.splitlines() == [
        "companies/broken-co.toml:6: rounds[0].timezone: unknown time zone 'PST8'",
        "companies/syntax.toml:2: TOML syntax: Invalid value",
    ]
    assert err == "14 company file(s) checked: 2 problem(s)\n"
    assert path.read_bytes() == before


def test_validate_json_problems(demo_ws: Path, capsys: CaptureFixture) -> None:
    break_one(demo_ws)
    code, out, _ = run(capsys, "validate", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False and data["companies"] == 12
    assert data["problems"] == [
        {
            "file": "companies/broken-co.toml",
            "line": 6,
            "field": "rounds[0].timezone",
            "message": "unknown time zone 'PST8'",
            "text": "companies/broken-co.toml:6: rounds[0].timezone: unknown time zone 'PST8'",
        }
    ]


def test_validate_unknown_story_and_kind(demo_ws: Path, capsys: CaptureFixture) -> None:
    (demo_ws / "companies" / "x.toml").write_text(
        'name = "X"\n[[rounds]]\nid = "r-x"\nkind = "lunch"\n'
        '[[rounds]]\nid = "r-y"\nstories = ["s-gone"]\n'
    )
    code, out, _ = run(capsys, "validate")
    assert code == 1
    assert out.startswith("companies/x.toml:4: rounds[0].kind: unknown round kind 'lunch' (known:")
    (demo_ws / "companies" / "x.toml").write_text(
        'name = "X"\n[[rounds]]\nid = "r-y"\nstories = ["s-gone"]\n'
    )
    code, out, _ = run(capsys, "validate")
    assert code == 1
    assert out == "companies/x.toml: rounds[0].stories: unknown story 's-gone'\n"


def test_validate_file_names_cannot_inject_escapes(demo_ws: Path, capsys: CaptureFixture) -> None:
    (demo_ws / "companies" / "\x1b[2Jevil.toml").write_text("name = \n")
    code, out, err = run(capsys, "validate")
    assert code == 1 and "\x1b" not in out + err
    code, out, err = run(capsys, "agenda")
    assert code == 1 and "\x1b" not in out + err


# --------------------------------------------------------------------------- broken workspace


@pytest.mark.parametrize(
    "argv",
    [
        ["agenda"],
        ["agenda", "--json"],
        ["checklist", "r-acme-screen"],
        ["checklist", "r-acme-screen", "--json"],
    ],
)
def test_a_broken_file_warns_and_the_rest_works(
    demo_ws: Path, capsys: CaptureFixture, argv: list[str]
) -> None:
    path = break_one(demo_ws)
    before = path.read_bytes()
    code, out, err = run(capsys, *argv)
    assert code == 1
    assert "Acme Robotics" in out
    assert err == (
        "warning: companies/broken-co.toml:6: rounds[0].timezone: unknown time zone 'PST8'\n"
    )
    assert path.read_bytes() == before
    if "--json" in argv:
        json.loads(out)


# --------------------------------------------------------------------------- demo


def test_demo_writes_a_workspace(tmp_path: Path, capsys: CaptureFixture) -> None:
    target = tmp_path / "new" / "ws"
    code, out, err = run(capsys, "demo", str(target))
    assert code == 0 and out == ""
    assert f"Demo workspace written to {target}" in err
    assert len(list((target / "companies").glob("*.toml"))) == 12
    assert (target / "stories.toml").is_file()
    code, out, _ = run(capsys, "--workspace", str(target), "validate")
    assert code == 0


def test_demo_into_an_empty_folder(tmp_path: Path, capsys: CaptureFixture) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    assert run(capsys, "demo", str(target))[0] == 0


def test_demo_refuses_a_non_empty_folder(tmp_path: Path, capsys: CaptureFixture) -> None:
    target = tmp_path / "full"
    target.mkdir()
    (target / "precious.txt").write_text("mine")
    code, out, err = run(capsys, "demo", str(target))
    assert (code, out) == (2, "")
    assert err == f"roundplanner: {target}: exists and is not an empty folder; nothing written\n"
    assert sorted(p.name for p in target.iterdir()) == ["precious.txt"]


def test_demo_refuses_a_file(tmp_path: Path, capsys: CaptureFixture) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    assert run(capsys, "demo", str(target))[0] == 2
    assert target.read_text() == "x"


def test_demo_that_cannot_be_written(
    tmp_path: Path, capsys: CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", deny)
    code, out, err = run(capsys, "demo", str(tmp_path / "x"))
    assert (code, out) == (2, "")
    assert err.startswith("roundplanner: ") and "Permission denied" in err
    assert err.count("\n") == 1


def test_the_demo_flag_leaves_no_trace(tmp_path: Path, capsys: CaptureFixture) -> None:
    code, out, _ = run(capsys, "--demo", "agenda", "--json")
    assert code == 0
    assert json.loads(out)["upcoming"][0]["id"] == "r-acme-design"
    assert not (tmp_path / "ws").exists()


# --------------------------------------------------------------------------- usage


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["agenda", "--days", "soon"],
        ["agenda", "--nope"],
        ["checklist", "a", "b"],
        ["demo"],
        ["validate", "extra"],
    ],
)
def test_bad_usage_exits_2(demo_ws: Path, capsys: CaptureFixture, argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert "usage: roundplanner" in err and "Traceback" not in err


def test_help_exits_0(capsys: CaptureFixture) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("agenda", "checklist", "validate", "demo", "export", "import"):
        assert command in out


def test_a_workspace_that_is_a_file(tmp_path: Path, capsys: CaptureFixture) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    code, _, err = run(capsys, "--workspace", str(target), "agenda")
    assert code == 2 and err == f"roundplanner: {target}: not a folder\n"


def test_a_bad_settings_file(tmp_path: Path, demo_ws: Path, capsys: CaptureFixture) -> None:
    config = tmp_path / "config.toml"
    config.write_text('timezone = "PST8"\n')
    code, out, err = run(capsys, "--config", str(config), "agenda")
    assert (code, out) == (2, "")
    assert err == f"roundplanner: {config}: timezone: unknown time zone 'PST8'\n"


def test_a_bad_settings_file_from_the_environment(
    tmp_path: Path, demo_ws: Path, capsys: CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "env-config.toml"
    config.write_text("reminder_minutes = \n")
    monkeypatch.setenv("ROUNDPLANNER_CONFIG", str(config))
    code, _, err = run(capsys, "validate")
    assert code == 2 and err == f"roundplanner: {config}:1: TOML syntax: Invalid value\n"


@pytest.mark.parametrize("command", [[], ["review"], ["agenda"], ["today"]])
def test_a_bad_value_stops_the_tui_and_the_cli_alike(
    tmp_path: Path, demo_ws: Path, capsys: CaptureFixture, command: list[str]
) -> None:
    """Issue 15: the TUI's start (no command) says the same one line as any command,
    naming the file and the key, before anything is drawn."""
    config = tmp_path / "config.toml"
    config.write_text('upcoming_hours = "soon"\n')
    code, out, err = run(capsys, "--config", str(config), *command)
    assert (code, out) == (2, "")
    assert err == (
        f"roundplanner: {config}: upcoming_hours: Input should be a valid integer, "
        "unable to parse string as an integer\n"
    )


def test_a_missing_config_flag_file(tmp_path: Path, demo_ws: Path, capsys: CaptureFixture) -> None:
    code, _, err = run(capsys, "--config", str(tmp_path / "nope.toml"), "agenda")
    assert code == 2 and "cannot read" in err


def test_the_user_zone_is_used(tmp_path: Path, demo_ws: Path, capsys: CaptureFixture) -> None:
    config = tmp_path / "config.toml"
    config.write_text('timezone = "Europe/Berlin"\n')
    code, out, _ = run(capsys, "--config", str(config), "agenda")
    assert code == 0
    assert "(times in Europe/Berlin)" in out
    assert "Thu 26 Nov 23:00–00:00 Europe/Berlin (14:00 America/Los_Angeles)" in out


def test_python_dash_m_help() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "roundplanner", "--help"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: roundplanner")
    assert result.stderr == ""


def test_a_checklist_with_no_topics_does_not_wish_good_luck(
    demo_ws: Path, capsys: CaptureFixture
) -> None:
    """A round with no topics said "All topics checked. Good luck!"."""
    (demo_ws / "companies/bare.toml").write_text(
        'schema = 1\nname = "Bare"\n\n[[rounds]]\nid = "r-bare"\n'
        'start = 2026-12-02T10:00:00\ntimezone = "UTC"\n'
    )
    code, out, _ = run(capsys, "checklist", "r-bare")
    assert code == 0
    assert "Good luck" not in out and "No topics to brush up on yet" in out


# --------------------------------------------------------------------------- import

ICS = Path(__file__).parent / "data" / "ics"
MAIL = Path(__file__).parent / "data" / "mail"


def company_file(ws: Path, slug: str) -> dict[str, Any]:
    return tomllib.loads((ws / "companies" / f"{slug}.toml").read_text())


def test_import_makes_a_company_from_the_organizers_domain(
    demo_ws: Path, capsys: CaptureFixture
) -> None:
    """Issue 12.7: no company matches bluefin-analytics.com, so one is made and said so."""
    code, out, err = run(capsys, "import", str(ICS / "google_series_overrides.ics"))
    assert (code, err) == (0, "")
    assert "created company bluefin-analytics (Bluefin Analytics) from the organizer's" in out
    data = company_file(demo_ws, "bluefin-analytics")
    assert data["domain"] == "bluefin-analytics.com"
    assert data["contacts"][0]["email"] == "jordan.blake@bluefin-analytics.com"
    [round_] = data["rounds"]
    assert round_["kind"] == "coding"  # "Pair Programming"
    assert round_["topics"]  # the kind's default checklist
    assert round_["imported_uid"] == "7q2kd0v9m3s1f8h4c6b2n5x0pl@google.com"


def test_import_from_a_generic_sender_asks_which_company(
    demo_ws: Path, capsys: CaptureFixture
) -> None:
    before = sorted(p.name for p in (demo_ws / "companies").iterdir())
    code, out, err = run(capsys, "import", str(ICS / "greenhouse_invite.ics"))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "cannot tell which company" in err and "--new-company NAME" in err
    assert sorted(p.name for p in (demo_ws / "companies").iterdir()) == before


def test_import_into_a_new_company_by_name(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, out, _ = run(
        capsys, "import", str(ICS / "calendly_invite.ics"), "--new-company", "X-Files Labs"
    )
    assert code == 0 and "created company x-files-labs (X-Files Labs)" in out
    assert len(company_file(demo_ws, "x-files-labs")["rounds"]) == 1


def test_a_uid_already_held_needs_no_company(demo_ws: Path, capsys: CaptureFixture) -> None:
    first = run(capsys, "import", str(ICS / "calendly_invite.ics"), "--company", "tessellate")
    assert first[0] == 0
    code, out, err = run(capsys, "import", str(ICS / "calendly_invite.ics"))
    assert (code, err) == (0, "")
    assert out.startswith("unchanged ") and "Tessellate" in out


def test_an_older_invite_is_ignored_across_imports(
    demo_ws: Path, tmp_path: Path, capsys: CaptureFixture
) -> None:
    """Issue 11.7: the version imported is stored on the round, so a later import of an
    older copy (SEQUENCE 4 after a CANCEL at 5) does not schedule the round again."""

    def invite(sequence: int, method: str, status: str, hour: int) -> Path:
        path = tmp_path / f"seq{sequence}.ics"
        path.write_bytes(
            (
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
                f"METHOD:{method}\r\nBEGIN:VEVENT\r\nUID:loop@tessellate.dev\r\n"
                f"SEQUENCE:{sequence}\r\nDTSTAMP:20261120T000000Z\r\n"
                f"DTSTART:20261203T{hour:02d}0000Z\r\nDURATION:PT1H\r\n"
                f"STATUS:{status}\r\nSUMMARY:System design\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            ).encode()
        )
        return path

    args = ("--company", "tessellate")
    assert run(capsys, "import", str(invite(3, "REQUEST", "CONFIRMED", 17)), *args)[0] == 0
    assert run(capsys, "import", str(invite(5, "CANCEL", "CANCELLED", 17)))[0] == 0
    code, out, _ = run(capsys, "import", str(invite(4, "REQUEST", "CONFIRMED", 19)))
    assert code == 0
    assert out.startswith("ignored ") and "SEQUENCE 4, already have 5" in out
    [round_] = [
        r for r in company_file(demo_ws, "tessellate")["rounds"]
        if r.get("imported_uid") == "loop@tessellate.dev"
    ]  # fmt: skip
    assert round_["status"] == "cancelled" and round_["imported_sequence"] == 5
    assert round_["start"].hour == 17


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        ("gmail_invite.eml", ["Alex: Pair Programming (moved)"]),
        ("outlook_invite.eml", ["Koala Freight — Onsite (virtual)"]),
        ("invites.mbox", ["Koala Freight — Onsite (virtual)", "Quillpay — System Design"]),
    ],
)
def test_import_reads_saved_emails_and_mailboxes(
    demo_ws: Path, capsys: CaptureFixture, name: str, titles: list[str]
) -> None:
    code, out, err = run(capsys, "import", str(MAIL / name))
    assert (code, err) == (0, "")
    for title in titles:
        assert title in out


def test_import_of_dev_zero_is_one_line(demo_ws: Path, capsys: CaptureFixture) -> None:
    code, out, err = run(capsys, "import", "/dev/zero")
    assert (code, out) == (2, "")
    assert err == "roundplanner: /dev/zero: is a device, not a regular file\n"


def test_import_of_a_folder_or_a_missing_file_is_one_line(
    demo_ws: Path, tmp_path: Path, capsys: CaptureFixture
) -> None:
    assert run(capsys, "import", str(tmp_path))[2] == (
        f"roundplanner: {tmp_path}: is a folder, not a file\n"
    )
    missing = tmp_path / "nope.ics"
    assert run(capsys, "import", str(missing)) == (
        2,
        "",
        f"roundplanner: {missing}: no such file\n",
    )


def test_import_of_a_fifo_does_not_hang(tmp_path: Path, demo_ws: Path) -> None:
    fifo = tmp_path / "invite.ics"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "roundplanner", "import", str(fifo)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert result.stderr == f"roundplanner: {fifo}: is a pipe (FIFO), not a regular file\n"


def test_import_skips_unusable_events_with_a_warning(
    demo_ws: Path, tmp_path: Path, capsys: CaptureFixture
) -> None:
    path = tmp_path / "two.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@tessellate.dev\r\n"
        b"DTSTART:20261203T100000Z\r\nDURATION:P3D\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n"
        b"UID:b@tessellate.dev\r\nDTSTART:20261204T100000Z\r\nSUMMARY:Coding\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    code, out, err = run(capsys, "import", str(path), "--company", "tessellate")
    assert code == 0 and out.startswith("added ")
    assert err == (
        "warning: two.ics: line 6: DURATION: the event lasts 72 hours; not an interview; "
        "event skipped\n"
    )
