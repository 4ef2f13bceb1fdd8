"""Today: a prep plan toward every upcoming round, and what the loop asks of you now.

The post the product grew from says: know what to brush up on before each round, write a
thank-you note, run a post-mortem, keep the pipeline moving. This module turns the
workspace into that to-do list, as pure functions of (companies, settings, now):

- **The prep plan.** Every upcoming round's unchecked topics are spread over the days
  before it within a daily budget, earliest round first; a topic shared by several rounds
  (same title) is planned once, for the earliest; each goes on the earliest day with room.
  The last day before a round holds a review block instead of new topics. What no
  longer fits is *flagged*, never dropped.
  Nothing is stored: the plan is computed again from today each time it is shown, so a
  ticked topic leaves it, a moved round moves its topics, and a day that passed unused
  pushes what it held forward.
- **Follow-ups.** A thank-you note due in the 24 h after a round (naming who you met, with
  the debrief's best moment as a prompt), a nudge when a company has been quiet for
  `follow_up_after_days` after a round, debriefs due, offer deadlines. A follow-up that
  was marked done or snoozed (recorded on the company) stays away.

No I/O, no Textual: the `today` command, the Today screen and the calendar's prep blocks
all read the same `Today`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from roundplanner.model import Company, Round, RoundStatus, Stage, Topic, zone
from roundplanner.settings import PrepSettings

REVIEW_TITLE = "Review the checklist, your stories and your questions"


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class RoundKey:
    """One round in the workspace, with what a line about it needs to say."""

    slug: str
    round_id: str
    company: str
    label: str
    starts_at: datetime


@dataclass(frozen=True)
class Block:
    """A piece of prep on one day: a topic (`topic` set) or the review before a round."""

    day: date
    minutes: int
    title: str
    rounds: tuple[RoundKey, ...]
    """The rounds it prepares for, earliest first (a shared topic serves several)."""
    topic_index: int | None = None
    """Where the topic sits in the first round's checklist (None: a review block)."""

    @property
    def is_review(self) -> bool:
        return self.topic_index is None

    @property
    def key(self) -> str:
        """Stable id of the block (calendar UID, list key): round and topic, or review."""
        first = self.rounds[0]
        what = "review" if self.topic_index is None else f"t{self.topic_index}"
        return f"{first.slug}.{first.round_id}.{what}"


@dataclass(frozen=True)
class Flagged:
    """A topic that no longer fits before its round, and why."""

    title: str
    minutes: int
    rounds: tuple[RoundKey, ...]
    topic_index: int
    reason: str


@dataclass(frozen=True)
class FollowUp:
    """Something the loop asks of you: a thank-you, a nudge, a debrief, a deadline."""

    key: str
    """Stable id (`thanks:r-id`, `nudge:r-id`, `debrief:r-id`, `deadline`), recorded on the
    company when marked done or snoozed."""
    kind: str
    slug: str
    company: str
    text: str
    due: date
    round_id: str | None = None

    @property
    def ref(self) -> str:
        """What names it on the command line (`today --done REF`): company and key."""
        return f"{self.slug}/{self.key}"


@dataclass
class Today:
    """Everything `today` shows, in the order it shows it."""

    day: date
    blocks: list[Block] = field(default_factory=list)
    flagged: list[Flagged] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)

    def blocks_on(self, day: date) -> list[Block]:
        return [block for block in self.blocks if block.day == day]

    @property
    def due_today(self) -> bool:
        """Anything to do today: prep blocks, follow-ups due, or flagged topics."""
        today_follow_ups = any(f.due <= self.day for f in self.follow_ups)
        return bool(self.blocks_on(self.day) or today_follow_ups or self.flagged)


# --------------------------------------------------------------------------- the plan


@dataclass
class _Task:
    title: str
    minutes: int
    rounds: list[RoundKey]
    topic_index: int
    last_day: date
    """The last day it may be done for its earliest round: two days before it (the day
    before is for review)."""


def same_topic(title: str) -> str:
    """What makes two topics one piece of prep: the title, case and spacing aside."""
    return " ".join(title.casefold().split())


def topic_minutes(topic: Topic, prep: PrepSettings) -> int:
    """A topic's own estimate, else the default (never 0: nothing is free)."""
    return max(1, topic.minutes if topic.minutes is not None else prep.minutes_per_topic)


