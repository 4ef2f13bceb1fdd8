"""Opening a workspace fast, without a cache ever hiding a change on disk.

Per workspace, one file in the user's cache folder keeps two things:

* **Parsed companies**: the validated `Company` of every company file, keyed by the
  BLAKE2b digest of the file's bytes (the digest the store keeps too). Reading and
  hashing a file is cheap; parsing TOML and validating it is not (about 1.5 ms for a
  company of 5 rounds x 10 topics). A file whose bytes changed in any way has another
  digest and is parsed again: being keyed by content, not by timestamps, the cache
  cannot serve a model its file no longer says.
* **The preview**: per company file (same digest), the few plain values the pipeline
  shows (name, stage, source, and each round's start, end, label, checklist progress,
  whether it has a debrief), and the settings the first frame needs. `preview` reads and
  hashes every company file and the story bank; only when every one matches does the TUI
  draw its first frame from it, without importing pydantic, and then load the workspace
  for real (which shows the same rows: tests/tui/test_quick_start.py compares them).

The whole file is also keyed by a *settings key* (the bytes of the shipped and the user's
settings files) and a *code stamp* (this format, Python, roundplanner's version, pydantic
and the modules whose code decides what a file parses to), so a changed setting, an
upgrade or an edited model never meets an old entry.

The file is a pickle, so it lives only in the user's own cache folder (never in the
workspace, which may be synced or shared), is written user-only, and is read only if it
belongs to the user and nobody else can write it. `ROUNDPLANNER_CACHE` names another
folder, or turns the cache off with `off`. Nothing here imports pydantic or Textual at
module level: the quick start must not pay for them before its first frame.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roundplanner import safeio
from roundplanner.sanitize import clean
from roundplanner.timefmt import countdown

MAX_FILE_BYTES = 2 * 1024 * 1024
"""The store's limit for a workspace file (store.py is not imported on the quick path)."""
MAX_CACHE_BYTES = 512 * 1024 * 1024
"""Far above any real cache (a thousand companies take a few MB); only a bound."""

if TYPE_CHECKING:
    from roundplanner.model import Company
    from roundplanner.settings import Settings
    from roundplanner.store import Store

CACHE_ENV = "ROUNDPLANNER_CACHE"
"""A folder for the cache instead of the platform's user cache folder, or `off`."""
FORMAT = 1
"""Bumped whenever what is stored changes shape."""
COMPANIES = "companies"
STORIES = "stories.toml"
ABSENT = "absent"
"""The story-bank digest recorded when there is no stories.toml."""
CODE_MODULES = ("cache.py", "model.py", "store.py", "settings.py")
"""The modules whose code decides what a file parses to, or what the preview holds."""


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
    from platformdirs import user_cache_path

    return user_cache_path("roundplanner", appauthor=False)


