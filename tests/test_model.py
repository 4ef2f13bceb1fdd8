"""The domain model: validation a person understands, and the pure questions it answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from roundplanner.model import (
    Company,
    Debrief,
    Interviewer,
    Offer,
    Round,
    RoundRef,
    RoundStatus,
    Stage,
    Story,
    StoryBank,
    Topic,
    build_checklist,
    check_local_time,
    countdown,
    counts_per_stage,
    day_group,
    find_round,
    find_topic,
    next_round,
    offer_deadlines,
    rounds_awaiting_debrief,
    slugify,
    upcoming_rounds,
    zone,
)
from roundplanner.output.json_data import checklist_json
from roundplanner.problems import validation_problems

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
LA, NY, BERLIN, TOKYO = "America/Los_Angeles", "America/New_York", "Europe/Berlin", "Asia/Tokyo"


def messages(error: ValidationError) -> list[str]:
    return [str(p) for p in validation_problems(error, "companies/acme.toml")]


def only_message(error: ValidationError) -> str:
    found = messages(error)
    assert len(found) == 1, found
    return found[0]


def rnd(id_: str, start: datetime | None, tz: str = "UTC", **fields: object) -> Round:
    return Round(id=id_, start=start, timezone=tz, **fields)


# --------------------------------------------------------------------------- validation


class TestRoundValidation:
    def test_unknown_zone_names_the_zone(self) -> None:
        with pytest.raises(ValidationError) as info:
            Round(id="r-1", timezone="PST8")
        assert only_message(info.value) == (
            "companies/acme.toml: timezone: unknown time zone 'PST8'"
        )

    @pytest.mark.parametrize(
        "name", ["", " UTC", "Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", "X..Y"]
    )
    def test_zone_refuses_junk_and_paths(self, name: str) -> None:
        with pytest.raises(ValueError, match="unknown time zone"):
            zone(name)

    def test_known_zone(self) -> None:
        assert zone(LA).key == LA

    def test_dst_gap_is_refused_clearly(self) -> None:
        with pytest.raises(ValidationError) as info:
            Round(id="r-1", start=datetime(2026, 3, 8, 2, 30), timezone=LA)
        text = only_message(info.value)
        assert "start: 2026-03-08 02:30 does not exist in America/Los_Angeles" in text
        assert "clocks jump forward" in text

    def test_ambiguous_time_is_refused_clearly(self) -> None:
        with pytest.raises(ValidationError) as info:
            Round(id="r-1", start=datetime(2026, 11, 1, 1, 30), timezone=LA)
        text = only_message(info.value)
        assert "start: 2026-11-01 01:30 happens twice in America/Los_Angeles" in text
        assert "clocks fall back" in text

    def test_times_beside_the_transitions_are_fine(self) -> None:
        for start in (datetime(2026, 3, 8, 1, 59), datetime(2026, 3, 8, 3, 0)):
            Round(id="r-1", start=start, timezone=LA)
        for start in (datetime(2026, 11, 1, 0, 59), datetime(2026, 11, 1, 2, 0)):
            Round(id="r-1", start=start, timezone=LA)

    def test_check_local_time_directly(self) -> None:
        check_local_time(datetime(2026, 7, 1, 12), zone(BERLIN), BERLIN)
        with pytest.raises(ValueError, match="does not exist"):
            check_local_time(datetime(2026, 3, 29, 2, 30), zone(BERLIN), BERLIN)
        with pytest.raises(ValueError, match="happens twice"):
            check_local_time(datetime(2026, 10, 25, 2, 30), zone(BERLIN), BERLIN)

    def test_a_gap_found_by_assignment(self) -> None:
        round_ = Round(id="r-1", start=datetime(2026, 3, 8, 9, 0), timezone=LA)
        with pytest.raises(ValidationError, match="does not exist"):
            round_.start = datetime(2026, 3, 8, 2, 30)

    @pytest.mark.parametrize("minutes", [0, -30])
    def test_end_before_start(self, minutes: int) -> None:
        with pytest.raises(ValidationError) as info:
            Round(id="r-1", duration_minutes=minutes)
        assert only_message(info.value) == (
            "companies/acme.toml: duration_minutes: end before start: "
            "duration_minutes must be more than 0"
        )

    def test_more_than_a_day(self) -> None:
        with pytest.raises(ValidationError, match="more than a day"):
            Round(id="r-1", duration_minutes=24 * 60 + 1)

    def test_start_with_an_offset_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="without offset; put the zone in 'timezone'"):
            Round(id="r-1", start=datetime(2026, 12, 3, 10, tzinfo=UTC))

    def test_start_drops_seconds(self) -> None:
        round_ = Round(id="r-1", start=datetime(2026, 12, 3, 10, 0, 42, 5))
        assert round_.start == datetime(2026, 12, 3, 10, 0)

    @pytest.mark.parametrize("bad", ["", "-x", "a b", "r/1", "../r", "x" * 65, "é"])
    def test_round_id_must_be_usable(self, bad: str) -> None:
        with pytest.raises(ValidationError, match="must be letters, digits"):
            Round(id=bad)

    def test_new_round_gets_an_id(self) -> None:
        first, second = Round(), Round()
        assert first.id.startswith("r-") and first.id != second.id

    def test_unknown_kind_with_known_kinds(self) -> None:
        data = {"id": "r-1", "kind": "lunch"}
        with pytest.raises(ValidationError) as info:
            Round.model_validate(data, context={"kinds": {"coding", "onsite"}})
        assert only_message(info.value) == (
            "companies/acme.toml: kind: unknown round kind 'lunch' (known: coding, onsite)"
        )

    def test_any_kind_without_context(self) -> None:
        assert Round.model_validate({"id": "r-1", "kind": "lunch"}).kind == "lunch"

    def test_updated_is_utc(self) -> None:
        naive = Round(id="r-1", updated=datetime(2026, 1, 1, 12))
        assert naive.updated == datetime(2026, 1, 1, 12, tzinfo=UTC)
        berlin = Round(id="r-1", updated=datetime(2026, 1, 1, 13, tzinfo=zone(BERLIN)))
        assert berlin.updated is not None and berlin.updated.utcoffset() == timedelta(0)
        assert berlin.updated == datetime(2026, 1, 1, 12, tzinfo=UTC)


class TestCompanyValidation:
    def test_duplicate_round_ids_name_the_second_one(self) -> None:
        with pytest.raises(ValidationError) as info:
            Company(name="Acme", rounds=[Round(id="r-1"), Round(id="r-2"), Round(id="r-1")])
        assert only_message(info.value) == (
            "companies/acme.toml: rounds[2].id: duplicate round id 'r-1'"
        )

    def test_unknown_stage_lists_the_stages(self) -> None:
        with pytest.raises(ValidationError) as info:
            Company.model_validate({"name": "Acme", "stage": "hired"})
        text = only_message(info.value)
        assert text.startswith("companies/acme.toml: stage: 'hired' is not one of 'interested'")
        assert "'ghosted'" in text

    def test_unknown_source(self) -> None:
        with pytest.raises(ValidationError) as info:
            Company.model_validate({"name": "Acme", "source": "linkedin"})
        assert "source: 'linkedin' is not one of 'referral'" in only_message(info.value)

    def test_unknown_stage_in_history(self) -> None:
        data = {"name": "Acme", "stage_history": [{"stage": "hired", "on": date(2026, 1, 1)}]}
        with pytest.raises(ValidationError) as info:
            Company.model_validate(data)
        assert "stage_history[0].stage: 'hired' is not one of" in only_message(info.value)

    @pytest.mark.parametrize("name", ["", "   ", "\n\t"])
    def test_name_required(self, name: str) -> None:
        with pytest.raises(ValidationError, match="name must not be empty"):
            Company(name=name)

    def test_nested_problem_has_a_field_path(self) -> None:
        data = {"name": "Acme", "rounds": [{"id": "r-1"}, {"id": "r-2", "timezone": "PST8"}]}
        with pytest.raises(ValidationError) as info:
            Company.model_validate(data)
        assert only_message(info.value) == (
            "companies/acme.toml: rounds[1].timezone: unknown time zone 'PST8'"
        )

    def test_unknown_kind_in_a_company(self) -> None:
        data = {"name": "Acme", "rounds": [{"id": "r-1", "kind": "lunch"}]}
        with pytest.raises(ValidationError, match=r"rounds\.0\.kind"):
            Company.model_validate(data, context={"kinds": {"coding"}})

    def test_every_problem_is_reported(self) -> None:
        data = {
            "name": "Acme",
            "stage": "hired",
            "rounds": [{"id": "r-1", "timezone": "Nowhere/City", "duration_minutes": 0}],
        }
        with pytest.raises(ValidationError) as info:
            Company.model_validate(data)
        fields = sorted(p.field for p in validation_problems(info.value, "x"))
        assert fields == ["rounds[0].duration_minutes", "rounds[0].timezone", "stage"]

    def test_extra_keys_are_kept(self) -> None:
        company = Company.model_validate(
            {"name": "Acme", "mood": "hopeful", "rounds": [{"id": "r-1", "room": "4B"}]}
        )
        assert company.model_extra == {"mood": "hopeful"}
        assert company.rounds[0].model_extra == {"room": "4B"}

    def test_duplicate_story_ids(self) -> None:
        with pytest.raises(ValidationError, match=r"duplicate story id 's-1'"):
            StoryBank(stories=[Story(id="s-1", title="a"), Story(id="s-1", title="b")])

    def test_set_stage_records_history_once(self) -> None:
        company = Company(name="Acme")
        company.set_stage(Stage.APPLIED, date(2026, 11, 1))
        company.set_stage(Stage.APPLIED, date(2026, 11, 2))
        company.set_stage(Stage.SCREENING, date(2026, 11, 3))
        assert [(c.stage, c.on.day) for c in company.stage_history] == [
            (Stage.APPLIED, 1),
            (Stage.SCREENING, 3),
        ]
        assert company.last_activity() == date(2026, 11, 3)

    def test_stage_activity(self) -> None:
        assert Stage.OFFER.is_active and not Stage.REJECTED.is_active
        assert Stage.GHOSTED.label == "Ghosted"


# --------------------------------------------------------------------------- questions


def pipeline() -> dict[str, Company]:
    """Rounds in several zones; the local hours alone would sort them wrongly."""
    return {
        "acme": Company(
            name="Acme",
            stage=Stage.INTERVIEWING,
            rounds=[
                # 10:00 in LA = 18:00 UTC today
                rnd("r-acme-la", datetime(2026, 11, 26, 10, 0), LA),
                rnd("r-acme-cancelled", datetime(2026, 11, 26, 9, 30), "UTC", status="cancelled"),
                rnd("r-acme-unscheduled", None),
                # ended yesterday, no debrief
                rnd("r-acme-past", datetime(2026, 11, 25, 9, 0), "UTC"),
            ],
        ),
        "berlin": Company(
            name="Berlin GmbH",
            stage=Stage.OFFER,
            rounds=[
                # 15:00 in Berlin = 14:00 UTC today: before the LA round, later local hour
                rnd("r-berlin", datetime(2026, 11, 26, 15, 0), BERLIN),
                # ended two days ago, debriefed
                rnd(
                    "r-berlin-done",
                    datetime(2026, 11, 24, 10, 0),
                    BERLIN,
                    debrief=Debrief(outcome="passed"),
                ),
            ],
        ),
        "tokyo": Company(
            name="Tokyo KK",
            stage=Stage.INTERVIEWING,
            rounds=[
                # 19:00 Tokyo = 10:00 UTC today
                rnd("r-tokyo", datetime(2026, 11, 26, 19, 0), TOKYO),
                # started 08:30 UTC, 60 minutes: in progress at 09:00
                rnd("r-tokyo-now", datetime(2026, 11, 26, 17, 30), TOKYO),
                # ended three days ago, no debrief
                rnd("r-tokyo-old", datetime(2026, 11, 23, 10, 0), TOKYO),
            ],
        ),
    }


class TestQuestions:
    def test_upcoming_sorted_by_instant_across_zones(self) -> None:
        ids = [ref.round.id for ref in upcoming_rounds(pipeline(), NOW)]
        assert ids == ["r-tokyo-now", "r-tokyo", "r-berlin", "r-acme-la"]

    def test_upcoming_within_a_horizon(self) -> None:
        ids = [ref.round.id for ref in upcoming_rounds(pipeline(), NOW, timedelta(hours=4))]
        assert ids == ["r-tokyo-now", "r-tokyo"]

    def test_next_round(self) -> None:
        ref = next_round(pipeline(), NOW)
        assert ref is not None and (ref.slug, ref.round.id) == ("tokyo", "r-tokyo-now")
        assert next_round(pipeline(), NOW + timedelta(days=2)) is None
        assert next_round({}, NOW) is None

    def test_company_next_round(self) -> None:
        companies = pipeline()
        assert companies["acme"].next_round(NOW).id == "r-acme-la"  # type: ignore[union-attr]
        assert companies["berlin"].next_round(NOW + timedelta(days=1)) is None

    def test_same_instant_ties_break_by_slug_then_id(self) -> None:
        companies = {
            "b": Company(name="B", rounds=[rnd("r-2", datetime(2026, 12, 1, 10))]),
            "a": Company(
                name="A",
                rounds=[
                    rnd("r-9", datetime(2026, 12, 1, 10)),
                    rnd("r-1", datetime(2026, 12, 1, 10)),
                ],
            ),
        }
        refs = upcoming_rounds(companies, NOW)
        assert [(r.slug, r.round.id) for r in refs] == [("a", "r-1"), ("a", "r-9"), ("b", "r-2")]

    def test_rounds_awaiting_debrief_most_recent_first(self) -> None:
        refs = rounds_awaiting_debrief(pipeline(), NOW)
        assert [ref.round.id for ref in refs] == ["r-acme-past", "r-tokyo-old"]
        assert [r.id for r in pipeline()["tokyo"].rounds_needing_debrief(NOW)] == ["r-tokyo-old"]

    def test_cancelled_and_unscheduled_never_await_debrief(self) -> None:
        later = NOW + timedelta(days=30)
        ids = {ref.round.id for ref in rounds_awaiting_debrief(pipeline(), later)}
        assert "r-acme-cancelled" not in ids and "r-acme-unscheduled" not in ids
        assert "r-berlin-done" not in ids

    def test_round_in_progress(self) -> None:
        round_ = pipeline()["tokyo"].round_by_id("r-tokyo-now")
        assert round_ is not None
        assert round_.has_started(NOW) and not round_.has_ended(NOW)
        assert not round_.needs_debrief(NOW)
        assert round_.needs_debrief(NOW + timedelta(hours=1))

    def test_end_across_a_dst_change_lasts_its_real_duration(self) -> None:
        round_ = rnd("r-1", datetime(2026, 11, 1, 0, 30), LA, duration_minutes=120)
        assert round_.starts_at is not None and round_.ends_at is not None
        # Python subtracts same-zone datetimes by wall clock; compare instants in UTC.
        assert round_.ends_at.astimezone(UTC) - round_.starts_at.astimezone(UTC) == timedelta(
            hours=2
        )
        # 00:30 PDT + 2 h = 01:30 PST: the second 01:30 of the night.
        assert round_.ends_at.replace(tzinfo=None) == datetime(2026, 11, 1, 1, 30)
        assert round_.ends_at.fold == 1

    def test_counts_per_stage_has_every_stage(self) -> None:
        counts = counts_per_stage(pipeline().values())
        assert list(counts) == list(Stage)
        assert counts[Stage.INTERVIEWING] == 2 and counts[Stage.OFFER] == 1
        assert sum(counts.values()) == 3 and counts[Stage.GHOSTED] == 0
        assert counts_per_stage([]) == dict.fromkeys(Stage, 0)

    def test_find_round_matches_the_exact_id_only(self) -> None:
        companies = pipeline()
        found = find_round(companies, "r-berlin")
        assert found is not None and found.round.id == "r-berlin"
        assert find_round(companies, "r-tokyo-o") is None  # a unique prefix is not the id
        found = find_round(companies, "r-tokyo")
        assert found is not None and found.round.id == "r-tokyo"
        assert find_round(companies, "r-acme") is None
        assert find_round(companies, "nope") is None

    def test_progress(self) -> None:
        round_ = Round(topics=[Topic(title="a", done=True), Topic(title="b"), Topic(title="c")])
        assert round_.progress == (1, 3)
        assert Round().progress == (0, 0)

    def test_label(self) -> None:
        assert Round(kind="system_design").label() == "System design"
        assert Round(kind="system_design").label({"system_design": "Design"}) == "Design"
        assert Round(kind="coding", title="Pairing with Ann").label({"coding": "C"}) == (
            "Pairing with Ann"
        )

    def test_touch_bumps_sequence_only_for_calendar_changes(self) -> None:
        before = rnd("r-1", datetime(2026, 12, 1, 10), LA, sequence=3)
        after = before.model_copy(deep=True)
        after.prep_notes = "more notes"
        after.touch(before, NOW)
        assert after.sequence == 3 and after.updated == NOW
        moved = before.model_copy(deep=True)
        moved.start = datetime(2026, 12, 1, 11)
        moved.touch(before, NOW)
        assert moved.sequence == 4

    def test_offer_deadlines(self) -> None:
        today = date(2026, 11, 26)
        companies = {
            "a": Company(name="A", offer=Offer(deadline=date(2026, 12, 1))),
            "b": Company(name="B", offer=Offer(deadline=date(2026, 11, 26))),
            "c": Company(name="C", offer=Offer(deadline=date(2026, 11, 25))),
            "d": Company(name="D", offer=Offer(deadline=date(2026, 11, 30), status="accepted")),
            "e": Company(name="E", offer=Offer()),
            "f": Company(name="F"),
        }
        assert [slug for slug, _, _ in offer_deadlines(companies, today)] == ["b", "a"]


class TestCountdown:
    @pytest.mark.parametrize(
        ("delta", "text"),
        [
            (timedelta(0), "now"),
            (timedelta(seconds=59), "now"),
            (timedelta(seconds=-59), "now"),
            (timedelta(minutes=45), "in 45m"),
            (timedelta(hours=3), "in 3h"),
            (timedelta(hours=3, minutes=5), "in 3h 5m"),
            (timedelta(days=2, hours=3, minutes=59), "in 2d 3h"),
            (timedelta(days=1), "in 1d"),
            (timedelta(hours=-3), "3h ago"),
            (timedelta(days=-1, hours=-2), "1d 2h ago"),
            (timedelta(minutes=-1), "1m ago"),
        ],
    )
    def test_countdown(self, delta: timedelta, text: str) -> None:
        assert countdown(NOW + delta, NOW) == text

    def test_countdown_across_zones(self) -> None:
        start = datetime(2026, 11, 26, 10, 0, tzinfo=zone(LA))  # 18:00 UTC
        assert countdown(start, NOW) == "in 9h"

    @pytest.mark.parametrize(
        ("start", "group"),
        [
            (datetime(2026, 11, 26, 23, 59, tzinfo=UTC), "Today"),
            (datetime(2026, 11, 27, 0, 0, tzinfo=UTC), "Tomorrow"),
            (datetime(2026, 11, 29, 12, 0, tzinfo=UTC), "This week"),
            (datetime(2026, 12, 3, 0, 0, tzinfo=UTC), "Later"),
            (datetime(2026, 11, 25, 12, 0, tzinfo=UTC), "Today"),
        ],
    )
    def test_day_group_in_utc(self, start: datetime, group: str) -> None:
        assert day_group(start, NOW, UTC) == group

    def test_day_group_uses_the_users_calendar_day(self) -> None:
        # 23:30 UTC is already tomorrow in Berlin.
        start = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
        assert day_group(start, NOW, zone(BERLIN)) == "Tomorrow"
        assert day_group(start, NOW, UTC) == "Today"


# --------------------------------------------------------------------------- offers


class TestOffer:
    def test_equity_vests_at_the_cliff_then_monthly(self) -> None:
        offer = Offer(equity=480_000, vesting_years=4, cliff_months=12)
        assert [offer.equity_in_year(y) for y in range(1, 6)] == pytest.approx(
            [120_000, 120_000, 120_000, 120_000, 0]
        )
        assert offer.equity_in_year(0) == 0

    def test_a_longer_cliff_moves_equity_to_year_two(self) -> None:
        offer = Offer(equity=480_000, vesting_years=4, cliff_months=18)
        years = [offer.equity_in_year(y) for y in range(1, 5)]
        # Month 18 vests the 18 months held back, then 10k a month.
        assert years == pytest.approx([0, 240_000, 120_000, 120_000])
        assert sum(years) == pytest.approx(480_000)

    def test_no_cliff(self) -> None:
        offer = Offer(equity=120_000, vesting_years=1, cliff_months=0)
        assert offer.equity_in_year(1) == pytest.approx(120_000)

    def test_totals(self) -> None:
        offer = Offer(base=180_000, bonus=20_000, equity=400_000, sign_on=30_000)
        assert offer.first_year_total == pytest.approx(180_000 + 20_000 + 30_000 + 100_000)
        assert offer.four_year_total == pytest.approx(4 * 200_000 + 30_000 + 400_000)

    def test_totals_with_a_long_vesting(self) -> None:
        offer = Offer(base=100_000, equity=600_000, vesting_years=6, cliff_months=12)
        assert offer.four_year_total == pytest.approx(400_000 + 400_000)

    def test_a_cliff_after_the_vesting_is_refused(self) -> None:
        with pytest.raises(ValidationError) as info:
            Company.model_validate(
                {"name": "Acme", "offer": {"vesting_years": 1, "cliff_months": 24}}
            )
        assert only_message(info.value) == (
            "companies/acme.toml: offer.cliff_months: 24 months is longer than the vesting "
            "(1 years): the equity would never vest"
        )
        Offer(vesting_years=1, cliff_months=12)  # a cliff at the very end is fine

    @pytest.mark.parametrize(
        ("field", "value"),
        [("base", -1), ("vesting_years", 0), ("vesting_years", 11), ("cliff_months", 61)],
    )
    def test_offer_bounds(self, field: str, value: int) -> None:
        with pytest.raises(ValidationError, match=field):
            Offer.model_validate({field: value})


# --------------------------------------------------------------------------- file names


class TestSlugify:
    @pytest.mark.parametrize(
        ("name", "slug"),
        [
            ("Acme Robotics", "acme-robotics"),
            ("  Acme,  Inc.  ", "acme-inc"),
            ("../../etc/passwd", "etc-passwd"),
            ("..", "company"),
            ("/", "company"),
            ("", "company"),
            ("日本株式会社", "company"),
            ("Société Générale", "societe-generale"),
            ("Ærø Ünïcödé", "r-unicode"),
            ("con", "con-co"),
            ("CON", "con-co"),
            ("Nul", "nul-co"),
            ("com1", "com1-co"),
            ("LPT9", "lpt9-co"),
            ("C:\\Windows\\System32", "c-windows-system32"),
            (".hidden", "hidden"),
            ("a\x00b\nc", "a-b-c"),
        ],
    )
    def test_safe_names(self, name: str, slug: str) -> None:
        assert slugify(name) == slug

    def test_long_names_are_cut(self) -> None:
        slug = slugify("x" * 59 + " yyyyyy")
        assert len(slug) <= 60 and not slug.endswith("-")

    def test_clashes_get_a_number(self) -> None:
        assert slugify("Acme", ["acme"]) == "acme-2"
        assert slugify("Acme", ["ACME", "acme-2"]) == "acme-3"
        assert slugify("con", ["con-co"]) == "con-co-2"
        assert slugify("日本", ["company"]) == "company-2"

    @pytest.mark.parametrize(
        "name", ["../x", "a/b", "a\\b", "...", "~", "$HOME", "x" * 500, "\u202e\u0000", " "]
    )
    def test_never_escapes_the_folder(self, name: str) -> None:
        slug = slugify(name)
        assert slug and "/" not in slug and "\\" not in slug and ".." not in slug
        assert slug[0] not in ".-" and slug.isascii()


# --------------------------------------------------------------------------- checklist


class TestChecklist:
    def ref(self) -> RoundRef:
        company = Company(name="Acme", research={"how_i_contribute": "Their pipeline."})
        round_ = rnd(
            "r-1",
            datetime(2026, 12, 3, 10),
            LA,
            kind="system_design",
            where="https://meet.example/x",
            status=RoundStatus.TENTATIVE,
            interviewers=[Interviewer(name="Ann Lee", role="Staff", notes="Blog post")],
            topics=[Topic(title="Caching", done=True), Topic(title="Queues", note="Kafka")],
            stories=["s-1", "s-gone"],
            questions=["What would I own?"],
            prep_notes="Draw it.",
        )
        company.rounds.append(round_)
        return RoundRef("acme", company, company.rounds[0])

    def bank(self) -> StoryBank:
        return StoryBank(stories=[Story(id="s-1", title="Latency", outcome="p99 -50%")])

    def test_build_checklist(self) -> None:
        checklist = build_checklist(self.ref(), self.bank(), {"system_design": "System design"})
        assert checklist.title == "System design"
        assert (checklist.done, checklist.total, checklist.complete) == (1, 2, False)
        assert checklist.unchecked == ["Queues"]
        assert [s.title for s in checklist.stories] == ["Latency", "(missing story s-gone)"]
        assert [s.missing for s in checklist.stories] == [False, True]
        assert checklist.how_i_contribute == "Their pipeline."
        assert checklist.starts_at == datetime(2026, 12, 3, 10, tzinfo=zone(LA))

    def test_as_json(self) -> None:
        data = checklist_json(build_checklist(self.ref(), self.bank()))
        assert data["round"] == "r-1" and data["company"] == "Acme"
        assert data["start"] == "2026-12-03T10:00:00-08:00"
        assert data["end"] == "2026-12-03T11:00:00-08:00"
        assert data["progress"] == {"done": 1, "total": 2}
        assert data["status"] == "tentative"
        assert data["interviewers"] == [
            {"name": "Ann Lee", "role": "Staff", "profile": "", "notes": "Blog post"}
        ]
        assert data["topics"][1] == {"title": "Queues", "done": False, "note": "Kafka"}
        assert data["stories"][1]["missing"] is True

    def test_complete_when_everything_is_ticked(self) -> None:
        ref = self.ref()
        for topic in ref.round.topics:
            topic.done = True
        checklist = build_checklist(ref, self.bank())
        assert checklist.complete and checklist.unchecked == []

    def test_unscheduled_round(self) -> None:
        ref = self.ref()
        ref.round.start = None
        data = checklist_json(build_checklist(ref, StoryBank()))
        assert data["start"] is None and data["end"] is None


def test_story_measurable_outcome() -> None:
    assert Story(title="x", outcome="cut p99 by 40%").has_measurable_outcome
    assert not Story(title="x", outcome="it went well").has_measurable_outcome


def test_find_topic_by_position_then_by_title() -> None:
    company = Company(
        name="Acme",
        rounds=[Round(id="r-1", topics=[Topic(title="A"), Topic(title="B")])],
    )
    assert find_topic(company, "r-1", 1, "B") is company.rounds[0].topics[1]
    assert find_topic(company, "r-1", 0, "B") is company.rounds[0].topics[1]  # moved
    assert find_topic(company, "r-1", 0, "C") is None  # gone
    assert find_topic(company, "r-2", 0, "A") is None