def upcoming_rounds(
    companies: dict[str, Company], now: datetime, horizon: timedelta, kinds: dict[str, str]
) -> list[tuple[RoundKey, Round]]:
    """Rounds that start after `now` and within `horizon`, not cancelled, soonest first."""
    found: list[tuple[RoundKey, Round]] = []
    for slug, company in companies.items():
        for round_ in company.rounds:
            start = round_.starts_at
            if start is None or round_.status is RoundStatus.CANCELLED:
                continue
            if now < start <= now + horizon:
                key = RoundKey(slug, round_.id, company.name, round_.label(kinds), start)
                found.append((key, round_))
    found.sort(key=lambda pair: (pair[0].starts_at, pair[0].slug, pair[0].round_id))
    return found


def _first_day(now: datetime, tz: tzinfo, prep: PrepSettings) -> date:
    """Today, while today's prep hours are not over; else tomorrow."""
    local = now.astimezone(tz)
    end = prep.hours_end
    if local.time() >= end:
        return local.date() + timedelta(days=1)
    return local.date()


def _budget(day: date, first: date, now: datetime, tz: tzinfo, prep: PrepSettings) -> int:
    """Minutes of prep a day can hold: the daily budget, within the prep hours, and on
    the first day only what is left of them."""
    window = prep.window_minutes
    if day == first:
        local = now.astimezone(tz)
        if local.date() == day:
            start = max(local.time(), prep.hours_start)
            left = _minutes_between(start, prep.hours_end)
            window = min(window, left)
    return max(0, min(prep.minutes_per_day, window))


def _minutes_between(start: time, end: time) -> int:
    return max(0, (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute))


def _tasks(rounds: list[tuple[RoundKey, Round]], tz: tzinfo, prep: PrepSettings) -> list[_Task]:
    """Each unchecked topic once (by title), for the earliest round that needs it."""
    tasks: dict[str, _Task] = {}
    for key, round_ in rounds:
        round_day = key.starts_at.astimezone(tz).date()
        for index, topic in enumerate(round_.topics):
            if topic.done or not topic.title.strip():
                continue
            name = same_topic(topic.title)
            if name in tasks:
                tasks[name].rounds.append(key)
                continue
            minutes = topic_minutes(topic, prep)
            tasks[name] = _Task(topic.title, minutes, [key], index, round_day - timedelta(days=2))
    return list(tasks.values())


def plan_prep(
    companies: dict[str, Company],
    now: datetime,
    zone_name: str,
    prep: PrepSettings,
    kinds: dict[str, str] | None = None,
) -> tuple[list[Block], list[Flagged]]:
    """The prep plan from now on: blocks by day, and the topics that no longer fit.

    Promises (property-tested): no day holds more than its budget; no block falls on or
    after its round's day, and topics never on the review day; every unchecked topic of
    an upcoming round is planned or flagged, exactly once.
    """
    tz = zone(zone_name)
    kinds = kinds or {}
    rounds = upcoming_rounds(companies, now, timedelta(days=prep.horizon_days), kinds)
    first = _first_day(now, tz, prep)
    left: dict[date, int] = {}

    def room(day: date) -> int:
        if day not in left:
            left[day] = _budget(day, first, now, tz, prep)
        return left[day]

    blocks: list[Block] = []
    for key, round_ in rounds:
        review_day = key.starts_at.astimezone(tz).date() - timedelta(days=1)
        has_open = any(not t.done for t in round_.topics) or round_.questions or round_.stories
        if review_day >= first and has_open and room(review_day) >= prep.review_minutes:
            left[review_day] -= prep.review_minutes
            blocks.append(Block(review_day, prep.review_minutes, REVIEW_TITLE, (key,)))

    flagged: list[Flagged] = []
    tasks = _tasks(rounds, tz, prep)
    # First every topic toward its earliest round, earliest first; only then, with what
    # room is left, the topics too late for it toward a later round that needs them too.
    late: list[_Task] = []
    for task in tasks:
        if not _put(task, _place(task, first, room, tz, only_first=True), left, blocks):
            late.append(task)
    for task in late:
        if not _put(task, _place(task, first, room, tz, only_first=False), left, blocks):
            reason = _why_not(task, first)
            rounds_of = tuple(task.rounds)
            flagged.append(Flagged(task.title, task.minutes, rounds_of, task.topic_index, reason))
    blocks.sort(key=lambda b: (b.day, b.is_review, b.rounds[0].starts_at, b.topic_index or 0))
    return blocks, flagged


def _put(
    task: _Task,
    placed: tuple[date, tuple[RoundKey, ...]] | None,
    left: dict[date, int],
    blocks: list[Block],
) -> bool:
    """Book a placed task (False when it found no day)."""
    if placed is None:
        return False
    day, served = placed
    left[day] -= task.minutes
    blocks.append(Block(day, task.minutes, task.title, served, task.topic_index))
    return True


