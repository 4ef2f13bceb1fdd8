"""The prep plan and the follow-ups: the promises hold for any workspace hypothesis makes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roundplanner.cli import main
from roundplanner.model import Company, Debrief, Interviewer, Offer, Round, Stage, Topic
from roundplanner.plan import follow_ups, plan_prep, today_view
from roundplanner.settings import PrepSettings
from roundplanner.store import Store

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # a Tuesday morning
TITLES = ["Heaps", "Graphs", "Caching", "Stories", "Why us", "Queues", "Estimation", "SQL"]


def _round(rid: str, start: datetime | None, topics: list[Topic], **kw: object) -> Round:
    local = start.astimezone(UTC).replace(tzinfo=None) if start else None
    return Round(id=rid, kind="technical", start=local, timezone="UTC", topics=topics, **kw)


@st.composite
def workspaces(draw: st.DrawFn) -> dict[str, Company]:
    companies: dict[str, Company] = {}
    for c in range(draw(st.integers(1, 4))):
        rounds = []
        for r in range(draw(st.integers(0, 3))):
            hours = draw(st.integers(-48, 24 * 20))
            start = (NOW + timedelta(hours=hours)).replace(minute=0)
            topics = [
                Topic(
                    title=draw(st.sampled_from(TITLES)),
                    done=draw(st.booleans()),
                    minutes=draw(st.none() | st.integers(5, 120)),
                )
                for _ in range(draw(st.integers(0, 6)))
            ]
            rounds.append(_round(f"r{r}", start, topics))
        companies[f"c{c}"] = Company(name=f"Company {c}", rounds=rounds)
    return companies


prep_settings = st.builds(
    PrepSettings,
    minutes_per_day=st.integers(0, 240),
    minutes_per_topic=st.integers(5, 90),
    review_minutes=st.integers(0, 60),
    hours=st.sampled_from(["18:00-21:00", "07:00-08:30", "09:00-17:00", "20:00-23:59"]),
    horizon_days=st.integers(1, 30),
)


def _budget(day: date, prep: PrepSettings, now: datetime) -> int:
    budget = min(prep.minutes_per_day, prep.window_minutes)
    if day == now.date():
        start = max(now.time(), prep.hours_start)
        left = (prep.hours_end.hour * 60 + prep.hours_end.minute) - (start.hour * 60 + start.minute)
        budget = min(budget, max(0, left))
    return budget


@settings(max_examples=150, deadline=None)
@given(workspaces(), prep_settings, st.integers(0, 23))
def test_the_plan_keeps_its_promises(
    companies: dict[str, Company], prep: PrepSettings, hour: int
) -> None:
    now = NOW.replace(hour=hour)
    blocks, flagged = plan_prep(companies, now, "UTC", prep)
    # Never more than the budget on a day.
    per_day: dict[date, int] = {}
    for block in blocks:
        per_day[block.day] = per_day.get(block.day, 0) + block.minutes
    for day, minutes in per_day.items():
        assert minutes <= _budget(day, prep, now), (day, minutes)
        assert day >= now.date()
    # Never on or after the round; topics never on the review day.
    for block in blocks:
        round_day = block.rounds[0].starts_at.date()
        if block.is_review:
            assert block.day == round_day - timedelta(days=1)
        else:
            assert block.day <= round_day - timedelta(days=2)  # its first round served
    # Every unchecked topic of an upcoming round: planned or flagged, exactly once.
    wanted: set[str] = set()
    for company in companies.values():
        for round_ in company.rounds:
            start = round_.starts_at
            if start is None or not now < start <= now + timedelta(days=prep.horizon_days):
                continue
            wanted |= {t.title.casefold() for t in round_.topics if not t.done}
    planned = [b.title.casefold() for b in blocks if not b.is_review]
    flags = [f.title.casefold() for f in flagged]
    assert sorted(planned + flags) == sorted(wanted)


def test_ticking_a_topic_or_moving_a_round_replans() -> None:
    prep = PrepSettings(minutes_per_day=60)
    topics = [Topic(title=t) for t in ("Heaps", "Graphs", "Caching")]
    company = Company(name="Acme", rounds=[_round("r1", NOW + timedelta(days=4), topics)])
    blocks, _ = plan_prep({"acme": company}, NOW, "UTC", prep)
    assert [b.title for b in blocks if not b.is_review] == ["Heaps", "Graphs", "Caching"]
    company.rounds[0].topics[0].done = True
    blocks, _ = plan_prep({"acme": company}, NOW, "UTC", prep)
    assert [b.title for b in blocks if not b.is_review] == ["Graphs", "Caching"]
    company.rounds[0].start = (NOW + timedelta(days=2)).replace(tzinfo=None)
    blocks, flagged = plan_prep({"acme": company}, NOW, "UTC", prep)
    assert {b.day for b in blocks if not b.is_review} == {NOW.date()}
    assert [b.title for b in blocks if b.is_review] and flagged == []


def test_a_day_passing_unused_moves_its_topics_forward_and_flags_what_no_longer_fits() -> None:
    prep = PrepSettings(minutes_per_day=30, minutes_per_topic=30)
    topics = [Topic(title=t) for t in ("Heaps", "Graphs", "Caching")]
    company = Company(name="Acme", rounds=[_round("r1", NOW + timedelta(days=4, hours=3), topics)])
    blocks, flagged = plan_prep({"acme": company}, NOW, "UTC", prep)
    assert [(b.day - NOW.date()).days for b in blocks if not b.is_review] == [0, 1, 2]
    later = NOW + timedelta(days=1)  # nothing was ticked yesterday
    blocks, flagged = plan_prep({"acme": company}, later, "UTC", prep)
    assert [(b.day - NOW.date()).days for b in blocks if not b.is_review] == [1, 2]
    assert [f.title for f in flagged] == ["Caching"]
    assert "daily budget" in flagged[0].reason


def test_a_shared_topic_is_planned_once_for_the_earliest_round() -> None:
    prep = PrepSettings()
    first = Company(name="A", rounds=[_round("r1", NOW + timedelta(days=3), [Topic(title="SQL")])])
    second = Company(
        name="B", rounds=[_round("r2", NOW + timedelta(days=6), [Topic(title="sql ")])]
    )
    blocks, _ = plan_prep({"a": first, "b": second}, NOW, "UTC", prep)
    [sql] = [b for b in blocks if not b.is_review]
    assert [r.round_id for r in sql.rounds] == ["r1", "r2"]


def test_the_prep_hours_bound_the_first_day() -> None:
    prep = PrepSettings(hours="18:00-21:00", minutes_per_day=180)
    topics = [Topic(title=t) for t in ("Heaps", "Graphs", "Caching", "SQL")]
    company = Company(name="Acme", rounds=[_round("r1", NOW + timedelta(days=5), topics)])
    evening = NOW.replace(hour=20)  # one hour of prep left today
    blocks, _ = plan_prep({"acme": company}, evening, "UTC", prep)
    assert sum(b.minutes for b in blocks if b.day == evening.date()) == 60
    late = NOW.replace(hour=22)  # today's hours are over
    blocks, _ = plan_prep({"acme": company}, late, "UTC", prep)
    assert min(b.day for b in blocks) == late.date() + timedelta(days=1)


# --------------------------------------------------------------------------- follow-ups


def _met(hours_ago: int, **kw: object) -> Company:
    start = NOW - timedelta(hours=hours_ago)
    round_ = _round(
        "r-met", start, [], interviewers=[Interviewer(name="Ann Lee")], duration_minutes=60, **kw
    )
    return Company(name="Acme", stage=Stage.INTERVIEWING, rounds=[round_])


def test_a_thank_you_is_due_in_the_day_after_a_round_and_names_who_you_met() -> None:
    company = _met(3, debrief=Debrief(went_well="the cache design"))
    [thanks] = [
        f for f in follow_ups({"acme": company}, NOW, "UTC", PrepSettings()) if f.kind == "thanks"
    ]
    assert "Ann Lee" in thanks.text and "mention: the cache design" in thanks.text
    assert thanks.ref == "acme/thanks:r-met"
    old = _met(30)
    assert not [
        f for f in follow_ups({"acme": old}, NOW, "UTC", PrepSettings()) if f.kind == "thanks"
    ]


def test_done_and_snoozed_follow_ups_stay_away() -> None:
    company = _met(3)
    company.settle_follow_up("thanks:r-met", NOW.date())
    kinds = [f.kind for f in follow_ups({"acme": company}, NOW, "UTC", PrepSettings())]
    assert "thanks" not in kinds and "debrief" in kinds
    company.settle_follow_up("debrief:r-met", NOW.date(), snooze_days=2)
    assert follow_ups({"acme": company}, NOW, "UTC", PrepSettings()) == []
    later = NOW + timedelta(days=2)
    assert "debrief" in [
        f.kind for f in follow_ups({"acme": company}, later, "UTC", PrepSettings())
    ]


def test_a_quiet_company_gets_a_nudge_but_not_one_with_an_offer() -> None:
    company = _met(24 * 6, debrief=Debrief())
    kinds = [f.kind for f in follow_ups({"acme": company}, NOW, "UTC", PrepSettings())]
    assert kinds == ["nudge"]
    company.stage = Stage.OFFER
    company.offer = Offer(base=1, deadline=NOW.date() + timedelta(days=3))
    kinds = [f.kind for f in follow_ups({"acme": company}, NOW, "UTC", PrepSettings())]
    assert kinds == ["deadline"]


# --------------------------------------------------------------------------- the command


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_today_on_the_demo(demo_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "today")
    assert code == 1 and err == ""  # something is due today: exit 1 for a shell prompt
    assert out.startswith("Today, Thu 26 Nov 2026")
    assert "Prep (" in out and "Follow-ups" in out and "Coming days" in out
    code, out, _ = run(capsys, "today", "--json")
    data = json.loads(out)
    assert data["due_today"] is True
    prep = PrepSettings()
    per_day: dict[str, int] = {}
    for block in data["blocks"]:
        per_day[block["date"]] = per_day.get(block["date"], 0) + block["minutes"]
    assert per_day and max(per_day.values()) <= prep.minutes_per_day


def test_marking_a_follow_up_done_records_it_on_the_company(
    demo_ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "today", "--json")
    ref = json.loads(out)["follow_ups"][0]["ref"]
    code, out, _ = run(capsys, "today", "--done", ref)
    assert code == 0 and out == f"{ref}: done\n"
    slug, _, key = ref.partition("/")
    company = Store(demo_ws).load().companies[slug]
    assert [(r.key, r.done_on) for r in company.follow_ups] == [(key, date(2026, 11, 26))]
    _, out, _ = run(capsys, "today", "--json")
    assert ref not in [item["ref"] for item in json.loads(out)["follow_ups"]]
    code, _, err = run(capsys, "today", "--done", "nope/thanks:r-x")
    assert code == 2 and "no follow-up" in err


def test_today_for_another_day(demo_ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "today", "--date", "sat")
    assert out.startswith("Today, Sat 28 Nov 2026")
    code, _, err = run(capsys, "today", "--date", "someday")
    assert code == 2 and "--date" in err


def test_a_block_key_is_stable() -> None:
    """The key names round and topic, not the day: the calendar's UID for a prep block."""
    company = Company(
        name="A", rounds=[_round("r1", NOW + timedelta(days=3), [Topic(title="SQL")])]
    )
    one = today_view({"a": company}, NOW, "UTC", PrepSettings()).blocks
    two = today_view({"a": company}, NOW + timedelta(hours=1), "UTC", PrepSettings()).blocks
    assert [b.key for b in one] == [b.key for b in two] == ["a.r1.t0", "a.r1.review"]


