"""What the pipeline teaches: the funnel, silences, recurring gaps, story use, offers.

Pure functions over the domain models (no I/O, no Textual) so that the funnel screen,
the story bank, the offers screen and `roundplanner stats` all answer from one place,
and every number can be tested on a workspace built in a test. Anything that depends on
the date takes `today` (a date) or `now` (an aware instant) as an argument.
These functions return data; `roundplanner.output` phrases it for a terminal or for JSON.

How the funnel counts
---------------------
A company has *reached* a funnel stage (interested → applied → screening → interviewing
→ offer → accepted) when its current stage, or any entry of its stage history, is that
stage or a later funnel stage. Later implies earlier: a referral that went straight to
screening has reached "applied" too. A company that left the funnel (rejected, withdrawn,
ghosted) counts as reaching the furthest funnel stage its history shows, and one with no
funnel stage anywhere (say, ghosted with an empty history) counts as "interested": every
company in the pipeline was at least of interest.

Conversion from a stage to the next is `reached(next) / reached(stage)`. Companies still
sitting at a stage have not had their chance to convert yet, so recent numbers are
pessimistic; the funnel says so by showing how many stand at each stage now.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise

from roundplanner.model import (
    FUNNEL_STAGES,
    Company,
    Offer,
    OfferStatus,
    Round,
    RoundRef,
    RoundStatus,
    Source,
    Stage,
    Story,
    StoryBank,
    Topic,
    counts_per_stage,
    rounds_awaiting_debrief,
)

# --------------------------------------------------------------------------- the funnel

WARM_SOURCES: frozenset[Source] = frozenset(
    {Source.REFERRAL, Source.INBOUND, Source.NETWORK, Source.ALUMNI, Source.EVENT}
)
"""Leads that came through a person or an invitation; the rest are cold applications."""


def is_warm(source: Source) -> bool:
    """True for a warm lead (referral, inbound, network, alumni, event)."""
    return source in WARM_SOURCES


def furthest_stage(company: Company) -> Stage:
    """The furthest funnel stage the company reached (see the module docstring)."""
    seen = [company.stage, *(change.stage for change in company.stage_history)]
    indices = [FUNNEL_STAGES.index(stage) for stage in seen if stage in FUNNEL_STAGES]
    return FUNNEL_STAGES[max(indices, default=0)]


def has_reached(company: Company, stage: Stage) -> bool:
    """True when the company reached `stage` (a funnel stage) or a later one."""
    return FUNNEL_STAGES.index(furthest_stage(company)) >= FUNNEL_STAGES.index(stage)


@dataclass(frozen=True)
class FunnelStep:
    """One funnel stage: how many reached it, how many stand there, how many went on."""

    stage: Stage
    reached: int
    current: int
    conversion: float | None
    """reached(next) / reached(this); None at the last stage or when nobody reached it."""


@dataclass(frozen=True)
class Funnel:
    """The funnel of a group of companies (all of them, one source, warm or cold)."""

    label: str
    companies: int
    steps: tuple[FunnelStep, ...]

    def reached(self, stage: Stage) -> int:
        return next(step.reached for step in self.steps if step.stage is stage)

    def rate(self, start: Stage, end: Stage) -> float | None:
        """The share of companies that reached `start` and went on to reach `end`."""
        base = self.reached(start)
        return self.reached(end) / base if base else None


def funnel(companies: Iterable[Company], label: str = "all") -> Funnel:
    """Counts and conversion per funnel stage for `companies`."""
    group = list(companies)
    furthest = [FUNNEL_STAGES.index(furthest_stage(company)) for company in group]
    reached = [sum(1 for f in furthest if f >= index) for index in range(len(FUNNEL_STAGES))]
    current = counts_per_stage(group)
    steps = []
    for index, stage in enumerate(FUNNEL_STAGES):
        conversion = None
        if index + 1 < len(FUNNEL_STAGES) and reached[index]:
            conversion = reached[index + 1] / reached[index]
        steps.append(FunnelStep(stage, reached[index], current[stage], conversion))
    return Funnel(label, len(group), tuple(steps))


def funnel_by_source(companies: Iterable[Company]) -> list[Funnel]:
    """One funnel per source that has companies, in the order of `Source`."""
    group = list(companies)
    return [
        funnel([c for c in group if c.source is source], source.value)
        for source in Source
        if any(c.source is source for c in group)
    ]


def funnel_warm_cold(companies: Iterable[Company]) -> tuple[Funnel, Funnel]:
    """The warm leads' funnel and the cold applications' funnel, to compare them."""
    group = list(companies)
    warm = funnel([c for c in group if is_warm(c.source)], "warm")
    cold = funnel([c for c in group if not is_warm(c.source)], "cold")
    return warm, cold


# --------------------------------------------------------------------------- time in stage


@dataclass(frozen=True)
class StageTime:
    """How long companies stayed at a stage before moving on."""

    stage: Stage
    median_days: float | None
    samples: int


def stage_durations(company: Company) -> list[tuple[Stage, int]]:
    """(stage, days) for every finished stay in the history, oldest first.

    Only finished stays count: the stage a company stands at now is still running, and
    counting it would mix "so far" with "in all".
    """
    history = sorted(company.stage_history, key=lambda change: change.on)
    return [(this.stage, (following.on - this.on).days) for this, following in pairwise(history)]


def time_in_stages(companies: Iterable[Company]) -> list[StageTime]:
    """The median days spent at each funnel stage before the next change."""
    days: dict[Stage, list[int]] = {stage: [] for stage in FUNNEL_STAGES[:-1]}
    for company in companies:
        for stage, spent in stage_durations(company):
            if stage in days:
                days[stage].append(spent)
    return [
        StageTime(stage, statistics.median(values) if values else None, len(values))
        for stage, values in days.items()
    ]


# --------------------------------------------------------------------------- silences

WAITING_STAGES: tuple[Stage, ...] = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING)
"""Stages where the next move is the company's: only these can be 'ghosted'.

