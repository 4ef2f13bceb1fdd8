"""The figures measured inside this process: save, filter and export.

Each function builds what it needs from a generated workspace, warms up once, then
repeats the measured step and returns the raw samples in seconds (medians are taken
by the caller). Nothing here asserts a time: it only measures.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roundplanner.model import Company
    from roundplanner.session import Session
    from roundplanner.settings import Settings


def bench_settings() -> Settings:
    """The shipped settings, in UTC, opening on the pipeline (as the cold start runs use)."""
    from roundplanner.settings import load_settings

    defaults = load_settings(None)
    # The in-process figures (filter, save) work on the pipeline: open there, not on Today.
    prep = defaults.prep.model_copy(update={"open_on_today": False})
    return defaults.model_copy(update={"timezone": "UTC", "upcoming_hours": 0, "prep": prep})


def open_session(root: Path, settings: Settings) -> Session:
    """A session on the workspace at `root`, as the app opens it."""
    from roundplanner import paths
    from roundplanner.session import Session
    from roundplanner.store import Store

    store = Store(root, settings.kinds)
    return Session(store, store.load(), settings, clock=paths.now)


# --------------------------------------------------------------------------- save


def _tick_first_topic(company: Company) -> None:
    """The commonest edit: tick (or untick) one checklist item of the first round."""
    topic = company.rounds[0].topics[0]
    topic.done = not topic.done


def save_samples(sessions: dict[int, Session], repetitions: int) -> dict[int, list[float]]:
    """Seconds per `Session.update_company` (validate, save, remember for undo), per size.

    The sizes take turns, so a burst of noise on the machine hits them alike. Each edit
    flips a checklist item, so every save writes the file (no "unchanged" shortcut).
    """
    samples: dict[int, list[float]] = {size: [] for size in sessions}
    slugs = {
        size: sorted(session.companies)[len(session.companies) // 2]
        for size, session in sessions.items()
    }
    for size, session in sessions.items():  # warm up: first-use costs are not a save's
        session.update_company(slugs[size], _tick_first_topic, "bench")
    for _ in range(repetitions):
        for size, session in sessions.items():
            start = time.perf_counter()
            outcome = session.update_company(slugs[size], _tick_first_topic, "bench")
            samples[size].append(time.perf_counter() - start)
            if not outcome.saved:
                raise RuntimeError(f"save failed at {size} companies: {outcome.message}")
    return samples


# --------------------------------------------------------------------------- filter


@dataclass
class FilterResult:
    """Per keystroke: seconds from the key event to the refreshed table being composed."""

    keystrokes: list[float]
    keystrokes_cpu: list[float]
    """The same, in CPU seconds of this thread (the app runs in it): what the key cost,
    without the time other processes on a busy machine took the CPU away."""
    full_refresh: list[float]
    """Seconds per `PipelineScreen.refresh_data()` with no filter (every row)."""
    rows_shown: list[int]


QUERIES = ("company 0042", "referral")
"""Each typed one key at a time, then erased. The first matches every generated company
for nine keys, then narrows to 100 and 10 rows; the second (a source) narrows at once,
to about 70%, 40% and 14% of the rows, so most of its keys change the rows shown."""


def filter_samples(root: Path, settings: Settings, refreshes: int = 5) -> FilterResult:
    """Type each of QUERIES into the pipeline's filter and erase it, timing every key."""
    return asyncio.run(_filter(root, settings, refreshes))


