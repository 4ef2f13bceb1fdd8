"""The command line's text: the agenda, a checklist, the morning view, the stats.

Times are shown in the user's zone, with the round's own zone beside them when it
differs, because the recruiter's "10am" and the user's "7pm" must both be on screen.
Names and notes come from files: each goes through `clean` on its way to the terminal.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from roundplanner.output.phrases import bar, days_text, percent
from roundplanner.sanitize import clean
from roundplanner.summary import CompanySummary, RoundRow, day_group
from roundplanner.timefmt import clock_text, countdown, day_text, day_year_text, local_span

if TYPE_CHECKING:
    # The agenda is drawn from summaries (summary.py): this module imports no pydantic.
    from roundplanner.insights import Stats
    from roundplanner.model import Checklist
    from roundplanner.plan import RoundKey, Today


def when_text(start: datetime, end: datetime | None, user_zone: str) -> str:
    """'Thu 3 Dec 19:00–20:00 Europe/Berlin (10:00 America/Los_Angeles)'."""
    mine = start.astimezone(ZoneInfo(user_zone))
    text = local_span(start, end, user_zone)
    round_zone = getattr(start.tzinfo, "key", None)
    if round_zone and round_zone != user_zone and start.utcoffset() != mine.utcoffset():
        text += f" ({clock_text(start)} {round_zone})"
    return text


def _who(row: RoundRow) -> str:
    people = [
        f"{clean(name)} ({clean(role)})" if role else clean(name)
        for name, role in zip(row.round.who, row.round.roles, strict=True)
    ]
    return ", ".join(people)


def agenda_text(
    rows: list[RoundRow],
    due: list[RoundRow],
    deadlines: list[tuple[str, CompanySummary, date]],
    now: datetime,
    user_zone: str,
    days: int,
) -> str:
    """Upcoming rounds by day group, then debriefs due and offer deadlines."""
    tz = ZoneInfo(user_zone)
    lines = [f"Upcoming rounds, next {days} days (times in {user_zone})"]
    if not rows:
        lines.append("  nothing scheduled")
    group = ""
    for row in rows:
        round_ = row.round
        start = round_.local_start
        heading = day_group(start, now, tz)
        if heading != group:
            lines.append(f"{heading}")
            group = heading
        done, total = round_.done, round_.total
        ready = f"[{done}/{total} ready]" if total else "[no checklist]"
        status = f" ({round_.status})" if round_.tentative else ""
        lines.append(
            f"  {countdown(start, now):>10}  {clean(row.company.name)} — "
            f"{clean(round_.label)}{status}  {ready}"
        )
        lines.append(f"{'':14}{when_text(start, round_.local_end, user_zone)}")
        who = _who(row)
        if who:
            lines.append(f"{'':14}with {who}")
        if round_.where:
            lines.append(f"{'':14}at {clean(round_.where)}")
        lines.append(f"{'':14}id {round_.id}")
    if due:
        lines.append("")
        lines.append("Debrief due")
        for row in due:
            lines.append(
                f"  {countdown(row.round.local_start, now):>10}  {clean(row.company.name)} — "
                f"{clean(row.round.label)}  (id {row.round.id})"
            )
    if deadlines:
        lines.append("")
        lines.append("Offer deadlines")
        today = now.astimezone(tz).date()
        for _slug, company, deadline in deadlines:
            left = (deadline - today).days
            when = "today" if left == 0 else f"in {left}d"
            lines.append(f"  {when:>10}  {clean(company.name)}  ({day_text(deadline)})")
    return "\n".join(lines)


def _section(heading: str, body: list[str]) -> list[str]:
    """A blank line, the heading and its lines; nothing at all when there are no lines."""
    return ["", heading, *body] if body else []


def checklist_text(checklist: Checklist, now: datetime, user_zone: str) -> str:
    """Everything to walk through before a round, as `roundplanner checklist` prints it."""
    lines = [f"{clean(checklist.company)} — {clean(checklist.title)}   (id {checklist.round_id})"]
    if checklist.starts_at is not None:
        lines.append(
            f"When   {when_text(checklist.starts_at, checklist.ends_at, user_zone)}"
            f"  ({countdown(checklist.starts_at, now)})"
        )
    else:
        lines.append("When   not scheduled yet")
    if checklist.where:
        lines.append(f"Where  {clean(checklist.where)}")
    if checklist.how_i_contribute:
        lines.append("")
        lines.append("How I would contribute")
        lines.append(f"  {clean(checklist.how_i_contribute)}")
    lines.append("")
    lines.append("Who you meet")
    if not checklist.interviewers:
        lines.append("  (nobody named yet — ask the recruiter)")
    for person in checklist.interviewers:
        role = f", {clean(person.role)}" if person.role else ""
        lines.append(f"  {clean(person.name)}{role}")
        if person.notes:
            lines.append(f"    {clean(person.notes)}")
    lines.append("")
    lines.append(f"Topics  {checklist.done}/{checklist.total}")
    for topic in checklist.topics:
        mark = "x" if topic.done else " "
        lines.append(f"  [{mark}] {clean(topic.title)}")
        if topic.note:
            lines.append(f"      {clean(topic.note)}")
    stories = []
    for story in checklist.stories:
        stories.append(f"  • {clean(story.title)}")
        parts = (("Setup", story.setup), ("Actions", story.actions), ("Outcome", story.outcome))
        stories += [f"      {label}: {clean(text)}" for label, text in parts if text]
    lines += _section("Stories to tell", stories)
    lines += _section("Questions to ask", [f"  ? {clean(q)}" for q in checklist.questions])
    notes = clean(checklist.prep_notes, keep_newlines=True).splitlines()
    lines += _section("Prep notes", [f"  {line}" for line in notes])
    lines.append("")
    if checklist.unchecked:
        lines.append(f"Still unchecked: {len(checklist.unchecked)}")
    elif checklist.total == 0:
        lines.append("No topics to brush up on yet: add them on the round's checklist.")
    else:
        lines.append("All topics checked. Good luck!")
    return "\n".join(lines)


# --------------------------------------------------------------------------- today


def _for_rounds(rounds: tuple[RoundKey, ...]) -> str:
    first = rounds[0]
    text = f"{clean(first.company)} — {clean(first.label)}"
    if len(rounds) > 1:
        text += f" (+{len(rounds) - 1} more)"
    return text


def today_text(today: Today, now: datetime, user_zone: str) -> str:
    """The morning view: today's prep, what the loop asks, then the days ahead."""
    lines = [f"Today, {day_year_text(today.day)}"]
    todays = today.blocks_on(today.day)
    minutes = sum(block.minutes for block in todays)
    lines.append("")
    lines.append(f"Prep ({minutes} min)" if todays else "Prep: nothing planned for today")
    for block in todays:
        what = "Review" if block.is_review else clean(block.title)
        starts = countdown(block.rounds[0].starts_at, now)
        lines.append(
            f"  [ ] {block.minutes:>3} min  {what}  — {_for_rounds(block.rounds)}, {starts}"
        )
    due = [item for item in today.follow_ups if item.due <= today.day]
    if due:
        lines.append("")
        lines.append("Follow-ups")
        for item in due:
            late = f" (due {day_text(item.due)})" if item.due < today.day else ""
            lines.append(
                f"  [ ] {clean(item.company)}: {clean(item.text)}{late}   {clean(item.ref)}"
            )
    if today.flagged:
        lines.append("")
        lines.append("Will not fit before the round (pick what matters most)")
        for flag in today.flagged:
            lines.append(f"  ! {clean(flag.title)} — {_for_rounds(flag.rounds)}: {flag.reason}")
    ahead = sorted({block.day for block in today.blocks if block.day > today.day})
    if ahead:
        lines.append("")
        lines.append("Coming days")
        for day in ahead[:7]:
            blocks = today.blocks_on(day)
            total = sum(block.minutes for block in blocks)
            titles = ", ".join("review" if b.is_review else clean(b.title) for b in blocks)
            lines.append(f"  {day_text(day)}  {total:>3} min  {titles}")
    later = [item for item in today.follow_ups if item.due > today.day]
    for item in later[:5]:
        lines.append(f"  {day_text(item.due)}  {clean(item.company)}: {clean(item.text)}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- stats

BAR_WIDTH = 30


def stats_text(stats: Stats) -> str:
    """The funnel for a terminal: bars with numbers, conversion, sources, silences, gaps."""
    # Imported here, not above: the agenda's text must not load pydantic (the model's enum
    # comes with it), and only `stats` needs the stages by name.
    from roundplanner.model import Stage

    lines = [f"Funnel of {stats.companies} companies (reached each stage or a later one)"]
    total = stats.funnel
    top = max((step.reached for step in total.steps), default=0)
    for step in total.steps:
        onward = f"  → {percent(step.conversion)} on" if step.conversion is not None else ""
        lines.append(
            f"  {step.stage.label:<13}{bar(step.reached, top, BAR_WIDTH):<{BAR_WIDTH}} "
            f"{step.reached:>3}  (now {step.current}){onward}"
        )
    exits = stats.per_stage
    lines.append(
        "  Left the funnel: "
        + ", ".join(
            f"{s.value} {exits[s]}" for s in (Stage.REJECTED, Stage.WITHDRAWN, Stage.GHOSTED)
        )
    )
    lines += ["", "By source (applied → screening → interviewing → offer)"]
    for group in [*stats.by_source, stats.warm, stats.cold]:
        if group is stats.warm:
            lines.append("  " + "-" * 60)
        counts = " → ".join(
            f"{group.reached(s):>2}"
            for s in (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER)
        )
        lines.append(
            f"  {group.label:<9} {group.companies:>3} cos  {counts}   "
            f"applied→offer {percent(group.rate(Stage.APPLIED, Stage.OFFER)):>4}"
        )
    lines += ["", "Median days in stage (finished stays)"]
    for spent in stats.time_in_stages:
        lines.append(
            f"  {spent.stage.label:<13}{days_text(spent.median_days):>6}  (n={spent.samples})"
        )
    lines += ["", f"Possibly ghosted (no activity for {stats.ghosted_after_days}+ days)"]
    lines += [
        f"  {clean(s.company.name)} — {s.company.stage.value}, "
        f"last activity {day_text(s.last_activity)} ({s.days} days)"
        for s in stats.possibly_ghosted
    ] or ["  none"]
    lines += ["", f"Debriefs due: {len(stats.debriefs_due)}"]
    lines += ["", "Recurring gaps"]
    lines += [
        f"  {g.count}× {clean(g.title)} ({', '.join(clean(c) for c in g.companies)})"
        for g in stats.recurring_gaps
    ] or ["  none"]
    return "\n".join(lines)
