"""Invites as they arrive: inside a saved email (`.eml`) or a mailbox (mbox).

Gmail sends an invite as a `text/calendar` part (and often again as an `invite.ics`
attachment), Outlook as `text/calendar; method=REQUEST`, base64 or quoted-printable;
others attach `application/ics`. The standard library's `email` reads them all. What a
file is, is told by its content, not its name: a `.ics` saved as `.txt`, or an email
saved without an extension, works the same.

An mbox is split on its "From " separator lines here rather than through `mailbox.mbox`,
which wants to open the path itself: the bytes were already read once, safely
(`safeio.read_regular`), and a second open could meet a different file.
"""

from __future__ import annotations

import codecs
import re
from datetime import datetime
from email import message_from_bytes, policy
from email.message import Message

from roundplanner.calendar.invites import CalendarError, InvitedRound, InviteFile, read_calendar
from roundplanner.calendar.rules import Budget

MAX_MIME_DEPTH = 20
"""Multiparts nested in one message; real mail nests three or four (forwarded: a few more)."""
MAX_CALENDAR_PARTS = 100
"""Calendar parts read from one email or mailbox; past this it is not a user's invites."""
_CALENDAR_TYPES = frozenset({"text/calendar", "application/ics", "text/x-vcalendar"})
_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:")
_MAIL_HEADERS = (
    b"from:",
    b"to:",
    b"subject:",
    b"date:",
    b"mime-version:",
    b"content-type:",
    b"received:",
    b"return-path:",
    b"message-id:",
    b"delivered-to:",
)


def calendar_parts(data: bytes, source: str) -> list[tuple[str, bytes]] | None:
    """The calendars inside an email or mbox as (where, bytes), in order and without
    repeats; None when `data` is not mail (then it is read as an `.ics` itself).

    CalendarError when it is mail but holds no calendar.
    """
    kind = _kind_of(data)
    if kind is None:
        return None
    messages = _split_mbox(data) if kind == "mbox" else [data]
    found: list[tuple[str, bytes]] = []
    seen: set[bytes] = set()
    for number, raw in enumerate(messages, start=1):
        where = f"{source}, message {number}" if kind == "mbox" else source
        try:
            message = message_from_bytes(raw, policy=policy.compat32)
        except RecursionError:  # the parser recurses per nested part
            raise CalendarError(f"{where}: parts nested too deeply; not an invite") from None
        for part_number, payload in _calendars_of(message, where):
            if payload in seen:
                continue  # Gmail sends the same invite inline and as invite.ics
            seen.add(payload)
            found.append((f"{where}, part {part_number}", payload))
            if len(found) > MAX_CALENDAR_PARTS:
                raise CalendarError(
                    f"{source}: more than {MAX_CALENDAR_PARTS} calendar invites in one file"
                )
    if not found:
        what = "mailbox" if kind == "mbox" else "email"
        raise CalendarError(f"{source}: an {what} with no calendar invite in it (no .ics part)")
    return found


