"""Imported invites into companies: which company an invite is from, and its round.

Kept apart from reading: `read_invites` knows nothing of the workspace, and these functions
know nothing of iCalendar, only of `InvitedRound` values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from roundplanner.calendar.cleaning import _clean_line
from roundplanner.calendar.export import round_uid
from roundplanner.calendar.fields import _host, is_placeholder_place
from roundplanner.calendar.invites import InvitedRound
from roundplanner.model import Company, Interviewer, Round, RoundStatus, new_id

_GENERIC_HOSTS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "linkedin.com",
        "github.com",
        "glassdoor.com",
        "greenhouse.io",
        "lever.co",
        "ashbyhq.com",
        "workday.com",
        "myworkdayjobs.com",
        "goodtime.io",
        "calendly.com",
        "wellfound.com",
        "indeed.com",
        "notion.site",
        "google.com",
        "medium.com",
        "x.com",
        "twitter.com",
        "youtube.com",
    }
)


def guess_company(invite: InvitedRound, companies: Mapping[str, Company]) -> str | None:
    """The slug of the company an invite comes from, by email domain; None if unsure.

    The organizer's domain weighs most, then the attendees'. A match on `Company.domain`
    beats one on the host of a link. A tie between companies is no answer: the user picks.
    """
    organizer = _base_domain(invite.organizer_email.rpartition("@")[2])
    attendees = {
        _base_domain(person.notes.rpartition("@")[2])
        for person in invite.interviewers
        if "@" in person.notes
    }
    scores: dict[str, int] = {}
    for slug, company in companies.items():
        own, linked = _company_domains(company)
        score = 0
        if organizer:
            score += 4 if organizer in own else 2 if organizer in linked else 0
        score += sum(2 if d in own else 1 if d in linked else 0 for d in attendees if d)
        if score:
            scores[slug] = score
    if not scores:
        return None
    best = max(scores.values())
    winners = sorted(slug for slug, score in scores.items() if score == best)
    return winners[0] if len(winners) == 1 else None


def _company_domains(company: Company) -> tuple[set[str], set[str]]:
    """(domains the company declares, domains of its links), as registrable domains."""
    own = {_base_domain(_host(company.domain) or company.domain.strip().lower())} - {""}
    linked = {_base_domain(_host(link)) for link in company.links}
    return own, {domain for domain in linked if domain and domain not in _GENERIC_HOSTS}


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"})


def _base_domain(host: str) -> str:
    """'eng.acme.co.uk' -> 'acme.co.uk', 'careers.acme.com' -> 'acme.com'."""
    labels = [label for label in host.strip().lower().strip(".").split(".") if label]
    if len(labels) < 2:
        return ""
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


# --------------------------------------------------------------------------- merging


def merge_invite(
    company: Company,
    invite: InvitedRound,
    *,
    default_kind: str = "other",
    now: datetime | None = None,
    kinds: Mapping[str, str] | None = None,
) -> tuple[Round, bool]:
    """Put an invite into `company`: update the round it came from, or add a new one.

    A round matches by the recruiter's UID (`imported_uid`) or by our own export UID, so
    importing our own export or a recruiter's update changes the round in place. The
    returned round is the one now in `company.rounds` (an updated round is a new, validated
    object in the same place). `created` is True for a new round. Re-importing an unchanged
    invite changes nothing, not even `updated`. `kinds` (kind -> label) lets a title equal
    to the round's label leave its title empty, and guesses the kind of a new round.
    """
    labels = dict(kinds or {})
    title = _strip_company(invite.title, company.name)
    for index, round_ in enumerate(company.rounds):
        if invite.uid in (round_.imported_uid, round_uid(round_)):
            updated = _updated_round(round_, invite, title, labels, now)
            company.rounds[index] = updated
            return updated, False
    created = _new_round(company, invite, title, default_kind, labels, now)
    company.rounds = [*company.rounds, created]
    return company.rounds[-1], True


def _strip_company(title: str, company_name: str) -> str:
    """'Acme — System design' -> 'System design': undo our own export's SUMMARY."""
    prefix = f"{_clean_line(company_name)} — "
    return title[len(prefix) :] if title.startswith(prefix) else title


def _updated_round(
    round_: Round, invite: InvitedRound, title: str, kinds: dict[str, str], now: datetime | None
) -> Round:
    data = round_.model_dump()
    data.update(
        start=invite.start,
        timezone=invite.timezone,
        duration_minutes=invite.duration_minutes,
    )
    if invite.where and not (round_.where and is_placeholder_place(invite.where)):
        data["where"] = invite.where
    if title and title != round_.label(kinds):
        data["title"] = title
    if invite.cancelled:
        data["status"] = RoundStatus.CANCELLED
    elif round_.is_cancelled:
        data["status"] = RoundStatus.SCHEDULED
    data["interviewers"] = _merge_people(round_.interviewers, invite.interviewers)
    updated = Round.model_validate(data)
    if updated.model_dump() == round_.model_dump():
        return round_
    updated.touch(round_, now)
    return updated


def _merge_people(known: list[Interviewer], invited: Iterable[Interviewer]) -> list[Interviewer]:
    """Everyone already known (with the user's notes), plus newcomers from the invite."""
    people = list(known)
    keys = {p.name.casefold() for p in known} | {p.notes.lower() for p in known if "@" in p.notes}
    for person in invited:
        if person.name.casefold() in keys or (person.notes and person.notes.lower() in keys):
            continue
        people.append(person)
        keys |= {person.name.casefold(), person.notes.lower()}
    return people


def _new_round(
    company: Company,
    invite: InvitedRound,
    title: str,
    default_kind: str,
    kinds: dict[str, str],
    now: datetime | None,
) -> Round:
    kind = _guess_kind(title, kinds) or default_kind
    if title.casefold() == kinds.get(kind, "").casefold():
        title = ""
    taken = {round_.id for round_ in company.rounds}
    round_id = new_id("r")
    while round_id in taken:  # pragma: no cover - 16 million ids to pick from
        round_id = new_id("r")
    round_ = Round(
        id=round_id,
        kind=kind,
        title=title,
        start=invite.start,
        timezone=invite.timezone,
        duration_minutes=invite.duration_minutes,
        where=invite.where,
        status=RoundStatus.CANCELLED if invite.cancelled else RoundStatus.SCHEDULED,
        interviewers=list(invite.interviewers),
        prep_notes=invite.description,
        imported_uid=invite.uid,
    )
    round_.touch(None, now)
    return round_


def _guess_kind(title: str, kinds: dict[str, str]) -> str | None:
    """The kind whose label the title contains ('System Design Interview' -> system_design)."""
    folded = title.casefold()
    matches = [(len(label), kind) for kind, label in kinds.items() if label.casefold() in folded]
    return max(matches)[1] if matches and folded else None
