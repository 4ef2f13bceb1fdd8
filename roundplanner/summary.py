"""The read model: what every list shows, one plain summary per company, made in one place.

The pipeline, Upcoming, the agenda and the first frame of the app read `CompanySummary`
values, never the pydantic models: a summary is a few strings, numbers and instants, so a
workspace of them unpickles in milliseconds, without importing pydantic. Full models load
only when a company or a round is opened or edited (or in a worker after the first frame).

One function makes summaries, `summarise(company, kind_labels)`; everything a list says
about a company derives from it, and the rules lists share are defined here once:
`is_ahead` (a round not cancelled and not over: what "upcoming" and "next round" mean),
`debrief_due`, `ready`, and `opens_on_upcoming`. The model's own questions
(`Round.needs_debrief`, `Company.next_round`, `upcoming_rounds`, …) call these same rules.

Summaries hold instants, never facts about "now": a countdown, "next" or "due" is worked
out when a list is drawn, from the stored start and end (UTC seconds) and the clock.

Persisted per workspace in the user's cache folder (`SummaryCache`), keyed by the BLAKE2b
digest of each company file's bytes (content, never timestamps: an edit of the same size
within the same mtime tick still changes the digest), by the settings files the labels
come from, and by a stamp of the code that makes them. A file whose digest is unknown
makes the whole read miss, and the workspace is loaded and summarised for real.

Nothing here imports pydantic or Textual at module level.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from roundplanner import __version__, paths
from roundplanner.safeio import UnreadableFile, read_private, read_regular

if TYPE_CHECKING:
    from roundplanner.model import Company, Offer
    from roundplanner.settings import Settings
    from roundplanner.store import Store

CACHE_ENV = "ROUNDPLANNER_CACHE"
"""A folder for the cache instead of the platform's user cache folder, or `off`."""
FORMAT = 4
"""Bumped whenever what is stored changes shape."""
COMPANIES = "companies"
STORIES = "stories.toml"
ABSENT = "absent"
"""The story-bank digest recorded when there is no stories.toml."""
MAX_COMPANY_BYTES = 2 * 1024 * 1024
"""As the store's limit: a larger file is broken, never summarised."""
MAX_CACHE_BYTES = 256 * 1024 * 1024
"""A cache file larger than this is not ours to read (1,000 rich companies take ~2 MB)."""
CODE_MODULES = ("summary.py", "model.py", "store.py", "settings.py", "toml_io.py")
"""The modules whose code decides what a file parses to, or what a summary holds."""


# --------------------------------------------------------------------------- the rules


def is_ahead(cancelled: bool, end: float | None, now: float) -> bool:
    """A round that still lies ahead: scheduled (has an end), not cancelled, not over.

    What "upcoming" and "next round" mean everywhere (`end` and `now` in UTC seconds)."""
    return not cancelled and end is not None and end > now


def debrief_due(cancelled: bool, end: float | None, debriefed: bool, now: float) -> bool:
    """A round that happened and has no written post-mortem yet."""
    return not cancelled and end is not None and end <= now and not debriefed


def ready(done: int, total: int) -> bool:
    """A round whose checklist is ticked through (one with no checklist is not 'ready')."""
    return total > 0 and done == total


DAY_GROUPS = ("Today", "Tomorrow", "This week", "Later")