def cache_file(root: Path) -> Path | None:
    """The cache file of the workspace at `root` (one per workspace folder)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        where = str(root.resolve())
    except OSError:
        where = str(root.absolute())
    name = hashlib.blake2b(where.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
    return folder / "workspaces" / f"{name}.pickle"


def settings_key(user_file: Path | None, *, required: bool = False) -> str:
    """A digest of everything the settings are made from: the shipped files and the user's.

    Computed before the settings are loaded, so that a file changed in between can only
    make the cache miss, never make it hold values of settings it was not keyed by.
    """
    from roundplanner import paths

    hasher = hashlib.blake2b(digest_size=16)
    folder = paths.shipped_config_dir()
    for name in ("settings.toml", "kinds.toml", "templates.toml", "checklists.toml"):
        hasher.update(_file_part(folder / name))
    hasher.update(b"user:" + (_file_part(user_file) if user_file is not None else b"none"))
    hasher.update(b"required" if required else b"optional")
    return hasher.hexdigest()


def _file_part(path: Path) -> bytes:
    try:
        data = _bytes(path)
    except OSError as error:
        return f"<{type(error).__name__}>".encode()
    return content_digest(data).encode() + b";"


def code_stamp() -> tuple[object, ...]:
    """What the cached values were computed by; any change empties the cache."""
    import importlib.util

    from roundplanner import __version__

    here = Path(__file__).resolve().parent
    parts: list[object] = [FORMAT, sys.version, __version__]
    for name in CODE_MODULES:
        parts.append(_stat_part(here / name))
    for package in ("pydantic", "pydantic_core", "tzdata"):
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec is not None else None
        parts.append(_stat_part(Path(origin)) if origin else None)
    # The preview holds UTC instants worked out with the zone rules of the day.
    parts.append(_stat_part(Path("/usr/share/zoneinfo/tzdata.zi")))
    return tuple(parts)


def _stat_part(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


# --------------------------------------------------------------------------- the preview


@dataclass
class RoundFacts:
    """What the pipeline needs of one round that has a start (the others never show).

    A plain dataclass (not frozen, no slots): those unpickle through Python-level
    __setstate__, several times slower, and the preview unpickles thousands of them.
    """

    starts_at: datetime
    """In UTC."""
    ends_at: datetime
    cancelled: bool
    debriefed: bool
    label: str
    done: int
    total: int

    def needs_debrief(self, now: datetime) -> bool:
        """Mirrors `Round.needs_debrief`."""
        return not self.cancelled and self.ends_at <= now and not self.debriefed


@dataclass
class CompanyFacts:
    """What the pipeline needs of one company, in plain values."""

    name: str
    stage: str
    stage_label: str
    active: bool
    source: str
    deadline: date | None
    """The offer's deadline, if it has an offer with one."""
    rounds: tuple[RoundFacts, ...]

    def next_round(self, now: datetime) -> RoundFacts | None:
        """Mirrors `Company.next_round`: the earliest round not cancelled and not over."""
        upcoming = [r for r in self.rounds if not r.cancelled and r.ends_at > now]
        return min(upcoming, key=lambda r: r.starts_at, default=None)


def facts_of(company: Company, kind_labels: dict[str, str]) -> CompanyFacts:
    """The preview values of a validated company."""
    rounds = []
    for round_ in company.rounds:
        start, end = round_.starts_at, round_.ends_at
        if start is None or end is None:
            continue
        done, total = round_.progress
        rounds.append(
            RoundFacts(
                start.astimezone(UTC),
                end.astimezone(UTC),
                round_.is_cancelled,
                round_.debrief is not None,
                round_.label(kind_labels),
                done,
                total,
            )
        )
    offer = company.offer
    return CompanyFacts(
        name=company.name,
        stage=company.stage.value,
        stage_label=company.stage.label,
        active=company.stage.is_active,
        source=company.source.value,
        deadline=offer.deadline if offer is not None else None,
        rounds=tuple(rounds),
    )


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One row of the pipeline table, as text (the screen adds the styles)."""

    slug: str
    name: str
    stage: str
    stage_label: str
    source: str
    upcoming: str
    when: str
    ready: str
    flags: str
    debrief_due: bool


@dataclass(frozen=True)
class Preview:
    """The pipeline's first frame, from the cache, for files that all matched it."""

    root: Path
    theme: str
    upcoming_hours: int
    stages: tuple[tuple[str, str], ...]
    """Every stage (value, label), in funnel order, as the model had them."""
    companies: dict[str, CompanyFacts]
    """By slug, in the order the store loads them."""

    def rows(self, now: datetime) -> list[PreviewRow]:
        """Every company, sorted by next round as the pipeline sorts at first.

        Mirrors PipelineScreen._cells and _next_key; a test renders both and compares.
        """
        ordered = sorted(self.companies.items(), key=lambda item: _next_key(item[1], now))
        return [_row(slug, facts, now) for slug, facts in ordered]

    def counts(self) -> list[tuple[str, str, int]]:
        """(stage, label, how many companies) for every stage, in funnel order."""
        found = Counter(facts.stage for facts in self.companies.values())
        return [(stage, label, found.get(stage, 0)) for stage, label in self.stages]

    def opens_on_upcoming(self, now: datetime) -> bool:
        """Mirrors RoundPlannerApp._opens_on_upcoming: a round starts within the hours."""
        if not self.upcoming_hours:
            return False
        horizon = now + timedelta(hours=self.upcoming_hours)
        return any(
            not r.cancelled and r.ends_at > now and r.starts_at <= horizon
            for facts in self.companies.values()
            for r in facts.rounds
        )


