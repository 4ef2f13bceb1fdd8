"""The roundplanner Textual app: screens on top of one Session that saves every change.

The app owns the session and hands it down to each screen; screens change data only
through it and post `WorkspaceChanged` up. The app answers with a toast when there is
something to say, rewrites the auto-export file, and watches the workspace for changes
made by other writers (an editor, git, a sync tool, a second instance).
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console
from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.timer import Timer

from roundplanner import paths
from roundplanner.paths import write_crash_text
from roundplanner.sanitize import clean
from roundplanner.timefmt import clock_text
from roundplanner.tui.commands import PlannerCommands
from roundplanner.tui.messages import WorkspaceChanged
from roundplanner.tui.screens.base import PlannerScreen, Showing
from roundplanner.tui.sync import SyncFinished, show_result
from roundplanner.tui.text import toast

if TYPE_CHECKING:
    # Imported where used: a quick start draws its first frame before pydantic loads.
    from roundplanner.model import Company
    from roundplanner.session import Change, Session
    from roundplanner.settings import Settings
    from roundplanner.store import Store, Workspace
    from roundplanner.summary import StartSettings, WorkspaceSummary

DISK_POLL_SECONDS = 2.0
"""How often the workspace is checked for other writers: a stat per file, cheap."""

Loader = Callable[[], "tuple[Store, Workspace, Settings] | str"]
"""Opens the workspace for a quick start: what the app needs, or why it cannot."""
FirstFrame = Callable[[], "tuple[WorkspaceSummary, StartSettings] | None"]
"""Waits for the summaries of a first open made beside the app's start (prefetch.py)."""
RETRY = 75
"""The return code of an app whose `first` summaries never came: open it the usual way."""


