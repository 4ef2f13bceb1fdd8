"""The domain: companies, their interview rounds, stories and offers.

Pydantic v2 models plus the pure logic the rest of the app asks questions of (what is
next, how ready am I, what awaits a debrief). No I/O, no Textual, no icalendar: the
store reads and writes these models, the TUI and the command line show them.

Every model allows extra keys so that whatever a user typed by hand into a TOML file
survives a load and a save untouched.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from roundplanner.summary import DAY_GROUPS as DAY_GROUPS  # re-exported for callers
from roundplanner.summary import day_group as day_group
from roundplanner.summary import debrief_due, is_ahead
from roundplanner.timefmt import countdown as countdown  # re-exported for callers
from roundplanner.timefmt import entry_text

SCHEMA_VERSION = 1
"""The version written into every file; `store.migrate` upgrades older files."""


class Stage(StrEnum):
    """Where a company stands in the pipeline, in funnel order."""

    INTERESTED = "interested"
    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"

    @property
    def is_active(self) -> bool:
        """True while the loop is still going somewhere."""
        return self in ACTIVE_STAGES

    @property
    def label(self) -> str:
        return self.value.capitalize()


FUNNEL_STAGES: tuple[Stage, ...] = (
    Stage.INTERESTED,
    Stage.APPLIED,
    Stage.SCREENING,
    Stage.INTERVIEWING,
    Stage.OFFER,
    Stage.ACCEPTED,
)
"""The forward path of a loop; the other stages are ways out of it."""

SCREEN_KIND = "recruiter_screen"
"""The round kind that is a screening, not yet an interview."""


def _funnel_rank(stage: Stage) -> int:
    """How far along the forward path a stage is (ways out rank past the end)."""
    return FUNNEL_STAGES.index(stage) if stage in FUNNEL_STAGES else len(FUNNEL_STAGES)


ACTIVE_STAGES = frozenset(
    {Stage.INTERESTED, Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER}
)


class Source(StrEnum):
    """Where the lead came from: warm sources convert better than cold applications."""

    REFERRAL = "referral"
    INBOUND = "inbound"
    NETWORK = "network"
    ALUMNI = "alumni"
    EVENT = "event"
    APPLIED = "applied"
    OTHER = "other"


class RoundStatus(StrEnum):
    TENTATIVE = "tentative"
    SCHEDULED = "scheduled"
    DONE = "done"
    CANCELLED = "cancelled"


class Outcome(StrEnum):
    """How a round went, as far as the candidate knows."""

    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"


class OfferStatus(StrEnum):
    PENDING = "pending"
    NEGOTIATING = "negotiating"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


FILE_MODEL_CONFIG = ConfigDict(
    validate_by_alias=True, validate_by_name=False, validate_assignment=False
)
"""For the models a whole file holds (a company, the story bank). Files say `schema`; only
that key sets the field: accepting the Python name too let a hand-added `schema_ = 2`
become the schema, which the next save wrote as `schema = 2`. Assignment is not validated
on these top-level models because pydantic's assignment validation lets an extra key named
like a field (`schema_`) overwrite it; the session validates the whole model after every
change anyway (`Session._validated`)."""


class _Model(BaseModel):
    """Base of every stored model: keep unknown keys, validate on assignment."""

    model_config = ConfigDict(
        extra="allow",
        validate_assignment=True,
        str_strip_whitespace=False,
        use_enum_values=False,
    )


# --------------------------------------------------------------------------- dates

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
"""The one valid range for every date and date-time in the model.