def _place(
    task: _Task, first: date, room: Callable[[date], int], tz: tzinfo, *, only_first: bool
) -> tuple[date, tuple[RoundKey, ...]] | None:
    """The earliest day with room for the task before its earliest round, with the rounds
    it then serves; when none is left before that round, before the next round that
    needs the topic too (better ready for the onsite than not at all); else None.

    Earliest, not spread: what is done early leaves slack for the day that goes wrong,
    and the plan is made again every day, so nothing waits on a day already passed."""
    for position, key in enumerate(task.rounds[:1] if only_first else task.rounds):
        last = key.starts_at.astimezone(tz).date() - timedelta(days=2)
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            if room(day) >= task.minutes:
                return day, tuple(task.rounds[position:])
    return None


def _why_not(task: _Task, first: date) -> str:
    if task.last_day < first:
        return "no day left before the round (the day before is for review)"
    return "does not fit in the daily budget before the round"


# --------------------------------------------------------------------------- follow-ups


def follow_ups(
    companies: dict[str, Company],
    now: datetime,
    zone_name: str,
    prep: PrepSettings,
    kinds: dict[str, str] | None = None,
) -> list[FollowUp]:
    """What the loop asks of you, oldest first: thank-yous, nudges, debriefs, deadlines."""
    tz = zone(zone_name)
    today = now.astimezone(tz).date()
    kinds = kinds or {}
    items: list[FollowUp] = []
    for slug, company in companies.items():
        items.extend(_of_company(slug, company, now, today, tz, prep, kinds))
    return sorted(items, key=lambda item: (item.due, _ORDER.index(item.kind), item.company))


_ORDER = ("deadline", "thanks", "debrief", "nudge")


def _of_company(
    slug: str,
    company: Company,
    now: datetime,
    today: date,
    tz: tzinfo,
    prep: PrepSettings,
    kinds: dict[str, str],
) -> list[FollowUp]:
    items: list[FollowUp] = []

    def add(key: str, kind: str, text: str, due: date, round_id: str | None = None) -> None:
        if company.follow_up_open(key, today):
            items.append(FollowUp(key, kind, slug, company.name, text, due, round_id))

    happened = [r for r in company.rounds if r.has_ended(now) and not r.is_cancelled]
    for round_ in happened:
        end = round_.ends_at
        assert end is not None
        label = round_.label(kinds)
        if now - end <= timedelta(hours=24):
            add(f"thanks:{round_.id}", "thanks", _thanks_text(round_, label), today, round_.id)
        if round_.needs_debrief(now):
            add(
                f"debrief:{round_.id}",
                "debrief",
                f"Debrief {label}",
                end.astimezone(tz).date(),
                round_.id,
            )
    waiting = company.stage in (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING)
    if waiting and happened and company.next_round(now) is None:
        last = max(happened, key=lambda r: r.ends_at or now)
        assert last.ends_at is not None
        quiet = (today - last.ends_at.astimezone(tz).date()).days
        if quiet >= prep.follow_up_after_days:
            text = f"Follow up: no word for {quiet} days since {last.label(kinds)}"
            due = last.ends_at.astimezone(tz).date() + timedelta(days=prep.follow_up_after_days)
            add(f"nudge:{last.id}", "nudge", text, due, last.id)
    offer = company.offer
    if (
        offer is not None
        and offer.deadline is not None
        and offer.status.value in ("pending", "negotiating")
    ):
        days = (offer.deadline - today).days
        if 0 <= days <= 7:
            add("deadline", "deadline", f"Offer deadline in {days} day(s)", offer.deadline)
    return items


def _thanks_text(round_: Round, label: str) -> str:
    names = ", ".join(i.name for i in round_.interviewers) or "the people you met"
    text = f"Thank-you note to {names} ({label})"
    if round_.debrief is not None and round_.debrief.went_well.strip():
        best = " ".join(round_.debrief.went_well.split())[:80]
        text += f" — mention: {best}"
    return text


# --------------------------------------------------------------------------- the whole day


def today_view(
    companies: dict[str, Company],
    now: datetime,
    zone_name: str,
    prep: PrepSettings,
    kinds: dict[str, str] | None = None,
) -> Today:
    """The plan and the follow-ups, as of `now`, for the day it is in `zone_name`."""
    blocks, flagged = plan_prep(companies, now, zone_name, prep, kinds)
    day = now.astimezone(zone(zone_name)).date()
    return Today(day, blocks, flagged, follow_ups(companies, now, zone_name, prep, kinds))
