"""The command line: no subcommand opens the TUI; the others are for scripts and quick looks.

Exit codes: 0 ok, 1 problems found (a broken file, unchecked items, a failed validation),
2 bad usage or unreadable input. Errors go to stderr, one line each, never a traceback
for a user's mistake. Textual and icalendar are imported only by the commands that use
them, so `roundplanner agenda` starts fast.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from roundplanner import paths, prefetch
from roundplanner.locking import WorkspaceBusy
from roundplanner.output.json_data import agenda_json, checklist_json, stats_json, today_json
from roundplanner.output.text import agenda_text, checklist_text, stats_text, today_text
from roundplanner.safeio import StoreError, UnreadableFile, read_regular, read_stream
from roundplanner.sanitize import clean, json_text

if TYPE_CHECKING:
    # The domain (pydantic: ~130 ms) is imported by each command that needs it, so the
    # TUI's quick start can draw its first frame before paying for it.
    from roundplanner.calendar import InvitedRound
    from roundplanner.model import Company, RoundRef
    from roundplanner.problems import Problem
    from roundplanner.session import Session
    from roundplanner.settings import Settings
    from roundplanner.store import Store, Workspace
    from roundplanner.summary import StartSettings, SummaryCache, WorkspaceSummary
    from roundplanner.tui.app import RoundPlannerApp

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage or unreadable input: exit 2 with this one-line message."""


@dataclass
class Context:
    """What every command works on: settings, the store and what it loaded."""

    settings: Settings
    store: Store
    workspace: Workspace
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def warn_problems(self) -> int:
        """Tell about every file that did not load; EXIT_PROBLEMS if there was any."""
        for problem in self.workspace.problems:
            print(f"warning: {clean(str(problem))}", file=self.err)
        return EXIT_PROBLEMS if self.workspace.problems else EXIT_OK


# --------------------------------------------------------------------------- arguments

MAX_DAYS = 3660
"""Ten years: further than any job search looks, and far inside what dates can hold."""


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--workspace",
        metavar="DIR",
        default=default,
        help=f"the workspace folder (env {paths.WORKSPACE_ENV})",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=default,
        help=f"the settings file (env {paths.CONFIG_ENV})",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=default if not top else False,
        help="use a throw-away copy of the demo workspace",
    )


