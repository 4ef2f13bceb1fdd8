"""What an invite's event says besides its times: the place, the video link, the people.

Google, Outlook and the schedulers each put the call link and the panel somewhere else;
these readers look in all those places, and take only what tells who you meet and where.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from icalendar import Component

from roundplanner.calendar.cleaning import MAX_LINE, _clean, _clean_line
from roundplanner.calendar.export import video_link_of
from roundplanner.model import Interviewer

_VIDEO_HOSTS = (
    "meet.google.com",
    "hangouts.google.com",
    "zoom.us",
    "zoom.com",
    "zoomgov.com",
    "teams.microsoft.com",
    "teams.live.com",
    "webex.com",
    "whereby.com",
    "chime.aws",
    "bluejeans.com",
    "gotomeeting.com",
    "meet.goto.com",
    "meet.jit.si",
    "around.co",
)
_URL = re.compile(r"https?://[^\s<>\"'\\]+", re.IGNORECASE)
_PLACEHOLDER = re.compile(
    r"(microsoft teams( meeting)?|teams( meeting)?|zoom( meeting| call)?|google meet|"
    r"meet|video( call| conference)?|online( meeting)?|virtual|remote|webex( meeting)?|"
    r"phone( call)?|tbd|tba|n/?a|see (description|below))",
    re.IGNORECASE,
)
_LINK_PROPS = (
    "CONFERENCE",
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-ONLINEMEETINGURL",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "URL",
    "LOCATION",
    "DESCRIPTION",
    "X-ALT-DESC",
)


def _where(event: Component) -> str:
    """The place, or the video link when the place is missing or only says 'Teams Meeting'."""
    location = _clean(_text(event.get("LOCATION"))).strip()[:MAX_LINE]
    if video_link_of(location):
        return location
    link = _video_link(event)
    if location and not (link and is_placeholder_place(location)):
        return location
    return link or location


def is_placeholder_place(where: str) -> bool:
    """True for a LOCATION that names a call, not a place: 'Microsoft Teams Meeting', 'Zoom'."""
    return bool(_PLACEHOLDER.fullmatch(where.strip(" .:-")))


def _video_link(event: Component) -> str:
    """The first video-call link found where Google, Outlook and schedulers put it."""
    for prop in _LINK_PROPS:
        values = event.get(prop)
        for value in values if isinstance(values, list) else [values]:
            for match in _URL.finditer(_clean(_text(value))):
                url = match.group(0).rstrip(".,;:!?)]}>")
                if _is_video_host(url):
                    return url[:MAX_LINE]
    return ""


def _is_video_host(url: str) -> bool:
    host = _host(url)
    return any(host == known or host.endswith("." + known) for known in _VIDEO_HOSTS)


def _host(url: str) -> str:
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


_PERSONAL_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.de",
        "gmx.net",
        "web.de",
        "hey.com",
        "fastmail.com",
    }
)


def _interviewers(event: Component, organizer: str) -> list[Interviewer]:
    """Attendees who take part, minus the organizer (the recruiter), rooms and the candidate.

    The candidate cannot be named for sure, but when the organizer writes from a company
    domain, an attendee on a personal mail service (gmail.com, ...) is the candidate:
    interviewers do not interview from their private address.
    """
    people: list[Interviewer] = []
    seen: set[str] = set()
    corporate = bool(organizer) and organizer.rpartition("@")[2] not in _PERSONAL_MAIL
    attendees = event.get("ATTENDEE")
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        if attendee is None:
            continue
        params = getattr(attendee, "params", {})
        if str(params.get("ROLE", "")).upper() == "NON-PARTICIPANT":
            continue
        if str(params.get("CUTYPE", "INDIVIDUAL")).upper() not in ("INDIVIDUAL", "UNKNOWN"):
            continue
        email = _email(attendee)
        if email and email == organizer:
            continue
        if corporate and email.rpartition("@")[2] in _PERSONAL_MAIL:
            continue
        name = _clean_line(str(params.get("CN", ""))).strip().strip('"')[:MAX_LINE]
        name = name or (email.split("@")[0] if email else "")
        key = email or name.casefold()
        if not name or key in seen:
            continue
        seen.add(key)
        people.append(Interviewer(name=name, notes=email))
    if not people:
        return _organizer_as_interviewer(event.get("ORGANIZER"), organizer)
    return people


_ROBOT = re.compile(r"(no-?reply|do-?not-?reply|notifications?|calendar|scheduling)@", re.I)


def _organizer_as_interviewer(value: Any, email: str) -> list[Interviewer]:
    """Nobody else takes part (a recruiter screen, a Calendly booking): the organizer is who
    you meet, unless the organizer is a scheduling robot."""
    if value is None or isinstance(value, list) or not email or _ROBOT.search(email):
        return []
    name = _clean_line(str(value.params.get("CN", ""))).strip().strip('"')[:MAX_LINE]
    return [Interviewer(name=name or email.split("@")[0], notes=email)]


_EMAIL = re.compile(r"[^@\s<>\"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _email(value: Any) -> str:
    """The address of a CAL-ADDRESS ('mailto:Jane@Acme.com' -> 'jane@acme.com'), or ''."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    text = _clean_line(str(value)).strip()
    text = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE)
    local, _, domain = text.rpartition("@")
    if not local or "@" in local:
        return ""  # 'a@b@c' is no address
    domain = domain.rstrip(".")  # 'evil.com.' is the fully qualified 'evil.com'
    if re.fullmatch(r"\[[0-9A-Fa-f:.]+\]", domain):
        return f"{local}@{domain}".lower()  # an address literal: a person, never a company
    try:
        # 'bücher.example' -> 'xn--bcher-kva.example': one spelling to match companies on.
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return ""
    text = f"{local}@{domain}"
    return text.lower() if _EMAIL.fullmatch(text) else ""


def _text(value: Any) -> str:
    """A property as text; the first of repeated ones."""
    if value is None:
        return ""
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    return str(value)


def _int(value: Any) -> int:
    try:
        return int(_text(value).strip() or 0)
    except ValueError:
        return 0