At "interested" the candidate has not reached out yet, and at "offer" the ball is in
the candidate's court, so silence there is not the company's.
"""


@dataclass(frozen=True)
class Silence:
    """A company waiting on which nothing has happened for a while."""

    slug: str
    company: Company
    last_activity: date
    days: int


def possibly_ghosted(
    companies: Mapping[str, Company], today: date, after_days: int
) -> list[Silence]:
    """Companies at a waiting stage with no activity for `after_days` days or more.

    Activity is `Company.last_activity()`: a stage change or a round (a round planned in
    the future counts, so a scheduled interview is never "ghosted"). A company with no
    dates at all is left out: there is nothing to measure the silence from. Longest
    silence first.
    """
    found = []
    for slug, company in companies.items():
        if company.stage not in WAITING_STAGES:
            continue
        last = company.last_activity()
        if last is None:
            continue
        days = (today - last).days
        if days >= after_days:
            found.append(Silence(slug, company, last, days))
    return sorted(found, key=lambda s: (-s.days, s.company.name.casefold()))


# --------------------------------------------------------------------------- gaps


def normalise_gap(text: str) -> str:
    """The key two spellings of one gap share: case, spacing and a final full stop ignored."""
    return " ".join(text.split()).casefold().rstrip(".").strip()


@dataclass(frozen=True)
class GapSeen:
    """One debrief naming a gap."""

    slug: str
    company: str
    round_id: str
    on: date | None
    text: str


@dataclass(frozen=True)
class RecurringGap:
    """A gap across every debrief: how often, where, and when last."""

    key: str
    title: str
    """The spelling of its latest mention."""
    count: int
    slugs: tuple[str, ...]
    companies: tuple[str, ...]
    last_seen: date | None
    seen: tuple[GapSeen, ...]


def _round_day(round_: Round) -> date | None:
    return round_.start.date() if round_.start is not None else None


def gap_mentions(companies: Mapping[str, Company]) -> list[GapSeen]:
    """Every gap of every debrief (a gap repeated within one debrief counts once)."""
    mentions = []
    for slug, company in companies.items():
        for round_ in company.rounds:
            if round_.debrief is None:
                continue
            keys: set[str] = set()
            for gap in round_.debrief.gaps:
                key = normalise_gap(gap)
                if not key or key in keys:
                    continue
                keys.add(key)
                text = " ".join(gap.split())
                mentions.append(GapSeen(slug, company.name, round_.id, _round_day(round_), text))
    return mentions


def recurring_gaps(companies: Mapping[str, Company]) -> list[RecurringGap]:
    """Gaps ranked: most mentioned first, then most recent, then by name."""
    groups: dict[str, list[GapSeen]] = {}
    for mention in gap_mentions(companies):
        groups.setdefault(normalise_gap(mention.text), []).append(mention)
    ranked = []
    for key, mentions in groups.items():
        ordered = sorted(mentions, key=lambda s: (s.on or date.min, s.slug, s.round_id))
        slugs = tuple(dict.fromkeys(s.slug for s in ordered))
        names = tuple(dict.fromkeys(s.company for s in ordered))
        dates = [s.on for s in ordered if s.on is not None]
        ranked.append(
            RecurringGap(
                key=key,
                title=ordered[-1].text,
                count=len(ordered),
                slugs=slugs,
                companies=names,
                last_seen=max(dates, default=None),
                seen=tuple(ordered),
            )
        )
    return sorted(ranked, key=lambda g: (-g.count, -(g.last_seen or date.min).toordinal(), g.key))


def upcoming_rounds_of(company: Company, now: datetime) -> list[Round]:
    """The company's rounds still to come: not ended, not cancelled, not marked done.

    A round whose time is not set yet counts as still to come.
    """
    return [
        r
        for r in company.rounds
        if not r.is_cancelled and r.status is not RoundStatus.DONE and not r.has_ended(now)
    ]


def add_gap_to_upcoming(company: Company, gap: str, now: datetime) -> int:
    """Add `gap` as a topic to each upcoming round of `company`; return how many got it.

    A round whose checklist already has the topic (case and spacing ignored) is left
    alone, so pressing the key twice adds nothing the second time. Meant to run inside
    `Session.update_company`, which validates, saves and remembers it for undo.
    """
    title = " ".join(gap.split())
    key = normalise_gap(title)
    if not key:
        return 0
    added = 0
    for round_ in upcoming_rounds_of(company, now):
        if any(normalise_gap(topic.title) == key for topic in round_.topics):
            continue
        round_.topics = [*round_.topics, Topic(title=title)]
        added += 1
    return added


# --------------------------------------------------------------------------- focus topics


def focus_topics(bank: StoryBank) -> list[str]:
    """The personal focus list, kept in stories.toml as `focus = ["…", "…"]`."""
    return list(bank.focus)


def toggle_focus(bank: StoryBank, topic: str) -> bool:
    """Add `topic` to the focus list, or take it off if already there; True if added."""
    title = " ".join(topic.split())
    key = normalise_gap(title)
    current = focus_topics(bank)
    kept = [item for item in current if normalise_gap(item) != key]
    added = len(kept) == len(current)
    bank.focus = [*kept, title] if added else kept
    return added


# --------------------------------------------------------------------------- stories


def story_missing_parts(story: Story) -> list[str]:
    """What a story lacks to be told well: setup, actions, a measurable outcome."""
    missing = []
    if not story.setup.strip():
        missing.append("setup")
    if not story.actions.strip():
        missing.append("actions")
    if not story.has_measurable_outcome:
        missing.append("measurable outcome")
    return missing


def is_incomplete(story: Story) -> bool:
    """True when a part is missing; above all a story without a number in its outcome."""
    return bool(story_missing_parts(story))


@dataclass(frozen=True)
class StoryUse:
    """A round a story is planned for (or was told in, once the round is over)."""

    story_id: str
    slug: str
    company: str
    round_id: str
    round_label: str
    starts_at: datetime | None
    interviewers: tuple[str, ...]
    told: bool


def story_uses(
    companies: Mapping[str, Company], now: datetime, kinds: dict[str, str] | None = None
) -> dict[str, list[StoryUse]]:
    """For each story id, the rounds (not cancelled) that plan it, earliest first."""
    uses: dict[str, list[StoryUse]] = {}
    for slug, company in companies.items():
        for round_ in company.rounds:
            if round_.is_cancelled:
                continue
            for story_id in dict.fromkeys(round_.stories):
                uses.setdefault(story_id, []).append(
                    StoryUse(
                        story_id=story_id,
                        slug=slug,
                        company=company.name,
                        round_id=round_.id,
                        round_label=round_.label(kinds),
                        starts_at=round_.starts_at,
                        interviewers=tuple(i.name for i in round_.interviewers),
                        told=round_.has_ended(now),
                    )
                )
    for found in uses.values():
        found.sort(key=lambda u: (u.starts_at is None, u.starts_at or now, u.slug, u.round_id))
    return uses


@dataclass(frozen=True)
class StoryWarning:
    """Something to fix in how stories are planned."""

    story_id: str
    slug: str
    round_ids: tuple[str, ...]
    text: str


def story_warnings(companies: Mapping[str, Company], bank: StoryBank) -> list[StoryWarning]:
    """The same story planned for two rounds of one company, and stories the bank lacks.

    The same interviewers' notes travel inside a company: telling one story twice there
    wastes a slot. Cancelled rounds are left out.
    """
    warnings = []
    for slug, company in companies.items():
        rounds_by_story: dict[str, list[str]] = {}
        for round_ in company.rounds:
            if round_.is_cancelled:
                continue
            for story_id in dict.fromkeys(round_.stories):
                rounds_by_story.setdefault(story_id, []).append(round_.id)
        for story_id, round_ids in rounds_by_story.items():
            story = bank.by_id(story_id)
            title = story.title if story else story_id
            if story is None:
                warnings.append(
                    StoryWarning(
                        story_id,
                        slug,
                        tuple(round_ids),
                        f"{company.name}: planned story {story_id!r} is not in the bank",
                    )
                )
            if len(round_ids) > 1:
                warnings.append(
                    StoryWarning(
                        story_id,
                        slug,
                        tuple(round_ids),
                        f"“{title}” is planned for {len(round_ids)} rounds at {company.name}",
                    )
                )
    return warnings


# --------------------------------------------------------------------------- offers

COMPARED_YEARS = 4


@dataclass(frozen=True)
class OfferRow:
    """One offer's numbers for the side-by-side comparison."""

    slug: str
    company: str
    offer: Offer
    equity_by_year: tuple[float, ...]
    """Equity vesting in years 1..4 (nothing before the cliff, the catch-up at it)."""
    first_year: float
    four_year: float
    days_left: int | None
    """Days until the deadline (0 = today, negative = passed), None without a deadline."""

    @property
    def is_open(self) -> bool:
        return self.offer.status in (OfferStatus.PENDING, OfferStatus.NEGOTIATING)