async def _filter(root: Path, settings: Settings, refreshes: int) -> FilterResult:
    from roundplanner.store import Store
    from roundplanner.tui.app import RoundPlannerApp
    from roundplanner.tui.widgets.company_list import CompanyList

    store = Store(root, settings.kinds)
    app = RoundPlannerApp(store, store.load(), settings, watch_disk=False)
    result = FilterResult([], [], [], [])
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen: Any = app.screen
        companies = screen.query_one(CompanyList)
        for _ in range(refreshes):
            start = time.perf_counter()
            screen.refresh_data()
            await pilot._wait_for_screen()
            app.screen._on_timer_update()
            result.full_refresh.append(time.perf_counter() - start)
        await pilot.press("slash")
        await pilot.pause()
        for query in QUERIES:
            keys = [*query.replace(" ", "\0")] + ["backspace"] * len(query)
            typed = ""
            for key in keys:
                typed = typed[:-1] if key == "backspace" else typed + key.replace("\0", " ")
                seconds, cpu = await _keystroke(pilot, key.replace("\0", "space"), companies, typed)
                result.keystrokes.append(seconds)
                result.keystrokes_cpu.append(cpu)
                result.rows_shown.append(companies.row_count)
    return result


async def _keystroke(pilot: Any, key: str, companies: Any, expected: str) -> tuple[float, float]:
    """Send one key as the terminal driver would; wait (event-driven, no sleeps) until the
    list has taken the new filter and its screen has handled what the list posted (the
    state line), then lay out and compose the frame; return the seconds.

    Pilot.press is not used for timing: it sleeps in 20 ms steps while waiting for idle.
    The list draws only the rows in view (`render_line`), so composing the frame is the
    whole cost of showing them, whatever the number of companies. Returns wall and CPU
    seconds.
    """
    from textual import events

    app = pilot.app
    char = " " if key == "space" else (key if len(key) == 1 else None)
    start = time.perf_counter()
    start_cpu = time.thread_time()
    app.post_message(events.Key(key, char))
    for _ in range(1000):
        if companies.filter_text == expected:
            break
        await pilot._wait_for_screen()
    else:
        raise RuntimeError(f"the filter never showed {expected!r}")
    await pilot._wait_for_screen()  # the state line, updated from the list's message
    app.screen._on_timer_update()  # layout and compose the frame, as the next refresh would
    return time.perf_counter() - start, time.thread_time() - start_cpu


# --------------------------------------------------------------------------- screens


@dataclass
class ScreenResult:
    """CPU seconds (this thread: the app runs in it) from asking for a screen to its first
    frame composed, per kind of screen."""

    company: list[float]
    round: list[float]


def screen_samples(root: Path, settings: Settings, opens: int) -> ScreenResult:
    """Open `opens` companies' screens and their first rounds' screens in turn, from the
    pipeline of a loaded workspace, timing each open; the screen is closed after each."""
    return asyncio.run(_screens(root, settings, opens))


async def _screens(root: Path, settings: Settings, opens: int) -> ScreenResult:
    from roundplanner.store import Store
    from roundplanner.tui.app import RoundPlannerApp

    store = Store(root, settings.kinds)
    app = RoundPlannerApp(store, store.load(), settings, watch_disk=False)
    result = ScreenResult([], [])
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        home = app.screen
        rounds = [
            (slug, company.rounds[0].id)
            for slug, company in app.session.companies.items()
            if company.rounds
        ]
        for slug, round_id in rounds[: opens + 1]:
            company = partial(app.open_company, slug)
            round_ = partial(app.open_round, slug, round_id)
            result.company.append(await _opened(pilot, company, home))
            result.round.append(await _opened(pilot, round_, home))
    # The first of each kind imports its modules: not what a user waits for after that.
    return ScreenResult(result.company[1:], result.round[1:])


async def _opened(pilot: Any, open_it: Callable[[], None], home: Any) -> float:
    """CPU seconds to push a screen, mount and compose its first frame; then close it."""
    app = pilot.app
    start = time.thread_time()
    open_it()
    for _ in range(1000):
        if app.screen is not home and app.screen.is_mounted:
            break
        await pilot._wait_for_screen()
    await pilot._wait_for_screen()
    app.screen._on_timer_update()  # layout and compose the frame
    seconds = time.thread_time() - start
    app.pop_screen()
    await pilot.pause()
    return seconds


# --------------------------------------------------------------------------- export


