"""The command line's `--json`: the same views as `output.text`, as plain data for scripts.

Dates and times are ISO 8601 here (machines read them); the countdown and the day group
are the phrases the text shows, so a script can print what a person would see.
Named `json_data`, not `json`, so that it never shadows the standard library's module.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from roundplanner.summary import CompanySummary, RoundRow, day_group
from roundplanner.timefmt import countdown

if TYPE_CHECKING:
    # The agenda is drawn from summaries (summary.py): this module imports no pydantic.
    from roundplanner.insights import Funnel, Stats
    from roundplanner.model import Checklist
    from roundplanner.plan import RoundKey, Today


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
    """The same as `output.text.agenda_text`, for scripts."""
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


def checklist_json(checklist: Checklist) -> dict[str, Any]:
    """`roundplanner checklist --json`: everything to walk through before a round."""
    return {
        "company": checklist.company,
        "slug": checklist.slug,
        "round": checklist.round_id,
        "title": checklist.title,
        "kind": checklist.kind,
        "start": checklist.starts_at.isoformat() if checklist.starts_at else None,
        "end": checklist.ends_at.isoformat() if checklist.ends_at else None,
        "timezone": checklist.timezone,
        "where": checklist.where,
        "status": checklist.status,
        "how_i_contribute": checklist.how_i_contribute,
        "interviewers": [
            i.model_dump(include={"name", "role", "profile", "notes"})
            for i in checklist.interviewers
        ],
        "topics": [{"title": t.title, "done": t.done, "note": t.note} for t in checklist.topics],
        "stories": [
            {
                "id": s.id,
                "title": s.title,
                "setup": s.setup,
                "actions": s.actions,
                "outcome": s.outcome,
                "missing": s.missing,
            }
            for s in checklist.stories
        ],
        "questions": checklist.questions,
        "prep_notes": checklist.prep_notes,
        "progress": {"done": checklist.done, "total": checklist.total},
        "unchecked": checklist.unchecked,
    }


def today_json(today: Today) -> dict[str, Any]:
    """The same as `output.text.today_text`, for scripts."""

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


def _funnel_json(group: Funnel) -> dict[str, Any]:
    # Imported here, not above: the agenda's JSON must not load pydantic (the model's enum
    # comes with it), and only `stats` needs the stages by name.
    from roundplanner.model import Stage

    return {
        "label": group.label,
        "companies": group.companies,
        "stages": [
            {
                "stage": step.stage.value,
                "reached": step.reached,
                "now": step.current,
                "conversion_to_next": step.conversion,
            }
            for step in group.steps
        ],
        "applied_to_offer": group.rate(Stage.APPLIED, Stage.OFFER),
    }


def stats_json(stats: Stats) -> dict[str, Any]:
    """Everything `roundplanner stats --json` prints, as plain data."""
    return {
        "today": stats.today.isoformat(),
        "companies": stats.companies,
        "per_stage": {stage.value: n for stage, n in stats.per_stage.items()},
        "funnel": _funnel_json(stats.funnel),
        "by_source": [_funnel_json(group) for group in stats.by_source],
        "warm": _funnel_json(stats.warm),
        "cold": _funnel_json(stats.cold),
        "median_days_in_stage": {
            t.stage.value: {"median_days": t.median_days, "samples": t.samples}
            for t in stats.time_in_stages
        },
        "ghosted_after_days": stats.ghosted_after_days,
        "possibly_ghosted": [
            {
                "slug": s.slug,
                "company": s.company.name,
                "stage": s.company.stage.value,
                "last_activity": s.last_activity.isoformat(),
                "days": s.days,
            }
            for s in stats.possibly_ghosted
        ],
        "debriefs_due": [
            {"slug": ref.slug, "company": ref.company.name, "round": ref.round.id}
            for ref in stats.debriefs_due
        ],
        "recurring_gaps": [
            {
                "gap": g.title,
                "count": g.count,
                "companies": list(g.slugs),
                "last_seen": g.last_seen.isoformat() if g.last_seen else None,
            }
            for g in stats.recurring_gaps
        ],
    }
