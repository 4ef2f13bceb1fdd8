"""Plain-text and JSON views of the agenda and a checklist, for the command line.

Times are shown in the user's zone, with the round's own zone beside them when it
differs, because the recruiter's "10am" and the user's "7pm" must both be on screen.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from roundplanner.model import (
    Checklist,
    Company,
    RoundRef,
    countdown,
    day_group,
    zone,
)
from roundplanner.plan import RoundKey, Today
from roundplanner.prep import local_span
from roundplanner.sanitize import clean
from roundplanner.settings import Settings


def when_text(start: datetime, end: datetime | None, user_zone: str) -> str:
    """'Thu 3 Dec 19:00–20:00 Europe/Berlin (10:00 America/Los_Angeles)'."""
    mine = start.astimezone(zone(user_zone))
    text = local_span(start, end, user_zone)
    round_zone = getattr(start.tzinfo, "key", None)
    if round_zone and round_zone != user_zone and start.utcoffset() != mine.utcoffset():
        text += f" ({start:%H:%M} {round_zone})"
    return text


def _who(ref: RoundRef) -> str:
    people = [
        f"{clean(i.name)} ({clean(i.role)})" if i.role else clean(i.name)
        for i in ref.round.interviewers
    ]
    return ", ".join(people)


def agenda_text(
    refs: list[RoundRef],
    due: list[RoundRef],
    deadlines: list[tuple[str, Company, date]],
    now: datetime,
    settings: Settings,
    days: int,
) -> str:
    user_zone = settings.zone_name
    tz = zone(user_zone)
    kinds = settings.kind_labels
    lines = [f"Upcoming rounds, next {days} days (times in {user_zone})"]
    if not refs:
        lines.append("  nothing scheduled")
    group = ""
    for ref in refs:
        start = ref.round.starts_at
        assert start is not None
        heading = day_group(start, now, tz)
        if heading != group:
            lines.append(f"{heading}")
            group = heading
        done, total = ref.round.progress
        ready = f"[{done}/{total} ready]" if total else "[no checklist]"
        status = f" ({ref.round.status.value})" if ref.round.status.value == "tentative" else ""
        lines.append(
            f"  {countdown(start, now):>10}  {clean(ref.company.name)} — "
            f"{clean(ref.round.label(kinds))}{status}  {ready}"
        )
        lines.append(f"{'':14}{when_text(start, ref.round.ends_at, user_zone)}")
        who = _who(ref)
        if who:
            lines.append(f"{'':14}with {who}")
        if ref.round.where:
            lines.append(f"{'':14}at {clean(ref.round.where)}")
        lines.append(f"{'':14}id {ref.round.id}")
    if due:
        lines.append("")
        lines.append("Debrief due")
        for ref in due:
            start = ref.round.starts_at
            assert start is not None
            lines.append(
                f"  {countdown(start, now):>10}  {clean(ref.company.name)} — "
                f"{clean(ref.round.label(kinds))}  (id {ref.round.id})"
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


def _round_json(ref: RoundRef, now: datetime, kinds: dict[str, str]) -> dict[str, Any]:
    round_ = ref.round
    start, end = round_.starts_at, round_.ends_at
    done, total = round_.progress
    return {
        "id": round_.id,
        "company": ref.company.name,
        "slug": ref.slug,
        "title": round_.label(kinds),
        "kind": round_.kind,
        "status": round_.status.value,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "timezone": round_.timezone,
        "countdown": countdown(start, now) if start else None,
        "where": round_.where,
        "interviewers": [{"name": i.name, "role": i.role} for i in round_.interviewers],
        "progress": {"done": done, "total": total},
    }


def agenda_json(
    refs: list[RoundRef],
    due: list[RoundRef],
    deadlines: list[tuple[str, Company, date]],
    now: datetime,
    settings: Settings,
) -> dict[str, Any]:
    kinds = settings.kind_labels
    tz = zone(settings.zone_name)
    return {
        "now": now.isoformat(),
        "timezone": settings.zone_name,
        "upcoming": [
            {
                **_round_json(ref, now, kinds),
                "group": day_group(ref.round.starts_at, now, tz) if ref.round.starts_at else None,
            }
            for ref in refs
        ],
        "debrief_due": [_round_json(ref, now, kinds) for ref in due],
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
