"""Imported invites into companies: which company an invite is from, and its round.

Kept apart from reading: `read_invites` knows nothing of the workspace, and these functions
know nothing of iCalendar, only of `InvitedRound` values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from roundplanner.calendar.export import UID_SUFFIX, round_uid
from roundplanner.calendar.export import strip_company as _strip_company
from roundplanner.calendar.fields import _PERSONAL_MAIL, _host, is_placeholder_place
from roundplanner.calendar.invites import InvitedRound
from roundplanner.model import (
    Company,
    Contact,
    Interviewer,
    Round,
    RoundStatus,
    Source,
    Stage,
    Topic,
    new_id,
)
from roundplanner.settings import Settings
from roundplanner.timefmt import entry_text

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
        "greenhouse-mail.io",
        "lever.co",
        "ashbyhq.com",
        "workday.com",
        "myworkdayjobs.com",
        "myworkday.com",
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
        # Scheduling and video tools send invites for every company they serve.
        "zoom.us",
        "zoom.com",
        "microsoft.com",
        "office365.com",
        "outlook.office365.com",
        "teams.microsoft.com",
        "webex.com",
        "icims.com",
        "smartrecruiters.com",
        "workable.com",
        "jobvite.com",
        "bamboohr.com",
        "recruitee.com",
        "personio.de",
        "teamtailor.com",
        "gem.com",
        "modernloop.io",
        "prelude.co",
        "paradox.ai",
        "hirevue.com",
        "codesignal.com",
        "hackerrank.com",
        "coderpad.io",
        "karat.com",
        "karat.io",
        "savvycal.com",
        "cal.com",
        "hubspot.com",
        "chilipiper.com",
        "doodle.com",
        "youcanbook.me",
        "acuityscheduling.com",
    }
    | _PERSONAL_MAIL
)
"""Domains that never name the company an invite is from: mail services, job boards,
applicant tracking and scheduling tools, video-call vendors."""


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
    if len(labels) < 2 or not all(re.fullmatch(r"[a-z0-9-]+", label) for label in labels):
        return ""  # an address literal ('[127.0.0.1]') or junk: no company's domain
    if len(labels) == 2 and labels[0] in _SECOND_LEVEL and len(labels[1]) == 2:
        return ""  # 'co.uk' alone is a suffix, not a company
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def holder_of(uid: str, companies: Mapping[str, Company]) -> str | None:
    """The slug of the company already holding the round of this UID (the recruiter's or
    our own export's): an update never needs to be told its company again."""
    for slug in sorted(companies):
        for round_ in companies[slug].rounds:
            if uid in (round_.imported_uid, round_uid(round_)):
                return slug
    return None


# --------------------------------------------------------------------------- a new company


def invite_domain(invite: InvitedRound) -> str:
    """The registrable domain of the organizer, or '' when it names no company (a mail
    service, a scheduling tool, no organizer at all)."""
    domain = _base_domain(invite.organizer_email.rpartition("@")[2])
    return "" if not domain or is_generic_domain(domain) else domain


def is_generic_domain(domain: str) -> bool:
    """True for a domain shared by many companies (gmail.com, greenhouse.io, zoom.us)."""
    base = _base_domain(domain) or domain.lower()
    return base in _GENERIC_HOSTS or domain.lower() in _GENERIC_HOSTS


def company_from_invite(invite: InvitedRound, today: datetime, name: str = "") -> Company:
    """A new company for an invite: named `name`, else after the organizer's domain
    ('bluefin-analytics.com' -> 'Bluefin Analytics'), with the domain recorded and the
    organizer as the recruiter contact when the domain is the company's own."""
    domain = invite_domain(invite)
    title = name.strip() or _name_of_domain(domain) or "New company"
    company = Company(name=title, domain=domain, source=Source.OTHER)
    if invite.organizer_email and domain:
        person = invite.organizer_name or invite.organizer_email.split("@")[0]
        company.contacts = [Contact(name=person, role="Recruiter", email=invite.organizer_email)]
    company.set_stage(Stage.INTERVIEWING, today.date())
    return company


def _name_of_domain(domain: str) -> str:
    """'bluefin-analytics.com' -> 'Bluefin Analytics'; 'xn--bcher-kva.example' -> 'Bücher'."""
    label = domain.split(".")[0] if domain else ""
    if label.startswith("xn--"):
        try:
            label = label.encode("ascii").decode("idna")
        except UnicodeError:
            return ""
    return " ".join(word.capitalize() for word in re.split(r"[-_]+", label) if word)


# --------------------------------------------------------------------------- merging


@dataclass
class Merged:
    """What importing one invite did: `action` is 'added', 'filled' (an untimed round of
    the same kind took the invite), 'updated', 'unchanged' or 'ignored' (an older
    version of the invite than the one already imported); `note` says why in words."""

    round: Round
    action: str
    note: str = ""

    @property
    def created(self) -> bool:
        return self.action in ("added", "filled")


@dataclass(frozen=True)
class KindDefaults:
    """What a new round of a kind starts with (from the settings)."""

    duration_minutes: int = 60
    topics: Sequence[str] = ()


def defaults_from(settings: Settings) -> dict[str, KindDefaults]:
    """Each kind's length and checklist, as the settings give them to a new round."""
    return {
        kind: KindDefaults(spec.duration_minutes, tuple(settings.checklist_items(kind)))
        for kind, spec in settings.kinds.items()
    }


def merge_invite(
    company: Company,
    invite: InvitedRound,
    *,
    default_kind: str = "other",
    now: datetime | None = None,
    kinds: Mapping[str, str] | None = None,
    defaults: Mapping[str, KindDefaults] | None = None,
) -> Merged:
    """Put an invite into `company`: update the round it came from, fill an untimed round
    of its kind, or add a new one.

    A round matches by the recruiter's UID (`imported_uid`) or by our own export UID, so
    importing our own export or a recruiter's update changes the round in place; a
    version of the recruiter's invite older (SEQUENCE, then DTSTAMP) than the newest one
    imported is ignored. The returned round is the one now in `company.rounds` (an updated
    round is a new, validated object in the same place). Re-importing an unchanged invite
    changes nothing, not even `updated`. `kinds` (kind -> label) guesses the kind from the
    title; `defaults` gives a new round its kind's length and checklist.
    """
    labels = dict(kinds or {})
    book = dict(defaults or {})
    title = _strip_company(invite.title, company.name)
    for index, round_ in enumerate(company.rounds):
        if invite.uid in (round_.imported_uid, round_uid(round_)):
            older = (
                _not_ours(invite)
                or _older_than_imported(round_, invite)
                or _older_than_own(round_, invite)
                or _other_occurrence(round_, invite)
            )
            if older:
                return Merged(round_, "ignored", older)
            updated = _updated_round(round_, invite, title, labels, now)
            company.rounds[index] = updated
            action = "unchanged" if updated is round_ else "updated"
            return Merged(updated, action, _one_occurrence_cancelled(invite))
    kind = _guess_kind(title, labels) or default_kind
    for index, round_ in enumerate(company.rounds):
        if _fillable(round_, kind):
            filled = _filled_round(round_, invite, title, labels, book, now)
            company.rounds[index] = filled
            return Merged(filled, "filled", f"filled the untimed {round_.label(labels)} round")
    created = _new_round(company, invite, title, kind, labels, book, now)
    company.rounds = [*company.rounds, created]
    return Merged(company.rounds[-1], "added")


def _not_ours(invite: InvitedRound) -> str:
    """Why an invite carrying our own UID is not our export ('' if it may be): our
    exports have no ORGANIZER, so one from `mallory@evil.example` is someone reusing a
    round's UID to rename, move or cancel it."""
    if not invite.uid.endswith(UID_SUFFIX) or not invite.organizer_email:
        return ""
    return (
        f"uses roundplanner's own UID but comes from {invite.organizer_email} "
        "(our exports name no organizer); ignored"
    )


def _older_than_own(round_: Round, invite: InvitedRound) -> str:
    """Why a copy of our own export is older than the round ('' if not): the export
    writes the round's `sequence` and `updated` as SEQUENCE and DTSTAMP, so an older copy
    re-imported must not move the round back."""
    if invite.uid != round_uid(round_) or invite.uid == round_.imported_uid:
        return ""
    held = (round_.sequence, round_.updated or datetime.min.replace(tzinfo=UTC))
    if invite.version >= held:
        return ""
    return (
        f"an older copy of roundplanner's own export (SEQUENCE {invite.sequence}, "
        f"the round is at {round_.sequence}); ignored"
    )


def _older_than_imported(round_: Round, invite: InvitedRound) -> str:
    """Why this invite is older than what the round already holds from it; '' if not."""
    if not round_.imported_uid or invite.uid != round_.imported_uid:
        return ""
    held = (round_.imported_sequence, round_.imported_stamp or datetime.min.replace(tzinfo=UTC))
    if invite.version >= held:
        return ""
    if invite.sequence < round_.imported_sequence:
        return (
            f"an older version of the invite (SEQUENCE {invite.sequence}, "
            f"already have {round_.imported_sequence}); ignored"
        )
    return "an older copy of the invite (same SEQUENCE, earlier DTSTAMP); ignored"


def _one_occurrence_cancelled(invite: InvitedRound) -> str:
    """What to tell when only one occurrence of a series was cancelled and the series is
    not in the file: its next date is unknown, so the round is cancelled, and the user is
    told how to get the next one."""
    if not invite.cancelled or invite.occurrence_of is None:
        return ""
    return (
        "only this occurrence of a series was cancelled; the series is not in the file, "
        "so the round is cancelled: import the series' invite again for its next date"
    )


def _other_occurrence(round_: Round, invite: InvitedRound) -> str:
    """Why a changed single occurrence does not concern this round ('' if it does): the
    recruiter moved or cancelled another date of the series the round was taken from."""
    held = round_.starts_at
    if invite.occurrence_of is None or held is None:
        return ""
    # The occurrence the round was taken as (kept when a first change moved it), or for
    # rounds imported before that was kept, the round's time.
    mine = {held.astimezone(UTC), round_.imported_occurrence}
    if mine & {invite.occurrence_of, invite.starts_at.astimezone(UTC)}:
        return ""
    when = f"{entry_text(invite.occurrence_of)} UTC"
    return f"changes another occurrence of the series ({when}); ignored"


def _stamped(data: dict[str, object], invite: InvitedRound) -> None:
    """Record the invite's version on the round, so an older one is known later."""
    data["imported_uid"] = invite.uid
    data["imported_sequence"] = invite.sequence
    data["imported_stamp"] = invite.stamp
    if invite.occurrence_at is not None:
        data["imported_occurrence"] = invite.occurrence_at


def _updated_round(
    round_: Round, invite: InvitedRound, title: str, kinds: dict[str, str], now: datetime | None
) -> Round:
    data = round_.model_dump()
    data.update(start=invite.start, timezone=invite.timezone)
    if invite.duration_minutes > 0:
        data["duration_minutes"] = invite.duration_minutes
    if invite.where and not (round_.where and is_placeholder_place(invite.where)):
        data["where"] = invite.where
    if title and title != round_.label(kinds):
        data["title"] = title
    if invite.cancelled:
        data["status"] = RoundStatus.CANCELLED
    elif round_.is_cancelled:
        data["status"] = RoundStatus.SCHEDULED
    data["interviewers"] = _merge_people(round_.interviewers, invite.interviewers)
    if round_.imported_uid == invite.uid:
        _stamped(data, invite)
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


def _fillable(round_: Round, kind: str) -> bool:
    """A round of `kind` the user planned without a time yet, not from another invite."""
    return (
        round_.kind == kind
        and round_.start is None
        and not round_.imported_uid
        and not round_.is_cancelled
    )


def _filled_round(
    round_: Round,
    invite: InvitedRound,
    title: str,
    kinds: dict[str, str],
    book: dict[str, KindDefaults],
    now: datetime | None,
) -> Round:
    """The planned round with the invite's time, place and people; its checklist and
    notes stay (a round without topics gets its kind's)."""
    data = round_.model_dump()
    spec = book.get(round_.kind, KindDefaults(round_.duration_minutes))
    data.update(
        start=invite.start,
        timezone=invite.timezone,
        duration_minutes=invite.duration_minutes or round_.duration_minutes,
        where=invite.where or round_.where,
        status=RoundStatus.CANCELLED if invite.cancelled else round_.status,
        interviewers=_merge_people(round_.interviewers, invite.interviewers),
        prep_notes=round_.prep_notes or invite.description,
    )
    if title and title.casefold() != round_.label(kinds).casefold() and not round_.title:
        data["title"] = title
    if not round_.topics:
        data["topics"] = [Topic(title=item) for item in spec.topics]
    _stamped(data, invite)
    filled = Round.model_validate(data)
    filled.touch(round_, now)
    return filled


def _new_round(
    company: Company,
    invite: InvitedRound,
    title: str,
    kind: str,
    kinds: dict[str, str],
    book: dict[str, KindDefaults],
    now: datetime | None,
) -> Round:
    spec = book.get(kind, KindDefaults())
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
        duration_minutes=invite.duration_minutes or spec.duration_minutes,
        where=invite.where,
        status=RoundStatus.CANCELLED if invite.cancelled else RoundStatus.SCHEDULED,
        interviewers=list(invite.interviewers),
        topics=[Topic(title=item) for item in spec.topics],
        prep_notes=invite.description,
        imported_uid=invite.uid,
        imported_sequence=invite.sequence,
        imported_stamp=invite.stamp,
        imported_occurrence=invite.occurrence_at,
    )
    round_.touch(None, now)
    return round_