def test_a_shared_topic_too_late_for_the_first_round_is_planned_for_the_next() -> None:
    """Caching for today's design round cannot be prepared any more, but the onsite in a
    week needs it too: it is planned for the onsite, not only flagged."""
    prep = PrepSettings()
    today_round = _round("r-design", NOW + timedelta(hours=6), [Topic(title="Caching")])
    onsite = _round("r-onsite", NOW + timedelta(days=7), [Topic(title="Caching")])
    company = Company(name="Acme", rounds=[today_round, onsite])
    blocks, flagged = plan_prep({"acme": company}, NOW, "UTC", prep)
    [caching] = [b for b in blocks if not b.is_review]
    assert [r.round_id for r in caching.rounds] == ["r-onsite"] and flagged == []


def test_prep_blocks_reach_the_calendar_as_free_time_only_when_asked(
    demo_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import icalendar

    code, out, _ = run(capsys, "export")
    assert code == 0 and "prep-" not in out  # off by default
    config = tmp_path / "config.toml"
    config.write_text('[prep]\ncalendar_blocks = true\nhours = "18:00-21:00"\n')
    code, out, _ = run(capsys, "export", "--config", str(config))
    assert code == 0
    calendar = icalendar.Calendar.from_ical(out)
    blocks = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("prep-")]
    assert blocks
    for event in blocks:
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert "roundplanner prep" in event["CATEGORIES"].to_ical().decode()
        assert str(event["SUMMARY"]).startswith("Prep: ")
    today = [e for e in blocks if e["DTSTART"].dt.date() == date(2026, 11, 26)]
    assert min(e["DTSTART"].dt for e in today) == datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
    assert len({str(e["UID"]) for e in blocks}) == len(blocks)
    # The same state exports the same bytes (the plan is a function of the day).
    assert run(capsys, "export", "--config", str(config))[1] == out
