"""Rounds to `.ics` and recruiters' `.ics` invites to rounds.

This is the only package that imports icalendar: the rest of the app hands it companies
and gets bytes back (export), or hands it bytes and gets plain `InvitedRound` values back
(import). Nothing here touches the disk or the clock, so the same state always exports to
the same bytes and every function can be tested without fixtures on disk.

Modules: `export` (events, descriptions, alarms, offer deadlines), `writer` (their content
lines, byte for byte as icalendar writes them, several times faster; its doc says why),
`vtimezones` (the VTIMEZONE blocks), `invites` (reading and checking a file), `mail`
(invites inside an `.eml` or an mbox), `series` (which occurrence of a recurring invite is
the round, through recurring-ical-events), `rules` (the bound on expanding any RRULE),
`fields` (place, video link and people of an event), `zones` (zone names and a file's own
VTIMEZONEs), `boilerplate` (meeting-tool text out of titles and notes), `merge` (invites
into companies), and `cleaning` (text made safe for the terminal). Import from this
package, not from them. recurring-ical-events, like icalendar, is imported only here.

`sync` is the exception, imported by itself (`roundplanner.calendar.sync`) so that no
other command pays for the CalDAV client: it pushes the same events as calendar objects
to the user's CalDAV server and pulls moves made there back through the session. Unlike
the rest, it talks to the network and keeps its state on disk (see its docstring).

Export decisions
----------------
* UID is ``<round id>@roundplanner``. Never two events for one round in the user's
  calendar: a round that came from a recruiter's invite (`Round.imported_uid`) is already
  there as the recruiter's event, so its own event is not written; a *prep event*
  (``<round id>.prep@roundplanner``, SUMMARY "Prep: …") is written instead, ending when
  the interview starts, lasting the reminder time (30 minutes without one), TRANSPARENT
  (it takes no busy time), with who you meet, the checklist, the link and the round id in
  its notes, so the preparation stays one tap away in the calendar. Reusing the
  recruiter's UID instead would make a calendar app treat our copy as a stale version of
  the recruiter's meeting (our SEQUENCE starts at 0, theirs may be 3; we carry no
  ORGANIZER): ignored at best, overwriting the real invite at worst. Importing our own
  export skips the prep events.
* SUMMARY is "Company — label", unless the label already names the company ("Acme:
  onsite", "Onsite (Acme)"): never "Acme — Acme: onsite".
* Round ids are unique per company only; if a hand-edited workspace repeats one across
  companies, the later company (by slug) gets ``<id>.<slug>@roundplanner`` so no two
  events share a UID.
* DTSTAMP is the round's last change (`Round.updated`), else the start in UTC: never the
  clock, so re-exporting unchanged state gives identical bytes.
* Times carry TZID and a VTIMEZONE we write ourselves: one STANDARD/DAYLIGHT block per
  transition over the whole calendar years the events use, with plain DTSTARTs (no RRULE
  and no RDATE, which some Outlook versions ignore inside VTIMEZONE). Rounds in "UTC" are
  written with a ``Z`` and need no VTIMEZONE.
* A DTEND whose wall-clock time falls in the repeated hour of a fall-back day cannot be
  written unambiguously with a TZID, so it is written in UTC instead.
* Offer deadlines are all-day, transparent events, only for offers still open (pending or
  negotiating): an accepted or declined offer has no deadline left to remind of.
* Cancelled rounds get no alarm; interviewers are listed in DESCRIPTION, not as ATTENDEE,
  because we know no addresses and attendees make calendar apps offer to send invitations.
* Prep notes and debriefs stay out of the file: calendars get synced and shared.

Import decisions
----------------
* What a file is, is told by its content: an `.ics`, a saved email (every `text/calendar`,
  `application/ics` or `*.ics` part, repeats dropped) or an mbox (split on its "From "
  lines, not re-opened through `mailbox`: the bytes were already read safely).
* Each event is read on its own. What cannot become a round (all-day, longer than a day,
  no DTSTART or UID, a broken time, a time outside the years 1900–2199, a series too
  costly to expand) is skipped with a warning naming its line; only a file with nothing
  usable is an error, naming the first reason. Anything unexpected while reading one event
  skips that event too ("cannot be read: …"), never the file, never a traceback. Our own
  offer deadlines are all-day, so they never come back as rounds.
* Tolerated as calendar apps tolerate them: lines after END:VCALENDAR (ignored, with a
  warning), every VALARM (dropped before parsing: we never use the sender's alarms, and
  `TRIGGER:PT-2H` fails icalendar), Exchange 2010's empty TZID (the file's only, or
  empty-named, VTIMEZONE stands for it), zero-length events (DTSTART = DTEND: the round
  takes its kind's length).
* Versions of one UID are ordered by SEQUENCE, then DTSTAMP, then the later in the file.
  A recurring series (RRULE or RDATE, with EXDATE and RECURRENCE-ID overrides, cancelled
  ones included) is expanded by recurring-ical-events; the round is the next occurrence
  not cancelled that has not ended at import time, else the last one held, else (all
  cancelled) the last one, cancelled. Changed occurrences sent without their series
  (RECURRENCE-ID only, as Google does for "this event only") are chosen among the same
  way, and remember the occurrence they replace: merged into a round, they change it only
  when it is that occurrence, the one the round was taken as (`Round.imported_occurrence`,
  kept when a first change moved it) or its current time. A cancel of one occurrence sent
  without its series cancels the round with a message saying so (its next date is not in
  the file). Occurrences are asked a window at a time (a day, growing while empty) from
  the day before `now`, or from the series' start when later (a series in 2029 is found
  like a single event in 2029), to two years past that; only when nothing is ahead, back
  a year for the last one held. More than 1000 looked at for one series skips it.
  recurring-ical-events' own `after()` is not used: past a long empty stretch its windows
  grow to a year and build every occurrence in it. A changed occurrence that leaves out
  its people, notes, place or link (some senders write only the new time) keeps its
  series'.
* Bounded cost, one budget per import (`rules.Budget`, shared by every calendar of an
  email or mbox, not per rule or per calendar): before icalendar or dateutil sees a rule,
  its walk is estimated from its text (periods from DTSTART to the end asked for, times
  the day set dateutil builds each period: 366 for YEARLY, 31 for MONTHLY, 7 for WEEKLY,
  times BYHOUR and BYMINUTE; to 2199 for a zone, to the year 9999 when a BY filter could
  match nothing, since dateutil then searches that far; "the 30th", "the second Tuesday",
  "the last weekday of the month" are known to match). One rule may cost 1,000,000
  steps, the import 8,000,000; a VTIMEZONE over either is left out (its events then fail
  with that reason), an event over it is skipped; more than 1000 RDATEs skip the event
  too. The import may hold 1000 events and look at 20,000 occurrences. Limits against
  hostile files: 5 MB per calendar (25 MB for an email or mbox), components nested 8
  deep, multiparts nested 20 deep (walked without recursion), 100 calendar parts per
  email or mbox. Titles and notes are cut before they are cleaned, and the cleaning's
  patterns are linear (they match stripped lines, never a leading blank pattern beside `.+`).
* A mail part's bytes are read as UTF-8 when they are UTF-8, whatever its charset says
  (mailers label UTF-8 as iso-8859-1); else in its charset, only when that is a real text
  encoding (never punycode, whose decoder is quadratic, idna or the escape codecs).
* One odd value costs one event at most: a SEQUENCE below 0 or past 2**31-1 is clamped,
  a DTSTAMP outside 1900–2199 left out, each with a warning naming its line; a VTIMEZONE
  with an offset of 24 hours or more, or an observance without TZOFFSETFROM/TO, is left
  out at the line pass (icalendar refuses the whole file for it), so only its events are
  skipped. A calendar nested inside another (icalendar reads only the outer one's events)
  is warned about.
* A file's own VTIMEZONE is the truth for its times (it is what the sender's calendar
  showed), built fresh for each file, never from icalendar's process-wide cache (which
  keeps the first definition of a TZID for good). The zone kept is the one the TZID names
  (IANA, Windows through CLDR, a vendor prefix stripped, X-LIC-LOCATION, or a city of
  Outlook's display name "(UTC+10:00) Canberra, Melbourne, Sydney") when its rules give
  the same instants; a named zone whose rules differ becomes a fixed offset the user can
  see ("Etc/GMT-5"; UTC for offsets not in whole hours), never another place; a zone with
  no usable name takes the first CLDR zone with the same offsets through the year, else a
  fixed offset. Without a VTIMEZONE the name alone decides. A time in UTC (``Z``) stays in
  "UTC". A floating time is read in X-WR-TIMEZONE or `default_timezone`, else the event is
  skipped.
* A wall-clock time in a spring-forward gap is resolved to the instant it names (the
  offset before the gap, as RFC 5545 says), i.e. it moves an hour later, with a file's
  own VTIMEZONE too (dateutil's zone takes the offset after, which then disagreed with
  the named zone and gave a fixed offset). `localtime`, `posixrules`, `Factory`,
  `right/...` and `posix/...` are files of the zone database, never the zone a sender
  meant. An offset with seconds (+053017) is said in a warning: a round keeps minutes. A time in a
  fall-back overlap (which a `Round` refuses as ambiguous) is kept as its UTC instant.
* Attendees become interviewers (name from CN, email in `notes`), except the organizer
  (usually the recruiter or scheduler), rooms and resources, ROLE=NON-PARTICIPANT, and,
  when the organizer writes from a company domain, attendees on personal mail services
  (that is the candidate). Otherwise the candidate cannot be told apart from the panel.
* When no attendee is left, the organizer is who you meet (a recruiter screen, a Calendly
  booking), unless it is a scheduling robot (no-reply@...).
* Titles lose "Canceled event:", "Cancelled:", "Updated invitation:", "Fwd:" prefixes;
  descriptions lose Google Meet's fenced block, the Teams block between underscore lines,
  Zoom's join/dial-in block and mail footers. The join link is read before, and becomes
  the round's place.
* Without DTEND and DURATION a round lasts an hour (RFC 5545 says zero, which a `Round`
  cannot hold). Invalid UTF-8 is an error, but folds that split a UTF-8 character (some
  mailers) are mended.
* Every imported text is stripped of terminal escape sequences and control characters
  (C0 but newline and tab, DEL, C1, bidirectional overrides), so an invite cannot restyle
  or spoof the TUI.

Merging decisions
-----------------
* Our own UIDs (``<round id>@roundplanner``): a copy of our export is ordered against the
  round's own `sequence` and `updated` (what the export wrote as SEQUENCE and DTSTAMP),
  so an older copy never moves a round back; an invite with our UID and an ORGANIZER is
  not our export (we write none) and is ignored with a message.
* Organizer addresses: a trailing dot is dropped, an IDN is kept in its ``xn--`` form (to
  match companies) and decoded for a company's name ("Bücher"), an address literal
  (``[127.0.0.1]``) is a person but names no company, ``a@b@c`` is no address; a bare
  suffix (``co.uk``) names no company. `--new-company` needs visible letters after
  cleaning, and refuses a name an existing company has (the user asked for a *new* one;
  `--company SLUG` says where).
* Which company: the one already holding a round of the invite's UID (the recruiter's or
  our own; no `--company` needed), else `--company` / `--new-company`, else the best match
  of the organizer's and attendees' domains, else a new company made from the organizer's
  domain ("bluefin-analytics.com" -> "Bluefin Analytics", the domain recorded, the
  organizer as recruiter contact). Mail services, scheduling and applicant-tracking tools
  (Calendly, GoodTime, Greenhouse, Lever, Ashby, Zoom, ...) never name a company: the user
  is asked (`--company SLUG`, `--new-company NAME`, or the TUI dialog's new-company field).
* A version of the recruiter's invite older than the newest imported (SEQUENCE, then
  DTSTAMP, stored on the round as `imported_sequence`/`imported_stamp`) is ignored with a
  message: a CANCEL at 5 is not undone by re-importing 4.
* An invite always sets time and zone, and the length unless zero. It sets the place only
  when it names one, and not when it only says "Microsoft Teams Meeting" over a link the
  round already has; the title only when it differs from the round's label (the company's
  name removed from its front or end). Interviewers are added, never removed.
* Fill, don't duplicate: a new invite whose kind (from its title: a kind's label, else
  words invites use, "Technical Phone Screen" -> technical) matches an untimed round of
  that kind not from another invite fills that round (its topics and notes kept). A new
  round gets its kind's checklist and, for a zero-length invite, its kind's length.
* A cancelled invite cancels the round; an invite for a cancelled round schedules it again
  (if it is not older).
* An invite that changes nothing leaves the round untouched, `updated` included.
"""