class RoundPlannerApp(App[int]):
    """Plan every company's interview loop."""

    summary: WorkspaceSummary
    """What every list shows (summary.py); kept in step with the session's models."""

    TITLE = "roundplanner"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {PlannerCommands}
    ENABLE_COMMAND_PALETTE = True

    revision: var[int] = var(0)
    """Raised after every change the session announced, whoever made it. Screens and
    widgets that show workspace data watch it, take what they show from the session (or
    `summary`) again and redraw only what differs."""

    sync_state: reactive[str] = reactive("")
    """The calendar sync's last state ('synced 10:42'), shown in the header; empty until
    a sync ran."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Every key, on one page"),
        Binding("ctrl+z", "undo", "Undo", id="undo", tooltip="Take back the last change"),
        Binding(
            "r",
            "review_next",
            "Review next",
            id="review",
            tooltip="Walk the checklist of the next round",
        ),
        Binding(
            "u",
            "upcoming",
            "Upcoming",
            id="upcoming",
            tooltip="The next rounds, debriefs due and deadlines",
        ),
        Binding("p", "pipeline", "Pipeline", id="pipeline", tooltip="Every company by stage"),
        Binding(
            "T",
            "today",
            "Today",
            id="today",
            show=False,
            tooltip="Today's prep plan and follow-ups",
        ),
        Binding("S", "stories", "Stories", id="stories", show=False, tooltip="The story bank"),
        Binding("O", "offers", "Offers", id="offers", show=False, tooltip="Offers side by side"),
        Binding(
            "F",
            "funnel",
            "Funnel",
            id="funnel",
            show=False,
            tooltip="Conversion by stage and source",
        ),
        Binding(
            "X",
            "export",
            "Export .ics",
            id="export",
            show=False,
            tooltip="Write rounds to a calendar file (all, this company, this round)",
        ),
        Binding(
            "I",
            "import_invite",
            "Import .ics",
            id="import",
            show=False,
            tooltip="Add or update rounds from a recruiter's invite",
        ),
        Binding(
            "Y",
            "sync",
            "Sync calendar",
            id="sync",
            show=False,
            tooltip="Two-way sync with your CalDAV calendar ([caldav] in the settings)",
        ),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit (everything is saved already)"),
    ]

    def __init__(
        self,
        store: Store | None = None,
        workspace: Workspace | None = None,
        settings: Settings | None = None,
        *,
        review_round: str | None = None,
        start_review: bool = False,
        watch_disk: bool = True,
        summary: WorkspaceSummary | None = None,
        start: StartSettings | None = None,
        load: Loader | None = None,
        first: FirstFrame | None = None,
        **kwargs: Any,
    ) -> None:
        """Open on a loaded workspace (`store`, `workspace`, `settings`, and its `summary`
        if the caller made one), or quick-start: draw the lists from a kept `summary`
        (with the `start` settings it was kept with), then `load` the models in a worker
        (see summary.py). With `first` instead of `summary` and `start`, the summaries
        are still being made (prefetch.py): the first screen waits for them, so Textual's
        own start overlaps their making; if none come, the app exits with RETRY at once."""
        super().__init__(**kwargs)
        self._session: Session | None = None
        self._settings: Settings | None = None
        self._load = load
        self._loaded: tuple[Store, Workspace, Settings] | str | None = None
        self._loading = threading.Lock()
        self._review_round = review_round
        self._start_review = start_review
        self._watch_disk = watch_disk
        self._sync_timer: Timer | None = None
        self._summarised: dict[str, Company] = {}
        """The model each company's summary was made from (replaced, never mutated)."""
        self._first: FirstFrame | None = None
        self._retry = False
        """The summaries `first` promised never came: the app exits with RETRY."""
        if store is not None and workspace is not None and settings is not None:
            from roundplanner.summary import WorkspaceSummary, stages

            if summary is not None:  # made from these very models
                self.summary = summary
                self._summarised = dict(workspace.companies)
            else:
                self.summary = WorkspaceSummary(store.root, {}, stages())
            self._open(store, workspace, settings)
        elif summary is not None and start is not None and load is not None:
            self.summary = summary
            self._start = start
            self.sub_title = str(summary.root)
        elif first is not None and load is not None:
            self._first = first
        else:
            raise TypeError("needs store, workspace and settings; or summary, start and load")

    def _open(self, store: Store, workspace: Workspace, settings: Settings) -> None:
        from roundplanner.session import Session
        from roundplanner.summary import StartSettings

        self._session = Session(store, workspace, settings, clock=paths.now)
        # The session may be changed from a worker's thread (via call_from_thread, but
        # also the load); posting a message is safe from any thread.
        self._session.subscribe(self._announced)
        self._settings = settings
        self._start = StartSettings.of(settings)
        self.sync_summary()
        self.sub_title = str(store.root)
        # The models and summaries are a few hundred thousand objects at 1,000 companies
        # and live as long as the app: a full collection walking them all held a filter
        # keystroke for ~250 ms. Frozen, the collector skips them (the session replaces a
        # changed company, and reference counting still frees the old one: they hold no
        # cycles).
        gc.freeze()

    @property
    def session(self) -> Session:
        """The session every screen works on (in a quick start, loaded on first use if
        the worker has not finished yet: opening or editing needs the models)."""
        if self._session is None:
            self._finish_loading()
        if self._session is None:
            raise RuntimeError("the workspace could not be opened")
        return self._session

    @property
    def settings(self) -> Settings:
        return self.session.settings if self._settings is None else self._settings

    @property
    def loaded_session(self) -> Session | None:
        """The session if the models have been loaded (a quick start may not have yet)."""
        return self._session

    @property
    def zone_name(self) -> str:
        """The user's zone, known before the models load."""
        return self._start.zone_name

    def sync_summary(self) -> None:
        """Summarise again the companies the session changed, added or dropped (the session
        replaces a changed company, so an identity check finds every change)."""
        session = self._session
        if session is None:
            return
        from roundplanner.summary import summarise

        kinds = session.settings.kind_labels
        companies = session.companies
        known = self._summarised
        summaries = self.summary.companies
        if companies.keys() != summaries.keys() or list(companies) != list(summaries):
            summaries = {slug: summaries[slug] for slug in companies if slug in summaries}
        for slug, company in companies.items():
            if known.get(slug) is not company or slug not in summaries:
                summaries[slug] = summarise(company, kinds)
        self._summarised = dict(companies)
        self.summary.companies = summaries
        self.summary.broken = session.workspace.broken_files
        self.summary.version += 1

    # -- start

    def get_default_screen(self) -> Screen[Any]:
        """The first screen, as the bottom one: drawn straight away (pushing it over
        Textual's blank default screen costs a frame, a fifth of a cold start). That is
        Upcoming when a round is near, else the pipeline; the pipeline is made only
        when first asked for (see `_pop_to_pipeline`): composing both screens cost
        Upcoming's first frame a third more than it needs."""
        if self._first is not None and not self._first_summaries():
            return Screen()  # exits straight away: the caller opens the workspace itself
        self._use_theme(self._start.theme, self._start.source)
        if self._opens_on_upcoming():
            from roundplanner.tui.screens.upcoming import UpcomingScreen

            return UpcomingScreen()
        from roundplanner.tui.screens.pipeline import PipelineScreen

        return PipelineScreen()

    def _first_summaries(self) -> bool:
        """Wait for the summaries of a first open (made beside Textual's start); False,
        and an exit with RETRY, if they never come."""
        first, self._first = self._first, None
        found = first() if first is not None else None
        if found is None:
            self._retry = True  # exits once mounted (see on_mount)
            return False
        self.summary, self._start = found
        self.sub_title = str(self.summary.root)
        return True

    def on_mount(self) -> None:
        if self._retry:
            self.exit(return_code=RETRY)
            return
        if self._session is None:
            # Quick start: the first frame shows the summary; the models load in a worker
            # once it is drawn (and any use of the session before that waits for them).
            self.call_after_refresh(self._load_in_background)
            return
        self._opened()

    def _use_theme(self, theme: str, source: str) -> None:
        """Start in the configured theme; one the app does not have is said, not skipped
        in silence (only the app knows its themes, so the settings cannot check it)."""
        if theme in self.available_themes:
            self.theme = theme
            return
        named = repr(theme if len(theme) <= 40 else f"{theme[:40]}…")  # not a screenful
        self.notify(
            f"{source}: theme: {named} is not a theme here; using {self.theme} "
            "(ctrl+p, then 'theme', lists them)",
            title="Settings",
            severity="warning",
            timeout=12,
            markup=False,
        )

    @work(thread=True, exclusive=True, group="load")
    def _load_in_background(self) -> None:
        self._load_models()
        if self.is_running:  # not when the user quit while the models were loading
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(self._finish_loading)

    def _load_models(self) -> tuple[Store, Workspace, Settings] | str | None:
        """Load the models once (on whichever thread asks first; the other waits)."""
        with self._loading:
            if self._loaded is None and self._load is not None:
                self._loaded = self._load()
            return self._loaded

    def _finish_loading(self) -> None:
        """Open the session of a quick start once its models are loaded."""
        if self._session is not None:
            return
        loaded = self._load_models()
        if loaded is None:
            return
        if isinstance(loaded, str):
            from rich.text import Text

            self.exit(return_code=2, message=Text(f"roundplanner: {loaded}"))
            return
        self._open(*loaded)
        self.revision += 1  # the same rows, unless a file changed in between
        self._opened()

    def _opened(self) -> None:
        """What follows opening the workspace: a review (or Today), warnings, watching."""
        if self._start_review:
            self.action_review_next(self._review_round)
        elif self._today_is_due():
            self.action_today()
        if self.session.workspace.problems:
            broken = self.session.workspace.broken_files
            self.notify(
                f"{len(broken)} file(s) could not be read and were left untouched: "
                + ", ".join(broken[:3])
                + (" …" if len(broken) > 3 else ""),
                title="Broken files",
                severity="warning",
                timeout=10,
            )
        if self._watch_disk:
            self.set_interval(DISK_POLL_SECONDS, self.check_disk)
            self._warn_if_not_alone()

    def _today_is_due(self) -> bool:
        """Whether the app opens on Today: something is due today and the user has not
        gone anywhere yet. Decided once the models are loaded (the plan needs topics), so
        the first frame still comes from the summaries; Today then comes up over it."""
        settings = self.session.settings
        if not settings.prep.open_on_today or len(self.screen_stack) > 1:
            return False
        from roundplanner.plan import today_view

        today = today_view(
            self.session.companies,
            self.session.clock(),
            settings.zone_name,
            settings.prep,
            settings.kind_labels,
        )
        return bool(today.blocks_on(today.day)) or any(
            item.due <= today.day for item in today.follow_ups
        )

    def _warn_if_not_alone(self) -> None:
        """A second instance on the same workspace is safe but gets conflicts: say so."""
        from roundplanner import instance

        other = instance.claim(self.session.store.root)
        if other is not None:
            self.notify(
                f"roundplanner is already open on this workspace (pid {other}). Edits to "
                "the same company there and here will conflict; nothing is lost either way.",
                title="Another instance",
                severity="warning",
                timeout=15,
            )

    def on_unmount(self) -> None:
        if self._watch_disk and self._session is not None:
            from roundplanner import instance

            instance.release(self._session.store.root)

    def _opens_on_upcoming(self) -> bool:
        """True when a round starts within the configured hours (and no review was asked)."""
        if self._start_review:
            return False
        return self.summary.opens_on_upcoming(paths.now(), self._start.upcoming_hours)

    # -- text on screen (see tui/text.py: text from files is never markup)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a toast, always as plain text: whatever `markup` says.

        Toasts quote company names, round titles, file names and error messages, any of
        which may hold `[/]`; read as markup, that raises while the toast is drawn, and
        the error toast about it raises again (the app froze). Every `notify` of a screen
        or widget comes here, so this is the one place that decides.
        """
        super().notify(
            toast(str(message)),
            title=clean(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's title and subtitle (a company's name, a folder), cleaned, and
        the calendar sync's state when a calendar is configured."""
        if self.sync_state:
            sub_title = f"{sub_title} · {self.sync_state}" if sub_title else self.sync_state
        return super().format_title(clean(title), clean(sub_title))

    # -- failures

    def run_keeping_tracebacks(self, **run: Any) -> str | None:
        """Run the app; if an error nobody handled ended it, return where its traceback
        was kept (the crash log).

        Textual ends an app on such an error (every change is already on disk) and prints
        the traceback through the app's `error_console` as it closes. That console goes
        to a buffer here, so the terminal gets one line from the caller and the crash log
        the whole story. Other exit messages (a workspace that cannot be opened) are
        printed as they are. With ROUNDPLANNER_DEBUG set, nothing is kept back."""
        if os.environ.get(paths.DEBUG_ENV):
            self.run(**run)
            return None
        kept = io.StringIO()
        self.error_console = Console(file=kept, markup=False, highlight=False, width=120)
        self.run(**run)
        if self.return_code == 1 and kept.getvalue():
            return write_crash_text(kept.getvalue())
        if kept.getvalue():
            sys.stderr.write(kept.getvalue())
        return None

    # -- changes

    def _announced(self, change: Change) -> None:
        self.post_message(WorkspaceChanged(change))

    @on(WorkspaceChanged)
    def _changed(self, message: WorkspaceChanged) -> None:
        """Every change, whoever made it: say what needs saying, then bring the lists,
        the screens, the auto-export file and the calendar up to date."""
        outcome = message.change.outcome
        if outcome is not None:
            self._tell_outcome(outcome.message, saved=outcome.saved, conflict=outcome.conflict)
        self.sync_summary()
        self.revision += 1
        self._auto_export()
        if message.change.origin != "sync":
            self._sync_soon()

    def _tell_outcome(self, text: str, *, saved: bool, conflict: bool) -> None:
        if conflict:
            self.notify(clean(text), title="Changed on disk", severity="warning", timeout=12)
        elif not saved:
            self.notify(clean(text), title="Not saved yet", severity="error", timeout=12)
        elif text:
            self.notify(clean(text))

    SYNC_DELAY = 3.0
    """Seconds of quiet after a change before it is synced to the calendar (one sync for a
    burst of typing, not one per keystroke)."""

    def _sync_soon(self) -> None:
        """Sync after each change when a calendar is configured: debounced, in a worker."""
        if not self.session.settings.caldav.configured:
            return
        if self._sync_timer is not None:
            self._sync_timer.stop()
        self._sync_timer = self.set_timer(self.SYNC_DELAY, self._sync_after_change)

    def _sync_after_change(self) -> None:
        from roundplanner.tui.sync import start_sync

        self._sync_timer = None
        self.sync_state = "syncing…"
        start_sync(self, self.session, quiet=True)

    def check_disk(self) -> None:
        """Pick up other writers' changes; retry saves that failed."""
        for outcome in self.session.retry_pending():
            if outcome.saved:
                self.notify(f"Saved {outcome.key} after all")
        events = self.session.reload_external()
        if not events:
            return
        for key, what in events:
            if what == "broken":
                problems = [p for p in self.session.workspace.problems if p.path == key]
                detail = clean(str(problems[0])) if problems else key
                self.notify(detail, title="Broken file left untouched", severity="warning")
            elif what not in ("reloaded", "added", "removed"):
                self.notify(f"{key}: {what}", severity="warning")
        # The session announced what it reloaded: `_changed` brings everything up to date
        # (and a change made elsewhere, by git or an editor, reaches the calendar too).

    def _auto_export(self) -> None:
        """Rewrite the auto-export .ics after a change, if the settings name one."""
        target = self.settings.auto_export
        if target:
            self._write_auto_export(target, dict(self.session.companies))

    @work(thread=True, exclusive=True, group="auto-export")
    def _write_auto_export(self, target: str, companies: dict[str, Any]) -> None:
        """Export off the UI thread, so a calendar that watches the file stays current.

        `companies` is a snapshot: the session replaces a changed company rather than
        mutating it, so the models in it do not change under the export."""
        from pathlib import Path

        from roundplanner.calendar_file import ExportError, write_calendar_file

        try:
            write_calendar_file(
                Path(target), companies, self.settings, workspace=self.session.store.root
            )
        except ExportError as error:
            self.call_from_thread(
                self.notify, f"auto-export failed: {clean(str(error))}", severity="error"
            )

    # -- actions

    async def action_quit(self) -> None:
        """Quit once what is being drawn is up: a key pressed while the first screen was
        still being made (a first open at 1,000 companies takes seconds) took the app down
        under the header's title, set on a header already gone (Textual's Header)."""
        self.call_after_refresh(self.exit)

    def action_undo(self) -> None:
        from roundplanner.session import ChangeRejected

        try:
            outcome = self.session.undo()
        except ChangeRejected as error:
            self.notify(str(error), title="Not undone", severity="error")
            return
        if outcome is None:
            self.notify("Nothing to undo")

    def action_help(self) -> None:
        from roundplanner.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def _pop_to_pipeline(self) -> None:
        """Go back down to the pipeline: the bottom of the stack, or, in an app that
        opened on Upcoming, the screen just above it (made the first time it is needed;
        Textual cannot replace its first screen)."""
        from roundplanner.tui.screens.pipeline import PipelineScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, PipelineScreen):
            self.pop_screen()
        if not isinstance(self.screen, PipelineScreen):
            self.push_screen(PipelineScreen())

    def _show(self, screen_type: type[PlannerScreen], make: Callable[[], PlannerScreen]) -> None:
        """A top-level screen, over the pipeline (not stacked on other top-level screens)."""
        if isinstance(self.screen, screen_type):
            return
        self._pop_to_pipeline()
        self.push_screen(make())

    def action_pipeline(self) -> None:
        self._pop_to_pipeline()

    def action_today(self) -> None:
        from roundplanner.tui.screens.today import TodayScreen

        self._show(TodayScreen, lambda: TodayScreen(self.session))

    def action_upcoming(self) -> None:
        from roundplanner.tui.screens.upcoming import UpcomingScreen

        self._show(UpcomingScreen, UpcomingScreen)

    def action_review_next(self, round_id: str | None = None) -> None:
        """The checklist review of the next round (or of `round_id`)."""
        from roundplanner.model import find_round, next_round
        from roundplanner.tui.screens.review import ReviewScreen

        companies = self.session.companies
        ref = (
            find_round(companies, round_id)
            if round_id
            else next_round(companies, self.session.clock())
        )
        if ref is None:
            self.notify("No upcoming round to review", severity="warning")
            return
        current = self.screen
        if isinstance(current, ReviewScreen) and current.round_id == ref.round.id:
            return  # already walking it
        self.push_screen(ReviewScreen(self.session, ref.slug, ref.round.id))

    def action_stories(self) -> None:
        from roundplanner.tui.screens.stories import StoriesScreen

        self._show(StoriesScreen, lambda: StoriesScreen(self.session))

    def action_offers(self) -> None:
        from roundplanner.tui.screens.offers import OffersScreen

        self._show(OffersScreen, lambda: OffersScreen(self.session))

    def action_funnel(self) -> None:
        from roundplanner.tui.screens.funnel import FunnelScreen

        self._show(FunnelScreen, lambda: FunnelScreen(self.session))

    def action_export(self) -> None:
        from roundplanner.tui.screens.export_dialog import ExportScreen

        self.push_screen(ExportScreen(self.session, self._showing()))

    def action_import_invite(self) -> None:
        from roundplanner.tui.screens.import_dialog import ImportScreen

        self.push_screen(ImportScreen(self.session, self._showing().slug))

    def _showing(self) -> Showing:
        """The company and round of the screen showing (none for list screens)."""
        screen = self.screen
        return screen.showing() if isinstance(screen, PlannerScreen) else Showing()

    def action_sync(self) -> None:
        from roundplanner.tui.sync import start_sync

        if self.session.settings.caldav.configured:
            self.sync_state = "syncing…"
        start_sync(self, self.session)

    @on(SyncFinished)
    def _synced(self, message: SyncFinished) -> None:
        stamp = clock_text(self.session.clock().astimezone())
        self.sync_state = f"synced {stamp}" if message.ok else f"sync failed {stamp}"
        show_result(self, message)

    def watch_sync_state(self) -> None:
        # The header redraws its title when the app's sub_title is announced as changed.
        self.mutate_reactive(App.sub_title)

    def open_company(self, slug: str) -> None:
        from roundplanner.tui.screens.company import CompanyScreen

        self.push_screen(CompanyScreen(self.session, slug))

    def open_round(self, slug: str, round_id: str) -> None:
        from roundplanner.tui.screens.round import RoundScreen

        self.push_screen(RoundScreen(self.session, slug, round_id))