def _next_key(facts: CompanyFacts, now: datetime) -> tuple[int, float, str]:
    next_ = facts.next_round(now)
    if next_ is not None:
        return (0, next_.starts_at.timestamp(), facts.name.casefold())
    return (1 if facts.active else 2, 0.0, facts.name.casefold())


def _row(slug: str, facts: CompanyFacts, now: datetime) -> PreviewRow:
    next_ = facts.next_round(now)
    if next_ is not None:
        upcoming = clean(next_.label)
        when = countdown(next_.starts_at, now)
        ready = f"{next_.done}/{next_.total}" if next_.total else "–"
    else:
        upcoming, when, ready = "", "", ""
    flags = []
    due = any(r.needs_debrief(now) for r in facts.rounds)
    if due:
        flags.append("debrief due")
    if facts.deadline is not None:
        flags.append(f"offer until {facts.deadline:%b %d}")
    return PreviewRow(
        slug=slug,
        name=clean(facts.name),
        stage=facts.stage,
        stage_label=facts.stage_label,
        source=facts.source,
        upcoming=upcoming,
        when=when,
        ready=ready,
        flags=" · ".join(flags),
        debrief_due=due,
    )


# --------------------------------------------------------------------------- the cache


@dataclass
class _Entry:
    """One company file's content, parsed: the pickled model and its preview values."""

    model: bytes
    facts: CompanyFacts


