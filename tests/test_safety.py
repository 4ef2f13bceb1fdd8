"""Safety outside the happy path: racing writers, odd files, far-out dates, links, exit codes.

Each test here reproduces one way an outside probe broke a promise of
`docs/reliability.md` (the issue's numbering is in each docstring), tried as an attacker
or a careless user would: through the command line and real files, not internals.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from roundplanner import safeio
from roundplanner.cli import main
from roundplanner.session import Session
from roundplanner.settings import Settings
from roundplanner.store import Store

CaptureFixture = pytest.CaptureFixture[str]
ROOT = Path(__file__).resolve().parent.parent


def run(capsys: CaptureFixture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    """The single line a failing command printed (a traceback would be many)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def invite(uid: str, day: int, hour: int, title: str = "Technical interview") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//probe//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20261120T100000Z\r\nSEQUENCE:0\r\n"
        f"DTSTART:202612{day:02d}T{hour:02d}0000Z\r\nDTEND:202612{day:02d}T{hour:02d}3000Z\r\n"
        f"SUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


# --------------------------------------------------------------------------- 1: racing writers


def _import(ws: Path, path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROUNDPLANNER_WORKSPACE": str(ws)}
    return subprocess.run(
        [sys.executable, "-m", "roundplanner", "import", str(path), "--company", "harbor-bank"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def _import_together(ws: Path, *paths: Path) -> list[subprocess.CompletedProcess[str]]:
    """Start one `import` process per path at the same moment; their results in order."""
    results: list[Any] = [None] * len(paths)

    def go(slot: int) -> None:
        results[slot] = _import(ws, paths[slot])

    threads = [threading.Thread(target=go, args=(slot,)) for slot in range(len(paths))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_imports_into_one_company_all_land(demo_ws: Path, tmp_path: Path) -> None:
    """1. Pairs of `import` processes racing on one company: every round lands, none is
    pushed into conflicts/, and each process says what it added."""
    pairs = 5
    files = []
    for n in range(pairs * 2):
        path = tmp_path / f"invite-{n}.ics"
        path.write_bytes(invite(f"race-{n}@probe", 2 + n, 10))
        files.append(path)
    for n in range(pairs):
        for result in _import_together(demo_ws, files[2 * n], files[2 * n + 1]):
            assert result.returncode == 0, result.stderr
            assert result.stdout.startswith("added ")
    company = Store(demo_ws).load().companies["harbor-bank"]
    imported = {r.imported_uid for r in company.rounds if r.imported_uid}
    assert imported == {f"race-{n}@probe" for n in range(pairs * 2)}
    assert not (demo_ws / "conflicts").exists()


def test_a_session_and_an_import_racing_both_land(
    demo_ws: Path, settings: Settings, tmp_path: Path, capsys: CaptureFixture
) -> None:
    """1. The TUI's session loaded the company, then an import changed the file: the
    session's next change lands on top of the import instead of pushing it aside."""
    store = Store(demo_ws, settings.kinds)
    session = Session(store, store.load(), settings)
    path = tmp_path / "invite.ics"
    path.write_bytes(invite("side@probe", 9, 15))
    code, _, err = run(capsys, "import", str(path), "--company", "harbor-bank")
    assert code == 0, err
    outcome = session.update_company("harbor-bank", lambda c: setattr(c, "notes", "mine"))
    assert outcome.saved and not outcome.conflict
    company = Store(demo_ws).load().companies["harbor-bank"]
    assert company.notes == "mine"
    assert any(r.imported_uid == "side@probe" for r in company.rounds)
    assert not (demo_ws / "conflicts").exists()


def test_two_sessions_adding_one_name_get_two_files(demo_ws: Path, settings: Settings) -> None:
    """1. The new slug is chosen under the lock: two writers adding the same company
    name each get their own file."""
    from roundplanner.model import Company

    first = Session(Store(demo_ws, settings.kinds), Store(demo_ws).load(), settings)
    second = Session(Store(demo_ws, settings.kinds), Store(demo_ws).load(), settings)
    one, _ = first.add_company(Company(name="Same Name"))
    two, _ = second.add_company(Company(name="Same Name"))
    assert one != two
    assert {one, two} <= set(Store(demo_ws).load().companies)


# --------------------------------------------------------------------------- 3: dates


FAR_OUT = {
    "round at 9999": (
        '[[rounds]]\nid = "r-far"\nstart = 9999-12-31T23:30:00\ntimezone = "UTC"\n',
        "rounds[0].start",
    ),
    "round at 0001 in Tokyo": (
        '[[rounds]]\nid = "r-old"\nstart = 0001-01-01T00:00:00\ntimezone = "Asia/Tokyo"\n',
        "rounds[0].start",
    ),
    "offer deadline 9999": ("[offer]\nbase = 1\ndeadline = 9999-12-31\n", "offer.deadline"),
    "stage change in 9999": (
        '[[stage_history]]\nstage = "applied"\non = 9999-01-01\n',
        "stage_history[0].on",
    ),
}


@pytest.mark.parametrize("case", FAR_OUT)
def test_a_far_out_date_is_a_validation_problem_and_nothing_crashes(
    demo_ws: Path, capsys: CaptureFixture, case: str
) -> None:
    """3. A date outside 1900-2199 is reported by `validate` (file, line, field); every
    other command warns and goes on instead of printing an OverflowError."""
    body, field = FAR_OUT[case]
    path = demo_ws / "companies/far.toml"
    path.write_text(f'schema = 1\nname = "Far Out"\n\n{body}')
    before = path.read_bytes()
    code, out, _ = run(capsys, "validate")
    assert code == 1
    assert "companies/far.toml:" in out and field in out and "1900-2199" in out
    for command in (["agenda"], ["stats"], ["checklist"], ["export"], ["agenda", "--json"]):
        code, _, err = run(capsys, *command)
        assert code == 1, (command, err)
        assert "companies/far.toml" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_a_far_out_invite_is_refused_and_nothing_is_written(
    demo_ws: Path, tmp_path: Path, capsys: CaptureFixture
) -> None:
    """3. An invite at 9999-12-31T23:30Z never becomes a round that breaks every command."""
    path = tmp_path / "far.ics"
    path.write_bytes(invite("far@probe", 1, 10).replace(b"2026", b"9999"))
    company_file = demo_ws / "companies/harbor-bank.toml"
    before = company_file.read_bytes()
    code, _, err = run(capsys, "import", str(path), "--company", "harbor-bank")
    assert code in (1, 2)
    assert "Traceback" not in err and err.strip()
    assert company_file.read_bytes() == before
    assert run(capsys, "agenda")[0] == 0


@pytest.mark.parametrize("value", ["garbage", "9999-12-31T23:59:59+00:00", ""])
def test_a_bad_fixed_clock_is_one_line(
    demo_ws: Path, capsys: CaptureFixture, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """9. ROUNDPLANNER_NOW=garbage (or a year 9999) is one line and exit 2."""
    monkeypatch.setenv("ROUNDPLANNER_NOW", value)
    code, out, err = run(capsys, "agenda")
    if not value:
        assert code == 0  # empty means "not set": the real clock
        return
    assert (code, out) == (2, "")
    assert "ROUNDPLANNER_NOW" in one_line(err)


@pytest.mark.parametrize("days", ["3000000", "-1", "99999999999999999999"])
def test_agenda_days_out_of_range_is_one_line(
    demo_ws: Path, capsys: CaptureFixture, days: str
) -> None:
    """9. `agenda --days 3000000` overflowed a timedelta; now one line and exit 2."""
    code, out, err = run(capsys, "agenda", "--days", days)
    assert (code, out) == (2, "")
    assert "--days" in one_line(err)


# --------------------------------------------------------------------------- 4: odd files


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "a-fifo"
    os.mkfifo(path)
    yield path


def _run_cli(ws: Path, *argv: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """The command in its own process, so a hang fails the test instead of the suite."""
    env = {**os.environ, "ROUNDPLANNER_WORKSPACE": str(ws)}
    return subprocess.run(
        [sys.executable, "-m", "roundplanner", *argv],
        capture_output=True,
        input=stdin,
        env=env,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("where", ["companies/x.toml", "stories.toml"])
def test_a_fifo_in_the_workspace_is_a_problem_not_a_hang(demo_ws: Path, where: str) -> None:
    """4. A FIFO as a company file or the story bank hung every command."""
    (demo_ws / where).unlink(missing_ok=True)
    os.mkfifo(demo_ws / where)
    for command in (["validate"], ["agenda"], ["stats"]):
        result = _run_cli(demo_ws, *command)
        assert result.returncode == 1, result.stderr
        assert b"pipe (FIFO)" in result.stdout + result.stderr
        assert b"Traceback" not in result.stderr


def test_a_fifo_as_the_config_file_is_one_line(demo_ws: Path, fifo: Path) -> None:
    """4. `--config FIFO` hung every command."""
    result = _run_cli(demo_ws, "agenda", "--config", str(fifo))
    assert result.returncode == 2
    assert b"pipe (FIFO)" in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_an_endless_device_is_refused(demo_ws: Path, target: str) -> None:
    """4. A link to /dev/zero as a company file read until MemoryError (st_size is 0)."""
    (demo_ws / "companies/zero.toml").symlink_to(target)
    result = _run_cli(demo_ws, "validate")
    assert result.returncode == 1
    assert b"companies/zero.toml: is a device, not a regular file" in result.stdout


def test_the_safe_reader_stops_at_its_limit_whatever_st_size_says(tmp_path: Path) -> None:
    """4. The limit holds on what is read, not on what stat says (procfs files say 0)."""
    path = tmp_path / "big"
    path.write_bytes(b"x" * 5000)
    assert safeio.read_regular(path, 5000) == b"x" * 5000
    with pytest.raises(safeio.UnreadableFile, match="limit"):
        safeio.read_regular(path, 4999)
    proc = Path("/proc/self/status")
    if proc.exists() and proc.stat().st_size == 0:
        with pytest.raises(safeio.UnreadableFile, match="larger than allowed"):
            safeio.read_regular(proc, 10)


def test_companies_that_is_a_file_is_not_ok(workspace_dir: Path, capsys: CaptureFixture) -> None:
    """11. `validate` said "0 company file(s) checked: ok" when companies/ was a file."""
    workspace_dir.mkdir()
    (workspace_dir / "companies").write_text("oops")
    code, out, _ = run(capsys, "validate")
    assert code == 1
    assert "companies/: is not a folder" in out


def test_an_unlistable_companies_folder_is_a_problem(
    demo_ws: Path, capsys: CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """9. `chmod 000 companies` gave a PermissionError traceback in every command (root
    ignores chmod, so the refusal is simulated where the folder is listed)."""
    real = os.scandir
    companies = demo_ws / "companies"

    def deny(path: Any = ".") -> Any:
        if Path(path) == companies:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", deny)
    for command in (["validate"], ["agenda"], ["stats"], ["export"]):
        code, out, err = run(capsys, *command)
        assert code == 1, (command, err)
        assert "companies/: cannot list the folder: Permission denied" in out + err


# --------------------------------------------------------------------------- 6: writing


def test_export_writes_through_a_link_and_keeps_permissions(
    demo_ws: Path, tmp_path: Path, capsys: CaptureFixture
) -> None:
    """6. `export -o LINK` replaced the link with a file and reset the mode to 0600."""
    synced = tmp_path / "synced" / "calendar.ics"
    synced.parent.mkdir()
    synced.write_bytes(b"old")
    synced.chmod(0o644)
    link = tmp_path / "cal.ics"
    link.symlink_to(synced)
    code, _, err = run(capsys, "export", "-o", str(link))
    assert code == 0
    assert err.startswith("wrote ") and str(synced) in err
    assert link.is_symlink() and synced.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert stat.S_IMODE(synced.stat().st_mode) == 0o644
    assert [p.name for p in synced.parent.iterdir()] == ["calendar.ics"]


def test_a_new_export_file_is_private(
    demo_ws: Path, tmp_path: Path, capsys: CaptureFixture
) -> None:
    target = tmp_path / "new.ics"
    assert run(capsys, "export", "-o", str(target))[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("target", ["/dev/null", "fifo"])
def test_export_refuses_devices_and_fifos(
    demo_ws: Path, capsys: CaptureFixture, fifo: Path, target: str
) -> None:
    """6. As root, `export -o /dev/null` replaced the device with a regular file."""
    path = fifo if target == "fifo" else Path(target)
    code, _, err = run(capsys, "export", "-o", str(path))
    assert code == 2
    assert "not a regular file" in one_line(err)
    if target == "/dev/null":
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    else:
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def _dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def test_a_killed_exports_temp_file_is_swept_by_the_next(
    demo_ws: Path, tmp_path: Path, capsys: CaptureFixture
) -> None:
    """6. A SIGKILL during export left `.out.ics.*.tmp` beside the target forever."""
    target = tmp_path / "out.ics"
    leftover = tmp_path / f".out.ics.{_dead_pid()}.abc123.tmp"
    leftover.write_bytes(b"half")
    live = tmp_path / f".out.ics.{os.getpid()}.live.tmp"  # a writer still running
    live.write_bytes(b"busy")
    assert run(capsys, "export", "-o", str(target))[0] == 0
    assert not leftover.exists() and live.exists()


def test_a_symlinked_company_file_is_saved_through_the_link(
    demo_ws: Path, tmp_path: Path, settings: Settings
) -> None:
    """6. A company file kept elsewhere (a link) was replaced by a copy on save."""
    elsewhere = tmp_path / "elsewhere.toml"
    original = demo_ws / "companies/harbor-bank.toml"
    elsewhere.write_bytes(original.read_bytes())
    original.unlink()
    original.symlink_to(elsewhere)
    store = Store(demo_ws, settings.kinds)
    session = Session(store, store.load(), settings)
    assert session.update_company("harbor-bank", lambda c: setattr(c, "notes", "via link")).saved
    assert original.is_symlink()
    assert 'notes = "via link"' in elsewhere.read_text()


# --------------------------------------------------------------------------- 8: own files


def test_a_hand_added_schema_underscore_key_is_kept_as_a_key(
    demo_ws: Path, settings: Settings
) -> None:
    """8. `schema_ = 2` was taken as the schema field and saved as `schema = 2`, after
    which the file was "written by a newer roundplanner"."""
    path = demo_ws / "companies/harbor-bank.toml"
    path.write_text(path.read_text().replace("schema = 1\n", "schema = 1\nschema_ = 2\n"))
    store = Store(demo_ws, settings.kinds)
    session = Session(store, store.load(), settings)
    assert session.update_company("harbor-bank", lambda c: setattr(c, "notes", "x")).saved
    text = path.read_text()
    assert "schema = 1\n" in text and "schema_ = 2\n" in text
    assert Store(demo_ws).load().problems == []


def test_a_file_of_backslashes_saves_within_the_limit_and_loads(
    demo_ws: Path, settings: Settings
) -> None:
    """8. A 1.1 MB note of backslashes was saved at 2.2 MB, then refused by the limit."""
    store = Store(demo_ws, settings.kinds)
    session = Session(store, store.load(), settings)
    note = "\\" * 1_100_000
    assert session.update_company("harbor-bank", lambda c: setattr(c, "notes", note)).saved
    path = demo_ws / "companies/harbor-bank.toml"
    assert path.stat().st_size < 1_200_000
    workspace = Store(demo_ws).load()
    assert workspace.problems == [] and workspace.companies["harbor-bank"].notes == note


def test_a_save_larger_than_the_limit_is_refused_and_kept_in_memory(
    demo_ws: Path, settings: Settings
) -> None:
    """8. The app never writes a file it would refuse to read."""
    store = Store(demo_ws, settings.kinds)
    session = Session(store, store.load(), settings)
    path = demo_ws / "companies/harbor-bank.toml"
    before = path.read_bytes()
    outcome = session.update_company("harbor-bank", lambda c: setattr(c, "notes", "é" * 1_100_000))
    assert not outcome.saved and "over the 2 MB limit" in outcome.message
    assert path.read_bytes() == before
    assert session.companies["harbor-bank"].notes.startswith("é")  # kept, not lost


# --------------------------------------------------------------------------- 9: write failures


def test_import_into_a_read_only_folder_is_one_honest_line(
    demo_ws: Path, tmp_path: Path, capsys: CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """9. A read-only companies/ gave a StoreError traceback whose text promised "your
    change is kept", which a command cannot do."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(safeio.tempfile, "mkstemp", refuse)
    path = tmp_path / "invite.ics"
    path.write_bytes(invite("ro@probe", 9, 15))
    before = (demo_ws / "companies/harbor-bank.toml").read_bytes()
    code, out, err = run(capsys, "import", str(path), "--company", "harbor-bank")
    assert code == 1 and out == ""
    line = one_line(err)
    assert "Read-only file system" in line and "nothing was written" in line
    assert "kept" not in line
    assert (demo_ws / "companies/harbor-bank.toml").read_bytes() == before


def test_an_unexpected_error_is_one_line_and_a_crash_log(
    demo_ws: Path, capsys: CaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """9. Whatever breaks inside a command, the user sees one line, never a traceback."""

    monkeypatch.delenv("ROUNDPLANNER_DEBUG")

    def boom(*args: Any) -> int:
        raise RuntimeError("something [/] broke")

    import roundplanner.insights as insights

    # Deep inside the command (stats reads the kept summaries or loads, then computes).
    monkeypatch.setattr(insights, "stats", boom)
    code, out, err = run(capsys, "stats")
    assert (code, out) == (2, "")
    line = one_line(err)
    assert "something [/] broke" in line and "crash.log" in line
    assert "RuntimeError" in (tmp_path / "state/roundplanner/crash.log").read_text()


# --------------------------------------------------------------------------- 10: invisible text

INVISIBLE = [
    "\u202e",
    "\u202c",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u200e",
    "\u2060",
]


def test_bidi_and_zero_width_characters_never_reach_the_terminal(
    demo_ws: Path, capsys: CaptureFixture
) -> None:
    """10. U+202E and friends in any name passed through agenda, checklist and validate."""
    path = demo_ws / "companies/acme-robotics.toml"
    text = path.read_text()
    poison = "".join(INVISIBLE)
    text = text.replace('name = "Acme Robotics"', f'name = "Acme{poison} Robotics"', 1)
    text = text.replace('name = "Ann Lee"', f'name = "Ann{poison} Lee"', 1)
    path.write_text(text)
    (demo_ws / "companies/bad\u202ename.toml").write_text("not toml = = =")
    outputs = []
    for command in (["agenda"], ["agenda", "--json"], ["checklist"], ["validate"], ["stats"]):
        _, out, err = run(capsys, *command)
        outputs.append(out + err)
    joined = "".join(outputs)
    assert "Acme Robotics" in joined and "Ann Lee" in joined
    for char in INVISIBLE:
        assert char not in joined, f"U+{ord(char):04X} reached the terminal"


# --------------------------------------------------------------------------- 11: exit codes


def test_stats_exits_1_with_a_broken_file(demo_ws: Path, capsys: CaptureFixture) -> None:
    """11. `stats` exited 0 with a broken file; the README says 1."""
    (demo_ws / "companies/broken.toml").write_text("name = ")
    code, out, err = run(capsys, "stats")
    assert code == 1 and out and "companies/broken.toml" in err


def test_export_of_a_round_needs_its_exact_id(demo_ws: Path, capsys: CaptureFixture) -> None:
    """11. `export --round r-acme-des` accepted a prefix and exported 0 events, exit 0."""
    code, out, err = run(capsys, "export", "--round", "r-acme-des")
    assert (code, out) == (2, "")
    assert "no round with id 'r-acme-des'; did you mean r-acme-design?" in one_line(err)
    code, out, _ = run(capsys, "export", "--round", "r-acme-design")
    assert code == 0 and out.count("BEGIN:VEVENT") == 1


# --------------------------------------------------------------------------- a second probe


def test_a_linked_instance_marker_is_never_written_through(demo_ws: Path, tmp_path: Path) -> None:
    """The TUI wrote its pid through a `.roundplanner.pid` link to a file outside the
    workspace (and removed the link on quit); a FIFO there froze it at start."""
    from roundplanner import instance

    victim = tmp_path / "important.txt"
    victim.write_text("precious user data")
    victim.chmod(0o644)
    marker = demo_ws / instance.MARKER
    marker.symlink_to(victim)
    assert instance.claim(demo_ws) is None
    instance.release(demo_ws)
    assert victim.read_text() == "precious user data"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    marker.unlink()
    os.mkfifo(marker)
    assert instance.claim(demo_ws) is None  # returns at once: no reader waits on a FIFO
    assert instance.other_instance(demo_ws) is None


HUGE_INT = "9" * 4301


@pytest.mark.parametrize("where", ["companies/evil.toml", "stories.toml"])
def test_an_integer_too_long_for_python_is_a_problem_of_its_file(
    demo_ws: Path, capsys: CaptureFixture, where: str
) -> None:
    """One integer of more than 4300 digits stopped every command ("unexpected error")."""
    path = demo_ws / where
    path.write_text(f'schema = 1\nname = "Evil"\nextra_number = {HUGE_INT}\n')
    code, out, err = run(capsys, "validate")
    assert code == 1
    assert f"{where}: cannot read a value: Exceeds the limit (4300 digits)" in out
    code, out, err = run(capsys, "agenda")
    assert code == 1 and "Acme Robotics" in out and where in err


def test_an_integer_too_long_in_the_settings_is_one_line(
    demo_ws: Path, tmp_path: Path, capsys: CaptureFixture
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"reminder_minutes = {HUGE_INT}\n")
    code, out, err = run(capsys, "agenda", "--config", str(config))
    assert (code, out) == (2, "")
    assert "cannot read a value" in one_line(err)


def test_a_file_with_thousands_of_errors_lists_a_few(demo_ws: Path, capsys: CaptureFixture) -> None:
    """Each problem rescanned the whole file: 10,000 bad rounds took 200 s to report."""
    rounds = "".join(f'[[rounds]]\nid = "r{n}"\ntimezone = "Bad/Zone"\n\n' for n in range(3000))
    (demo_ws / "companies/big.toml").write_text(f'schema = 1\nname = "Big"\n\n{rounds}')
    code, out, _ = run(capsys, "validate")
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("companies/big.toml")]
    assert len(lines) == 21
    assert lines[-1] == "companies/big.toml: and 2980 more problem(s) like these"


def test_the_quick_start_cache_never_hangs_on_odd_files(
    demo_ws: Path, tmp_path: Path, fifo: Path
) -> None:
    """The TUI's cache read files directly: a FIFO as --config, or in companies/, hung
    the start or the quit on a blank screen."""
    from roundplanner.summary import SummaryCache, settings_key

    key = settings_key(fifo, required=True)  # returns: a FIFO is a miss, not a wait
    cache = SummaryCache.open(demo_ws, key)
    os.mkfifo(demo_ws / "companies/zz.toml")
    assert cache.read() is None


def test_the_crash_log_is_never_a_fifo_trap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roundplanner.paths import write_crash_log

    folder = tmp_path / "state" / "roundplanner"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "crash.log")
    assert write_crash_log(RuntimeError("x")).startswith("nowhere")  # and no wait


def test_export_never_writes_into_the_workspace(demo_ws: Path, capsys: CaptureFixture) -> None:
    """`export -o companies/acme-robotics.toml` replaced the whole loop with a calendar."""
    path = demo_ws / "companies/acme-robotics.toml"
    before = path.read_bytes()
    code, _, err = run(capsys, "export", "-o", str(path))
    assert code == 2 and "inside the workspace" in one_line(err)
    assert path.read_bytes() == before


def test_an_edit_landing_between_our_write_and_rename_is_kept(
    demo_ws: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk check ran before the temp file was written; an editor's save landing
    during the fsync was overwritten. The file is checked once more before the rename."""
    store = Store(demo_ws, settings.kinds)
    session = Session(store, store.load(), settings)
    path = demo_ws / "companies/harbor-bank.toml"
    real_fsync = os.fsync
    edited: list[bool] = []

    def fsync_then_edit(fd: int) -> None:
        real_fsync(fd)
        if not edited:  # an editor saves while our temp file is being made durable
            edited.append(True)
            path.write_text(path.read_text() + 'hand_note = "HAND EDIT"\n')

    monkeypatch.setattr(os, "fsync", fsync_then_edit)
    outcome = session.update_company("harbor-bank", lambda c: setattr(c, "notes", "ours"))
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert outcome.conflict
    assert 'hand_note = "HAND EDIT"' in path.read_text()
    kept = list((demo_ws / "conflicts").iterdir())
    assert len(kept) == 1 and 'notes = "ours"' in kept[0].read_text()


@pytest.mark.parametrize("updated", ["2199-12-31T23:59:59-12:00", "1900-01-01T05:00:00+14:00"])
def test_the_date_range_holds_on_the_instant_kept(
    demo_ws: Path, capsys: CaptureFixture, updated: str
) -> None:
    """An `updated` at the range's edge passed validation on its wall-clock day, then
    every save failed once it was converted to UTC."""
    (demo_ws / "companies/edge.toml").write_text(
        'schema = 1\nname = "Edge"\n\n[[rounds]]\nid = "r-a"\n'
        f'start = 2026-12-03T10:00:00\ntimezone = "UTC"\nupdated = {updated}\n'
    )
    code, out, _ = run(capsys, "validate")
    assert code == 1 and "rounds[0].updated" in out


def test_a_file_of_quotes_saves_within_the_limit(demo_ws: Path, settings: Settings) -> None:
    """A 1.1 MB note of double quotes doubled past the limit when escaped."""
    store = Store(demo_ws, settings.kinds)
    session = Session(store, store.load(), settings)
    note = '"' * 1_100_000
    assert session.update_company("harbor-bank", lambda c: setattr(c, "notes", note)).saved
    assert Store(demo_ws).load().companies["harbor-bank"].notes == note


def test_a_file_that_would_not_fit_once_saved_is_reported_at_load(
    demo_ws: Path, capsys: CaptureFixture
) -> None:
    """What loads must also save: a file whose escapes would grow past the limit (a
    literal string ending in a quote is written back as a basic string, which escapes
    every backslash and double quote in it)."""
    body = '\\"' * 550_000 + "'"
    (demo_ws / "companies/grows.toml").write_text(
        f"schema = 1\nname = \"G\"\nnotes = '''{body}'''\n"
    )
    code, out, _ = run(capsys, "validate")
    assert code == 1 and "once saved, over the 2 MB limit" in out


def test_every_format_character_is_in_the_sanitizer() -> None:
    """The list of invisible characters is checked against this Python's Unicode data."""
    import unicodedata

    from roundplanner.sanitize import clean

    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) == "Cf" and char != "\u00ad":
            assert clean(f"a{char}b") == "ab", f"U+{code:04X}"
    for char in "\u034f\u3164\u115f\u2800\ufe0f\U000e0041\udc9b":
        assert clean(f"a{char}b") == "ab", f"U+{ord(char):04X}"


def test_raw_bytes_in_a_file_name_never_reach_the_terminal(demo_ws: Path) -> None:
    """A file name that is not UTF-8 carried raw C1 bytes (0x9B is CSI) to stdout."""
    (demo_ws / "companies").joinpath(os.fsdecode(b"\x9b2J\x9b31mX.toml")).write_bytes(b"x = \n")
    for command in (["validate"], ["validate", "--json"], ["agenda", "--json"]):
        result = _run_cli(demo_ws, *command)
        assert b"\x9b" not in result.stdout and b"\xc2\x9b" not in result.stdout, command


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_export_as_root_keeps_the_owner(
    demo_ws: Path, tmp_path: Path, capsys: CaptureFixture
) -> None:
    target = tmp_path / "cal.ics"
    target.write_bytes(b"old")
    os.chown(target, 4321, 4321)
    assert run(capsys, "export", "-o", str(target))[0] == 0
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4321)


def test_a_dangling_link_is_not_an_empty_workspace(
    workspace_dir: Path, capsys: CaptureFixture, tmp_path: Path
) -> None:
    """companies/ linked into an unmounted sync folder said "0 company file(s): ok"."""
    workspace_dir.mkdir()
    (workspace_dir / "companies").symlink_to(tmp_path / "not-mounted" / "companies")
    code, out, _ = run(capsys, "validate")
    assert code == 1 and "companies/: is a link to a folder that is not there" in out


def test_a_dangling_company_file_link_is_reported(
    demo_ws: Path, capsys: CaptureFixture, tmp_path: Path
) -> None:
    (demo_ws / "companies/gone.toml").symlink_to(tmp_path / "gone.toml")
    code, out, _ = run(capsys, "validate")
    assert code == 1 and "companies/gone.toml: is a link to a file that is not there" in out


def test_a_missing_round_names_the_broken_file_it_may_be_in(
    demo_ws: Path, capsys: CaptureFixture
) -> None:
    path = demo_ws / "companies/acme-robotics.toml"
    path.write_text(path.read_text() + "oops = \n")
    code, _, err = run(capsys, "checklist", "r-acme-design")
    assert code == 2
    assert "companies/acme-robotics.toml could not be read" in one_line(err)
    code, _, err = run(capsys, "export", "--company", "acme-robotics")
    assert code == 2 and "companies/acme-robotics.toml could not be read" in one_line(err)


@pytest.mark.parametrize(
    "argv", [["export", "--round", ""], ["export", "--company", ""], ["checklist", ""]]
)
def test_an_empty_id_is_not_everything(
    demo_ws: Path, capsys: CaptureFixture, argv: list[str]
) -> None:
    """`export --round ""` exported every event (a script's empty variable)."""
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "") and one_line(err)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_stdout_is_one_line(demo_ws: Path) -> None:
    env = {**os.environ, "ROUNDPLANNER_WORKSPACE": str(demo_ws)}
    env.pop("ROUNDPLANNER_DEBUG", None)
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "roundplanner", "agenda"],
            stdout=full,
            stderr=subprocess.PIPE,
            env=env,
            timeout=30,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.decode().strip() == (
        "roundplanner: cannot write the output: No space left on device"
    )


def _import_new(ws: Path, path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROUNDPLANNER_WORKSPACE": str(ws)}
    return subprocess.run(
        [sys.executable, "-m", "roundplanner", "import", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_racing_imports_of_a_new_companys_invite_make_one_company(
    demo_ws: Path, capsys: CaptureFixture
) -> None:
    """Four imports at once of an invite from a company the workspace did not have made
    four companies, each holding the invite; `validate` said ok."""
    invite_file = ROOT / "tests/data/ics/google_series_overrides.ics"
    results: list[Any] = [None] * 4

    def go(slot: int) -> None:
        results[slot] = _import_new(demo_ws, invite_file)

    threads = [threading.Thread(target=go, args=(slot,)) for slot in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result.returncode == 0 for result in results), [r.stderr for r in results]
    made = sorted(p.name for p in (demo_ws / "companies").glob("bluefin*.toml"))
    assert made == ["bluefin-analytics.toml"]
    assert run(capsys, "validate")[0] == 0


def test_validate_reports_one_invite_held_twice(demo_ws: Path, capsys: CaptureFixture) -> None:
    for name in ("one", "two"):
        (demo_ws / f"companies/{name}.toml").write_text(
            f'schema = 1\nname = "{name}"\n\n[[rounds]]\nid = "r-{name}"\n'
            'start = 2026-12-03T10:00:00\ntimezone = "UTC"\nimported_uid = "x@y"\n'
        )
    code, out, _ = run(capsys, "validate")
    assert (
        code == 1
        and "companies/two.toml: rounds.imported_uid: invite 'x@y' is also held by one/r-one" in out
    )
