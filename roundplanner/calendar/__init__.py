"""Rounds to `.ics` and recruiters' `.ics` invites to rounds.

This is the only package that imports icalendar: the rest of the app hands it companies
and gets bytes back (export), or hands it bytes and gets plain `InvitedRound` values back
(import). Nothing here touches the disk or the clock, so the same state always exports to
the same bytes and every function can be tested without fixtures on disk.

Modules: `export` (events, descriptions, alarms, offer deadlines), `writer` (their content
lines, byte for byte as icalendar writes them, several times faster; its doc says why),
`vtimezones` (the VTIMEZONE blocks), `invites` (reading and checking a file), `fields`
(place, video link and people of an event), `zones` (zone names to IANA), `merge` (invites
into companies), and `cleaning` (text made safe for the terminal). Import from this
package, not from them.

Export decisions
----------------
* UID is always ``<round id>@roundplanner``, even for a round that came from a recruiter's
  invite. The exported file is the candidate's own plan (checklist, reminder, notes),
  usually subscribed to as a separate calendar. Reusing the recruiter's UID would make a
  calendar app treat our copy as a stale version of the recruiter's meeting (our SEQUENCE
  starts at 0, theirs may be 3; we carry no ORGANIZER), so it would be ignored at best and
  overwrite the real invite at worst. `merge_invite` still matches a round both by the
  recruiter's UID (`Round.imported_uid`) and by our own UID, so nothing is duplicated on
  the roundplanner side either way.
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
* Only timed events become rounds. All-day events are skipped (an interview is never
  all-day, and our own offer deadlines must not come back as rounds); a file with no timed
  event at all is an error. An event without DTSTART or UID is an error.
* A time with TZID keeps that zone (Windows names mapped to IANA through CLDR data, a
  vendor prefix like ``/citadel.org/.../Europe/Paris`` stripped, X-LIC-LOCATION honoured);
  an unknown TZID with a VTIMEZONE in the file is matched to an IANA zone with the same
  offsets, else the instant is kept in UTC. A time in UTC (``Z``) stays in "UTC". A
  floating time is read in X-WR-TIMEZONE or `default_timezone`, else it is an error.
* A wall-clock time in a spring-forward gap is resolved to the instant it names (the
  offset before the gap, as RFC 5545 says), i.e. it moves an hour later. A time in a
  fall-back overlap (which a `Round` refuses as ambiguous) is kept as its UTC instant.
* Attendees become interviewers (name from CN, email in `notes`), except the organizer
  (usually the recruiter or scheduler), rooms and resources, ROLE=NON-PARTICIPANT, and,
  when the organizer writes from a company domain, attendees on personal mail services
  (that is the candidate). Otherwise the candidate cannot be told apart from the panel.
* When no attendee is left, the organizer is who you meet (a recruiter screen, a Calendly
  booking), unless it is a scheduling robot (no-reply@...).
* With several VEVENTs of one UID, the one with the highest SEQUENCE wins (later wins a
  tie); recurrence is ignored: the first occurrence is the round.
* Without DTEND and DURATION a round lasts an hour (RFC 5545 says zero, which a `Round`
  cannot hold); an event longer than a day is an error.
* Limits against hostile files: 5 MB, 1000 events, components nested 8 deep. Invalid
  UTF-8 is an error, but folds that split a UTF-8 character (some mailers) are mended.
* Every imported text is stripped of terminal escape sequences and control characters
  (C0 but newline and tab, DEL, C1, bidirectional overrides), so an invite cannot restyle
  or spoof the TUI.

Merging decisions
-----------------
* An invite always sets time, zone and length. It sets the place only when it names one,
  and not when it only says "Microsoft Teams Meeting" over a link the round already has;
  the title only when it differs from the round's label ("Acme — " of our own SUMMARY
  removed). Interviewers are added, never removed, so the user's notes on them stay.
* A cancelled invite cancels the round; an invite for a cancelled round schedules it again.
* An invite that changes nothing leaves the round untouched, `updated` included.
"""

from roundplanner.calendar.cleaning import MAX_LINE, MAX_TEXT, clean_text
from roundplanner.calendar.export import (
    PREP_SUFFIX,
    PRODID,
    UID_SUFFIX,
    event_summary,
    export_calendar,
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