class _Parser(argparse.ArgumentParser):
    """The top parser: its epilog names the default folders, which are looked up (with
    platformdirs, ~14 ms) only when the help is shown, not on every start."""

    def format_help(self) -> str:
        self.epilog = (
            f"Workspace: {paths.default_workspace()}   Settings: {paths.user_config_file()}"
        )
        return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="roundplanner",
        description="Plan every company's interview loop. With no command, opens the TUI.",
    )
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _common(p, top=False)
        return p

    p = command("agenda", "upcoming rounds with countdown, who, where and readiness")
    p.add_argument("--days", type=int, default=14, help=f"how far ahead, 0-{MAX_DAYS} (default 14)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("checklist", "the pre-interview checklist of the next round (or ROUND)")
    p.add_argument(
        "round", nargs="?", metavar="ROUND", help="a round id, exactly as `agenda --json` shows it"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("review", "walk the checklist of the next round (or ROUND) in the TUI")
    p.add_argument(
        "round", nargs="?", metavar="ROUND", help="a round id, exactly as `agenda --json` shows it"
    )

    p = command("today", "today's prep plan and follow-ups; exit 1 while anything is due today")
    p.add_argument("--date", metavar="DAY", help="plan as of this day (dec 3, 2026-12-03, fri)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--done", metavar="REF", help="mark a follow-up done (REF as listed)")
    p.add_argument("--snooze", metavar="REF", help="put a follow-up off (see --days)")
    p.add_argument("--days", type=int, default=1, help="with --snooze: how many days (default 1)")

    p = command("validate", "check every file in the workspace; exit 1 on any problem")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("stats", "the funnel: conversion by stage and source, silences, gaps")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("demo", "write the demo workspace into DIR")
    p.add_argument("dir", metavar="DIR", help="an empty or new folder")

    p = command("export", "write rounds (and offer deadlines) as an .ics calendar")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    p.add_argument("--company", metavar="SLUG", help="only this company")
    p.add_argument("--round", metavar="ID", help="only this round")
    p.add_argument("--upcoming", action="store_true", help="only rounds not yet over")
    p.add_argument(
        "--vdir",
        metavar="DIR",
        help="write one .ics per event into DIR (for vdirsyncer and khal)",
    )

    p = command("sync", "two-way sync with your CalDAV calendar (settings: [caldav])")
    p.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")

    p = command("import", "add or update rounds from a recruiter's invite (.ics, .eml, mbox)")
    p.add_argument("file", metavar="FILE", help="an .ics, a saved email or an mbox ('-': stdin)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--company", metavar="SLUG", help="the company the rounds belong to")
    which.add_argument("--new-company", metavar="NAME", help="create this company for the rounds")
    return parser


# --------------------------------------------------------------------------- context


def open_context(args: argparse.Namespace, part: int = 0, parts: int = 1) -> Context:
    """Settings and workspace for a command; UsageError when they cannot be used at all.
    (`part` of `parts`: a share of the workspace, see `Store.load`.)"""
    from roundplanner.settings import SettingsError, load_settings
    from roundplanner.store import Store

    config = paths.user_config_file(args.config)
    try:
        settings = load_settings(config, required=bool(args.config))
    except SettingsError as error:
        raise UsageError(str(error)) from None
    root = paths.workspace_dir(args.workspace)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root}: not a folder")
    store = Store(root, settings.kinds)
    return Context(settings, store, store.load(part, parts))


def _demo_root(settings_file: str | None) -> Path:
    """A fresh temp folder holding the demo workspace (removed when the process ends)."""
    from roundplanner.demo import write_demo
    from roundplanner.settings import SettingsError, load_settings

    root = Path(tempfile.mkdtemp(prefix="roundplanner-demo-"))
    atexit.register(shutil.rmtree, root, True)
    try:
        settings = load_settings(paths.user_config_file(settings_file))
    except SettingsError as error:
        raise UsageError(str(error)) from None
    write_demo(root / "workspace", settings, paths.now())
    return root / "workspace"


# --------------------------------------------------------------------------- commands


def cmd_agenda(ctx: Context, args: argparse.Namespace) -> int:
    """The agenda of a loaded workspace (see `run_agenda`, which mostly needs none)."""
    from roundplanner.summary import summarise_workspace

    summary = summarise_workspace(
        ctx.store.root, ctx.workspace.companies, ctx.settings.kind_labels, []
    )
    print_agenda(summary, ctx.settings.zone_name, args, ctx.out)
    return ctx.warn_problems()


def print_agenda(
    summary: WorkspaceSummary, user_zone: str, args: argparse.Namespace, out: TextIO
) -> None:
    """Upcoming rounds, debriefs due and offer deadlines, from the read model."""
    if not 0 <= args.days <= MAX_DAYS:
        raise UsageError(f"--days must be between 0 and {MAX_DAYS}")
    now = paths.now()
    rows = summary.upcoming(now, timedelta(days=args.days))
    due = summary.awaiting_debrief(now)
    deadlines = summary.offer_deadlines(now.astimezone(ZoneInfo(user_zone)).date())
    deadlines = [d for d in deadlines if d[2] <= (now + timedelta(days=args.days)).date()]
    if args.json:
        data = agenda_json(rows, due, deadlines, now, user_zone)
        print(json_text(data), file=out)
    else:
        print(agenda_text(rows, due, deadlines, now, user_zone, args.days), file=out)


def run_agenda(args: argparse.Namespace) -> int:
    """The agenda from the persisted summaries when they match every file (no model is
    loaded, no pydantic imported); else from the workspace, keeping its summaries for
    the next command or start."""
    if not 0 <= args.days <= MAX_DAYS:
        raise UsageError(f"--days must be between 0 and {MAX_DAYS}")
    summary, cache = _kept_summary(args)
    if summary is not None and cache.start is not None:
        print_agenda(summary, cache.start.zone_name, args, sys.stdout)
        return EXIT_OK
    return _freshly(
        args, cache, lambda ctx, made: print_agenda(made, ctx.settings.zone_name, args, ctx.out)
    )


def _kept_summary(args: argparse.Namespace) -> tuple[WorkspaceSummary | None, SummaryCache]:
    """The kept summaries of the workspace, if they match every file and the story bank
    loaded cleanly when they were kept (so a read command owes no warning); and the cache."""
    from roundplanner.summary import SummaryCache, settings_key

    key = settings_key(paths.user_config_file(args.config), required=bool(args.config))
    cache = SummaryCache.open(paths.workspace_dir(args.workspace), key)
    summary = cache.read()
    if summary is None or not cache.stories_clean():
        return None, cache
    return summary, cache


def _freshly(
    args: argparse.Namespace,
    cache: SummaryCache,
    show: Callable[[Context, WorkspaceSummary], None],
) -> int:
    """Load the workspace, `show` its summaries, keep them for next time; the usual
    warnings and exit code for files that did not load."""
    from roundplanner.summary import summarise_workspace

    ctx = open_context(args)
    summary = summarise_workspace(
        ctx.store.root, ctx.workspace.companies, ctx.settings.kind_labels, []
    )
    store = ctx.store
    cache.learn(
        {slug: store.digest_of(store.company_key(slug)) or "" for slug in summary.companies},
        summary,
    )
    show(ctx, summary)
    with contextlib.suppress(OSError):  # a cache not written is only slower next time
        cache.save(store, ctx.settings)
    return ctx.warn_problems()


def resolve_round(ctx: Context, wanted: str | None) -> RoundRef:
    """The round named on the command line, or the next one; UsageError if there is none."""
    from roundplanner.model import find_round, next_round

    companies = ctx.workspace.companies
    if wanted is not None:
        ref = find_round(companies, wanted)
        if ref is None:
            raise UsageError(_no_such_round(ctx, wanted))
        return ref
    ref = next_round(companies, paths.now())
    if ref is None:
        raise UsageError("no upcoming round; name one: roundplanner checklist ROUND")
    return ref


def _no_such_round(ctx: Context, wanted: str) -> str:
    """The error for a round id that matches none exactly: the ids it begins, and the
    files that could not be read (the round may be in one of them)."""
    from roundplanner.model import iter_rounds

    rounds = iter_rounds(ctx.workspace.companies)
    close = sorted(ref.round.id for ref in rounds if wanted and ref.round.id.startswith(wanted))
    hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
    shown = clean(wanted, keep_newlines=True).replace("\n", " ")  # a trailing space shows
    return f"no round with id {shown!r}{hint}{_unread_hint(ctx)}"


def _no_such_company(ctx: Context, slug: str) -> str:
    companies = ", ".join(sorted(ctx.workspace.companies))
    shown = clean(slug, keep_newlines=True).replace("\n", " ")
    return f"no company {shown!r} (slugs: {companies}){_unread_hint(ctx)}"


def _unread_hint(ctx: Context) -> str:
    """'; also: … could not be read' when some file did not load, else nothing."""
    broken = ctx.workspace.broken_files
    if not broken:
        return ""
    names = ", ".join(clean(name) for name in broken[:3])
    more = f" and {len(broken) - 3} more" if len(broken) > 3 else ""
    return f"; note: {names}{more} could not be read (see `roundplanner validate`)"


def cmd_checklist(ctx: Context, args: argparse.Namespace) -> int:
    from roundplanner.model import build_checklist

    ref = resolve_round(ctx, args.round)
    checklist = build_checklist(ref, ctx.workspace.stories, ctx.settings.kind_labels)
    if args.json:
        print(json_text(checklist_json(checklist)), file=ctx.out)
    else:
        print(checklist_text(checklist, paths.now(), ctx.settings.zone_name), file=ctx.out)
    status = ctx.warn_problems()
    return EXIT_PROBLEMS if checklist.unchecked else status


def cmd_today(ctx: Context, args: argparse.Namespace) -> int:
    """The morning view (plan.py); or mark a follow-up done or snoozed, through the session."""
    from roundplanner.plan import today_view

    if args.done or args.snooze:
        return _settle_follow_up(ctx, args)
    now = _as_of(ctx, args.date)
    settings = ctx.settings
    today = today_view(
        ctx.workspace.companies, now, settings.zone_name, settings.prep, settings.kind_labels
    )
    if args.json:
        print(json_text(today_json(today)), file=ctx.out)
    else:
        print(today_text(today, now, settings.zone_name), file=ctx.out)
    status = ctx.warn_problems()
    return EXIT_PROBLEMS if today.due_today else status


def _as_of(ctx: Context, day_text: str | None) -> datetime:
    """Now, or the start of the prep hours on --date DAY (to see a coming day's plan)."""
    from roundplanner.model import zone
    from roundplanner.timeparse import parse_day

    now = paths.now()
    if day_text is None:
        return now
    tz = zone(ctx.settings.zone_name)
    try:
        day = parse_day(day_text, now.astimezone(tz).date())
    except ValueError as error:
        raise UsageError(f"--date: {error}") from None
    if day == now.astimezone(tz).date():
        return now
    start = datetime.combine(day, ctx.settings.prep.hours_start).replace(tzinfo=tz)
    return start if day > now.astimezone(tz).date() else start.replace(hour=0, minute=0)


def _settle_follow_up(ctx: Context, args: argparse.Namespace) -> int:
    """`today --done REF` / `--snooze REF --days N`: recorded on the company's file."""
    from roundplanner.session import ChangeRejected

    ref = args.done or args.snooze
    slug, _, key = ref.partition("/")
    if slug not in ctx.workspace.companies or not key:
        raise UsageError(f"no follow-up {clean(ref)!r}; use a REF that `today` lists")
    if args.snooze and not 1 <= args.days <= 365:
        raise UsageError("--days must be between 1 and 365")
    session = _session(ctx)
    today = session.today()
    snooze = args.days if args.snooze else None
    try:
        outcome = session.update_company(
            slug, lambda c: c.settle_follow_up(key, today, snooze), label="follow-up"
        )
    except ChangeRejected as error:
        raise UsageError(str(error)) from None
    if not outcome.saved:
        print(f"roundplanner: {clean(outcome.reason)}; nothing was written", file=ctx.err)
        return EXIT_PROBLEMS
    verb = f"snoozed for {args.days} day(s)" if snooze else "done"
    print(f"{clean(ref)}: {verb}", file=ctx.out)
    return EXIT_OK


def cmd_validate(ctx: Context, args: argparse.Namespace) -> int:
    problems = list(ctx.workspace.problems)
    problems.extend(_story_reference_problems(ctx))
    problems.extend(_shared_invite_problems(ctx))
    if args.json:
        data = {
            "ok": not problems,
            "companies": len(ctx.workspace.companies),
            "problems": [
                {
                    "file": p.path,
                    "line": p.line,
                    "field": p.field,
                    "message": p.message,
                    "text": str(p),
                }
                for p in problems
            ],
        }
        print(json_text(data), file=ctx.out)
    else:
        for problem in problems:
            print(clean(str(problem)), file=ctx.out)
        broken = [key for key in ctx.workspace.broken_files if key.startswith("companies/")]
        files = len(ctx.workspace.companies) + len(broken)
        verdict = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{files} company file(s) checked: {verdict}", file=ctx.err)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _shared_invite_problems(ctx: Context) -> list[Problem]:
    """One recruiter's invite (its UID) held by rounds in two places: an update would move
    one of them only, and the calendar would show the interview twice."""
    from roundplanner.problems import Problem

    holders: dict[str, list[str]] = {}
    for slug, company in sorted(ctx.workspace.companies.items()):
        for round_ in company.rounds:
            if round_.imported_uid:
                holders.setdefault(round_.imported_uid, []).append(f"{slug}/{round_.id}")
    return [
        Problem(
            ctx.store.company_key(places[1].split("/")[0]),
            f"invite {clean(uid)!r} is also held by {', '.join(places[:1] + places[2:])}",
            None,
            "rounds.imported_uid",
        )
        for uid, places in holders.items()
        if len(places) > 1
    ]


def _story_reference_problems(ctx: Context) -> list[Problem]:
    """Rounds that plan a story the bank does not have (none while the bank itself could
    not be read: its own problem says why, and every reference would look unknown)."""
    from roundplanner.problems import Problem
    from roundplanner.store import STORIES

    if STORIES in ctx.workspace.broken_files:
        return []
    known = {story.id for story in ctx.workspace.stories.stories}
    problems = []
    for slug, company in ctx.workspace.companies.items():
        for index, round_ in enumerate(company.rounds):
            for story_id in round_.stories:
                if story_id not in known:
                    problems.append(
                        Problem(
                            ctx.store.company_key(slug),
                            f"unknown story {story_id!r}",
                            None,
                            f"rounds[{index}].stories",
                        )
                    )
    return problems


def cmd_stats(ctx: Context, args: argparse.Namespace) -> int:
    """The funnel, conversion by source, time per stage, possible ghosts and gaps, of a
    loaded workspace (see `run_stats`, which mostly needs none)."""
    from roundplanner.summary import StartSettings, summarise_workspace

    summary = summarise_workspace(
        ctx.store.root, ctx.workspace.companies, ctx.settings.kind_labels, []
    )
    print_stats(summary, StartSettings.of(ctx.settings), args, ctx.out)
    return ctx.warn_problems()


def print_stats(
    summary: WorkspaceSummary, start: StartSettings, args: argparse.Namespace, out: TextIO
) -> None:
    """The stats of the read model's companies (insights.py computes, output/ phrases)."""
    from roundplanner.insights import stats

    now = paths.now()
    today = now.astimezone(ZoneInfo(start.zone_name)).date()
    found = stats(summary.companies, today, now, start.ghosted_after_days)
    if args.json:
        print(json_text(stats_json(found)), file=out)
    else:
        print(stats_text(found), file=out)


def run_stats(args: argparse.Namespace) -> int:
    """The stats from the kept summaries when they match every file (no file parsed); else
    from the workspace, keeping its summaries for the next command or start."""
    summary, cache = _kept_summary(args)
    if summary is not None and cache.start is not None:
        print_stats(summary, cache.start, args, sys.stdout)
        return EXIT_OK
    from roundplanner.summary import StartSettings

    return _freshly(
        args,
        cache,
        lambda ctx, made: print_stats(made, StartSettings.of(ctx.settings), args, ctx.out),
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from roundplanner.demo import write_demo
    from roundplanner.settings import SettingsError, load_settings

    root = Path(args.dir).expanduser()
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise UsageError(f"{root}: exists and is not an empty folder; nothing written")
    try:
        settings = load_settings(paths.user_config_file(getattr(args, "config", None)))
    except SettingsError as error:
        raise UsageError(str(error)) from None
    try:
        write_demo(root, settings, paths.now())
    except (OSError, StoreError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise UsageError(f"{root}: cannot write the demo workspace: {reason}") from None
    print(f"Demo workspace written to {root}", file=sys.stderr)
    print(f"Try: roundplanner --workspace {root}", file=sys.stderr)
    return EXIT_OK


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from roundplanner.model import find_round

    companies = ctx.workspace.companies
    if args.company is not None and args.company not in companies:
        raise UsageError(_no_such_company(ctx, args.company))
    if args.round is not None and find_round(companies, args.round) is None:
        raise UsageError(_no_such_round(ctx, args.round))
    now = paths.now()

    def selected(ref: RoundRef) -> bool:
        if args.company and ref.slug != args.company:
            return False
        if args.round and ref.round.id != args.round:
            return False
        return not (args.upcoming and ref.round.has_ended(now))

    filtering = bool(args.company or args.round or args.upcoming)
    if args.vdir is not None:
        return _export_vdir(ctx, args, filtering)
    select, include_offers = (selected if filtering else None), not args.round
    if args.output:
        from roundplanner.calendar_file import ExportError, write_calendar_file

        try:
            exported = write_calendar_file(
                Path(args.output),
                companies,
                ctx.settings,
                select=select,
                include_offers=include_offers,
                workspace=ctx.store.root,
            )
        except ExportError as error:
            raise UsageError(str(error)) from None
        print(f"wrote {exported.events} event(s) to {clean(str(exported.path))}", file=ctx.err)
    else:
        from roundplanner.calendar_file import calendar_bytes

        data = calendar_bytes(companies, ctx.settings, select=select, include_offers=include_offers)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return ctx.warn_problems()


def _export_vdir(ctx: Context, args: argparse.Namespace, filtering: bool) -> int:
    """Every event as its own file in a vdir: the whole calendar, never a selection (a
    narrowed vdir would make vdirsyncer delete the other events from the server)."""
    from roundplanner.calendar_file import ExportError, write_vdir

    if filtering or args.output:
        raise UsageError(
            "--vdir writes every event; it takes no -o, --company, --round or --upcoming"
        )
    try:
        done = write_vdir(
            Path(args.vdir), ctx.workspace.companies, ctx.settings, workspace=ctx.store.root
        )
    except ExportError as error:
        raise UsageError(str(error)) from None
    print(
        f"{clean(str(done.folder))}: {done.written} written, {done.unchanged} unchanged, "
        f"{done.removed} removed",
        file=ctx.err,
    )
    return ctx.warn_problems()


def cmd_sync(ctx: Context, args: argparse.Namespace) -> int:
    """Push rounds to the CalDAV calendar, pull moves made there (see calendar/sync/).

    Exit 0 when everything is in sync, 1 when something is not (the server down, a wrong
    password, an object refused), 2 for settings that cannot be used."""
    from roundplanner.calendar.sync import Syncer, SyncSetupError, account_from

    shown = str(paths.user_config_file(args.config))
    if not ctx.settings.caldav.configured:
        raise UsageError(f"{shown}: caldav.url: not set; add a [caldav] table (see README)")
    try:
        account = account_from(ctx.settings.caldav, shown)
    except SyncSetupError as error:
        raise UsageError(str(error)) from None
    result = Syncer(_session(ctx), account).run(dry_run=args.dry_run)
    for step in result.steps:
        print(clean(step.line()), file=ctx.out)
    if result.error:
        print(f"roundplanner: {clean(result.summary())}", file=ctx.err)
        return EXIT_PROBLEMS
    print(clean(result.summary()), file=ctx.err)
    status = ctx.warn_problems()
    # A conflict is synced (ours won, theirs is in conflicts/ and was listed above).
    return EXIT_PROBLEMS if result.failed else status


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    """Rounds from an invite into their companies: held UIDs first, then --company /
    --new-company, then the organizer's domain (an existing company, else a new one)."""
    from roundplanner.calendar import CalendarError, read_import

    source = "stdin" if args.file == "-" else args.file
    data = _read_import_input(args.file)
    now = paths.now()
    try:
        found = read_import(
            data, Path(source).name, default_timezone=ctx.settings.zone_name, now=now
        )
    except CalendarError as error:
        raise UsageError(str(error)) from None
    for warning in found.warnings:
        print(f"warning: {clean(warning)}", file=ctx.err)
    try:
        # Which company holds a UID, or matches a domain, is decided on the workspace as it
        # is under the lock: two imports of one new company's invite at once made one
        # company each.
        with ctx.store.locked():
            ctx.workspace = ctx.store.load()
            plan = _plan_import(ctx, args, found.invites, source, now)
            session = _session(ctx)
            # Every company is saved even when one meets a conflict: they are separate files.
            statuses = [
                _import_into(ctx, session, target, invites, now) for target, invites in plan.items()
            ]
    except WorkspaceBusy as error:
        print(f"roundplanner: {clean(str(error))}; nothing was written", file=ctx.err)
        return EXIT_PROBLEMS
    return max([*statuses, ctx.warn_problems()])


def _read_import_input(file: str) -> bytes:
    """The bytes of FILE (or stdin for '-'), through the one safe reader: a FIFO, a
    device or a huge file is a one-line error, never a hang."""
    from roundplanner.calendar import MAX_IMPORT_BYTES

    shown = "stdin" if file == "-" else clean(file)
    try:
        if file == "-":
            return read_stream(sys.stdin.buffer, MAX_IMPORT_BYTES)
        return read_regular(Path(file), MAX_IMPORT_BYTES)
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file") from None
    except UnreadableFile as error:
        raise UsageError(f"{shown}: {error}") from None
    except OSError as error:
        raise UsageError(f"{shown}: cannot read: {error.strerror or error}") from None


@dataclass(eq=False)
class _Target:
    """Where invites go: an existing company (`slug`) or one to create (`new`)."""

    slug: str | None = None
    new: Company | None = None
    why: str = ""


def _plan_import(
    ctx: Context,
    args: argparse.Namespace,
    invites: list[InvitedRound],
    source: str,
    now: datetime,
) -> dict[_Target, list[InvitedRound]]:
    """Which company each invite goes to; UsageError before anything is written when one
    cannot be told."""
    from roundplanner.calendar import (
        company_from_invite,
        guess_company,
        holder_of,
        invite_domain,
    )

    companies = ctx.workspace.companies
    if args.company is not None and args.company not in companies:
        raise UsageError(_no_such_company(ctx, args.company))
    chosen: _Target | None = None
    if args.company:
        chosen = _Target(slug=args.company)
    elif args.new_company is not None:
        name = clean(args.new_company)
        if not any(ch.isalnum() for ch in name):
            raise UsageError("--new-company needs a name with visible letters or digits")
        for taken, company in sorted(companies.items()):
            if clean(company.name).casefold() == name.casefold():
                # Refused rather than merged: the user asked for a *new* company.
                raise UsageError(
                    f"a company named {name!r} already exists ({taken}); "
                    f"pass --company {taken} to import into it"
                )
        chosen = _Target(new=company_from_invite(invites[0], now, name))
    targets: dict[str, _Target] = {}
    plan: dict[_Target, list[InvitedRound]] = {}
    for invite in invites:
        holder = holder_of(invite.uid, companies)
        slug = holder or (None if chosen else guess_company(invite, companies))
        domain = invite_domain(invite)
        if slug is not None:
            target = targets.setdefault(f"slug:{slug}", _Target(slug=slug))
        elif chosen is not None:
            target = chosen
        elif domain:
            if f"domain:{domain}" not in targets:
                made = company_from_invite(invite, now)
                why = f"from the organizer's domain {domain}"
                targets[f"domain:{domain}"] = _Target(new=made, why=why)
            target = targets[f"domain:{domain}"]
        else:
            where = f"line {invite.line}: " if invite.line else ""
            sender = (
                f"the organizer {invite.organizer_email} names none"
                if invite.organizer_email
                else "it has no usable organizer address"
            )
            raise UsageError(
                f"{clean(source)}: {where}cannot tell which company {clean(invite.title)!r} "
                f"is from ({clean(sender)}); pass --company SLUG or --new-company NAME"
            )
        plan.setdefault(target, []).append(invite)
    return plan


def _import_into(
    ctx: Context, session: Session, target: _Target, invites: list[InvitedRound], now: datetime
) -> int:
    """Merge invites into one company through the session (creating it when new).

    The session runs the merge on the file's latest version under the workspace lock, so
    concurrent imports (and a TUI saving) each land; `lines` tells what the final run did."""
    from roundplanner.calendar import defaults_from, merge_invite
    from roundplanner.session import ChangeRejected

    kinds = ctx.settings.kind_labels
    lines: list[str] = []

    def merge_all(company: Company) -> None:
        lines.clear()
        for invite in invites:
            merged = merge_invite(
                company, invite, now=now, kinds=kinds, defaults=defaults_from(ctx.settings)
            )
            note = f" ({merged.note})" if merged.note else ""
            label = clean(merged.round.label(kinds))
            lines.append(f"{merged.action} {merged.round.id} {clean(company.name)} — {label}{note}")

    created = ""
    try:
        if target.new is not None:
            company = target.new.model_copy(deep=True)
            merge_all(company)
            slug, outcome = session.add_company(company)
            created = f"created company {slug} ({clean(company.name)}) {target.why}".rstrip()
        else:
            outcome = session.update_company(target.slug or "", merge_all, label="import")
    except ChangeRejected as error:
        print(f"roundplanner: {clean(str(error))}; nothing was written", file=ctx.err)
        return EXIT_PROBLEMS
    if not outcome.saved:
        print(f"roundplanner: {clean(outcome.reason)}; nothing was written", file=ctx.err)
        return EXIT_PROBLEMS
    for line in lines:
        print(line, file=ctx.out)
    if created:
        print(created, file=ctx.out)
    if outcome.conflict:
        print(f"warning: {clean(outcome.message)}", file=ctx.err)
        return EXIT_PROBLEMS
    return EXIT_OK


def _session(ctx: Context) -> Session:
    """A session over the command's workspace: the one way a command changes a file."""
    from roundplanner.session import Session

    return Session(ctx.store, ctx.workspace, ctx.settings, clock=paths.now)


def cmd_tui(ctx: Context, args: argparse.Namespace, cache: SummaryCache | None = None) -> int:
    from roundplanner.summary import summarise_workspace
    from roundplanner.tui.app import RoundPlannerApp

    review = getattr(args, "round", None) if args.command == "review" else None
    if args.command == "review":
        resolve_round(ctx, review)  # fail fast with a one-line error, before the screen
    summary = summarise_workspace(
        ctx.store.root,
        ctx.workspace.companies,
        ctx.settings.kind_labels,
        ctx.workspace.broken_files,
    )
    if cache is not None:  # freshly loaded: each summary is of its file's very bytes
        store = ctx.store
        cache.learn(
            {slug: store.digest_of(store.company_key(slug)) or "" for slug in summary.companies},
            summary,
        )
    app = RoundPlannerApp(
        ctx.store,
        ctx.workspace,
        ctx.settings,
        review_round=review,
        start_review=args.command == "review",
        summary=summary,
    )
    return _run_app(app, cache)


def run_tui(args: argparse.Namespace) -> int:
    """The TUI. When the persisted summaries match every company file, the first frame is
    drawn from them and the models load in a worker just after; otherwise the workspace
    loads first. Either way the summaries are brought up to date when the app closes."""
    from roundplanner.summary import SummaryCache, settings_key

    key = settings_key(paths.user_config_file(args.config), required=bool(args.config))
    cache = SummaryCache.open(paths.workspace_dir(args.workspace), key)
    summary = cache.read() if args.command is None else None
    start = cache.start
    pending = None
    if (summary is None or start is None) and args.command is None and prefetch.usable():
        # No kept summaries: a child loads and summarises the workspace while this
        # process imports Textual and starts the app (see prefetch.py).
        shares = prefetch.parts()
        pending = prefetch.Prefetch.start(
            [partial(_prefetched, args, part, shares) for part in range(shares)],
            prepare=_load_imports,
        )
    if pending is None and (summary is None or start is None):
        return cmd_tui(open_context(args), args, cache)
    from roundplanner.tui.app import RoundPlannerApp

    kept: list[bool] = []

    def keep() -> None:
        """Keep what the children learned, once: after the first frame (in the app's
        worker), not at exit, which may be cut short; or at exit if the app was closed
        before its worker began (a first frame drawn at once, a key pressed at once)."""
        found = pending.result() if pending is not None else None
        if found is not None and not kept:
            kept.append(True)
            with contextlib.suppress(OSError):
                cache.keep(found.digests, found.summary, found.start, found.stories)

    def load() -> tuple[Store, Workspace, Settings] | str:
        keep()
        try:
            ctx = open_context(args)
        except UsageError as error:
            return str(error)
        return ctx.store, ctx.workspace, ctx.settings

    if pending is not None:

        def first() -> tuple[WorkspaceSummary, StartSettings] | None:
            found = pending.result()
            return None if found is None else (found.summary, found.start)

        app = RoundPlannerApp(first=first, load=load)
    else:
        assert summary is not None and start is not None
        app = RoundPlannerApp(summary=summary, start=start, load=load)
    code = _run_app(app, cache, args)
    if app.loaded_session is None:
        keep()
    return code


def _run_app(
    app: RoundPlannerApp, cache: SummaryCache | None, args: argparse.Namespace | None = None
) -> int:
    """Run the TUI; an error nobody handled ends it with one line and the crash log. An
    app whose first-open children failed (RETRY) opens the workspace the usual way."""
    from roundplanner.tui.app import RETRY

    crash_log = app.run_keeping_tracebacks()
    if app.return_code == RETRY and crash_log is None and args is not None:
        return cmd_tui(open_context(args), args, cache)
    _keep_cache(app, cache)
    if crash_log is not None:
        print(
            f"roundplanner: stopped on an unexpected error (details: {crash_log}); every "
            "change you made was saved as you made it",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return app.return_code or EXIT_OK


def _load_imports() -> None:
    """In the first prefetch child, before it forks the others: what loading needs (the
    model and pydantic, ~0.2 s of CPU), imported once for every share."""
    import roundplanner.settings
    import roundplanner.store  # noqa: F401


def _prefetched(args: argparse.Namespace, part: int, parts: int) -> prefetch.Loaded:
    """In a prefetch child: its share of the workspace loaded as every command loads it,
    summarised."""
    from roundplanner.summary import StartSettings

    ctx = open_context(args, part, parts)
    settings = ctx.settings
    start = StartSettings.of(settings)
    return prefetch.loaded(ctx.store, ctx.workspace, start, settings.kind_labels, stories=part == 0)


def _keep_cache(app: RoundPlannerApp, cache: SummaryCache | None) -> None:
    """Write the summaries back for the next start; one that cannot be written is no error."""
    session = app.loaded_session
    if cache is None or session is None:
        return
    try:
        cache.save(session.store, session.settings)
    except OSError as error:
        print(f"roundplanner: cache not written: {error}", file=sys.stderr)


COMMANDS: dict[str | None, Callable[[Context, argparse.Namespace], int]] = {
    None: cmd_tui,
    "review": cmd_tui,
    "agenda": cmd_agenda,
    "checklist": cmd_checklist,
    "validate": cmd_validate,
    "today": cmd_today,
    "stats": cmd_stats,
    "export": cmd_export,
    "import": cmd_import,
    "sync": cmd_sync,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        paths.now()  # an unusable ROUNDPLANNER_NOW is one line here, not a crash later
        return _run(args)
    except (UsageError, paths.BadEnvironment) as error:
        print(f"roundplanner: {clean(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except _OutputFailed as error:
        print(f"roundplanner: cannot write the output: {error}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as error:  # the last guard: one line and a log, never a traceback
        if os.environ.get(DEBUG_ENV):
            raise
        log = paths.write_crash_log(error)
        print(
            f"roundplanner: unexpected error: {clean(str(error)) or type(error).__name__}"
            f" (details: {log}); nothing was changed by the failed step",
            file=sys.stderr,
        )
        return EXIT_USAGE


DEBUG_ENV = paths.DEBUG_ENV


class _OutputFailed(Exception):
    """Standard output is closed or cannot take the output (a full disk)."""


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command == "demo":
            return cmd_demo(args)
        if args.demo:
            args.workspace = str(_demo_root(args.config))
        elif args.command in (None, "review"):
            return run_tui(args)  # a throw-away demo workspace is not worth a cache
        if sys.stdout is None:
            raise _OutputFailed("standard output is closed")
        return _printing(lambda: _command(args))
    except StoreError as error:
        raise UsageError(f"{error}; nothing was written") from None


def _command(args: argparse.Namespace) -> int:
    """Run a command that prints: the agenda from the kept summaries, the rest loaded."""
    if args.command == "agenda":
        return run_agenda(args)
    if args.command == "stats":
        return run_stats(args)
    return COMMANDS[args.command](open_context(args), args)


def _printing(run: Callable[[], int]) -> int:
    """Run a printing command; standard output that fails (> /dev/full) is one line."""
    try:
        code = run()
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        if not _is_stdout_error(error):
            raise
        raise _OutputFailed(error.strerror or str(error)) from None
    return code


def _is_stdout_error(error: OSError) -> bool:
    """Whether an OSError came from writing standard output (e.g. > /dev/full)."""
    return error.errno in (errno.ENOSPC, errno.EBADF, errno.EIO) and error.filename is None