def offer_rows(companies: Mapping[str, Company], today: date) -> list[OfferRow]:
    """Every company's offer, soonest deadline first (offers without one last)."""
    rows = []
    for slug, company in companies.items():
        offer = company.offer
        if offer is None:
            continue
        days_left = (offer.deadline - today).days if offer.deadline is not None else None
        rows.append(
            OfferRow(
                slug=slug,
                company=company.name,
                offer=offer,
                equity_by_year=tuple(
                    offer.equity_in_year(year) for year in range(1, COMPARED_YEARS + 1)
                ),
                first_year=offer.first_year_total,
                four_year=offer.four_year_total,
                days_left=days_left,
            )
        )
    return sorted(
        rows,
        key=lambda r: (r.days_left is None, r.days_left or 0, r.company.casefold()),
    )


# --------------------------------------------------------------------------- stats


@dataclass(frozen=True)
class Stats:
    """Everything `roundplanner stats` reports, as data (output/ phrases it)."""

    today: date
    companies: int
    per_stage: dict[Stage, int]
    funnel: Funnel
    by_source: list[Funnel]
    warm: Funnel
    cold: Funnel
    time_in_stages: list[StageTime]
    ghosted_after_days: int
    possibly_ghosted: list[Silence]
    debriefs_due: list[RoundRef]
    recurring_gaps: list[RecurringGap]


def stats(
    companies: Mapping[str, Company], today: date, now: datetime, ghosted_after_days: int
) -> Stats:
    """The funnel, conversion by source, time per stage, silences, debriefs due and gaps."""
    everyone = list(companies.values())
    warm, cold = funnel_warm_cold(everyone)
    return Stats(
        today=today,
        companies=len(everyone),
        per_stage=counts_per_stage(everyone),
        funnel=funnel(everyone),
        by_source=funnel_by_source(everyone),
        warm=warm,
        cold=cold,
        time_in_stages=time_in_stages(everyone),
        ghosted_after_days=ghosted_after_days,
        possibly_ghosted=possibly_ghosted(companies, today, ghosted_after_days),
        debriefs_due=rounds_awaiting_debrief(dict(companies), now),
        recurring_gaps=recurring_gaps(companies),
    )
