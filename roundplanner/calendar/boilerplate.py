"""What meeting tools and mail clients add to an invite's title and notes, taken out.

Google Meet, Zoom and Teams paste a block of dial-in numbers and "do not edit" lines into
every description; none of it is preparation, and the join link is already the round's
place (`fields._where` reads it before this runs). Cancellations and updates prefix the
title ("Canceled event: ", "Updated invitation: "), which would otherwise become the
round's title.
"""

from __future__ import annotations

import re

# Every pattern here is matched against a stripped line with `fullmatch`/`match`, never
# with a leading `\s*` next to `.+` or `.*`: on 60,000 spaces such a pattern backtracks
# quadratically (issue probe 2: 40 s on one DESCRIPTION).
_TITLE_PREFIX = re.compile(
    r"(?:cancell?ed(?:\s+event)?|updated\s+invitation(?:\s+with\s+note)?|"
    r"invitation(?:\s+updated)?|updated|new\s+event|accepted|declined|"
    r"tentatively\s+accepted|fw|fwd)\s*:\s*",
    re.IGNORECASE,
)


def clean_title(title: str) -> str:
    """'Canceled event: Onsite' -> 'Onsite'; prefixes repeat ('Fwd: Updated invitation: ')."""
    title = title.strip()
    while True:
        stripped = _TITLE_PREFIX.sub("", title, count=1).lstrip()
        if stripped == title or not stripped.strip():
            return title.strip()
        title = stripped


_GOOGLE_FENCE = re.compile(r"-::~[:~]*::-")
"""Google Meet's '-::~:~::~:~:~…::~:~::-' lines around its block."""
_TEAMS_FENCE = re.compile(r"_{20,}")
"""Outlook/Teams draw a line of underscores above and below the Teams block."""
_ZOOM_START = re.compile(
    r"(?:.+ is inviting you to a scheduled zoom meeting\.?|join zoom meeting)",
    re.IGNORECASE,
)
_ZOOM_LINE = re.compile(
    r"(?:https?://\S*zoom\.(?:us|com)\S*|meeting id:.*|passcode:.*|password:.*|---+|"
    r"one tap mobile|dial by your location|find your local number:.*|join by sip|"
    r"join by h\.323|[•*]?\s*[+\d][\d\s,#*+()]{6,}.*|\S+@zoomcrc\.com|\d{1,3}(?:\.\d{1,3}){3}.*|"
    r"meeting url:.*|join instructions|.*zoom meeting.*)",
    re.IGNORECASE,
)
_NOISE_LINE = re.compile(
    r"(?:please do not edit this section\.?|learn more about meet at:.*|"
    r"invitation from google calendar.*|you are receiving this (?:email|courtesy email).*|"
    r"forwarding this invitation could allow.*|reply for .* to the organizer.*)",
    re.IGNORECASE,
)


def clean_description(text: str) -> str:
    """An invite's notes without meeting-tool blocks; what the recruiter wrote stays."""
    lines = text.replace("\r\n", "\n").split("\n")
    lines = _without_fenced(lines, _GOOGLE_FENCE)
    lines = _without_fenced(lines, _TEAMS_FENCE)
    lines = _without_zoom(lines)
    lines = [line for line in lines if not _NOISE_LINE.fullmatch(line.strip())]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _without_fenced(lines: list[str], fence: re.Pattern[str]) -> list[str]:
    """Lines outside every block between two fence lines (a lone fence: to the end)."""
    kept: list[str] = []
    inside = False
    for line in lines:
        if fence.fullmatch(line.strip()):
            inside = not inside
            continue
        if not inside:
            kept.append(line)
    return kept


def _without_zoom(lines: list[str]) -> list[str]:
    """Zoom's block: from 'Join Zoom Meeting' on, every line that is one of its own."""
    kept: list[str] = []
    inside = False
    for line in lines:
        if _ZOOM_START.fullmatch(line.strip()):
            inside = True
            continue
        if inside and (not line.strip() or _ZOOM_LINE.fullmatch(line.strip())):
            continue
        inside = False
        kept.append(line)
    return kept
