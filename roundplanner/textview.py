"""Plain-text and JSON views of the agenda and a checklist, for the command line.

Times are shown in the user's zone, with the round's own zone beside them when it
differs, because the recruiter's "10am" and the user's "7pm" must both be on screen.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from roundplanner.prep import local_span
from roundplanner.sanitize import clean
from roundplanner.summary import CompanySummary, RoundRow, day_group
from roundplanner.timefmt import countdown

if TYPE_CHECKING:
    # The agenda is drawn from summaries (summary.py): it imports no pydantic.
    from roundplanner.model import Checklist
    from roundplanner.plan import RoundKey, Today


def when_text(start: datetime, end: datetime | None, user_zone: str) -> str:
    """'Thu 3 Dec 19:00–20:00 Europe/Berlin (10:00 America/Los_Angeles)'."""
    mine = start.astimezone(ZoneInfo(user_zone))
    text = local_span(start, end, user_zone)
    round_zone = getattr(start.tzinfo, "key", None)
    if round_zone and round_zone != user_zone and start.utcoffset() != mine.utcoffset():
        text += f" ({start:%H:%M} {round_zone})"
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
            lines.append(f"  {when:>10}  {clean(company.name)}  ({deadline.isoformat()})")
    return "\n".join(lines)


def _round_json(row: RoundRow, now: datetime) -> dict[str, Any]:
    round_ = row.round
    start, end = round_.local_start, round_.local_end
    return {
        "id": round_.id,
        "company": row.company.name,
        "slug": row.slug,
        "title": round_.label,
        "kind": round_.kind,
        "status": round_.status,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "timezone": round_.timezone,
        "countdown": countdown(start, now),
        "where": round_.where,
        "interviewers": [
            {"name": name, "role": role}
            for name, role in zip(round_.who, round_.roles, strict=True)
        ],
        "progress": {"done": round_.done, "total": round_.total},
    }


def agenda_json(
    rows: list[RoundRow],
    due: list[RoundRow],
    deadlines: list[tuple[str, CompanySummary, date]],
    now: datetime,
    user_zone: str,
) -> dict[str, Any]:
    tz = ZoneInfo(user_zone)
    return {
        "now": now.isoformat(),
        "timezone": user_zone,
        "upcoming": [
            {**_round_json(row, now), "group": day_group(row.round.local_start, now, tz)}
            for row in rows
        ],
        "debrief_due": [_round_json(row, now) for row in due],
        "offer_deadlines": [
            {"company": company.name, "slug": slug, "deadline": deadline.isoformat()}
            for slug, company, deadline in deadlines
        ],
    }


def checklist_text(checklist: Checklist, now: datetime, user_zone: str) -> str:
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
    if checklist.stories:
        lines.append("")
        lines.append("Stories to tell")
        for story in checklist.stories:
            lines.append(f"  • {clean(story.title)}")
            for label, text in (
                ("Setup", story.setup),
                ("Actions", story.actions),
                ("Outcome", story.outcome),
            ):
                if text:
                    lines.append(f"      {label}: {clean(text)}")
    if checklist.questions:
        lines.append("")
        lines.append("Questions to ask")
        for question in checklist.questions:
            lines.append(f"  ? {clean(question)}")
    if checklist.prep_notes:
        lines.append("")
        lines.append("Prep notes")
        for note_line in clean(checklist.prep_notes, keep_newlines=True).splitlines():
            lines.append(f"  {note_line}")
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
    lines = [f"Today, {today.day:%a %d %b %Y}"]
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
            late = f" (due {item.due:%a %d %b})" if item.due < today.day else ""
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
            lines.append(f"  {day:%a %d %b}  {total:>3} min  {titles}")
    later = [item for item in today.follow_ups if item.due > today.day]
    for item in later[:5]:
        lines.append(f"  {item.due:%a %d %b}  {clean(item.company)}: {clean(item.text)}")
    return "\n".join(lines)


def today_json(today: Today) -> dict[str, Any]:
    """The same as `today_text`, for scripts."""

    def rounds(keys: tuple[RoundKey, ...]) -> list[dict[str, str]]:
        return [
            {"company": k.slug, "round": k.round_id, "starts_at": k.starts_at.isoformat()}
            for k in keys
        ]

    return {
        "date": today.day.isoformat(),
        "due_today": today.due_today,
        "blocks": [
            {
                "key": block.key,
                "date": block.day.isoformat(),
                "minutes": block.minutes,
                "kind": "review" if block.is_review else "topic",
                "title": block.title,
                "rounds": rounds(block.rounds),
            }
            for block in today.blocks
        ],
        "flagged": [
            {"title": f.title, "minutes": f.minutes, "reason": f.reason, "rounds": rounds(f.rounds)}
            for f in today.flagged
        ],
        "follow_ups": [
            {
                "ref": item.ref,
                "kind": item.kind,
                "company": item.slug,
                "text": item.text,
                "due": item.due.isoformat(),
                "round": item.round_id,
            }
            for item in today.follow_ups
        ],
    }