@dataclass
class WorkspaceCache:
    """The cache of one workspace: read once at start, written back when the app closes.

    It serves the store as its parse cache (`get`/`put`), and the TUI as the preview.
    """

    root: Path
    key: str
    path: Path | None
    entries: dict[str, _Entry] = field(default_factory=dict)
    stories: str | None = None
    """Digest of the story bank that last loaded cleanly (ABSENT: there was none)."""
    theme: str = ""
    upcoming_hours: int = 0
    stages: tuple[tuple[str, str], ...] = ()
    added: dict[str, _Entry] = field(default_factory=dict)
    """Parsed during this run, not yet written."""
    labels: dict[str, str] = field(default_factory=dict)
    """The kind labels the preview's round labels are made with (see `attach`)."""
    hits: int = 0
    """How many models were served from the cache (for tests and the curious)."""

    @classmethod
    def open(cls, root: Path, key: str) -> WorkspaceCache:
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
                cache.stories = data["stories"]
                cache.theme = data["theme"]
                cache.upcoming_hours = data["upcoming_hours"]
                cache.stages = data["stages"]
        return cache

    # -- the parse cache (see Store.parse_company)

    def get(self, digest: str) -> Company | None:
        """The model parsed from bytes with this digest, as a new object; None if unknown."""
        entry = self.entries.get(digest) or self.added.get(digest)
        if entry is None:
            return None
        try:
            company: Company = pickle.loads(entry.model)
        except Exception:  # an unreadable entry is a miss, never an error
            return None
        self.hits += 1
        return company

    def put(self, digest: str, company: Company) -> None:
        """Remember a freshly validated company (pickled now: later edits cannot leak in)."""
        self.added[digest] = _Entry(
            pickle.dumps(company, protocol=pickle.HIGHEST_PROTOCOL),
            facts_of(company, self.labels),
        )

    def attach(self, store: Store, settings: Settings) -> None:
        """Serve `store` as its parse cache; `settings` label the rounds of the preview."""
        self.labels = settings.kind_labels
        store.parse_cache = self

    # -- the preview

    def preview(self, now: datetime) -> Preview | None:
        """The first frame's data, if every company file and the story bank match the
        cache and the app would open on the pipeline; else None (load first)."""
        if not self.entries or self.stories is None:
            return None
        companies = self.root / COMPANIES
        try:
            names = sorted(
                entry.name
                for entry in os.scandir(companies)
                if entry.name.endswith(".toml") and not entry.name.startswith(".")
            )
            if self.stories != _digest_of(self.root / STORIES):
                return None
            found: dict[str, CompanyFacts] = {}
            for name in names:
                entry = self.entries.get(content_digest(_bytes(companies / name)))
                if entry is None:
                    return None
                found[name.removesuffix(".toml")] = entry.facts
        except OSError:
            return None
        if not found:
            return None
        preview = Preview(self.root, self.theme, self.upcoming_hours, self.stages, found)
        return None if preview.opens_on_upcoming(now) else preview

    # -- writing back

    def save(self, store: Store, settings: Settings) -> bool:
        """Bring the cache up to date with the files on disk now; True if it was written.

        Files changed during the run (saved by the app, or by others) are parsed here,
        one each; files gone are dropped. Nothing is written when nothing changed.
        """
        if self.path is None:
            return False
        from roundplanner.model import Stage, StoryBank
        from roundplanner.store import parse_model

        if settings.kind_labels != self.labels:  # the preview's labels must be these
            self.entries, self.labels = {}, settings.kind_labels
            self.added = {
                d: _Entry(e.model, _relabel(e, self.labels)) for d, e in self.added.items()
            }
        entries: dict[str, _Entry] = {}
        for key in store.company_keys_on_disk():
            try:
                data = _bytes(store.path_of(key))
            except OSError:
                continue
            digest = content_digest(data)
            entry = self.entries.get(digest) or self.added.get(digest)
            if entry is None:
                company, _ = store.parse_company(data, key)
                if company is None:
                    continue  # broken: not cached, so the next start loads first
                if digest not in self.added:
                    self.put(digest, company)
                entry = self.added[digest]
            entries[digest] = entry
        stories: str | None = _digest_of(self.root / STORIES)
        if stories not in (ABSENT, self.stories):
            try:
                bank, _ = parse_model(StoryBank, _bytes(self.root / STORIES), STORIES)
            except OSError:
                bank = None
            stories = stories if bank is not None else None
        stages = tuple((stage.value, stage.label) for stage in Stage)
        unchanged = (
            entries.keys() == self.entries.keys()
            and stories == self.stories
            and (settings.theme, settings.upcoming_hours, stages)
            == (self.theme, self.upcoming_hours, self.stages)
        )
        if unchanged:
            return False
        self.entries, self.added, self.stories = entries, {}, stories
        self.theme, self.upcoming_hours, self.stages = (
            settings.theme,
            settings.upcoming_hours,
            stages,
        )
        _write(
            self.path,
            {
                "code": code_stamp(),
                "key": self.key,
                "root": str(self.root),
                "entries": entries,
                "stories": stories,
                "theme": settings.theme,
                "upcoming_hours": settings.upcoming_hours,
                "stages": stages,
            },
        )
        return True


def _relabel(entry: _Entry, labels: dict[str, str]) -> CompanyFacts:
    company: Company = pickle.loads(entry.model)
    return facts_of(company, labels)


def _bytes(path: Path) -> bytes:
    """A workspace or settings file through the one safe reader (a FIFO or a link to
    /dev/zero must not hang the start or the quit; it is a cache miss, as is any error)."""
    return safeio.read_regular(path, MAX_FILE_BYTES)


def _digest_of(path: Path) -> str:
    try:
        return content_digest(_bytes(path))
    except FileNotFoundError:
        return ABSENT


def _read(path: Path) -> Any:
    """The unpickled cache file, or None: missing, unreadable, foreign or corrupt."""
    try:
        # Someone else could have written a file not private to us: never unpickle that.
        return pickle.loads(safeio.read_private(path, MAX_CACHE_BYTES))
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
