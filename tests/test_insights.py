"""The insights core: funnel numbers, conversion by source, silences, gaps, stories, offers.

Every test builds its own small workspace so that each number can be checked by hand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from roundplanner.insights import (
    add_gap_to_upcoming,
    focus_topics,
    funnel,
    funnel_by_source,
    funnel_warm_cold,
    furthest_stage,
    is_incomplete,
    normalise_gap,
    offer_rows,
    possibly_ghosted,
    recurring_gaps,
    stats,
    story_uses,
    story_warnings,
    time_in_stages,
    toggle_focus,
)
from roundplanner.model import (
    Company,
    Debrief,
    Interviewer,
    Offer,
    Round,
    RoundStatus,
    Source,
    Stage,
    StageChange,
    Story,
    StoryBank,
    Topic,
    rounds_awaiting_debrief,
)
from roundplanner.output.json_data import stats_json
from roundplanner.output.phrases import bar, deadline_text

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def history(*steps: tuple[Stage, int]) -> list[StageChange]:
    """Stage changes `days` before TODAY."""
    return [StageChange(stage=s, on=TODAY - timedelta(days=d)) for s, d in steps]


def at(days: int, hour: int = 10) -> datetime:
    day = TODAY + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0)


@pytest.fixture
def workspace() -> dict[str, Company]:
    """Six companies whose funnel is easy to count by hand.

    warm: ref-a (referral, offer), ref-b (referral, interviewing), net (network,
    rejected after screening), inb (inbound, straight to screening, then ghosted at it).
    cold: cold-a (applied, screening), cold-b (applied, applied only, silent 30 days).
    """
    return {
        "ref-a": Company(
            name="Ref A",
            source=Source.REFERRAL,
            stage=Stage.OFFER,
            stage_history=history(
                (Stage.APPLIED, 40),
                (Stage.SCREENING, 30),
                (Stage.INTERVIEWING, 20),
                (Stage.OFFER, 2),
            ),
        ),
        "ref-b": Company(
            name="Ref B",
            source=Source.REFERRAL,
            stage=Stage.INTERVIEWING,
            stage_history=history(
                (Stage.APPLIED, 20), (Stage.SCREENING, 16), (Stage.INTERVIEWING, 4)
            ),
        ),
        "net": Company(
            name="Net",
            source=Source.NETWORK,
            stage=Stage.REJECTED,
            stage_history=history((Stage.APPLIED, 50), (Stage.SCREENING, 45), (Stage.REJECTED, 35)),
        ),
        "inb": Company(
            name="Inb",
            source=Source.INBOUND,
            stage=Stage.GHOSTED,
            stage_history=history((Stage.SCREENING, 60), (Stage.GHOSTED, 25)),
        ),
        "cold-a": Company(
            name="Cold A",
            source=Source.APPLIED,
            stage=Stage.SCREENING,
            stage_history=history((Stage.APPLIED, 14), (Stage.SCREENING, 3)),
        ),
        "cold-b": Company(
            name="Cold B",
            source=Source.APPLIED,
            stage=Stage.APPLIED,
            stage_history=history((Stage.APPLIED, 30)),
        ),
    }


# --------------------------------------------------------------------------- funnel


def test_furthest_stage_of_an_exit_is_its_history(workspace: dict[str, Company]) -> None:
    assert furthest_stage(workspace["net"]) is Stage.SCREENING
    assert furthest_stage(workspace["inb"]) is Stage.SCREENING
    bare = Company(name="Bare", stage=Stage.GHOSTED)
    assert furthest_stage(bare) is Stage.INTERESTED


def test_funnel_counts_and_conversion(workspace: dict[str, Company]) -> None:
    result = funnel(workspace.values())
    reached = {step.stage: step.reached for step in result.steps}
    assert reached == {
        Stage.INTERESTED: 6,
        Stage.APPLIED: 6,  # inb skipped "applied" but reached screening, so it counts
        Stage.SCREENING: 5,
        Stage.INTERVIEWING: 2,
        Stage.OFFER: 1,
        Stage.ACCEPTED: 0,
    }
    conversion = {step.stage: step.conversion for step in result.steps}
    assert conversion[Stage.APPLIED] == pytest.approx(5 / 6)
    assert conversion[Stage.SCREENING] == pytest.approx(2 / 5)
    assert conversion[Stage.OFFER] == 0
    assert conversion[Stage.ACCEPTED] is None
    current = {step.stage: step.current for step in result.steps}
    assert current[Stage.SCREENING] == 1 and current[Stage.OFFER] == 1


def test_conversion_by_source_warm_beats_cold(workspace: dict[str, Company]) -> None:
    by_source = {group.label: group for group in funnel_by_source(workspace.values())}
    assert list(by_source) == ["referral", "inbound", "network", "applied"]
    assert by_source["referral"].rate(Stage.APPLIED, Stage.OFFER) == pytest.approx(0.5)
    assert by_source["applied"].reached(Stage.SCREENING) == 1
    assert by_source["applied"].rate(Stage.APPLIED, Stage.SCREENING) == pytest.approx(0.5)
    warm, cold = funnel_warm_cold(workspace.values())
    assert (warm.companies, cold.companies) == (4, 2)
    assert warm.rate(Stage.APPLIED, Stage.SCREENING) == 1.0
    assert warm.rate(Stage.APPLIED, Stage.OFFER) == pytest.approx(0.25)
    assert cold.rate(Stage.APPLIED, Stage.OFFER) == 0.0


def test_empty_workspace_has_no_rates() -> None:
    result = funnel([])
    assert result.companies == 0
    assert all(step.conversion is None for step in result.steps)
    assert result.rate(Stage.APPLIED, Stage.OFFER) is None


def test_median_days_per_stage_counts_finished_stays(workspace: dict[str, Company]) -> None:
    spent = {t.stage: (t.median_days, t.samples) for t in time_in_stages(workspace.values())}
    # applied: ref-a 10, ref-b 4, net 5, cold-a 11 -> median 7.5 (cold-b still there)
    assert spent[Stage.APPLIED] == (7.5, 4)
    # screening: ref-a 10, ref-b 12, net 10, inb 35, cold-a still there -> median 11
    assert spent[Stage.SCREENING] == (11, 4)
    assert spent[Stage.INTERVIEWING] == (18, 1)
    assert spent[Stage.INTERESTED] == (None, 0)


# --------------------------------------------------------------------------- silences


def test_ghosted_rule_with_fixed_date(workspace: dict[str, Company]) -> None:
    found = possibly_ghosted(workspace, TODAY, 21)
    # cold-b: applied 30 days ago, nothing since. inb is already ghosted; ref-a is at offer.
    assert [(s.slug, s.days) for s in found] == [("cold-b", 30)]
    # The boundary: exactly N days of silence counts, N-1 does not.
    assert [s.slug for s in possibly_ghosted(workspace, TODAY - timedelta(days=9), 21)] == [
        "cold-b"
    ]
    assert possibly_ghosted(workspace, TODAY - timedelta(days=10), 21) == []
    # A round counts as activity, and a round planned ahead keeps it from being flagged.
    workspace["cold-b"].rounds = [Round(id="r-1", start=at(3))]
    assert possibly_ghosted(workspace, TODAY, 21) == []


def test_ghosted_ignores_companies_without_dates() -> None:
    companies = {"x": Company(name="X", stage=Stage.APPLIED)}
    assert possibly_ghosted(companies, TODAY, 1) == []


def test_debrief_due_once_a_round_ends_until_a_debrief_exists() -> None:
    round_ = Round(id="r-1", start=datetime(2026, 11, 26, 8, 0), timezone="UTC")
    company = Company(name="X", rounds=[round_])
    companies = {"x": company}
    assert rounds_awaiting_debrief(companies, NOW - timedelta(minutes=1)) == []  # still going
    assert [r.round.id for r in rounds_awaiting_debrief(companies, NOW)] == ["r-1"]
    company.rounds[0].status = RoundStatus.CANCELLED
    assert rounds_awaiting_debrief(companies, NOW) == []
    company.rounds[0].status = RoundStatus.DONE
    company.rounds[0].debrief = Debrief()
    assert rounds_awaiting_debrief(companies, NOW) == []


# --------------------------------------------------------------------------- gaps


def test_recurring_gaps_normalise_and_rank() -> None:
    def debriefed(rid: str, days: int, *gaps: str) -> Round:
        return Round(id=rid, start=at(days), debrief=Debrief(gaps=list(gaps)))

    companies = {
        "a": Company(
            name="A",
            rounds=[
                debriefed("r-1", -20, "Graphs: BFS and DFS", "graphs:  bfs and dfs."),
                debriefed("r-2", -5, "Salary range"),
            ],
        ),
        "b": Company(name="B", rounds=[debriefed("r-3", -2, "GRAPHS: BFS and DFS")]),
    }
    ranked = recurring_gaps(companies)
    assert [(g.key, g.count) for g in ranked] == [
        ("graphs: bfs and dfs", 2),  # twice in r-1 counts once
        ("salary range", 1),
    ]
    top = ranked[0]
    assert top.companies == ("A", "B")
    assert top.slugs == ("a", "b")
    assert top.last_seen == TODAY - timedelta(days=2)
    assert top.title == "GRAPHS: BFS and DFS"  # the latest spelling
    assert normalise_gap("  Say  it\tout loud. ") == "say it out loud"


def test_add_gap_to_upcoming_rounds_only_once() -> None:
    company = Company(
        name="A",
        rounds=[
            Round(id="r-past", start=at(-3), status=RoundStatus.DONE),
            Round(id="r-next", start=at(2), topics=[Topic(title="Coding")]),
            Round(id="r-later", start=at(9), topics=[Topic(title="graphs ")]),
            Round(id="r-cancel", start=at(4), status=RoundStatus.CANCELLED),
            Round(id="r-unset", start=None),
        ],
    )
    assert add_gap_to_upcoming(company, "Graphs", NOW) == 2
    titles = {r.id: [t.title for t in r.topics] for r in company.rounds}
    assert titles["r-next"] == ["Coding", "Graphs"]
    assert titles["r-later"] == ["graphs "]  # already there, case and spacing ignored
    assert titles["r-unset"] == ["Graphs"]
    assert titles["r-past"] == [] and titles["r-cancel"] == []
    assert add_gap_to_upcoming(company, "  graphs ", NOW) == 0
    assert add_gap_to_upcoming(company, "   ", NOW) == 0


def test_focus_topics_live_in_the_story_bank() -> None:
    bank = StoryBank()
    assert focus_topics(bank) == []
    assert toggle_focus(bank, "Graphs  and trees") is True
    assert toggle_focus(bank, "System design") is True
    assert focus_topics(bank) == ["Graphs and trees", "System design"]
    assert bank.model_dump(by_alias=True)["focus"] == ["Graphs and trees", "System design"]
    assert toggle_focus(bank, "graphs and trees") is False
    assert focus_topics(bank) == ["System design"]
    with pytest.raises(ValidationError):
        StoryBank.model_validate({"focus": "not a list"})


# --------------------------------------------------------------------------- stories


def test_story_warnings_and_uses() -> None:
    bank = StoryBank(
        stories=[
            Story(id="s-1", title="Cut latency", setup="s", actions="a", outcome="40% faster"),
            Story(id="s-2", title="Vague", setup="s", actions="a", outcome="it went well"),
        ]
    )
    ann = Interviewer(name="Ann Lee")
    companies = {
        "a": Company(
            name="A",
            rounds=[
                Round(id="r-1", start=at(-3), stories=["s-1"], interviewers=[ann]),
                Round(id="r-2", start=at(4), stories=["s-1", "s-2"]),
                Round(id="r-3", start=at(5), stories=["s-2"], status=RoundStatus.CANCELLED),
            ],
        ),
        "b": Company(name="B", rounds=[Round(id="r-4", start=at(1), stories=["s-2", "s-9"])]),
    }
    warnings = story_warnings(companies, bank)
    assert [(w.story_id, w.slug, w.round_ids) for w in warnings] == [
        ("s-1", "a", ("r-1", "r-2")),
        ("s-9", "b", ("r-4",)),
    ]
    assert "planned for 2 rounds at A" in warnings[0].text
    assert "not in the bank" in warnings[1].text

    uses = story_uses(companies, NOW)
    assert [(u.slug, u.round_id, u.told, u.interviewers) for u in uses["s-1"]] == [
        ("a", "r-1", True, ("Ann Lee",)),
        ("a", "r-2", False, ()),
    ]
    assert [u.round_id for u in uses["s-2"]] == ["r-4", "r-2"]  # cancelled r-3 left out

    assert not is_incomplete(bank.stories[0])
    assert is_incomplete(bank.stories[1])  # no number in the outcome


# --------------------------------------------------------------------------- offers


def test_offer_totals_with_vesting_and_cliff() -> None:
    companies = {
        "a": Company(
            name="A",
            offer=Offer(
                base=100_000,
                bonus=10_000,
                equity=480_000,
                vesting_years=4,
                cliff_months=12,
                sign_on=5_000,
                deadline=TODAY + timedelta(days=9),
            ),
        ),
        "b": Company(
            name="B",
            offer=Offer(base=120_000, equity=120_000, vesting_years=2, cliff_months=6),
        ),
        "c": Company(
            name="C",
            offer=Offer(base=90_000, equity=48_000, vesting_years=4, cliff_months=0),
            stage=Stage.OFFER,
        ),
        "none": Company(name="No offer"),
    }
    companies["c"].offer.deadline = TODAY  # type: ignore[union-attr]
    rows = {row.slug: row for row in offer_rows(companies, TODAY)}
    assert [row.slug for row in offer_rows(companies, TODAY)] == ["c", "a", "b"]

    a = rows["a"]
    assert a.equity_by_year == (120_000, 120_000, 120_000, 120_000)
    assert a.first_year == 100_000 + 10_000 + 5_000 + 120_000
    assert a.four_year == 4 * 110_000 + 5_000 + 480_000
    assert a.days_left == 9 and deadline_text(a.days_left) == "in 9 days"

    # Two years, six-month cliff: half a year's worth at month 6, the rest monthly.
    b = rows["b"]
    assert b.equity_by_year == pytest.approx((60_000, 60_000, 0, 0))
    assert b.four_year == pytest.approx(4 * 120_000 + 120_000)
    assert b.days_left is None and deadline_text(None) == ""

    c = rows["c"]  # no cliff: even vesting from the first month
    assert c.equity_by_year == pytest.approx((12_000,) * 4)
    assert deadline_text(c.days_left) == "today"
    assert deadline_text(-1) == "1 day ago"


# --------------------------------------------------------------------------- stats


def test_stats_json_is_plain_data(workspace: dict[str, Company]) -> None:
    import json

    data = stats_json(stats(workspace, TODAY, NOW, 21))
    json.dumps(data)  # nothing that JSON cannot hold
    assert data["companies"] == 6
    assert data["per_stage"]["ghosted"] == 1
    assert data["warm"]["applied_to_offer"] == pytest.approx(0.25)
    assert data["cold"]["applied_to_offer"] == 0.0
    assert [g["slug"] for g in data["possibly_ghosted"]] == ["cold-b"]


def test_bar_grows_with_the_value() -> None:
    assert bar(0, 10, 10) == ""
    assert bar(10, 10, 10) == "█" * 10
    assert bar(5, 10, 10) == "█" * 5
    assert bar(1, 16, 2) == "▏"
    assert bar(3, 0, 10) == ""