def day_group(start: datetime, now: datetime, tz: tzinfo) -> str:
    """Which agenda heading a start falls under, by calendar day in the user's zone."""
    days = (start.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days <= 0:
        return "Today"
    if days == 1:
        return "Tomorrow"
    if days < 7:
        return "This week"
    return "Later"


# --------------------------------------------------------------------------- the values


@dataclass
class RoundSummary:
    """What the lists show of one scheduled round (rounds with no start never show).

    A plain dataclass (not frozen, no slots): those unpickle through Python-level
    __setstate__, several times slower, and a workspace holds thousands of rounds.
    """

    id: str
    label: str
    """Its title, else its kind's label (so summaries are keyed by the settings too)."""
    start: float
    """UTC seconds."""
    end: float
    timezone: str
    """The round's own zone (an IANA name)."""
    kind: str
    status: str
    """The RoundStatus value."""
    cancelled: bool
    debriefed: bool
    done: int
    total: int
    where: str
    who: tuple[str, ...]
    """The interviewers' names."""
    roles: tuple[str, ...]
    """Their roles, in the same order ('' when not known)."""

    @property
    def starts_at(self) -> datetime:
        return datetime.fromtimestamp(self.start, UTC)

    @property
    def ends_at(self) -> datetime:
        return datetime.fromtimestamp(self.end, UTC)

    @property
    def local_start(self) -> datetime:
        """The start on the round's own clock (as the model's `starts_at` has it)."""
        return datetime.fromtimestamp(self.start, ZoneInfo(self.timezone))

    @property
    def local_end(self) -> datetime:
        return datetime.fromtimestamp(self.end, ZoneInfo(self.timezone))

    @property
    def tentative(self) -> bool:
        return self.status == "tentative"

    def is_ahead(self, now: float) -> bool:
        return is_ahead(self.cancelled, self.end, now)

    def needs_debrief(self, now: float) -> bool:
        return debrief_due(self.cancelled, self.end, self.debriefed, now)

    @property
    def ready(self) -> bool:
        return ready(self.done, self.total)


@dataclass
class OfferSummary:
    """What the offers comparison shows of an offer (its negotiation log stays with the
    model: the screen reads it from the company when one is chosen)."""

    base: int
    bonus: int
    equity: int
    vesting_years: int
    cliff_months: int
    sign_on: int
    currency: str
    deadline: date | None
    status: str
    """The OfferStatus value."""
    steps: int
    """How many negotiation steps are logged."""
    equity_by_year: tuple[float, ...]
    """Equity vesting in years 1..4 (the model's `Offer.equity_in_year`)."""
    first_year: float
    four_year: float


@dataclass
class CompanySummary:
    """What the lists show of one company."""

    name: str
    stage: str
    """The Stage value."""
    stage_label: str
    active: bool
    source: str
    deadline: date | None
    """The offer's deadline, if it has an offer with one."""
    offer_open: bool
    """It has an offer not yet accepted, declined or expired."""
    rounds: tuple[RoundSummary, ...]
    """Scheduled rounds, in file order."""
    unscheduled: tuple[tuple[str, str], ...] = ()
    """(id, label) of rounds with no time yet, not cancelled, in file order: what Upcoming
    lists as "Needs scheduling" (they never appeared anywhere but the company)."""
    history: tuple[tuple[str, date], ...] = ()
    """(Stage value, day) of every stage change, in file order: the funnel and the time
    spent per stage (insights.py)."""
    last_activity: date | None = None
    """The model's `Company.last_activity()`: what a silence is measured from."""
    gaps: tuple[tuple[str, date | None, tuple[str, ...]], ...] = ()
    """(round id, its day, the gaps its debrief names) of every debriefed round that
    names any, in file order: the recurring gaps."""
    offer: OfferSummary | None = None
    """Its offer's numbers, if it has one: the offers comparison."""

    def next_round(self, now: float) -> RoundSummary | None:
        """The earliest round still ahead (see `is_ahead`)."""
        ahead = [r for r in self.rounds if r.is_ahead(now)]
        return min(ahead, key=lambda r: r.start, default=None)

    def rounds_needing_debrief(self, now: float) -> list[RoundSummary]:
        return [r for r in self.rounds if r.needs_debrief(now)]

    @property
    def haystack(self) -> str:
        """What a text filter searches: name, stage and source."""
        return f"{self.name} {self.stage} {self.source}".casefold()


def summarise(company: Company, kind_labels: dict[str, str]) -> CompanySummary:
    """The summary of a validated company: the one function every list's values come from."""
    from roundplanner.model import OfferStatus

    rounds = []
    unscheduled: list[tuple[str, str]] = []
    for round_ in company.rounds:
        start, end = round_.starts_at, round_.ends_at
        if start is None or end is None:
            if not round_.is_cancelled:
                unscheduled.append((round_.id, round_.label(kind_labels)))
            continue
        done, total = round_.progress
        rounds.append(
            RoundSummary(
                id=round_.id,
                label=round_.label(kind_labels),
                start=start.timestamp(),
                end=end.timestamp(),
                timezone=round_.timezone,
                kind=round_.kind,
                status=round_.status.value,
                cancelled=round_.is_cancelled,
                debriefed=round_.debrief is not None,
                done=done,
                total=total,
                where=round_.where,
                who=tuple(person.name for person in round_.interviewers),
                roles=tuple(person.role for person in round_.interviewers),
            )
        )
    offer = company.offer
    closed = (OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.EXPIRED)
    gaps = tuple(
        (round_.id, round_.start.date() if round_.start is not None else None, tuple(debrief.gaps))
        for round_ in company.rounds
        if (debrief := round_.debrief) is not None and debrief.gaps
    )
    return CompanySummary(
        name=company.name,
        stage=company.stage.value,
        stage_label=company.stage.label,
        active=company.stage.is_active,
        source=company.source.value,
        deadline=offer.deadline if offer is not None else None,
        offer_open=offer is not None and offer.status not in closed,
        rounds=tuple(rounds),
        unscheduled=tuple(unscheduled) if company.stage.is_active else (),
        history=tuple((change.stage.value, change.on) for change in company.stage_history),
        last_activity=company.last_activity(),
        gaps=gaps,
        offer=None if offer is None else _offer(offer),
    )


COMPARED_YEARS = 4
"""The years of equity the offers comparison shows."""


def _offer(offer: Offer) -> OfferSummary:
    return OfferSummary(
        base=offer.base,
        bonus=offer.bonus,
        equity=offer.equity,
        vesting_years=offer.vesting_years,
        cliff_months=offer.cliff_months,
        sign_on=offer.sign_on,
        currency=offer.currency,
        deadline=offer.deadline,
        status=offer.status.value,
        steps=len(offer.negotiation),
        equity_by_year=tuple(offer.equity_in_year(year) for year in range(1, COMPARED_YEARS + 1)),
        first_year=offer.first_year_total,
        four_year=offer.four_year_total,
    )


@dataclass(frozen=True)
class RoundRow:
    """A round in a list, with the company it belongs to."""

    slug: str
    company: CompanySummary
    round: RoundSummary


def awaiting_debrief(companies: Mapping[str, CompanySummary], now: datetime) -> list[RoundRow]:
    """Rounds that ended without a debrief, most recent first."""
    stamp = now.timestamp()
    found = [
        RoundRow(slug, company, round_)
        for slug, company in companies.items()
        for round_ in company.rounds
        if round_.needs_debrief(stamp)
    ]
    return sorted(found, key=lambda row: row.round.start, reverse=True)


@dataclass
class WorkspaceSummary:
    """Every company's summary and what the lists need besides; answers the lists' queries."""

    root: Path
    companies: dict[str, CompanySummary]
    """By slug, in the order the store loads them."""
    stages: tuple[tuple[str, str], ...]
    """Every stage (value, label), in funnel order."""
    broken: list[str] = field(default_factory=list)
    """Files that did not load (empty when read from the cache: a broken file misses it)."""
    version: int = 0
    """Raised whenever the app brings the summaries in step with its models."""

    def rows(self) -> Iterator[RoundRow]:
        for slug, company in self.companies.items():
            for round_ in company.rounds:
                yield RoundRow(slug, company, round_)

    def upcoming(self, now: datetime, within: timedelta | None = None) -> list[RoundRow]:
        """Rounds still ahead, soonest first; optionally starting within a horizon."""
        stamp = now.timestamp()
        horizon = (now + within).timestamp() if within is not None else None
        # Filtered before a RoundRow is made: most rounds of a workspace are past, and
        # Upcoming asks this of every round at each refresh.
        found = [
            RoundRow(slug, company, round_)
            for slug, company in self.companies.items()
            for round_ in company.rounds
            if round_.is_ahead(stamp) and (horizon is None or round_.start <= horizon)
        ]
        return sorted(found, key=lambda row: (row.round.start, row.slug, row.round.id))

    def awaiting_debrief(self, now: datetime) -> list[RoundRow]:
        """Rounds that ended without a debrief, most recent first."""
        return awaiting_debrief(self.companies, now)

    def needs_scheduling(self) -> list[tuple[str, CompanySummary, str, str]]:
        """(slug, company, round id, label) of rounds of active companies with no time yet."""
        return [
            (slug, company, round_id, label)
            for slug, company in sorted(self.companies.items())
            for round_id, label in company.unscheduled
        ]

    def offer_deadlines(self, today: date) -> list[tuple[str, CompanySummary, date]]:
        """Open offers with a deadline today or later, soonest first."""
        found = [
            (slug, company, company.deadline)
            for slug, company in self.companies.items()
            if company.offer_open and company.deadline is not None and company.deadline >= today
        ]
        return sorted(found, key=lambda item: (item[2], item[0]))

    def counts(self) -> list[tuple[str, str, int]]:
        """(stage, label, how many companies) for every stage, in funnel order."""
        found = Counter(company.stage for company in self.companies.values())
        return [(stage, label, found.get(stage, 0)) for stage, label in self.stages]

    def opens_on_upcoming(self, now: datetime, hours: int) -> bool:
        """The app opens on Upcoming when a round still ahead starts within `hours`."""
        return bool(hours) and bool(self.upcoming(now, timedelta(hours=hours)))


def stages() -> tuple[tuple[str, str], ...]:
    """Every stage of the model as (value, label), in funnel order."""
    from roundplanner.model import Stage

    return tuple((stage.value, stage.label) for stage in Stage)


def summarise_workspace(
    root: Path, companies: dict[str, Company], kind_labels: dict[str, str], broken: Iterable[str]
) -> WorkspaceSummary:
    """A loaded workspace's summary (every company through `summarise`)."""
    return WorkspaceSummary(
        root,
        {slug: summarise(company, kind_labels) for slug, company in companies.items()},
        stages(),
        sorted(broken),
    )


# --------------------------------------------------------------------------- persisted


def content_digest(data: bytes) -> str:
    """The digest of a file's bytes: the same as the store's (a test keeps them equal)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def cache_dir() -> Path | None:
    """Where caches live: ROUNDPLANNER_CACHE, else the user cache folder; None when off."""
    override = os.environ.get(CACHE_ENV)
    if override is not None:
        if override.strip().lower() in ("", "off", "0", "no", "false"):
            return None
        return Path(override).expanduser()
    from platformdirs import user_cache_path  # ~14 ms, only when no folder is given

    return user_cache_path("roundplanner", appauthor=False)


def cache_file(root: Path) -> Path | None:
    """The summary file of the workspace at `root` (one per workspace folder)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        where = str(root.resolve())
    except OSError:
        where = str(root.absolute())
    name = hashlib.blake2b(where.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
    return folder / "summaries" / f"{name}.pickle"


def settings_key(user_file: Path | None, *, required: bool = False) -> str:
    """A digest of everything the settings are made from: the shipped files and the user's.

    Computed before the settings are loaded, so that a file changed in between can only
    make the cache miss, never make it hold values of settings it was not keyed by.
    """
    hasher = hashlib.blake2b(digest_size=16)
    folder = paths.shipped_config_dir()
    for name in ("settings.toml", "kinds.toml", "templates.toml", "checklists.toml"):
        hasher.update(_file_part(folder / name))
    hasher.update(b"user:" + (_file_part(user_file) if user_file is not None else b"none"))
    hasher.update(b"required" if required else b"optional")
    return hasher.hexdigest()


def _file_part(path: Path) -> bytes:
    try:
        data = read_regular(path, MAX_COMPANY_BYTES)
    except (OSError, UnreadableFile) as error:
        return f"<{type(error).__name__}>".encode()
    return content_digest(data).encode() + b";"


def code_stamp() -> tuple[object, ...]:
    """What the stored summaries were computed by; any change empties the cache."""
    here = Path(__file__).resolve().parent
    parts: list[object] = [FORMAT, sys.version, __version__]
    for name in CODE_MODULES:
        parts.append(_stat_part(here / name))
    for package in ("pydantic", "pydantic_core", "tzdata"):
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec is not None else None
        parts.append(_stat_part(Path(origin)) if origin else None)
    # Instants are worked out with the zone rules of the day.
    parts.append(_stat_part(Path("/usr/share/zoneinfo/tzdata.zi")))
    return tuple(parts)


def _stat_part(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


@dataclass
class StartSettings:
    """The settings the first frame needs, kept beside the summaries (same settings key)."""

    theme: str
    upcoming_hours: int
    zone_name: str
    ghosted_after_days: int
    """For `roundplanner stats` from the kept summaries."""
    source: str = "defaults"
    """The settings file they came from, named when the theme is not one the app has."""

    @classmethod
    def of(cls, settings: Settings) -> StartSettings:
        return cls(
            settings.theme,
            settings.upcoming_hours,
            settings.zone_name,
            settings.ghosted_after_days,
            settings.source,
        )


@dataclass
class SummaryCache:
    """The persisted summaries of one workspace: read once at start, written when stale.

    `entries` maps the digest of a company file's bytes to its summary. `read` serves a
    whole workspace only when every company file's digest is known; `save` brings the
    file in line with the files on disk (files summarised anew, files gone dropped).
    """

    root: Path
    key: str
    path: Path | None
    entries: dict[str, CompanySummary] = field(default_factory=dict)
    start: StartSettings | None = None
    stages: tuple[tuple[str, str], ...] = ()
    added: dict[str, CompanySummary] = field(default_factory=dict)
    """Learned during this run, not yet written."""
    stories: str | None = None
    """The digest of the story bank when it last loaded cleanly (ABSENT: there was none)."""

    @classmethod
    def open(cls, root: Path, key: str) -> SummaryCache:
        """The cache of `root` for settings `key`; empty when missing, stale or unusable."""
        path = cache_file(root)
        cache = cls(root, key, path)
        if path is not None:
            data = _read(path)
            if (
                isinstance(data, dict)
                and data.get("code") == code_stamp()
                and data.get("key") == key
            ):
                cache.entries = data["entries"]
                cache.start = data["start"]
                cache.stages = data["stages"]
                cache.stories = data["stories"]
        return cache

    def read(self) -> WorkspaceSummary | None:
        """The workspace's summary if every company file's bytes are known; else None."""
        if self.start is None or not self.entries:
            return None
        companies = self.root / COMPANIES
        found: dict[str, CompanySummary] = {}
        try:
            names = sorted(
                entry.name
                for entry in os.scandir(companies)
                if entry.name.endswith(".toml") and not entry.name.startswith(".")
            )
            for name in names:
                summary = self.entries.get(
                    content_digest(read_regular(companies / name, MAX_COMPANY_BYTES))
                )
                if summary is None:
                    return None
                found[name.removesuffix(".toml")] = summary
        except (OSError, UnreadableFile):
            return None
        if not found:
            return None
        return WorkspaceSummary(self.root, found, self.stages)

    def stories_clean(self) -> bool:
        """True when the story bank is as it was when it last loaded cleanly (a command
        that reports broken files must load the workspace when it is not)."""
        return self.stories is not None and self.stories == _digest_of(self.root / STORIES)

    def learn(self, digests: dict[str, str], summary: WorkspaceSummary) -> None:
        """Remember the summaries of models freshly loaded from files with these digests
        (`digests`: slug -> digest of the bytes the model was parsed from)."""
        for slug, company in summary.companies.items():
            digest = digests.get(slug)
            if digest:
                self.added[digest] = company

    def keep(
        self,
        digests: dict[str, str],
        summary: WorkspaceSummary,
        start: StartSettings,
        stories: str | None,
    ) -> None:
        """Write the summaries of a workspace just loaded (by prefetch.py's children), with
        no settings or models at hand: `digests` are those of the very bytes each summary
        was made from, `stories` the story bank's digest if it loaded cleanly (ABSENT: no
        file; None: broken). Files that did not load are simply not in it (a read misses)."""
        self.learn(digests, summary)
        entries = dict(self.added)
        self.added = {}
        self.entries, self.start, self.stages, self.stories = (
            entries,
            start,
            summary.stages,
            stories,
        )
        if self.path is not None:
            _write(
                self.path,
                {
                    "code": code_stamp(),
                    "key": self.key,
                    "root": str(self.root),
                    "entries": entries,
                    "start": start,
                    "stages": summary.stages,
                    "stories": stories,
                },
            )

    def save(self, store: Store, settings: Settings) -> bool:
        """Bring the file in line with the company files on disk now; True if written.

        A file's summary is one learned from its very bytes (kept or `learn`ed), or one
        made here by parsing the file again: never the summary of a model edited since,
        whose save may have failed or conflicted. Broken files are left out (so the next
        start loads first and reports them). Nothing is written when nothing changed.
        """
        if self.path is None:
            return False
        from roundplanner.model import Company
        from roundplanner.store import parse_model

        kinds = settings.kind_labels
        entries: dict[str, CompanySummary] = {}
        for key in store.company_keys_on_disk():
            try:
                data = read_regular(store.path_of(key), MAX_COMPANY_BYTES)
            except (OSError, UnreadableFile):
                continue
            digest = content_digest(data)
            company = self.entries.get(digest) or self.added.get(digest)
            if company is None:
                model, _ = parse_model(Company, data, key, store.parse_context())
                if model is None:
                    continue
                company = summarise(model, kinds)
            entries[digest] = company
        start = StartSettings.of(settings)
        found_stages = stages()
        stories = _digest_of(self.root / STORIES)
        if stories not in (ABSENT, self.stories):
            from roundplanner.model import StoryBank

            try:
                data = read_regular(self.root / STORIES, MAX_COMPANY_BYTES)
                bank, _ = parse_model(StoryBank, data, STORIES)
            except (OSError, UnreadableFile):
                bank = None
            stories = stories if bank is not None else None
        self.added = {}
        now = (entries, start, found_stages, stories)
        if now == (self.entries, self.start, self.stages, self.stories):
            return False
        self.entries, self.start, self.stages, self.stories = now
        _write(
            self.path,
            {
                "code": code_stamp(),
                "key": self.key,
                "root": str(self.root),
                "entries": entries,
                "start": start,
                "stages": found_stages,
                "stories": stories,
            },
        )
        return True


def _digest_of(path: Path) -> str | None:
    """The digest of a file's bytes, ABSENT if there is none, None if it cannot be read."""
    try:
        return content_digest(read_regular(path, MAX_COMPANY_BYTES))
    except FileNotFoundError:
        return ABSENT
    except (OSError, UnreadableFile):
        return None


def _read(path: Path) -> Any:
    """The unpickled cache file, or None: missing, unreadable, foreign or corrupt."""
    try:
        # Only a regular file this user owns and nobody else may write, checked on the
        # descriptor read from: someone else's file is never unpickled.
        return pickle.loads(read_private(path, MAX_CACHE_BYTES))
    except Exception:  # a cache that cannot be read is only a miss
        return None


def _write(path: Path, data: dict[str, Any]) -> None:
    """Replace the cache file (user-only); a failure leaves the old one or none."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".cache-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