from roundplanner.calendar.cleaning import MAX_LINE, MAX_TEXT, clean_text
from roundplanner.calendar.export import (
    PREP_SUFFIX,
    PRODID,
    UID_SUFFIX,
    EventObject,
    event_summary,
    export_calendar,
    export_events,
    offer_uid,
    round_description,
    round_uid,
    video_link_of,
)
from roundplanner.calendar.fields import is_placeholder_place
from roundplanner.calendar.invites import (
    MAX_DEPTH,
    MAX_EVENTS,
    MAX_INVITE_BYTES,
    CalendarError,
    InvitedRound,
    InviteFile,
    read_calendar,
    read_invites,
)
from roundplanner.calendar.mail import MAX_IMPORT_BYTES, calendar_parts, read_import
from roundplanner.calendar.merge import (
    KindDefaults,
    Merged,
    company_from_invite,
    defaults_from,
    guess_company,
    holder_of,
    invite_domain,
    merge_invite,
)
from roundplanner.calendar.vtimezones import vtimezone

__all__ = [
    "MAX_DEPTH",
    "MAX_EVENTS",
    "MAX_IMPORT_BYTES",
    "MAX_INVITE_BYTES",
    "MAX_LINE",
    "MAX_TEXT",
    "PREP_SUFFIX",
    "PRODID",
    "UID_SUFFIX",
    "CalendarError",
    "EventObject",
    "InviteFile",
    "InvitedRound",
    "KindDefaults",
    "Merged",
    "calendar_parts",
    "clean_text",
    "company_from_invite",
    "defaults_from",
    "event_summary",
    "export_calendar",
    "export_events",
    "guess_company",
    "holder_of",
    "invite_domain",
    "is_placeholder_place",
    "merge_invite",
    "offer_uid",
    "read_calendar",
    "read_import",
    "read_invites",
    "round_description",
    "round_uid",
    "video_link_of",
    "vtimezone",
]