def _kind_of(data: bytes) -> str | None:
    """'mbox', 'eml', or None for anything else (an `.ics`, or junk the reader refuses)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    if head.upper().startswith(b"BEGIN:VCALENDAR"):
        return None
    if head.startswith(b"From "):
        return "mbox"
    first_lines = head.split(b"\n", 40)[:40]
    if not first_lines or not _HEADER.match(first_lines[0]):
        return None
    named = {line.split(b":", 1)[0].lower() + b":" for line in first_lines if _HEADER.match(line)}
    return "eml" if named & set(_MAIL_HEADERS) else None


_SEPARATOR = re.compile(rb"(?m)^From [^\r\n]*\r?\n")


def _split_mbox(data: bytes) -> list[bytes]:
    """The messages of an mbox (mboxo/mboxrd: a line 'From ...' starts each one)."""
    parts = _SEPARATOR.split(data)
    return [re.sub(rb"(?m)^>(>*From )", rb"\1", part) for part in parts if part.strip()]


def _parts(message: Message, where: str) -> list[Message]:
    """Every part of a message, depth first as `Message.walk` gives them, but without its
    recursion: 1000 nested multiparts are a CalendarError, not a RecursionError."""
    found: list[Message] = []
    stack: list[tuple[Message, int]] = [(message, 0)]
    while stack:
        part, depth = stack.pop()
        if depth > MAX_MIME_DEPTH:
            raise CalendarError(
                f"{where}: parts nested too deeply (more than {MAX_MIME_DEPTH}); not an invite"
            )
        found.append(part)
        children = part.get_payload() if part.is_multipart() else []
        if isinstance(children, list):
            stack.extend(
                (child, depth + 1) for child in reversed(children) if isinstance(child, Message)
            )
    return found


def _calendars_of(message: Message, where: str) -> list[tuple[int, bytes]]:
    """(part number, UTF-8 bytes) of every calendar part of one message."""
    found: list[tuple[int, bytes]] = []
    for number, part in enumerate(_parts(message, where), start=1):
        if part.is_multipart() or not _is_calendar(part):
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload.strip():
            continue
        found.append((number, _as_utf8(payload, part.get_content_charset())))
    return found


def _is_calendar(part: Message) -> bool:
    if part.get_content_type() in _CALENDAR_TYPES:
        return True
    name = part.get_filename() or ""
    return name.lower().endswith((".ics", ".ical", ".ifb", ".vcs"))


def _as_utf8(payload: bytes, charset: str | None) -> bytes:
    """The part's text as UTF-8 (iCalendar's encoding), whatever charset the mail used.

    Bytes that are valid UTF-8 are taken as UTF-8 whatever the header says (a mailer that
    declares iso-8859-1 over UTF-8 would otherwise give mojibake). Only real text
    encodings are used: `charset=punycode` (whose decoder is quadratic), idna,
    unicode-escape and the like never decode anything.
    """
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return payload
    if not charset or not _is_text_charset(charset):
        return payload  # the reader then says which line is not UTF-8
    try:
        return payload.decode(charset).encode("utf-8")
    except (LookupError, UnicodeError):
        return payload


_NOT_CHARSETS = frozenset(
    {"punycode", "idna", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined"}
)
"""Codecs Python calls text encodings that no mail is written in."""


def _is_text_charset(charset: str) -> bool:
    try:
        info = codecs.lookup(charset)
    except LookupError:
        return False
    return info._is_text_encoding and info.name not in _NOT_CHARSETS


MAX_IMPORT_BYTES = 25 * 1024 * 1024
"""What `import` reads at most: an email with attachments, a small mailbox."""


def read_import(
    data: bytes,
    source: str,
    *,
    default_timezone: str | None = None,
    now: datetime | None = None,
) -> InviteFile:
    """The rounds of an `.ics`, an email or an mbox, one per UID (the newest version).

    A calendar part with nothing usable is a warning when another part has rounds; the
    error of the first part when none has.
    """
    budget = Budget()  # one for the whole import: an mbox of 100 parts is one import
    parts = calendar_parts(data, source)
    if parts is None:
        return read_calendar(
            data, source, default_timezone=default_timezone, now=now, budget=budget
        )
    found: dict[str, InvitedRound] = {}
    notes: list[str] = []
    errors: list[CalendarError] = []
    for where, payload in parts:
        try:
            result = read_calendar(
                payload, where, default_timezone=default_timezone, now=now, budget=budget
            )
        except CalendarError as error:
            errors.append(error)
            continue
        notes += result.warnings
        for invite in result.invites:
            held = found.get(invite.uid)
            if held is None or invite.version >= held.version:
                found[invite.uid] = invite
    if not found:
        raise errors[0]
    return InviteFile(list(found.values()), notes + [str(error) for error in errors])