_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("hiring_manager_screen", r"hiring manager.*screen|\bhm screen"),
    ("hiring_manager", r"hiring manager|\bhm\b|manager (?:interview|chat|call)"),
    ("system_design", r"system design|architecture|design interview"),
    ("take_home", r"take[- ]?home|assignment review|homework"),
    ("coding", r"coding|pair(?:ing| programming)|live code|algorithm|leetcode"),
    ("technical", r"technical|tech screen|engineering interview"),
    ("behavioral", r"behaviou?ral|values|culture"),
    ("team_match", r"team match|team fit|meet the team"),
    ("offer_call", r"\boffer\b"),
    ("onsite", r"on-?site|final round|super ?day|\bloop\b"),
    (
        "recruiter_screen",
        r"recruit|talent|\bintro(?:ductory)?\b|initial (?:call|chat|screen)|"
        r"phone screen|screening call",
    ),
)
"""Words real invites use for each shipped kind, tried in this order after the labels."""


def _guess_kind(title: str, kinds: dict[str, str]) -> str | None:
    """The kind a title names: a label it contains ('System Design Interview' ->
    system_design), else a word invites use for it ('Technical Phone Screen' ->
    technical); only kinds the settings know."""
    folded = title.casefold()
    if not folded:
        return None
    matches = [(len(label), kind) for kind, label in kinds.items() if label.casefold() in folded]
    if matches:
        return max(matches)[1]
    for kind, pattern in _KEYWORDS:
        if kind in kinds and re.search(pattern, folded):
            return kind
    return None
