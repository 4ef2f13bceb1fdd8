"""The second outside probe of invite import: one cost budget per import, and hostile
mail. Each test names the finding it proves; hostile inputs are generated here, small,
and read in a child process with a generous time limit (a regression fails, never hangs).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from roundplanner.calendar import CalendarError, read_import
from roundplanner.calendar.boilerplate import clean_description
from roundplanner.calendar.mail import _as_utf8
from roundplanner.calendar.rules import (
    MAX_IMPORT_STEPS,
    MAX_RULE_STEPS,
    Budget,
    parse_rule,
    rule_steps,
    too_costly,
)

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _cal(body: str) -> str:
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{body}END:VCALENDAR\r\n"


def _event(uid: str, extra: str = "", start: str = "20261210T100000Z") -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261120T000000Z\r\nSUMMARY:Screen\r\n"
        f"DTSTART:{start}\r\nDTEND:{start[:9]}{int(start[9:11]) + 1:02d}{start[11:]}\r\n"
        f"{extra}END:VEVENT\r\n"
    )


def _import_in_child(data: bytes, seconds: float = 20) -> str:
    """`read_import` in a child process that must finish within `seconds`."""
    code = (
        "import sys\n"
        "from datetime import datetime, UTC\n"
        "from roundplanner.calendar import read_import, CalendarError\n"
        "try:\n"
        "    found = read_import(sys.stdin.buffer.read(), 'in.eml',\n"
        "                        now=datetime(2026, 12, 1, tzinfo=UTC))\n"
        "    print(len(found.invites)); print('\\n'.join(found.warnings))\n"
        "except CalendarError as error:\n"
        "    print('error:', error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=data,
        capture_output=True,
        timeout=seconds,
        check=True,
        cwd=ROOT,
    )
    return result.stdout.decode()


def _zone(observances: int, rule: str, start: str = "19000101T000000") -> str:
    blocks = "".join(
        f"BEGIN:{'STANDARD' if i % 2 else 'DAYLIGHT'}\r\nDTSTART:{start}\r\n"
        f"TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0{i % 2 + 1}00\r\nRRULE:{rule}\r\n"
        f"END:{'STANDARD' if i % 2 else 'DAYLIGHT'}\r\n"
        for i in range(observances)
    )
    return f"BEGIN:VTIMEZONE\r\nTZID:Custom\r\n{blocks}END:VTIMEZONE\r\n"


def test_p2_1a_monthly_rule_that_never_matches_costs_its_day_sets() -> None:
    # Each month builds a day set of 31: 12 steps a year was ~30x too low.
    never = parse_rule("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30")
    assert rule_steps(never, 1900, 2199) > MAX_RULE_STEPS
    assert too_costly("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", 1900, 2199) is not None


def test_p2_1a_a_zone_of_many_costly_observances_is_refused_quickly() -> None:
    # 200 observances each just under the bound for one rule (from 7580 to 9999).
    zone = _zone(200, "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", start="75800101T000000")
    good = _event("ok@x")
    event = (
        _event("z@x", start="20261210T100000")
        .replace("DTSTART:", "DTSTART;TZID=Custom:")
        .replace("DTEND:", "DTEND;TZID=Custom:")
    )
    out = _import_in_child(_cal(zone + event + good).encode())
    assert out.startswith("1\n")
    assert "one import may use" in out


def test_p2_1b_many_events_each_under_the_bound_share_one_budget() -> None:
    budget = Budget()
    rule = "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30"  # from 7600: under the bound alone
    refused = [too_costly(rule, 7600, 2199, budget) for _ in range(100)]
    assert refused[0] is None
    assert any(refused) and budget.spent <= MAX_IMPORT_STEPS
    hours = ",".join(str(h) for h in range(24))
    minutes = ",".join(str(m) for m in range(25))
    near_bound = f"RRULE:FREQ=DAILY;BYHOUR={hours};BYMINUTE={minutes}\r\n"
    assert too_costly(near_bound[6:-2], 2026, 2029) is None
    events = "".join(_event(f"e{i}@x", near_bound) for i in range(300))
    out = _import_in_child(_cal(events + _event("ok@x")).encode())
    assert "one import may use" in out
    assert int(out.split("\n")[0]) < 20  # the rest skipped, each with a warning


def test_p2_1c_description_of_spaces_is_cleaned_in_linear_time() -> None:
    out = _import_in_child(
        _cal(_event("d@x", "DESCRIPTION:" + " " * 60_000 + "x\r\n")).encode(), seconds=10
    )
    assert out.startswith("1\n")
    assert clean_description("  Join Zoom Meeting  \nhttps://zoom.us/j/1\nBring a pen") == (
        "Bring a pen"
    )


def _mail(charset: str, payload: bytes) -> bytes:
    return (
        b"From: Jo <jo@acme.example>\r\nTo: me@example.com\r\nSubject: Invite\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: text/calendar; charset=" + charset.encode()
        + b"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + payload
    )  # fmt: skip


def test_p2_1d_punycode_charset_is_never_decoded() -> None:
    data = _mail("punycode", b"a" * 200_000 + b"-" + b"b" * 50)
    out = _import_in_child(data, seconds=20)
    assert out.startswith("error:")
    assert _as_utf8(b"caf\xe9", "punycode") == b"caf\xe9"
    assert _as_utf8(b"caf\xe9", "iso-8859-1") == "café".encode()


def test_p2_8_utf8_bytes_under_a_latin1_label_stay_utf8() -> None:
    text = _cal(_event("l@x", "LOCATION:Zoë's office\r\n")).encode()
    found = read_import(_mail("iso-8859-1", text), "in.eml", now=NOW)
    assert found.invites[0].where == "Zoë's office"


def test_p2_1e_one_event_budget_for_a_whole_mbox() -> None:
    def message(n: int) -> bytes:
        events = "".join(_event(f"m{n}-{i}@x") for i in range(600))
        return b"From jo@acme.example Tue Dec  1 00:00:00 2026\r\n" + _mail(
            "utf-8", _cal(events).encode()
        )

    out = _import_in_child(message(1) + message(2) + message(3), seconds=60)
    # The second message goes over the 1000 events of one import, the third has none left.
    assert out.startswith("600\n")
    assert "more than 1000 events in one import" in out


@pytest.mark.parametrize("depth", [50, 1000])
def test_p2_2_deeply_nested_mime_is_one_line_naming_the_file(depth: int) -> None:
    head = b"From: a@b.example\r\nTo: c@d.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
    body = b""
    for level in range(depth):
        body += f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n'.encode()
    body += b"Content-Type: text/calendar\r\n\r\n" + _cal(_event("n@x")).encode()
    with pytest.raises(CalendarError, match=r"^deep\.eml: parts nested too deeply"):
        read_import(head + body, "deep.eml", now=NOW)


def test_p2_5e_last_weekday_of_the_month_is_not_refused() -> None:
    assert too_costly("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", 2026, 2029) is None
    assert too_costly("FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10", 1601, 2199) is None


def _read(body: str, now: datetime = NOW) -> list:
    return read_import(_cal(body).encode(), "s.ics", now=now).invites


def test_p2_5c_a_dense_series_started_long_ago_lands_on_the_next_occurrence() -> None:
    # 4000 occurrences since January: walking from a year back found only the first 1000.
    invite = _read(_event("h@x", "RRULE:FREQ=HOURLY;INTERVAL=2\r\n", "20260101T000000Z"))[0]
    assert invite.start == datetime(2026, 12, 1, 8, 0)


def test_p2_5d_a_series_starting_in_three_years_imports_like_a_single_event() -> None:
    invite = _read(_event("f@x", "RRULE:FREQ=WEEKLY;COUNT=3\r\n", "20291201T150000Z"))[0]
    assert invite.start == datetime(2029, 12, 1, 15, 0)


def test_p2_1b_a_dense_series_is_looked_at_a_window_at_a_time() -> None:
    budget = Budget()
    hours = ",".join(str(h) for h in range(24))
    rule = f"RRULE:FREQ=DAILY;BYHOUR={hours};BYMINUTE=0,30\r\n"
    from roundplanner.calendar import read_calendar

    found = read_calendar(
        _cal(_event("d@x", rule, "20261210T100000Z")).encode(), "d.ics", now=NOW, budget=budget
    )
    assert found.invites[0].start == datetime(2026, 12, 10, 10, 0)
    assert budget.occurrences > 20_000 - 100  # one small window, not a year of them


def test_p2_3a_an_older_copy_of_our_own_export_does_not_move_the_round_back() -> None:
    from roundplanner.calendar import merge_invite
    from roundplanner.model import Company, Round

    round_ = Round(
        id="r-1",
        kind="technical",
        start=datetime(2026, 12, 12, 10),
        sequence=2,
        updated=datetime(2026, 11, 25, tzinfo=UTC),
    )
    company = Company(name="Acme", rounds=[round_])
    old = _read(_event("r-1@roundplanner", "SEQUENCE:0\r\n", "20261210T100000Z"))[0]
    merged = merge_invite(company, old, now=NOW)
    assert merged.action == "ignored" and "own export" in merged.note
    assert company.rounds[0].start == datetime(2026, 12, 12, 10)


def test_p2_3b_our_uid_from_a_foreign_organizer_is_refused() -> None:
    from roundplanner.calendar import merge_invite
    from roundplanner.model import Company, Round

    round_ = Round(id="r-1", kind="technical", start=datetime(2026, 12, 12, 10), sequence=0)
    company = Company(name="Acme", rounds=[round_])
    extra = "SEQUENCE:9\r\nORGANIZER:mailto:mallory@evil.example\r\nSTATUS:CANCELLED\r\n"
    hijack = _read(_event("r-1@roundplanner", extra))[0]
    merged = merge_invite(company, hijack, now=NOW)
    assert merged.action == "ignored" and "mallory@evil.example" in merged.note
    assert not company.rounds[0].is_cancelled


@pytest.mark.parametrize(
    ("extra", "warned"),
    [
        ("SEQUENCE:-1\r\n", "SEQUENCE: -1 read as 0"),
        ("SEQUENCE:99999999999999999999999\r\n", "read as 2147483647"),
    ],
)
def test_p2_4_a_bad_sequence_is_clamped_per_event(extra: str, warned: str) -> None:
    from roundplanner.model import Round

    found = read_import(_cal(_event("s@x", extra) + _event("t@x")).encode(), "s.ics", now=NOW)
    assert len(found.invites) == 2
    assert any(w.startswith("s.ics: line ") and warned in w for w in found.warnings)
    for invite in found.invites:  # saving them no longer fails
        Round(id="r-1", kind="x", start=invite.start, imported_sequence=invite.sequence)


@pytest.mark.parametrize("stamp", ["99991231T235959Z", "00010101T000000Z"])
def test_p2_4_a_dtstamp_out_of_range_is_left_out(stamp: str) -> None:
    body = _event("s@x").replace("DTSTAMP:20261120T000000Z", f"DTSTAMP:{stamp}")
    found = read_import(_cal(body + _event("t@x")).encode(), "s.ics", now=NOW)
    assert len(found.invites) == 2
    assert found.invites[0].stamp is None
    assert any("DTSTAMP" in w and "left out" in w for w in found.warnings)


@pytest.mark.parametrize(
    "offsets",
    [
        "TZOFFSETFROM:+2400\r\nTZOFFSETTO:+2400\r\n",
        "TZOFFSETTO:+0530\r\n",
        "TZOFFSETFROM:+0530\r\n",
    ],
)
def test_p2_4_a_broken_custom_zone_skips_its_events_only(offsets: str) -> None:
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:Weird\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        f"{offsets}END:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    weird = _event("w@x", start="20261210T100000").replace("DTSTART:", "DTSTART;TZID=Weird:")
    weird = weird.replace("DTEND:", "DTEND;TZID=Weird:")
    found = read_import(_cal(zone + weird + _event("t@x")).encode(), "z.ics", now=NOW)
    assert [invite.uid for invite in found.invites] == ["t@x"]
    assert any("time zone 'Weird' ignored" in w for w in found.warnings)


def test_p2_4_the_model_bounds_imported_sequence_like_sequence() -> None:
    from pydantic import ValidationError

    from roundplanner.model import Round

    with pytest.raises(ValidationError):
        Round(id="r-1", kind="x", imported_sequence=2**31)


SERIES = "RRULE:FREQ=WEEKLY;COUNT=4\r\n"


def test_p2_5a_a_second_change_of_the_same_occurrence_still_applies() -> None:
    from roundplanner.calendar import merge_invite
    from roundplanner.model import Company

    company = Company(name="Acme")
    series = _read(_event("w@x", SERIES, "20261203T100000Z"))[0]
    merge_invite(company, series, now=NOW)
    assert company.rounds[0].start == datetime(2026, 12, 3, 10)

    def moved(to: str, sequence: int) -> object:
        extra = f"RECURRENCE-ID:20261203T100000Z\r\nSEQUENCE:{sequence}\r\n"
        return _read(_event("w@x", extra, to))[0]

    first = merge_invite(company, moved("20261204T150000Z", 1), now=NOW)  # type: ignore[arg-type]
    assert first.action == "updated"
    second = merge_invite(company, moved("20261205T090000Z", 2), now=NOW)  # type: ignore[arg-type]
    assert second.action == "updated", second.note
    assert company.rounds[0].start == datetime(2026, 12, 5, 9)


def test_p2_5b_cancelling_one_occurrence_alone_says_so() -> None:
    from roundplanner.calendar import merge_invite
    from roundplanner.model import Company

    company = Company(name="Acme")
    merge_invite(company, _read(_event("w@x", SERIES, "20261203T100000Z"))[0], now=NOW)
    body = _event("w@x", "RECURRENCE-ID:20261203T100000Z\r\nSEQUENCE:1\r\n", "20261203T100000Z")
    text = _cal(body).replace("VERSION:2.0\r\n", "VERSION:2.0\r\nMETHOD:CANCEL\r\n")
    cancel = read_import(text.encode(), "c.ics", now=NOW).invites[0]
    merged = merge_invite(company, cancel, now=NOW)
    assert merged.round.is_cancelled
    assert "only this occurrence of a series was cancelled" in merged.note


@pytest.mark.parametrize(
    ("organizer", "expected"),
    [
        ("jo@evil.com.", "jo@evil.com"),
        ("jo@bücher.example", "jo@xn--bcher-kva.example"),
        ("jo@[127.0.0.1]", "jo@[127.0.0.1]"),
        ("a@b@c", ""),
    ],
)
def test_p2_7_organizer_addresses_as_mailers_write_them(organizer: str, expected: str) -> None:
    extra = f"ORGANIZER;CN=Jo:mailto:{organizer}\r\n"
    assert _read(_event("o@x", extra))[0].organizer_email == expected


@pytest.mark.parametrize(
    ("organizer", "company"),
    [("jo@xn--bcher-kva.example", "Bücher"), ("jo@co.uk", ""), ("jo@[127.0.0.1]", "")],
)
def test_p2_7_company_names_from_domains(organizer: str, company: str) -> None:
    from roundplanner.calendar import company_from_invite, invite_domain

    invite = _read(_event("o@x", f"ORGANIZER:mailto:{organizer}\r\n"))[0]
    if company:
        assert company_from_invite(invite, NOW).name == company
    else:
        assert invite_domain(invite) == ""  # the user is asked, never "Co"


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from roundplanner.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_p2_7_no_organizer_message_reads_as_a_sentence(
    demo_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.ics"
    path.write_text(_cal(_event("o@x", "ORGANIZER:mailto:a@b@c\r\n")), newline="")
    code, _out, err = _cli(capsys, "import", str(path))
    assert code == 2 and "it has no usable organizer address" in err
    assert "names none)" not in err


def test_p2_7_new_company_needs_visible_text_and_a_new_name(
    demo_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.ics"
    path.write_text(_cal(_event("o@x")), newline="")
    before = sorted(p.name for p in (demo_ws / "companies").iterdir())
    code, _out, err = _cli(capsys, "import", str(path), "--new-company", "\u200b\u2060 \u200d")
    assert code == 2 and "visible letters" in err
    existing = tomllib.loads((demo_ws / "companies" / "tessellate.toml").read_text())["name"]
    code, _out, err = _cli(capsys, "import", str(path), "--new-company", existing.upper())
    assert code == 2 and "already exists (tessellate)" in err
    assert sorted(p.name for p in (demo_ws / "companies").iterdir()) == before


NEW_YORK = (
    "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0500\r\n"
    "TZOFFSETTO:-0400\r\nDTSTART:19700308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"
    "END:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n"
    "DTSTART:19701101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)


def test_p2_6_a_time_in_the_gap_keeps_its_named_zone_and_rfc_instant() -> None:
    event = (
        "BEGIN:VEVENT\r\nUID:g@x\r\nDTSTAMP:20261120T000000Z\r\nSUMMARY:Screen\r\n"
        "DTSTART;TZID=America/New_York:20270314T023000\r\n"
        "DTEND;TZID=America/New_York:20270314T033000\r\nEND:VEVENT\r\n"
    )
    invite = _read(NEW_YORK + event)[0]
    assert invite.timezone == "America/New_York"
    assert invite.starts_at.astimezone(UTC) == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize("tzid", ["localtime", "posixrules", "Factory", "right/UTC"])
def test_p2_6_machine_zone_files_are_not_zone_names(tzid: str) -> None:
    event = _event("l@x", start="20261210T100000").replace("DTSTART:", f"DTSTART;TZID={tzid}:")
    found = read_import(_cal(event + _event("t@x")).encode(), "l.ics", now=NOW)
    assert [invite.uid for invite in found.invites] == ["t@x"]
    assert any(f"unknown time zone {tzid!r}" in w for w in found.warnings)


def test_p2_6_an_offset_with_seconds_is_said() -> None:
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:Odd\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        "TZOFFSETFROM:+053017\r\nTZOFFSETTO:+053017\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    event = _event("s@x", start="20261210T100000").replace("DTSTART:", "DTSTART;TZID=Odd:")
    found = read_import(_cal(zone + event.replace("DTEND:", "DTEND;TZID=Odd:")).encode(), "o.ics")
    assert any("offset has seconds" in w for w in found.warnings)


def test_p2_8_an_event_in_a_nested_calendar_is_not_dropped_silently() -> None:
    nested = "BEGIN:VCALENDAR\r\n" + _event("n@x") + "END:VCALENDAR\r\n"
    found = read_import(_cal(nested + _event("t@x")).encode(), "n.ics", now=NOW)
    assert any("nested inside another" in w for w in found.warnings)