@dataclass
class ExportResult:
    """Seconds per run of each way of making the calendar, taken in turns."""

    ours: list[float]
    minimal: list[float]
    """icalendar alone, building and serialising minimal events (the issue's baseline)."""
    same: list[float]
    """icalendar alone, building and serialising exactly our calendar from plain values."""
    events: int
    ours_bytes: int
    minimal_bytes: int


def export_samples(companies: dict[str, Company], settings: Settings, runs: int) -> ExportResult:
    """Time `export_calendar` against two icalendar-only baselines (see ExportResult).

    The minimal events have UID, DTSTAMP, DTSTART/DTEND with TZID, SUMMARY and a VALARM,
    with the VTIMEZONEs icalendar itself generates. The same-content baseline is read back
    from our own output (outside the timing) and rebuilt property by property from
    decoded values: it serialises to the very same bytes, so the difference between the
    two is what our code adds to icalendar's own work.
    """
    from roundplanner.calendar import export_calendar

    def ours() -> bytes:
        return export_calendar(
            companies, kinds=settings.kind_labels, reminder_minutes=settings.reminder_minutes
        )

    events = list(_minimal_events(companies))
    reference = ours()
    recipe = _recipe_of(reference)
    if _rebuild(recipe) != reference:
        raise RuntimeError("the same-content baseline does not reproduce the export")
    minimal_bytes = len(icalendar_only(events))
    result = ExportResult([], [], [], len(events), len(reference), minimal_bytes)
    for _ in range(runs):
        result.ours.append(_timed(ours))
        result.minimal.append(_timed(lambda: icalendar_only(events)))
        result.same.append(_timed(lambda: _rebuild(recipe)))
    return result


Recipe = tuple[type, list[tuple[str, Any, dict[str, str]]], list[Any]]


def _recipe_of(data: bytes) -> Recipe:
    from icalendar import Calendar

    return _recipe(Calendar.from_ical(data))


def _recipe(component: Any) -> Recipe:
    """A component as (class, [(name, plain value, parameters)], [sub-recipes])."""
    props: list[tuple[str, Any, dict[str, str]]] = []
    for name in component:
        value = component[name]
        if isinstance(value, list):
            props.extend((name, item, dict(getattr(item, "params", {}))) for item in value)
        else:
            props.append((name, component.decoded(name), dict(getattr(value, "params", {}))))
    return (type(component), props, [_recipe(sub) for sub in component.subcomponents])


def _rebuild(recipe: Recipe) -> bytes:
    return bytes(_build(recipe).to_ical())


def _build(recipe: Recipe) -> Any:
    kind, props, subs = recipe
    component = kind()
    for name, value, params in props:
        component.add(name, value, parameters=params or None)
    for sub in subs:
        component.add_component(_build(sub))
    return component


def _timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


@dataclass(frozen=True)
class MinimalEvent:
    uid: str
    start: datetime
    end: datetime
    summary: str


def _minimal_events(companies: dict[str, Company]) -> Iterator[MinimalEvent]:
    for company in companies.values():
        for round_ in company.rounds:
            start, end = round_.starts_at, round_.ends_at
            if start is not None and end is not None:
                yield MinimalEvent(f"{round_.id}@bench", start, end, f"{company.name} — round")


def icalendar_only(events: list[MinimalEvent]) -> bytes:
    """The cost floor: icalendar building and serialising `events` with nothing extra."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("PRODID", "-//bench//bench//EN")
    calendar.add("VERSION", "2.0")
    stamp = datetime(2026, 11, 26, tzinfo=UTC)
    for item in events:
        event = Event()
        event.add("UID", item.uid)
        event.add("DTSTAMP", stamp)
        event.add("DTSTART", item.start)
        event.add("DTEND", item.end)
        event.add("SUMMARY", item.summary)
        alarm = Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", item.summary)
        alarm.add("TRIGGER", timedelta(minutes=-30))
        event.add_component(alarm)
        calendar.add_component(event)
    first = min(item.start for item in events).date()
    last = max(item.end for item in events).date()
    calendar.add_missing_timezones(date(first.year, 1, 1), date(last.year + 1, 1, 1))
    return bytes(calendar.to_ical())