Wide enough for any real job search (and for a coach's archive), narrow enough that adding a
duration, a reminder, a time zone's offset or a few years of countdown never leaves what
`datetime` can hold: a round at 9999-12-31 23:30 in UTC, or 0001-01-01 in Tokyo, would
otherwise pass validation and then crash the agenda, the export and the TUI."""


def in_date_range(day: date) -> bool:
    """Whether `day` (or a date-time's calendar day) lies within FIRST_DAY..LAST_DAY."""
    value = day.date() if isinstance(day, datetime) else day
    return FIRST_DAY <= value <= LAST_DAY


def _day_in_range(value: date) -> date:
    if not in_date_range(value):
        raise ValueError(
            f"{value.isoformat()} is outside the dates roundplanner accepts "
            f"({FIRST_DAY.year}-{LAST_DAY.year})"
        )
    return value


def _instant_in_range(value: datetime) -> datetime:
    _day_in_range(value.date())
    return value


Day = Annotated[date, AfterValidator(_day_in_range)]
"""A date within the model's one range."""
DateTime = Annotated[datetime, AfterValidator(_instant_in_range)]
"""A date-time within the model's one range (checked on its wall-clock day)."""


# --------------------------------------------------------------------------- time zones


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`, or ValueError with a message a person understands."""
    if not name or name != name.strip() or name.startswith("/") or ".." in name:
        raise ValueError(f"unknown time zone {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r}") from None


def check_local_time(local: datetime, tz: tzinfo, zone_name: str) -> None:
    """Refuse a wall-clock time that does not exist or happens twice in its zone.

    A time in the spring-forward gap would silently shift by an hour in every calendar; a
    time in the fall-back overlap is ambiguous. Both are rare for interviews, and a clear
    refusal beats a round an hour off.
    """
    naive = local.replace(tzinfo=None)
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    when = entry_text(naive)
    if first.utcoffset() != second.utcoffset():
        roundtrip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        if roundtrip != naive:
            raise ValueError(
                f"{when} does not exist in {zone_name} (clocks jump forward); pick another time"
            )
        raise ValueError(
            f"{when} happens twice in {zone_name} (clocks fall back); pick another time"
        )


def new_id(prefix: str) -> str:
    """A short random id such as `r-7f3a9c`: stable once written, unique enough per workspace."""
    return f"{prefix}-{secrets.token_hex(3)}"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


# --------------------------------------------------------------------------- pieces


class Interviewer(_Model):
    """Someone the candidate meets in a round, and what they know about them."""

    name: str
    role: str = ""
    profile: str = ""
    notes: str = ""


class Topic(_Model):
    """One item of a round's checklist: something to brush up on."""

    title: str
    done: bool = False
    note: str = ""
    minutes: int | None = Field(default=None, ge=1, le=24 * 60)
    """How long it takes to brush up on (None: the settings' prep.minutes_per_topic)."""


class Debrief(_Model):
    """The post-mortem written after a round."""

    outcome: Outcome = Outcome.PENDING
    went_well: str = ""
    to_improve: str = ""
    questions_asked: list[str] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)
    feedback: str = ""


class Contact(_Model):
    """A person at the company: recruiter, referrer, hiring manager."""

    name: str
    role: str = ""
    email: str = ""
    notes: str = ""


class FollowUpRecord(_Model):
    """A follow-up (thank-you, nudge, debrief, deadline) marked done or snoozed."""

    key: str
    done_on: Day | None = None
    snoozed_until: Day | None = None


class StageChange(_Model):
    stage: Stage
    on: Day


class Research(_Model):
    """What the candidate knows about the company, and how they would contribute."""

    what_they_do: str = ""
    why_them: str = ""
    how_i_contribute: str = ""
    notes: str = ""


class NegotiationStep(_Model):
    on: Day
    asked: str = ""
    response: str = ""


MAX_AMOUNT = 10**12
"""Far above any pay package, and inside what every TOML reader (64-bit) can hold."""


class Offer(_Model):
    """An offer's parts. Equity is the total grant value, vesting evenly after the cliff."""

    base: int = Field(default=0, ge=0, le=MAX_AMOUNT, strict=True)
    bonus: int = Field(default=0, ge=0, le=MAX_AMOUNT, strict=True)
    equity: int = Field(default=0, ge=0, le=MAX_AMOUNT, strict=True)
    vesting_years: int = Field(default=4, ge=1, le=10)
    cliff_months: int = Field(default=12, ge=0, le=60)
    sign_on: int = Field(default=0, ge=0, le=MAX_AMOUNT, strict=True)
    currency: str = "USD"
    deadline: Day | None = None
    status: OfferStatus = OfferStatus.PENDING
    notes: str = ""
    negotiation: list[NegotiationStep] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cliff_within_vesting(self) -> Self:
        if self.cliff_months > self.vesting_years * 12:
            # Named as 'cliff_months: …' so that a file's problem points at that line.
            raise ValueError(
                f"cliff_months: {self.cliff_months} months is longer than the vesting "
                f"({self.vesting_years} years): the equity would never vest"
            )
        return self

    def equity_in_year(self, year: int) -> float:
        """Equity value vesting in year `year` (1-based): nothing before the cliff, then even."""
        if year < 1 or year > self.vesting_years:
            return 0.0
        per_month = self.equity / (self.vesting_years * 12)
        months_in_year = range((year - 1) * 12 + 1, year * 12 + 1)
        vested = 0.0
        for month in months_in_year:
            if month < self.cliff_months:
                continue
            vested += per_month * (self.cliff_months if month == self.cliff_months else 1)
        return vested

    @property
    def first_year_total(self) -> float:
        return self.base + self.bonus + self.sign_on + self.equity_in_year(1)

    @property
    def four_year_total(self) -> float:
        return (
            4 * (self.base + self.bonus)
            + self.sign_on
            + sum(self.equity_in_year(year) for year in range(1, 5))
        )


# --------------------------------------------------------------------------- rounds


class Round(_Model):
    """One interview round. `start` is the wall-clock time in `timezone` (an IANA name).

    The id is stable for the life of the round: the calendar UID derives from it, so a
    re-export updates the event instead of adding a second one.
    """

    id: str = Field(default_factory=lambda: new_id("r"))
    kind: str = "technical"
    title: str = ""
    start: DateTime | None = None
    timezone: str = "UTC"
    duration_minutes: int = Field(default=60, strict=True)
    where: str = ""
    status: RoundStatus = RoundStatus.SCHEDULED
    interviewers: list[Interviewer] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    prep_notes: str = ""
    stories: list[str] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    debrief: Debrief | None = None
    sequence: int = Field(default=0, ge=0, le=2**31 - 1, strict=True)
    """RFC 5545's SEQUENCE is a 32-bit integer."""
    updated: datetime | None = None
    imported_uid: str = ""
    imported_sequence: int = Field(default=0, ge=0, le=2**31 - 1)
    """The highest SEQUENCE seen in the recruiter's invite, so an older copy of the invite
    imported later cannot move the round back or schedule a cancelled round again."""
    imported_stamp: datetime | None = None
    """The DTSTAMP of that version (UTC): orders two invites of the same SEQUENCE."""
    imported_occurrence: datetime | None = None
    """For a round that is one occurrence of the recruiter's series: that occurrence's
    instant in the series (RECURRENCE-ID, UTC), so a second "this occurrence only" change
    still finds the round after the first one moved it."""

    @field_validator("id")
    @classmethod
    def _id_is_usable(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", value):
            raise ValueError(
                f"round id {value!r} must be letters, digits, '.', '_' or '-' (at most 64)"
            )
        return value

    @field_validator("kind")
    @classmethod
    def _kind_is_known(cls, value: str, info: ValidationInfo) -> str:
        kinds = (info.context or {}).get("kinds")
        if kinds and value not in kinds:
            known = ", ".join(sorted(kinds))
            raise ValueError(f"unknown round kind {value!r} (known: {known})")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone_exists(cls, value: str) -> str:
        zone(value)
        return value

    @field_validator("start")
    @classmethod
    def _start_is_wall_clock(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            raise ValueError(
                "start must be a local date-time without offset; put the zone in 'timezone'"
            )
        return value.replace(second=0, microsecond=0)

    @field_validator("duration_minutes")
    @classmethod
    def _duration_is_positive(cls, value: int) -> int:
        if value <= 0:
            raise ValueError("end before start: duration_minutes must be more than 0")
        if value > 24 * 60:
            raise ValueError("duration_minutes is more than a day")
        return value

    @field_validator("updated", "imported_stamp", "imported_occurrence")
    @classmethod
    def _updated_is_utc(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        if value is None:
            return None
        # The range is checked on the UTC instant, the form it is kept and compared in:
        # checked on the wall-clock day, 2199-12-31T23:59-12:00 passed and then failed
        # every later save once converted.
        try:
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        except OverflowError:
            raise ValueError(
                f"{value.isoformat()} is outside the dates roundplanner accepts"
            ) from None
        _day_in_range(value.date())
        return value

    @model_validator(mode="after")
    def _start_exists_in_zone(self) -> Self:
        if self.start is not None:
            try:
                check_local_time(self.start, zone(self.timezone), self.timezone)
            except ValueError as error:
                # Named as 'start: …' so that a file's problem points at the start line.
                raise ValueError(f"start: {error}") from None
        return self

    # -- time

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.timezone)

    @property
    def starts_at(self) -> datetime | None:
        """The start as an aware instant, or None while the time is still to be set."""
        if self.start is None:
            return None
        return self.start.replace(tzinfo=self.tz)

    @property
    def ends_at(self) -> datetime | None:
        start = self.starts_at
        if start is None:
            return None
        # Add in UTC: an interview across a DST change lasts its real duration.
        return (start.astimezone(UTC) + timedelta(minutes=self.duration_minutes)).astimezone(
            self.tz
        )

    @property
    def is_cancelled(self) -> bool:
        return self.status is RoundStatus.CANCELLED

    def has_ended(self, now: datetime) -> bool:
        end = self.ends_at
        return end is not None and end <= now

    def has_started(self, now: datetime) -> bool:
        start = self.starts_at
        return start is not None and start <= now

    def needs_debrief(self, now: datetime) -> bool:
        """A round that happened and has no written post-mortem yet (summary.debrief_due)."""
        return debrief_due(
            self.is_cancelled, _stamp(self.ends_at), self.debrief is not None, now.timestamp()
        )

    def is_ahead(self, now: datetime) -> bool:
        """Scheduled, not cancelled and not over (summary.is_ahead: "upcoming", "next")."""
        return is_ahead(self.is_cancelled, _stamp(self.ends_at), now.timestamp())

    # -- checklist

    @property
    def progress(self) -> tuple[int, int]:
        """(done, total) over the topic checklist."""
        return sum(1 for topic in self.topics if topic.done), len(self.topics)

    def label(self, kinds: dict[str, str] | None = None) -> str:
        """What to call the round: its title, else its kind's label."""
        if self.title:
            return self.title
        if kinds and self.kind in kinds:
            return kinds[self.kind]
        return self.kind.replace("_", " ").capitalize()

    # -- calendar bookkeeping

    def calendar_fields(self) -> tuple[object, ...]:
        """What a calendar app must hear about again (SEQUENCE rises when it changes)."""
        return (self.start, self.timezone, self.duration_minutes, self.where, self.status)

    def touch(self, before: Round | None, now: datetime | None = None) -> None:
        """Record a change: stamp `updated`, and bump `sequence` if the calendar must update."""
        stamp = (now or utcnow()).astimezone(UTC).replace(microsecond=0)
        if before is not None and before.calendar_fields() != self.calendar_fields():
            self.sequence = before.sequence + 1
        self.updated = stamp


# --------------------------------------------------------------------------- companies


class Company(_Model):
    """Everything about one company's interview loop: one TOML file on disk."""

    schema_: int = Field(default=SCHEMA_VERSION, alias="schema")
    name: str
    stage: Stage = Stage.INTERESTED
    source: Source = Source.OTHER
    links: list[str] = Field(default_factory=list)
    research: Research = Field(default_factory=Research)
    contacts: list[Contact] = Field(default_factory=list)
    stage_history: list[StageChange] = Field(default_factory=list)
    rounds: list[Round] = Field(default_factory=list)
    offer: Offer | None = None
    notes: str = ""
    domain: str = ""
    follow_ups: list[FollowUpRecord] = Field(default_factory=list)
    """Follow-ups marked done or snoozed (the ones still open are computed, not stored)."""

    model_config = FILE_MODEL_CONFIG

    @field_validator("name")
    @classmethod
    def _name_present(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name must not be empty")
        return value

    @model_validator(mode="after")
    def _round_ids_unique(self) -> Self:
        seen: set[str] = set()
        for index, round_ in enumerate(self.rounds):
            if round_.id in seen:
                # The field path in front lets a file's problem name the field and its line.
                raise ValueError(f"rounds[{index}].id: duplicate round id {round_.id!r}")
            seen.add(round_.id)
        return self

    def set_stage(self, stage: Stage, on: date) -> None:
        """Move to `stage`, recording the date in the history (no entry if unchanged)."""
        if stage == self.stage and self.stage_history:
            return
        self.stage = stage
        self.stage_history = [*self.stage_history, StageChange(stage=stage, on=on)]

    def follow_facts(self, now: datetime, today: date) -> list[str]:
        """Move what the loop's own facts settle, and say what moved (for the user).

        - The first timed round moves an interested/applied company to screening (a
          recruiter screen) or interviewing (anything else), and a screening one to
          interviewing when a round past the recruiter screen is timed.
        - A recorded offer moves an active company to offer.
        - A stage set without a history entry (typed into the file) is recorded today.
        - A round past its end with a debrief written is done.
        Never backwards along the funnel, never out of a final stage (accepted, rejected,
        withdrawn, ghosted): those are the user's word.
        """
        moved: list[str] = []
        if not self.stage_history or self.stage_history[-1].stage != self.stage:
            self.stage_history = [*self.stage_history, StageChange(stage=self.stage, on=today)]
        target = self._stage_the_facts_show()
        if target is not None and _funnel_rank(target) > _funnel_rank(self.stage):
            moved.append(f"stage {self.stage.value} → {target.value}")
            self.set_stage(target, today)
        for round_ in self.rounds:
            if (
                round_.status is RoundStatus.SCHEDULED
                and round_.debrief is not None
                and round_.has_ended(now)
            ):
                round_.status = RoundStatus.DONE
                moved.append(f"{round_.label()} done")
        return moved

    def _stage_the_facts_show(self) -> Stage | None:
        if not self.stage.is_active:
            return None
        if self.offer is not None:
            return Stage.OFFER
        timed = [r for r in self.rounds if r.start is not None and not r.is_cancelled]
        if any(r.kind != SCREEN_KIND for r in timed):
            return Stage.INTERVIEWING
        if timed:
            return Stage.SCREENING
        return None

    def follow_up_open(self, key: str, today: date) -> bool:
        """Whether the follow-up `key` still asks for attention today."""
        for record in self.follow_ups:
            if record.key == key:
                if record.done_on is not None:
                    return False
                if record.snoozed_until is not None and record.snoozed_until > today:
                    return False
        return True

    def settle_follow_up(self, key: str, today: date, snooze_days: int | None = None) -> None:
        """Mark a follow-up done today, or snooze it for `snooze_days` (kept in the file)."""
        others = [record for record in self.follow_ups if record.key != key]
        if snooze_days is None:
            record = FollowUpRecord(key=key, done_on=today)
        else:
            record = FollowUpRecord(key=key, snoozed_until=today + timedelta(days=snooze_days))
        self.follow_ups = [*others, record]

    def round_by_id(self, round_id: str) -> Round | None:
        return next((r for r in self.rounds if r.id == round_id), None)

    def next_round(self, now: datetime) -> Round | None:
        upcoming = [r for r in self.rounds if r.is_ahead(now)]
        return min(upcoming, key=_start_key, default=None)

    def rounds_needing_debrief(self, now: datetime) -> list[Round]:
        return [r for r in self.rounds if r.needs_debrief(now)]

    def last_activity(self) -> date | None:
        """The latest date anything happened: a stage change or a round that took place."""
        dates = [change.on for change in self.stage_history]
        for round_ in self.rounds:
            if round_.start is not None and not round_.is_cancelled:
                dates.append(round_.start.date())
        return max(dates, default=None)


class Story(_Model):
    """A story for behavioral questions: setup, actions and challenges, measurable outcome."""

    id: str = Field(default_factory=lambda: new_id("s"))
    title: str
    setup: str = ""
    actions: str = ""
    outcome: str = ""
    tags: list[str] = Field(default_factory=list)

    @property
    def has_measurable_outcome(self) -> bool:
        """An outcome with a number in it: '40% faster', '3 teams', '$2M'."""
        return bool(re.search(r"\d", self.outcome))


class StoryBank(_Model):
    """stories.toml: the story bank, and the personal list of topics to work on."""

    schema_: int = Field(default=SCHEMA_VERSION, alias="schema")
    focus: list[str] = Field(default_factory=list)
    """Personal focus topics (gaps from debriefs the user chose to work on)."""
    stories: list[Story] = Field(default_factory=list)

    model_config = FILE_MODEL_CONFIG

    @model_validator(mode="after")
    def _story_ids_unique(self) -> Self:
        seen: set[str] = set()
        for index, story in enumerate(self.stories):
            if story.id in seen:
                raise ValueError(f"stories[{index}].id: duplicate story id {story.id!r}")
            seen.add(story.id)
        return self

    def by_id(self, story_id: str) -> Story | None:
        return next((s for s in self.stories if s.id == story_id), None)


# --------------------------------------------------------------------------- questions


def _stamp(instant: datetime | None) -> float | None:
    return instant.timestamp() if instant is not None else None


def _start_key(round_: Round) -> datetime:
    start = round_.starts_at
    return start.astimezone(UTC) if start is not None else datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class RoundRef:
    """A round together with the company it belongs to (and the file key of that company)."""

    slug: str
    company: Company
    round: Round


def iter_rounds(companies: dict[str, Company]) -> Iterator[RoundRef]:
    for slug, company in companies.items():
        for round_ in company.rounds:
            yield RoundRef(slug, company, round_)


def upcoming_rounds(
    companies: dict[str, Company], now: datetime, within: timedelta | None = None
) -> list[RoundRef]:
    """Rounds not yet over (and not cancelled), soonest first; optionally within a horizon."""
    found = []
    for ref in iter_rounds(companies):
        round_ = ref.round
        start = round_.starts_at
        if start is None or not round_.is_ahead(now):
            continue
        if within is not None and start > now + within:
            continue
        found.append(ref)
    return sorted(found, key=lambda ref: (_start_key(ref.round), ref.slug, ref.round.id))


def rounds_awaiting_debrief(companies: dict[str, Company], now: datetime) -> list[RoundRef]:
    """Rounds that have ended without a debrief, most recent first."""
    found = [ref for ref in iter_rounds(companies) if ref.round.needs_debrief(now)]
    return sorted(found, key=lambda ref: _start_key(ref.round), reverse=True)


def next_round(companies: dict[str, Company], now: datetime) -> RoundRef | None:
    upcoming = upcoming_rounds(companies, now)
    return upcoming[0] if upcoming else None


def find_round(companies: dict[str, Company], round_id: str) -> RoundRef | None:
    """The round with exactly this id (a prefix is not enough: a command that names a round
    must act on that round, or say there is none)."""
    return next((ref for ref in iter_rounds(companies) if ref.round.id == round_id), None)


def counts_per_stage(companies: Iterable[Company]) -> dict[Stage, int]:
    """How many companies stand at each stage, every stage present (zeros included)."""
    counts = Counter(company.stage for company in companies)
    return {stage: counts.get(stage, 0) for stage in Stage}


def offer_deadlines(companies: dict[str, Company], today: date) -> list[tuple[str, Company, date]]:
    """Open offers with a deadline today or later, soonest first."""
    found = []
    for slug, company in companies.items():
        offer = company.offer
        if offer is None or offer.deadline is None or offer.deadline < today:
            continue
        if offer.status in (OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.EXPIRED):
            continue
        found.append((slug, company, offer.deadline))
    return sorted(found, key=lambda item: (item[2], item[0]))


# --------------------------------------------------------------------------- checklist view


@dataclass(frozen=True)
class ChecklistStory:
    id: str
    title: str
    setup: str = ""
    actions: str = ""
    outcome: str = ""
    missing: bool = False


@dataclass(frozen=True)
class Checklist:
    """Everything to walk through before a round: the one source for CLI and review screen."""

    slug: str
    company: str
    round_id: str
    title: str
    kind: str
    starts_at: datetime | None
    ends_at: datetime | None
    timezone: str
    where: str
    status: str
    how_i_contribute: str
    what_they_do: str
    interviewers: list[Interviewer]
    topics: list[Topic]
    stories: list[ChecklistStory]
    questions: list[str]
    prep_notes: str
    unchecked: list[str] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for topic in self.topics if topic.done)

    @property
    def total(self) -> int:
        return len(self.topics)

    @property
    def complete(self) -> bool:
        return not self.unchecked


def build_checklist(
    ref: RoundRef, bank: StoryBank, kinds: dict[str, str] | None = None
) -> Checklist:
    """The pre-interview checklist of one round, as shown by `checklist` and the review."""
    round_, company = ref.round, ref.company
    stories = []
    for story_id in round_.stories:
        story = bank.by_id(story_id)
        if story is None:
            stories.append(
                ChecklistStory(id=story_id, title=f"(missing story {story_id})", missing=True)
            )
        else:
            stories.append(
                ChecklistStory(story.id, story.title, story.setup, story.actions, story.outcome)
            )
    unchecked = [topic.title for topic in round_.topics if not topic.done]
    return Checklist(
        slug=ref.slug,
        company=company.name,
        round_id=round_.id,
        title=round_.label(kinds),
        kind=round_.kind,
        starts_at=round_.starts_at,
        ends_at=round_.ends_at,
        timezone=round_.timezone,
        where=round_.where,
        status=round_.status.value,
        how_i_contribute=company.research.how_i_contribute,
        what_they_do=company.research.what_they_do,
        interviewers=list(round_.interviewers),
        topics=list(round_.topics),
        stories=stories,
        questions=list(round_.questions),
        prep_notes=round_.prep_notes,
        unchecked=unchecked,
    )


def find_topic(company: Company, round_id: str, index: int, title: str) -> Topic | None:
    """The topic a screen showed at `index`, found again in a (possibly reloaded) company.

    By position when the title still matches, else by title: if the file changed on disk
    between drawing and ticking, the tick must land on the item the user saw, or nowhere.
    """
    round_ = company.round_by_id(round_id)
    if round_ is None:
        return None
    topics = round_.topics
    if 0 <= index < len(topics) and topics[index].title == title:
        return topics[index]
    return next((topic for topic in topics if topic.title == title), None)


# --------------------------------------------------------------------------- names


_WINDOWS_RESERVED = (
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


def slugify(name: str, taken: Iterable[str] = ()) -> str:
    """A safe file stem for a company name: ascii, lowercase, no path tricks, no clashes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    if not slug:
        slug = "company"
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-co"
    taken_set = {t.lower() for t in taken}
    candidate, n = slug, 2
    while candidate in taken_set:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate
