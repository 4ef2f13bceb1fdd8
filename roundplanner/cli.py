"""The command line: no subcommand opens the TUI; the others are for scripts and quick looks.

Exit codes: 0 ok, 1 problems found (a broken file, unchecked items, a failed validation),
2 bad usage or unreadable input. Errors go to stderr, one line each, never a traceback
for a user's mistake. Textual and icalendar are imported only by the commands that use
them, so `roundplanner agenda` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from roundplanner import paths
from roundplanner.sanitize import clean

if TYPE_CHECKING:
    # The domain (pydantic: ~130 ms) is imported by each command that needs it, so the
    # TUI's quick start can draw its first frame before paying for it.
    from roundplanner.model import RoundRef
    from roundplanner.problems import Problem
    from roundplanner.settings import Settings
    from roundplanner.store import Store, Workspace
    from roundplanner.summary import SummaryCache, WorkspaceSummary
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="roundplanner",
        description="Plan every company's interview loop. With no command, opens the TUI.",
        epilog=f"Workspace: {paths.default_workspace()}   Settings: {paths.user_config_file()}",
    )
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _common(p, top=False)
        return p

    p = command("agenda", "upcoming rounds with countdown, who, where and readiness")
    p.add_argument("--days", type=int, default=14, help="how far ahead (default 14)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("checklist", "the pre-interview checklist of the next round (or ROUND)")
    p.add_argument("round", nargs="?", metavar="ROUND", help="a round id (or its start)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = command("review", "walk the checklist of the next round (or ROUND) in the TUI")
    p.add_argument("round", nargs="?", metavar="ROUND", help="a round id (or its start)")

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

    p = command("import", "add or update rounds from a recruiter's .ics invite")
    p.add_argument("file", metavar="FILE.ics", help="the invite ('-' for stdin)")
    p.add_argument("--company", metavar="SLUG", help="the company the rounds belong to")
    return parser


# --------------------------------------------------------------------------- context


def open_context(args: argparse.Namespace) -> Context:
    """Settings and workspace for a command; UsageError when they cannot be used at all."""
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
    return Context(settings, store, store.load())


def _demo_root(settings_file: str | None) -> Path:
    """A fresh temp folder holding the demo workspace (removed when the process ends)."""
    from roundplanner.demo import write_demo
    from roundplanner.settings import SettingsError, load_settings

    root = Path(tempfile.mkdtemp(prefix="roundplanner-demo-"))
    import atexit

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
    from zoneinfo import ZoneInfo

    from roundplanner.textview import agenda_json, agenda_text

    if args.days < 0:
        raise UsageError("--days must be 0 or more")
    now = paths.now()
    rows = summary.upcoming(now, timedelta(days=args.days))
    due = summary.awaiting_debrief(now)
    deadlines = summary.offer_deadlines(now.astimezone(ZoneInfo(user_zone)).date())
    deadlines = [d for d in deadlines if d[2] <= (now + timedelta(days=args.days)).date()]
    if args.json:
        data = agenda_json(rows, due, deadlines, now, user_zone)
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
    else:
        print(agenda_text(rows, due, deadlines, now, user_zone, args.days), file=out)


def run_agenda(args: argparse.Namespace) -> int:
    """The agenda from the persisted summaries when they match every file (no model is
    loaded, no pydantic imported); else from the workspace, keeping its summaries for
    the next command or start."""
    from roundplanner.summary import SummaryCache, settings_key, summarise_workspace

    if args.days < 0:
        raise UsageError("--days must be 0 or more")
    key = settings_key(paths.user_config_file(args.config), required=bool(args.config))
    cache = SummaryCache.open(paths.workspace_dir(args.workspace), key)
    summary = cache.read()
    if summary is not None and cache.start is not None and cache.stories_clean():
        print_agenda(summary, cache.start.zone_name, args, sys.stdout)
        return EXIT_OK
    ctx = open_context(args)
    summary = summarise_workspace(
        ctx.store.root, ctx.workspace.companies, ctx.settings.kind_labels, []
    )
    store = ctx.store
    cache.learn(
        {slug: store.digest_of(store.company_key(slug)) or "" for slug in summary.companies},
        summary,
    )
    print_agenda(summary, ctx.settings.zone_name, args, ctx.out)
    with contextlib.suppress(OSError):  # a cache not written is only slower next time
        cache.save(store, ctx.settings)
    return ctx.warn_problems()


def resolve_round(ctx: Context, wanted: str | None) -> RoundRef:
    """The round named on the command line, or the next one; UsageError if there is none."""
    from roundplanner.model import find_round, next_round

    companies = ctx.workspace.companies
    if wanted:
        ref = find_round(companies, wanted)
        if ref is None:
            raise UsageError(f"no round with id {wanted!r} (see `roundplanner agenda --json`)")
        return ref
    ref = next_round(companies, paths.now())
    if ref is None:
        raise UsageError("no upcoming round; name one: roundplanner checklist ROUND")
    return ref


def cmd_checklist(ctx: Context, args: argparse.Namespace) -> int:
    from roundplanner.model import build_checklist
    from roundplanner.textview import checklist_text

    ref = resolve_round(ctx, args.round)
    checklist = build_checklist(ref, ctx.workspace.stories, ctx.settings.kind_labels)
    if args.json:
        print(json.dumps(checklist.to_json(), indent=2, ensure_ascii=False), file=ctx.out)
    else:
        print(checklist_text(checklist, paths.now(), ctx.settings.zone_name), file=ctx.out)
    status = ctx.warn_problems()
    return EXIT_PROBLEMS if checklist.unchecked else status


def cmd_validate(ctx: Context, args: argparse.Namespace) -> int:
    problems = list(ctx.workspace.problems)
    problems.extend(_story_reference_problems(ctx))
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
        print(json.dumps(data, indent=2, ensure_ascii=False), file=ctx.out)
    else:
        for problem in problems:
            print(clean(str(problem)), file=ctx.out)
        broken = [key for key in ctx.workspace.broken_files if key.startswith("companies/")]
        files = len(ctx.workspace.companies) + len(broken)
        verdict = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{files} company file(s) checked: {verdict}", file=ctx.err)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _story_reference_problems(ctx: Context) -> list[Problem]:
    """Rounds that plan a story the bank does not have."""
    from roundplanner.problems import Problem

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
    """The funnel, conversion by source, time per stage, possible ghosts and gaps."""
    from roundplanner.insights import stats_json, stats_text
    from roundplanner.model import zone

    now = paths.now()
    today = now.astimezone(zone(ctx.settings.zone_name)).date()
    companies = ctx.workspace.companies
    after = ctx.settings.ghosted_after_days
    if args.json:
        data = stats_json(companies, today, now, after)
        print(json.dumps(data, indent=2, ensure_ascii=False), file=ctx.out)
    else:
        print(stats_text(companies, today, now, after), file=ctx.out)
    ctx.warn_problems()
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from roundplanner.demo import write_demo
    from roundplanner.settings import SettingsError, load_settings
    from roundplanner.store import StoreError

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
    from roundplanner.calendar import export_calendar
    from roundplanner.model import find_round

    companies = ctx.workspace.companies
    if args.company and args.company not in companies:
        raise UsageError(f"no company {args.company!r} (slugs: {', '.join(sorted(companies))})")
    if args.round and find_round(companies, args.round) is None:
        raise UsageError(f"no round with id {args.round!r}")
    now = paths.now()

    def selected(ref: RoundRef) -> bool:
        if args.company and ref.slug != args.company:
            return False
        if args.round and ref.round.id != args.round:
            return False
        return not (args.upcoming and ref.round.has_ended(now))

    filtering = bool(args.company or args.round or args.upcoming)
    data = export_calendar(
        companies,
        kinds=ctx.settings.kind_labels,
        reminder_minutes=ctx.settings.reminder_minutes,
        select=selected if filtering else None,
        include_offers=not args.round,
    )
    if args.output:
        from roundplanner.store import atomic_write

        try:
            atomic_write(Path(args.output).expanduser(), data)
        except OSError as error:
            raise UsageError(f"{args.output}: cannot write: {error.strerror}") from None
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return ctx.warn_problems()


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from roundplanner.calendar import CalendarError, guess_company, merge_invite, read_invites

    source = "stdin" if args.file == "-" else args.file
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as error:
        raise UsageError(f"{source}: cannot read: {error.strerror}") from None
    try:
        invites = read_invites(data, Path(source).name, default_timezone=ctx.settings.zone_name)
    except CalendarError as error:
        raise UsageError(str(error)) from None
    companies = ctx.workspace.companies
    if args.company and args.company not in companies:
        raise UsageError(f"no company {args.company!r} (slugs: {', '.join(sorted(companies))})")
    plan: dict[str, list[Any]] = {}
    for invite in invites:
        slug = args.company or guess_company(invite, companies)
        if slug is None:
            raise UsageError(
                f"{source}: cannot tell which company {invite.title!r} is for; pass --company SLUG"
            )
        plan.setdefault(slug, []).append(invite)
    now = paths.now()
    for slug, items in plan.items():
        company = companies[slug].model_copy(deep=True)
        for invite in items:
            round_, created = merge_invite(company, invite, now=now, kinds=ctx.settings.kind_labels)
            verb = "added" if created else "updated"
            print(
                f"{verb} {round_.id} {company.name} — {round_.label(ctx.settings.kind_labels)}",
                file=ctx.out,
            )
        result = ctx.store.save_company(slug, company)
        if result.kept is not None:
            print(f"warning: {result.message}", file=ctx.err)
            return EXIT_PROBLEMS
    return ctx.warn_problems()


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
    app.run()
    _keep_cache(app, cache)
    return app.return_code or EXIT_OK


def run_tui(args: argparse.Namespace) -> int:
    """The TUI. When the persisted summaries match every company file, the first frame is
    drawn from them and the models load in a worker just after; otherwise the workspace
    loads first. Either way the summaries are brought up to date when the app closes."""
    from roundplanner.summary import SummaryCache, settings_key

    key = settings_key(paths.user_config_file(args.config), required=bool(args.config))
    cache = SummaryCache.open(paths.workspace_dir(args.workspace), key)
    summary = cache.read() if args.command is None else None
    if summary is None or cache.start is None:
        return cmd_tui(open_context(args), args, cache)
    from roundplanner.tui.app import RoundPlannerApp

    def load() -> tuple[Store, Workspace, Settings] | str:
        try:
            ctx = open_context(args)
        except UsageError as error:
            return str(error)
        return ctx.store, ctx.workspace, ctx.settings

    app = RoundPlannerApp(summary=summary, start=cache.start, load=load)
    app.run()
    _keep_cache(app, cache)
    return app.return_code or EXIT_OK


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
    "stats": cmd_stats,
    "export": cmd_export,
    "import": cmd_import,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        if args.command == "demo":
            return cmd_demo(args)
        if args.demo:
            args.workspace = str(_demo_root(args.config))
        elif args.command in (None, "review"):
            return run_tui(args)  # a throw-away demo workspace is not worth a cache
        elif args.command == "agenda":
            return run_agenda(args)
        ctx = open_context(args)
        return COMMANDS[args.command](ctx, args)
    except UsageError as error:
        print(f"roundplanner: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
